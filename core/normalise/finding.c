/* Building finding records: topic, figures, report, de-duplication (the
 * bodies are bodies.c's). */
#include "norm_doc.h"

#include <auditfeed/errno.h>

#include <string.h>

const char *af__topic_of(const af__doc *d, size_t s, size_t e) {
  const af__lex_list *l = &d->r->lex[AF_LEX_TOPIC];
  const char *best = NULL;
  size_t best_n = 0;

  /* Score each topic id by how many of its keywords occur. */
  for (size_t k = 0; k < l->n; k++) {
    size_t n = 0;
    bool seen_before = false;
    for (size_t j = 0; j < k; j++)
      if (strcmp(l->value[j], l->value[k]) == 0)
        seen_before = true;
    if (seen_before)
      continue;
    for (size_t j = k; j < l->n; j++) {
      size_t i = s, mend;
      if (strcmp(l->value[j], l->value[k]) != 0)
        continue;
      while (i < e) {
        size_t at = af__find_phrase(d->t, i, e, l->phrase[j], true, &mend);
        if (at == (size_t)-1)
          break;
        n++;
        i = mend;
      }
    }
    if (n > best_n) {
      best_n = n;
      best = l->value[k];
    }
  }
  return best;
}

/* Word tokens of [s, e) into `out` (at most max); returns the count. */
static size_t tokens(const char *t, size_t s, size_t e, af__span *out,
                     size_t max) {
  size_t n = 0, i = s;

  while (i < e && n < max) {
    size_t we = af__word_end(t, i, e);
    if (we > i) {
      out[n].s = i;
      out[n].e = we;
      n++;
      i = we;
    } else {
      i++;
    }
  }
  return n;
}

static bool same_word(const char *t, af__span a, af__span b) {
  if (a.e - a.s != b.e - b.s)
    return false;
  for (size_t x = 0; x < a.e - a.s; x++) {
    char c1 = t[a.s + x], c2 = t[b.s + x];
    if (c1 >= 'A' && c1 <= 'Z')
      c1 += 32;
    if (c2 >= 'A' && c2 <= 'Z')
      c2 += 32;
    if (c1 != c2)
      return false;
  }
  return true;
}

/* Token F1 of two spans, the measure near-duplicates are judged by. */
static double token_f1(const char *t, size_t as, size_t ae, size_t bs,
                       size_t be) {
  af__span ta[256], tb[256];
  bool used[256] = {false};
  size_t na = tokens(t, as, ae, ta, 256), nb = tokens(t, bs, be, tb, 256);
  size_t common = 0;
  double p, r;

  if (!na || !nb)
    return 0;
  for (size_t i = 0; i < na; i++)
    for (size_t j = 0; j < nb; j++)
      if (!used[j] && same_word(t, ta[i], tb[j])) {
        used[j] = true;
        common++;
        break;
      }
  p = (double)common / (double)nb;
  r = (double)common / (double)na;
  return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

/* Does "of the" / "of its" / "of their" come just before i? */
static bool part_whole(const char *t, size_t s, size_t i) {
  static const char *const lead[] = {"of the ", "of its ", "of their "};

  for (size_t k = 0; k < sizeof(lead) / sizeof(lead[0]); k++) {
    size_t l = strlen(lead[k]);
    if (i >= s + l && af__match_at(t, i - l, i, lead[k], true))
      return true;
  }
  return false;
}

/* Between two figures [a, b): "in <date> to" (at most five words), as in
 * "from £0.9bn in 2010-11 to £1.6bn". */
static bool dated_ends(const char *t, size_t a, size_t b) {
  size_t i = af__skip_space(t, a, b), m = af__match_at(t, i, b, "in", true);

  if (!m || af__count_words(t, a, b) > 5)
    return false;
  for (size_t j = m; j + 4 <= b; j++)
    if (!memcmp(t + j, " to ", 4) && j + 4 >= af__skip_space(t, j + 1, b))
      return af__skip_space(t, j + 3, b) == b;
  return false;
}

/* A text that nearly repeats a finding already kept: a standfirst
 * repeated in the body, say. */
static bool repeats_a_finding(const af__doc *d, size_t s, size_t e) {
  for (size_t k = 0; k < d->findings.n; k++) {
    const af_finding *o = (const af_finding *)d->findings.v + k;
    size_t la = o->span_end - o->span_start, lb = e - s;
    /* Texts of very different length cannot be near-duplicates. */
    if ((la < lb ? la : lb) * 10 < (la < lb ? lb : la) * 7)
      continue;
    if (token_f1(d->t, o->span_start, o->span_end, s, e) >= 0.9)
      return true;
  }
  return false;
}

/* The report the text at s is tied to, if any, as f's reference. */
static int cite_report(af__doc *d, af_finding *f, size_t s) {
  af__link l = af__report_for(d, s);
  if (!l.r && !l.title)
    return 0;
  af_report_ref *r = af__arena_alloc(d->a, sizeof(*r));
  if (!r)
    return AF_ENOMEM;
  r->size = sizeof(*r);
  if (l.r) {
    r->id = l.r->id;
    r->title = l.r->title;
    r->published = l.r->published;
    r->hc = l.r->hc;
    r->url = l.r->url;
  } else {
    r->title = l.title;
    r->hc = l.hc;
  }
  r->basis = l.basis;
  r->confidence = l.conf;
  f->report = r;
  return 0;
}

/* In a target-versus-outcome finding every figure that is not the
 * target (or money spent) is what actually happened. */
static void assign_outcome_roles(af__doc *d, size_t s, size_t e, af_figure *fv, size_t n) {
  size_t oc = af__find_class(d->r, AF_LEX_OUTCOME, d->t, s, e, NULL, NULL);
  size_t c = af__contrast_at(d, s, e);
  /* "had aimed to hold growth to 1.1%, but it grew by 2.6%": with no
   * outcome word, the plan's side of the contrast is the target. */
  bool plan_side = oc == (size_t)-1 && c != (size_t)-1 &&
                   af__find_class(d->r, AF_LEX_TARGET, d->t, s, c, NULL,
                                  NULL) != (size_t)-1;
  for (size_t k = 0; k < n; k++) {
    if (fv[k].role && (strcmp(fv[k].role, "target") == 0 ||
                       strcmp(fv[k].role, "spend") == 0))
      continue;
    if (plan_side) {
      fv[k].role = fv[k].end <= c ? "target" : "outcome";
      continue;
    }
    /* "six of the 21 companies met their targets": the whole a part
     * is taken from is neither plan nor result, unless its own clause
     * plans it ("206 of the 10,000 places it promised"). */
    if (part_whole(d->t, s, fv[k].start)) {
      size_t ce = fv[k].end;
      while (ce < e && d->t[ce] != ';' &&
             !(d->t[ce] == ',' && ce + 1 < e && d->t[ce + 1] == ' '))
        ce++;
      size_t te, t0 = af__find_class(d->r, AF_LEX_TARGET, d->t,
                                     fv[k].end, ce, NULL, &te);
      /* A plan verb on the whole ("it promised"), not the noun of the
       * part's own verb ("met their targets"). */
      if (t0 != (size_t)-1 &&
          !af__word_in_class(d->r, AF_LEX_PLAN_NOUN, d->t, t0, te, NULL))
        fv[k].role = "target";
      else if (!fv[k].role || !strcmp(fv[k].role, "outcome"))
        fv[k].role = "level";
      continue;
    }
    /* "planned to open 20,000 … in fact opened only 5,900". */
    fv[k].role = !fv[k].role && oc != (size_t)-1 && fv[k].end <= oc
                     ? "target"
                     : "outcome";
  }
}

/* The span of years the figures give, for a later "over the same period"
 * (af__figure_set_years). */
static void note_year_span(af__doc *d, const af_figure *fv, size_t n) {
  /* A span, not one financial year ("2016-17" runs over two calendar
   * years but is no period a later "the same period" refers to). */
  for (size_t k = 0; k < n; k++) {
    if (fv[k].start_year && fv[k].end_year > fv[k].start_year + 1) {
      d->span_from = fv[k].start_year;
      d->span_to = fv[k].end_year;
    }
    /* "rose from £0.9bn in 2010-11 to £1.6bn in 2016-17": one quantity
     * dated at both ends of a change spans the years between. */
    if (k && fv[k - 1].start_year && fv[k].end_year > fv[k - 1].start_year + 1 &&
        !strcmp(fv[k - 1].unit, fv[k].unit) && fv[k - 1].role && fv[k].role &&
        !strcmp(fv[k - 1].role, fv[k].role) && strcmp(fv[k].role, "target") &&
        strcmp(fv[k].role, "forecast") &&
        dated_ends(d->t, fv[k - 1].end, fv[k].start)) {
      d->span_from = fv[k - 1].start_year;
      d->span_to = fv[k].end_year;
    }
  }
}

/* The figures, copied into the arena, as f's; their roles and years
 * settled. */
static int attach_figures(af__doc *d, af_finding *f, const char *kind, size_t s, size_t e,
                          const af__vec *figs) {
  af_figure *fv = af__arena_alloc(d->a, figs->n * sizeof(*fv));
  const af_figure **fp = af__arena_alloc(d->a, figs->n * sizeof(*fp));
  if (!fv || !fp)
    return AF_ENOMEM;
  memcpy(fv, figs->v, figs->n * sizeof(*fv));
  if (strcmp(kind, "target_vs_outcome") == 0)
    assign_outcome_roles(d, s, e, fv, figs->n);
  for (size_t k = 0; k < figs->n; k++) {
    fv[k].size = sizeof(fv[k]);
    fp[k] = &fv[k];
    /* "Over the same period ...": the span of years given last. */
    if (fv[k].start_year < 0)
      af__figure_set_years(&fv[k], d->span_from, d->span_to);
  }
  note_year_span(d, fv, figs->n);
  f->figures = fp;
  f->n_figures = figs->n;
  return 0;
}

/* The speaker seen earlier (d->speakers[speaker]) as f's. */
static int name_speaker(af__doc *d, af_finding *f, int speaker) {
  const af__seen_speaker *sp = (const af__seen_speaker *)d->speakers.v + speaker;
  af_speaker *who = af__arena_alloc(d->a, sizeof(*who));
  if (!who)
    return AF_ENOMEM;
  who->size = sizeof(*who);
  who->name = sp->name;
  who->role = sp->role;
  who->organisation = sp->org;
  who->as_written = sp->as_written;
  f->speaker = who;
  return 0;
}

int af__add_finding(af__doc *d, const char *kind, size_t s, size_t e,
                   const char *attributed_to, int speaker) {
  af_finding *f;
  af__vec figs;
  int rc;

  if (repeats_a_finding(d, s, e))
    return 0;
  af__vec_init(&figs, sizeof(af_figure));
  rc = af__scan_figures(d->r, d->a, d->t, s, e, &figs);
  f = rc ? NULL : af__vec_push(&d->findings);
  if (!f) {
    af__vec_free(&figs);
    return rc ? rc : AF_ENOMEM;
  }
  f->size = sizeof(*f);
  f->kind = kind;
  f->text = af__arena_strndup(d->a, d->t + s, e - s);
  f->span_start = s;
  f->span_end = e;
  f->attributed_to = attributed_to;
  /* A summary across several reports belongs to none of them. */
  if (strcmp(attributed_to, "author_summary") != 0 && cite_report(d, f, s)) {
    af__vec_free(&figs);
    return AF_ENOMEM;
  }
  f->topic = af__topic_of(d, s, e);
  if (!f->topic)
    f->topic = d->doc_topic;
  if (figs.n && attach_figures(d, f, kind, s, e, &figs)) {
    af__vec_free(&figs);
    return AF_ENOMEM;
  }
  af__vec_free(&figs);
  if (speaker >= 0 && name_speaker(d, f, speaker))
    return AF_ENOMEM;
  rc = af__collect_bodies(d, f, s, e,
                          f->speaker && !strcmp(kind, "response")
                              ? f->speaker->organisation
                              : NULL);
  if (!f->text)
    return AF_ENOMEM;
  return rc;
}
