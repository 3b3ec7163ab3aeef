/* The misquote check: the same quantity with another value is flagged;
 * rounding, approximate wording and different quantities are not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "misquote.h"

/* A figure as the check sees it. */
#define FACT(raw_, value_, unit_, role_, measure_, qualifier_, from_, to_)               \
  {.raw = (raw_), .value = (value_), .unit = (unit_), .role = (role_),                   \
   .measure = (measure_), .qualifier = (qualifier_), .from = (from_), .to = (to_)}

/* A figure quoted (news) and the one it is checked against (report):
 * whether it is a misquote, and then how far apart (rel_lo < relative <
 * rel_hi, when rel_hi is not 0). */
typedef struct quote_case {
  const char *why;
  af__fig_fact news, report;
  int misquoted;
  double rel_lo, rel_hi;
} quote_case;

static const quote_case cases[] = {
    {"rounding is no misquote",
     FACT("£5.3bn", 5.3e9, "GBP", "spend", "spending through the better care fund", NULL, 0, 0),
     FACT("£5,278m", 5278e6, "GBP", "spend", "better care fund spending", NULL, 0, 0), 0, 0, 0},
    {"'almost a third' for 32%: spelled and qualified",
     FACT("almost a third", 1.0 / 3, "ratio", "share", "councils in deficit", "almost", 0, 0),
     FACT("32%", 32, "percent", "share", "councils in deficit", NULL, 0, 0), 0, 0, 0},
    {"transposed digits of an amount",
     FACT("£5.8bn", 5.8e9, "GBP", "spend", "spending through the better care fund", NULL, 0, 0),
     FACT("£5,278m", 5278e6, "GBP", "spend", "better care fund spending", NULL, 0, 0), 1, 0.08,
     0.10},
    {"transposed digits of a count",
     FACT("72,740", 72740, "count", "level", "households in temporary accommodation", NULL, 2017,
          2017),
     FACT("77,240", 77240, "count", "level", "households in temporary accommodation", NULL, 2017,
          2017),
     1, 0, 0},
    /* Different role, measure, unit or period: not comparable. */
    {"a target against an outcome",
     FACT("7 million", 7e6, "count", "target", "people moved to universal credit", NULL, 0, 0),
     FACT("815,000", 815000, "count", "outcome", "people moved to universal credit", NULL, 0, 0),
     0, 0, 0},
    {"homes against school places",
     FACT("4,390", 4390, "count", "level", "new homes needed", NULL, 0, 0),
     FACT("10,664", 10664, "count", "level", "school places needed", NULL, 0, 0), 0, 0, 0},
    {"two periods", FACT("£1.1bn", 1.1e9, "GBP", "spend", "homelessness spending", NULL, 2015, 2016),
     FACT("£1.4bn", 1.4e9, "GBP", "spend", "homelessness spending", NULL, 2017, 2018), 0, 0, 0},
    {"money against a percentage", FACT("£60m", 60e6, "GBP", "level", "reserves", NULL, 0, 0),
     FACT("60%", 60, "percent", "level", "reserves", NULL, 0, 0), 0, 0, 0},
};

static void test_misquotes(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    const quote_case *c = &cases[i];
    double rel = 0;
    int got = af__misquoted(&c->news, &c->report, &rel);
    if (got != c->misquoted)
      fail_msg("%s: misquoted %d, want %d", c->why, got, c->misquoted);
    if (c->rel_hi && !(rel > c->rel_lo && rel < c->rel_hi))
      fail_msg("%s: %f apart, want %f to %f", c->why, rel, c->rel_lo, c->rel_hi);
  }
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
      cmocka_unit_test(test_misquotes),
      cmocka_unit_test(test_written_step),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
