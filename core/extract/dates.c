/* Date recognition.  Machine dates (ISO 8601, RFC 2822) keep their time
 * and the offset they were written with; dates written for readers ("3 December 2013",
 * "24/1/19", "2 Dec 13") keep the day only unless they name a zone.  All
 * numeric dates are read day-first, as UK pages write them, unless the
 * numbers only make sense month-first, or the caller knows the page is in
 * US English and the date is written with slashes (af__date_parse_in). */
#include "xint.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int mdays(int y, int m) {
  static const int k[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return k[m - 1];
}

static int valid(int y, int m, int d) {
  return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 &&
         d <= mdays(y, m);
}

/* A time keeps the offset it was written with, so the day is the one the
 * publisher printed ("2024-12-09T22:52:11-05:00" stays on the 9th; in UTC
 * it would be the 10th).  A zero offset is written "Z". */
static int emit(char *out, size_t outlen, int y, int mo, int d, int has_time,
                int h, int mi, int sec, int off_min) {
  if (!valid(y, mo, d))
    return 0;
  if (!has_time) {
    snprintf(out, outlen, "%04d-%02d-%02d", y, mo, d);
    return 1;
  }
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60 ||
      off_min < -18 * 60 || off_min > 18 * 60)
    return 0;
  if (sec == 60)
    sec = 59;
  if (!off_min) {
    snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi,
             sec);
    return 1;
  }
  int a = off_min < 0 ? -off_min : off_min;
  snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, mo, d,
           h, mi, sec, off_min < 0 ? '-' : '+', a / 60, a % 60);
  return 1;
}

static int num(const char *s, int n, int *v) {
  int r = 0;
  for (int i = 0; i < n; i++) {
    if (!isdigit((unsigned char)s[i]))
      return 0;
    r = r * 10 + (s[i] - '0');
  }
  *v = r;
  return 1;
}

/* A zone after a time: Z, +01:00, -0500, GMT, UTC, BST, US zones. */
static int zone(const char *s, int *off, int *known) {
  while (*s == ' ')
    s++;
  *known = 0;
  *off = 0;
  if (*s == 'Z' && !isalpha((unsigned char)s[1])) {
    *known = 1;
    return 1;
  }
  if ((*s == '+' || *s == '-') && isdigit((unsigned char)s[1])) {
    int hh, mm = 0;
    if (!num(s + 1, 2, &hh))
      return 0;
    const char *p = s + 3;
    if (*p == ':')
      p++;
    if (isdigit((unsigned char)p[0]) && !num(p, 2, &mm))
      return 0;
    *off = (hh * 60 + mm) * (*s == '-' ? -1 : 1);
    *known = 1;
    return 1;
  }
  static const struct { const char *z; int off; } k[] = {
      {"GMT", 0}, {"UTC", 0}, {"BST", 60}, {"CET", 60}, {"CEST", 120},
      {"EST", -300}, {"EDT", -240}, {"CST", -360}, {"CDT", -300},
      {"MST", -420}, {"MDT", -360}, {"PST", -480}, {"PDT", -420},
      {"ET", -300}, {"PT", -480}};
  for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
    size_t l = strlen(k[i].z);
    if (!strncmp(s, k[i].z, l) && !isalpha((unsigned char)s[l])) {
      *off = k[i].off;
      *known = 1;
      if (!strncmp(s + l, "+", 1) || !strncmp(s + l, "-", 1)) {
        int o2, kn2;
        if (zone(s + l, &o2, &kn2))
          *off += o2;
      }
      return 1;
    }
  }
  return 0;
}

static int iso(const char *s, char *out, size_t outlen) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!num(s, 4, &y) || (s[4] != '-' && s[4] != '/'))
    return 0;
  const char *p = s + 5;
  if (!isdigit((unsigned char)p[0]))
    return 0;
  int ml = isdigit((unsigned char)p[1]) ? 2 : 1;
  num(p, ml, &mo);
  p += ml;
  if (*p != s[4] || !isdigit((unsigned char)p[1]))
    return 0;
  p++;
  int dl = isdigit((unsigned char)p[1]) ? 2 : 1;
  num(p, dl, &d);
  p += dl;
  if ((*p == 'T' || *p == ' ') && num(p + 1, 2, &h) && p[3] == ':' &&
      num(p + 4, 2, &mi)) {
    p += 6;
    if (*p == ':' && num(p + 1, 2, &sec))
      p += 3;
    if (*p == '.' || *p == ',')
      for (p++; isdigit((unsigned char)*p); p++)
        ;
    int off, known;
    if (zone(p, &off, &known) && known)
      return emit(out, outlen, y, mo, d, 1, h, mi, sec, off);
    /* No zone: a machine timestamp without one is taken as UTC. */
    return emit(out, outlen, y, mo, d, 1, h, mi, sec, 0);
  }
  return emit(out, outlen, y, mo, d, 0, 0, 0, 0, 0);
}

/* Whether the n bytes at w are the lower-case word name, ignoring case:
 * ASCII letters, and the capitals of the Latin-1 letters in UTF-8 ("É",
 * "Ä", "Û": 0xC3 0x80-0x9E, their small letters 0x20 higher), for dates
 * set in capitals ("9 DÉCEMBRE 2024", "3. MÄRZ 2024"). */
static int same_word(const char *w, const char *name, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char a = (unsigned char)w[i], b = (unsigned char)name[i];
    if (i && (unsigned char)w[i - 1] == 0xC3 && a >= 0x80 && a <= 0x9E &&
        a != 0x97)
      a = (unsigned char)(a + 0x20);
    else if (a < 0x80)
      a = (unsigned char)tolower(a);
    if (a != b)
      return 0;
  }
  return 1;
}

/* Month names and their usual short forms in English, German and French
 * (accented letters as UTF-8; "mrz", "fevrier" as typed without them). */
static int month_of(const char *w, size_t n) {
  static const struct {
    const char *name;
    int month;
  } k[] = {
      {"jan", 1},       {"january", 1},    {"januar", 1},   {"jänner", 1},
      {"janv", 1},      {"janvier", 1},    {"feb", 2},      {"february", 2},
      {"februar", 2},   {"févr", 2},       {"fevr", 2},     {"février", 2},
      {"fevrier", 2},   {"mar", 3},        {"march", 3},    {"märz", 3},
      {"maerz", 3},     {"mrz", 3},        {"mars", 3},     {"apr", 4},
      {"april", 4},     {"avr", 4},        {"avril", 4},    {"may", 5},
      {"mai", 5},       {"jun", 6},        {"june", 6},     {"juni", 6},
      {"juin", 6},      {"jul", 7},        {"july", 7},     {"juli", 7},
      {"juil", 7},      {"juillet", 7},    {"aug", 8},      {"august", 8},
      {"août", 8},      {"aout", 8},       {"sep", 9},      {"sept", 9},
      {"september", 9}, {"septembre", 9},  {"oct", 10},     {"okt", 10},
      {"october", 10},  {"oktober", 10},   {"octobre", 10}, {"nov", 11},
      {"november", 11}, {"novembre", 11},  {"dec", 12},     {"dez", 12},
      {"déc", 12},      {"december", 12},  {"dezember", 12}, {"décembre", 12},
      {"decembre", 12},
      /* other short forms in print: "fév.", "juill.", "Mär.", "Jän.",
       * "Febr." */
      {"fév", 2},       {"fev", 2},        {"febr", 2},     {"mär", 3},
      {"jän", 1},       {"juill", 7}};
  if (n < 3)
    return 0;
  for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
    if (strlen(k[i].name) == n && same_word(w, k[i].name, n))
      return k[i].month;
  return 0;
}

/* A letter of a word: ASCII letters and the bytes of UTF-8 letters
 * (ä, é, û in month names). */
static int wordc(unsigned char c) { return isalpha(c) || c >= 0x80; }

typedef struct tok {
  const char *s;
  int len, val, digits, is_word, month;
  char sep; /* separator char immediately after, or ' ' */
} tok;

static int year2(int v, int digits) {
  if (digits == 4)
    return v;
  if (digits == 2)
    return v < 70 ? 2000 + v : 1900 + v;
  return -1;
}

/* A clock time after position p: "10:00", "10.00am", "9:30 pm GMT". */
static int clock(const char *p, int *h, int *mi, int *sec, int *off,
                 int *known) {
  const char *start = p;
  for (; *p; p++) {
    if (!isdigit((unsigned char)*p))
      continue;
    if (p > start && p[-1] >= '0' && p[-1] <= '9')
      continue;
    int hl = isdigit((unsigned char)p[1]) ? 2 : 1;
    char sep = p[hl];
    if (sep != ':' && sep != '.')
      continue;
    int hh = 0, mm = 0, ss = 0;
    num(p, hl, &hh);
    if (!num(p + hl + 1, 2, &mm) || isdigit((unsigned char)p[hl + 3]))
      continue;
    const char *q = p + hl + 3;
    if (*q == ':' && num(q + 1, 2, &ss))
      q += 3;
    while (*q == ' ')
      q++;
    int ampm = 0;
    if ((q[0] == 'a' || q[0] == 'A' || q[0] == 'p' || q[0] == 'P') &&
        (q[1] == 'm' || q[1] == 'M' || q[1] == '.')) {
      ampm = (q[0] == 'p' || q[0] == 'P') ? 2 : 1;
      /* "p.m." as well as "pm"; never past the end of "p." */
      q += 2;
      if (q[-1] == '.' && (*q == 'm' || *q == 'M'))
        q++;
      while (*q == ' ' || *q == '.')
        q++;
    }
    if (sep == '.' && !ampm && !isalpha((unsigned char)*q))
      continue; /* "3.5" is a number, not a time */
    if (ampm == 2 && hh < 12)
      hh += 12;
    if (ampm == 1 && hh == 12)
      hh = 0;
    *h = hh;
    *mi = mm;
    *sec = ss;
    zone(q, off, known);
    return 1;
  }
  return 0;
}

static int human(const char *s, int month_first, char *out, size_t outlen) {
  tok t[24];
  int nt = 0;
  const char *p = s;
  while (*p && nt < 24) {
    if (isdigit((unsigned char)*p)) {
      const char *b = p;
      int v = 0;
      while (isdigit((unsigned char)*p) && p - b < 6)
        v = v * 10 + (*p++ - '0');
      while (isdigit((unsigned char)*p))
        p++;
      t[nt] = (tok){b, (int)(p - b), v, (int)(p - b), 0, 0, *p ? *p : ' '};
      /* ordinal suffixes: 3rd, 21st */
      if (isalpha((unsigned char)p[0]) && isalpha((unsigned char)p[1]) &&
          !isalpha((unsigned char)p[2]))
        p += 2;
      nt++;
    } else if (wordc((unsigned char)*p)) {
      const char *b = p;
      while (wordc((unsigned char)*p))
        p++;
      int mo = month_of(b, (size_t)(p - b));
      t[nt] = (tok){b, (int)(p - b), 0, 0, 1, mo, *p ? *p : ' '};
      nt++;
    } else {
      p++;
    }
  }
  int y = -1, mo = 0, d = 0, at = -1;
  for (int i = 0; i < nt && at < 0; i++) {
    if (t[i].is_word && t[i].month) {
      mo = t[i].month;
      /* the day before the month, past an English "of" ("9th of
       * December 2024") */
      int dp = i - 1;
      if (dp > 0 && t[dp].is_word && t[dp].len == 2 &&
          !strncasecmp(t[dp].s, "of", 2))
        dp--;
      /* "3 December 2013" or "December 3, 2013" */
      if (dp >= 0 && !t[dp].is_word && t[dp].digits <= 2 &&
          t[dp].val >= 1 && t[dp].val <= 31 && i + 1 < nt &&
          !t[i + 1].is_word && t[i + 1].digits >= 2) {
        d = t[dp].val;
        y = year2(t[i + 1].val, t[i + 1].digits);
        at = i;
      } else if (i + 2 < nt && !t[i + 1].is_word && t[i + 1].digits <= 2 &&
                 !t[i + 2].is_word && (t[i + 2].digits == 4 ||
                 (t[i + 2].digits == 2 && t[i + 1].sep == ','))) {
        d = t[i + 1].val;
        y = year2(t[i + 2].val, t[i + 2].digits);
        at = i;
      } else if (i + 1 < nt && !t[i + 1].is_word && t[i + 1].digits == 4 &&
                 i > 0 && !t[i - 1].is_word && t[i - 1].digits <= 2) {
        d = t[i - 1].val;
        y = t[i + 1].val;
        at = i;
      }
    }
  }
  if (at < 0) {
    /* numeric: d/m/y, y-m-d, or m/d/y when d/m/y is impossible */
    for (int i = 0; i + 2 < nt; i++) {
      tok *a = &t[i], *b = &t[i + 1], *c = &t[i + 2];
      if (a->is_word || b->is_word || c->is_word)
        continue;
      char sp = a->sep;
      if ((sp != '/' && sp != '.' && sp != '-') || b->sep != sp)
        continue;
      if (b->s != a->s + a->len + 1 || c->s != b->s + b->len + 1)
        continue;
      if (a->digits == 4) {
        y = a->val;
        mo = b->val;
        d = c->val;
      } else {
        y = year2(c->val, c->digits);
        /* "12/9/2024" is 9 December in the US, 12 September elsewhere;
         * the dotted and dashed forms are European in either case. */
        int mfirst = month_first && sp == '/';
        d = mfirst ? b->val : a->val;
        mo = mfirst ? a->val : b->val;
        if (mo > 12 && d <= 12) {
          int tmp = d;
          d = mo;
          mo = tmp;
        }
      }
      if (valid(y, mo, d)) {
        at = i;
        break;
      }
    }
  }
  if (at < 0 || !valid(y, mo, d))
    return 0;
  int h, mi, sec, off = 0, known = 0;
  if (clock(t[at].s, &h, &mi, &sec, &off, &known) && known)
    return emit(out, outlen, y, mo, d, 1, h, mi, sec, off);
  return emit(out, outlen, y, mo, d, 0, 0, 0, 0, 0);
}

int af__date_parse(const char *s, char *out, size_t outlen) {
  return af__date_parse_in(s, 0, out, outlen);
}

int af__date_parse_in(const char *s, int month_first, char *out,
                      size_t outlen) {
  if (!s)
    return 0;
  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
    s++;
  if (iso(s, out, outlen))
    return 1;
  /* compact 20131203 */
  int y, m, d;
  if (strlen(s) >= 8 && num(s, 8, &y) && !isdigit((unsigned char)s[8])) {
    m = y / 100 % 100;
    d = y % 100;
    y /= 10000;
    if (emit(out, outlen, y, m, d, 0, 0, 0, 0, 0))
      return 1;
  }
  char buf[256];
  size_t n = strlen(s);
  if (n >= sizeof(buf))
    n = sizeof(buf) - 1;
  memcpy(buf, s, n);
  buf[n] = '\0';
  return human(buf, month_first, out, outlen);
}

int af__lang_month_first(const char *lang) {
  return lang && !strncasecmp(lang, "en-us", 5) &&
         !isalnum((unsigned char)lang[5]);
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int af__date_days(const char *iso, long *days) {
  int y, mo, d;
  if (!iso || strlen(iso) < 10 || !num(iso, 4, &y) || iso[4] != '-' ||
      !num(iso + 5, 2, &mo) || iso[7] != '-' || !num(iso + 8, 2, &d) ||
      !valid(y, mo, d))
    return 0;
  *days = days_from_civil(y, mo, d);
  return 1;
}
