/* What each figure of a sentence is (its role) and when (its period),
 * read from the figure's own clause: the stretch of the sentence between
 * the figures before and after it.
 *
 * Role: the role cue (lexicon class role_cue) nearest the figure, before
 * it in its own clause (not across a reporting verb, a semicolon, ", and"
 * or "of which"; not inside its qualifier: "more than" is no rise) or just
 * after it ("87,000 more than planned", "a 69 per cent increase"); only
 * cues that can apply to the figure count (spend, budget and saving are
 * money; a share is a proportion).  A figure after "by" measures the verb
 * the "by" belongs to (by_verb: "overspent their budgets ... by £80m").  A
 * plan or forecast that governs the cue's verb wins ("aims to cut ... by",
 * "is expected to rise to", "expects it to cost"); the ends of a change
 * ("from 1,800 to 4,000") are levels; "has already been" after the figure
 * makes an outcome.  A figure that is the base of a comparison ("than the
 * 5.4 million intended") takes only the cue after it.  With no cue a
 * proportion followed by "of", after "of which", or written "one in five"
 * is a share and anything else a level.
 *
 * Then the grammar of the whole clause: a spending verb with "more than
 * <they had> budgeted" is an overrun; a future or conditional verb makes
 * the level or change it governs a forecast; a sum hung on a planned
 * clause ("at a cost of") is its budget; a part of a sum ("£240m of the
 * extra spending") is what the sum is.  Measures: measures.c; periods:
 * periods.c. */
#include "norm_internal.h"

#include <stdlib.h>
#include <string.h>


static size_t words_between(const char *t, size_t a, size_t b) {
  return a < b ? af__count_words(t, a, b) : 0;
}

/* Start of the window `n` words before i, not before lo. */
static size_t back_words(const char *t, size_t lo, size_t i, int n) {
  while (n-- > 0 && i > lo)
    i = af__prev_word_start(t, lo, i);
  return i;
}

static size_t fwd_words(const char *t, size_t i, size_t hi, int n) {
  while (n-- > 0 && i < hi) {
    size_t j = af__skip_space(t, i, hi);
    while (j < hi && !af__is_word_cp((unsigned char)t[j]) && t[j] != ' ')
      j++;
    size_t we = af__word_end(t, j, hi);
    if (we == j)
      break;
    i = we;
  }
  return i;
}

static bool is_money(const af_figure *f) {
  return !strcmp(f->unit, "GBP") || !strcmp(f->unit, "USD") ||
         !strcmp(f->unit, "EUR");
}

static bool is_part(const af_figure *f) {
  return !strcmp(f->unit, "percent") || !strcmp(f->unit, "ratio");
}

/* A cue's role as it can apply to this figure: spending, budgets and
 * savings are sums of money ("saved 300 lives" is no saving), an excess
 * over a plan in anything but money is a change, and only a proportion is
 * a share ("22,000 of the most troubled families"). */
static const char *fit(const char *role, const af_figure *f) {
  if (!role)
    return NULL;
  if (!is_money(f) && (!strcmp(role, "spend") || !strcmp(role, "budget") ||
                       !strcmp(role, "saving")))
    return NULL;
  if (!is_money(f) && !strcmp(role, "cost_overrun"))
    return "change";
  if (!is_part(f) && !strcmp(role, "share"))
    return NULL;
  return role;
}

static bool is_plan(const char *role) {
  return role && (!strcmp(role, "target") || !strcmp(role, "forecast"));
}

/* The cue of class c in [a, b) whose match ends nearest b (before) or
 * starts nearest a (after), among those that can apply to the figure;
 * *dist gets its distance in words from the figure. */
static const char *cue_in(const af__norm_rules *r, af__lex_class c,
                          const char *t, size_t a, size_t b, bool before,
                          const af_figure *f, size_t *dist, size_t *where) {
  const af__lex_list *l = &r->lex[c];
  const char *best = NULL;
  size_t best_d = (size_t)-1, best_len = 0;

  for (size_t i = a; i < b;) {
    size_t which, mend, at = af__find_class(r, c, t, i, b, &which, &mend);
    if (at == (size_t)-1)
      break;
    /* The longest cue starting here: "more than planned" over "more". */
    for (size_t k = 0; k < l->n; k++) {
      size_t m = af__match_at(t, at, b, l->phrase[k], true);
      if (m > mend) {
        mend = m;
        which = k;
      }
    }
    size_t d = before ? words_between(t, mend, b) : words_between(t, a, at);
    const char *role = fit(l->value[which], f);
    if (role && (d < best_d || (d == best_d && mend - at > best_len))) {
      best_d = d;
      best_len = mend - at;
      best = role;
      if (where)
        *where = at;
    }
    i = at + 1;
  }
  *dist = best_d;
  return best;
}

/* Is the word ending just before i (spaces skipped) `w`?  *ws gets its
 * start. */
static bool prev_word_is(const char *t, size_t lo, size_t i, const char *w,
                         size_t *ws) {
  size_t s = af__prev_word_start(t, lo, i), e = af__word_end(t, s, i);

  if (s < i && af__match_at(t, s, e, w, true) == e) {
    if (ws)
      *ws = s;
    return true;
  }
  return false;
}

/* Is the figure the base of a comparison: "... than (the) <figure>",
 * "compared with (the) <figure>"? */
static bool compared_base(const char *t, size_t lo, size_t fs) {
  size_t w;

  if (prev_word_is(t, lo, fs, "the", &w))
    fs = w;
  if (prev_word_is(t, lo, fs, "than", NULL))
    return true;
  return (prev_word_is(t, lo, fs, "with", &w) ||
          prev_word_is(t, lo, fs, "to", &w)) &&
         prev_word_is(t, lo, w, "compared", NULL);
}

/* The start of the clause holding position i, not before lo: after a
 * semicolon or colon, or a comma that opens a coordinated clause (", and",
 * ", but", ", while"), or after "of which" (*of_which set): what comes
 * before belongs to another clause. */
static size_t clause_start(const char *t, size_t lo, size_t i, bool *of_which) {
  static const char *const joins[] = {"and", "but", "while", "whereas",
                                      "although", "though", "yet"};
  size_t cs = lo;

  *of_which = false;
  for (size_t k = lo; k < i; k++) {
    if (t[k] == ';' || t[k] == ':') {
      cs = k + 1;
      *of_which = false;
    } else if (t[k] == ',') {
      size_t j = af__skip_space(t, k + 1, i), je = af__word_end(t, j, i);
      for (size_t x = 0; x < sizeof(joins) / sizeof(joins[0]); x++)
        if (je > j && af__match_at(t, j, je, joins[x], true) == je) {
          cs = k + 1;
          *of_which = false;
        }
    } else if ((k == lo || !af__is_word_cp((unsigned char)t[k - 1])) &&
               af__match_at(t, k, i, "of which", true)) {
      cs = af__match_at(t, k, i, "of which", true);
      *of_which = true;
    }
  }
  return cs;
}

/* "by 2020" within a few words after the figure. */
static bool by_year(const char *t, size_t fe, size_t hi) {
  size_t we = fwd_words(t, fe, hi, 5);

  for (size_t i = fe; i + 7 < we + 1; i++) {
    size_t m = af__match_at(t, i, we, "by", true);
    int y;
    if (m && (i == 0 || !af__is_word_cp((unsigned char)t[i - 1])) &&
        af__year_at(t, af__skip_space(t, m, we), we + 1 > hi ? hi : we, &y))
      return true;
  }
  return false;
}

/* A plan or forecast that governs the verb at `at`, in the clause
 * [cs, at): ending at most two words before it ("aims to cut ... by 10%",
 * "is expected to reach 40,000"), or four when the verb is an infinitive
 * ("expects the scheme to cost £2 billion"): the verb's figure is what is
 * planned or foreseen. */
static const char *plan_before(const af__norm_rules *r, const char *t,
                               size_t cs, size_t at, const af_figure *f) {
  size_t d;
  const char *p = cue_in(r, AF_LEX_ROLE_CUE, t, back_words(t, cs, at, 7), at,
                         true, f, &d, NULL);
  size_t most = prev_word_is(t, cs, at, "to", NULL) ? 4 : 2;
  return is_plan(p) && d <= most ? p : NULL;
}

/* "<figure> ... has already been / had already": what was done so far, in
 * the figure's own clause. */
static bool already_after(const char *t, size_t fe, size_t hi) {
  size_t we = fwd_words(t, fe, hi, 10);

  for (size_t i = fe; i < we; i++) {
    size_t m;
    if (t[i] == ',' || t[i] == ';' || t[i] == ':' || t[i] == '.')
      return false;
    if ((i && af__is_word_cp((unsigned char)t[i - 1])) ||
        !(m = af__match_at(t, i, we, "already", true)))
      continue;
    size_t ws;
    if (prev_word_is(t, fe, i, "has", &ws) || prev_word_is(t, fe, i, "have", &ws) ||
        prev_word_is(t, fe, i, "had", &ws) ||
        af__match_at(t, af__skip_space(t, m, we), we, "been", true))
      return true;
  }
  return false;
}

/* "overspent their budgets for social care by £610 million": a figure
 * after "by" measures the verb the "by" belongs to, however far back in
 * the clause it is.  Returns the verb's role (NULL: none) and sets *at. */
static const char *by_verb(const af__norm_rules *r, const char *t, size_t cs,
                           size_t qstart, const af_figure *f, size_t *at) {
  size_t by, d;

  if (!prev_word_is(t, cs, qstart, "by", &by))
    return NULL;
  return cue_in(r, AF_LEX_BY_VERB, t, back_words(t, cs, by, 16), by, true, f,
                &d, at);
}

static const char *role_of(const af__norm_rules *r, const char *t,
                           size_t lo, size_t hi, const af_figure *f,
                           size_t qstart, size_t *cue_at) {
  size_t ws, we, db = (size_t)-1, da, vat = (size_t)-1, ps;
  const char *before = NULL, *after, *verb, *plan;
  bool of_which, base = compared_base(t, lo, qstart);
  size_t cs = clause_start(t, lo, qstart, &of_which);

  ws = back_words(t, cs, qstart, 8);
  /* Not across a reporting verb: "the watchdog said 5,454"; an
   * infinitive reports nothing ("aims to find work for 22%"). */
  for (size_t from = ws;;) {
    size_t vend, v = af__find_class(r, AF_LEX_REPORT_VERB, t, from, qstart,
                                    NULL, &vend);
    if (v == (size_t)-1 || vend <= v)
      break;
    if (!prev_word_is(t, lo, v, "to", NULL))
      ws = vend;
    from = vend;
  }
  if (!base)
    before = cue_in(r, AF_LEX_ROLE_CUE, t, ws, qstart, true, f, &db, cue_at);
  verb = base ? NULL : by_verb(r, t, cs, qstart, f, &vat);
  if (verb) {
    /* The verb the "by" belongs to outranks any other cue before it, but
     * not a comparison right after the figure ("by 106,000 as targeted"). */
    plan = plan_before(r, t, cs, vat, f);
    before = plan ? plan : verb;
    db = 2; /* a cue in the next word or two after the figure still wins */
    *cue_at = vat;
  } else if (before && (!strcmp(before, "change") || !strcmp(before, "level") ||
                        !strcmp(before, "spend") || !strcmp(before, "saving")) &&
             *cue_at != (size_t)-1 && (plan = plan_before(r, t, cs, *cue_at, f))) {
    before = plan; /* "is expected to rise to 9,500" */
  }
  /* "rose from 1,800 to 4,000": the ends of a change are levels, or what
   * a cue before the change says they are ("the budget will rise from"). */
  if (before && !strcmp(before, "change") && !verb &&
      (prev_word_is(t, cs, qstart, "from", &ps) ||
       prev_word_is(t, cs, qstart, "to", &ps))) {
    size_t d2;
    const char *subj = *cue_at != (size_t)-1 && *cue_at > ws
                           ? cue_in(r, AF_LEX_ROLE_CUE, t, ws, *cue_at, true, f,
                                    &d2, NULL)
                           : NULL;
    before = subj && strcmp(subj, "change") ? subj : "level";
  }
  /* The base of a comparison is often followed by a clause of its own:
   * "than the 5.4 million the department had originally intended". */
  we = fwd_words(t, f->end, hi, base ? 6 : 4);
  after = cue_in(r, AF_LEX_ROLE_CUE, t, f->end, we, false, f, &da, NULL);
  /* Further on than the next word, a cue is the verb the figure is the
   * subject of ("eight in 10 forces had cut officers"), not its kind. */
  if (after && !base && da > 1 &&
      !(da <= 2 && (prev_word_is(t, lo, qstart, "a", NULL) ||
                    prev_word_is(t, lo, qstart, "an", NULL))))
    after = NULL; /* but "an 8% real-terms cut": the noun it qualifies */
  /* "aims to place 35% of its trainees": the plan outranks the share. */
  if (after && !strcmp(after, "share") && is_plan(before))
    after = NULL;
  /* "a million new homes by 2020": a quantity set for a future year. */
  if (!after && (!before || (db > 2 && strcmp(before, "forecast"))) &&
      by_year(t, f->end, hi))
    return "target"; /* but "expects to have built 3,500 by 2023" */
  /* A comparison right after the figure says what the figure is, even
   * against a verb right before it: "costing £64 million more than
   * planned". */
  if (after && (!before || da < db ||
                (da == 0 && db == 0 && (!strcmp(after, "cost_overrun") ||
                                        !strcmp(after, "change"))))) {
    *cue_at = (size_t)-1;
    return after;
  }
  if (before && strcmp(before, "level"))
    return before;
  if (already_after(t, f->end, hi))
    return "outcome";
  if (before)
    return before;
  if (is_part(f)) {
    size_t j = af__skip_space(t, f->end, hi);
    /* "of which 40%", "35% of the trains", "one in five hospitals". */
    if (of_which || af__match_at(t, j, hi, "of", true) ||
        (!strcmp(f->unit, "ratio") && f->raw &&
         (strstr(f->raw, " in ") || strstr(f->raw, " out of "))))
      return "share";
  }
  return "level";
}

/* "£872m more than they had budgeted for", "more than was originally
 * planned": right after the figure, a comparison whose object, a few
 * words on in the same clause, is a plan (lexicon class plan_base). */
static bool than_plan(const af__norm_rules *r, const char *t, size_t fe,
                      size_t hi) {
  static const char *const cmp[] = {"more than", "higher than",
                                    "greater than", "over and above"};
  size_t j = af__skip_space(t, fe, hi), m = 0;

  for (size_t x = 0; !m && x < sizeof(cmp) / sizeof(cmp[0]); x++)
    m = af__match_at(t, j, hi, cmp[x], true);
  if (!m)
    return false;
  size_t stop = fwd_words(t, m, hi, 5);
  for (size_t i = m; i < stop; i++)
    if (t[i] == ',' || t[i] == ';' || t[i] == ':' || t[i] == '.')
      stop = i;
  return af__find_class(r, AF_LEX_PLAN_BASE, t, m, stop, NULL, NULL) !=
         (size_t)-1;
}

/* A future or conditional verb (lexicon class future) in the figure's
 * clause, at most eight words before it, that governs it: no clause
 * break (";", ":", a relative "which"/"who" after a comma) in between.
 * "would add between £10 and £15", "said the plant would provide power
 * for six million homes". */
static bool future_governs(const af__norm_rules *r, const char *t, size_t cs,
                           size_t qs) {
  size_t ws = back_words(t, cs, qs, 8), mend = 0;
  size_t at = (size_t)-1;

  for (size_t i = ws;;) {
    size_t e2, a = af__find_class(r, AF_LEX_FUTURE, t, i, qs, NULL, &e2);
    if (a == (size_t)-1)
      break;
    at = a;
    i = mend = e2;
  }
  if (at == (size_t)-1)
    return false;
  /* "The scheme, which will close next year, has helped 18,000": the verb
   * is in a relative clause that closes before the figure. */
  for (size_t i = at; i > cs; i--)
    if (t[i - 1] == ',') {
      size_t j = af__skip_space(t, i, at);
      if ((af__match_at(t, j, at, "which", true) ||
           af__match_at(t, j, at, "who", true)) &&
          memchr(t + at, ',', qs - at))
        return false;
      break;
    }
  for (size_t i = at; i < qs; i++) {
    if (t[i] == ';' || t[i] == ':')
      return false;
    if (t[i] == ',') {
      size_t j = af__skip_space(t, i + 1, qs);
      if (af__match_at(t, j, qs, "which", true) ||
          af__match_at(t, j, qs, "who", true))
        return false;
    }
  }
  /* "would not": a denial is no forecast of the figure. */
  size_t n = af__skip_space(t, mend, qs);
  return !af__match_at(t, n, qs, "not", true);
}

/* "£2.5 billion to create 10,000": between a and b, "to" and one or two
 * words (the verb of a purpose clause), no punctuation. */
static bool purpose_between(const char *t, size_t a, size_t b) {
  size_t j = af__skip_space(t, a, b), m = af__match_at(t, j, b, "to", true);

  if (!m || m >= b || af__is_word_cp((unsigned char)t[m]))
    return false;
  for (size_t i = m; i < b; i++)
    if (t[i] == ',' || t[i] == ';' || t[i] == ':' || t[i] == '.')
      return false;
  size_t n = af__count_words(t, m, b);
  return n >= 1 && n <= 2;
}

/* A future or conditional word right before the verb at `at`. */
static bool future_before(const af__norm_rules *r, const char *t, size_t cs,
                          size_t at) {
  size_t ws = af__prev_word_start(t, cs, at), we = af__word_end(t, ws, at);
  return ws < at && af__word_in_class(r, AF_LEX_FUTURE, t, ws, we, NULL);
}

/* "£240m of the extra spending", "£12m of its budget": a sum followed by
 * "of" and, within four words, a noun of money with a role. */
static const char *part_of_sum(const af__norm_rules *r, const char *t,
                               const af_figure *f, size_t hi) {
  size_t j = af__skip_space(t, f->end, hi), of, d;
  const char *role;

  if (!is_money(f) || !(of = af__match_at(t, j, hi, "of", true)))
    return NULL;
  role = cue_in(r, AF_LEX_ROLE_CUE, t, of, fwd_words(t, of, hi, 4), false, f,
                &d, NULL);
  return role && (!strcmp(role, "cost_overrun") || !strcmp(role, "budget") ||
                  !strcmp(role, "saving"))
             ? role
             : NULL;
}

/* "at a cost of £920 million", ", costing £40m": a sum with no verb of
 * its own hangs on the clause before it. */
static bool cost_adjunct(const char *t, size_t lo, size_t qs) {
  size_t w, w2;

  if (prev_word_is(t, lo, qs, "costing", NULL))
    return true;
  if (!prev_word_is(t, lo, qs, "of", &w) || !prev_word_is(t, lo, w, "cost", &w))
    return false;
  if (prev_word_is(t, lo, w, "total", &w2) ||
      prev_word_is(t, lo, w, "estimated", &w2) ||
      prev_word_is(t, lo, w, "expected", &w2))
    w = w2;
  return (prev_word_is(t, lo, w, "a", &w2) || prev_word_is(t, lo, w, "an", &w2)) &&
         prev_word_is(t, lo, w2, "at", NULL);
}

/* The plan a sum hanging on a clause belongs to: a target or forecast
 * among the figures before it, else a target or forecast cue in the
 * sentence before it.  Returns "budget" (a planned programme's sum),
 * "forecast", or NULL. */
static const char *plan_of_clause(const af__norm_rules *r, const char *t,
                                  size_t s, size_t qs, const af_figure *f,
                                  size_t k) {
  const af__lex_list *l = &r->lex[AF_LEX_ROLE_CUE];
  const char *plan = NULL;

  for (size_t j = 0; j < k; j++)
    if (f[j].role && is_plan(f[j].role))
      plan = f[j].role;
  for (size_t i = s; !plan;) {
    size_t which, mend, at = af__find_class(r, AF_LEX_ROLE_CUE, t, i, qs,
                                            &which, &mend);
    if (at == (size_t)-1)
      break;
    if (is_plan(l->value[which]))
      plan = l->value[which];
    i = mend > at ? mend : at + 1;
  }
  if (!plan)
    return NULL;
  return !strcmp(plan, "target") ? "budget" : "forecast";
}

void af__figure_roles(const af__norm_rules *r, af__arena *a, const char *t,
                      size_t s, size_t e, af_figure *f, const size_t *qstart,
                      size_t n) {
  for (size_t k = 0; k < n; k++) {
    size_t lo = k ? f[k - 1].end : s, hi = k + 1 < n ? f[k + 1].start : e;
    size_t cue = (size_t)-1, ws0;
    /* In a target-versus-outcome sentence the caller may refine this. */
    f[k].role = role_of(r, t, lo, hi, &f[k], qstart[k], &cue);
    {
      bool ow;
      size_t cs = clause_start(t, lo, qstart[k], &ow);
      const char *p;
      size_t dv;
      /* "spent £872m more than they had budgeted for": what a spending
       * verb spent beyond a plan.  Without the verb ("which is £350m more
       * than they budgeted for") it is the difference, a change. */
      if ((!strcmp(f[k].role, "change") || !strcmp(f[k].role, "spend") ||
           !strcmp(f[k].role, "level")) &&
          than_plan(r, t, f[k].end, hi) &&
          (p = cue_in(r, AF_LEX_ROLE_CUE, t, back_words(t, cs, qstart[k], 2),
                      qstart[k], true, &f[k], &dv, NULL)) &&
          !strcmp(p, "spend"))
        f[k].role = "cost_overrun";
      /* "would add between £10 and £15 a year". */
      /* Not a figure that qualifies a noun of change: "would require a
       * 69 per cent increase" is the size of an increase. */
      else if ((!strcmp(f[k].role, "change") || !strcmp(f[k].role, "level")) &&
               !prev_word_is(t, lo, qstart[k], "a", NULL) &&
               !prev_word_is(t, lo, qstart[k], "an", NULL) &&
               future_governs(r, t, cs, qstart[k]))
        f[k].role = "forecast";
      /* "could cost taxpayers a further £330m", "will spend £2bn". */
      else if (!strcmp(f[k].role, "spend") && cue != (size_t)-1 &&
               future_before(r, t, cs, cue))
        f[k].role = "forecast";
      /* "Some £240m of the extra spending": a part of a sum is what the
       * sum is. */
      else if ((!strcmp(f[k].role, "level") || !strcmp(f[k].role, "spend")) &&
               (p = part_of_sum(r, t, &f[k], hi)))
        f[k].role = p;
      /* "spending £2.5 billion to create 10,000 places": what a sum is
       * spent to achieve is its aim. */
      else if (!strcmp(f[k].role, "level") && k && is_money(&f[k - 1]) &&
               f[k - 1].role &&
               (!strcmp(f[k - 1].role, "spend") ||
                !strcmp(f[k - 1].role, "budget") ||
                !strcmp(f[k - 1].role, "forecast")) &&
               purpose_between(t, f[k - 1].end, qstart[k]))
        f[k].role = "target";
      /* "aims to help 400,000 families, at a cost of £920 million". */
      else if (!strcmp(f[k].role, "spend") && cost_adjunct(t, lo, qstart[k]) &&
               (p = plan_of_clause(r, t, s, qstart[k], f, k)))
        f[k].role = p;
    }
    /* "save £1.7 billion through buying and £1.3 billion through staff":
     * a figure joined by "and" or "or", with no cue of its own, is what
     * the figure before it is. */
    if (k && !strcmp(f[k].role, "level") && strcmp(f[k - 1].role, "level") &&
        !strcmp(f[k].unit, f[k - 1].unit) &&
        (prev_word_is(t, lo, qstart[k], "and", &ws0) ||
         prev_word_is(t, lo, qstart[k], "or", &ws0)) &&
        !memchr(t + f[k - 1].end, ';', qstart[k] - f[k - 1].end) &&
        af__count_words(t, f[k - 1].end, qstart[k]) <= 8)
      f[k].role = f[k - 1].role;
    /* "ranged from 81% in Kent to 9% in Cumbria": the far end of a span
     * is what its near end is. */
    if (k && !strcmp(f[k].role, "level") && strcmp(f[k - 1].role, "level") &&
        !strcmp(f[k].unit, f[k - 1].unit) &&
        prev_word_is(t, lo, qstart[k], "to", &ws0) &&
        prev_word_is(t, k > 1 ? f[k - 2].end : s, qstart[k - 1], "from", &ws0) &&
        af__count_words(t, f[k - 1].end, qstart[k]) <= 4)
      f[k].role = f[k - 1].role;
  }
  af__figure_measures(r, a, t, s, e, f, qstart, n);
  af__figure_periods(r, a, t, s, e, f, qstart, n);
}
