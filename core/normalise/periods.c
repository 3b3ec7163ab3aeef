/* When each figure of a sentence holds (its period): the expressions of
 * time in the sentence ("2017-18", "between 2010-11 and 2017-18", "since
 * 2010", "by 2020", "in the year to March 2016", "since the scheme was
 * launched in 2015", "over the same period"), and for each figure the
 * nearest one in its clause, else the sentence's only one; kept as
 * written, with its first and last years.  A date inside an earlier
 * coordinated clause stays there unless it opens the sentence.  "Over the
 * same period" is marked (years -1) for the caller that reads the whole
 * text (finding.c) to fill in. */
#include "norm_internal.h"

#include <stdlib.h>
#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

typedef struct period {
  size_t s, e;
  int from, to; /* 0: open */
} period;

bool af__year_at(const char *t, size_t i, size_t hi, int *y) {
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

  if (!af__year_at(t, i, hi, &y))
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

/* "since the terms were first agreed in 2013": a year inside a clause
 * opened by "since" (a few words back, no comma between) marks where the
 * period starts.  *ws gets the start of "since". */
static bool since_clause(const char *t, size_t lo, size_t ys, size_t *ws) {
  size_t i = ys, in;

  if (!word_before(t, lo, ys, "in", &in))
    return false;
  i = in;
  for (int n = 0; n < 6 && i > lo; n++) {
    size_t w = af__prev_word_start(t, lo, i);
    for (size_t k = w; k < i; k++)
      if (t[k] == ',' || t[k] == ';' || t[k] == ':')
        return false;
    if (af__match_at(t, w, af__word_end(t, w, i), "since", true) ==
        af__word_end(t, w, i)) {
      *ws = w;
      return true;
    }
    i = w;
  }
  return false;
}

/* "by the mid-2020s", "by the middle of the 2020s", "by the end of the
 * 2020s": a point in a decade, appended to out[n..max); returns the new n. */
static size_t decade_periods(const char *t, size_t lo, size_t hi, period *out,
                             size_t n, size_t max) {
  for (size_t i = lo; i + 5 <= hi && n < max; i++) {
    size_t ps, ws;
    int dec, at = 0;
    if (!is_digit(t[i]) || !is_digit(t[i + 1]) || !is_digit(t[i + 2]) ||
        t[i + 3] != '0' || t[i + 4] != 's' || (i > lo && is_digit(t[i - 1])))
      continue;
    dec = atoi(t + i);
    if (dec < 1900 || dec > 2100)
      continue;
    if (i >= lo + 4 && t[i - 1] == '-' &&
        af__match_at(t, i - 4, i - 1, "mid", true)) {
      at = 5;
      ps = i - 4;
    } else if (word_before(t, lo, i, "the", &ws) &&
               word_before(t, lo, ws, "of", &ps)) {
      if (word_before(t, lo, ps, "middle", &ps))
        at = 5;
      else if (word_before(t, lo, ps, "end", &ps))
        at = 9;
    }
    if (!at)
      continue;
    period p = {ps, i + 5, dec + at, dec + at};
    if (word_before(t, lo, ps, "the", &ws))
      ps = ws;
    if (word_before(t, lo, ps, "by", &ws) || word_before(t, lo, ps, "until", &ws)) {
      p.s = ws;
      p.from = 0;
    } else if (word_before(t, lo, ps, "in", &ws)) {
      p.s = ws;
    }
    out[n++] = p;
    i += 4;
  }
  return n;
}

/* Every expression of time in [lo, hi). */
static size_t find_periods(const af__norm_rules *r, const char *t, size_t lo,
                           size_t hi, period *out, size_t max) {
  size_t n = 0;

  for (size_t i = lo; i < hi && n < max; i++) {
    int a, b, c, d;
    size_t e = year_expr(t, i, hi, &a, &b), ws, ws2, s = i, j, e2;
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
    if (word_before(t, lo, s, "since", &ws) || word_before(t, lo, s, "from", &ws) ||
        since_clause(t, lo, s, &ws)) {
      p.s = ws;
      if (p.e == e && p.to == b && !e2)
        p.to = 0;
    } else if (word_before(t, lo, s, "to", &ws) &&
               (word_before(t, lo, ws, "year", &ws2) ||
                word_before(t, lo, ws, "months", &ws2))) {
      /* "in the year to March 2016", "the 12 months to June 2019": the
       * year before the date. */
      p.s = ws2;
      p.from = p.to - 1;
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
  n = decade_periods(t, lo, hi, out, n, max);
  /* "over the same period": years given before, filled in by the caller
   * that reads the whole text (marked -1 until then). */
  for (size_t i = lo; n < max;) {
    size_t mend, at = af__find_class(r, AF_LEX_PERIOD_ANAPHOR, t, i, hi, NULL,
                                     &mend);
    if (at == (size_t)-1)
      break;
    out[n++] = (period){at, mend, -1, -1};
    i = mend;
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

/* Does the time expression at ps open the sentence at s ("In 2021-22,
 * ...", "Over the same period the number ...")?  At most one word (its
 * preposition) before it. */
static bool fronted(const char *t, size_t s, size_t ps) {
  size_t i = af__skip_space(t, s, ps);
  return i >= ps || af__word_end(t, i, ps) >= ps ||
         af__skip_space(t, af__word_end(t, i, ps), ps) >= ps;
}

/* Between a and b, a break between coordinated clauses: a semicolon or
 * ", and" (not ", while", ", but": those set a clause against the one
 * before within the same frame of time). */
static bool coordinated_break(const char *t, size_t a, size_t b) {
  for (size_t i = a; i < b; i++) {
    if (t[i] == ';')
      return true;
    if (t[i] == ',') {
      size_t j = af__skip_space(t, i + 1, b);
      if (af__match_at(t, j, b, "and", true))
        return true;
    }
  }
  return false;
}

void af__figure_set_years(af_figure *f, int from, int to) {
  f->start_year = from;
  f->end_year = to;
}

void af__figure_periods(const af__norm_rules *r, af__arena *a, const char *t,
                        size_t s, size_t e, af_figure *f, const size_t *qstart,
                        size_t n) {
  period ps[16];
  size_t np = find_periods(r, t, s, e, ps, 16);

  for (size_t k = 0; k < n; k++) {
    size_t lo = k ? f[k - 1].end : s, hi = k + 1 < n ? f[k + 1].start : e;
    const period *best = NULL;
    size_t best_d = (size_t)-1, ws0;
    for (size_t p = 0; p < np; p++) {
      size_t d;
      if (ps[p].e <= lo || ps[p].s >= hi)
        continue;
      /* "an extra £410m this year ..., and we have invested £270m",
       * "estimated in 2013 that ...; its latest estimate is £2.8bn": a date
       * inside an earlier coordinated clause is that clause's, unless it
       * opens the sentence ("Over the same period X rose ..., and Y"). */
      if (ps[p].e <= qstart[k] && !fronted(t, s, ps[p].s) &&
          coordinated_break(t, ps[p].e, qstart[k]))
        continue;
      d = ps[p].s >= f[k].end ? gap(t, f[k].end, ps[p].s)
                              : gap(t, ps[p].e, f[k].start);
      if (d < best_d) {
        best_d = d;
        best = &ps[p];
      }
    }
    /* The sentence's only date, unless it is the base a change is
     * measured against ("up 20% on 2016"): that is not the level's date. */
    if (!best && np == 1 &&
        !(ps[0].e <= qstart[k] && !fronted(t, s, ps[0].s) &&
          coordinated_break(t, ps[0].e, qstart[k])) &&
        !word_before(t, s, ps[0].s, "on", &ws0) &&
        !word_before(t, s, ps[0].s, "with", &ws0) &&
        !word_before(t, s, ps[0].s, "than", &ws0))
      best = &ps[0];
    if (best) {
      const period *now = NULL;
      size_t ws;
      f[k].period = af__arena_strndup(a, t + best->s, best->e - best->s);
      af__figure_set_years(&f[k], best->from, best->to);
      /* "was 77,240 in March 2017, up 60% on March 2011": a change
       * measured against a base date runs from the base to the sentence's
       * later date. */
      if (!strcmp(f[k].role, "change") && best->from && best->from == best->to &&
          (word_before(t, s, best->s, "on", &ws) ||
           word_before(t, s, best->s, "with", &ws) ||
           word_before(t, s, best->s, "than", &ws)))
        for (size_t p = 0; p < np; p++)
          if (ps[p].to > best->from && (!now || ps[p].to > now->to))
            now = &ps[p];
      if (now) {
        size_t ns = now->s, ne = now->e;
        /* "in March 2017": the date itself, without its preposition. */
        if (af__match_at(t, ns, ne, "in", true))
          ns = af__skip_space(t, af__match_at(t, ns, ne, "in", true), ne);
        char *txt = af__arena_alloc(a, (best->e - best->s) + (ne - ns) + 5);
        if (txt) {
          memcpy(txt, t + best->s, best->e - best->s);
          memcpy(txt + (best->e - best->s), " to ", 4);
          memcpy(txt + (best->e - best->s) + 4, t + ns, ne - ns);
          txt[(best->e - best->s) + 4 + (ne - ns)] = '\0';
          f[k].period = txt;
        }
        af__figure_set_years(&f[k], best->from, now->to);
      }
    }
  }
}
