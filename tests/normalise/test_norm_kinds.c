/* Finding kinds, quotations and speakers, on invented articles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "norm_test.h"

#include <unistd.h>

/* The NAO's own report page speaks in its own voice: its judgements,
 * figures and recommendations are findings without "the NAO said", its
 * neutral background and its scope section are not; the same text at a
 * newspaper's address, never naming the NAO, yields nothing. */
static int run_page(norm_run *run, const char *url) {
  static const struct { const char *t; int kind; } blocks[] = {
      {"Background", AF_PARA_HEADING},
      {"Councils run the bus concession scheme for older people.", AF_PARA_TEXT},
      {"Scope of this report", AF_PARA_HEADING},
      {"In this report we examine how the scheme is funded.", AF_PARA_TEXT},
      {"assess whether councils are paid fairly for it;", AF_PARA_ITEM},
      {"Our findings", AF_PARA_HEADING},
      {"The department has not shown that the scheme is value for money.", AF_PARA_TEXT},
      {"Councils spent £1.1 billion on the scheme in 2022-23, 9% more than in 2019-20.", AF_PARA_TEXT},
      {"The department should publish how it sets each council's share.", AF_PARA_TEXT},
  };
  size_t n = sizeof(blocks) / sizeof(blocks[0]), len = 0;
  memset(run, 0, sizeof(*run));
  for (size_t i = 0; i < n; i++)
    len += strlen(blocks[i].t) + 2;
  run->text = calloc(1, len + 1);
  if (!run->text)
    return -1;
  len = 0;
  for (size_t i = 0; i < n; i++) {
    if (i)
      len += (size_t)sprintf(run->text + len, "\n\n");
    run->paras[i].offset = len;
    run->paras[i].kind = blocks[i].kind;
    run->paras[i].level = blocks[i].kind == AF_PARA_HEADING ? 2 : 0;
    len += (size_t)sprintf(run->text + len, "%s", blocks[i].t);
  }
  af__norm_input in = {.text = run->text, .paras = run->paras, .n_paras = n,
                      .url = url, .title = "Concessionary bus travel"};
  return af__normalise(rules, &in, &run->out);
}

static void test_nao_own_page(void **state) {
  norm_run run;
  (void)state;
  assert_int_equal(run_page(&run, "https://www.nao.org.uk/reports/concessionary-bus-travel/"), 0);
  assert_string_equal(norm_must_find(&run, "value for money", "verdict")->attributed_to, "nao");
  const af_finding *f = norm_must_find(&run, "£1.1 billion", "figure");
  assert_int_equal(f->n_figures, 2);
  norm_must_find(&run, "should publish", "recommendation");
  norm_must_not_find(&run, "run the bus concession");  /* background */
  norm_must_not_find(&run, "how the scheme is funded"); /* scope */
  norm_must_not_find(&run, "paid fairly");
  assert_int_equal(run.out.n, 3);
  norm_test_free(&run);

  assert_int_equal(run_page(&run, "https://news.example.org/buses"), 0);
  assert_int_equal(run.out.n, 0);
  norm_test_free(&run);
}

static void test_kinds(void **state) {
  norm_run run;
  const af_finding *f;

  (void)state;
  assert_int_equal(
      norm_test_run(
          rules, &run,
          "The National Audit Office found that the Home Office had no "
          "reliable data on visa processing times.",
          "The NAO said the department had spent £640m on the new system, "
          "38% more than first estimated.",
          "The Home Office planned to clear 80,000 cases by March but in "
          "fact cleared only 51,000, the NAO said.",
          "The watchdog recommends that the Home Office sets clear "
          "milestones for the programme.",
          "It said the department should publish its backlog figures every "
          "month.",
          "The NAO recommends that the Home Office sets out a timetable for "
          "clearing the backlog.",
          "The NAO said that while processing had sped up, each case still "
          "cost £410, well above the £250 set out in the business case.",
          NULL),
      0);
  f = norm_must_find(&run, "no reliable data", "verdict");
  assert_string_equal(f->attributed_to, "nao");
  assert_int_equal(f->n_bodies, 1);
  assert_string_equal(f->bodies[0], "HO");
  f = norm_must_find(&run, "£640m", "figure");
  assert_int_equal(f->n_figures, 2);
  assert_string_equal(f->figures[0]->unit, "GBP");
  assert_true(f->figures[1]->value == 38);
  f = norm_must_find(&run, "80,000 cases", "target_vs_outcome");
  assert_int_equal(f->n_figures, 2);
  norm_must_find(&run, "sets clear milestones", "recommendation");
  norm_must_find(&run, "sets out a timetable", "recommendation");
  norm_must_find(&run, "each case still cost £410", "figure");
  f = norm_must_find(&run, "publish its backlog", "recommendation");
  assert_string_equal(f->bodies[0], "HO"); /* "the department" */
  norm_test_free(&run);
}

static void test_context_and_lineage(void **state) {
  norm_run run;
  const af_finding *f;

  (void)state;
  assert_int_equal(
      norm_test_run(
          rules, &run,
          "In the opinion of the NAO, the Department for Communities and "
          "Local Government has not secured value for money.",
          "While the Department has set up a new team, it still lacks a "
          "clear view of which councils are at risk.",
          NULL),
      0);
  f = norm_must_find(&run, "In the opinion of the NAO", "verdict");
  assert_string_equal(f->bodies[0], "MHCLG");
  f = norm_must_find(&run, "lacks a clear view", "verdict");
  assert_int_equal(f->n_bodies, 2);
  assert_string_equal(f->bodies[0], "MHCLG");
  assert_string_equal(f->bodies[1], "LA");
  norm_test_free(&run);
}

static void test_quote_forms(void **state) {
  norm_run run;
  const af_finding *f;

  (void)state;
  assert_int_equal(
      norm_test_run(
          rules, &run,
          "The NAO concluded that the scheme had not delivered value for "
          "money.",
          "Gareth Davies, head of the NAO, said: “The scheme was launched "
          "in a hurry. Nobody checked the costs.”",
          "“Ministers now need a proper plan,” he added.",
          "“The lessons apply across government.”",
          "Davies said the board had been “too slow to act”.",
          "Priya Natt, director of the charity Fair Care, commented:",
          "“Families have waited far too long for this help.”",
          "‘We expected better,’ said Priya Natt.",
          NULL),
      0);
  f = norm_must_find(&run, "The scheme was launched", "quote");
  assert_string_equal(f->speaker->name, "Gareth Davies");
  assert_string_equal(f->speaker->role, "head of the NAO");
  assert_string_equal(f->attributed_to, "nao_head");
  assert_true(f->text[0] != 'G'); /* quoted words only */
  f = norm_must_find(&run, "proper plan", "quote");
  assert_string_equal(f->speaker->name, "Gareth Davies");
  assert_null(strstr(f->text, "added"));
  f = norm_must_find(&run, "lessons apply", "quote"); /* carried over */
  assert_string_equal(f->speaker->name, "Gareth Davies");
  f = norm_must_find(&run, "too slow to act", "quote"); /* embedded: whole */
  assert_true(strncmp(f->text, "Davies said", 11) == 0);
  f = norm_must_find(&run, "waited far too long", "quote");
  assert_string_equal(f->speaker->name, "Priya Natt");
  assert_string_equal(f->attributed_to, "stakeholder");
  f = norm_must_find(&run, "We expected better", "quote");
  assert_string_equal(f->speaker->name, "Priya Natt");
  norm_must_not_find(&run, "commented");
  norm_test_free(&run);
}

static void test_speaker_canonical(void **state) {
  norm_run run;
  const af_finding *f;

  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The NAO found the programme was badly run.",
                    "Amyas Moore, head of the NAO, said: “This is not good "
                    "enough for taxpayers.”",
                    "“The department must change course,” Moore added.",
                    NULL),
      0);
  f = norm_must_find(&run, "not good enough", "quote");
  assert_string_equal(f->speaker->name, "Amyas Morse");
  assert_string_equal(f->speaker->as_written, "Amyas Moore");
  f = norm_must_find(&run, "change course", "quote");
  assert_string_equal(f->speaker->name, "Amyas Morse");
  norm_test_free(&run);
}

static void test_responses(void **state) {
  norm_run run;
  const af_finding *f;

  (void)state;
  assert_int_equal(
      norm_test_run(
          rules, &run,
          "The NAO said the Department for Transport had let costs drift.",
          "A Department for Transport spokesperson said: “We have already "
          "saved £120m and will respond in full.”",
          "“Our plan is on track.”",
          "Jo Brant, chair of the Local Government Association's transport "
          "board, said: “Councils need certainty about funding.”",
          "Responding to the report, the department's permanent secretary "
          "Sir Alan Reedy said that 40 routes had already reopened.",
          "The Local Government Association said councils had not been "
          "consulted on the changes.",
          NULL),
      0);
  f = norm_must_find(&run, "saved £120m", "response");
  assert_string_equal(f->speaker->name, "Department for Transport spokesperson");
  assert_string_equal(f->attributed_to, "audited_body");
  assert_int_equal(f->n_figures, 1);
  f = norm_must_find(&run, "Our plan is on track", "response");
  assert_string_equal(f->speaker->name, "Department for Transport spokesperson");
  f = norm_must_find(&run, "need certainty", "response");
  assert_string_equal(f->speaker->name, "Jo Brant");
  assert_string_equal(f->speaker->organisation, "Local Government Association");
  f = norm_must_find(&run, "40 routes", "response");
  assert_string_equal(f->speaker->name, "Sir Alan Reedy");
  f = norm_must_find(&run, "not been consulted", "response");
  assert_string_equal(f->speaker->name, "Local Government Association");
  norm_test_free(&run);
}

static void test_more_speakers(void **state) {
  norm_run run;
  const af_finding *f;

  (void)state;
  assert_int_equal(
      norm_test_run(
          rules, &run,
          "The NAO said the new payroll system had been badly specified.",
          "“Money down the drain.”",
          "“The costs were never under control,” the NAO said.",
          "Labour MP Dan Oaks, a member of the committee, said: “Heads "
          "must roll.”",
          "A government spokesperson said: “We have accepted every "
          "recommendation.”",
          "Mr Davies said the board had “lost sight of the basics”.",
          NULL),
      0);
  f = norm_must_find(&run, "never under control", "verdict");
  assert_string_equal(f->attributed_to, "nao");
  assert_null(f->speaker);
  f = norm_must_find(&run, "Heads must roll", "quote");
  assert_string_equal(f->speaker->name, "Dan Oaks");
  assert_string_equal(f->attributed_to, "politician");
  f = norm_must_find(&run, "accepted every", "response");
  assert_string_equal(f->speaker->name, "government spokesperson");
  norm_must_not_find(&run, "down the drain"); /* nobody is named for it */
  f = norm_must_find(&run, "lost sight", "quote");
  assert_string_equal(f->speaker->name, "Gareth Davies");
  norm_test_free(&run);
}

/* Extractors sometimes join a multi-paragraph quotation into one
 * paragraph; each quoted paragraph is still its own finding. */
static void test_joined_quote_paragraphs(void **state) {
  norm_run run;
  const af_finding *f;

  (void)state;
  assert_int_equal(
      norm_test_run(
          rules, &run,
          "The NAO found the regulator had not used its powers.",
          "Tom Reddy, chief executive of the Patients Forum, said: “The "
          "findings are stark. Nobody was checking. “We now need a proper "
          "inspection regime.” The board will meet next month.",
          NULL),
      0);
  f = norm_must_find(&run, "findings are stark", "quote");
  assert_null(strstr(f->text, "proper inspection"));
  f = norm_must_find(&run, "proper inspection regime", "quote");
  assert_string_equal(f->speaker->name, "Tom Reddy");
  norm_must_not_find(&run, "board will meet");
  norm_test_free(&run);
}

static void test_report_ref(void **state) {
  norm_run run;
  const af_finding *f;

  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The NAO published a report, Managing school building "
                    "repairs (HC 512), which found that half the estate was "
                    "in poor condition.",
                    "It said the Department for Education had no complete "
                    "data on its buildings.",
                    NULL),
      0);
  f = norm_must_find(&run, "no complete data", "verdict");
  assert_non_null(f->report); assert_non_null(f->report->title);
  assert_string_equal(f->report->title, "Managing school building repairs");
  assert_string_equal(f->report->hc, "HC 512");
  norm_test_free(&run);
}

/* Passages quoted from the report are the NAO's findings, not quotes. */
static void test_report_passages(void **state) {
  norm_run run;
  const af_finding *f;

  (void)state;
  assert_int_equal(
      norm_test_run(
          rules, &run,
          "The NAO said the ferry contracts had been poorly managed.",
          "It said: “The department did not test the market before "
          "signing.",
          "“Nor did it check the operators could deliver.”",
          "“Costs rose by £30m as a result,” it added.",
          NULL),
      0);
  f = norm_must_find(&run, "did not test the market", "verdict");
  assert_true(strncmp(f->text, "It said", 7) != 0);
  assert_string_equal(f->attributed_to, "nao");
  norm_must_find(&run, "Nor did it check", "verdict");
  f = norm_must_find(&run, "Costs rose by £30m", "figure");
  assert_null(strstr(f->text, "added"));
  norm_test_free(&run);
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The NAO found that the new ferries were badly delayed:",
                    "“Neither vessel has yet carried a passenger.”", NULL),
      0);
  f = norm_must_find(&run, "Neither vessel", "verdict");
  assert_string_equal(f->attributed_to, "nao");
  norm_test_free(&run);
}

/* List items joined into one paragraph, and "It" meaning a body. */
static void test_joined_items_and_it(void **state) {
  norm_run run;
  const af_finding *f;

  (void)state;
  assert_int_equal(
      norm_test_run(
          rules, &run,
          "The NAO found that the courts backlog had grown, after finding: - "
          "In 2022, 61% of cases waited over a year. - Only 12 of 40 courts "
          "met their targets for listing.",
          "In 2019, the Ministry of Justice commissioned a review of listing. "
          "It accepted most of the proposals and began to publish more data.",
          "• Staff turnover is higher in courts with the longest backlogs.",
          NULL),
      0);
  f = norm_must_find(&run, "61% of cases", "figure");
  assert_true(strncmp(f->text, "In 2022", 7) == 0);
  norm_must_find(&run, "Only 12 of 40", "target_vs_outcome");
  norm_must_not_find(&run, "It accepted");
  f = norm_must_find(&run, "Staff turnover", "verdict");
  assert_true(strncmp(f->text, "Staff", 5) == 0);
  norm_test_free(&run);
}

static void test_cut_off_text(void **state) {
  norm_run run;

  (void)state;
  assert_int_equal(norm_test_run(rules, &run,
                                 "The NAO found the register was incomplete.",
                                 "The report counted 4,512 unregistered sit",
                                 NULL),
                   0);
  norm_must_find(&run, "4,512", "figure");
  norm_test_free(&run);
  assert_int_equal(norm_test_run(rules, &run,
                                 "The NAO found the register was incomplete.",
                                 "The NAO found that checks on the sites w",
                                 NULL),
                   0);
  norm_must_not_find(&run, "checks on the sites");
  norm_test_free(&run);
}

static void test_no_findings(void **state) {
  norm_run run;

  (void)state;
  /* Not about an NAO report at all. */
  assert_int_equal(norm_test_run(rules, &run,
                                 "The council said it had spent £3m on "
                                 "potholes, 12% more than last year.",
                                 NULL),
                   0);
  assert_int_equal(run.out.n, 0);
  norm_test_free(&run);
  assert_int_equal(
      norm_test_run(
          rules, &run, "NAO report: rail delays",
          "The NAO found that rail upgrades had run late.",
          "The report examines how Network Rail plans its work.",
          "According to a think tank, 30% of lines need renewal.",
          "The shadow transport secretary said the report should embarrass "
          "ministers.",
          "Ministers said they would spend £2bn on new trains.",
          "Meanwhile, the Commuter Alliance said fares had risen by 9%.",
          "Critics said the NAO finding undermined repeated claims by the "
          "operators that all was well.",
          "Perhaps the next plan will do better.",
          "Will passengers notice any difference?",
          "“It was a shambles,” said the shadow minister.",
          "Sign in to read more. You must accept cookies.",
          NULL),
      0);
  norm_must_find(&run, "had run late", "verdict");
  norm_must_not_find(&run, "rail delays");
  norm_must_not_find(&run, "examines");
  norm_must_not_find(&run, "think tank");
  norm_must_not_find(&run, "embarrass");
  norm_must_not_find(&run, "£2bn");
  norm_must_not_find(&run, "Commuter Alliance");
  norm_must_not_find(&run, "Critics said");
  norm_must_not_find(&run, "Perhaps");
  norm_must_not_find(&run, "notice any");
  norm_must_not_find(&run, "cookies");
  norm_test_free(&run);
}

static void test_scare_quote_not_continuation(void **state) {
  norm_run run;

  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The NAO found the pilot had not met its goals.",
                    "Ann Cole, director of Fair Pay, said: “It is a mess.”",
                    "“Priority families” are those with three or more needs.",
                    NULL),
      0);
  norm_must_find(&run, "It is a mess", "quote");
  norm_must_not_find(&run, "Priority families");
  norm_test_free(&run);
}

static void test_writer_comment_after_quote(void **state) {
  norm_run run;

  (void)state;
  assert_int_equal(
      norm_test_run(rules, &run,
                    "The NAO found the inspection regime was not effective.",
                    "Kay Lomas, chief executive of Care Watch, said: “The "
                    "report is right.” This is a failure that should not be "
                    "repeated.",
                    NULL),
      0);
  norm_must_find(&run, "The report is right", "quote");
  norm_must_not_find(&run, "should not be repeated");
  norm_test_free(&run);
}

static void test_rules_errors(void **state) {
  char dir[] = "/tmp/af_norm_rulesXXXXXX", path[512], err[512];
  af__norm_rules *r = NULL;
  FILE *f;

  (void)state;
  assert_non_null(mkdtemp(dir));
  snprintf(path, sizeof(path), "%s/lexicon.tsv", dir);
  f = fopen(path, "w");
  assert_non_null(f);
  fputs("# comment\nnao_ref\tNAO\nnot_a_class\tword\n", f);
  fclose(f);
  assert_true(af__norm_rules_load(dir, &r, err, sizeof(err)) < 0);
  assert_null(r);
  assert_non_null(strstr(err, "lexicon.tsv:3: unknown class"));
  remove(path);
  assert_true(af__norm_rules_load(dir, &r, err, sizeof(err)) < 0);
  assert_non_null(strstr(err, "lexicon.tsv"));
  rmdir(dir);
}

static const char *role_of(const af_finding *f, double value) {
  for (size_t k = 0; k < f->n_figures; k++)
    if (f->figures[k]->value == value)
      return f->figures[k]->role ? f->figures[k]->role : "-";
  fail_msg("no figure %g in: %s", value, f->text);
  return NULL;
}

/* A plan on one side of ", but" / ", while" and a result on the other is a
 * target_vs_outcome with no target word; a plan against a judgement, two
 * plans, or two results are not. */
static void test_plan_against_result(void **state) {
  norm_run run;
  const af_finding *f;

  (void)state;
  assert_int_equal(
      norm_test_run(
          rules, &run,
          "The NAO said the agency had aimed to answer 90% of calls within a "
          "minute, but it answered 61%.",
          "The NAO found the trust had paid £3.2 million to 140 suppliers, "
          "while it had originally estimated 400 claims.",
          "The NAO said the scheme aims to train 50,000 teachers by 2025, but "
          "the department cannot yet show it is working.",
          "The NAO said one fund aims to reach 8,000 firms, while the other "
          "aims to support 15% of start-ups.",
          "The NAO found admissions rose by 4% in 2019, but fell by 2% in "
          "2020.",
          NULL),
      0);
  f = norm_must_find(&run, "answered 61%", "target_vs_outcome");
  assert_string_equal(role_of(f, 90), "target");
  assert_string_equal(role_of(f, 61), "outcome");
  norm_must_find(&run, "140 suppliers", "target_vs_outcome");
  norm_must_find(&run, "50,000 teachers", "verdict");
  norm_must_find(&run, "8,000 firms", "figure");
  norm_must_find(&run, "rose by 4%", "figure");
  norm_test_free(&run);
}

/* "12 of the 40 hubs it promised", "64% of its target": a part of a plan
 * is measured against it; a part of a budget or of a stock is a share. */
static void test_part_of_plan(void **state) {
  norm_run run;
  const af_finding *f;

  (void)state;
  assert_int_equal(
      norm_test_run(
          rules, &run,
          "The NAO found that the department had opened just 12 of the 40 "
          "hubs it promised by 2022.",
          "The NAO said the programme had reached 64% of its target.",
          "The NAO found that only nine of the 30 forces met their targets "
          "for answering calls.",
          "The NAO said the department spent 40% of its budget on agency "
          "staff.",
          "The NAO found 30% of the homes were in poor repair.",
          NULL),
      0);
  f = norm_must_find(&run, "40 hubs", "target_vs_outcome");
  assert_string_equal(role_of(f, 40), "target");
  assert_string_equal(role_of(f, 12), "outcome");
  norm_must_find(&run, "64% of its target", "target_vs_outcome");
  f = norm_must_find(&run, "30 forces", "target_vs_outcome");
  assert_string_equal(role_of(f, 30), "level"); /* the whole, not a plan */
  norm_must_find(&run, "agency staff", "figure");
  norm_must_find(&run, "poor repair", "verdict"); /* "poor" judges */
  norm_test_free(&run);
}

/* Figures set against a denial with none of its own make a verdict: the
 * figures are the setting, the judgement is the finding. */
static void test_verdict_after_contrast(void **state) {
  norm_run run;

  (void)state;
  assert_int_equal(
      norm_test_run(
          rules, &run,
          "The NAO said the grant will rise from £1.2 billion to £1.5 billion "
          "by 2026, but that will not cover rising demand.",
          "The NAO said the levy raised £2.7 billion, yet the department "
          "does not know how much of it reached employers.",
          "The NAO said the grant rose to £1.6 billion, but most of it went "
          "to 20 councils.",
          "The NAO said the fund grew to £900 million, but councils spent it "
          "on roads.",
          NULL),
      0);
  norm_must_find(&run, "will not cover", "verdict");
  norm_must_find(&run, "reached employers", "verdict");
  norm_must_find(&run, "went to 20 councils", "figure");
  norm_must_find(&run, "spent it on roads", "figure");
  norm_test_free(&run);
}

/* A body's reply told without quotation marks is a response, whichever
 * way the body is named; a politician's reported view is no finding. */
static void test_reported_reply(void **state) {
  norm_run run;
  const af_finding *f;

  (void)state;
  assert_int_equal(
      norm_test_run(
          rules, &run,
          "The NAO said the line would open two years late.",
          "A spokesperson for the Department for Transport said the railway "
          "would open to passengers next year.",
          "The Ministry of Housing, Communities and Local Government said "
          "the scheme would close in 2023 as planned.",
          "The shadow transport secretary said the report showed the project "
          "was out of control.",
          NULL),
      0);
  f = norm_must_find(&run, "open to passengers", "response");
  assert_non_null(f->speaker);
  assert_string_equal(f->speaker->name, "Department for Transport spokesperson");
  assert_string_equal(f->attributed_to, "audited_body");
  assert_int_equal(f->n_bodies, 1);
  assert_string_equal(f->bodies[0], "DfT");
  f = norm_must_find(&run, "close in 2023", "response");
  assert_int_equal(f->n_bodies, 1); /* not "LA" from "Local Government" */
  assert_string_equal(f->bodies[0], "MHCLG");
  norm_must_not_find(&run, "out of control");
  norm_test_free(&run);

  /* The audited side unnamed speaks too; a charity or a party does not. */
  assert_int_equal(
      norm_test_run(
          rules, &run,
          "The NAO said the ministry had not costed its plans for courts.",
          "A government spokesperson said record sums were being invested "
          "in the courts.",
          "A ministry spokeswoman said the backlog was already falling.",
          "A charity spokesperson said the courts were close to collapse.",
          "A Labour spokesperson said ministers had lost control of the "
          "courts.",
          NULL),
      0);
  f = norm_must_find(&run, "record sums", "response");
  assert_string_equal(f->attributed_to, "audited_body");
  norm_must_find(&run, "already falling", "response");
  norm_must_not_find(&run, "close to collapse");
  norm_must_not_find(&run, "lost control");
  norm_test_free(&run);
}


/* Clause grammar in kinds: a result told in a relative clause ("councils
 * whose income fell") is no outcome set against a plan; a plan set
 * against a milder judgement the NAO is named as making is a verdict;
 * "too early to tell" is a judgement; a figure-free plan against a
 * figure-free result stays as before. */
static void test_clause_grammar_kinds(void **state) {
  norm_run run;

  (void)state;
  assert_int_equal(
      norm_test_run(
          rules, &run,
          "The NAO said the ministry had planned for ports to keep 60% of the "
          "fees they levy from 2024-25, but the NAO said the change carried "
          "risks for ports whose traffic fell.",
          "The NAO said the board expects to have spent £90m on the pilots by "
          "2026, but it was too early to tell whether they had worked.",
          "The NAO said the agency had planned to inspect 4,000 farms, but "
          "inspected only 2,600.",
          "The NAO said the trust planned to recruit 300 nurses, which rose "
          "to 340 when two wards opened.",
          NULL),
      0);
  norm_must_find(&run, "fees they levy", "verdict");
  norm_must_find(&run, "too early to tell", "verdict");
  norm_must_find(&run, "inspected only 2,600", "target_vs_outcome");
  /* An outcome word in a relative clause: no result set against a plan. */
  norm_must_find(&run, "recruit 300 nurses", "figure");
  norm_test_free(&run);
}

/* Context told in passing: a place described ("serves around 300,000
 * residents") and a deal's terms ("Under the contract ...") are no
 * findings unless the NAO is named as saying so; a lede that names the
 * NAO only as "a Whitehall watchdog" is one. */
static void test_background_and_lede(void **state) {
  norm_run run;

  (void)state;
  assert_int_equal(
      norm_test_run(
          rules, &run,
          "Ferry fares have risen by 40% since 2015, and crossings have been "
          "cut, a Whitehall watchdog has found.",
          "The National Audit Office said the ministry did not know how many "
          "islanders relied on the ferries.",
          "The borough serves around 300,000 residents.",
          "Under the contract signed in 2019, the operator will be paid £12 "
          "million a year for ten years.",
          "The NAO said the operator serves around 40% of the islands.",
          NULL),
      0);
  norm_must_find(&run, "Whitehall watchdog", "figure");
  norm_must_not_find(&run, "300,000 residents");
  norm_must_not_find(&run, "Under the contract");
  norm_must_find(&run, "40% of the islands", "figure");
  norm_test_free(&run);
}


/* A council's executive office-holder replies for the council (a
 * response); a party's spokesperson on the council does not. */
static void test_council_office_holders(void **state) {
  norm_run run;

  (void)state;
  assert_int_equal(
      norm_test_run(
          rules, &run,
          "The National Audit Office found that councils' spending on parks "
          "fell by 30% between 2010-11 and 2018-19.",
          "Cllr Ann Hale, cabinet member for leisure, said: \"Our parks "
          "teams have done more with less for a decade.\"",
          "Cllr Tom Reed, Labour spokesperson for leisure on the council, "
          "said: \"The cabinet has let the parks decline.\"",
          NULL),
      0);
  norm_must_find(&run, "more with less", "response");
  norm_must_find(&run, "let the parks decline", "quote");
  norm_test_free(&run);
}

/* A council's own press release: the council's own figures and claims
 * ("The council has spent", "Our team", "We have") are its record, not
 * the NAO's findings; the NAO's figures it quotes still are.  Near miss:
 * the same sentences in a news story (no release head) keep the
 * council's figure, and a release that names no council (the NAO's own)
 * is not read this way. */
static void test_council_release(void **state) {
  static const char *const body[] = {
      "The National Audit Office found that councils' spending on bus "
      "services fell by 20% between 2010-11 and 2017-18.",
      "The council has spent £3.4m on rural bus routes since 2015 and "
      "carried 1.2 million passengers last year.",
      "Our transport team has cut journey times by 12% on the busiest "
      "routes.",
      "The NAO also found that the Department for Transport did not know "
      "whether its bus grants offered value for money.",
  };
  norm_run run;

  (void)state;
  assert_int_equal(norm_test_run(rules, &run,
                                 "Press release: Borsetshire County Council "
                                 "responds to bus services report",
                                 body[0], body[1], body[2], body[3], NULL),
                   0);
  norm_must_find(&run, "fell by 20%", "figure");
  norm_must_not_find(&run, "rural bus routes");
  norm_must_not_find(&run, "journey times");
  norm_must_find(&run, "value for money", "verdict");
  norm_test_free(&run);

  assert_int_equal(norm_test_run(rules, &run,
                                 "Borsetshire County Council responds to bus "
                                 "services report",
                                 body[0], body[1], body[3], NULL),
                   0);
  norm_must_find(&run, "rural bus routes", "figure");
  norm_test_free(&run);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_nao_own_page),
      cmocka_unit_test(test_kinds),
      cmocka_unit_test(test_context_and_lineage),
      cmocka_unit_test(test_quote_forms),
      cmocka_unit_test(test_speaker_canonical),
      cmocka_unit_test(test_responses),
      cmocka_unit_test(test_more_speakers),
      cmocka_unit_test(test_joined_quote_paragraphs),
      cmocka_unit_test(test_report_ref),
      cmocka_unit_test(test_report_passages),
      cmocka_unit_test(test_joined_items_and_it),
      cmocka_unit_test(test_cut_off_text),
      cmocka_unit_test(test_no_findings),
      cmocka_unit_test(test_scare_quote_not_continuation),
      cmocka_unit_test(test_writer_comment_after_quote),
      cmocka_unit_test(test_rules_errors),
      cmocka_unit_test(test_plan_against_result),
      cmocka_unit_test(test_part_of_plan),
      cmocka_unit_test(test_verdict_after_contrast),
      cmocka_unit_test(test_reported_reply),
      cmocka_unit_test(test_clause_grammar_kinds),
      cmocka_unit_test(test_background_and_lede),
      cmocka_unit_test(test_council_office_holders),
      cmocka_unit_test(test_council_release),
  };
  return cmocka_run_group_tests(tests, norm_rules_setup, norm_rules_teardown);
}
