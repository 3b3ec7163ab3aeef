/* Figures and sentence splitting, on invented sentences. */
#include "norm_internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "norm_test.h"

static void one(const char *text, const char *raw, double value,
                const char *unit) {
  norm_figs f;
  const af_figure *g = norm_scan(&f, text);

  assert_int_equal(f.v.n, 1);
  assert_string_equal(g[0].raw, raw);
  assert_true(g[0].value > value * 0.9999 - 1e-9 &&
              g[0].value < value * 1.0001 + 1e-9);
  assert_string_equal(g[0].unit, unit);
  /* the span points at the figure as written in the text */
  assert_true(g[0].start < g[0].end && g[0].end <= strlen(text));
  assert_int_equal(g[0].end - g[0].start, strlen(raw));
  assert_memory_equal(text + g[0].start, raw, strlen(raw));
  norm_figs_free(&f);
}

static void none(const char *text) {
  norm_figs f;

  norm_scan(&f, text);
  if (f.v.n)
    fail_msg("unexpected figure \"%s\" in \"%s\"",
             ((const af_figure *)f.v.v)[0].raw, text);
  norm_figs_free(&f);
}

static void test_money(void **state) {
  (void)state;
  one("The trust spent £47m on agency nurses.", "£47m", 47e6, "GBP");
  one("Repairs will cost £2.7bn over the period.", "£2.7bn", 2.7e9, "GBP");
  one("The fund held £6.1 billion at the year end.", "£6.1 billion", 6.1e9,
      "GBP");
  one("A grant of £250 million was promised.", "£250 million", 250e6, "GBP");
  one("The contract was worth $40m to the supplier.", "$40m", 40e6, "USD");
  one("Losses reached €1.5bn by the close.", "€1.5bn", 1.5e9, "EUR");
  one("Each school received £1,350 per pupil.", "£1,350", 1350, "GBP");
}

static void test_counts(void **state) {
  (void)state;
  one("Officers visited 48,215 households.", "48,215", 48215, "count");
  one("The scheme created 9,870 apprenticeships.", "9,870", 9870, "count");
  one("It promised one million new trees.", "one million", 1e6, "count");
  one("They planned a million extra checks.", "a million", 1e6, "count");
  one("Only 312 claims were paid.", "312", 312, "count");
}

static void test_percent_pp_ratio(void **state) {
  (void)state;
  one("Waiting times rose by 18 per cent.", "18 per cent", 18, "percent");
  /* A multiple is a ratio (schema: unit "ratio"), never a count. */
  one("Costs were 3 times higher.", "3 times", 3, "ratio");
  one("Take-up was 63% in the pilot.", "63%", 63, "percent");
  one("Costs were up eleven per cent.", "eleven per cent", 11, "percent");
  one("Attendance fell 3.5 percentage points.", "3.5 percentage points", 3.5,
      "pp");
  one("Eight in 10 hospitals reported delays.", "Eight in 10", 0.8, "ratio");
  one("Roughly one in five claims was late.", "one in five", 0.2, "ratio");
  one("Two-thirds of councils overspent.", "Two-thirds", 2.0 / 3.0, "ratio");
  one("Three out of four trusts missed it.", "Three out of four", 0.75, "ratio");
}

static void test_qualifiers_and_ranges(void **state) {
  norm_figs f;
  const af_figure *g;

  (void)state;
  g = norm_scan(&f, "The agency paid over £90 million in fees.");
  assert_int_equal(f.v.n, 1);
  assert_string_equal(g[0].qualifier, "over");
  norm_figs_free(&f);
  g = norm_scan(&f, "Around 40% of sites and nearly 2,000 staff were affected.");
  assert_int_equal(f.v.n, 2);
  assert_string_equal(g[0].qualifier, "around");
  assert_string_equal(g[1].qualifier, "nearly");
  norm_figs_free(&f);
  g = norm_scan(&f, "More than 300 schools waited up to 19 weeks.");
  assert_int_equal(f.v.n, 1);
  assert_string_equal(g[0].qualifier, "more_than");
  norm_figs_free(&f);
  g = norm_scan(&f, "Up to 45 staff left and almost £7m was lost.");
  assert_int_equal(f.v.n, 2);
  assert_string_equal(g[0].qualifier, "up_to");
  assert_string_equal(g[1].qualifier, "almost");
  assert_true(g[1].value == 7e6);
  norm_figs_free(&f);
  g = norm_scan(&f, "Each officer held between 25 and 31 files, at least 12 more.");
  assert_int_equal(f.v.n, 3);
  assert_string_equal(g[0].range, "low");
  assert_string_equal(g[1].range, "high");
  assert_true(g[0].value == 25 && g[1].value == 31);
  assert_string_equal(g[2].qualifier, "at_least");
  norm_figs_free(&f);
  g = norm_scan(&f, "Vacancy rates were 10-14% in most areas.");
  assert_int_equal(f.v.n, 2);
  assert_string_equal(g[0].raw, "10");
  assert_string_equal(g[0].unit, "percent");
  assert_string_equal(g[0].range, "low");
  assert_string_equal(g[1].raw, "14%");
  assert_string_equal(g[1].range, "high");
  norm_figs_free(&f);
  g = norm_scan(&f, "Rates ranged between 4 and 9 per cent.");
  assert_int_equal(f.v.n, 2);
  assert_string_equal(g[0].unit, "percent");
  assert_string_equal(g[1].unit, "percent");
  norm_figs_free(&f);
}

static void test_not_figures(void **state) {
  (void)state;
  none("Since 2012 the board has met monthly.");
  none("Spending in 2019-20 was flat.");
  none("The plan runs to 2030.");
  none("It was published on 14 March 2018.");
  none("It was published on 3 Nov 21.");
  none("The review took six years.");
  none("Delays of 14 weeks were common.");
  none("Children aged 11 were tested.");
  none("The council issued a Section 114 notice.");
  none("The report (HC 1021) was laid before Parliament.");
  none("Demand outpaced population growth4 in most areas.");
  none("Data for those aged 0-171 were excluded.");
  none("The deadline was 24/6/19.");
  none("Five or more GCSE passes were needed.");
  none("Children under the age of 16 were counted.");
  none("Results for the third quarter were late.");
  /* Occasions are not figures; a multiple of a quantity is (below). */
  none("Inspectors visited 3 times a year.");
}

static void test_period_and_role(void **state) {
  norm_figs f;
  const af_figure *g;

  (void)state;
  g = norm_scan(&f, "Each school received £1,350 per pupil.");
  assert_int_equal(f.v.n, 1);
  assert_string_equal(g[0].per, "pupil");
  norm_figs_free(&f);
  g = norm_scan(&f, "Referrals rose by 9 per cent since 2014.");
  assert_int_equal(f.v.n, 1);
  assert_string_equal(g[0].role, "change");
  assert_string_equal(g[0].period, "since 2014");
  norm_figs_free(&f);
}

static void split(const char *text, size_t want) {
  af__vec v;

  af__vec_init(&v, sizeof(af__span));
  assert_int_equal(af__split_sentences(rules, text, 0, strlen(text), &v), 0);
  if (v.n != want)
    fail_msg("%zu sentences, want %zu: %s", v.n, want, text);
  af__vec_free(&v);
}

static void test_sentences(void **state) {
  (void)state;
  split("Mr. Jones met the Dept. team. They agreed a plan.", 2);
  split("See No. 4 on the list. It costs £5.3bn in total.", 2);
  split("The fund held c. £2.4 billion. That was enough.", 2);
  split("Some bodies, e.g. trusts, failed. Others did not.", 2);
  split("J. Smith wrote it. The board agreed.", 2);
  split("She said: “It is late. It is over budget.” Nobody disagreed.", 2);
  split("The site is media.com now. It moved.", 2);
}

/* Cross-references point at places in a report: none of their numbers is
 * a figure, lists and several kinds included; the figures around them
 * stay. */
static void test_cross_references(void **state) {
  (void)state;
  none("The Department has not met its target (paragraphs 1.4 to 1.7).");
  none("Demand has risen sharply since 2015 (Figure 3).");
  none("It should publish its plan (paragraph 2.3 and Figure 12).");
  none("The costs are set out in paragraphs 3.1, 3.4 and 3.9; Figures 5 and 6.");
  none("The method is described in Appendix Two and Appendix B, para. 4.");
  none("Savings were overstated (see pages 12-14 and Table 2a).");
  one("Spending rose by 12% (paragraphs 3.1, 3.4 and 3.9; Figures 5 and 6).", "12%", 12,
      "percent");
  one("Spending reached £2.1 billion (Figure 4 and paragraphs 2.1 to 2.6).",
      "£2.1 billion", 2.1e9, "GBP");
  /* The words alone are no reference: a figure after them stays one. */
  one("A figure of £200 million went unspent.", "£200 million", 2e8, "GBP");
  one("Part of the £3 billion budget went unspent.", "£3 billion", 3e9, "GBP");
  one("The table shows 40% of trusts in deficit.", "40%", 40, "percent");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_money),
      cmocka_unit_test(test_counts),
      cmocka_unit_test(test_percent_pp_ratio),
      cmocka_unit_test(test_qualifiers_and_ranges),
      cmocka_unit_test(test_not_figures),
      cmocka_unit_test(test_period_and_role),
      cmocka_unit_test(test_sentences),
      cmocka_unit_test(test_cross_references),
  };
  return cmocka_run_group_tests(tests, norm_rules_setup, norm_rules_teardown);
}
