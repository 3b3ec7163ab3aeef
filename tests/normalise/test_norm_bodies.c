/* Bodies a finding is about, on invented sentences: one rule per case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "norm_test.h"

/* The finding containing `needle` has exactly the bodies listed
 * (NULL-terminated), in any order. */
static void bodies(const norm_run *run, const char *needle, ...) {
  const af_finding *f = norm_find(run, needle);
  va_list ap;
  const char *id;
  size_t n = 0;

  if (!f)
    fail_msg("no finding containing \"%s\"", needle);
  va_start(ap, needle);
  while ((id = va_arg(ap, const char *)) != NULL) {
    bool found = false;
    for (size_t k = 0; k < f->n_bodies; k++)
      found |= strcmp(f->bodies[k], id) == 0;
    if (!found)
      fail_msg("\"%s\": body %s missing", needle, id);
    n++;
  }
  va_end(ap);
  if (n != f->n_bodies)
    fail_msg("\"%s\": %zu bodies, expected %zu (first %s)", needle,
             f->n_bodies, n, f->n_bodies ? f->bodies[0] : "-");
}

/* Former names and misnomers resolve to today's body. */
static void test_former_and_misnamed(void **state) {
  norm_run run;
  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The National Audit Office said the DCLG had not "
                    "evaluated its housing grants.",
                    "The NAO found the department of education had no data "
                    "on pupils taught at home.",
                    NULL),
      0);
  bodies(&run, "housing grants", "MHCLG", NULL);
  bodies(&run, "taught at home", "DfE", NULL);
  norm_test_free(&run);
}

/* "the department" is the ministry named last, even after an inspectorate;
 * a full name starting "the Department for" is that department. */
static void test_department_anaphor(void **state) {
  norm_run run;
  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The National Audit Office said the Department for "
                    "Transport had underestimated the cost of new trains.",
                    "It found that Ofsted had inspected few rail colleges.",
                    "The department had no plan to fill the gap, the NAO said.",
                    "The NAO said the Department for Education must share the "
                    "data.",
                    NULL),
      0);
  bodies(&run, "no plan to fill", "DfT", NULL);
  bodies(&run, "must share", "DfE", NULL);
  norm_test_free(&run);
}

/* "the departments": every department named so far. */
static void test_departments_plural(void **state) {
  norm_run run;
  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The National Audit Office said the Home Office and the "
                    "Ministry of Justice had not shared data on prisoners.",
                    "The NAO said the departments should agree one record "
                    "for each prisoner.",
                    NULL),
      0);
  bodies(&run, "one record", "HO", "MoJ", NULL);
  norm_test_free(&run);
}

/* A council by name is a local authority and itself. */
static void test_named_council(void **state) {
  norm_run run;
  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The National Audit Office found that Westmorland County "
                    "Council had borrowed £90 million to buy shops.",
                    NULL),
      0);
  bodies(&run, "buy shops", "LA", "LA:Westmorland County Council", NULL);
  norm_test_free(&run);
}

/* A pronoun for the bodies of the sentence before carries them; "It said"
 * is the NAO speaking and carries nothing. */
static void test_pronoun_carry(void **state) {
  norm_run run;
  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The National Audit Office said the Department for Work "
                    "and Pensions had paid too little attention to fraud.",
                    "It has not measured how much is lost each year.",
                    "It said fraud in the benefit system had risen sharply.",
                    NULL),
      0);
  bodies(&run, "how much is lost", "DWP", NULL);
  bodies(&run, "risen sharply", NULL);
  norm_test_free(&run);
}

/* A reply from a body that speaks for others is about them too. */
static void test_represented(void **state) {
  norm_run run;
  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The National Audit Office said funding for roads had "
                    "fallen by a third.",
                    "A Local Government Association spokesperson said: \"This "
                    "report shows the scale of the repair backlog.\"",
                    NULL),
      0);
  bodies(&run, "repair backlog", "LGA", "LA", NULL);
  norm_test_free(&run);
}

/* "The department" before any department is named: the one department
 * the article names later (its reply, say); with two named, none. */
static void test_department_named_later(void **state) {
  norm_run run;
  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The NAO said the department had spent £448 million on "
                    "the scheme.",
                    "A spokesperson for the Department for Transport said "
                    "the scheme was working.",
                    NULL),
      0);
  bodies(&run, "£448 million", "DfT", NULL);
  norm_test_free(&run);
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The NAO said the department had not evaluated the "
                    "grants it paid.",
                    "The Home Office and the Department for Transport both "
                    "ran schemes of their own.",
                    NULL),
      0);
  bodies(&run, "not evaluated", NULL);
  norm_test_free(&run);
}

/* "It" at the start of a finding means the body the text was last about:
 * the finding before, unless a sentence that was no finding opened on
 * another body in between (the subject moved); "It said" stays the NAO. */
static void test_subject_moves(void **state) {
  norm_run run;
  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The NAO said the Home Office had not checked the "
                    "contracts it let.",
                    "The Department for Transport runs the rail franchises.",
                    "It has no reliable data on how many passengers travel.",
                    NULL),
      0);
  bodies(&run, "checked the contracts", "HO", NULL);
  bodies(&run, "how many passengers", "DfT", NULL);
  norm_must_not_find(&run, "runs the rail franchises");
  norm_test_free(&run);
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The NAO said the Home Office had not checked the "
                    "contracts it let.",
                    "It has no reliable data on what the contracts cost.",
                    NULL),
      0);
  bodies(&run, "what the contracts cost", "HO", NULL);
  norm_test_free(&run);
}

/* More former and misspelt names: BIS and DECC (today BEIS and DESNZ),
 * DfEE, an ampersand, "Department of" for "Department for". */
static void test_former_names_lineage(void **state) {
  norm_run run;
  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The NAO said BIS had not tracked the loans it made to "
                    "small firms.",
                    "The NAO found that DECC had paid too much for the "
                    "boiler grants.",
                    "The NAO found the Department of Energy & Climate Change "
                    "had not tested its insulation scheme.",
                    "The NAO said the Department of Work and Pensions had "
                    "no data on sanctions.",
                    "The NAO found that the DfEE had not checked the "
                    "training providers.",
                    NULL),
      0);
  bodies(&run, "small firms", "BEIS", NULL);
  bodies(&run, "boiler grants", "DESNZ", NULL);
  bodies(&run, "insulation scheme", "DESNZ", NULL);
  bodies(&run, "no data on sanctions", "DWP", NULL);
  bodies(&run, "training providers", "DfE", NULL);
  norm_test_free(&run);
}

/* A story plainly about one department: "ministers", "the government",
 * "Whitehall" mean it. */
static void test_government_is_the_department(void **state) {
  norm_run run;
  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The Department for Work and Pensions has lost track of "
                    "its fraud cases, the National Audit Office said.",
                    "The NAO said ministers had no plan to recover the "
                    "£2bn lost each year.",
                    "The NAO found that the government's own estimate of "
                    "the losses had doubled since 2015.",
                    "Whitehall had not acted on earlier warnings, the NAO "
                    "said.",
                    "The NAO said Scottish ministers had made the same "
                    "mistake with their own benefits.",
                    "A spokesperson for the department said it was "
                    "recruiting more investigators.",
                    NULL),
      0);
  bodies(&run, "ministers had no plan", "DWP", NULL);
  bodies(&run, "own estimate", "DWP", NULL);
  bodies(&run, "earlier warnings", "DWP", NULL);
  bodies(&run, "same mistake", NULL);
  norm_test_free(&run);
}

/* Near misses: two departments named; a story about councils that names
 * the department once; "local government" (councils) and "central
 * government"; a councils' body asking the government to act. */
static void test_government_near_misses(void **state) {
  norm_run run;
  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The National Audit Office said the Department for "
                    "Education and HM Treasury had not agreed the cost of "
                    "school repairs.",
                    "The NAO said the government had no list of the "
                    "schools most at risk.",
                    NULL),
      0);
  bodies(&run, "most at risk", NULL);
  norm_test_free(&run);

  assert_int_equal(
      norm_test_run(rules, &run,
                    "Councils in England cut spending on libraries by 30% "
                    "over the decade, the National Audit Office said.",
                    "The NAO found that councils had closed 700 branches "
                    "and that councils in the north cut deepest.",
                    "It said the Ministry of Housing, Communities and Local "
                    "Government had not assessed the effect on councils.",
                    "The NAO said the government had not asked councils "
                    "what the cuts meant for readers.",
                    "Funding from central government fell by 40%, the NAO "
                    "found.",
                    NULL),
      0);
  bodies(&run, "what the cuts meant", "LA", NULL);
  bodies(&run, "central government fell", NULL);
  norm_test_free(&run);

  assert_int_equal(
      norm_test_run(rules, &run,
                    "The Home Office has not checked the cost of its new "
                    "asylum hotels, the National Audit Office said.",
                    "The NAO found that the Home Office paid £4m a day for "
                    "the hotels.",
                    "The Local Government Association said: \"The "
                    "government must pay councils the full cost of housing "
                    "people seeking asylum.\"",
                    NULL),
      0);
  bodies(&run, "full cost of housing", "LGA", "LA", NULL);
  norm_test_free(&run);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_former_and_misnamed),
      cmocka_unit_test(test_department_anaphor),
      cmocka_unit_test(test_departments_plural),
      cmocka_unit_test(test_named_council),
      cmocka_unit_test(test_pronoun_carry),
      cmocka_unit_test(test_represented),
      cmocka_unit_test(test_department_named_later),
      cmocka_unit_test(test_subject_moves),
      cmocka_unit_test(test_former_names_lineage),
      cmocka_unit_test(test_government_is_the_department),
      cmocka_unit_test(test_government_near_misses),
  };
  return cmocka_run_group_tests(tests, norm_rules_setup, norm_rules_teardown);
}
