/* What each figure of a sentence is (its role) and when (its period),
 * read from the figure's own clause: the stretch of the sentence between
 * the figures before and after it.
 *
 * Role: the role cue (lexicon class role_cue) nearest the figure, before
 * it (not across a reporting verb, not inside its qualifier: "more than"
 * is no rise) or just after it ("87,000 more than planned", "a 69 per cent
 * increase"); a figure that is the base of a comparison ("than the 5.4
 * million intended") takes only the cue after it.  With no cue a
 * proportion followed by "of" is a share and anything else a level.
 *
 * Period: the nearest expression of time in the clause ("2017-18",
 * "between 2010-11 and 2017-18", "since 2010", "by 2020", "in March
 * 2017"), else the sentence's only one; kept as written, with its first
 * and last years. */
#include "norm_internal.h"

#include <stdlib.h>
#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool year_at(const char *t, size_t i, size_t hi, int *y);

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

/* The cue of [a, b) whose match ends nearest b (before) or starts nearest
 * a (after); *dist gets its distance in words from the figure. */
static const char *cue_in(const af__norm_rules *r, const char *t, size_t a,
                          size_t b, bool before, size_t *dist, size_t *where) {
  const af__lex_list *l = &r->lex[AF_LEX_ROLE_CUE];
  const char *best = NULL;
  size_t best_d = (size_t)-1, best_len = 0;

  for (size_t i = a; i < b;) {
    size_t which, mend, at = af__find_class(r, AF_LEX_ROLE_CUE, t, i, b,
                                            &which, &mend);
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
    if (d < best_d || (d == best_d && mend - at > best_len)) {
      best_d = d;
      best_len = mend - at;
      best = l->value[which];
      if (where)
        *where = at;
    }
    i = at + 1;
  }
  *dist = best_d;
  return best;
}

/* Is the figure the base of a comparison: "... than (the) <figure>"? */
static bool compared_base(const char *t, size_t lo, size_t fs) {
  size_t w = af__prev_word_start(t, lo, fs), we = af__word_end(t, w, fs);

  if (w < fs && af__match_at(t, w, we, "the", true) == we)
    w = af__prev_word_start(t, lo, w), we = af__word_end(t, w, fs);
  return w < fs && af__match_at(t, w, we, "than", true) == we;
}

/* "by 2020" within a few words after the figure. */
static bool by_year(const char *t, size_t fe, size_t hi) {
  size_t we = fwd_words(t, fe, hi, 5);

  for (size_t i = fe; i + 7 < we + 1; i++) {
    size_t m = af__match_at(t, i, we, "by", true);
    int y;
    if (m && (i == 0 || !af__is_word_cp((unsigned char)t[i - 1])) &&
        year_at(t, af__skip_space(t, m, we), we + 1 > hi ? hi : we, &y))
      return true;
  }
  return false;
}

static const char *role_of(const af__norm_rules *r, const char *t,
                           size_t lo, size_t hi, const af_figure *f,
                           size_t qstart, size_t *cue_at) {
  size_t ws = back_words(t, lo, qstart, 8), we, db = (size_t)-1, da;
  const char *before = NULL, *after;

  /* Not across a reporting verb: "the watchdog said 5,454". */
  for (;;) {
    size_t vend, v = af__find_class(r, AF_LEX_REPORT_VERB, t, ws, qstart,
                                    NULL, &vend);
    if (v == (size_t)-1)
      break;
    ws = vend;
  }
  bool part = strcmp(f->unit, "percent") == 0 || strcmp(f->unit, "ratio") == 0;

  if (!compared_base(t, lo, qstart))
    before = cue_in(r, t, ws, qstart, true, &db, cue_at);
  /* The base of a comparison is often followed by a clause of its own:
   * "than the 5.4 million the department had originally intended". */
  we = fwd_words(t, f->end, hi, compared_base(t, lo, qstart) ? 6 : 4);
  after = cue_in(r, t, f->end, we, false, &da, NULL);
  /* "22,000 of the most troubled families": only a proportion is a share. */
  if (!part && before && !strcmp(before, "share"))
    before = NULL;
  if (!part && after && !strcmp(after, "share"))
    after = NULL;
  /* "a million new homes by 2020": a quantity set for a future year. */
  if (!after && (!before || db > 2) && by_year(t, f->end, hi))
    return "target";
  if (after && (!before || da < db)) {
    *cue_at = (size_t)-1;
    return after;
  }
  if (before)
    return before;
  if (part) {
    size_t j = af__skip_space(t, f->end, hi);
    if (af__match_at(t, j, hi, "of", true))
      return "share";
  }
  return "level";
}

/* ---- periods ------------------------------------------------------------ */

typedef struct period {
  size_t s, e;
  int from, to; /* 0: open */
} period;

static bool year_at(const char *t, size_t i, size_t hi, int *y) {
  if (i + 4 > hi || !is_digit(t[i]) || !is_digit(t[i + 1]) ||
      !is_digit(t[i + 2]) || !is_digit(t[i + 3]) ||
      (i + 4 < hi && (is_digit(t[i + 4]) || t[i + 4] == 's')) || /* 2020s */
      (i > 0 && (is_digit(t[i - 1]) || t[i - 1] == ',' || t[i - 1] == '.')))
    return false;
  *y = atoi(t + i);
  return *y >= 1900 && *y <= 2100;
}

/* A year at i, with "-18", "/18" or "–18" for a financial year: returns
 * its end; *first and *last get the calendar years it spans. */
static size_t year_expr(const char *t, size_t i, size_t hi, int *first,
                        int *last) {
  int y;
  size_t e = i + 4, d = 0;

  if (!year_at(t, i, hi, &y))
    return 0;
  *first = *last = y;
  if (e < hi && (t[e] == '-' || t[e] == '/'))
    d = e + 1;
  else if (e + 3 <= hi && !strncmp(t + e, "\xE2\x80\x93", 3))
    d = e + 3;
  if (d && d + 2 <= hi && is_digit(t[d]) && is_digit(t[d + 1]) &&
      (d + 2 == hi || !is_digit(t[d + 2]))) {
    *last = y - y % 100 + (t[d] - '0') * 10 + (t[d + 1] - '0');
    if (*last < y)
      *last += 100;
    return d + 2;
  }
  return e;
}

static bool word_before(const char *t, size_t lo, size_t i, const char *w,
                        size_t *ws) {
  size_t s = af__prev_word_start(t, lo, i), e = af__word_end(t, s, i);

  if (s < i && af__match_at(t, s, e, w, true) == e) {
    *ws = s;
    return true;
  }
  return false;
}

/* Every expression of time in [lo, hi). */
static size_t find_periods(const af__norm_rules *r, const char *t, size_t lo,
                           size_t hi, period *out, size_t max) {
  size_t n = 0;

  for (size_t i = lo; i < hi && n < max; i++) {
    int a, b, c, d;
    size_t e = year_expr(t, i, hi, &a, &b), ws, s = i, j, e2;
    if (!e)
      continue;
    /* A month before it: "March 2017". */
    {
      size_t m = af__prev_word_start(t, lo, i), me = af__word_end(t, m, i);
      if (m < i && af__word_in_class(r, AF_LEX_MONTH, t, m, me, NULL))
        s = m;
    }
    period p = {s, e, a, b};
    /* "2010-11 to 2017-18", "between 2011 and March 2017". */
    j = af__skip_space(t, e, hi);
    e2 = af__match_at(t, j, hi, "to", true);
    if (!e2)
      e2 = af__match_at(t, j, hi, "and", true);
    if (e2) {
      size_t k = af__skip_space(t, e2, hi), mend = k;
      size_t me = af__word_end(t, k, hi);
      if (me > k && af__word_in_class(r, AF_LEX_MONTH, t, k, me, NULL))
        mend = af__skip_space(t, me, hi);
      size_t e3 = year_expr(t, mend, hi, &c, &d);
      if (e3) {
        p.e = e3;
        p.to = d;
        e = e3;
      }
    }
    if (word_before(t, lo, s, "since", &ws) || word_before(t, lo, s, "from", &ws)) {
      p.s = ws;
      if (p.e == e && p.to == b && !e2)
        p.to = 0;
    } else if (word_before(t, lo, s, "by", &ws) ||
               word_before(t, lo, s, "until", &ws)) {
      p.s = ws;
      p.from = 0;
    } else if (word_before(t, lo, s, "between", &ws) ||
               word_before(t, lo, s, "in", &ws) ||
               word_before(t, lo, s, "to", &ws) ||
               word_before(t, lo, s, "during", &ws)) {
      p.s = ws;
      if (af__match_at(t, ws, s, "to", true))
        p.from = 0;
    }
    out[n++] = p;
    i = p.e - 1;
  }
  /* "last year", "next year": a period with no years. */
  for (size_t i = lo; n < max;) {
    size_t which, mend, at = af__find_class(r, AF_LEX_PERIOD, t, i, hi, &which,
                                            &mend);
    if (at == (size_t)-1)
      break;
    out[n++] = (period){at, mend, 0, 0};
    i = mend;
  }
  return n;
}

/* Distance from a figure to a time expression: a clause boundary (comma,
 * semicolon, dash) between them counts for more than any run of words. */
static size_t gap(const char *t, size_t a, size_t b) {
  size_t d = b > a ? b - a : 0;

  for (size_t i = a; i < b; i++)
    if (t[i] == ',' || t[i] == ';' || t[i] == '(' || t[i] == ')' ||
        (t[i] == '-' && i > a && t[i - 1] == ' ') ||
        ((unsigned char)t[i] == 0xE2 && i + 2 < b &&
         (unsigned char)t[i + 1] == 0x80 &&
         ((unsigned char)t[i + 2] == 0x93 || (unsigned char)t[i + 2] == 0x94)))
      d += 1000;
  return d;
}

/* "Councils' net spending on planning fell by 38%": a change's measure is
 * the noun phrase before its verb, when nothing useful follows the figure.
 * Returns an arena string or NULL. */
static const char *subject_before(const af__norm_rules *r, af__arena *a,
                                  const char *t, size_t lo, size_t cue) {
  size_t cs = cue, ms = (size_t)-1, me = 0;

  while (cs > lo && t[cs - 1] != ',' && t[cs - 1] != ';' && t[cs - 1] != ':')
    cs--;
  for (size_t i = af__skip_space(t, cs, cue); i < cue;) {
    size_t we = af__word_end(t, i, cue);
    if (we == i) {
      i++;
      continue;
    }
    bool stop = af__word_in_class(r, AF_LEX_MEASURE_STOP, t, i, we, NULL) ||
                af__word_in_class(r, AF_LEX_MONTH, t, i, we, NULL) ||
                is_digit(t[i]);
    /* A possessive owner ("Councils'") is who, not what. */
    bool owner = (we < cue && t[we] == '\'') ||
                 (we > i + 2 && t[we - 2] == '\'' && t[we - 1] == 's');
    if (ms == (size_t)-1 && (stop || owner)) {
      i = we;
      continue;
    }
    if (ms == (size_t)-1)
      ms = i;
    if (!stop)
      me = we;
    i = we;
  }
  if (ms == (size_t)-1 || me <= ms || af__count_words(t, ms, me) > 6)
    return NULL;
  return af__arena_strndup(a, t + ms, me - ms);
}

/* A measure that names no quantity: none, or the cue itself ("increase"),
 * or "real terms". */
static bool weak_measure(const af__norm_rules *r, const char *m) {
  if (!m)
    return true;
  if (!strncmp(m, "real terms", 10) || !strncmp(m, "cash terms", 10))
    return true;
  return af__word_in_class(r, AF_LEX_ROLE_CUE, m, 0, af__word_end(m, 0, strlen(m)),
                           NULL);
}

void af__figure_set_years(af_figure *f, int from, int to) {
  f->start_year = from;
  f->end_year = to;
}

void af__figure_roles(const af__norm_rules *r, af__arena *a, const char *t,
                      size_t s, size_t e, af_figure *f, const size_t *qstart,
                      size_t n) {
  period ps[16];
  size_t np = find_periods(r, t, s, e, ps, 16);

  for (size_t k = 0; k < n; k++) {
    size_t lo = k ? f[k - 1].end : s, hi = k + 1 < n ? f[k + 1].start : e;
    const period *best = NULL;
    size_t best_d = (size_t)-1;
    size_t cue = (size_t)-1;
    /* In a target-versus-outcome sentence the caller may refine this. */
    f[k].role = role_of(r, t, lo, hi, &f[k], qstart[k], &cue);
    if (weak_measure(r, f[k].measure) || compared_base(t, lo, qstart[k])) {
      const char *m = NULL;
      if (cue != (size_t)-1 && !strcmp(f[k].role, "change"))
        m = subject_before(r, a, t, s, cue);
      /* "12.5 million meters, 7.1 million more than the 5.4 million":
       * the figures it is compared with measure the same thing. */
      if (!m && k && !strcmp(f[k - 1].unit, f[k].unit) && f[k - 1].measure &&
          !weak_measure(r, f[k - 1].measure))
        m = f[k - 1].measure;
      if (m)
        f[k].measure = m;
    }
    for (size_t p = 0; p < np; p++) {
      size_t d;
      if (ps[p].e <= lo || ps[p].s >= hi)
        continue;
      d = ps[p].s >= f[k].end ? gap(t, f[k].end, ps[p].s)
                              : gap(t, ps[p].e, f[k].start);
      if (d < best_d) {
        best_d = d;
        best = &ps[p];
      }
    }
    if (!best && np == 1)
      best = &ps[0];
    if (best) {
      f[k].period = af__arena_strndup(a, t + best->s, best->e - best->s);
      af__figure_set_years(&f[k], best->from, best->to);
    }
  }
}
