/* Prometheus metrics: per-run counts kept per instance, added to the
 * state store at the end of the run, rendered as exposition text
 * (metrics.h). */
#include "metrics.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <auditfeed/array.h>
#include <auditfeed/errno.h>

#include "engine_int.h"
#include "log.h"
#include "spool.h"

#define SCOPE "core metrics"

/* Every family, in output order.  A series is stored under its full
 * name and labels, `name{label="v",...}`; a family is rendered when the
 * store holds at least one of its series. */
static const struct family {
  const char *name, *type, *help;
} families[] = {
    {"auditfeed_runs_total", "counter", "Runs (or run --every cycles) finished, by result"},
    {"auditfeed_run_errors_total", "counter", "Errors counted in run summaries"},
    {"auditfeed_last_run_timestamp_seconds", "gauge", "When the last run ended (Unix time)"},
    {"auditfeed_last_success_timestamp_seconds", "gauge",
     "When the last run that failed nothing ended (Unix time)"},
    {"auditfeed_last_run_duration_seconds", "gauge", "How long the last run took"},
    {"auditfeed_source_documents_total", "counter",
     "Documents a source produced, by outcome (new, revised, unchanged, duplicate, failed)"},
    {"auditfeed_source_findings_total", "counter",
     "Findings in the new and revised documents of a source"},
    {"auditfeed_source_fetches_total", "counter",
     "HTTP fetches of a source by status class (error: no response; 304: not modified)"},
    {"auditfeed_source_fetch_retries_total", "counter", "Extra fetch attempts of a source"},
    {"auditfeed_source_fetched_bytes_total", "counter", "Body bytes a source fetched"},
    {"auditfeed_source_failed_items_total", "counter",
     "Items a source gave up on (pages it could not fetch or read)"},
    {"auditfeed_source_last_run_timestamp_seconds", "gauge",
     "When a source last took part in a run (Unix time)"},
    {"auditfeed_source_last_success_timestamp_seconds", "gauge",
     "When a source last ran with no failure (Unix time)"},
    {"auditfeed_source_last_run_ok", "gauge", "1 when the source's last run failed nothing, else 0"},
    {"auditfeed_source_yield", "gauge",
     "What the last run of a source yielded, per measure (documents, title_share, "
     "date_share, body_share, body_chars, findings_per_doc)"},
    {"auditfeed_source_yield_baseline", "gauge",
     "A source's usual yield per measure (rolling mean of earlier runs)"},
    {"auditfeed_source_yield_drift", "gauge",
     "1 when the last run fell far below the baseline of that measure"},
    {"auditfeed_sink_documents_written_total", "counter", "Documents a sink committed"},
    {"auditfeed_sink_documents_failed_total", "counter",
     "Documents a sink could not commit (spooled or retried next run)"},
    {"auditfeed_sink_findings_written_total", "counter", "Findings in the documents a sink committed"},
    {"auditfeed_sink_spool_files", "gauge", "Spool files waiting for a sink"},
    {"auditfeed_sink_spool_bytes", "gauge", "Bytes of spool files waiting for a sink"},
    {"auditfeed_sink_last_run_timestamp_seconds", "gauge", "When a sink last took part in a run (Unix time)"},
};

static const char *const outcome_word[AF_OUT_N] = {"new", "revised", "unchanged",
                                                   "duplicate", "failed"};
static const char *const class_word[7] = {"error", "1xx", "2xx", "3xx",
                                          "4xx", "5xx", "304"};

void af__metrics_doc(struct af_inst *src, int outcome, const af_document *d) {
  if (!src || outcome < 0 || outcome >= AF_OUT_N)
    return;
  src->m.docs[outcome]++;
  if (!d || outcome == AF_OUT_FAILED || outcome == AF_OUT_DUPLICATE)
    return;
  if (outcome != AF_OUT_UNCHANGED)
    src->m.findings += (long)d->n_findings;
  af__yield_doc(&src->m.yield, d);
}

void af__metrics_fetch(struct af_inst *src, const af_response *res) {
  int c = 0;
  if (res->not_modified || res->status == 304)
    c = 6;
  else if (res->status >= 100 && res->status < 600)
    c = (int)(res->status / 100);
  src->m.fetches[c]++;
  if (res->attempts > 1)
    src->m.retries += res->attempts - 1;
  src->m.bytes += res->len;
}

void af__metrics_sink_commit(struct af_inst *sink, long findings) {
  sink->m.findings_written += findings;
}

/* Label values escaped as the text format requires: \\, \" and \n. */
static void label_esc(char *out, size_t outlen, const char *v) {
  size_t o = 0;
  for (; *v && o + 3 < outlen; v++) {
    if (*v == '\\' || *v == '"') {
      out[o++] = '\\';
      out[o++] = *v;
    } else if (*v == '\n') {
      out[o++] = '\\';
      out[o++] = 'n';
    } else {
      out[o++] = *v;
    }
  }
  out[o] = '\0';
}

/* name{kind="inst"[,label="value"]} */
static void series(char *out, size_t outlen, const char *name, const char *kind,
                   const char *inst, const char *label, const char *value) {
  char esc[256];
  if (!kind) {
    if (label)
      snprintf(out, outlen, "%s{%s=\"%s\"}", name, label, value);
    else
      snprintf(out, outlen, "%s", name);
    return;
  }
  label_esc(esc, sizeof(esc), inst);
  if (label)
    snprintf(out, outlen, "%s{%s=\"%s\",%s=\"%s\"}", name, kind, esc, label, value);
  else
    snprintf(out, outlen, "%s{%s=\"%s\"}", name, kind, esc);
}

static int add(af__state *st, const char *key, unsigned long long n) {
  char *v = NULL, buf[32];
  unsigned long long cur = 0;
  int rc = af__state_kv_get(st, SCOPE, key, &v);
  if (rc < 0)
    return rc;
  if (v)
    cur = strtoull(v, NULL, 10);
  free(v);
  snprintf(buf, sizeof(buf), "%llu", cur + n);
  return af__state_kv_put(st, SCOPE, key, buf);
}

static int set(af__state *st, const char *key, const char *fmt, double v) {
  char buf[64];
  snprintf(buf, sizeof(buf), fmt, v);
  return af__state_kv_put(st, SCOPE, key, buf);
}

static int source_ok(const af__engine *e, const struct af_inst *in) {
  return in->started && !in->failed && !in->m.docs[AF_OUT_FAILED] &&
         !e->stats.timed_out;
}

static int record_source(af__engine *e, struct af_inst *in, double now) {
  af__state *st = e->state;
  char k[512];
  int rc = 0;
  for (int o = 0; o < AF_OUT_N; o++) {
    series(k, sizeof(k), "auditfeed_source_documents_total", "source", in->name,
           "outcome", outcome_word[o]);
    rc |= add(st, k, (unsigned long long)in->m.docs[o]);
  }
  for (int c = 0; c < 7; c++) {
    series(k, sizeof(k), "auditfeed_source_fetches_total", "source", in->name,
           "class", class_word[c]);
    rc |= add(st, k, (unsigned long long)in->m.fetches[c]);
  }
  series(k, sizeof(k), "auditfeed_source_findings_total", "source", in->name, NULL, NULL);
  rc |= add(st, k, (unsigned long long)in->m.findings);
  series(k, sizeof(k), "auditfeed_source_fetch_retries_total", "source", in->name, NULL, NULL);
  rc |= add(st, k, (unsigned long long)in->m.retries);
  series(k, sizeof(k), "auditfeed_source_fetched_bytes_total", "source", in->name, NULL, NULL);
  rc |= add(st, k, in->m.bytes);
  series(k, sizeof(k), "auditfeed_source_failed_items_total", "source", in->name, NULL, NULL);
  rc |= add(st, k, (unsigned long long)(in->failed > 0 ? in->failed : 0));
  series(k, sizeof(k), "auditfeed_source_last_run_timestamp_seconds", "source",
         in->name, NULL, NULL);
  rc |= set(st, k, "%.0f", now);
  series(k, sizeof(k), "auditfeed_source_last_run_ok", "source", in->name, NULL, NULL);
  rc |= set(st, k, "%.0f", source_ok(e, in));
  if (source_ok(e, in)) {
    series(k, sizeof(k), "auditfeed_source_last_success_timestamp_seconds", "source",
           in->name, NULL, NULL);
    rc |= set(st, k, "%.0f", now);
  }
  /* A run cut short says nothing about the source's yield. */
  if (in->started && !e->stopping && !e->stats.timed_out &&
      af__drift_check(st, in->name, &in->m.yield) < 0)
    rc |= AF_ESTATE;
  return rc;
}

static int record_sink(af__engine *e, struct af_inst *in, double now) {
  af__state *st = e->state;
  char k[512];
  char **files = NULL;
  size_t n = 0;
  unsigned long long bytes = 0;
  int rc = 0;
  series(k, sizeof(k), "auditfeed_sink_documents_written_total", "sink", in->name, NULL, NULL);
  rc |= add(st, k, (unsigned long long)in->written);
  series(k, sizeof(k), "auditfeed_sink_documents_failed_total", "sink", in->name, NULL, NULL);
  rc |= add(st, k, (unsigned long long)in->sink_failed);
  series(k, sizeof(k), "auditfeed_sink_findings_written_total", "sink", in->name, NULL, NULL);
  rc |= add(st, k, (unsigned long long)in->m.findings_written);
  series(k, sizeof(k), "auditfeed_sink_last_run_timestamp_seconds", "sink", in->name,
         NULL, NULL);
  rc |= set(st, k, "%.0f", now);
  if (af__spool_list(e->opts.state_dir, in->name, &files, &n) == 0) {
    for (size_t i = 0; i < n; i++) {
      struct stat sb;
      if (stat(files[i], &sb) == 0)
        bytes += (unsigned long long)sb.st_size;
    }
    af__spool_list_free(files, n);
  }
  series(k, sizeof(k), "auditfeed_sink_spool_files", "sink", in->name, NULL, NULL);
  rc |= set(st, k, "%.0f", (double)n);
  series(k, sizeof(k), "auditfeed_sink_spool_bytes", "sink", in->name, NULL, NULL);
  rc |= set(st, k, "%.0f", (double)bytes);
  return rc;
}

static int record_run(af__engine *e, double now) {
  af__state *st = e->state;
  const af__run_stats *s = &e->stats;
  int failed = s->docs_failed || s->source_failed || s->sink_failed || s->errors;
  char k[256];
  int rc = 0;
  series(k, sizeof(k), "auditfeed_runs_total", NULL, NULL, "result",
         failed ? "failed" : "ok");
  rc |= add(st, k, 1);
  rc |= add(st, "auditfeed_run_errors_total", (unsigned long long)s->errors);
  rc |= set(st, "auditfeed_last_run_timestamp_seconds", "%.0f", now);
  rc |= set(st, "auditfeed_last_run_duration_seconds", "%.3f", s->seconds);
  if (!failed)
    rc |= set(st, "auditfeed_last_success_timestamp_seconds", "%.0f", now);
  return rc;
}

static int write_file(const char *path, const char *text, char *err, size_t errlen) {
  char tmp[4096];
  size_t len = strlen(text);
  int fd, rc = 0;
  if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >= sizeof(tmp)) {
    snprintf(err, errlen, "path too long");
    return AF_EINVAL;
  }
  fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    snprintf(err, errlen, "cannot create %s: %s", tmp, strerror(errno));
    return AF_EIO;
  }
  for (size_t off = 0; off < len && !rc;) {
    ssize_t w = write(fd, text + off, len - off);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      rc = AF_EIO;
    else
      off += (size_t)w;
  }
  if (!rc && fsync(fd))
    rc = AF_EIO;
  if (close(fd) && !rc)
    rc = AF_EIO;
  if (!rc && rename(tmp, path))
    rc = AF_EIO;
  if (rc) {
    snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
    unlink(tmp);
  }
  return rc;
}

int af__metrics_finish(af__engine *e, const char *path) {
  double now = (double)time(NULL);
  int rc = 0;
  if (!e->state)
    return 0;
  af__state_begin(e->state);
  rc |= record_run(e, now);
  for (size_t i = 0; i < e->n_inst; i++) {
    struct af_inst *in = &e->inst[i];
    if (in->kind == AF_KIND_SOURCE)
      rc |= record_source(e, in, now);
    else
      rc |= record_sink(e, in, now);
  }
  if (af__state_commit(e->state) < 0 || rc)
    af__log_warn("engine", "metrics_not_stored", "path=%s",
                 af__state_path(e->state));
  if (!path || !*path)
    return 0;
  char *text = af__metrics_render(e->state), err[4200];
  if (!text)
    return AF_ENOMEM;
  rc = write_file(path, text, err, sizeof(err));
  free(text);
  if (rc)
    af__log_error("engine", "metrics_write_failed", "path=%s error=\"%s\"", path, err);
  return rc;
}

/* ---- rendering ------------------------------------------------------ */

typedef struct row {
  char *key, *value;
} row;

typedef struct rows {
  row *v;
  size_t n, cap;
  int oom;
} rows;

static int collect(const char *key, const char *value, void *ud) {
  rows *r = ud;
  if (af_grow(&r->v, &r->cap, r->n, sizeof(*r->v), 64) != 0) {
    r->oom = 1;
    return 1;
  }
  r->v[r->n].key = strdup(key);
  r->v[r->n].value = strdup(value ? value : "0");
  if (!r->v[r->n].key || !r->v[r->n].value) {
    free(r->v[r->n].key);
    free(r->v[r->n].value);
    r->oom = 1;
    return 1;
  }
  r->n++;
  return 0;
}

static int in_family(const char *key, const char *name) {
  size_t n = strlen(name);
  return !strncmp(key, name, n) && (key[n] == '\0' || key[n] == '{');
}

char *af__metrics_render(af__state *st) {
  rows r = {0};
  char *buf = NULL;
  size_t len = 0;
  FILE *f;
  if (af__state_kv_list(st, SCOPE, collect, &r) < 0 || r.oom)
    goto out;
  f = open_memstream(&buf, &len);
  if (!f)
    goto out;
  fprintf(f, "# HELP auditfeed_build_info auditfeed's version and plugin ABI\n"
             "# TYPE auditfeed_build_info gauge\n"
             "auditfeed_build_info{version=\"%s\",abi=\"%d.%d\"} 1\n",
          AF_VERSION, AF_ABI_MAJOR, AF_ABI_MINOR);
  for (size_t i = 0; i < sizeof(families) / sizeof(*families); i++) {
    int head = 0;
    for (size_t k = 0; k < r.n; k++) {
      if (!in_family(r.v[k].key, families[i].name))
        continue;
      if (!head++)
        fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", families[i].name, families[i].help,
                families[i].name, families[i].type);
      fprintf(f, "%s %s\n", r.v[k].key, r.v[k].value);
    }
  }
  if (fclose(f)) {
    free(buf);
    buf = NULL;
  }
out:
  for (size_t k = 0; k < r.n; k++) {
    free(r.v[k].key);
    free(r.v[k].value);
  }
  free(r.v);
  return buf;
}
