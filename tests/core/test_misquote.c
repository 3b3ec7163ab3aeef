/* The misquote check: the same quantity with another value is flagged;
 * rounding, approximate wording and different quantities are not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "misquote.h"

static af__fig_fact fact(const char *raw, double value, const char *unit,
                         const char *role, const char *measure,
                         const char *qualifier, int from, int to) {
  af__fig_fact f = {.raw = raw, .value = value, .unit = unit, .role = role,
                    .measure = measure, .qualifier = qualifier, .from = from,
                    .to = to};
  return f;
}

static void test_rounding_is_no_misquote(void **state) {
  (void)state;
  af__fig_fact rep = fact("£5,278m", 5278e6, "GBP", "spend",
                          "better care fund spending", NULL, 0, 0);
  af__fig_fact news = fact("£5.3bn", 5.3e9, "GBP", "spend",
                           "spending through the better care fund", NULL, 0, 0);
  assert_int_equal(af__misquoted(&news, &rep, NULL), 0);
  /* "almost a third" for 32%: spelled and qualified. */
  af__fig_fact r2 = fact("32%", 32, "percent", "share", "councils in deficit",
                         NULL, 0, 0);
  af__fig_fact n2 = fact("almost a third", 1.0 / 3, "ratio", "share",
                         "councils in deficit", "almost", 0, 0);
  assert_int_equal(af__misquoted(&n2, &r2, NULL), 0);
}

static void test_transposed_digits(void **state) {
  double rel = 0;
  (void)state;
  af__fig_fact rep = fact("£5,278m", 5278e6, "GBP", "spend",
                          "better care fund spending", NULL, 0, 0);
  af__fig_fact news = fact("£5.8bn", 5.8e9, "GBP", "spend",
                           "spending through the better care fund", NULL, 0, 0);
  assert_int_equal(af__misquoted(&news, &rep, &rel), 1);
  assert_true(rel > 0.08 && rel < 0.10);
  af__fig_fact r2 = fact("77,240", 77240, "count", "level",
                         "households in temporary accommodation", NULL, 2017,
                         2017);
  af__fig_fact n2 = fact("72,740", 72740, "count", "level",
                         "households in temporary accommodation", NULL, 2017,
                         2017);
  assert_int_equal(af__misquoted(&n2, &r2, NULL), 1);
}

/* Different role, measure, unit or period: not comparable. */
static void test_not_the_same_quantity(void **state) {
  (void)state;
  af__fig_fact target = fact("7 million", 7e6, "count", "target",
                             "people moved to universal credit", NULL, 0, 0);
  af__fig_fact outcome = fact("815,000", 815000, "count", "outcome",
                              "people moved to universal credit", NULL, 0, 0);
  assert_int_equal(af__misquoted(&target, &outcome, NULL), 0);
  af__fig_fact homes = fact("4,390", 4390, "count", "level", "new homes needed",
                            NULL, 0, 0);
  af__fig_fact places = fact("10,664", 10664, "count", "level",
                             "school places needed", NULL, 0, 0);
  assert_int_equal(af__misquoted(&homes, &places, NULL), 0);
  af__fig_fact y1 = fact("£1.1bn", 1.1e9, "GBP", "spend", "homelessness spending",
                         NULL, 2015, 2016);
  af__fig_fact y2 = fact("£1.4bn", 1.4e9, "GBP", "spend", "homelessness spending",
                         NULL, 2017, 2018);
  assert_int_equal(af__misquoted(&y1, &y2, NULL), 0);
  af__fig_fact money = fact("£60m", 60e6, "GBP", "level", "reserves", NULL, 0, 0);
  af__fig_fact pct = fact("60%", 60, "percent", "level", "reserves", NULL, 0, 0);
  assert_int_equal(af__misquoted(&money, &pct, NULL), 0);
}

static void test_written_step(void **state) {
  (void)state;
  assert_true(af__written_step("£5.3bn", 5.3e9) > 0.99e8 &&
              af__written_step("£5.3bn", 5.3e9) < 1.01e8);
  assert_true(af__written_step("77,000", 77000) == 1000);
  assert_true(af__written_step("60%", 60) == 1);
  assert_true(af__written_step("seven", 7) == 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rounding_is_no_misquote),
      cmocka_unit_test(test_transposed_digits),
      cmocka_unit_test(test_not_the_same_quantity),
      cmocka_unit_test(test_written_step),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
