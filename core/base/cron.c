/* Cron expressions (cron.h). */
#include "cron.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <auditfeed/errno.h>

static const struct field {
  const char *name;
  int lo, hi;
  const char *const *names; /* names[i] stands for lo + i */
} fields[5] = {
    {"minute", 0, 59, NULL},
    {"hour", 0, 23, NULL},
    {"day of month", 1, 31, NULL},
    {"month", 1, 12,
     (const char *const[]){"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                           "sep", "oct", "nov", "dec", NULL}},
    {"day of week", 0, 7,
     (const char *const[]){"sun", "mon", "tue", "wed", "thu", "fri", "sat", NULL}},
};

int af__cron_like(const char *s) {
  return s && (*s == '@' || strchr(s, ' ') || strchr(s, '\t'));
}

/* A number or a name at *p; advances *p. */
static int value(const struct field *f, const char **p, int *out) {
  const char *s = *p;
  if (isdigit((unsigned char)*s)) {
    long v = 0;
    while (isdigit((unsigned char)*s) && v <= 1000)
      v = v * 10 + (*s++ - '0');
    if (v < f->lo || v > f->hi)
      return -1;
    *out = (int)v;
    *p = s;
    return 0;
  }
  if (f->names && isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1]) &&
      isalpha((unsigned char)s[2]) && !isalpha((unsigned char)s[3]))
    for (int i = 0; f->names[i]; i++)
      if (!strncasecmp(s, f->names[i], 3)) {
        *out = f->lo + i;
        *p = s + 3;
        return 0;
      }
  return -1;
}

/* One field's text [s, end) into a bit set. */
static int parse_field(const struct field *f, const char *s, const char *end,
                       uint64_t *bits, char *err, size_t errlen, int idx) {
  *bits = 0;
  while (s < end) {
    int a, b, step = 1;
    const char *item = s;
    if (*s == '*') {
      a = f->lo;
      b = f->hi;
      s++;
    } else {
      if (value(f, &s, &a))
        goto bad;
      b = a;
      if (s < end && *s == '-') {
        s++;
        if (value(f, &s, &b) || b < a)
          goto bad;
      } else if (s < end && *s == '/') {
        b = f->hi; /* "A/N": from A to the end */
      }
    }
    if (s < end && *s == '/') {
      long v = 0;
      s++;
      if (!isdigit((unsigned char)*s))
        goto bad;
      while (s < end && isdigit((unsigned char)*s) && v <= 1000)
        v = v * 10 + (*s++ - '0');
      if (v < 1 || v > f->hi - f->lo + 1)
        goto bad;
      step = (int)v;
    }
    if (s < end && *s != ',')
      goto bad;
    for (int v = a; v <= b; v += step)
      *bits |= (uint64_t)1 << v;
    if (s < end)
      s++; /* ',' */
    if (s == end && s[-1] == ',')
      goto bad;
    continue;
  bad:
    snprintf(err, errlen, "field %d (%s): cannot read '%.*s' (allowed %d-%d%s)", idx + 1,
             f->name, (int)(end - item), item, f->lo, f->hi,
             f->names ? " or names" : "");
    return AF_EINVAL;
  }
  return 0;
}

static const struct {
  const char *nick, *expr;
} nicks[] = {{"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"},
             {"@monthly", "0 0 1 * *"}, {"@weekly", "0 0 * * 0"},
             {"@daily", "0 0 * * *"},  {"@midnight", "0 0 * * *"},
             {"@hourly", "0 * * * *"}};

int af__cron_parse(const char *expr, af__cron *out, char *err, size_t errlen) {
  char buf[256];
  const char *p, *start[6], *end[6];
  int n = 0;
  memset(out, 0, sizeof(*out));
  if (!expr || strlen(expr) >= sizeof(buf)) {
    snprintf(err, errlen, "empty or too long");
    return AF_EINVAL;
  }
  snprintf(buf, sizeof(buf), "%s", expr);
  if (buf[0] == '@') {
    size_t k, nl = strcspn(buf, " \t");
    for (k = 0; k < sizeof(nicks) / sizeof(*nicks); k++)
      if (strlen(nicks[k].nick) == nl && !strncasecmp(buf, nicks[k].nick, nl))
        break;
    if (k == sizeof(nicks) / sizeof(*nicks)) {
      snprintf(err, errlen, "unknown '%.*s' (@yearly, @monthly, @weekly, @daily, @hourly)",
               (int)nl, buf);
      return AF_EINVAL;
    }
    char rest[256];
    snprintf(rest, sizeof(rest), "%s", buf + nl);
    snprintf(buf, sizeof(buf), "%s%s", nicks[k].expr, rest);
  }
  for (p = buf; *p;) {
    while (*p == ' ' || *p == '\t')
      p++;
    if (!*p)
      break;
    if (n == 6) {
      snprintf(err, errlen, "more than 5 fields and a time zone");
      return AF_EINVAL;
    }
    start[n] = p;
    while (*p && *p != ' ' && *p != '\t')
      p++;
    end[n++] = p;
  }
  if (n < 5) {
    snprintf(err, errlen, "%d field(s): expected 5 (minute hour day-of-month month "
                          "day-of-week) and an optional time zone", n);
    return AF_EINVAL;
  }
  uint64_t bits[5];
  for (int i = 0; i < 5; i++)
    if (parse_field(&fields[i], start[i], end[i], &bits[i], err, errlen, i))
      return AF_EINVAL;
  out->minute = bits[0];
  out->hour = (uint32_t)bits[1];
  out->dom = (uint32_t)bits[2];
  out->month = (uint16_t)bits[3];
  out->dow = (uint8_t)((bits[4] | (bits[4] >> 7)) & 0x7f); /* 7 is Sunday too */
  out->dom_star = *start[2] == '*';
  out->dow_star = *start[4] == '*';
  if (n == 6) {
    size_t zl = (size_t)(end[5] - start[5]);
    char path[128];
    if (zl >= sizeof(out->tz) || memchr(start[5], '.', zl) || start[5][0] == '/') {
      snprintf(err, errlen, "time zone '%.*s': expected a name such as Europe/London",
               (int)zl, start[5]);
      return AF_EINVAL;
    }
    memcpy(out->tz, start[5], zl);
    out->tz[zl] = '\0';
    snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", out->tz);
    FILE *f = fopen(path, "rb");
    if (!f && strcmp(out->tz, "UTC")) {
      snprintf(err, errlen, "time zone '%s' is not in the zone database (tzdata)",
               out->tz);
      return AF_EINVAL;
    }
    if (f)
      fclose(f);
  }
  return 0;
}

static int day_matches(const af__cron *c, const struct tm *tm) {
  int dom = (c->dom >> tm->tm_mday) & 1, dow = (c->dow >> tm->tm_wday) & 1;
  if (c->dom_star || c->dow_star)
    return dom && dow;
  return dom || dow;
}

/* In the cron's zone: switch TZ for the call, then put it back. */
typedef struct tzsave {
  char *old;
  int had, switched;
} tzsave;

static void tz_enter(const af__cron *c, tzsave *s) {
  const char *old = getenv("TZ");
  s->had = old != NULL;
  s->old = old ? strdup(old) : NULL;
  s->switched = c->tz[0] != '\0';
  if (s->switched) {
    setenv("TZ", c->tz, 1);
    tzset();
  }
}

static void tz_leave(tzsave *s) {
  if (s->switched) {
    if (s->had && s->old)
      setenv("TZ", s->old, 1);
    else
      unsetenv("TZ");
    tzset();
  }
  free(s->old);
}

long long af__cron_next(const af__cron *c, long long after) {
  tzsave z;
  long long result = -1;
  time_t t = (time_t)((after / 60 + 1) * 60);
  struct tm tm;
  tz_enter(c, &z);
  /* Each step moves to the start of the next month, day, hour or minute
   * that could match: a few thousand steps cover five years. */
  for (int i = 0; i < 200000 && t < (time_t)(after + 5LL * 366 * 86400); i++) {
    localtime_r(&t, &tm);
    tm.tm_sec = 0;
    if (!((c->month >> (tm.tm_mon + 1)) & 1)) {
      tm.tm_mon++;
      tm.tm_mday = 1;
      tm.tm_hour = tm.tm_min = 0;
    } else if (!day_matches(c, &tm)) {
      tm.tm_mday++;
      tm.tm_hour = tm.tm_min = 0;
    } else if (!((c->hour >> tm.tm_hour) & 1)) {
      tm.tm_hour++;
      tm.tm_min = 0;
    } else if (!((c->minute >> tm.tm_min) & 1)) {
      tm.tm_min++;
    } else {
      result = (long long)t;
      break;
    }
    tm.tm_isdst = -1;
    time_t nt = mktime(&tm);
    /* A clock change can map the wanted local time back onto the past:
     * always move forward by at least a minute. */
    t = nt > t ? nt : t + 60;
  }
  tz_leave(&z);
  return result;
}
