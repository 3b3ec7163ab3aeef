/* Figure roles and periods from the clause around each figure, on
 * invented sentences: one rule per test case. */
#include "norm_internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "norm_test.h"

/* The role (and, when `period` is not NULL, the period; "" for none) of
 * the figure written `raw` in `text`. */
static void role(const char *text, const char *raw, const char *want,
                 const char *period) {
  norm_figs f;
  const af_figure *g = norm_must_scan(&f, text, raw);

  if (!g->role || strcmp(g->role, want) != 0)
    fail_msg("\"%s\" in \"%s\": role %s, expected %s", raw, text,
             g->role ? g->role : "(none)", want);
  /* "" : the figure must have no period. */
  if (period && !*period && g->period)
    fail_msg("\"%s\" in \"%s\": period %s, expected none", raw, text,
             g->period);
  if (period && *period && (!g->period || strcmp(g->period, period) != 0))
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
  /* A change against a base date runs from it to the sentence's date. */
  role("Ferry crossings numbered 8,200 in June 2024, down 15% on June 2019.",
       "15%", "change", "June 2019 to June 2024");
  role("Fees were up 7% on 2019.", "7%", "change", "2019");
  /* The base of a change is not the date of the level beside it. */
  role("About 9,000 patients were waiting, up 20% on 2019.", "9,000", "level",
       "");
  /* A level beside a base date keeps its own date. */
  role("Ferry crossings numbered 8,200 in June 2024, down 15% on June 2019.",
       "8,200", "level", "in June 2024");
}

/* Role cues, one grammar pattern each, with the near misses that must not
 * take the cue. */
static void test_change_cues(void **state) {
  (void)state;
  role("The number of inspectors grew by 1,200 over the decade.", "1,200",
       "change", NULL);
  role("Applications dropped by 3,400 after the fee was introduced.", "3,400",
       "change", NULL);
  role("Grants to museums were cut by £40 million in 2015-16.",
       "£40 million", "change", "in 2015-16");
  /* The noun a figure qualifies, a word or two on. */
  role("Councils faced a 12% real-terms cut in grants.", "12%", "change",
       NULL);
  /* "rose to" gives the new level, not the change. */
  role("Hospital admissions rose to 14,000 last winter.", "14,000", "level",
       NULL);
  role("Fares went up from £3.20 to £4.10 a journey.", "£4.10", "level", NULL);
  /* The ends of a change are what the cue before the change says. */
  role("The ferry budget will rise from £310 million to £340 million.",
       "£310 million", "budget", NULL);
  role("The ferry budget will rise from £310 million to £340 million.",
       "£340 million", "budget", NULL);
  role("Arrivals rose from 1,200 to 3,000.", "1,200", "level", NULL);
}

/* "by" ties a figure to the verb it measures, however far back in the
 * clause that verb is. */
static void test_by_verb(void **state) {
  (void)state;
  role("Most county councils overspent their budgets for adult social care "
       "and home-to-school transport by £610 million last year.",
       "£610 million", "cost_overrun", NULL);
  role("The number of trained magistrates in rural courts across the north "
       "has fallen sharply by 2,300.",
       "2,300", "change", NULL);
  role("The project exceeded its approved budget by £75 million.",
       "£75 million", "cost_overrun", NULL);
  /* A comparison right after the figure still says what it is. */
  role("The trust had not cut its waiting list by 3,000 as targeted.",
       "3,000", "target", NULL);
  /* Not a verb of change: a time or an agent after "by". */
  role("The survey was answered by 4,800 tenants.", "4,800", "level", NULL);
}

static void test_target_cues(void **state) {
  (void)state;
  role("Ministers plan to build 16,000 prison places.", "16,000", "target",
       NULL);
  role("The trust intends to recruit 900 midwives.", "900", "target", NULL);
  role("Waiting times were measured against a target of 92%.", "92%",
       "target", NULL);
  role("The board committed to cutting emissions by 45%.", "45%", "target",
       NULL);
  /* A goal set for a share is a target, not a share. */
  role("The scheme aims to place 35% of its trainees in work.", "35%",
       "target", NULL);
  /* "find" after "to" is the plan's verb, not a report of a finding. */
  role("The landlord runs 80 hostels, while the charity aims to find "
       "placements for 40% of its applicants.",
       "40%", "target", NULL);
  role("The ministry wants 60% of buses to be electric by 2030.", "60%",
       "target", NULL);
  role("Only 3,200 flats were finished, compared with the 10,000 promised.",
       "10,000", "target", NULL);
  role("The helpline aimed for 90% of calls to be answered in a minute.",
       "90%", "target", NULL);
  role("By May the board had finished 41 of the 120 planned depots.", "120",
       "target", NULL);
  /* The plan's verb belongs to another clause. */
  role("The agency aimed to finish the survey, and 4,000 sites were visited.",
       "4,000", "level", NULL);
}

static void test_outcome_cues(void **state) {
  (void)state;
  role("Officials said that 18,000 of the eligible families had already been "
       "rehoused.",
       "18,000", "outcome", NULL);
  role("By March the service had achieved 640 placements.", "640", "outcome",
       NULL);
  /* "already" in a clause of its own says nothing of the figure. */
  role("The council housed 300 families; its shelters were already full.",
       "300", "level", NULL);
}

static void test_money_cues(void **state) {
  (void)state;
  role("The new hospital wing has cost the trust £82 million so far.",
       "£82 million", "spend", NULL);
  role("Fixing the ships is costing the navy £1.3 billion.", "£1.3 billion",
       "spend", NULL);
  /* A cost beyond the plan is an overrun, whatever the verb before it. */
  role("The bridge opened late, costing £64 million more than planned.",
       "£64 million", "cost_overrun", NULL);
  role("The programme was given a budget of £250 million.", "£250 million",
       "budget", NULL);
  role("The changes saved the prison service £12 million.", "£12 million",
       "saving", NULL);
  role("Councils spent £2.1 billion on temporary accommodation.",
       "£2.1 billion", "spend", NULL);
  role("The contract ran up a £2.4 billion overspend.", "£2.4 billion",
       "cost_overrun", NULL);
  role("The trust found £40 million in savings last year.", "£40 million",
       "saving", NULL);
  role("The new rota is saving the force £6 million a year.", "£6 million",
       "saving", NULL);
  role("The regulator had been given £3 billion for the upgrade.",
       "£3 billion", "budget", NULL);
  /* "saving" lives is no sum of money. */
  role("The new rota is saving 40 lives a year.", "40", "level", NULL);
  role("The insurer paid £36 million to settle the claims.", "£36 million",
       "spend", NULL);
  /* A figure joined by "and" shares the verb of the one before it. */
  role("The agency spent £14 million on new ferries and £9 million on ports.",
       "£9 million", "spend", NULL);
  role("The agency bought 40 ferries and 12 were scrapped.", "12", "level",
       NULL);
  /* A price or a value is no spending. */
  role("The land was valued at £30 million.", "£30 million", "level", NULL);
}

static void test_forecast_cues(void **state) {
  (void)state;
  role("The number of pupils needing support is expected to reach 420,000.",
       "420,000", "forecast", NULL);
  role("Demand is projected to rise to 9,500 beds.", "9,500", "forecast",
       NULL);
  role("The shortfall is forecast to be £1.8 billion.", "£1.8 billion",
       "forecast", NULL);
  role("Officials estimated that the bridge would cost £400 million.",
       "£400 million", "forecast", NULL);
  role("The board expects to save £12 million through shared offices.",
       "£12 million", "forecast", NULL);
  /* Beyond what was expected: a comparison, not a forecast. */
  role("The depot cost £5 million more than expected.", "£5 million",
       "cost_overrun", NULL);
}

static void test_share_cues(void **state) {
  (void)state;
  role("The fund paid out £600 million, of which 40% went to the north.",
       "40%", "share", NULL);
  role("Around 12 per cent of claims were rejected.", "12 per cent", "share",
       NULL);
  role("One in five hospitals reported a shortage.", "One in five", "share",
       NULL);
  /* Both ends of a span of proportions. */
  role("The share of trains on time ranged from 88% in Wessex to 41% in the "
       "north.",
       "41%", "share", NULL);
  role("Temporary staff accounted for 14% of the wage bill.", "14%", "share",
       NULL);
  /* A verb the figure is the subject of says nothing of its kind. */
  role("Eight out of 10 forces had cut their patrols.", "Eight out of 10",
       "share", NULL);
  /* A count after "of which" is a part, not a proportion. */
  role("The board received 900 complaints, of which 300 were upheld.", "300",
       "level", NULL);
  /* A multiple is no share. */
  role("Costs were 3 times the original estimate.", "3 times", "level", NULL);
}


/* The grammar of the clause a figure sits in, written in several styles
 * (one rule class per block, each with the near miss that must not take
 * it). */

/* A spending verb and a comparison against a plan: an overrun; the same
 * difference with no spending verb is a change. */
static void test_overrun_grammar(void **state) {
  (void)state;
  role("Trusts spent £64m more than they had budgeted for on agency staff.",
       "£64m", "cost_overrun", NULL);
  role("The tunnel cost £210 million more than the ministry had originally "
       "planned.",
       "£210 million", "cost_overrun", NULL);
  role("Boroughs will pay out £1.1 billion this year, which is £90 million "
       "more than they budgeted for.",
       "£90 million", "change", NULL);
  /* Not a plan after "than": a plain comparison. */
  role("Schools spent £30m more than in the previous year.", "£30m", "change",
       NULL);
}

/* A future or conditional verb governs a level or a change after it. */
static void test_future_verbs(void **state) {
  (void)state;
  role("The levy would add between £8 and £12 a year to each water bill.",
       "£8", "forecast", NULL);
  role("The operator said the line will carry 40,000 passengers a day.",
       "40,000", "forecast", NULL);
  role("Ministers said the reactors could power 4 million homes.",
       "4 million", "forecast", NULL);
  /* A denial forecasts nothing; a clause of its own breaks the link. */
  role("The agency would not say why 3,200 cases were closed.", "3,200",
       "level", NULL);
  role("The scheme, which will close next year, has helped 18,000 tenants.",
       "18,000", "level", NULL);
  /* The size of a change named by a noun stays a change. */
  role("The plan would require a 40 per cent increase in output.",
       "40 per cent", "change", NULL);
  /* A cue of its own keeps its role. */
  role("Councils would have access to £3 billion over the next two years.",
       "£3 billion", "budget", NULL);
  role("The department expects to have opened around 2,100 places by 2026.",
       "2,100", "forecast", "by 2026");
  role("The board pledged 2,100 places by 2026.", "2,100", "target",
       "by 2026");
}

/* Money given or made available is a budget; a cost hung on a planned
 * clause is the plan's budget, on a past one what was spent. */
static void test_budget_grammar(void **state) {
  (void)state;
  role("The ministry is giving trusts an extra £250m for winter.", "£250m",
       "budget", NULL);
  role("The ministry has made available £75 million for ports.",
       "£75 million", "budget", NULL);
  role("The scheme aims to retrain 50,000 workers by 2025, at a cost of "
       "£600 million.",
       "£600 million", "budget", NULL);
  role("Officials expect the bypass to open in 2027, at an estimated cost of "
       "£1.3 billion.",
       "£1.3 billion", "forecast", NULL);
  role("The bridge was finished in 2019 at a cost of £48 million.",
       "£48 million", "spend", NULL);
  /* What a sum is spent to achieve is its aim; a sum's destination is
   * not ("£40m to 300 charities"). */
  role("The ministry is spending £1.2 billion to build 5,000 cells.", "5,000",
       "target", NULL);
  role("The fund paid £40m to 300 charities.", "300", "level", NULL);
  /* Given something that is not money: no budget. */
  role("The service is giving 9,000 families a named worker.", "9,000",
       "level", NULL);
}

/* Periods by clause scope: a year in a "since" clause starts the period;
 * a date inside one coordinated clause is not the next clause's; a
 * "while" clause shares the frame of the clause it is set against. */
static void test_period_scope(void **state) {
  (void)state;
  role("Claims have risen by 30% since the scheme was launched in 2015.",
       "30%", "change", "since the scheme was launched in 2015");
  role("Trusts received £90m this year, and they have spent £40m on "
       "software.",
       "£40m", "spend", "");
  role("Trusts received £90m this year, and they have spent £40m on "
       "software.",
       "£90m", "level", "this year");
  role("Grants fell by 20% between 2012-13 and 2019-20, while fees rose by "
       "15%.",
       "15%", "change", "between 2012-13 and 2019-20");
  /* A date before the first figure scopes over the whole sentence. */
  role("In 2021-22, 4,000 cases were closed, and 2,500 were reopened.",
       "2,500", "level", "In 2021-22");
}

/* "Over the same period": the span of years the text gave last. */
static void test_period_by_reference(void **state) {
  norm_run run;
  const af_finding *f;
  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The National Audit Office said spending on libraries fell "
                    "by 25% between 2010-11 and 2018-19.",
                    "Councils spent £700 million on libraries in 2018-19, the "
                    "NAO said.",
                    "Over the same period the number of library visits fell "
                    "by 31%, the NAO said.",
                    NULL),
      0);
  f = norm_must_find(&run, "library visits", "figure");
  assert_int_equal(f->n_figures, 1);
  assert_int_equal(f->figures[0]->start_year, 2010);
  assert_int_equal(f->figures[0]->end_year, 2019);
  norm_test_free(&run);
  /* With no span given before, the reference stays without years. */
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The National Audit Office said library visits fell by 31% "
                    "over the period.",
                    NULL),
      0);
  f = norm_must_find(&run, "library visits", "figure");
  assert_int_equal(f->figures[0]->start_year, 0);
  assert_int_equal(f->figures[0]->end_year, 0);
  norm_test_free(&run);
  /* A quantity dated at both ends of a change spans the years between;
   * a forecast after it does not widen the span. */
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The National Audit Office said spending on libraries rose "
                    "from £0.4bn in 2011-12 to £0.7bn in 2018-19, and expects "
                    "it to reach £0.9bn by 2023-24.",
                    "Over the same period the number of library visits fell "
                    "by 31%, the NAO said.",
                    NULL),
      0);
  f = norm_must_find(&run, "library visits", "figure");
  assert_int_equal(f->figures[0]->start_year, 2011);
  assert_int_equal(f->figures[0]->end_year, 2019);
  norm_test_free(&run);
}


/* Estimates named as nouns, paying, a part of a sum, a plan "against a
 * plan of", a future verb before a cost verb. */
static void test_estimates_and_parts(void **state) {
  (void)state;
  role("The agency's latest estimate is £1.4bn.", "£1.4bn", "forecast", NULL);
  role("The ministry is paying £3.1bn for new ferries.", "£3.1bn", "spend",
       NULL);
  role("Delays could cost councils a further £70m.", "£70m", "forecast", NULL);
  role("The trust spent £70m on agency staff.", "£70m", "spend", NULL);
  role("About £90m of the extra spending came from design changes.", "£90m",
       "cost_overrun", NULL);
  /* A part of something that is no sum with a role stays a level. */
  role("About £90m of the grant went to northern towns.", "£90m", "level",
       NULL);
  role("Inspectors had visited 55% of the sites, against a plan of 80%.",
       "80%", "target", NULL);
}

/* Periods: a date inside an earlier coordinated clause stays there, one
 * opening the sentence scopes over all of it; "the year to March 2020". */
static void test_period_clauses(void **state) {
  (void)state;
  role("The board estimated in 2015 that the dam would cost £90m; its latest "
       "estimate is £210m.",
       "£210m", "forecast", "");
  role("The board estimated in 2015 that the dam would cost £90m; its latest "
       "estimate is £210m.",
       "£90m", "forecast", "in 2015");
  role("In the year to March 2020, 91% of buses ran on time.", "91%", "share",
       "year to March 2020");
  /* A point in a decade; a decade alone is no period. */
  role("The board aims to plant 90,000 trees a year by the mid-2030s.",
       "90,000", "target", "by the mid-2030s");
  role("The board aims to plant 90,000 trees a year by the middle of the "
       "2030s.",
       "90,000", "target", "by the middle of the 2030s");
  role("About 40,000 trees were planted in the 2010s.", "40,000", "level", "");
  {
    norm_figs f;
    const af_figure *g = norm_must_scan(
        &f, "The board aims to plant 90,000 trees by the mid-2030s.", "90,000");
    assert_int_equal(g->start_year, 0);
    assert_int_equal(g->end_year, 2035);
    norm_figs_free(&f);
  }
  {
    norm_figs f;
    const af_figure *g = norm_must_scan(
        &f, "In the year to March 2020, 91% of buses ran on time.", "91%");
    assert_int_equal(g->start_year, 2019);
    assert_int_equal(g->end_year, 2020);
    norm_figs_free(&f);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_nearest_cue),
      cmocka_unit_test(test_compared_base),
      cmocka_unit_test(test_plans_and_forecasts),
      cmocka_unit_test(test_shares),
      cmocka_unit_test(test_periods),
      cmocka_unit_test(test_change_cues),
      cmocka_unit_test(test_by_verb),
      cmocka_unit_test(test_target_cues),
      cmocka_unit_test(test_outcome_cues),
      cmocka_unit_test(test_money_cues),
      cmocka_unit_test(test_forecast_cues),
      cmocka_unit_test(test_share_cues),
      cmocka_unit_test(test_overrun_grammar),
      cmocka_unit_test(test_future_verbs),
      cmocka_unit_test(test_budget_grammar),
      cmocka_unit_test(test_period_scope),
      cmocka_unit_test(test_period_by_reference),
      cmocka_unit_test(test_estimates_and_parts),
      cmocka_unit_test(test_period_clauses),
  };
  return cmocka_run_group_tests(tests, norm_rules_setup, norm_rules_teardown);
}
