/* `auditfeed run` and `auditfeed check-config`: build the pipeline from a
 * config file and/or -i/-o/-p flags, then run it once or only check it. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"
#include "commands.h"
#include "doc.h"
#include "engine.h"
#include "errors.h"
#include "isolate.h"
#include "log.h"
#include "nats_run.h"
#include "paths.h"
#include "pipeline.h"
#include "run_lock.h"

static void run_usage(FILE *f, const char *cmd) {
  int run = strcmp(cmd, "run") == 0; /* check-config takes no run-only flag */
  fprintf(f,
          "Usage: auditfeed %s [-c FILE] [-i SOURCE [-p key=value]...] "
          "[-o SINK [-p key=value]...] [options]\n\n"
          "  -c, --config FILE     configuration file (INI: [core], [source NAME], [sink NAME])\n"
          "  -i PLUGIN             add a source instance of PLUGIN\n"
          "  -o PLUGIN             add a sink instance of PLUGIN\n"
          "  -p KEY=VALUE          set a key of the -i/-o before it (checked like a config key)\n"
          "  --plugin-dir DIR      load plugins from DIR\n"
          "  --state-dir DIR       where run state lives (default var/state)\n"
          "  --rules DIR           normaliser rules directory\n"
          "  --log-level LEVEL     error, warn, info (default) or debug\n"
          "  --log-format FORMAT   logfmt (default) or json\n"
          "  --log-file PATH       log to PATH (reopened on SIGHUP/SIGUSR1)\n",
          cmd);
  if (run)
    fputs("  --record DIR          write every HTTP exchange as WARC files in DIR\n"
          "  --replay DIR          serve HTTP from WARC files in DIR (no network)\n"
          "  --no-progress         no live progress line on a terminal\n"
          "  --source NAME         run only this source of the configuration\n"
          "  --metrics-file PATH   write Prometheus metrics to PATH after every run\n"
          "  --metrics-listen ADDR:PORT  with --every: serve /metrics and /health there\n"
          "  --every DURATION      keep running: start the pipeline again this long\n"
          "                        after each start (sources may set `schedule`)\n"
          "  --wait                when another run holds this state directory, wait\n"
          "                        for it to end (default: log one line and exit 0)\n"
          "  --dry-run             fetch and process, but write to no sink and store no\n"
          "                        state: print on stdout, one JSON line per document a\n"
          "                        sink would get (the jsonl sink's line with its findings,\n"
          "                        plus \"dry_run\": outcome and sinks); reads a copy of the\n"
          "                        state, takes no run lock, writes no metrics file\n",
          f);
  fputs("  -h, --help            this help\n\n", f);
  fputs(run ? "Exit codes: 0 all good, 1 finished with some failed items, 2 configuration\n"
              "or startup error.\n"
            : "Runs every check a run would make (keys, types, plugins) and starts\n"
              "nothing.  Exit codes: 0 the configuration is valid, 2 it is not.\n",
        f);
}

/* Where a [core] value came from, for a message: "file:line", or "command
 * line" when a flag gave it. */
static const char *where(const af__pipeline *pl, const af__cfg_section *core,
                         const char *key, char *buf, size_t n) {
  const char *flag = strcmp(key, "log_level") == 0    ? pl->log_level
                     : strcmp(key, "log_format") == 0 ? pl->log_format
                                                      : NULL;
  const af__cfg_value *v = af__cfg_find(core, key);
  if (flag || !v)
    snprintf(buf, n, "command line");
  else
    snprintf(buf, n, "%s:%d", core->file, v->line);
  return buf;
}

/* Every configuration or startup error has one form, "auditfeed: what",
 * on stderr (what cron mails and systemd keeps); a log file gets it too,
 * as a logfmt line, so the log shows why a run did not start. */
static void startup_error(const af__pipeline *pl, const char *event, const char *err) {
  fprintf(stderr, "auditfeed: %s\n", err);
  if (pl->core.log_file && strcmp(pl->core.log_file, "-") != 0)
    af__log_error("config", event, "error=\"%s\"", err);
}

void af__pipeline_free(af__pipeline *pl) {
  af__config_free(&pl->cfg);
  af__registry_free(&pl->reg);
  af__log_close();
}
/* The plugins this pipeline names, loaded by their file names only: a run
 * maps no library of a plugin it does not use.  1: all found; 0: scan the
 * directory instead; AF_E*: a named plugin was refused. */
static int load_named_plugins(af__pipeline *pl, const char *dir, char *err,
                              size_t errlen) {
  const char *names[64];
  size_t n = 0;
  for (size_t i = 0; i < pl->cfg.n; i++) {
    const char *p = pl->cfg.sec[i].plugin;
    int dup = 0;
    if (!p)
      continue;
    for (size_t k = 0; k < n; k++)
      dup |= strcmp(names[k], p) == 0;
    if (dup)
      continue;
    if (n == sizeof(names) / sizeof(names[0]))
      return 0;
    names[n++] = p;
  }
  return af__registry_load_named(&pl->reg, dir, names, n, af__host_api(), err,
                                 errlen);
}


/* The command line: its flags into pl, and -c/-i/-o/-p into pl->cfg.
 * 1: --help was printed. */
static int parse_args(af__pipeline *pl, int argc, char **argv, const char *cmd) {
  static const struct option opts[] = {
      {"config", required_argument, NULL, 'c'},
      {"plugin-dir", required_argument, NULL, 'P'},
      {"state-dir", required_argument, NULL, 'S'},
      {"rules", required_argument, NULL, 'R'},
      {"log-level", required_argument, NULL, 'L'},
      {"log-format", required_argument, NULL, 'F'},
      {"log-file", required_argument, NULL, 'G'},
      {"record", required_argument, NULL, 'w'},
      {"replay", required_argument, NULL, 'r'},
      {"no-progress", no_argument, NULL, 'N'},
      {"every", required_argument, NULL, 'E'},
      {"wait", no_argument, NULL, 'W'},
      {"metrics-file", required_argument, NULL, 'M'},
      {"source", required_argument, NULL, 'O'},
      {"metrics-listen", required_argument, NULL, 'H'},
      {"isolated-child", required_argument, NULL, 'X'},
      {"dry-run", no_argument, NULL, 'D'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  char err[1024];
  int c, rc;

  pl->cmd = cmd;
  optind = 1;
  while ((c = getopt_long(argc, argv, "c:i:o:p:h", opts, NULL)) != -1) {
    rc = 0;
    if (strchr("wrNEWMOHD", c) && strcmp(cmd, "run") != 0) {
      fprintf(stderr, "auditfeed %s: --%s is an option of run only (see auditfeed %s --help)\n",
              cmd, c == 'w' ? "record" : c == 'r' ? "replay" : c == 'N' ? "no-progress"
                   : c == 'D' ? "dry-run"
                   : c == 'W' ? "wait" : c == 'M' ? "metrics-file"
                   : c == 'O' ? "source" : c == 'H' ? "metrics-listen" : "every",
              cmd);
      return AF_EINVAL;
    }
    /* Messages about -i/-o/-p name the argument ("command line:4:"). */
    pl->cfg.cli_pos = optind - 1;
    switch (c) {
    case 'c':
      rc = af__config_load(&pl->cfg, optarg, err, sizeof(err));
      pl->config_path = optarg;
      break;
    case 'i':
      rc = af__config_add_cli(&pl->cfg, AF_SEC_SOURCE, optarg, err, sizeof(err));
      pl->cli_pipeline = 1;
      break;
    case 'o':
      rc = af__config_add_cli(&pl->cfg, AF_SEC_SINK, optarg, err, sizeof(err));
      pl->cli_pipeline = 1;
      break;
    case 'p':
      rc = af__config_add_cli_param(&pl->cfg, optarg, err, sizeof(err));
      break;
    case 'P': pl->plugin_dir = optarg; break;
    case 'S': pl->state_dir = optarg; break;
    case 'R': pl->rules_dir = optarg; break;
    case 'L': pl->log_level = optarg; break;
    case 'F': pl->log_format = optarg; break;
    case 'G': pl->log_file = optarg; break;
    case 'w': pl->record_dir = optarg; break;
    case 'r': pl->replay_dir = optarg; break;
    case 'N': pl->no_progress = 1; break;
    case 'E': pl->every = optarg; break;
    case 'W': pl->wait = 1; break;
    case 'M': pl->metrics_file = optarg; break;
    case 'O': pl->only_source = optarg; break;
    case 'H': pl->metrics_listen = optarg; break;
    case 'X': pl->child_source = optarg; break;
    case 'D': pl->dry_run = 1; break;
    case 'h': run_usage(stdout, cmd); return 1;
    default: run_usage(stderr, cmd); return AF_EINVAL;
    }
    if (rc) {
      fprintf(stderr, "auditfeed: %s\n", err);
      return AF_ECONFIG;
    }
  }
  if (optind < argc) {
    fprintf(stderr, "auditfeed %s: unexpected argument '%s' (options take -p key=value)\n",
            cmd, argv[optind]);
    return AF_EINVAL;
  }
  if (!pl->config_path && !pl->cli_pipeline) {
    fprintf(stderr, "auditfeed %s: no pipeline: give -c FILE or -i SOURCE -o SINK "
                    "(see auditfeed %s --help)\n", cmd, cmd);
    return AF_EINVAL;
  }
  return 0;
}

/* [core] keys, then the command line over them. */
static int apply_core_settings(af__pipeline *pl, af__cfg_section *core, const char *cmd) {
  char err[1024];
  int rc = af__config_apply_opts(core, af__core_section_opts, &pl->core, &pl->lists, err,
                                sizeof(err));
  if (!rc)
    rc = af__config_check_bounds(core, af__core_section_opts, af__core_section_bounds,
                                 &pl->core, err, sizeof(err));
  if (!rc) {
    const af_opt *schemas[] = {af__core_section_opts};
    rc = af__config_check_unused(core, schemas, 1, err, sizeof(err));
  }
  af__opt_lists_free(&pl->lists);
  if (rc) {
    fprintf(stderr, "auditfeed: %s\n", err);
    return AF_ECONFIG;
  }
  if (pl->state_dir) pl->core.state_dir = pl->state_dir;
  if (pl->every && af__parse_msec(pl->every, &pl->core.every_ms) != 0) {
    fprintf(stderr, "auditfeed %s: --every '%s': expected a duration such as "
                    "30s, 15m or 1h\n", cmd, pl->every);
    return AF_ECONFIG;
  }
  if (pl->dry_run && pl->core.every_ms > 0) {
    fprintf(stderr, "auditfeed %s: --dry-run shows one run: it cannot be combined with "
                    "--every or [core] every\n", cmd);
    return AF_EINVAL;
  }
  if (pl->plugin_dir) pl->core.plugin_dir = pl->plugin_dir;
  if (pl->metrics_file) pl->core.metrics_file = pl->metrics_file;
  if (pl->metrics_listen) pl->core.metrics_listen = pl->metrics_listen;
  if (pl->rules_dir) pl->core.rules_dir = pl->rules_dir;
  if (pl->log_level) pl->core.log_level = pl->log_level;
  if (pl->log_format) pl->core.log_format = pl->log_format;
  if (pl->log_file) pl->core.log_file = pl->log_file;
  return 0;
}

static int check_engine(const af__pipeline *pl, const af__cfg_section *core) {
  char buf[512];
  if (strcmp(pl->core.engine, "local") != 0 && strcmp(pl->core.engine, "nats") != 0) {
    fprintf(stderr, "auditfeed: %s: engine = %s: expected local or nats\n",
            where(pl, core, "engine", buf, sizeof(buf)), pl->core.engine);
    return AF_ECONFIG;
  }
  if (!strcmp(pl->core.engine, "nats") && (!pl->core.nats_url || !*pl->core.nats_url)) {
    fprintf(stderr, "auditfeed: %s: engine = nats needs nats_url = nats://HOST:PORT[,...]\n",
            where(pl, core, "engine", buf, sizeof(buf)));
    return AF_ECONFIG;
  }
  return 0;
}

/* The log as [core] and the flags say, tagged with a new run id. */
static int start_logging(const af__pipeline *pl, const af__cfg_section *core) {
  char buf[512];
  int level = af__log_level_parse(pl->core.log_level);
  if (level < 0) {
    fprintf(stderr, "auditfeed: %s: log_level = %s: expected error, warn, info or debug\n",
            where(pl, core, "log_level", buf, sizeof(buf)), pl->core.log_level);
    return AF_ECONFIG;
  }
  int format;
  if (strcmp(pl->core.log_format, "logfmt") == 0)
    format = AF_LOG_LOGFMT;
  else if (strcmp(pl->core.log_format, "json") == 0)
    format = AF_LOG_JSON;
  else {
    fprintf(stderr, "auditfeed: %s: log_format = %s: expected logfmt or json\n",
            where(pl, core, "log_format", buf, sizeof(buf)), pl->core.log_format);
    return AF_ECONFIG;
  }
  int rc = af__log_open(pl->core.log_file, format);
  if (rc) {
    fprintf(stderr, "auditfeed: cannot open log file %s: %s\n", pl->core.log_file,
            af_strerror(rc));
    return AF_ECONFIG;
  }
  af__log_set_level(level);
  char run_id[17];
  af__random_id(run_id);
  af__log_set_run_id(run_id);
  return 0;
}

static int load_plugins(af__pipeline *pl) {
  char err[1024];
  const char *dir = pl->core.plugin_dir ? pl->core.plugin_dir : af__default_plugin_dir();
  af__builtin_register(&pl->reg);
  int rc = load_named_plugins(pl, dir, err, sizeof(err));
  if (rc == 0) { /* a plugin not found by its file name: read them all */
    af__registry_free(&pl->reg);
    af__builtin_register(&pl->reg);
    rc = af__registry_scan(&pl->reg, dir, af__host_api(), err, sizeof(err));
  }
  /* A broken .so the pipeline loads is a deployment error: stop before
   * running half a pipeline (the log says which file and why).  Files of
   * plugins the pipeline does not name are not opened when every named one
   * is found as af_NAME.so; `auditfeed plugins` checks them all. */
  if (pl->reg.refused) {
    af__log_error("loader", "startup_failed",
                 "refused=%d dir=%s msg=\"fix or remove the refused plugin files\"",
                 pl->reg.refused, dir);
    return AF_EPLUGIN;
  }
  if (rc < 0) {
    af__log_error("loader", "plugin_dir_refused", "error=\"%s\"", err);
    return AF_ECONFIG;
  }
  return 0;
}

int af__pipeline_parse(af__pipeline *pl, int argc, char **argv, const char *cmd) {
  int rc = parse_args(pl, argc, argv, cmd);
  if (rc)
    return rc;
  /* Without a [core] section its keys take their defaults, and a message
   * about one names the command line. */
  af__cfg_section empty = {.kind = AF_SEC_CORE, .name = "core", .file = "command line"};
  af__cfg_section *core = af__config_core(&pl->cfg);
  if (!core)
    core = &empty;
  if ((rc = apply_core_settings(pl, core, cmd)) != 0 || (rc = check_engine(pl, core)) != 0 ||
      (rc = start_logging(pl, core)) != 0)
    return rc;
  return load_plugins(pl);
}

int af__pipeline_engine(af__pipeline *pl, af__engine **eng,
                       int (*wanted)(const af__cfg_section *, void *),
                       void *ud) {
  char err[1024];
  af__engine_opts eo = {
      .source_wanted = wanted,
      .source_wanted_ud = ud,
      .child_fd = pl->child_source ? 3 : 0,
      .check_only = pl->check_only,
      .dry_run = pl->dry_run,
      .metrics_file = pl->core.metrics_file,
      .skip_failed_sources = strcmp(pl->cmd, "check-config") != 0,
      .state_dir = pl->core.state_dir,
      .rules_dir = pl->core.rules_dir,
      .queue_size = (size_t)pl->core.queue_size,
      .progress = !pl->no_progress && !pl->core.every_ms && isatty(STDERR_FILENO),
      .http = {.record_dir = pl->record_dir, .replay_dir = pl->replay_dir},
      .dist = pl->dist,
  };
  int rc = af__engine_new(&eo, &pl->cfg, &pl->reg, eng, err, sizeof(err));
  if (rc) {
    startup_error(pl, "config_invalid", err);
    return rc;
  }
  return 0;
}

static int only_source(const af__cfg_section *s, void *ud) {
  return strcmp(s->name, ((af__pipeline *)ud)->only_source) == 0;
}

static int build_engine(af__pipeline *pl, af__engine **eng) {
  if (pl->only_source) {
    size_t i;
    for (i = 0; i < pl->cfg.n; i++)
      if (pl->cfg.sec[i].kind == AF_SEC_SOURCE &&
          !strcmp(pl->cfg.sec[i].name, pl->only_source))
        break;
    if (i == pl->cfg.n) {
      af__log_error("config", "config_invalid",
                   "error=\"--source %s: the configuration has no source of that name\"",
                   pl->only_source);
      return AF_ECONFIG;
    }
    return af__pipeline_engine(pl, eng, only_source, pl);
  }
  return af__pipeline_engine(pl, eng, NULL, NULL);
}

static int only_child_source(const af__cfg_section *s, void *ud) {
  return strcmp(s->name, ((af__pipeline *)ud)->child_source) == 0;
}

/* The child of an isolated source (isolate.c): the one source, no sinks,
 * what it emits to fd 3; the parent learns the outcome from the last
 * line and the exit status. */
static int run_child(af__pipeline *pl) {
  af__engine *eng = NULL;
  af__run_stats st = {0};
  pl->core.every_ms = 0;
  pl->no_progress = 1;
  signal(SIGINT, SIG_IGN); /* see the engine: the parent forwards it */
  const char *run_id = getenv("AF_RUN_ID");
  if (run_id && *run_id)
    af__log_set_run_id(run_id);
  int rc = af__pipeline_engine(pl, &eng, only_child_source, pl);
  if (!rc)
    rc = af__engine_run(eng, &st);
  af__engine_free(eng);
  long failed = st.source_failed + (st.errors ? 1 : 0) + (rc ? 1 : 0);
  int wrote = af__isolate_send_done(3, failed);
  af__pipeline_free(pl);
  return rc || wrote ? 2 : 0;
}

static void set_workers(void) {
  /* The pool size must be fixed before libuv starts its threads: read it
   * from the environment, else one worker per CPU. */
  if (!getenv("UV_THREADPOOL_SIZE")) {
    char buf[32];
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    snprintf(buf, sizeof(buf), "%ld", n > 0 ? (n > 16 ? 16 : n) : 2);
    setenv("UV_THREADPOOL_SIZE", buf, 0);
  }
}

/* One run at a time per state directory (cron firing while the last run
 * is still going must not deliver everything twice).  0 go ahead (the
 * lock taken), 1 another run has it: skip, 2 the lock cannot be taken. */
static int take_run_lock(af__pipeline *pl, af__run_lock *lk) {
  char err[512];
  int rc = af__run_lock_take(lk, pl->core.state_dir, 0, err, sizeof(err));
  if (rc == 1 && pl->wait) {
    af__log_info("run", "run_waiting", "lock=\"%s\" holder_pid=%ld", lk->path,
                 lk->holder);
    rc = af__run_lock_take(lk, pl->core.state_dir, 1, err, sizeof(err));
  }
  if (rc == 1) {
    af__log_info("run", "run_skipped", "lock=\"%s\" holder_pid=%ld "
                 "msg=\"another run holds this state directory\"",
                 lk->path, lk->holder);
    return 1;
  }
  if (rc < 0) {
    startup_error(pl, "state_unusable", err);
    return 2;
  }
  return 0;
}

int af__cmd_run(int argc, char **argv) {
  af__pipeline pl = {0};
  af__engine *eng = NULL;
  af__run_stats st = {0};

  int rc = af__pipeline_parse(&pl, argc, argv, "run");
  if (rc) {
    af__pipeline_free(&pl);
    return rc == 1 ? 0 : 2;
  }
  if (pl.core.workers > 0) {
    char buf[32];
    snprintf(buf, sizeof(buf), "%ld", pl.core.workers);
    setenv("UV_THREADPOOL_SIZE", buf, 1);
  }
  set_workers();
  if (!strcmp(pl.core.engine, "nats") && !pl.child_source) {
    /* The scheduler: check the whole configuration as a run would, then
     * publish seeds (no run lock: schedulers are leaderless). */
    pl.check_only = 1;
    rc = build_engine(&pl, &eng) ? 2 : af__nats_run(&pl);
    af__engine_free(eng);
    af__pipeline_free(&pl);
    return rc;
  }
  /* The child of an isolated source runs under its parent's lock. */
  if (pl.child_source)
    return run_child(&pl);
  af__run_lock lk = {.fd = -1};
  /* A dry run writes nothing in the state directory, not even the lock
   * file: it reads a copy of the state, so it neither waits for a real run
   * nor makes one skip. */
  rc = pl.dry_run ? 0 : take_run_lock(&pl, &lk);
  if (rc) {
    af__pipeline_free(&pl);
    return rc == 1 ? 0 : 2;
  }
  if (pl.core.every_ms > 0) {
    rc = af__run_every(&pl);
    af__run_lock_release(&lk);
    af__pipeline_free(&pl);
    return rc;
  }
  if (build_engine(&pl, &eng)) {
    af__run_lock_release(&lk);
    af__pipeline_free(&pl);
    return 2;
  }
  rc = af__engine_run(eng, &st);
  af__engine_free(eng);
  /* The run is over and its outcome decided: a late SIGTERM must not
   * turn it into 143 on the way out. */
  signal(SIGTERM, SIG_IGN);
  signal(SIGINT, SIG_IGN);
  af__run_lock_release(&lk);
  int failed = st.docs_failed || st.source_failed ||
               st.sink_failed || st.errors;
  af__pipeline_free(&pl);
  if (rc)
    return 2;
  return failed ? 1 : 0;
}

int af__cmd_check_config(int argc, char **argv) {
  af__pipeline pl = {0};
  af__engine *eng = NULL;

  int rc = af__pipeline_parse(&pl, argc, argv, "check-config");
  if (rc) {
    af__pipeline_free(&pl);
    return rc == 1 ? 0 : 2;
  }
  /* Creating the engine runs every check a run would (keys, types,
   * plugins' own create) without starting anything, or creating the state
   * store. */
  pl.check_only = 1;
  rc = build_engine(&pl, &eng);
  if (!rc) {
    char err[1024];
    rc = af__engine_check(eng, err, sizeof(err));
    if (rc)
      fprintf(stderr, "auditfeed: %s\n", err);
  }
  af__engine_free(eng);
  if (!rc)
    printf("configuration OK: %zu instance(s)\n",
           pl.cfg.n - (af__config_core(&pl.cfg) ? 1 : 0));
  af__pipeline_free(&pl);
  return rc ? 2 : 0;
}
