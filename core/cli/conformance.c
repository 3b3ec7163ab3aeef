/* `auditfeed plugins --check FILE.so`: what a plugin author needs to know
 * before shipping a plugin.  Loads it the way the core will, checks the
 * descriptor and the declared keys, then drives create/start/stop/destroy
 * in a real engine against a throwaway configuration and the bundled
 * sample: a source feeds the built-in null sink; a sink is fed by the
 * bundled files source.  One PASS/FAIL line per check. */
#include "conformance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtin.h"
#include "config.h"
#include "engine.h"
#include "errors.h"
#include "loader.h"
#include "log.h"
#include "paths.h"

typedef struct tally {
  int pass, fail;
} tally;

static void report(tally *t, int ok, const char *check, const char *detail) {
  if (ok)
    t->pass++;
  else
    t->fail++;
  printf("%s  %s%s%s\n", ok ? "PASS" : "FAIL", check, detail && *detail ? ": " : "",
         detail ? detail : "");
}

static const char *sample_dir(void) {
  struct stat st;
  const char *env = getenv("AF_SAMPLE_DIR");
  if (env && *env)
    return env;
  if (stat(AF_DEFAULT_DATA_DIR "/sample", &st) == 0)
    return AF_DEFAULT_DATA_DIR "/sample";
  return AF_SOURCE_DIR "/contrib/sample"; /* not installed: the source tree */
}

static int has_param(const char *const *params, size_t n, const char *key) {
  size_t k = strlen(key);
  for (size_t i = 0; i < n; i++)
    if (strncmp(params[i], key, k) == 0 && params[i][k] == '=')
      return 1;
  return 0;
}

/* The instance under test, with the user's -p values and throwaway values
 * for required keys it can guess (a path in a scratch directory, the
 * sample directory for a source's path). */
static int add_instance(af__config *cfg, const af_plugin *p, const char *scratch,
                        const char *const *params, size_t n, char *err,
                        size_t errlen) {
  int kind = p->kind == AF_KIND_SOURCE ? AF_SEC_SOURCE : AF_SEC_SINK;
  char kv[4400];
  int rc = af__config_add_cli(cfg, kind, p->name, err, errlen);
  for (size_t i = 0; !rc && i < n; i++)
    rc = af__config_add_cli_param(cfg, params[i], err, errlen);
  for (const af_opt *o = p->opts; !rc && o && o->key; o++) {
    if (!o->required || has_param(params, n, o->key))
      continue;
    if (strcmp(o->key, "path") == 0 && p->kind == AF_KIND_SOURCE)
      snprintf(kv, sizeof(kv), "path=%s", sample_dir());
    else if (strcmp(o->key, "path") == 0)
      snprintf(kv, sizeof(kv), "path=%s/conformance.out", scratch);
    else {
      snprintf(err, errlen,
               "required key '%s' has no throwaway value: give -p %s=VALUE",
               o->key, o->key);
      return AF_ECONFIG;
    }
    rc = af__config_add_cli_param(cfg, kv, err, errlen);
  }
  return rc;
}

static int drive(tally *t, af__registry *reg, const af_plugin *p,
                 const char *scratch, const char *const *params, size_t n,
                 int pass_no) {
  af__config cfg = {0};
  char err[1024], state[4200], what[256];
  af__engine *eng = NULL;
  af__run_stats st = {0};
  int rc;

  snprintf(state, sizeof(state), "%s/state", scratch);
  rc = add_instance(&cfg, p, scratch, params, n, err, sizeof(err));
  if (!rc && p->kind == AF_KIND_SOURCE) {
    rc = af__config_add_cli(&cfg, AF_SEC_SINK, "null", err, sizeof(err));
  } else if (!rc) {
    char kv[4400];
    snprintf(kv, sizeof(kv), "path=%s", sample_dir());
    rc = af__config_add_cli(&cfg, AF_SEC_SOURCE, "files", err, sizeof(err));
    if (!rc)
      rc = af__config_add_cli_param(&cfg, kv, err, sizeof(err));
  }
  af__engine_opts eo = {.state_dir = state, .timeout_ms = 30000};
  if (!rc)
    rc = af__engine_new(&eo, &cfg, reg, &eng, err, sizeof(err));
  if (pass_no == 1)
    report(t, rc == 0, "create accepts a throwaway configuration", rc ? err : "");
  if (rc) {
    af__config_free(&cfg);
    return rc;
  }
  rc = af__engine_run(eng, &st);
  af__engine_free(eng); /* stop and destroy: a crash or leak here fails the check run */
  af__config_free(&cfg);
  if (pass_no == 1) {
    report(t, rc == 0, "start succeeds", rc ? af_strerror(rc) : "");
    report(t, !st.timed_out,
           p->kind == AF_KIND_SOURCE ? "source_done is called (the run ends by itself)"
                                     : "every batch is answered with batch_done",
           st.timed_out ? "the run hit the 30 s limit" : "");
    if (p->kind == AF_KIND_SOURCE) {
      snprintf(what, sizeof(what), "%ld emitted, %ld failed", st.docs_seen,
               st.docs_failed + st.source_failed);
      report(t, st.docs_seen > 0 && st.docs_failed == 0, "emits documents that process", what);
    } else {
      snprintf(what, sizeof(what), "%ld documents, %ld not committed", st.docs_seen,
               st.sink_failed);
      report(t, st.docs_seen > 0 && st.sink_failed == 0, "commits the sample batches", what);
    }
  } else {
    snprintf(what, sizeof(what), "%ld new, %ld unchanged", st.docs_new + st.docs_revised,
             st.docs_unchanged);
    report(t, st.docs_new + st.docs_revised == 0 && rc == 0,
           "a second run over unchanged input delivers nothing new", what);
  }
  return 0;
}

/* The second run over unchanged input logs at debug level into the scratch
 * directory, so that when it delivers something again the report can name
 * which documents and why (a revision means their content hash changed). */
static void second_pass(tally *t, af__registry *reg, const af_plugin *p,
                        const char *scratch, const char *const *params, size_t n) {
  char logpath[4200], line[2048];
  int quiet = !getenv("AF_CHECK_VERBOSE"), failed_before = t->fail;
  snprintf(logpath, sizeof(logpath), "%s/second-run.log", scratch);
  if (quiet && af__log_open(logpath, AF_LOG_LOGFMT) == 0)
    af__log_set_level(AF_LOG_DEBUG);
  drive(t, reg, p, scratch, params, n, 2);
  if (!quiet)
    return;
  af__log_open(NULL, AF_LOG_LOGFMT);
  af__log_set_level(AF_LOG_ERROR);
  FILE *f = t->fail > failed_before ? fopen(logpath, "r") : NULL;
  while (f && fgets(line, sizeof(line), f))
    if (strstr(line, "event=doc_routed") || strstr(line, "level=error") ||
        strstr(line, "level=warn"))
      printf("      %s", line);
  if (f)
    fclose(f);
}

int af__conformance_run(const char *path, const char *plugin_dir,
                       const char *const *params, size_t n_params) {
  af__registry reg = {0};
  tally t = {0};
  char err[1024] = "", scratch[] = "/tmp/auditfeed-check-XXXXXX";

  af__log_set_level(getenv("AF_CHECK_VERBOSE") ? AF_LOG_DEBUG : AF_LOG_ERROR);
  printf("Conformance check of %s (core ABI %d.%d)\n", path, AF_ABI_MAJOR, AF_ABI_MINOR);
  int rc = af__registry_load(&reg, path, af__host_api(), err, sizeof(err));
  report(&t, rc == 0, "loads, exports " AF_PLUGIN_ENTRY " and passes the ABI checks", err);
  if (rc) {
    printf("%d passed, %d failed\n", t.pass, t.fail);
    af__registry_free(&reg);
    return 2;
  }
  const af_plugin *p = &reg.v[0].desc;
  char what[512];
  snprintf(what, sizeof(what), "%s %s, a %s: %s", p->name, p->version ? p->version : "(no version)",
           p->kind == AF_KIND_SOURCE ? "source" : "sink", p->summary ? p->summary : "(no summary)");
  report(&t, p->version && *p->version && p->summary && *p->summary,
         "descriptor has a version and a summary", what);
  int helps = 1;
  size_t n_opts = 0;
  for (const af_opt *o = p->opts; o && o->key; o++, n_opts++)
    if (!o->help || !*o->help) {
      helps = 0;
      snprintf(what, sizeof(what), "'%s' has no help text", o->key);
    }
  if (helps)
    snprintf(what, sizeof(what), "%zu keys, types, defaults and offsets valid", n_opts);
  report(&t, helps, "declared keys are valid and documented", what);

  /* Companions: the null sink, and the bundled files source for sinks. */
  af__builtin_register(&reg);
  if (p->kind == AF_KIND_SINK) {
    const char *dir = plugin_dir ? plugin_dir : af__default_plugin_dir();
    af__log_set_level(-1); /* a second copy of the checked plugin is refused: expected */
    af__registry_scan(&reg, dir, af__host_api(), err, sizeof(err));
    af__log_set_level(getenv("AF_CHECK_VERBOSE") ? AF_LOG_DEBUG : AF_LOG_ERROR);
    if (!af__registry_find(&reg, "files")) {
      report(&t, 0, "lifecycle", "the bundled files source was not found (give --plugin-dir)");
      goto done;
    }
  }
  p = &reg.v[0].desc; /* registering the companions may have moved the array */
  if (!mkdtemp(scratch)) {
    report(&t, 0, "lifecycle", "cannot create a scratch directory in /tmp");
    goto done;
  }
  if (drive(&t, &reg, p, scratch, params, n_params, 1) == 0)
    second_pass(&t, &reg, p, scratch, params, n_params);
  char cmd[sizeof(scratch) + 16];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", scratch);
  if (system(cmd) != 0)
    fprintf(stderr, "could not remove %s\n", scratch);
done:
  printf("%d passed, %d failed\n", t.pass, t.fail);
  af__registry_free(&reg);
  return t.fail ? 1 : 0;
}
