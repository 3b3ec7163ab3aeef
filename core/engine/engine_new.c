/* The engine's construction: the core's own keys for [core], sources and
 * sinks (tables and ranges), each configured instance matched to its
 * plugin and checked, then the state store, the normaliser's rules, the
 * run's report catalogue, the HTTP client and the plugins' create().  The
 * running engine is in engine.c. */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cron.h"
#include "engine_int.h"
#include "errors.h"
#include "isolate.h"
#include "log.h"
#include "paths.h"
#include "retry.h"

const af_opt af__core_source_opts[] = {
    {"dedup", AF_OPT_STR, 0, "canonical", offsetof(af__src_core, dedup),
     "canonical: one document per article however many URLs reach it; url: "
     "one per fetched URL; off: every fetch is a new document"},
    {"isolate", AF_OPT_BOOL, 0, "false", offsetof(af__src_core, isolate),
     "run the source's plugin in a child process of its own, so a crash "
     "there cannot take the run down"},
    {"schedule", AF_OPT_STR, 0, NULL, offsetof(af__src_core, schedule),
     "with run --every: at most this often (6h), or at the times of a cron "
     "expression with an optional time zone (0 6 * * 1-5 Europe/London)"},
    {"log_level", AF_OPT_STR, 0, NULL, offsetof(af__src_core, log_level),
     "error, warn, info or debug for this instance"},
    {NULL, 0, 0, NULL, 0, NULL}};

const af_opt af__core_sink_opts[] = {
    {"match", AF_OPT_STR, 0, "*", offsetof(af__sink_core, match),
     "which sources feed this sink: a glob over source names"},
    {"batch_size", AF_OPT_INT, 0, "64", offsetof(af__sink_core, batch_size),
     "documents per write"},
    {"flush_interval", AF_OPT_MSEC, 0, "1s", offsetof(af__sink_core, flush_ms),
     "write a partial batch after this long"},
    {"retries", AF_OPT_INT, 0, "5", offsetof(af__sink_core, retries),
     "times a batch the sink asked to retry is written again"},
    {"log_level", AF_OPT_STR, 0, NULL, offsetof(af__sink_core, log_level),
     "error, warn, info or debug for this instance"},
    {NULL, 0, 0, NULL, 0, NULL}};

const af_opt af__core_section_opts[] = {
    {"state_dir", AF_OPT_STR, 0, "var/state",
     offsetof(af__core_settings, state_dir), "where run state lives"},
    {"plugin_dir", AF_OPT_STR, 0, NULL, offsetof(af__core_settings, plugin_dir),
     "directory of plugin .so files"},
    {"rules_dir", AF_OPT_STR, 0, NULL, offsetof(af__core_settings, rules_dir),
     "normaliser rules directory"},
    {"log_level", AF_OPT_STR, 0, "info", offsetof(af__core_settings, log_level),
     "error, warn, info or debug"},
    {"log_format", AF_OPT_STR, 0, "logfmt",
     offsetof(af__core_settings, log_format), "logfmt or json"},
    {"log_file", AF_OPT_STR, 0, NULL, offsetof(af__core_settings, log_file),
     "log to this file instead of stderr"},
    {"every", AF_OPT_MSEC, 0, "0", offsetof(af__core_settings, every_ms),
     "keep running: start the pipeline again this long after each start "
     "(0: run once)"},
    {"queue_size", AF_OPT_INT, 0, "32", offsetof(af__core_settings, queue_size),
     "documents in flight before sources are slowed"},
    {"workers", AF_OPT_INT, 0, "0", offsetof(af__core_settings, workers),
     "threads for parsing (0: one per CPU)"},
    {"metrics_file", AF_OPT_STR, 0, NULL, offsetof(af__core_settings, metrics_file),
     "write Prometheus metrics here after every run (atomically)"},
    {"metrics_listen", AF_OPT_STR, 0, NULL,
     offsetof(af__core_settings, metrics_listen),
     "run --every: serve /metrics and /health on this loopback ADDRESS:PORT"},
    {"engine", AF_OPT_STR, 0, "local", offsetof(af__core_settings, engine),
     "local (one process) or nats (workers sharing a frontier on NATS JetStream)"},
    {"nats_url", AF_OPT_STR, 0, NULL, offsetof(af__core_settings, nats_url),
     "engine = nats: server URLs, comma-separated (nats://127.0.0.1:4222,...)"},
    {"stream_prefix", AF_OPT_STR, 0, "AF", offsetof(af__core_settings, stream_prefix),
     "engine = nats: prefix of the streams, consumers and buckets"},
    {"shards", AF_OPT_INT, 0, "32", offsetof(af__core_settings, shards),
     "engine = nats: frontier shards (hosts hashed into this many subjects)"},
    {NULL, 0, 0, NULL, 0, NULL}};

static const af__int_bound core_sink_bounds[] = {
    {"batch_size", 1, 100000, NULL},
    {"retries", 0, 100, NULL},
    {NULL, 0, 0, NULL}};

/* The HTTP keys' ranges (af__http_limit_opts); here rather than in net/,
 * which does not depend on the config module. */
static const af__int_bound http_limit_bounds[] = {
    {"concurrency", 1, 1000, NULL},
    {"per_host", 1, 1000, NULL},
    {"max_redirects", 0, 50, NULL},
    {"retries", 0, 100, NULL},
    {NULL, 0, 0, NULL}};

const af__int_bound af__core_section_bounds[] = {
    {"queue_size", 1, 1000000, NULL},
    {"workers", 0, 1024, "(0: one per CPU)"},
    {"shards", 1, 1024, "(the frontier's subjects)"},
    {NULL, 0, 0, NULL}};

/* ---- instances ------------------------------------------------------ */

/* `schedule`: a duration, or a cron expression (run --every, cmd_every.c). */
static int check_schedule(const af__cfg_section *s, const char *v, char *err,
                          size_t errlen) {
  const af__cfg_value *cv = af__cfg_find(s, "schedule");
  int line = cv ? cv->line : s->line;
  long ms;
  char why[256];
  if (af__cron_like(v)) {
    af__cron c;
    if (af__cron_parse(v, &c, why, sizeof(why)) == 0)
      return 0;
    snprintf(err, errlen, "%s:%d: schedule '%s' in [source %s]: %s", s->file, line, v,
             s->name, why);
    return AF_ECONFIG;
  }
  if (af__parse_msec(v, &ms) == 0 && ms >= 0)
    return 0;
  snprintf(err, errlen, "%s:%d: schedule '%s' in [source %s]: expected a duration "
           "(6h) or a cron expression (0 6 * * 1-5 Europe/London)", s->file, line, v,
           s->name);
  return AF_ECONFIG;
}

const char *af__engine_kind_word(int kind) {
  return kind == AF_KIND_SOURCE ? "source" : "sink";
}

static int list_plugins(const af__registry *reg, int kind, char *buf, size_t n) {
  size_t o = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < reg->n && o + 1 < n; i++)
    if (reg->v[i].desc.kind == kind)
      o += (size_t)snprintf(buf + o, n - o, "%s%s", o ? ", " : "",
                            reg->v[i].desc.name);
  return (int)o;
}

/* A source's core keys (af__core_source_opts) and, unless it never
 * fetches, the HTTP keys; schemas[0..1] get the tables it was offered. */
static int apply_source_keys(struct af_inst *in, af__cfg_section *s, const af_opt *schemas[],
                             char *err, size_t errlen) {
  int rc = af__config_apply_opts(s, af__core_source_opts, &in->src, &in->lists, err, errlen);
  if (!rc && in->src.schedule)
    rc = check_schedule(s, in->src.schedule, err, errlen);
  if (rc)
    return rc;
  af__http_limits_default(&in->limits);
  /* A source that never fetches is offered no HTTP keys (plugin.h). */
  int fetches = !(in->p->flags & AF_PLUGIN_NO_FETCH);
  rc = fetches ? af__config_apply_opts(s, af__http_limit_opts, &in->limits,
                                       &in->limit_lists, err, errlen)
               : 0;
  if (!rc && fetches)
    rc = af__config_check_bounds(s, af__http_limit_opts, http_limit_bounds,
                                 &in->limits, err, errlen);
  if (rc)
    return rc;
  char why[400];
  if (fetches && af__http_limits_check(&in->limits, why, sizeof(why))) {
    const af__cfg_value *v = af__cfg_find(s, "schemes");
    snprintf(err, errlen, "%s:%d: %s in [source %s]", s->file,
             v ? v->line : s->line, why, s->name);
    return AF_ECONFIG;
  }
  schemas[0] = af__core_source_opts;
  schemas[1] = fetches ? af__http_limit_opts : NULL;
  if (strcmp(in->src.dedup, "canonical") == 0)
    in->dedup = AF_DEDUP_CANONICAL;
  else if (strcmp(in->src.dedup, "url") == 0)
    in->dedup = AF_DEDUP_URL;
  else if (strcmp(in->src.dedup, "off") == 0)
    in->dedup = AF_DEDUP_OFF;
  else {
    const af__cfg_value *v = af__cfg_find(s, "dedup");
    snprintf(err, errlen, "%s:%d: dedup = %s: expected canonical, url or off",
             s->file, v ? v->line : s->line, in->src.dedup);
    return AF_ECONFIG;
  }
  return 0;
}

/* A sink's core keys (af__core_sink_opts); schemas[0] gets the table. */
static int apply_sink_keys(struct af_inst *in, af__cfg_section *s, const af_opt *schemas[],
                           char *err, size_t errlen) {
  int rc = af__config_apply_opts(s, af__core_sink_opts, &in->snk, &in->lists, err, errlen);
  if (!rc)
    rc = af__config_check_bounds(s, af__core_sink_opts, core_sink_bounds,
                                 &in->snk, err, errlen);
  if (rc)
    return rc;
  schemas[0] = af__core_sink_opts;
  return 0;
}

/* An instance's own log_level, which overrides [core] for its lines. */
static int set_log_level(const struct af_inst *in, const af__cfg_section *s,
                         const char *level, char *err, size_t errlen) {
  int l = af__log_level_parse(level);
  if (l < 0) {
    const af__cfg_value *v = af__cfg_find(s, "log_level");
    snprintf(err, errlen, "%s:%d: log_level = %s: expected error, warn, info or debug",
             s->file, v ? v->line : s->line, level);
    return AF_ECONFIG;
  }
  af__log_set_component_level(in->name, l);
  return 0;
}

static int setup_instance(af__engine *e, struct af_inst *in, af__cfg_section *s,
                          const af__registry *reg, char *err, size_t errlen) {
  int kind = s->kind == AF_SEC_SOURCE ? AF_KIND_SOURCE : AF_KIND_SINK;
  const af__module *m = af__registry_find(reg, s->plugin);
  char names[512];

  in->eng = e;
  in->sec = s;
  in->name = s->name;
  in->kind = kind;
  if (!m) {
    list_plugins(reg, kind, names, sizeof(names));
    snprintf(err, errlen, "%s:%d: unknown plugin '%s' for [%s %s] (%s plugins: %s)",
             s->file, s->line, s->plugin, af__engine_kind_word(kind), s->name,
             af__engine_kind_word(kind), names[0] ? names : "none found; check --plugin-dir");
    return AF_ECONFIG;
  }
  if (m->desc.kind != kind) {
    snprintf(err, errlen, "%s:%d: plugin '%s' is a %s, not a %s (use it in a [%s NAME] section)",
             s->file, s->line, s->plugin, af__engine_kind_word(m->desc.kind), af__engine_kind_word(kind),
             af__engine_kind_word(m->desc.kind));
    return AF_ECONFIG;
  }
  in->mod = m;
  in->p = &m->desc;
  in->ctx = calloc(1, in->p->ctx_size ? in->p->ctx_size : 1);
  if (!in->ctx)
    return AF_ENOMEM;
  /* The core's keys first: what they leave unclaimed when the plugin's
   * required key is missing is the likely typo of it. */
  const af_opt *schemas[3] = {NULL, NULL, in->p->opts};
  const char *level;
  int rc;
  if (kind == AF_KIND_SOURCE) {
    rc = apply_source_keys(in, s, schemas, err, errlen);
    level = in->src.log_level;
  } else {
    rc = apply_sink_keys(in, s, schemas, err, errlen);
    level = in->snk.log_level;
  }
  if (rc)
    return rc;
  rc = af__config_apply_opts(s, in->p->opts, in->ctx, &in->lists, err, errlen);
  if (rc)
    return rc;
  if (e->opts.dist && kind == AF_KIND_SOURCE) {
    in->ctx_init = malloc(in->p->ctx_size ? in->p->ctx_size : 1);
    if (!in->ctx_init)
      return AF_ENOMEM;
    memcpy(in->ctx_init, in->ctx, in->p->ctx_size);
  }
  rc = af__config_check_unused(s, schemas, 3, err, errlen);
  if (rc)
    return rc;
  /* In the child itself the source runs here, of course. */
  if (kind == AF_KIND_SOURCE && in->src.isolate && !e->opts.child_fd) {
    rc = af__isolate_setup(in);
    if (rc)
      return rc;
  }
  return level ? set_log_level(in, s, level, err, errlen) : 0;
}

/* One instance per [source]/[sink] section this process runs; a run needs
 * a source and a sink (an isolated source's child, only the source). */
static int setup_instances(af__engine *e, const af__registry *reg, char *err,
                           size_t errlen) {
  af__config *cfg = e->cfg;
  size_t n_sources = 0, n_sinks = 0;
  int rc;

  for (size_t i = 0; i < cfg->n; i++) {
    af__cfg_section *s = &cfg->sec[i];
    if (s->kind == AF_SEC_CORE ||
        (s->kind == AF_SEC_SOURCE && e->opts.source_wanted &&
         !e->opts.source_wanted(s, e->opts.source_wanted_ud)) ||
        (s->kind == AF_SEC_SINK && e->opts.child_fd))
      continue;
    rc = setup_instance(e, &e->inst[e->n_inst++], s, reg, err, errlen);
    if (rc)
      return rc;
    if (s->kind == AF_SEC_SOURCE)
      n_sources++;
    else
      n_sinks++;
  }
  if (!n_sources || (!n_sinks && !e->opts.child_fd)) {
    snprintf(err, errlen,
             "the pipeline needs at least one source and one sink (%zu "
             "source(s), %zu sink(s) configured)",
             n_sources, n_sinks);
    return AF_ECONFIG;
  }
  return 0;
}

/* The state store (checked only, a snapshot, or opened), the normaliser's
 * rules, the stored reports and the HTTP client. */
static int open_services(af__engine *e, const af__engine_opts *opts, char *err,
                         size_t errlen) {
  int rc = opts->check_only ? af__state_check(opts->state_dir, err, errlen)
           : opts->dry_run  ? af__state_open_snapshot(opts->state_dir, &e->state, err, errlen)
                            : af__state_open(opts->state_dir, &e->state, err, errlen);
  if (rc)
    return rc;
  const char *rules_dir = opts->rules_dir ? opts->rules_dir : af__default_rules_dir();
  rc = af__norm_rules_load(rules_dir, &e->rules, err, errlen);
  if (rc)
    return rc;
  /* check-config opens no state store, so has no stored reports. */
  rc = e->state ? af__engine_reports_open(e) : 0;
  if (rc) {
    snprintf(err, errlen, "%s: cannot read the stored NAO reports",
             af__state_path(e->state));
    return rc;
  }
  af__http_config hc = opts->http;
  hc.on_validators = af__engine_remember_validators; /* see save_validators */
  hc.validators_ud = e;
  return af__http_new(&e->loop, e->state, &hc, &e->http, err, errlen);
}

/* Plugins validate their own configuration last, once the core's checks
 * have passed, so a typo is reported before any plugin allocates. */
static int create_plugins(af__engine *e, const af__engine_opts *opts, char *err,
                          size_t errlen) {
  for (size_t i = 0; i < e->n_inst; i++) {
    struct af_inst *in = &e->inst[i];
    /* A dry run's sinks are configured (their keys were checked above) but
     * never created: creating one may already open its file or database. */
    if (opts->dry_run && in->kind == AF_KIND_SINK)
      continue;
    if (in->p->create) {
      int rc = in->p->create(in, in->ctx);
      if (rc && in->kind == AF_KIND_SOURCE && opts->skip_failed_sources) {
        af__log_error(in->name, "create_failed",
                     "plugin=%s config=%s:%d error=\"%s\" msg=\"the run goes on without it\"",
                     in->p->name, in->sec->file, in->sec->line, af_strerror(rc));
        e->stats.errors++;
        in->done = 1;
        continue;
      }
      if (rc) {
        snprintf(err, errlen,
                 "%s:%d: [%s %s] plugin '%s' refused its configuration: %s",
                 in->sec->file, in->sec->line, af__engine_kind_word(in->kind), in->name,
                 in->p->name, af_strerror(rc));
        return AF_ECONFIG;
      }
    }
    in->created = 1;
  }
  return 0;
}

/* A source no sink's `match` selects runs for nothing: say so once. */
static void warn_unrouted_sources(const af__engine *e) {
  for (size_t i = 0; i < e->n_inst; i++) {
    const struct af_inst *src = &e->inst[i];
    int fed = 0;
    if (src->kind != AF_KIND_SOURCE)
      continue;
    for (size_t j = 0; j < e->n_inst; j++)
      if (e->inst[j].kind == AF_KIND_SINK &&
          fnmatch(e->inst[j].snk.match, src->name, 0) == 0)
        fed = 1;
    if (!fed && !e->opts.child_fd)
      af__log_warn("engine", "source_unrouted",
                  "source=%s msg=\"no sink's match selects this source; its "
                  "documents will be dropped\"",
                  src->name);
  }
}

int af__engine_new(const af__engine_opts *opts, af__config *cfg,
                  const af__registry *reg, af__engine **out, char *err,
                  size_t errlen) {
  af__engine *e = calloc(1, sizeof(*e));
  int rc;

  *out = NULL;
  if (!e)
    return AF_ENOMEM;
  e->opts = *opts;
  e->cfg = cfg;
  e->rng = af__rand_seed();
  if (!e->opts.queue_size)
    e->opts.queue_size = 32;
  rc = uv_loop_init(&e->loop);
  if (rc) {
    free(e);
    snprintf(err, errlen, "cannot start the event loop: %s", uv_strerror(rc));
    return AF_EIO;
  }
  e->inst = calloc(cfg->n ? cfg->n : 1, sizeof(*e->inst));
  if (!e->inst) {
    rc = AF_ENOMEM;
    goto fail;
  }
  if ((rc = setup_instances(e, reg, err, errlen)) != 0 ||
      (rc = open_services(e, opts, err, errlen)) != 0 ||
      (rc = create_plugins(e, opts, err, errlen)) != 0)
    goto fail;
  warn_unrouted_sources(e);
  *out = e;
  return 0;
fail:
  af__engine_free(e);
  return rc;
}
