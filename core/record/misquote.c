/* The misquote check (see misquote.h). */
#include "misquote.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Qualifiers that make a figure approximate: it agrees within a tenth. */
static const char *const approx[] = {"around", "almost", "nearly", "over",
                                     "more_than", "less_than", "up_to",
                                     "at_least"};

/* "5,278.5" as a number, commas dropped. */
static double strtod_commas(const char *p) {
  char buf[64];
  size_t n = 0;

  for (; *p && n + 1 < sizeof(buf); p++) {
    if (*p == ',')
      continue;
    if (!isdigit((unsigned char)*p) && *p != '.')
      break;
    buf[n++] = *p;
  }
  buf[n] = '\0';
  return strtod(buf, NULL);
}

static bool is_part(const char *unit) {
  return unit && (!strcmp(unit, "percent") || !strcmp(unit, "ratio"));
}

/* The value on a shared scale: ratios as percentages. */
static double scaled(const af__fig_fact *f) {
  return f->unit && !strcmp(f->unit, "ratio") ? f->value * 100 : f->value;
}

static bool same_unit(const af__fig_fact *a, const af__fig_fact *b) {
  if (!a->unit || !b->unit)
    return false;
  return !strcmp(a->unit, b->unit) || (is_part(a->unit) && is_part(b->unit));
}

static const char *role_or_level(const char *r) { return r ? r : "level"; }

/* Words of a measure, lower-cased, plural "s" and small words dropped. */
static size_t words(const char *s, char w[][24], size_t max) {
  static const char *const small[] = {"the", "of", "a", "an", "in", "on",
                                      "for", "to", "and", "by", "with",
                                      "its", "their", "at", "as"};
  size_t n = 0;

  while (s && *s && n < max) {
    size_t k = 0;
    while (*s && !isalnum((unsigned char)*s))
      s++;
    while (*s && (isalnum((unsigned char)*s) || *s == '-')) {
      if (k < 23)
        w[n][k++] = (char)tolower((unsigned char)*s);
      s++;
    }
    if (!k)
      break;
    w[n][k] = '\0';
    if (k > 3 && w[n][k - 1] == 's' && w[n][k - 2] != 's')
      w[n][k - 1] = '\0';
    bool skip = false;
    for (size_t q = 0; q < sizeof(small) / sizeof(small[0]); q++)
      skip |= !strcmp(w[n], small[q]);
    if (!skip)
      n++;
  }
  return n;
}

/* Most of the shorter measure's words are in the longer one. */
static bool same_measure(const char *a, const char *b) {
  char wa[16][24], wb[16][24];
  size_t na = words(a, wa, 16), nb = words(b, wb, 16), hit = 0;
  size_t shorter = na < nb ? na : nb;

  if (!shorter)
    return false;
  for (size_t i = 0; i < na; i++)
    for (size_t j = 0; j < nb; j++)
      if (!strcmp(wa[i], wb[j])) {
        hit++;
        break;
      }
  return hit * 3 >= shorter * 2;
}

static bool same_period(const af__fig_fact *a, const af__fig_fact *b) {
  if (a->from && b->from && a->from != b->from)
    return false;
  if (a->to && b->to && a->to != b->to)
    return false;
  return true;
}

bool af__same_quantity(const af__fig_fact *a, const af__fig_fact *b) {
  return same_unit(a, b) &&
         !strcmp(role_or_level(a->role), role_or_level(b->role)) &&
         same_measure(a->measure, b->measure) && same_period(a, b);
}

double af__written_step(const char *raw, double value) {
  const char *p = raw, *digits = NULL;
  size_t decimals = 0, trailing = 0;
  double mant, scale;

  if (!raw)
    return 0;
  while (*p && !isdigit((unsigned char)*p))
    p++;
  if (!*p)
    return 0; /* spelled out: "a third", "seven": see the qualifier rule */
  digits = p;
  /* The number as written, and how many decimals or trailing zeros. */
  for (; *p && (isdigit((unsigned char)*p) || *p == ',' || *p == '.'); p++) {
    if (*p == '.') {
      decimals = 0;
      for (const char *q = p + 1; isdigit((unsigned char)*q); q++)
        decimals++;
      break;
    }
  }
  mant = strtod_commas(digits);
  if (!decimals && mant >= 1000) {
    /* "77,000": rounded to the thousand; "60" or "120" are exact. */
    long long m = (long long)mant;
    while (m && m % 10 == 0 && trailing < 12) {
      m /= 10;
      trailing++;
    }
  }
  scale = mant > 0 ? value / mant : 1;
  return (decimals ? pow(10, -(double)decimals) : pow(10, (double)trailing)) *
         scale;
}

static bool approximate(const af__fig_fact *f) {
  if (f->raw) {
    const char *p = f->raw;
    while (*p && !isdigit((unsigned char)*p))
      p++;
    if (!*p)
      return true; /* spelled: "almost a third", "one in four" */
  }
  for (size_t k = 0; f->qualifier && k < sizeof(approx) / sizeof(approx[0]); k++)
    if (!strcmp(f->qualifier, approx[k]))
      return true;
  return false;
}

int af__misquoted(const af__fig_fact *a, const af__fig_fact *b,
                  double *relative) {
  double va, vb, sa, sb, tol, big;

  if (!af__same_quantity(a, b))
    return 0;
  va = scaled(a);
  vb = scaled(b);
  sa = af__written_step(a->raw, a->value) * (va != a->value ? 100 : 1);
  sb = af__written_step(b->raw, b->value) * (vb != b->value ? 100 : 1);
  big = fabs(va) > fabs(vb) ? fabs(va) : fabs(vb);
  tol = (sa > sb ? sa : sb) / 2;
  if ((approximate(a) || approximate(b)) && tol < big / 10)
    tol = big / 10;
  if (fabs(va - vb) <= tol + big * 1e-9)
    return 0;
  if (relative)
    *relative = big > 0 ? fabs(va - vb) / big : 0;
  return 1;
}
