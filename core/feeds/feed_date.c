/* Feed dates, normalised to UTC.  Two readers cover what feeds write:
 *
 *  - numeric dates (ISO 8601 / W3C-DTF / RFC 3339 and the shapes databases
 *    and old tools print): "2003-12-31T10:14:55-08:00", "2003-12",
 *    "20031231T101455Z", "03-12-31", "2003-335", "2004-07-08 23:56:58";
 *    Hungarian month names ("2004-július-13T9:15-05:00") and the Korean
 *    AM/PM and 년/월/일 forms (Korean time) are the same shape with words;
 *  - dates with a month name, read as tokens in any order RSS producers
 *    use: RFC 822 with or without the day name, seconds, time or zone,
 *    two-digit years, "13 Feb, 2012", month and day swapped, asctime and
 *    Perl's "Sun Jan 4 16:29:06 PST 2004", "Fri, 2006/09/15 ...", and
 *    month and day names in English, German, French and Greek.
 *
 * Zones: numeric ("+0100", "-01:01", "GMT+02:00"), the US and European
 * names feeds use, military letters; an unknown name counts as UTC, as
 * RFC 1123 advises.  A date without a time stays a date ("2003-12-01"). */
#include "feed_date.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_DATE 200 /* longer text is not a date */

typedef struct dt {
  int y, mo, d, h, mi, s;
  int off;      /* zone offset in minutes east of UTC */
  int has_time; /* else a date only */
} dt;

/* ---- calendar ------------------------------------------------------------ */

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int mdays(int y, int m) {
  static const int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : n[m - 1];
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long long days_from_civil(int y, int m, int d) {
  long long yy = y - (m <= 2), era = (yy >= 0 ? yy : yy - 399) / 400;
  long long yoe = yy - era * 400, mp = (m + 9) % 12;
  long long doy = (153 * mp + 2) / 5 + d - 1;
  long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, int *y, int *m, int *d) {
  long long era, doe, yoe, doy, mp;
  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* The ISO 8601 UTC string of a checked date, or NULL when out of range. */
static char *format(const dt *t) {
  char buf[40];
  long long secs;
  int y, m, d;
  if (t->y < 1 || t->y > 9999 || t->mo < 1 || t->mo > 12 || t->d < 1 ||
      t->d > mdays(t->y, t->mo) || t->h > 23 || t->mi > 59 || t->s > 60)
    return NULL;
  if (!t->has_time) {
    snprintf(buf, sizeof(buf), "%04d-%02d-%02d", t->y, t->mo, t->d);
    return strdup(buf);
  }
  secs = days_from_civil(t->y, t->mo, t->d) * 86400LL + t->h * 3600LL +
         t->mi * 60LL + t->s - t->off * 60LL;
  {
    long long days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    long long rem = secs - days * 86400;
    civil_from_days(days, &y, &m, &d);
    if (y < 1 || y > 9999)
      return NULL;
    snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
             (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
  }
  return strdup(buf);
}

/* ---- words ----------------------------------------------------------------- */

/* Month names in the languages feeds are written in, lower case (Greek as
 * feeds capitalise it).  A word that begins one of these names, three
 * letters or more, is that month ("sept", "janv.", "Dez"). */
static const struct {
  const char *name;
  int month;
} month_names[] = {
    {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5},
    {"june", 6}, {"july", 7}, {"august", 8}, {"september", 9}, {"october", 10},
    {"november", 11}, {"december", 12},
    /* German */
    {"januar", 1}, {"j\xc3\xa4nner", 1}, {"februar", 2}, {"m\xc3\xa4rz", 3},
    {"maerz", 3}, {"mrz", 3}, {"mai", 5}, {"juni", 6}, {"juli", 7},
    {"oktober", 10}, {"dezember", 12},
    /* French */
    {"janvier", 1}, {"f\xc3\xa9vrier", 2}, {"fevrier", 2}, {"mars", 3},
    {"avril", 4}, {"juin", 6}, {"juillet", 7}, {"ao\xc3\xbbt", 8}, {"aout", 8},
    {"septembre", 9}, {"octobre", 10}, {"novembre", 11},
    {"d\xc3\xa9" "cembre", 12}, {"decembre", 12},
    /* Hungarian (full names only: written inside numeric dates) */
    {"janu\xc3\xa1r", 1}, {"febru\xc3\xa1r", 2}, {"m\xc3\xa1rcius", 3},
    {"\xc3\xa1prilis", 4}, {"m\xc3\xa1jus", 5}, {"j\xc3\xbanius", 6},
    {"j\xc3\xbalius", 7}, {"augusztus", 8}, {"szeptember", 9},
    {"okt\xc3\xb3" "ber", 10},
    /* Greek abbreviations, with and without accents */
    {"\xce\x99\xce\xb1\xce\xbd", 1}, {"\xce\xa6\xce\xb5\xce\xb2", 2},
    {"\xce\x9c\xce\xac\xcf\x81", 3}, {"\xce\x9c\xce\xb1\xcf\x81", 3},
    {"\xce\x91\xcf\x80\xcf\x81", 4}, {"\xce\x9c\xce\xac\xce\xb9", 5},
    {"\xce\x9c\xce\xb1\xce\xb9", 5}, {"\xce\x9c\xce\xb1\xcf\x8a", 5},
    {"\xce\x99\xce\xbf\xcf\x8d\xce\xbd", 6}, {"\xce\x99\xce\xbf\xcf\x85\xce\xbd", 6},
    {"\xce\x99\xce\xbf\xcf\x8d\xce\xbb", 7}, {"\xce\x99\xce\xbf\xcf\x85\xce\xbb", 7},
    {"\xce\x91\xcf\x8d\xce\xb3", 8}, {"\xce\x91\xcf\x85\xce\xb3", 8},
    {"\xce\xa3\xce\xb5\xcf\x80", 9}, {"\xce\x9f\xce\xba\xcf\x84", 10},
    {"\xce\x9d\xce\xbf\xce\xad", 11}, {"\xce\x9d\xce\xbf\xce\xb5", 11},
    {"\xce\x94\xce\xb5\xce\xba", 12},
};

/* The month a word names, or 0 (also when prefixes of two months match). */
static int month_word(const char *w, size_t n) {
  char low[32];
  int found = 0;
  while (n && w[n - 1] == '.')
    n--;
  if (n < 3 || n >= sizeof(low))
    return 0;
  for (size_t i = 0; i < n; i++)
    low[i] = (char)((unsigned char)w[i] < 0x80 ? tolower((unsigned char)w[i]) : w[i]);
  low[n] = '\0';
  for (size_t i = 0; i < sizeof(month_names) / sizeof(month_names[0]); i++) {
    const char *m = month_names[i].name;
    if (m[0] == low[0] && strlen(m) >= n && !memcmp(m, low, n)) {
      if (found && found != month_names[i].month)
        return 0;
      found = month_names[i].month;
    }
  }
  return found;
}

/* Zone names feeds write (US, European, military letters used as such). */
static const struct {
  const char *name;
  int minutes;
} zone_names[] = {
    {"ut", 0},       {"utc", 0},      {"gmt", 0},      {"z", 0},
    {"wet", 0},      {"bst", 60},     {"ist", 60},     {"cet", 60},
    {"met", 60},     {"cest", 120},   {"mest", 120},   {"eet", 120},
    {"eest", 180},   {"msk", 180},    {"adt", -180},   {"ast", -240},
    {"at", -240},    {"edt", -240},   {"est", -300},   {"et", -300},
    {"cdt", -300},   {"cst", -360},   {"ct", -360},    {"mdt", -360},
    {"mst", -420},   {"mt", -420},    {"pdt", -420},   {"pst", -480},
    {"pt", -480},    {"akst", -540},  {"akdt", -480},  {"hst", -600},
    {"jst", 540},    {"kst", 540},    {"aest", 600},   {"aedt", 660},
    {"a", -60},      {"n", 60},       {"m", -720},     {"y", 720},
};

/* "+0100", "-01:01", "+05": *off set; 0, or -1 when malformed. */
static int numeric_zone(const char *z, size_t n, int *off) {
  int sign = z[0] == '-' ? -1 : 1, h, m = 0;
  if (n < 3 || !isdigit((unsigned char)z[1]) || !isdigit((unsigned char)z[2]))
    return -1;
  h = (z[1] - '0') * 10 + (z[2] - '0');
  z += 3;
  n -= 3;
  if (n && *z == ':') {
    z++;
    n--;
  }
  if (n) {
    if (n != 2 || !isdigit((unsigned char)z[0]) || !isdigit((unsigned char)z[1]))
      return -1;
    m = (z[0] - '0') * 10 + (z[1] - '0');
  }
  if (h > 23 || m > 59)
    return -1;
  *off = sign * (h * 60 + m);
  return 0;
}

/* A zone word: numeric, "GMT+02:00", "Etc/GMT", a name; an unknown name is
 * UTC.  0, or -1 when it is not a zone at all. */
static int zone_word(const char *z, size_t n, int *off) {
  char low[16];
  *off = 0;
  if (n && (*z == '+' || *z == '-'))
    return numeric_zone(z, n, off);
  if (n > 4 && !strncasecmp(z, "etc/", 4)) {
    z += 4;
    n -= 4;
  }
  if (n > 3 && (!strncasecmp(z, "gmt", 3) || !strncasecmp(z, "utc", 3)) &&
      (z[3] == '+' || z[3] == '-'))
    return numeric_zone(z + 3, n - 3, off);
  if (!n || n >= sizeof(low))
    return -1;
  for (size_t i = 0; i < n; i++) {
    if (!isalpha((unsigned char)z[i]))
      return -1;
    low[i] = (char)tolower((unsigned char)z[i]);
  }
  low[n] = '\0';
  for (size_t i = 0; i < sizeof(zone_names) / sizeof(zone_names[0]); i++)
    if (!strcmp(low, zone_names[i].name)) {
      *off = zone_names[i].minutes;
      return 0;
    }
  return 0;
}

/* ---- numeric dates ------------------------------------------------------- */

/* The value of n digits at p (n <= 9, so it fits), or -1. */
static int digits(const char *p, int n) {
  int v = 0;
  if (n > 9)
    return -1;
  for (int i = 0; i < n; i++) {
    if (!isdigit((unsigned char)p[i]))
      return -1;
    v = v * 10 + (p[i] - '0');
  }
  return v;
}

static size_t run_of_digits(const char *p) {
  size_t n = 0;
  while (isdigit((unsigned char)p[n]))
    n++;
  return n;
}

static int from_ordinal(dt *t, int y, int doy) {
  if (doy < 1 || doy > (leap(y) ? 366 : 365))
    return -1;
  t->y = y;
  for (t->mo = 1; doy > mdays(y, t->mo); t->mo++)
    doy -= mdays(y, t->mo);
  t->d = doy;
  return 0;
}

/* The date part of a numeric date; returns what follows it, or NULL. */
static const char *iso_date(const char *p, dt *t) {
  size_t n = run_of_digits(p);
  t->mo = t->d = 1;
  if (*p == '-') { /* "-YY-MM", "-YYMM": the century is implied */
    size_t k = run_of_digits(p + 1);
    t->y = 2000 + digits(p + 1, 2);
    if (k == 2 && p[3] == '-' && run_of_digits(p + 4) == 2) {
      t->mo = digits(p + 4, 2);
      return p + 6;
    }
    if (k == 4) {
      t->mo = digits(p + 3, 2);
      return p + 5;
    }
    return NULL;
  }
  if (n == 8 || n == 6) { /* YYYYMMDD, YYMMDD */
    int yl = n == 8 ? 4 : 2;
    t->y = digits(p, yl) + (n == 6 ? 2000 : 0);
    t->mo = digits(p + yl, 2);
    t->d = digits(p + yl + 2, 2);
    return p + n;
  }
  if (n == 7 || n == 5) /* YYYYDDD, YYDDD */
    return from_ordinal(t, digits(p, (int)n - 3) + (n == 5 ? 2000 : 0),
                        digits(p + n - 3, 3))
               ? NULL
               : p + n;
  if (n != 4 && n != 2)
    return NULL;
  t->y = digits(p, (int)n) + (n == 2 ? 2000 : 0);
  p += n;
  if (*p != '-')
    return n == 4 ? p : NULL; /* "2003" */
  p++;
  n = run_of_digits(p);
  if (n == 3 && p[3] != '-') /* ordinal "2003-335" */
    return from_ordinal(t, t->y, digits(p, 3)) ? NULL : p + 3;
  if (n == 3 && *p == '0') { /* "2003-012-31": a padded month */
    p++;
    n = 2;
  }
  if (n == 2) {
    t->mo = digits(p, 2);
  } else if (n == 0) { /* a month name: "2004-július-13" */
    const char *e = strchr(p, '-');
    if (!e || !(t->mo = month_word(p, (size_t)(e - p))))
      return NULL;
    n = (size_t)(e - p);
  } else {
    return NULL;
  }
  p += n;
  if (*p != '-')
    return p; /* "2003-12" */
  p++;
  n = run_of_digits(p);
  if (n < 1 || n > 2)
    return NULL;
  t->d = digits(p, (int)n);
  return p + n;
}

/* "HH:MM[:SS[.fff]]" or "HHMM[SS]"; returns what follows, or NULL. */
static const char *iso_time(const char *p, dt *t) {
  size_t n = run_of_digits(p);
  if (n == 4 || n == 6) {
    t->h = digits(p, 2);
    t->mi = digits(p + 2, 2);
    t->s = n == 6 ? digits(p + 4, 2) : 0;
    p += n;
  } else if (n == 1 || n == 2) {
    t->h = digits(p, (int)n);
    p += n;
    if (*p != ':' || run_of_digits(p + 1) != 2)
      return NULL;
    t->mi = digits(p + 1, 2);
    p += 3;
    if (*p == ':') {
      if (run_of_digits(p + 1) != 2)
        return NULL;
      t->s = digits(p + 1, 2);
      p += 3;
    }
  } else {
    return NULL;
  }
  if ((*p == '.' || *p == ',') && isdigit((unsigned char)p[1]))
    for (p++; isdigit((unsigned char)*p); p++)
      ;
  t->has_time = 1;
  return p;
}

static const char KO_AM[] = "\xec\x98\xa4\xec\xa0\x84"; /* 오전 */
static const char KO_PM[] = "\xec\x98\xa4\xed\x9b\x84"; /* 오후 */

static char *parse_numeric(const char *s) {
  dt t = {0};
  const char *p = iso_date(s, &t);
  int pm = -1;
  if (!p)
    return NULL;
  if (*p == 'T' || *p == 't' || *p == ' ') {
    const char *q = p + 1;
    while (*q == ' ')
      q++;
    if (!strncmp(q, KO_AM, sizeof(KO_AM) - 1) ||
        !strncmp(q, KO_PM, sizeof(KO_PM) - 1)) {
      pm = q[3] == KO_PM[3];
      q += sizeof(KO_AM) - 1;
      while (*q == ' ')
        q++;
      t.off = 9 * 60; /* Korean time */
    }
    if (*q) {
      if (!(p = iso_time(q, &t)))
        return NULL;
    } else {
      p = q;
    }
  }
  if (pm >= 0) {
    if (t.h < 1 || t.h > 12)
      return NULL;
    t.h = t.h % 12 + (pm ? 12 : 0);
  }
  while (*p == ' ')
    p++;
  if (*p) {
    size_t n = strlen(p);
    if (!t.has_time)
      return NULL;
    if ((*p == 'Z' || *p == 'z') && n == 1)
      t.off = 0;
    else if (zone_word(p, n, &t.off))
      return NULL;
  }
  return format(&t);
}

/* "2004년 05월 28일 01:31:15" (a Korean blog form, Korean time) as the
 * numeric shape; 0, or -1 when s is not of that form. */
static int korean_words(const char *s, char *out, size_t outlen) {
  static const char *const marks[3] = {"\xeb\x85\x84", "\xec\x9b\x94",
                                       "\xec\x9d\xbc"}; /* 년 월 일 */
  int part[3];
  const char *p = s;
  for (int i = 0; i < 3; i++) {
    size_t n = run_of_digits(p);
    if (!n || n > 4 || strncmp(p + n, marks[i], 3))
      return -1;
    part[i] = digits(p, (int)n);
    p += n + 3;
    while (*p == ' ')
      p++;
  }
  if (*p)
    snprintf(out, outlen, "%04d-%02d-%02dT%s+09:00", part[0], part[1], part[2], p);
  else
    snprintf(out, outlen, "%04d-%02d-%02d", part[0], part[1], part[2]);
  return 0;
}

/* ---- dates with words ---------------------------------------------------- */

typedef struct tok {
  const char *p;
  size_t n;
} tok;

static int all_digits(const tok *k) {
  return k->n && run_of_digits(k->p) == k->n;
}

/* A day of the month: one or two digits, a German ordinal dot allowed;
 * else -1. */
static int day_word(const tok *k) {
  size_t n = k->n;
  if (n > 1 && k->p[n - 1] == '.')
    n--;
  if (!n || n > 2 || run_of_digits(k->p) != n)
    return -1;
  return digits(k->p, (int)n);
}

/* "16:29:06", "1:2:3", "10:00": 0, or -1. */
static int clock_word(const tok *k, dt *t) {
  int v[3] = {0, 0, 0}, i = 0;
  const char *p = k->p, *e = k->p + k->n;
  while (p < e) {
    size_t n = run_of_digits(p);
    if (!n || n > 2 || i == 3)
      return -1;
    v[i++] = digits(p, (int)n);
    p += n;
    if (p < e && *p++ != ':')
      return -1;
  }
  if (i < 2)
    return -1;
  t->h = v[0];
  t->mi = v[1];
  t->s = v[2];
  t->has_time = 1;
  return 0;
}

/* The word before a time in English, German and French ("at", "um",
 * "à"): not a zone there, whatever a zone table says of "AT". */
static int is_filler(const tok *k) {
  return (k->n == 2 && (!strncasecmp(k->p, "at", 2) || !strncasecmp(k->p, "um", 2))) ||
         (k->n == 2 && !memcmp(k->p, "\xc3\xa0", 2));
}

static char *parse_words(const char *s) {
  tok k[12];
  size_t nk = 0, i = 0;
  dt t = {0};
  int have_year = 0, have_zone = 0, ampm = -1;
  const char *p = s;
  /* Words split at blanks and commas; a "(comment)" ends the date. */
  while (*p && *p != '(') {
    size_t n;
    while (*p == ' ' || *p == ',')
      p++;
    for (n = 0; p[n] && p[n] != ' ' && p[n] != ',' && p[n] != '('; n++)
      ;
    if (!n)
      break;
    if (nk == sizeof(k) / sizeof(k[0]))
      return NULL;
    k[nk].p = p;
    k[nk++].n = n;
    p += n;
  }
  if (nk < 2)
    return NULL;
  /* A leading day name, in any language: a word that is neither a number
   * nor a month, or a month name followed by a day and another month
   * (French "mar., 03 déc."). */
  if (!isdigit((unsigned char)k[0].p[0]) &&
      (!month_word(k[0].p, k[0].n) ||
       (nk > 2 && all_digits(&k[1]) && month_word(k[2].p, k[2].n))))
    i = 1;
  if (i + 1 >= nk)
    return NULL;
  if (day_word(&k[i]) > 0 && (t.mo = month_word(k[i + 1].p, k[i + 1].n))) {
    t.d = day_word(&k[i]); /* "2", "02", German "2." */
    i += 2;
  } else if ((t.mo = month_word(k[i].p, k[i].n)) && all_digits(&k[i + 1]) &&
             k[i + 1].n <= 2) {
    t.d = digits(k[i + 1].p, (int)k[i + 1].n); /* "Aug 30", asctime */
    i += 2;
  } else if (k[i].n == 10 && sscanf(k[i].p, "%4d/%2d/%2d", &t.y, &t.mo, &t.d) == 3) {
    have_year = 1; /* "2006/09/15" */
    i++;
  } else {
    return NULL;
  }
  /* The rest in any order: year, time, AM/PM, zone. */
  for (; i < nk; i++) {
    if (all_digits(&k[i]) && !have_year) {
      if (k[i].n != 2 && k[i].n != 4)
        return NULL;
      t.y = digits(k[i].p, (int)k[i].n);
      if (k[i].n == 2) /* 90-99: the 1990s; the rest this century */
        t.y += t.y < 90 ? 2000 : 1900;
      have_year = 1;
    } else if (isdigit((unsigned char)k[i].p[0]) && !t.has_time) {
      tok c = k[i];
      if (c.n > 2 && (!strncasecmp(c.p + c.n - 2, "am", 2) ||
                      !strncasecmp(c.p + c.n - 2, "pm", 2))) { /* "8:49AM" */
        ampm = tolower((unsigned char)c.p[c.n - 2]) == 'p';
        c.n -= 2;
      }
      if (clock_word(&c, &t))
        return NULL;
    } else if (!t.has_time && is_filler(&k[i])) {
      continue; /* "2 October 2002 at 3:00 PM" */
    } else if (t.has_time && ampm < 0 && k[i].n == 2 &&
               (!strncasecmp(k[i].p, "am", 2) || !strncasecmp(k[i].p, "pm", 2))) {
      ampm = tolower((unsigned char)k[i].p[0]) == 'p';
    } else if (!have_zone) {
      if (zone_word(k[i].p, k[i].n, &t.off))
        return NULL;
      have_zone = 1;
    } else {
      return NULL;
    }
  }
  if (!have_year)
    return NULL;
  if (ampm >= 0) {
    if (t.h < 1 || t.h > 12)
      return NULL;
    t.h = t.h % 12 + (ampm ? 12 : 0);
  }
  return format(&t);
}

char *af__feed_date(const char *raw) {
  char buf[MAX_DATE + 1], alt[MAX_DATE + 40];
  size_t n;
  const char *s;
  if (!raw)
    return NULL;
  while (isspace((unsigned char)*raw))
    raw++;
  n = strlen(raw);
  while (n && isspace((unsigned char)raw[n - 1]))
    n--;
  if (!n || n > MAX_DATE)
    return NULL;
  memcpy(buf, raw, n);
  buf[n] = '\0';
  for (char *q = buf; *q; q++) /* tabs and newlines inside count as blanks */
    if (isspace((unsigned char)*q))
      *q = ' ';
  s = buf;
  if (!korean_words(buf, alt, sizeof(alt)))
    s = alt;
  if (isdigit((unsigned char)s[0]) || (s[0] == '-' && isdigit((unsigned char)s[1]))) {
    char *out = parse_numeric(s);
    if (out || s == alt)
      return out;
  }
  return parse_words(s);
}
