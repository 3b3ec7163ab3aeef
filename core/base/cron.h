/* Calendar schedules: 5-field cron expressions as crontab(5) documents
 * them, with an optional time zone.
 *
 *   minute hour day-of-month month day-of-week [TIME/ZONE]
 *   "0 6 * * 1-5 Europe/London", "30 7,19 1-7 * mon", "@daily"
 *
 * A field is a list of items (`,`); an item is `*`, a number or a name,
 * or a range `A-B`, each optionally with a step `/N` (`*` with a step, and
 * `A/N` meaning A to the end of the range).  Months take jan..dec, days
 * of the week sun..sat, 0 and 7 both Sunday.  When both day fields are
 * restricted (neither starts with `*`), a day matches when EITHER matches,
 * as cron does; otherwise only the restricted one counts.  @yearly
 * (@annually), @monthly, @weekly, @daily (@midnight) and @hourly stand
 * for their usual expressions.  Without a zone, local time.
 *
 * Pure: no files but the zone database behind localtime (the zone is
 * switched through TZ for the call: loop thread only). */
#ifndef AF_CRON_H
#define AF_CRON_H

#include <stddef.h>
#include <stdint.h>

typedef struct af__cron {
  uint64_t minute;  /* bit n: minute n */
  uint32_t hour, dom; /* bit n: hour n, day n (1..31) */
  uint16_t month;   /* bit n: month n (1..12) */
  uint8_t dow;      /* bit n: weekday n (0 = Sunday .. 6) */
  int dom_star, dow_star;
  char tz[64];      /* "" = local time */
} af__cron;

/* 1 when `s` looks like a cron expression rather than a duration (it has
 * spaces or starts with '@'). */
int af__cron_like(const char *s);

/* 0, or AF_EINVAL with "field N (name): problem" in err. */
int af__cron_parse(const char *expr, af__cron *out, char *err, size_t errlen);

/* The first matching minute strictly after `after` (Unix seconds), or -1
 * when none comes within five years (e.g. "0 0 30 2 *"). */
long long af__cron_next(const af__cron *c, long long after);

#endif /* AF_CRON_H */
