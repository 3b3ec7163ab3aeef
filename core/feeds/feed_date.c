/* Feed dates: RFC 822 (RSS, with named or numeric zones or none) and
 * RFC 3339 / ISO 8601 (Atom, Dublin Core), normalised to UTC. */
#include "feed_date.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>


static int month_of(const char *s) {
  static const char m[] = "janfebmaraprmayjunjulaugsepoctnovdec";
  for (int i = 0; i < 12; i++)
    if (!strncasecmp(s, m + i * 3, 3))
      return i;
  return -1;
}

/* Zone names RFC 822 defines; military letters other than Z are ambiguous
 * in practice (RFC 1123 says treat as 0) and so are taken as UTC. */
static int zone_minutes(const char *z, int *ok) {
  static const struct {
    const char *n;
    int m;
  } zones[] = {{"UT", 0},     {"UTC", 0},    {"GMT", 0},    {"Z", 0},
               {"EST", -300}, {"EDT", -240}, {"CST", -360}, {"CDT", -300},
               {"MST", -420}, {"MDT", -360}, {"PST", -480}, {"PDT", -420},
               {"BST", 60},   {"CET", 60},   {"CEST", 120}};
  *ok = 1;
  if (*z == '+' || *z == '-') {
    int sign = *z == '-' ? -1 : 1, h, mi = 0;
    if (isdigit((unsigned char)z[1]) && isdigit((unsigned char)z[2])) {
      h = (z[1] - '0') * 10 + (z[2] - '0');
      z += 3;
      if (*z == ':')
        z++;
      if (isdigit((unsigned char)z[0]) && isdigit((unsigned char)z[1]))
        mi = (z[0] - '0') * 10 + (z[1] - '0');
      return sign * (h * 60 + mi);
    }
    *ok = 0;
    return 0;
  }
  for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
    size_t n = strlen(zones[i].n);
    if (!strncasecmp(z, zones[i].n, n) && !isalpha((unsigned char)z[n]))
      return zones[i].m;
  }
  if (isalpha((unsigned char)z[0]) && !isalpha((unsigned char)z[1]))
    return 0;
  *ok = 0;
  return 0;
}

static char *format_utc(struct tm *tm, int offset_min) {
  time_t t;
  char buf[32];
  tm->tm_isdst = 0;
  t = timegm(tm);
  if (t == (time_t)-1)
    return NULL;
  t -= (time_t)offset_min * 60;
  if (!gmtime_r(&t, tm))
    return NULL;
  strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", tm);
  return strdup(buf);
}

/* "Thu, 24 Jan 2019 09:30:00 +0100", "24 Jan 19 09:30 EST" */
static char *parse_rfc822(const char *s) {
  struct tm tm = {0};
  int day, year, h, mi, sec = 0, mon, off = 0, ok = 1, n = 0;
  char mname[16];
  const char *p = s;
  while (*p && (isalpha((unsigned char)*p) || *p == ',' || *p == ' '))
    if (isdigit((unsigned char)*++p))
      break;
  while (*p == ' ')
    p++;
  if (sscanf(p, "%d %15s %d %d:%d%n", &day, mname, &year, &h, &mi, &n) != 5)
    return NULL;
  p += n;
  if (*p == ':' && sscanf(p, ":%d%n", &sec, &n) == 1)
    p += n;
  if ((mon = month_of(mname)) < 0)
    return NULL;
  while (*p == ' ')
    p++;
  if (*p)
    off = zone_minutes(p, &ok);
  if (!ok)
    return NULL;
  if (year < 50)
    year += 2000;
  else if (year < 100)
    year += 1900;
  if (day < 1 || day > 31 || h > 23 || mi > 59 || sec > 60)
    return NULL;
  tm.tm_year = year - 1900;
  tm.tm_mon = mon;
  tm.tm_mday = day;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  return format_utc(&tm, off);
}

/* RFC 3339 / W3C datetime: "2024-02-28T23:30:00-02:00", ".123Z", or a bare
 * date, which stays a date ("2024-01-10"). */
static char *parse_iso(const char *s) {
  struct tm tm = {0};
  int y, mo, d, h = 0, mi = 0, sec = 0, off = 0, ok = 1, n = 0;
  const char *p;
  if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
    return NULL;
  if (mo < 1 || mo > 12 || d < 1 || d > 31)
    return NULL;
  p = s + n;
  if (!*p || isspace((unsigned char)*p)) {
    char buf[16];
    snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, mo, d);
    return strdup(buf);
  }
  if (*p != 'T' && *p != 't' && *p != ' ')
    return NULL;
  p++;
  if (sscanf(p, "%2d:%2d%n", &h, &mi, &n) != 2)
    return NULL;
  p += n;
  if (*p == ':' && sscanf(p, ":%2d%n", &sec, &n) == 1)
    p += n;
  if (*p == '.' || *p == ',')
    for (p++; isdigit((unsigned char)*p); p++)
      ;
  if (*p)
    off = zone_minutes(p, &ok);
  if (!ok || h > 23 || mi > 59 || sec > 60)
    return NULL;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  return format_utc(&tm, off);
}

char *af__feed_date(const char *raw) {
  char *out;
  if (!raw)
    return NULL;
  int iso = isdigit((unsigned char)raw[0]) && strlen(raw) > 4 && raw[4] == '-';
  out = iso ? parse_iso(raw) : parse_rfc822(raw);
  if (!out && isdigit((unsigned char)raw[0]))
    out = parse_rfc822(raw);
  return out;
}
