/* Rules for articles the normaliser was not written against: attribution
 * frames, kinds and figures, each on sentences invented for the test. */
#include "norm_internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "norm_test.h"

/* A scope verb inside what the NAO reported is part of a finding. */
static void test_scope_after_report_verb(void **state) {
  norm_run run;

  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The National Audit Office has criticised the Home "
                    "Office's asylum accommodation contracts.",
                    "The report examines the contracts let in 2019.",
                    "It said the department had not set out how it would "
                    "measure the quality of housing it pays for.",
                    NULL),
      0);
  norm_must_not_find(&run, "The report examines");
  norm_must_find(&run, "had not set out how", "verdict");
  norm_test_free(&run);
}

/* "described X as “…”": a quotation inside the writer's sentence. */
static void test_described_as_quote(void **state) {
  norm_run run;
  const af_finding *f;

  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The NAO found that the prison estate needs £1.8 billion "
                    "of repairs.",
                    "Dame Meg Hillier, who chairs the Public Accounts "
                    "Committee, described the state of the estate as "
                    "\xe2\x80\x9c" "a disgrace" "\xe2\x80\x9d.",
                    NULL),
      0);
  f = norm_must_find(&run, "described the state", "quote");
  assert_non_null(f->speaker->name);
  assert_string_equal(f->speaker->name, "Meg Hillier");
  norm_test_free(&run);
}

/* A councillor speaking as chair of the councils' association or as a
 * council leader replies for the audited side; a party role does not. */
static void test_council_office_holders(void **state) {
  norm_run run;
  const af_finding *f;

  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "Councils overspent on home-to-school transport by "
                    "£120 million last year, the NAO said.",
                    "Councillor Ann Pryce, chair of the Local Government "
                    "Association's transport board, said: \"Councils cannot "
                    "keep absorbing these costs.\"",
                    "\"We have cut every other budget to pay for it,\" said "
                    "Cllr Tom Eade, leader of Norbridge County Council.",
                    "\"This is a mess of the government's making,\" said "
                    "Councillor Sam Ruddle, the Labour opposition leader on "
                    "Norbridge County Council.",
                    NULL),
      0);
  f = norm_must_find(&run, "keep absorbing", "response");
  assert_string_equal(f->attributed_to, "audited_body");
  norm_must_find(&run, "every other budget", "response");
  f = norm_must_find(&run, "a mess of the", "quote");
  assert_string_equal(f->attributed_to, "politician");
  norm_test_free(&run);
}

/* A missed plan in one phrase is a target_vs_outcome, with one figure or
 * none; a budget that merely changed is a figure. */
static void test_shortfall(void **state) {
  norm_run run;
  const af_finding *f;

  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The Ministry of Justice is not on course to deliver its "
                    "target of 10,000 new prison places by 2025, the "
                    "National Audit Office found.",
                    "The new case system went live 18 months later than "
                    "planned.",
                    "Enrolments fell short of the department's expectation of "
                    "40,000 by 6,500.",
                    "The department's budget fell by 12 per cent in real "
                    "terms over the period, the NAO said.",
                    "The estimate of £2.4bn is well above the £1.6bn budget "
                    "set in 2019.",
                    "Auditors said the scheme had not met the department's "
                    "own expectations.",
                    NULL),
      0);
  norm_must_find(&run, "not on course", "target_vs_outcome");
  f = norm_must_find(&run, "later than planned", "target_vs_outcome");
  assert_int_equal(f->n_figures, 0);
  f = norm_must_find(&run, "fell short of", "target_vs_outcome");
  assert_int_equal(f->n_figures, 2);
  norm_must_find(&run, "budget fell by 12", "figure");
  norm_must_find(&run, "well above the", "target_vs_outcome");
  norm_must_find(&run, "own expectations", "verdict");
  norm_test_free(&run);
}

/* History and other bodies' plans told in passing are context; the same
 * words in what the NAO is said to have found are a finding. */
static void test_background(void **state) {
  norm_run run;

  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The National Audit Office found that 14 of the 40 "
                    "new hospitals had not started construction.",
                    "The programme was announced in 2020 by the then prime "
                    "minister.",
                    "Westmoor Council, which spent £30 million on its "
                    "hospital link road, plans to borrow a further £12 "
                    "million.",
                    "An internal review of the scheme is reported to put its "
                    "cost at £35bn.",
                    "The NAO said the funding was introduced in 2021 without "
                    "a business case.",
                    NULL),
      0);
  norm_must_find(&run, "14 of the 40", "figure");
  norm_must_not_find(&run, "was announced in");
  norm_must_not_find(&run, "Westmoor");
  norm_must_not_find(&run, "internal review");
  norm_must_find(&run, "without a business case", "verdict");
  norm_test_free(&run);
}

/* How many figures one sentence has, scanned directly into `s`. */
static size_t scan_figs(const char *text, norm_figs *s) {
  norm_scan(s, text);
  return s->v.n;
}

/* The second number of an age band or of a pair of names is no figure;
 * a range of counts still is two. */
static void test_age_and_name_pairs(void **state) {
  norm_figs s;

  (void)state;
  assert_int_equal(scan_figs("Only 4,200 pupils aged 11 to 16 were tested.",
                             &s), 1);
  assert_true(((const af_figure *)s.v.v)[0].value == 4200);
  norm_figs_free(&s);
  assert_int_equal(scan_figs("Sections 114 and 115 apply; 7 councils used "
                             "them.", &s), 1);
  assert_true(((const af_figure *)s.v.v)[0].value == 7);
  norm_figs_free(&s);
  assert_int_equal(scan_figs("Between 120 and 150 schools closed.", &s),
                   2);
  norm_figs_free(&s);
}

/* "a third" with no "of": a ratio after a comparison word, not before a
 * noun. */
static void test_fraction_alone(void **state) {
  norm_figs s;
  const af_figure *f;

  (void)state;
  assert_int_equal(scan_figs("Use of the scheme was up from a third last "
                             "year.", &s), 1);
  f = s.v.v;
  assert_true(f[0].value > 0.333 && f[0].value < 0.334);
  assert_string_equal(f[0].unit, "ratio");
  norm_figs_free(&s);
  assert_int_equal(scan_figs("Running costs were cut by a quarter.", &s),
                   1);
  norm_figs_free(&s);
  assert_int_equal(scan_figs("The work was passed to a third party.", &s),
                   0);
  norm_figs_free(&s);
}

/* A figure set against a budget or target a few words on is a
 * target_vs_outcome; a share "of" the budget is not. */
static void test_compared_to_plan(void **state) {
  norm_run run;

  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The agency spent £410 million in 2022-23, £55 million "
                    "less than its budget, the NAO said.",
                    "Running costs could exceed the department's budget by "
                    "£1.1 billion over the decade, the NAO found.",
                    "The NAO found that the agency spent more than half of "
                    "the budget on agency staff, some £230 million.",
                    NULL),
      0);
  norm_must_find(&run, "less than its budget", "target_vs_outcome");
  norm_must_find(&run, "exceed the department", "target_vs_outcome");
  norm_must_find(&run, "more than half of", "figure");
  norm_test_free(&run);
}

/* Failure to deliver or to show results makes a sentence with figures a
 * verdict; what a report leaves out is scope. */
static void test_failure_verdicts_and_scope(void **state) {
  norm_run run;

  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The flood defence programme has not achieved its aim "
                    "of protecting 300,000 homes, the National Audit Office "
                    "said.",
                    "Auditors found the agency relied heavily on 1,200 "
                    "contractors.",
                    "The report does not assess the value for money of the "
                    "wider flood strategy.",
                    NULL),
      0);
  norm_must_find(&run, "has not achieved its aim", "verdict");
  norm_must_find(&run, "relied heavily", "verdict");
  norm_must_not_find(&run, "does not assess");
  norm_test_free(&run);
}

/* "The Department of Health and Social Care should": the modal follows
 * the end of a long body name. */
static void test_long_body_before_modal(void **state) {
  norm_run run;

  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The NAO said the Department of Health and Social Care "
                    "should publish a workforce plan for adult social care.",
                    NULL),
      0);
  norm_must_find(&run, "should publish", "recommendation");
  norm_test_free(&run);
}

/* "from X to Y points" and durations with a word between. */
static void test_changes_and_durations(void **state) {
  norm_figs s;
  const af_figure *f;

  (void)state;
  assert_int_equal(scan_figs("The gap narrowed from 12.5 to 9.0 percentage "
                             "points.", &s), 2);
  f = s.v.v;
  assert_string_equal(f[0].unit, "pp");
  assert_null(f[0].range);
  norm_figs_free(&s);
  assert_int_equal(scan_figs("Parents get 30 funded hours; 8,000 used "
                             "them.", &s), 1);
  assert_true(((const af_figure *)s.v.v)[0].value == 8000);
  norm_figs_free(&s);
}

/* A quotation in single curly marks inside the writer's sentence. */
static void test_single_mark_quote(void **state) {
  norm_run run;
  const af_finding *f;

  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The NAO found that the scheme paid out £90 million in "
                    "error.",
                    "Dame Meg Hillier said the losses were "
                    "\xe2\x80\x98" "simply unacceptable" "\xe2\x80\x99.",
                    "The NAO said the department's records were "
                    "\xe2\x80\x98" "incomplete" "\xe2\x80\x99 and out of date.",
                    NULL),
      0);
  f = norm_must_find(&run, "simply unacceptable", "quote");
  assert_string_equal(f->speaker->name, "Meg Hillier");
  norm_must_find(&run, "records were", "verdict");
  norm_test_free(&run);
}

/* A role that starts with a word in -ing is still a role ("housing
 * spokesperson"); "called X “…”" attributes a quotation. */
static void test_roles_and_called(void **state) {
  norm_run run;
  const af_finding *f;

  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The NAO found that councils spent £1.6 billion on "
                    "temporary accommodation last year.",
                    "Councillor Ada Brenner, housing spokesperson for the "
                    "Local Government Association, said: \"Councils need "
                    "long-term funding to prevent homelessness.\"",
                    "Jo Marsh, who chairs the Housing Committee, called the "
                    "figures \"a national disgrace\".",
                    NULL),
      0);
  f = norm_must_find(&run, "long-term funding", "response");
  assert_non_null(strstr(f->speaker->role, "housing spokesperson"));
  f = norm_must_find(&run, "called the figures", "quote");
  assert_string_equal(f->speaker->name, "Jo Marsh");
  norm_test_free(&run);
}

/* One quantity as a multiple of another is a ratio; "times" that counts
 * occasions is not a figure. */
static void test_multiples(void **state) {
  norm_figs s;
  const af_figure *f;

  (void)state;
  assert_int_equal(scan_figs("Agency staff cost about three times as much "
                             "as employees.", &s), 1);
  f = s.v.v;
  assert_true(f[0].value == 3);
  assert_string_equal(f[0].unit, "ratio");
  assert_string_equal(f[0].qualifier, "around");
  norm_figs_free(&s);
  assert_int_equal(scan_figs("Claims were 4.5 times higher in the north.", &s), 1);
  f = s.v.v;
  assert_true(f[0].value == 4.5);
  norm_figs_free(&s);
  assert_int_equal(scan_figs("Older pupils were twice as likely to leave.",
                             &s), 1);
  f = s.v.v;
  assert_true(f[0].value == 2);
  assert_string_equal(f[0].unit, "ratio");
  norm_figs_free(&s);
  assert_int_equal(scan_figs("Sites were checked three times a year and "
                             "twice a month in winter.", &s), 0);
  norm_figs_free(&s);
}

/* A small spelled number is a count before a total in digits or after a
 * limiting word; otherwise it is left alone. */
static void test_spelled_counts(void **state) {
  norm_figs s;
  const af_figure *f;

  (void)state;
  assert_int_equal(scan_figs("Only seven of the 12 hospitals met the "
                             "standard.", &s), 2);
  f = s.v.v;
  assert_true(f[0].value == 7 && f[1].value == 12);
  assert_string_equal(f[0].unit, "count");
  norm_figs_free(&s);
  assert_int_equal(scan_figs("The board hired just four inspectors.", &s),
                   1);
  f = s.v.v;
  assert_true(f[0].value == 4);
  norm_figs_free(&s);
  assert_int_equal(scan_figs("It was one of the most costly schemes; two "
                             "reviews took only two weeks.", &s), 0);
  norm_figs_free(&s);
}

/* An estimate or intention that was not met is a plan against an
 * outcome; a revised forecast alone is a figure, although "now expected
 * to" holds an outcome word and a plan word. */
static void test_estimates_and_forecasts(void **state) {
  norm_run run;

  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The NAO found that the agency had estimated 40,000 "
                    "firms would apply; only 11,500 had done so by March.",
                    "The tunnel was meant to cost £900 million; it is now "
                    "expected to cost £1.4 billion, auditors said.",
                    "The NAO said the bridge is now expected to cost £310 "
                    "million.",
                    NULL),
      0);
  norm_must_find(&run, "had estimated 40,000", "target_vs_outcome");
  norm_must_find(&run, "was meant to cost", "target_vs_outcome");
  norm_must_find(&run, "the bridge is now", "figure");
  norm_test_free(&run);
}

/* Work the NAO finds not done or not agreed is a verdict, even with the
 * money at stake in the sentence. */
static void test_yet_to_verdicts(void **state) {
  norm_run run;

  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The NAO found that the Home Office has yet to agree "
                    "how the £600 million fund will be shared.",
                    "Auditors said the department had not yet agreed a "
                    "timetable with the suppliers.",
                    NULL),
      0);
  norm_must_find(&run, "has yet to agree", "verdict");
  norm_must_find(&run, "not yet agreed a", "verdict");
  norm_test_free(&run);
}

/* A single word in quotation marks is a term, not the NAO's judgement
 * quoted; a quoted phrase still makes a sentence with figures a verdict. */
static void test_quoted_term_not_verdict(void **state) {
  norm_run run;

  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The NAO found that \"hub\" schools received £2 million "
                    "more than others.",
                    "The NAO said the £45 million scheme had been \"poorly "
                    "thought through\".",
                    NULL),
      0);
  norm_must_find(&run, "schools received", "figure");
  norm_must_find(&run, "thought through", "verdict");
  norm_test_free(&run);
}

/* Bodies named "Council" that are not local councils: their people are
 * stakeholders unless the body speaks for the audited side. */
static void test_councils_that_are_not_councils(void **state) {
  norm_run run;
  const af_finding *f;

  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The Home Office cut police grants by £80 million, the "
                    "NAO said.",
                    "Dana Voss, chief executive of the Joint Council for "
                    "the Welfare of Immigrants, said: \"The cuts fall on "
                    "the people least able to bear them.\"",
                    "Chief Constable Omar Reid, who chairs the National "
                    "Police Chiefs' Council, said: \"Forces cannot absorb "
                    "another cut.\"",
                    NULL),
      0);
  f = norm_must_find(&run, "least able to bear", "quote");
  assert_string_equal(f->speaker->name, "Dana Voss");
  norm_must_find(&run, "Forces cannot absorb", "response");
  norm_test_free(&run);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_scope_after_report_verb),
      cmocka_unit_test(test_described_as_quote),
      cmocka_unit_test(test_single_mark_quote),
      cmocka_unit_test(test_roles_and_called),
      cmocka_unit_test(test_council_office_holders),
      cmocka_unit_test(test_shortfall),
      cmocka_unit_test(test_background),
      cmocka_unit_test(test_age_and_name_pairs),
      cmocka_unit_test(test_fraction_alone),
      cmocka_unit_test(test_changes_and_durations),
      cmocka_unit_test(test_compared_to_plan),
      cmocka_unit_test(test_failure_verdicts_and_scope),
      cmocka_unit_test(test_long_body_before_modal),
      cmocka_unit_test(test_multiples),
      cmocka_unit_test(test_spelled_counts),
      cmocka_unit_test(test_estimates_and_forecasts),
      cmocka_unit_test(test_yet_to_verdicts),
      cmocka_unit_test(test_quoted_term_not_verdict),
      cmocka_unit_test(test_councils_that_are_not_councils),
  };
  return cmocka_run_group_tests(tests, norm_rules_setup, norm_rules_teardown);
}
