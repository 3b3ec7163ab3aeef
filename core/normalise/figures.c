/* Figure scanner: money, counts, percentages, points and ratios, with the
 * numbers that are not figures (years, dates, durations, ages, names,
 * footnote markers, cross-references to a report's paragraphs and
 * figures) left out. */
#include "norm_internal.h"

#include <auditfeed/errno.h>

#include <stdlib.h>
#include <string.h>

typedef struct fig_ctx {
  const af__norm_rules *r;
  af__arena *a;
  const char *t;
  size_t s, e;
  af__vec qstart; /* size_t: where each figure's qualifier starts */
} fig_ctx;

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Parse "1,234.5" at i; returns the end (i when there is no number). */
static size_t parse_number(const char *t, size_t i, size_t e, double *v,
                           bool *plain, size_t *ndigits) {
  char buf[64];
  size_t n = 0, j = i;

  *plain = true;
  *ndigits = 0;
  while (j < e && n < sizeof(buf) - 1) {
    if (is_digit(t[j])) {
      buf[n++] = t[j++];
      (*ndigits)++;
    } else if (t[j] == ',' && j > i && j + 3 < e && is_digit(t[j + 1]) &&
               is_digit(t[j + 2]) && is_digit(t[j + 3]) &&
               (j + 4 >= e || !is_digit(t[j + 4]))) {
      j++;
      *plain = false;
    } else if (t[j] == '.' && j + 1 < e && is_digit(t[j + 1]) && j > i) {
      buf[n++] = t[j++];
      *plain = false;
    } else {
      break;
    }
  }
  if (n == 0)
    return i;
  buf[n] = '\0';
  *v = strtod(buf, NULL);
  return j;
}

/* A spelled number ("seven", "twenty-five", "a") at i. */
static size_t parse_word_number(const fig_ctx *c, size_t i, double *v) {
  size_t we = af__word_end(c->t, i, c->e);
  const char *val;
  double total = 0;

  if (we == i)
    return i;
  if (we < c->e && c->t[we] == '-') {
    size_t we2 = af__word_end(c->t, we + 1, c->e);
    const char *v2;
    if (af__word_in_class(c->r, AF_LEX_NUMBER, c->t, i, we, &val) &&
        af__word_in_class(c->r, AF_LEX_NUMBER, c->t, we + 1, we2, &v2)) {
      *v = strtod(val, NULL) + strtod(v2, NULL);
      return we2;
    }
  }
  if (!af__word_in_class(c->r, AF_LEX_NUMBER, c->t, i, we, &val))
    return i;
  total = strtod(val, NULL);
  *v = total;
  return we;
}

/* Is t[s, e) exactly one of the class's phrases (ignoring case)?  Unlike
 * af__word_in_class this needs no word boundary before s ("5.3bn"). */
static bool word_is_class(const af__norm_rules *r, af__lex_class cls,
                          const char *t, size_t s, size_t e,
                          const char **value) {
  for (size_t k = 0; k < r->lex[cls].n; k++) {
    const char *p = r->lex[cls].phrase[k];
    size_t n = strlen(p), x;
    if (n != e - s)
      continue;
    for (x = 0; x < n; x++) {
      char a = t[s + x], b = p[x];
      if (a >= 'A' && a <= 'Z')
        a += 32;
      if (b >= 'A' && b <= 'Z')
        b += 32;
      if (a != b)
        break;
    }
    if (x == n) {
      *value = r->lex[cls].value[k];
      return true;
    }
  }
  return false;
}

/* Scale word right after the number ("bn", " million").  Returns end. */
static size_t parse_scale(const fig_ctx *c, size_t i, double *mult,
                          const char **name, bool allow_space) {
  size_t j = i, we;
  const char *val;

  if (allow_space && j < c->e && c->t[j] == ' ')
    j++;
  if (j == i && j < c->e && !((c->t[j] >= 'a' && c->t[j] <= 'z')))
    return i;
  we = af__word_end(c->t, j, c->e);
  if (we == j || !word_is_class(c->r, AF_LEX_SCALE, c->t, j, we, &val))
    return i;
  /* A lone "m" or "k" after a space is more likely a word than a scale. */
  if (j != i && we - j < 2)
    return i;
  *mult = strtod(val, NULL);
  *name = *mult >= 1e12 ? "trillion"
          : *mult >= 1e9 ? "billion"
          : *mult >= 1e6 ? "million"
                         : "thousand";
  return we;
}

static size_t match_after(const fig_ctx *c, size_t i, const char *phrase) {
  size_t j = af__skip_space(c->t, i, c->e);
  size_t m = af__match_at(c->t, j, c->e, phrase, true);
  return m;
}

/* Does a word of class `cls` end right before `at` (up to 3 words)? */
static const char *class_before(const fig_ctx *c, af__lex_class cls, size_t at,
                                size_t *from) {
  size_t ws = at;
  const char *best = NULL;

  for (int n = 0; n < 3 && ws > c->s; n++) {
    ws = af__prev_word_start(c->t, c->s, ws);
    for (size_t k = 0; k < c->r->lex[cls].n; k++) {
      size_t m = af__match_at(c->t, ws, at, c->r->lex[cls].phrase[k], true);
      if (m && af__skip_space(c->t, m, at) == at) {
        best = c->r->lex[cls].value[k] ? c->r->lex[cls].value[k]
                                       : c->r->lex[cls].phrase[k];
        if (from)
          *from = ws;
      }
    }
  }
  return best;
}

static bool word_class_after(const fig_ctx *c, size_t i, af__lex_class cls) {
  size_t j = af__skip_space(c->t, i, c->e);
  size_t we;

  if (j < c->e && c->t[j] == '-')
    j++;
  we = af__word_end(c->t, j, c->e);
  return we > j && af__word_in_class(c->r, cls, c->t, j, we, NULL);
}

static bool word_class_before(const fig_ctx *c, size_t i, af__lex_class cls) {
  size_t ws = af__prev_word_start(c->t, c->s, i);
  size_t we = af__word_end(c->t, ws, c->e);

  if (ws >= i || we > i)
    return false;
  return af__word_in_class(c->r, cls, c->t, ws, we, NULL);
}

/* "aged 16 to 18", "sections 114 and 115": the second number of a pair
 * whose first is an age or part of a name is one too. */
static bool pairs_with_named(const fig_ctx *c, size_t ps) {
  size_t w1 = af__prev_word_start(c->t, c->s, ps), w2;
  size_t e1 = af__word_end(c->t, w1, ps);

  if (w1 >= ps || !(af__match_at(c->t, w1, e1, "to", true) == e1 ||
                    af__match_at(c->t, w1, e1, "and", true) == e1 ||
                    af__match_at(c->t, w1, e1, "or", true) == e1))
    return false;
  w2 = af__prev_word_start(c->t, c->s, w1);
  if (w2 >= w1 || !is_digit(c->t[w2]))
    return false;
  /* "paragraphs 1.4 to 1.7": the first number may have a decimal part. */
  if (w2 > c->s + 1 && c->t[w2 - 1] == '.' && is_digit(c->t[w2 - 2]))
    w2 = af__prev_word_start(c->t, c->s, w2 - 1);
  return word_class_before(c, w2, AF_LEX_NAME_PREFIX) ||
         class_before(c, AF_LEX_NAME_PREFIX, w2, NULL);
}

/* "up from a third last year": a fraction with no "of" after it is a
 * quantity when a comparison leads it and no noun follows ("a third
 * party" is not). */
static bool fraction_stands_alone(const fig_ctx *c, size_t fs, size_t fe) {
  size_t j = af__skip_space(c->t, fe, c->e), we = af__word_end(c->t, j, c->e);

  if (!class_before(c, AF_LEX_FRACTION_LEAD, fs, NULL))
    return false;
  return we == j ||
         af__word_in_class(c->r, AF_LEX_MEASURE_STOP, c->t, j, we, NULL) ||
         af__word_in_class(c->r, AF_LEX_PERIOD, c->t, j, we, NULL);
}

/* "£1,200 per pupil": the unit the amount is counted in. */
static const char *per_after(const fig_ctx *c, size_t fe) {
  size_t j = af__skip_space(c->t, fe, c->e), m, we;

  m = af__match_at(c->t, j, c->e, "per", true);
  if (!m)
    return NULL;
  j = af__skip_space(c->t, m, c->e);
  we = af__word_end(c->t, j, c->e);
  if (we == j || af__match_at(c->t, j, we, "cent", true))
    return NULL;
  return af__arena_strndup(c->a, c->t + j, we - j);
}

static int emit(fig_ctx *c, af__vec *out, size_t fs, size_t fe, double v,
                const char *unit, const char *scale) {
  af_figure *f = af__vec_push(out);
  size_t qfrom = 0, *q = af__vec_push(&c->qstart);

  if (!f || !q)
    return AF_ENOMEM;
  f->raw = af__arena_strndup(c->a, c->t + fs, fe - fs);
  f->value = v;
  f->unit = unit;
  f->scale = scale;
  f->start = fs;
  f->end = fe;
  f->qualifier = class_before(c, AF_LEX_QUALIFIER, fs, &qfrom);
  *q = f->qualifier ? qfrom : fs;
  f->per = per_after(c, fe);
  if (!f->raw)
    return AF_ENOMEM;
  return 0;
}

/* "15 free hours", "18 working days": a duration with a word between. */
static bool unit_after_adjective(const fig_ctx *c, size_t i) {
  size_t j = af__skip_space(c->t, i, c->e), we = af__word_end(c->t, j, c->e);

  if (j == i || we == j || (c->t[j] >= '0' && c->t[j] <= '9') ||
      af__word_in_class(c->r, AF_LEX_MEASURE_STOP, c->t, j, we, NULL) ||
      af__word_in_class(c->r, AF_LEX_QUALIFIER, c->t, j, we, NULL))
    return false;
  return we < c->e && c->t[we] == ' ' &&
         word_class_after(c, we, AF_LEX_TIME_UNIT);
}

/* Ratio "nine in 10", "one in four" after a number ending at i. */
static size_t parse_ratio_tail(const fig_ctx *c, size_t i, double a,
                               double *v) {
  size_t m = af__match_at(c->t, i + (i < c->e && c->t[i] == ' '), c->e, "in",
                         true);
  if (!m) /* "two out of five" */
    m = af__match_at(c->t, i + (i < c->e && c->t[i] == ' '), c->e, "out of",
                    true);
  size_t j, k;
  double b = 0;
  bool plain;
  size_t nd;

  if (!m || i >= c->e || c->t[i] != ' ')
    return i;
  j = af__skip_space(c->t, m, c->e);
  k = parse_number(c->t, j, c->e, &b, &plain, &nd);
  if (k == j)
    k = parse_word_number(c, j, &b);
  if (k == j || b <= 0 || a > b || a <= 0 || (b > 100 && b != 1000))
    return i;
  if (k < c->e && af__is_word_cp((unsigned char)c->t[k]))
    return i;
  *v = a / b;
  return k;
}

/* "three times as much", "14.4 times higher": a number before "times"
 * and a comparison is a multiple of another quantity, a ratio; "three
 * times a year" counts occasions.  Returns the end of "times", or 0. */
static size_t multiple_tail(const fig_ctx *c, size_t i) {
  size_t j = af__skip_space(c->t, i, c->e);
  size_t m = j > i ? af__match_at(c->t, j, c->e, "times", true) : 0;

  return m && word_class_after(c, m, AF_LEX_MULTIPLE) ? m : 0;
}

/* "nine of the 14 projects": a spelled number is a count when a total in
 * digits follows it; "one of the most" and "two of them" are not. */
static bool partitive(const fig_ctx *c, size_t i) {
  static const char *const of[] = {"of the", "of its", "of their"};
  size_t j = af__skip_space(c->t, i, c->e), m = 0;

  for (size_t k = 0; k < sizeof(of) / sizeof(of[0]) && !m; k++)
    m = af__match_at(c->t, j, c->e, of[k], true);
  if (!m)
    return false;
  j = af__skip_space(c->t, m, c->e);
  return j > m && j < c->e && is_digit(c->t[j]);
}

static size_t percent_tail(const fig_ctx *c, size_t i, const char **unit) {
  size_t m;

  if (i < c->e && c->t[i] == '%') {
    *unit = "percent";
    return i + 1;
  }
  if ((m = match_after(c, i, "per cent")) || (m = match_after(c, i, "percent"))) {
    *unit = "percent";
    return m;
  }
  if ((m = match_after(c, i, "percentage points")) ||
      (m = match_after(c, i, "percentage point"))) {
    *unit = "pp";
    return m;
  }
  if (i + 2 <= c->e && c->t[i] == 'p' && c->t[i + 1] == 'p' &&
      (i + 2 == c->e || !af__is_word_cp((unsigned char)c->t[i + 2]))) {
    *unit = "pp";
    return i + 2;
  }
  return 0;
}

/* "£3.2bn", "$40", "€5m": the sign names the currency of the number that
 * follows; a sign with no number after it is not a figure. */
static int scan_money(fig_ctx *c, size_t i, size_t l, unsigned cp, af__vec *out,
                      size_t *next) {
  const char *cur = cp == 0xA3 ? "GBP" : cp == '$' ? "USD" : "EUR";
  const char *scale = NULL;
  double v = 0, mult = 1;
  bool plain;
  size_t nd, j = i + l, k;

  k = parse_number(c->t, j, c->e, &v, &plain, &nd);
  if (k == j)
    return 0;
  k = parse_scale(c, k, &mult, &scale, true);
  *next = k;
  return emit(c, out, i, k, v * mult, cur, scale);
}

/* "10-14%": a range of percentages, not a date or an age band.  The number
 * v runs from ps to k, where a hyphen and a digit follow.  Returns 1 when
 * it emitted the pair, 0 when the hyphen is no range, <0 on error. */
static int scan_percent_range(fig_ctx *c, size_t ps, size_t k, double v,
                              af__vec *out, size_t *next) {
  const char *unit = NULL;
  double v2;
  bool plain2;
  size_t nd2, j, k2 = parse_number(c->t, k + 1, c->e, &v2, &plain2, &nd2);
  af_figure *lo;
  int rc;

  if (!(j = percent_tail(c, k2, &unit)) || v > v2)
    return 0;
  rc = emit(c, out, ps, k, v, unit, NULL);
  if (rc < 0)
    return rc;
  rc = emit(c, out, k + 1, j, v2, unit, NULL);
  if (rc < 0)
    return rc;
  lo = (af_figure *)out->v + out->n - 2;
  lo[0].range = "low";
  lo[1].range = "high";
  *next = j;
  return 1;
}

/* A bare count from ps to j (scale included) that its neighbours show to
 * be something else: a duration, a date, a name's number. */
static bool count_is_not_a_figure(const fig_ctx *c, size_t ps, size_t j) {
  return word_class_after(c, j, AF_LEX_TIME_UNIT) ||
         unit_after_adjective(c, j) || word_class_after(c, j, AF_LEX_MONTH) ||
         word_class_before(c, ps, AF_LEX_MONTH) ||
         word_class_before(c, ps, AF_LEX_NAME_PREFIX) ||
         class_before(c, AF_LEX_NAME_PREFIX, ps, NULL) ||
         pairs_with_named(c, ps);
}

/* A number written in digits at i: a percentage, a ratio, a multiple or a
 * count, unless it is part of a word, a code, a date or a year. */
static int scan_digits(fig_ctx *c, size_t i, af__vec *out, size_t *next) {
  const char *t = c->t;
  const char *unit = NULL, *scale = NULL;
  size_t l, j, k, nd, ps = i;
  double v = 0, mult = 1, rv;
  bool plain;

  if (i > c->s) {
    unsigned pc = af__cp_at(t, af__cp_before(t, c->s, i), i, &l);
    /* Footnote markers and codes: "growth3", "P3M"; "-18" of "2017-18". */
    if (af__is_word_cp(pc) || pc == '-' || pc == '/' || pc == '.' ||
        pc == ',' || pc == 0x2013 || pc == '*')
      return 0;
  }
  k = parse_number(t, i, c->e, &v, &plain, &nd);
  *next = k;
  if (k < c->e && t[k] == '-' && k + 1 < c->e && is_digit(t[k + 1]) &&
      nd <= 3) {
    int rc = scan_percent_range(c, ps, k, v, out, next);
    if (rc != 0)
      return rc < 0 ? rc : 0;
  }
  if (k < c->e && (t[k] == '/' || ((t[k] == '-' || t[k] == ':') &&
                                   k + 1 < c->e && is_digit(t[k + 1])))) {
    /* Dates, fiscal years, times, age bands: skip the whole token. */
    while (*next < c->e && (is_digit(t[*next]) || t[*next] == '/' ||
                            t[*next] == '-' || t[*next] == ':'))
      (*next)++;
    return 0;
  }
  if ((j = percent_tail(c, k, &unit))) {
    *next = j;
    return emit(c, out, ps, j, v, unit, NULL);
  }
  if ((j = parse_ratio_tail(c, k, v, &rv)) != k) {
    *next = j;
    return emit(c, out, ps, j, rv, "ratio", NULL);
  }
  if ((j = multiple_tail(c, k))) {
    *next = j;
    return emit(c, out, ps, j, v, "ratio", NULL);
  }
  j = parse_scale(c, k, &mult, &scale, true);
  if (j == k && k < c->e && af__is_word_cp((unsigned char)t[k]))
    return 0; /* "2nd", "9am", "A4" */
  if (j == k && plain && nd == 4 && v >= 1800 && v <= 2100)
    return 0; /* a year */
  if (count_is_not_a_figure(c, ps, j))
    return 0;
  if (ps > c->s && t[ps - 1] == '(' && j < c->e && t[j] == ')' && nd <= 2)
    return 0; /* list marker "(2)" */
  *next = j;
  return emit(c, out, ps, j, v * mult, "count", scale);
}

/* A phrase that is a ratio in words at the start of a word: "two-thirds
 * of councils" (a fraction of something), "twice as likely".  Returns 1
 * when it emitted one, 0 when none, <0 on error. */
static int scan_ratio_words(fig_ctx *c, size_t i, af__vec *out, size_t *next) {
  const char *t = c->t;
  const char *mv;
  size_t we = af__word_end(t, i, c->e);
  int rc;

  for (size_t q = 0; q < c->r->lex[AF_LEX_FRACTION].n; q++) {
    size_t m = af__match_at(t, i, c->e, c->r->lex[AF_LEX_FRACTION].phrase[q],
                           true);
    if (m && (af__match_at(t, af__skip_space(t, m, c->e), c->e, "of", true) ||
              fraction_stands_alone(c, i, m))) {
      *next = m;
      rc = emit(c, out, i, m, strtod(c->r->lex[AF_LEX_FRACTION].value[q], NULL),
                "ratio", NULL);
      return rc < 0 ? rc : 1;
    }
  }
  if (af__word_in_class(c->r, AF_LEX_MULTIPLE_WORD, t, i, we, &mv) &&
      word_class_after(c, we, AF_LEX_MULTIPLE)) {
    *next = we;
    rc = emit(c, out, i, we, strtod(mv, NULL), "ratio", NULL);
    return rc < 0 ? rc : 1;
  }
  return 0;
}

/* A number spelled in words at the start of a word: a percentage, a ratio,
 * a multiple, a large scaled total, or a small count that its context
 * shows to be a quantity. */
static int scan_number_words(fig_ctx *c, size_t i, af__vec *out, size_t *next) {
  const char *t = c->t;
  const char *unit = NULL, *scale = NULL;
  size_t j, k;
  double v = 0, mult = 1, rv;
  int rc = scan_ratio_words(c, i, out, next);

  if (rc != 0)
    return rc < 0 ? rc : 0;
  k = parse_word_number(c, i, &v);
  if (k == i) {
    *next = af__word_end(t, i, c->e);
    if (*next == i)
      *next = i + 1;
    return 0;
  }
  *next = k;
  if ((j = percent_tail(c, k, &unit)) && strcmp(unit, "percent") == 0) {
    *next = j;
    return emit(c, out, i, j, v, unit, NULL);
  }
  if ((j = parse_ratio_tail(c, k, v, &rv)) != k) {
    *next = j;
    return emit(c, out, i, j, rv, "ratio", NULL);
  }
  if ((j = multiple_tail(c, k))) {
    *next = j;
    return emit(c, out, i, j, v, "ratio", NULL);
  }
  j = parse_scale(c, k, &mult, &scale, true);
  if (j != k && mult >= 1e6) {
    *next = j;
    return emit(c, out, i, j, v * mult, "count", scale);
  }
  /* Small spelled numbers are mostly not quantities ("one of the
   * most", "two reports"); a total after them or a limiting word
   * before them says they are. */
  if (j == k && v >= 1 && v < 100 && !word_class_after(c, k, AF_LEX_TIME_UNIT) &&
      !unit_after_adjective(c, k) &&
      (partitive(c, k) ||
       (v >= 2 && class_before(c, AF_LEX_COUNT_LEAD, i, NULL))))
    return emit(c, out, i, k, v, "count", NULL);
  return 0;
}

/* One figure, or none, at i; *next is where scanning goes on.  Money,
 * digits and words each have their own reading. */
static int scan_at(fig_ctx *c, size_t i, af__vec *out, size_t *next) {
  const char *t = c->t;
  size_t l;
  unsigned cp = af__cp_at(t, i, c->e, &l);

  *next = i + (l ? l : 1);
  if (cp == 0xA3 || cp == '$' || cp == 0x20AC)
    return scan_money(c, i, l, cp, out, next);
  if (is_digit(t[i]))
    return scan_digits(c, i, out, next);
  if (af__is_word_cp(cp) && (i == c->s || !af__is_word_cp(af__cp_at(
                                              t, af__cp_before(t, c->s, i), i, &l))))
    return scan_number_words(c, i, out, next);
  return 0;
}

/* "between 10 and 14 cases": the pair is a range; the low end takes the
 * unit and scale of the high end when it was written without them. */
static void mark_ranges(fig_ctx *c, af_figure *f, size_t n) {
  for (size_t k = 0; k + 1 < n; k++) {
    size_t ws = af__prev_word_start(c->t, c->s, f[k].start);
    size_t m = af__match_at(c->t, ws, f[k].start, "between", true);
    size_t g = af__skip_space(c->t, f[k].end, f[k + 1].start);
    size_t a = af__match_at(c->t, g, f[k + 1].start, "and", true);
    /* "from 19.0 to 17.6 points": a change, not a range, but the first
     * figure is written without its unit all the same. */
    bool from = !m && af__match_at(c->t, ws, f[k].start, "from", true);
    if (!a || from)
      a = af__match_at(c->t, g, f[k + 1].start, "to", true);
    if ((!m && !from) || !a ||
        af__skip_space(c->t, a, f[k + 1].start) != f[k + 1].start)
      continue;
    if (!from) {
      f[k].range = "low";
      f[k + 1].range = "high";
      f[k].qualifier = NULL;
    }
    if (strcmp(f[k].unit, "count") == 0 && strcmp(f[k + 1].unit, "count")) {
      f[k].unit = f[k + 1].unit;
      if (f[k + 1].scale && !f[k].scale) {
        double mult = strcmp(f[k + 1].scale, "billion") == 0   ? 1e9
                      : strcmp(f[k + 1].scale, "million") == 0 ? 1e6
                                                               : 1e3;
        f[k].value *= mult;
        f[k].scale = f[k + 1].scale;
      }
    }
  }
}

int af__scan_figures(const af__norm_rules *r, af__arena *a, const char *t,
                    size_t s, size_t e, af__vec *out) {
  fig_ctx c = {r, a, t, s, e, {0}};
  size_t i = s, first = out->n;

  af__vec_init(&c.qstart, sizeof(size_t));
  while (i < e) {
    size_t next, l;
    /* A cross-reference's numbers are places in a report, not figures. */
    if (af__is_word_cp(af__cp_at(t, i, e, &l)) &&
        (i == s || !af__is_word_cp(af__cp_at(t, af__cp_before(t, s, i), i, &l)))) {
      size_t x = af__xref_end(r, t, i, e);
      if (x > i) {
        i = x;
        continue;
      }
    }
    int rc = scan_at(&c, i, out, &next);
    if (rc < 0) {
      af__vec_free(&c.qstart);
      return rc;
    }
    i = next > i ? next : i + 1;
  }
  if (out->n > first) {
    af_figure *f = (af_figure *)out->v + first;
    /* Figures the scanner dropped after emitting them (none today) would
     * leave qstart longer; roles read only the first n. */
    mark_ranges(&c, f, out->n - first);
    if (c.qstart.n >= out->n - first)
      af__figure_roles(r, a, t, s, e, f,
                       (const size_t *)c.qstart.v + (c.qstart.n - (out->n - first)),
                       out->n - first);
  }
  af__vec_free(&c.qstart);
  return 0;
}
