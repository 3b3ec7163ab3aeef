/* Figure measures from the clause's grammar (measures.c), on invented
 * sentences: one rule per test, each with the near misses that must not
 * take it. */
#include "norm_internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "norm_test.h"

/* The measure of the figure written `raw` in `text`; want NULL: none. */
static void measure(const char *text, const char *raw, const char *want) {
  norm_figs f;
  const af_figure *g = norm_must_scan(&f, text, raw);

  if (!want && g->measure)
    fail_msg("\"%s\" in \"%s\": measure \"%s\", expected none", raw, text,
             g->measure);
  if (want && (!g->measure || strcmp(g->measure, want) != 0))
    fail_msg("\"%s\" in \"%s\": measure \"%s\", expected \"%s\"", raw, text,
             g->measure ? g->measure : "(none)", want);
  norm_figs_free(&f);
}

/* Rule 1: the figure's own noun phrase, through "of", determiners and
 * quantifiers, with "and"/"or" between nouns; a verb, a month or a place
 * after "in" ends it. */
static void test_own_phrase(void **state) {
  (void)state;
  measure("Operators bought 400 low-emission buses delivered last spring.",
          "400", "low-emission buses");
  measure("Trusts treated 87,000 more emergency admissions than before.",
          "87,000", "emergency admissions");
  measure("About 35% of the trains on the route ran late.", "35%",
          "trains on route");
  measure("The plan needs 9,200 nursery or school places.", "9,200",
          "nursery or school places");
  measure("Around 18% of children in care moved school.", "18%",
          "children in care");
  /* Near misses: a place is where, not what; "in real terms" is how. */
  measure("Some 4,000 nurses in Wales left the service.", "4,000", "nurses");
  measure("Pay for the staff rose by 6% in real terms.", "6%",
          "pay for staff");
  /* A pronoun after the figure is no measure, nor is a determiner. */
  measure("They counted 41,000, more than they had hoped.", "41,000", NULL);
  /* Acronyms keep their capitals; ordinary words are lower-cased. */
  measure("Some 300 NHS Trusts replied.", "300", "NHS trusts");
}

/* A passive participle after a count says what of it is counted. */
static void test_passive_participle(void **state) {
  (void)state;
  measure("In 2023, 52,300 pupils were excluded from school.", "52,300",
          "pupils excluded");
  measure("In all 3,800 homes have been built on the sites.", "3,800",
          "homes built");
  /* Near misses: no form of "be" before it; not a count. */
  measure("Some 3,800 homes stood empty.", "3,800", "homes");
  measure("About £90m of the extra spending was caused by delays.", "£90m",
          "extra spending");
}

/* Rule 3: the verb a figure measures, its object before "by", else its
 * subject (a relative clause set off by commas stepped over). */
static void test_verb_object_and_subject(void **state) {
  (void)state;
  measure("The scheme aimed to reduce hospital admissions by 12,000.",
          "12,000", "hospital admissions");
  measure("Admissions rose by 9,000 over the winter.", "9,000", "admissions");
  measure("The NAO said spending on school repairs fell by 18% in real terms.",
          "18%", "spending on school repairs");
  measure("Over the same period the number of children in care rose by 24%.",
          "24%", "children in care");
  measure("Councils' spending power, which includes council tax, fell by 28%.",
          "28%", "councils' spending power");
  measure("Its reserves went up by 53% in a year.", "53%", "reserves");
  /* Near miss: the auxiliary and the possessive are no part of it. */
  measure("Councils have seen their grant cut by 40% since 2010.", "40%",
          "grant");
  /* A copula's subject; "cost" makes a cost of its subject. */
  measure("Its latest estimate is £2.8bn.", "£2.8bn", "latest estimate");
  measure("The new signalling would cost £874m.", "£874m",
          "cost of new signalling");
}

/* Rule 4: a sum's object: "on"/"for" after it, with the noun the role
 * gives; "add ... to", "invest ... in". */
static void test_sum_object(void **state) {
  (void)state;
  measure("The ministry is paying £5.7bn for new rolling stock.", "£5.7bn",
          "spending on new rolling stock");
  measure("Boroughs spent £96m more than they had budgeted for on "
          "homelessness services.",
          "£96m", "overspend on homelessness services");
  measure("The levy would add £12 a year to the average water bill.", "£12",
          "addition to average water bill");
  /* Near misses: "on" a date, or after another verb, is no object. */
  measure("Trusts paid £40m on 2 May.", "£40m", NULL);
  measure("The board expects to save £100m by delaying work on branch lines.",
          "£100m", NULL);
}

/* Rule 5: the noun a figure is "of", unless it names a quantity or a
 * role ("a rise of", "a target of", "an average of"). */
static void test_noun_of(void **state) {
  (void)state;
  measure("Councils face a funding gap of £3.1 billion.", "£3.1 billion",
          "funding gap");
  measure("Each bill went up, on an average of 4%.", "4%", NULL);
  measure("The trust missed a target of 95%.", "95%", NULL);
}

/* Rule 6: figures set beside each other. */
static void test_beside(void **state) {
  (void)state;
  /* An apposed change measures what came before it, in any unit. */
  measure("Some 70,000 children were referred, a rise of 7% since 2015.", "7%",
          "children referred");
  /* The far end of "from ... to". */
  measure("The subsidy payments have risen from £6bn to £30bn.", "£30bn",
          "subsidy payments");
  /* The base of a comparison measures what it is compared with. */
  measure("Trusts hired 3,100 agency nurses, 900 more than the 2,200 the "
          "department had intended.",
          "2,200", "agency nurses");
  /* A range's low end measures what its high end does. */
  measure("Each worker had between 10 and 14 cases.", "10", "cases");
  /* Near miss: a comma and a different unit with no change word: the
   * figure keeps no borrowed measure. */
  measure("Some 70,000 children were referred, costing £5m.", "£5m", NULL);
}

/* The cap: no measure runs past eight words or ends on a preposition. */
static void test_cap(void **state) {
  norm_figs f;
  const af_figure *g;
  size_t words = 1;

  (void)state;
  g = norm_must_scan(&f,
                     "The fund paid £40m on road bridge tunnel rail bus tram "
                     "ferry cycle schemes.",
                     "£40m");
  assert_non_null(g->measure);
  for (const char *p = g->measure; *p; p++)
    words += *p == ' ';
  assert_true(words <= 8);
  assert_null(strstr(g->measure, "  "));
  assert_string_not_equal(g->measure + strlen(g->measure) - 3, " on");
  norm_figs_free(&f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_own_phrase),
      cmocka_unit_test(test_passive_participle),
      cmocka_unit_test(test_verb_object_and_subject),
      cmocka_unit_test(test_sum_object),
      cmocka_unit_test(test_noun_of),
      cmocka_unit_test(test_beside),
      cmocka_unit_test(test_cap),
  };
  return cmocka_run_group_tests(tests, norm_rules_setup, norm_rules_teardown);
}
