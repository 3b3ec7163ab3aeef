/* The run's NAO reports: the catalogue news findings are linked to (the
 * state store's reports, and those met during the run), each report
 * document recorded as it arrives, and the misquote check: a figure a
 * news finding quotes from a report against the report's own figures.
 * Loop thread only (the state store is). */
#include "engine_int.h"

#include <stdlib.h>
#include <string.h>

#include <auditfeed/errno.h>

#include "catalogue.h"
#include "log.h"
#include "misquote.h"
#include "reports.h"

static int load_one(void *ctx, const char *id, const char *title,
                    const char *published, const char *hc, const char *url,
                    const char *bodies) {
  return af__catalogue_add(ctx, id, title, published, hc, url, bodies);
}

int af__engine_reports_open(af__engine *e) {
  int rc = af__reports_init(e->state);
  if (!rc)
    rc = af__reports_each(e->state, load_one, &e->catalogue);
  return rc;
}

void af__engine_reports_close(af__engine *e) {
  af__catalogue_free(&e->catalogue);
}

void af__engine_reports_snapshot(af__engine *e, af__doc *d) {
  d->reports = (const af__norm_report *const *)e->catalogue.v;
  d->n_reports = e->catalogue.n;
}

static bool is_report(const af__doc *d) {
  return d->pub.doc_kind && strcmp(d->pub.doc_kind, "nao_report") == 0;
}

/* The figures of findings (all of them, or those citing report_id) as
 * facts; *n gets the count.  Strings are borrowed from the document. */
static af__fig_fact *facts_of(const af__doc *d, const char *report_id,
                              size_t *n) {
  size_t cap = 0, k = 0;
  af__fig_fact *v;

  for (size_t i = 0; i < d->pub.n_findings; i++)
    cap += d->pub.findings[i]->n_figures;
  *n = 0;
  if (!cap)
    return NULL;
  v = calloc(cap, sizeof(*v));
  if (!v)
    return NULL;
  for (size_t i = 0; i < d->pub.n_findings; i++) {
    const af_finding *f = d->pub.findings[i];
    if (report_id && (!f->report || !f->report->id ||
                      strcmp(f->report->id, report_id) != 0))
      continue;
    for (size_t j = 0; j < f->n_figures; j++) {
      const af_figure *g = f->figures[j];
      v[k] = (af__fig_fact){.finding_id = f->id,
                            .doc_id = d->pub.id,
                            .raw = g->raw,
                            .unit = g->unit,
                            .role = g->role,
                            .measure = g->measure,
                            .qualifier = g->qualifier,
                            .value = g->value};
      if (AF_HAS_MEMBER(g, af_figure, end_year)) {
        v[k].from = g->start_year;
        v[k].to = g->end_year;
      }
      k++;
    }
  }
  *n = k;
  return v;
}

/* One figure checked against the other side's stored figures: it agrees
 * with one of them, or disagrees with (the closest of) some. */
typedef struct check {
  const af__fig_fact *mine;
  bool agrees;
  double rel;
  char *other_finding, *other_doc, *other_raw;
  double other_value;
} check;

static int check_one(void *ctx, const af__fig_fact *other) {
  check *c = ctx;
  double rel;

  if (c->agrees || !af__same_quantity(c->mine, other))
    return 0;
  if (!af__misquoted(c->mine, other, &rel)) {
    c->agrees = true;
    return 0;
  }
  if (c->other_finding && rel >= c->rel)
    return 0;
  free(c->other_finding);
  free(c->other_doc);
  free(c->other_raw);
  c->other_finding = other->finding_id ? strdup(other->finding_id) : NULL;
  c->other_doc = other->doc_id ? strdup(other->doc_id) : NULL;
  c->other_raw = other->raw ? strdup(other->raw) : NULL;
  c->other_value = other->value;
  c->rel = rel;
  return 0;
}

static af_finding *finding_by_id(af__doc *d, const char *id) {
  for (size_t i = 0; i < d->findings.n; i++)
    if (d->findings.v[i]->id && strcmp(d->findings.v[i]->id, id) == 0)
      return d->findings.v[i];
  return NULL;
}

/* Attach a discrepancy to the finding `mine` belongs to. */
static int attach(af__doc *d, const char *report_id, const check *c) {
  af_finding *f = finding_by_id(d, c->mine->finding_id);
  af_discrepancy *x;
  const af_discrepancy **v;

  if (!f)
    return 0;
  x = af__doc_alloc(d, sizeof(*x));
  v = af__doc_alloc(d, (f->n_discrepancies + 1) * sizeof(*v));
  if (!x || !v)
    return AF_ENOMEM;
  x->size = sizeof(*x);
  x->report_id = af__doc_strdup(d, report_id);
  x->other_finding = af__doc_strdup(d, c->other_finding);
  x->other_doc = af__doc_strdup(d, c->other_doc);
  x->raw = c->mine->raw;
  x->other_raw = af__doc_strdup(d, c->other_raw);
  x->value = c->mine->value;
  x->other_value = c->other_value;
  x->unit = c->mine->unit;
  x->relative = c->rel;
  if (f->n_discrepancies)
    memcpy(v, f->discrepancies, f->n_discrepancies * sizeof(*v));
  v[f->n_discrepancies] = x;
  f->discrepancies = v;
  f->n_discrepancies++;
  return 0;
}

/* Store what `d` says about report_id and check it against what the other
 * side (the report itself, or the news citing it) said before. */
static long check_report(af__engine *e, af__doc *d, const char *report_id,
                         int own) {
  size_t n;
  af__fig_fact *facts = facts_of(d, own ? NULL : report_id, &n);
  long found = 0;

  if (!n) {
    free(facts);
    return 0;
  }
  if (af__report_figs_replace(e->state, report_id, d->pub.id, own, facts, n) <
      0)
    af__log_warn("engine", "report_figures_failed", "trace=%s report=%s",
                 d->pub.trace_id, report_id);
  for (size_t k = 0; k < n; k++) {
    check c = {.mine = &facts[k]};
    if (af__report_figs_each(e->state, report_id, !own, d->pub.id, check_one,
                             &c) == 0 &&
        !c.agrees && c.other_finding) {
      if (attach(d, report_id, &c) == 0) {
        found++;
        af__log_info("engine", "discrepancy",
                     "trace=%s report=%s finding=%s other=%s raw=\"%s\" "
                     "other_raw=\"%s\" relative=%.3f",
                     d->pub.trace_id, report_id, facts[k].finding_id,
                     c.other_finding, facts[k].raw ? facts[k].raw : "",
                     c.other_raw ? c.other_raw : "", c.rel);
      }
    }
    free(c.other_finding);
    free(c.other_doc);
    free(c.other_raw);
  }
  free(facts);
  return found;
}

/* "HC 308" in the first pages of a report's text. */
static char *hc_of(const char *t) {
  for (size_t i = 0; t && t[i] && i < 20000; i++)
    if (t[i] == 'H' && t[i + 1] == 'C' && t[i + 2] == ' ' && t[i + 3] >= '0' &&
        t[i + 3] <= '9' && (i == 0 || t[i - 1] == ' ' || t[i - 1] == '\n' ||
                            t[i - 1] == '(')) {
      size_t j = i + 3;
      while (t[j] >= '0' && t[j] <= '9')
        j++;
      return strndup(t + i, j - i);
    }
  return NULL;
}

/* A report document: into the store and the run's catalogue. */
static void record_report(af__engine *e, af__doc *d) {
  char *hc = hc_of(d->pub.text);

  if (af__reports_put(e->state, d->pub.id, d->pub.title, d->pub.published, hc,
                      d->pub.canonical_url, NULL) < 0)
    af__log_warn("engine", "report_store_failed", "trace=%s id=%s",
                 d->pub.trace_id, d->pub.id);
  if (af__catalogue_add(&e->catalogue, d->pub.id, d->pub.title,
                        d->pub.published, hc, d->pub.canonical_url, NULL) < 0)
    e->stats.errors++;
  free(hc);
}

void af__engine_reports_route(af__engine *e, af__doc *d) {
  long found = 0;

  if (d->error)
    return;
  if (is_report(d)) {
    record_report(e, d);
    found = check_report(e, d, d->pub.id, 1);
  } else {
    /* Each report the document's findings cite, once. */
    for (size_t i = 0; i < d->pub.n_findings; i++) {
      const af_report_ref *r = d->pub.findings[i]->report;
      bool seen = false;
      if (!r || !r->id)
        continue;
      for (size_t j = 0; j < i && !seen; j++) {
        const af_report_ref *q = d->pub.findings[j]->report;
        seen = q && q->id && strcmp(q->id, r->id) == 0;
      }
      if (!seen)
        found += check_report(e, d, r->id, 0);
    }
  }
  e->stats.discrepancies += found;
}
