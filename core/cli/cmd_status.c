/* `auditfeed status`: how the last runs went, from the state store, for an
 * operator or a monitoring check: per source its last run, last success,
 * documents known and failures; per sink what it holds and what waits in
 * its spool.  Exit 0 healthy, 1 when a source failed last time or anything
 * waits in a spool, 2 when there is no state to read. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <auditfeed/array.h>

#include "commands.h"
#include "metrics.h"
#include "spool.h"
#include "state.h"

static void usage(FILE *f) {
  fprintf(f,
          "Usage: auditfeed status [--state-dir DIR]\n\n"
          "How the last runs went: one line per source (last run, last success,\n"
          "documents known, failures) and per sink (documents held, spool).\n\n"
          "  --state-dir DIR   the run state directory (default var/state)\n"
          "  -h, --help        this help\n\n"
          "Exit codes: 0 healthy, 1 a source failed in its last run or documents\n"
          "wait in a spool, 2 no state directory or it cannot be read.\n");
}

typedef struct inst {
  char kind[8];    /* "source" / "sink" */
  char name[128];
  char last_run[32], last_ok[32];
  int ok;          /* -1 unknown */
  unsigned long long known, failed_docs, failed_items, written, failed_sink, held;
} inst;

typedef struct insts {
  inst *v;
  size_t n, cap;
} insts;

static inst *find(insts *a, const char *kind, const char *name) {
  for (size_t i = 0; i < a->n; i++)
    if (!strcmp(a->v[i].kind, kind) && !strcmp(a->v[i].name, name))
      return &a->v[i];
  if (af_grow(&a->v, &a->cap, a->n, sizeof(*a->v), 16) != 0)
    return NULL;
  inst *x = &a->v[a->n++];
  memset(x, 0, sizeof(*x));
  snprintf(x->kind, sizeof(x->kind), "%s", kind);
  snprintf(x->name, sizeof(x->name), "%s", name);
  x->ok = -1;
  return x;
}

/* The value of label `label` in a series key, unescaped; 0 if absent. */
static int label_of(const char *key, const char *label, char *out, size_t outlen) {
  char pat[64];
  const char *p;
  size_t o = 0;
  snprintf(pat, sizeof(pat), "%s=\"", label);
  p = strstr(key, pat);
  if (!p)
    return 0;
  for (p += strlen(pat); *p && *p != '"' && o + 1 < outlen; p++) {
    if (*p == '\\' && p[1])
      p++;
    out[o++] = *p == 'n' && p[-1] == '\\' ? '\n' : *p;
  }
  out[o] = '\0';
  return 1;
}

static void iso(const char *secs, char out[32]) {
  time_t t = (time_t)strtoll(secs, NULL, 10);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int starts(const char *s, const char *prefix) {
  return !strncmp(s, prefix, strlen(prefix));
}

static int on_metric(const char *key, const char *value, void *ud) {
  insts *a = ud;
  char name[128], outcome[32];
  unsigned long long v = strtoull(value, NULL, 10);
  inst *x;
  if (label_of(key, "source", name, sizeof(name))) {
    if (!(x = find(a, "source", name)))
      return 1;
    if (starts(key, "auditfeed_source_last_run_timestamp_seconds"))
      iso(value, x->last_run);
    else if (starts(key, "auditfeed_source_last_success_timestamp_seconds"))
      iso(value, x->last_ok);
    else if (starts(key, "auditfeed_source_last_run_ok"))
      x->ok = v != 0;
    else if (starts(key, "auditfeed_source_failed_items_total"))
      x->failed_items = v;
    else if (starts(key, "auditfeed_source_documents_total") &&
             label_of(key, "outcome", outcome, sizeof(outcome))) {
      if (!strcmp(outcome, "new"))
        x->known = v;
      else if (!strcmp(outcome, "failed"))
        x->failed_docs = v;
    }
  } else if (label_of(key, "sink", name, sizeof(name))) {
    if (!(x = find(a, "sink", name)))
      return 1;
    if (starts(key, "auditfeed_sink_last_run_timestamp_seconds"))
      iso(value, x->last_run);
    else if (starts(key, "auditfeed_sink_documents_written_total"))
      x->written = v;
    else if (starts(key, "auditfeed_sink_documents_failed_total"))
      x->failed_sink = v;
  }
  return 0;
}

static int on_sink_count(const char *sink, long n, void *ud) {
  inst *x = find(ud, "sink", sink);
  if (x)
    x->held = (unsigned long long)n;
  return !x;
}

int af__cmd_status(int argc, char **argv) {
  const char *state_dir = "var/state";
  static const struct option longs[] = {{"state-dir", required_argument, 0, 'S'},
                                        {"help", no_argument, 0, 'h'},
                                        {0, 0, 0, 0}};
  insts a = {0};
  af__state *st = NULL;
  char err[512], path[4096];
  struct stat sb;
  int c, code = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
    switch (c) {
    case 'S': state_dir = optarg; break;
    case 'h': usage(stdout); return 0;
    default: usage(stderr); return 2;
    }
  }
  if (optind < argc) {
    fprintf(stderr, "auditfeed status: unexpected argument '%s'\n", argv[optind]);
    return 2;
  }
  snprintf(path, sizeof(path), "%s/state.db", state_dir);
  if (stat(path, &sb) != 0) {
    fprintf(stderr, "auditfeed status: no state in %s (has a run used it?)\n", state_dir);
    return 2;
  }
  if (af__state_open(state_dir, &st, err, sizeof(err)) != 0) {
    fprintf(stderr, "auditfeed status: %s\n", err);
    return 2;
  }
  if (af__state_kv_list(st, "core metrics", on_metric, &a) < 0 ||
      af__state_sink_counts(st, on_sink_count, &a) < 0) {
    fprintf(stderr, "auditfeed status: cannot read %s\n", af__state_path(st));
    af__state_close(st);
    free(a.v);
    return 2;
  }
  af__state_close(st);
  if (!a.n)
    printf("status=unknown state_dir=%s msg=\"no run has recorded its outcome yet\"\n",
           state_dir);
  for (size_t i = 0; i < a.n; i++) {
    inst *x = &a.v[i];
    if (strcmp(x->kind, "source"))
      continue;
    printf("source=%s last_run=%s last_run_ok=%s last_success=%s documents_known=%llu "
           "documents_failed_total=%llu items_failed_total=%llu\n",
           x->name, x->last_run[0] ? x->last_run : "never",
           x->ok < 0 ? "unknown" : x->ok ? "yes" : "no",
           x->last_ok[0] ? x->last_ok : "never", x->known, x->failed_docs,
           x->failed_items);
    if (x->ok == 0)
      code = 1;
  }
  for (size_t i = 0; i < a.n; i++) {
    inst *x = &a.v[i];
    char **files = NULL;
    size_t n = 0;
    if (strcmp(x->kind, "sink"))
      continue;
    if (af__spool_list(state_dir, x->name, &files, &n) == 0)
      af__spool_list_free(files, n);
    printf("sink=%s last_run=%s documents_held=%llu documents_written_total=%llu "
           "documents_failed_total=%llu spool_files=%zu\n",
           x->name, x->last_run[0] ? x->last_run : "never", x->held, x->written,
           x->failed_sink, n);
    if (n)
      code = 1;
  }
  free(a.v);
  return code;
}
