/* Figure roles and periods from the clause around each figure, on
 * invented sentences: one rule per test case. */
#include "norm_internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "norm_test.h"

/* The role (and, when `period` is not NULL, the period) of the figure
 * written `raw` in `text`. */
static void role(const char *text, const char *raw, const char *want,
                 const char *period) {
  norm_figs f;
  const af_figure *g = norm_must_scan(&f, text, raw);

  if (!g->role || strcmp(g->role, want) != 0)
    fail_msg("\"%s\" in \"%s\": role %s, expected %s", raw, text,
             g->role ? g->role : "(none)", want);
  if (period && (!g->period || strcmp(g->period, period) != 0))
    fail_msg("\"%s\" in \"%s\": period %s, expected %s", raw, text,
             g->period ? g->period : "(none)", period);
  norm_figs_free(&f);
}

/* The nearest cue wins, and a qualifier is no cue: "more than" is not a
 * rise, "fell by" beats the "spending" further back. */
static void test_nearest_cue(void **state) {
  (void)state;
  role("Councils' spending on libraries fell by 24% in real terms.", "24%",
       "change", NULL);
  role("More than 9,000 ferries were in service last year.", "9,000",
       "level", "last year");
  role("The board spent £40 million on new signals.", "£40 million", "spend",
       NULL);
}

/* The base of a comparison takes its role from what follows it. */
static void test_compared_base(void **state) {
  (void)state;
  role("Operators bought 3,100 buses, 900 more than the 2,200 the department "
       "had intended.",
       "2,200", "target", NULL);
  role("Operators bought 3,100 buses, 900 more than the 2,200 the department "
       "had intended.",
       "900", "change", NULL);
}

static void test_plans_and_forecasts(void **state) {
  (void)state;
  role("The agency aimed to plant 30,000 trees.", "30,000", "target", NULL);
  role("The ministry now expects the scheme to cost £2.4 billion.",
       "£2.4 billion", "forecast", NULL);
  role("The council set aside £12 million for flood defences.", "£12 million",
       "budget", NULL);
  role("The trust said the changes saved £3 million a year.", "£3 million",
       "saving", NULL);
  role("The new prison cost £95 million more than planned.", "£95 million",
       "cost_overrun", NULL);
  role("Ministers promised 40 new hospitals by 2030.", "40", "target", "by 2030");
}

/* A proportion followed by "of" is a share; a count before "of the" is
 * not. */
static void test_shares(void **state) {
  (void)state;
  role("About 35% of the trains ran late.", "35%", "share", NULL);
  role("Two-thirds of depots had no backup power.", "Two-thirds", "share",
       NULL);
  role("In 2019, 4,100 of the vehicles were scrapped.", "4,100", "level",
       "In 2019");
}

/* Periods: the nearest time expression in the figure's clause. */
static void test_periods(void **state) {
  (void)state;
  role("Funding fell by 30% between 2010-11 and 2018-19.", "30%", "change",
       "between 2010-11 and 2018-19");
  role("Fares rose by 12% since 2015, while 800 stations closed in 2019-20.",
       "800", "level", "in 2019-20");
  role("Fares rose by 12% since 2015, while 800 stations closed in 2019-20.",
       "12%", "change", "since 2015");
}

/* The measure of the figure written `raw` in `text`. */
static void measure(const char *text, const char *raw, const char *want) {
  norm_figs f;
  const af_figure *g = norm_must_scan(&f, text, raw);

  if (!g->measure || strcmp(g->measure, want) != 0)
    fail_msg("\"%s\": measure %s, expected %s", raw,
             g->measure ? g->measure : "(none)", want);
  norm_figs_free(&f);
}

/* Measures: the noun phrase after the figure (hyphenated words kept, a
 * verb or a month ends it); a change's subject before its verb when
 * nothing follows; a compared figure's from the figure it is compared
 * with. */
static void test_measures(void **state) {
  (void)state;
  measure("Operators bought 400 low-emission buses delivered last spring.",
          "400", "low-emission buses");
  measure("Spending on school repairs fell by 18% in real terms.", "18%",
          "Spending on school repairs");
  measure("Trusts hired 3,100 agency nurses, 900 more than the 2,200 the "
          "department had intended.",
          "2,200", "agency nurses");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_nearest_cue),
      cmocka_unit_test(test_compared_base),
      cmocka_unit_test(test_plans_and_forecasts),
      cmocka_unit_test(test_shares),
      cmocka_unit_test(test_periods),
      cmocka_unit_test(test_measures),
  };
  return cmocka_run_group_tests(tests, norm_rules_setup, norm_rules_teardown);
}
