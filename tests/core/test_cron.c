/* Cron expressions against crontab(5): fields, lists, ranges, steps,
 * names, the day-of-month / day-of-week OR rule, nicknames, time zones,
 * and errors that name the field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <auditfeed/errno.h>

#include "cron.h"

static long long next(const char *expr, long long after) {
  af__cron c;
  char err[256];
  int rc = af__cron_parse(expr, &c, err, sizeof(err));
  if (rc)
    fail_msg("%s: %s", expr, err);
  return af__cron_next(&c, after);
}

static void expect_error(const char *expr, const char *needle) {
  af__cron c;
  char err[256] = "";
  assert_int_equal(af__cron_parse(expr, &c, err, sizeof(err)), AF_EINVAL);
  if (!strstr(err, needle))
    fail_msg("'%s': error '%s' does not say '%s'", expr, err, needle);
}

#define SAT_1200 1796472000LL /* Sat 2026-12-05 12:00Z */
#define DEC1 1796083200LL     /* Tue 2026-12-01 00:00Z */

static void test_fields(void **s) {
  (void)s;
  /* weekdays at 06:00: Saturday noon -> Monday 06:00 */
  assert_int_equal(next("0 6 * * 1-5 UTC", SAT_1200), 1796623200LL);
  /* names, case-insensitive */
  assert_int_equal(next("0 6 * * MON-fri UTC", SAT_1200), 1796623200LL);
  /* every 15 minutes: the next quarter hour, strictly after */
  assert_int_equal(next("*/15 * * * * UTC", SAT_1200), SAT_1200 + 900);
  assert_int_equal(next("*/15 * * * * UTC", SAT_1200 + 1), SAT_1200 + 900);
  /* A/N: from A to the end of the range */
  assert_int_equal(next("5/20 * * * * UTC", SAT_1200), SAT_1200 + 5 * 60);
  assert_int_equal(next("5/20 * * * * UTC", SAT_1200 + 5 * 60), SAT_1200 + 25 * 60);
  /* a range with a step, and a list */
  assert_int_equal(next("0 9-17/4 * * * UTC", SAT_1200), SAT_1200 + 3600);      /* 13:00 */
  assert_int_equal(next("0 9-17/4 * * * UTC", SAT_1200 + 3600), SAT_1200 + 5 * 3600); /* 17:00 */
  assert_int_equal(next("30 7,19 * * * UTC", SAT_1200), SAT_1200 + 7 * 3600 + 1800);
  /* months by name: the first of next March */
  assert_int_equal(next("0 0 1 mar * UTC", SAT_1200), 1803859200LL);
  /* 0 and 7 are both Sunday */
  assert_int_equal(next("0 0 * * 7 UTC", SAT_1200), next("0 0 * * 0 UTC", SAT_1200));
  assert_int_equal(next("0 0 * * sun UTC", SAT_1200), SAT_1200 + 12 * 3600);
}

static void test_day_rule(void **s) {
  (void)s;
  /* Both day fields restricted: the 13th OR a Friday.  From 1 Nov 2026
   * (a Sunday): Friday 6th, then Friday the 13th, then Friday 20th. */
  long long t = next("0 0 13 * 5 UTC", 1793491200LL);
  assert_int_equal(t, 1793923200LL);
  t = next("0 0 13 * 5 UTC", t);
  assert_int_equal(t, 1794528000LL);
  /* the 13th OR a Friday also takes a 13th that is no Friday (13 Dec) */
  assert_int_equal(next("0 0 13 * 5 UTC", DEC1 + 11 * 86400), DEC1 + 12 * 86400);
  /* One starts with '*': only the other counts... */
  assert_int_equal(next("0 0 * * 1 UTC", DEC1), 1796601600LL); /* Monday 7th */
  assert_int_equal(next("0 0 15 * * UTC", DEC1), DEC1 + 14 * 86400);
  /* ...and '*' with a step is still a '*' field (crontab(5)): odd days
   * AND Mondays, so the 7th and the 21st. */
  t = next("0 0 */2 * 1 UTC", DEC1);
  assert_int_equal(t, 1796601600LL);
  assert_int_equal(next("0 0 */2 * 1 UTC", t), 1797811200LL);
}

static void test_nicknames_and_zones(void **s) {
  (void)s;
  assert_int_equal(next("@daily UTC", SAT_1200), SAT_1200 + 12 * 3600);
  assert_int_equal(next("@hourly UTC", SAT_1200), SAT_1200 + 3600);
  assert_int_equal(next("@weekly UTC", SAT_1200), next("0 0 * * 0 UTC", SAT_1200));
  assert_int_equal(next("@monthly UTC", SAT_1200), 1798761600LL); /* 1 Jan 2027 */
  assert_int_equal(next("@yearly UTC", SAT_1200), 1798761600LL);
  /* 06:00 in London is 05:00Z in summer and 06:00Z in winter */
  assert_int_equal(next("0 6 * * * Europe/London", 1782864000LL), 1782882000LL);
  assert_int_equal(next("0 6 * * * Europe/London", SAT_1200 + 2 * 86400), 1796709600LL);
  assert_int_equal(next("30 9 * * 1 America/New_York", SAT_1200), 1796653800LL);
  /* a date that never comes */
  assert_int_equal(next("0 0 30 2 * UTC", SAT_1200), -1);
  /* the zone is switched only for the call */
  setenv("TZ", "Asia/Tokyo", 1);
  assert_int_equal(next("0 6 * * * Europe/London", SAT_1200 + 2 * 86400), 1796709600LL);
  assert_string_equal(getenv("TZ"), "Asia/Tokyo");
  unsetenv("TZ");
}

static void test_errors(void **s) {
  (void)s;
  expect_error("0 6 * *", "4 field(s)");
  expect_error("60 * * * *", "field 1 (minute)");
  expect_error("* 24 * * *", "field 2 (hour)");
  expect_error("* * 0 * *", "field 3 (day of month)");
  expect_error("* * * 13 *", "field 4 (month)");
  expect_error("* * * * 8", "field 5 (day of week)");
  expect_error("5-1 * * * *", "'5-1'");
  expect_error("*/0 * * * *", "'*/0'");
  expect_error("mon * * * *", "field 1");
  expect_error("1,,2 * * * *", "field 1");
  expect_error("1, * * * *", "field 1");
  expect_error("* * * janx *", "field 4");
  expect_error("0 6 * * * Mars/Olympus_Mons", "not in the zone database");
  expect_error("0 6 * * * ../../etc/passwd", "time zone");
  expect_error("0 6 * * * UTC extra", "more than 5 fields");
  expect_error("@fortnightly", "unknown '@fortnightly'");
  assert_true(af__cron_like("0 6 * * *"));
  assert_true(af__cron_like("@daily"));
  assert_false(af__cron_like("6h"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fields), cmocka_unit_test(test_day_rule),
      cmocka_unit_test(test_nicknames_and_zones), cmocka_unit_test(test_errors)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
