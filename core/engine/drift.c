/* Yield drift alarms (drift.h). */
#include "drift.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <auditfeed/errno.h>

#include "log.h"

#define BASE_SCOPE "core yield"
#define METRICS_SCOPE "core metrics"
#define MIN_RUNS 3
#define MIN_DOCS 5
#define MIN_BODY 200 /* characters: less is no article body */

void af__yield_doc(af__yield *y, const af_document *d) {
  size_t len = d->text ? strlen(d->text) : 0;
  y->docs++;
  y->with_title += d->title && *d->title;
  y->with_date += d->published && *d->published;
  y->with_body += len >= MIN_BODY;
  y->body_chars += (double)len;
  y->findings += (long)d->n_findings;
}

/* How far below the baseline a run must fall, and how large the baseline
 * must be, for an alarm: half of it, and a drop that matters. */
static const struct measure {
  const char *name;
  int per_doc;      /* judged only on runs of MIN_DOCS documents or more */
  double min_base;  /* no alarm below this baseline */
  double min_drop;  /* nor for a smaller absolute drop */
} measures[] = {
    {"documents", 0, 5, 5},
    {"title_share", 1, 0.5, 0.3},
    {"date_share", 1, 0.5, 0.3},
    {"body_share", 1, 0.5, 0.3},
    {"body_chars", 1, MIN_BODY, MIN_BODY},
    {"findings_per_doc", 1, 0.5, 0.5},
};
#define N_MEASURES (sizeof(measures) / sizeof(*measures))

static double value_of(const af__yield *y, size_t i) {
  double n = y->docs ? (double)y->docs : 1;
  switch (i) {
  case 0: return (double)y->docs;
  case 1: return (double)y->with_title / n;
  case 2: return (double)y->with_date / n;
  case 3: return (double)y->with_body / n;
  case 4: return y->body_chars / n;
  default: return (double)y->findings / n;
  }
}

static void esc(char *out, size_t outlen, const char *v) {
  size_t o = 0;
  for (; *v && o + 3 < outlen; v++) {
    if (*v == '\\' || *v == '"' || *v == '\n')
      out[o++] = '\\';
    out[o++] = *v == '\n' ? 'n' : *v;
  }
  out[o] = '\0';
}

static int gauge(af__state *st, const char *family, const char *source,
                 const char *measure, double v) {
  char key[512], val[64], e[256];
  esc(e, sizeof(e), source);
  snprintf(key, sizeof(key), "%s{source=\"%s\",measure=\"%s\"}", family, e, measure);
  snprintf(val, sizeof(val), "%.6g", v);
  return af__state_kv_put(st, METRICS_SCOPE, key, val);
}

int af__drift_check(af__state *st, const char *source, const af__yield *y) {
  int alarms = 0, rc = 0;
  for (size_t i = 0; i < N_MEASURES; i++) {
    const struct measure *m = &measures[i];
    char key[256], *row = NULL, val[64];
    long runs = 0;
    double base = 0, v = value_of(y, i);
    int alarm = 0;
    if (m->per_doc && y->docs < MIN_DOCS)
      continue; /* too few documents to say anything per document */
    snprintf(key, sizeof(key), "%s\t%s", source, m->name);
    if (af__state_kv_get(st, BASE_SCOPE, key, &row) == 1 && row &&
        sscanf(row, "%ld %lf", &runs, &base) != 2)
      runs = 0;
    free(row);
    if (runs >= MIN_RUNS && base >= m->min_base && v < base * 0.5 &&
        base - v >= m->min_drop) {
      alarm = 1;
      alarms++;
      af__log_warn(source, "yield_drift",
                   "source=%s measure=%s value=%.3g baseline=%.3g runs=%ld "
                   "msg=\"far below this source's usual yield: has the site changed?\"",
                   source, m->name, v, base, runs);
    } else {
      double w = runs < 5 ? 1.0 / (double)(runs + 1) : 0.2;
      base = runs ? base + (v - base) * w : v;
      runs++;
      snprintf(val, sizeof(val), "%ld %.6g", runs, base);
      rc |= af__state_kv_put(st, BASE_SCOPE, key, val);
    }
    rc |= gauge(st, "auditfeed_source_yield", source, m->name, v);
    rc |= gauge(st, "auditfeed_source_yield_baseline", source, m->name, base);
    rc |= gauge(st, "auditfeed_source_yield_drift", source, m->name, alarm);
  }
  return rc < 0 ? rc : alarms;
}
