/* Linking findings to the NAO report they cite: the seed catalogue in
 * config/normaliser/reports.tsv, reports passed in by the pipeline, and
 * the parser's checks.  Sentences are written for these tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "norm_internal.h"
#include "norm_test.h"

#include <auditfeed/errno.h>

typedef struct linked {
  char text[4096];
  af_para paras[16];
  af__findings out;
} linked;

/* Normalise the paragraphs (NULL-terminated) of an article dated
 * `published` with `extra` reports besides the seed catalogue. */
static void run_paras(linked *L, const char *published, const char *title,
                      const af__norm_report *const *extra, size_t n_extra,
                      const char *const *paras) {
  size_t len = 0, n = 0;
  af__norm_input in = {0};

  memset(L, 0, sizeof(*L));
  for (; paras[n] && n < 16; n++) {
    if (n)
      len += (size_t)snprintf(L->text + len, sizeof(L->text) - len, "\n\n");
    L->paras[n].offset = len;
    L->paras[n].kind = AF_PARA_TEXT;
    len += (size_t)snprintf(L->text + len, sizeof(L->text) - len, "%s", paras[n]);
  }
  in.text = L->text;
  in.paras = L->paras;
  in.n_paras = n;
  in.published = published;
  in.title = title;
  in.reports = extra;
  in.n_reports = n_extra;
  assert_int_equal(af__normalise(rules, &in, &L->out), 0);
}

/* run_paras with the paragraphs as arguments, NULL-terminated. */
static void run(linked *L, const char *published, const char *title,
                const af__norm_report *const *extra, size_t n_extra, ...) {
  const char *paras[17];
  size_t n = 0;
  va_list ap;

  va_start(ap, n_extra);
  while (n < 16 && (paras[n] = va_arg(ap, const char *)) != NULL)
    n++;
  va_end(ap);
  paras[n] = NULL;
  run_paras(L, published, title, extra, n_extra, paras);
}

static const af_finding *find(const linked *L, const char *needle) {
  for (size_t k = 0; k < L->out.n; k++)
    if (strstr(L->out.v[k]->text, needle))
      return L->out.v[k];
  fail_msg("no finding containing \"%s\"", needle);
  return NULL;
}

static void must_cite(const linked *L, const char *needle, const char *title) {
  const af_finding *f = find(L, needle);
  const char *got = f->report ? f->report->title : NULL;
  if (!title) {
    if (got)
      fail_msg("\"%s\" cites \"%s\", expected no report", needle, got);
    return;
  }
  if (!got || strcmp(got, title) != 0)
    fail_msg("\"%s\" cites \"%s\", expected \"%s\"", needle,
             got ? got : "(none)", title);
}

/* An article (its date and headline may be NULL; up to three paragraphs)
 * and the report the finding holding `needle` must cite (NULL: none). */
typedef struct cite_case {
  const char *published, *headline;
  const char *paras[4];
  const char *needle, *cites;
} cite_case;

/* Each of the n cases normalised with `extra` besides the seed catalogue. */
static void check_cites(const cite_case *c, size_t n, const af__norm_report *const *extra,
                        size_t n_extra) {
  linked L;
  for (size_t i = 0; i < n; i++) {
    run_paras(&L, c[i].published, c[i].headline, extra, n_extra, c[i].paras);
    must_cite(&L, c[i].needle, c[i].cites);
    af__findings_free(&L.out);
  }
}

#define N_CASES(v) (sizeof(v) / sizeof((v)[0]))

/* An HC number names a report, when the dates agree. */
static void test_hc_number(void **state) {
  static const char hc308[] = "The National Audit Office said in its report (HC 308) that "
                              "councils had spent more each year on temporary accommodation.";
  static const cite_case cases[] = {
      {"2017-09-20", NULL, {hc308}, "temporary accommodation", "Homelessness"},
      /* The same number years later is another session's report. */
      {"2024-05-02", NULL, {hc308}, "temporary accommodation", NULL},
  };
  (void)state;
  check_cites(cases, N_CASES(cases), NULL, 0);
}

/* A long title anywhere; a one-word title only when named as one. */
static void test_titles(void **state) {
  static const cite_case cases[] = {
      {NULL, NULL,
       {"The National Audit Office's report, Rolling Out Smart Meters, found that "
        "suppliers had installed fewer meters than planned."},
       "fewer meters", "Rolling out smart meters"},
      {NULL, NULL,
       {"The National Audit Office found that homelessness had risen in every "
        "region of England."},
       "every region", NULL},
      {NULL, NULL,
       {"The National Audit Office report, titled Homelessness, found that "
        "the problem had grown in every region of England."},
       "every region", "Homelessness"},
  };
  (void)state;
  check_cites(cases, N_CASES(cases), NULL, 0);
}

/* The title's content words close together in a paragraph about the NAO;
 * an edition's numbers must match too. */
static void test_paraphrase(void **state) {
  static const cite_case cases[] = {
      {"2019-03-02", NULL,
       {"In a progress review of the Transforming Rehabilitation reforms, the "
        "National Audit Office said the changes had been rushed."},
       "rushed", "Transforming Rehabilitation: Progress review"},
      {"2021-01-13", NULL,
       {"The National Audit Office said the ministry's latest equipment plan "
        "was still unaffordable."},
       "unaffordable", NULL},
  };
  (void)state;
  check_cites(cases, N_CASES(cases), NULL, 0);
}

/* Nothing names it: a report out a day or two before, on the subject. */
static void test_inferred(void **state) {
  static const char headline[] = "Ministers lack a plan for new homes, says NAO";
  static const char para[] = "The National Audit Office said the Ministry of Housing, Communities "
                             "and Local Government could not show its planning reforms would "
                             "deliver the homes needed.";
  static const cite_case cases[] = {
      {"2019-02-09", headline, {para}, "could not show", "Planning for new homes"},
      /* Months later the same words cite nothing. */
      {"2019-09-30", headline, {para}, "could not show", NULL},
  };
  (void)state;
  check_cites(cases, N_CASES(cases), NULL, 0);
}

/* An article on several recent reports: only a paragraph on one of them
 * cites it; an embargo time in UTC may date the article a day early. */
static void test_several_reports(void **state) {
  linked L;
  (void)state;
  run(&L, "2019-02-20", NULL, NULL, 0,
      "Three recent reports from the National Audit Office make grim reading.",
      "On planning, the NAO said the ministry could not show how new homes "
      "would reach the numbers it wants.",
      "On prisons, the watchdog said the estate was in poor repair.",
      NULL);
  must_cite(&L, "how new homes", "Planning for new homes");
  must_cite(&L, "poor repair", NULL);
  af__findings_free(&L.out);
  run(&L, "2019-02-07", "Planning for new homes is failing, says NAO", NULL, 0,
      "The National Audit Office said the planning system could not show "
      "that it was meeting demand for new homes.",
      NULL);
  must_cite(&L, "meeting demand", "Planning for new homes");
  af__findings_free(&L.out);
}

/* Two reports: each paragraph cites the one it names; the rest follow
 * the report the article is about. */
static void test_two_reports(void **state) {
  linked L;
  (void)state;
  run(&L, "2019-02-08", NULL, NULL, 0,
      "The National Audit Office report Planning for New Homes found that "
      "only 44% of councils had an up-to-date local plan.",
      "The NAO said the ministry had not shown how it would reach its target.",
      "Its earlier report, Housing in England: Overview, had found that the "
      "ministry did not know how many homes its schemes would add.",
      NULL);
  must_cite(&L, "44%", "Planning for new homes");
  must_cite(&L, "reach its target", "Planning for new homes");
  must_cite(&L, "how many homes", "Housing in England: overview");
  af__findings_free(&L.out);
}

/* Reports the pipeline has stored count like the seed's. */
static void test_stored_reports(void **state) {
  static const char *const bodies[] = {"DfT"};
  af__norm_report r = {.title = "Managing the ferry replacement programme",
                       .published = "2026-03-10",
                       .hc = "HC 4120",
                       .url = "https://www.nao.org.uk/reports/ferries/",
                       .bodies = bodies,
                       .n_bodies = 1};
  const af__norm_report *extra[] = {&r};
  static const cite_case cases[] = {
      {"2026-03-11", NULL,
       {"The National Audit Office said in HC 4120 that the ferries would "
        "arrive four years late."},
       "four years late", "Managing the ferry replacement programme"},
  };
  (void)state;
  check_cites(cases, N_CASES(cases), extra, 1);
}


/* A title of one or two words is everyday wording too: it links as its
 * own phrase in a paragraph about the NAO or in the headline, never from
 * its words scattered through the text or from a passing mention. */
static void test_short_title_inferred(void **state) {
  static const char *const dwp[] = {"DWP"};
  af__norm_report r = {.title = "Benefit sanctions",
                       .published = "2026-06-10",
                       .url = "https://www.nao.org.uk/reports/sanctions/",
                       .bodies = dwp,
                       .n_bodies = 1};
  const af__norm_report *extra[] = {&r};
  static const cite_case cases[] = {
      /* The phrase itself, in the NAO's paragraph: the report. */
      {"2026-06-11", NULL,
       {"The National Audit Office said benefit sanctions were applied "
        "unevenly from one jobcentre to the next."},
       "unevenly", "Benefit sanctions"},
      /* The phrase in the headline of an article out the next day. */
      {"2026-06-11", "Benefit sanctions: auditors find no evidence they work",
       {"The National Audit Office said the department had not tracked what "
        "happened to claimants afterwards."},
       "not tracked", "Benefit sanctions"},
      /* Near miss: both words, but apart. */
      {"2026-06-11", NULL,
       {"The National Audit Office said claimants who lost benefit after a "
        "missed appointment could wait weeks before sanctions were lifted."},
       "missed appointment", NULL},
      /* Near miss: the phrase in passing, in a paragraph not about the NAO. */
      {"2026-06-12", NULL,
       {"The National Audit Office said the jobcentre estate needed repairs "
        "costing 300 million pounds.",
        "Charities have long campaigned against benefit sanctions."},
       "jobcentre estate", NULL},
      /* Near miss: the words after "a report on", but not as the phrase. */
      {"2026-06-11", NULL,
       {"In a report on benefit fraud and sanctions for landlords, the "
        "National Audit Office said checks were thin."},
       "checks were thin", NULL},
  };
  static const cite_case seed[] = {
      /* A one-word seed title in passing, the week it came out: nothing. */
      {"2017-09-14", NULL,
       {"The National Audit Office said the prison estate needed repairs "
        "costing 900 million pounds.",
        "Charities working on homelessness called the figures alarming."},
       "prison estate", NULL},
      /* In the NAO's own paragraph it names the report. */
      {"2017-09-14", NULL,
       {"The National Audit Office said homelessness had risen in every "
        "region of England."},
       "every region", "Homelessness"},
  };
  (void)state;
  check_cites(cases, N_CASES(cases), extra, 1);
  check_cites(seed, N_CASES(seed), NULL, 0);
}

/* An undated article: written after the latest year it tells of and
 * before the first deadline it names, so only reports published between
 * those can be the one it covers; it links only when one report's title
 * and audited body are clearly there and no other comes close. */
static void test_undated(void **state) {
  static const char *const defra[] = {"Defra", "EA"};
  af__norm_report flood = {.title = "Managing coastal flood defences",
                           .published = "2026-05-14",
                           .hc = "HC 5120",
                           .bodies = defra,
                           .n_bodies = 2};
  /* Older, and outside the years the article allows. */
  af__norm_report old = {.title = "Flood defences: managing the coast",
                         .published = "2019-06-02",
                         .bodies = defra,
                         .n_bodies = 2};
  const af__norm_report *extra[] = {&flood, &old};
  static const char headline[] = "Sea walls are crumbling, auditors warn";
  static const char badly[] = "It said the agency was managing the worst sites on the coast badly.";
  static const cite_case cases[] = {
      {NULL, headline,
       {"The National Audit Office said the Environment Agency had repaired "
        "fewer coastal flood defences than it planned in 2024-25.",
        "It said the agency would not finish managing the worst sites on the "
        "coast by 2030."},
       "fewer coastal", "Managing coastal flood defences"},
      /* No year at all: nothing bounds the date, so no link. */
      {NULL, headline,
       {"The National Audit Office said the Environment Agency had repaired "
        "fewer coastal flood defences than it had planned.",
        badly},
       "fewer coastal", NULL},
      /* Both reports inside the years it allows: too close to call. */
      {NULL, headline,
       {"The National Audit Office said the Environment Agency had repaired "
        "fewer coastal flood defences than it planned since 2018.",
        badly},
       "fewer coastal", NULL},
  };
  (void)state;
  check_cites(cases, N_CASES(cases), extra, 2);
}


/* How articles name a report: a subject after "into" or "on", a title in
 * quotation marks with its punctuation changed, an HC number written
 * without its space. */
static void test_naming(void **state) {
  static const cite_case cases[] = {
      /* Months after the report: only the words can tie it. */
      {"2019-06-30", NULL,
       {"A report by the National Audit Office into the rollout of smart "
        "meters found that suppliers were far behind."},
       "far behind", "Rolling out smart meters"},
      {"2017-05-02", NULL,
       {"The NAO's report on helping and protecting children in need said "
        "councils' thresholds varied widely."},
       "thresholds varied", "Children in need of help or protection"},
      {"2017-03-01", NULL,
       {"In its study \u2018Housing in England \u2013 an overview\u2019, the "
        "National Audit Office found that the ministry had no measure of "
        "success."},
       "measure of success", "Housing in England: overview"},
      {"2018-12-10", NULL,
       {"The National Audit Office (HC1586) said that the installers had "
        "fallen behind."},
       "fallen behind", "Rolling out smart meters"},
      /* Words alike in part only are not the title. */
      {"2019-06-30", NULL,
       {"A report by the National Audit Office into rolling stock said the "
        "trains were old."},
       "trains were old", NULL},
  };
  (void)state;
  check_cites(cases, N_CASES(cases), NULL, 0);
}

/* A bad catalogue line is an error naming file and line. */
static void test_parse_errors(void **state) {
  static const char *const bad[] = {
      "Homelessness\t2017-13\tHC 308\thttps://www.nao.org.uk/reports/h/\n",
      "Homelessness\t2017-09-13\t308\thttps://www.nao.org.uk/reports/h/\n",
      "Homelessness\t2017-09-13\tHC 308\tftp://example/\n",
      "Homelessness\t2017-09-13\n"};
  (void)state;
  for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
    af__norm_rules *r = af__rules_new();
    char err[256] = "";
    assert_non_null(r);
    assert_int_equal(af__rules_parse_reports(r, "reports.tsv", bad[k],
                                            strlen(bad[k]), err, sizeof(err)),
                     AF_ECONFIG);
    assert_non_null(strstr(err, "reports.tsv:1:"));
    af__norm_rules_free(r);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_hc_number),   cmocka_unit_test(test_titles),
      cmocka_unit_test(test_paraphrase),  cmocka_unit_test(test_inferred),
      cmocka_unit_test(test_two_reports), cmocka_unit_test(test_stored_reports),
      cmocka_unit_test(test_parse_errors),
      cmocka_unit_test(test_several_reports),
      cmocka_unit_test(test_undated),
      cmocka_unit_test(test_naming),
      cmocka_unit_test(test_short_title_inferred),
  };
  return cmocka_run_group_tests(tests, norm_rules_setup, norm_rules_teardown);
}
