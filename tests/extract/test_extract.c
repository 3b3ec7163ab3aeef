/* Extractor behaviour on hand-written fixture pages: metadata from every
 * source we read, boilerplate that must not reach the body, paragraph
 * kinds, and hostile input that must fail cleanly or degrade safely. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <pthread.h>

#include <auditfeed/errno.h>

#include "extract_test.h"
#include "xint.h"

static char *body_of(const af__extracted *x) { return paras_joined(x, "\n\n"); }

static const af__xpara *find_para(const af__extracted *x, const char *text) {
  for (size_t i = 0; i < x->n_paras; i++)
    if (!strcmp(x->paras[i].text, text))
      return &x->paras[i];
  return NULL;
}

static int valid_utf8(const char *s) {
  return af__utf8_clean(s, strlen(s));
}

static void test_jsonld_graph(void **state) {
  (void)state;
  af__extracted x;
  extract_fixture("jsonld_graph.html", "https://ledger.example/news/x", &x);
  assert_string_equal(x.title,
                      "Councils struggle to fund road repairs, auditors warn");
  assert_string_equal(x.byline, "Ann Lee and Tom Forrest");
  assert_string_equal(x.published, "2019-03-14T09:30:00+01:00");
  assert_string_equal(x.publisher, "Ledger Gazette Group");
  assert_string_equal(x.language, "en-GB");
  assert_string_equal(x.canonical_url,
                      "https://ledger.example/news/2019/roads-backlog");
  assert_string_equal(x.doc_kind, "news");
  assert_string_equal(x.description,
      "Auditors say local road maintenance budgets have fallen behind.");
  char *b = body_of(&x);
  assert_contains(b, "Local authorities in England have fallen years behind");
  assert_contains(b, "shrunk in real terms.");
  assert_contains(b, "new multi-year funding announced in the spring.");
  static const char *const junk[] = {
      "We use cookies", "Accept all", "Share on Facebook", "Email this story",
      "Photograph:", "Advertisement", "Bridge closures", "Related stories",
      "Sign up to our newsletter", "morning briefing", "my street",
      "12 comments", "Copyright", "SCRIPTTEXT", "STYLETEXT", "Weather"};
  for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
    assert_lacks(b, junk[i]);
  /* The headline is metadata, not body. */
  assert_lacks(b, "Councils struggle");
  free(b);

  const af__xpara *p = find_para(&x, "What the report found");
  assert_non_null(p);
  assert_int_equal(p->kind, AF_PARA_HEADING);
  assert_int_equal(p->level, 2);
  p = find_para(&x, "Funding arrived too late to be spent well.");
  assert_non_null(p);
  assert_int_equal(p->kind, AF_PARA_ITEM);
  p = find_para(&x, "We cannot fix a road network one pothole at a time.");
  assert_non_null(p);
  assert_int_equal(p->kind, AF_PARA_QUOTE);
  p = find_para(&x, "Year | Spend");
  assert_non_null(p);
  assert_int_equal(p->kind, AF_PARA_TABLE);
  assert_non_null(find_para(&x, "2017 | 1.2bn"));
  /* A table shown as a figure keeps its rows but not its caption. */
  assert_non_null(find_para(&x, "North | 4.1bn"));
  assert_null(find_para(&x, "Backlog by region. Source: survey of councils"));
  af__extracted_free(&x);
  af__extracted_free(&x); /* freeing twice is allowed */
}

static void test_opengraph(void **state) {
  (void)state;
  af__extracted x;
  extract_fixture("opengraph.html", NULL, &x);
  assert_string_equal(x.title, "Prison maintenance backlog doubles");
  assert_string_equal(x.byline, "Priya Sharma");
  assert_string_equal(x.published, "2021-06-02T23:15:00-04:00");
  assert_string_equal(x.publisher, "Borough Post");
  assert_string_equal(x.canonical_url,
                      "https://boroughpost.example/justice/prisons-backlog");
  assert_string_equal(x.doc_kind, "news");
  assert_string_equal(x.language, "en");
  char *b = body_of(&x);
  assert_contains(b, "The cost of repairing the prison estate has doubled");
  assert_contains(b, "oldest sites first in line.");
  assert_lacks(b, "Most read");
  assert_lacks(b, "Story one");
  assert_lacks(b, "Tweet");
  assert_lacks(b, "Read more");
  assert_int_equal(x.n_paras, 3);
  free(b);
  af__extracted_free(&x);
}

static void test_dublin_core_and_breaks(void **state) {
  (void)state;
  af__extracted x;
  extract_fixture("dublin_core.html", NULL, &x);
  assert_string_equal(x.title, "Managing the school estate");
  assert_string_equal(x.byline, "Office of Public Audit");
  assert_string_equal(x.published, "2013-12-03");
  assert_string_equal(x.language, "cy-GB");
  assert_null(x.canonical_url);
  char *b = body_of(&x);
  assert_lacks(b, "Reports");
  free(b);
  /* <br><br> splits a paragraph; a single <br> does not. */
  assert_non_null(find_para(&x, "Line one of an address Line two of the "
                                "address"));
  assert_non_null(find_para(&x, "A new paragraph after two breaks follows "
                                "here, separated from the address above by "
                                "a blank line."));
  af__extracted_free(&x);
}

static void test_citation(void **state) {
  (void)state;
  af__extracted x;
  extract_fixture("citation.html", NULL, &x);
  assert_string_equal(x.title, "Auditing the audit: evidence from forty "
                               "reports");
  assert_string_equal(x.byline, "Okafor, Grace and Marsh, Daniel");
  assert_string_equal(x.published, "2018-07-21");
  assert_string_equal(x.publisher, "Journal of Public Finance");
  assert_int_equal(x.n_paras, 2);
  af__extracted_free(&x);
}

static void test_visible_byline(void **state) {
  (void)state;
  af__extracted x;
  extract_fixture("visible_byline.html", NULL, &x);
  assert_string_equal(x.title, "Hospital waiting lists at record high");
  assert_string_equal(x.byline, "Tom Forrest");
  assert_string_equal(x.published, "2013-12-03");
  char *b = body_of(&x);
  assert_lacks(b, "By Tom Forrest");
  assert_lacks(b, "health correspondent");
  assert_contains(b, "highest level since records began");
  assert_int_equal(x.n_paras, 3);
  free(b);
  af__extracted_free(&x);
}

static void test_time_datetime(void **state) {
  (void)state;
  af__extracted x;
  extract_fixture("time_datetime.html", NULL, &x);
  assert_string_equal(x.title, "Rail upgrade runs over budget");
  assert_string_equal(x.byline, "Jane Doe");
  assert_string_equal(x.published, "2020-02-01T12:00:00Z");
  char *b = body_of(&x);
  assert_lacks(b, "Jane Doe");
  assert_lacks(b, "1 February 2020");
  assert_contains(b, "renegotiated part way through.");
  free(b);
  af__extracted_free(&x);
}

static void test_short_dates(void **state) {
  (void)state;
  af__extracted x;
  extract_fixture("short_dates.html", NULL, &x);
  assert_string_equal(x.published, "2019-01-24");
  assert_string_equal(x.title, "Flood defence spending reviewed");
  af__extracted_free(&x);
  extract_fixture("short_dates2.html", NULL, &x);
  assert_string_equal(x.published, "2013-12-02");
  af__extracted_free(&x);
}

static void test_trade_press(void **state) {
  (void)state;
  af__extracted x;
  extract_fixture("trade_press.html", NULL, &x);
  assert_string_equal(x.title, "Audit office finds care integration off track");
  assert_string_equal(x.byline, "James Simons");
  assert_string_equal(x.published, "2019-01-24");
  assert_string_equal(x.publisher, "Town Hall Weekly");
  char *b = body_of(&x);
  static const char *const junk[] = {
      "browser", "cookies", "Advertisement", "Hide Ad", "newsletter",
      "James Simons", "24/1/19", "Most read", "Mayor resigns",
      "Reporting by", "Send us your views", "moderated", "12 issues"};
  for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
    assert_lacks(b, junk[i]);
  assert_contains(b, "joining up health and social care");
  assert_contains(b, "without more money for adult care.");
  assert_int_equal(x.n_paras, 3);
  free(b);
  af__extracted_free(&x);
}

static void test_escaped_meta(void **state) {
  (void)state;
  af__extracted x;
  extract_fixture("escaped_meta.html", NULL, &x);
  assert_string_equal(x.title,
                      "\xE2\x80\x98Value for money\xE2\x80\x99 doubts over "
                      "\xC2\xA3" "2bn scheme \xE2\x80\x93 analysis");
  assert_string_equal(x.byline, "ANN LEE");
  assert_string_equal(x.published, "2022-09-30T22:30:00-07:00");
  af__extracted_free(&x);
}

static void test_report_page(void **state) {
  (void)state;
  af__extracted x;
  extract_fixture("report_page.html", NULL, &x);
  assert_string_equal(x.title, "Managing the school rebuilding programme");
  assert_string_equal(x.published, "2023-06-14T00:01:00+01:00");
  assert_string_equal(x.publisher, "Office of Public Audit");
  assert_string_equal(x.canonical_url, "https://audit.example/reports/"
                                       "managing-the-school-rebuilding-"
                                       "programme/");
  assert_null(x.byline);
  char *b = body_of(&x);
  static const char *const junk[] = {
      "Skip to content", "Insights", "Search", "Home /", "Jump to downloads",
      "Share this page", "LinkedIn", "Full report (PDF", "Summary (PDF",
      "Capital funding for schools", "Related work", "Accessibility"};
  for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
    assert_lacks(b, junk[i]);
  free(b);
  const af__xpara *p = find_para(&x, "Background to the report");
  assert_non_null(p);
  assert_int_equal(p->kind, AF_PARA_HEADING);
  assert_int_equal(p->level, 2);
  assert_non_null(find_para(&x, "In this report we:"));
  p = find_para(&x, "assess progress against the programme\xE2\x80\x99s "
                    "milestones; and");
  assert_non_null(p);
  assert_int_equal(p->kind, AF_PARA_ITEM);
  assert_non_null(find_para(&x, "Conclusions"));
  assert_true(x.n_paras >= 9);
  assert_string_equal(x.paras[0].text, "Background to the report");
  af__extracted_free(&x);
}

/* Behind a paywall the page shows a teaser; the structured data carries
 * the whole text, markup and entities included. */
static void test_jsonld_body(void **state) {
  (void)state;
  af__extracted x;
  extract_fixture("jsonld_body.html", NULL, &x);
  assert_string_equal(x.title, "Ferry contract costs escalate");
  assert_string_equal(x.byline, "Fiona MacLeod");
  assert_string_equal(x.published, "2022-03-23");
  assert_int_equal(x.n_paras, 3);
  assert_string_equal(x.paras[1].text,
                      "The report found that the contract was signed before "
                      "the design was complete & that key risks were never "
                      "priced.");
  char *b = body_of(&x);
  assert_lacks(b, "<p>");
  assert_lacks(b, "Subscribe");
  free(b);
  af__extracted_free(&x);
}

static void test_press_release(void **state) {
  (void)state;
  af__extracted x;
  extract_fixture("press_release.html", NULL, &x);
  assert_string_equal(x.title,
                      "Spending on temporary staff rose sharply, says audit "
                      "office");
  assert_string_equal(x.published, "2024-02-07T00:01:00Z");
  assert_int_equal(x.n_paras, 3);
  char *b = body_of(&x);
  assert_contains(b, "spent far more on temporary staff");
  assert_lacks(b, "ENDS");
  assert_lacks(b, "Notes for editors");
  assert_lacks(b, "Press enquiries");
  free(b);
  af__extracted_free(&x);
}

static void test_date_forms(void **state) {
  (void)state;
  static const char *const cases[][2] = {
      {"2013-12-03", "2013-12-03"},
      {"2013-12-03T10:00:00Z", "2013-12-03T10:00:00Z"},
      {"2013-12-03T10:00:00+05:30", "2013-12-03T10:00:00+05:30"},
      {"2013-12-31T23:30:00-0100", "2013-12-31T23:30:00-01:00"},
      {"3 December 2013", "2013-12-03"},
      {"Tuesday 3 December 2013 10.00 GMT", "2013-12-03T10:00:00Z"},
      {"December 3, 2013", "2013-12-03"},
      {"Dec. 3, 2013 9:15 pm EST", "2013-12-03T21:15:00-05:00"},
      {"Tue, 03 Dec 2013 10:00:00 +0000", "2013-12-03T10:00:00Z"},
      {"24/1/19", "2019-01-24"},
      {"12/24/2019", "2019-12-24"},
      {"05.10.2018", "2018-10-05"},
      {"2 Dec 13", "2013-12-02"},
      {"3rd December 2013", "2013-12-03"},
      {"Published 14 March 2019, 08:00 BST", "2019-03-14T08:00:00+01:00"},
      {"20131203", "2013-12-03"},
      {"Wednesday, September 11, 2019", "2019-09-11"},
      {"04 Jul 2018", "2018-07-04"},
      {"Friday, 24th January 2020, 10:23 am / Updated 11:00 am",
       "2020-01-24"},
      {"Last modified on Tue 3 Dec 2013 17.41 GMT", "2013-12-03T17:41:00Z"},
      {"November 18th, 2019", "2019-11-18"},
      {"2019-11-18 10:30:00", "2019-11-18T10:30:00Z"},
      {"18 Nov 2019 | 10:30 BST", "2019-11-18T10:30:00+01:00"},
      {"Sept. 9, 2021", "2021-09-09"},
      {"2021/09/09", "2021-09-09"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char out[40] = "";
    if (!af__date_parse(cases[i][0], out, sizeof(out)) ||
        strcmp(out, cases[i][1]))
      fail_msg("\"%s\" -> \"%s\", want \"%s\"", cases[i][0], out,
               cases[i][1]);
  }
  static const char *const bad[] = {"", "no date here", "31/02/2019",
                                    "version 3.5", "99/99/99"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    char out[40];
    if (af__date_parse(bad[i], out, sizeof(out)))
      fail_msg("\"%s\" parsed as %s", bad[i], out);
  }
}

static void test_title_suffixes(void **state) {
  (void)state;
  /* {title, site name or NULL, want}; a dash inside a real headline stays. */
  static const char *const titles[][3] = {
      {"Spending review delayed | The Borough Post", "The Borough Post",
       "Spending review delayed"},
      {"Spending review delayed - Borough Post", NULL, "Spending review delayed"},
      {"Brexit - what the audit office found in its review", NULL,
       "Brexit - what the audit office found in its review"},
  };
  static const char *const bylines[][2] = {
      {"By Tom Forrest | 3 December 2013", "Tom Forrest"},
      {"Written by Ann Lee, Political Editor", "Ann Lee"},
      {"Carrie Arnold November", "Carrie Arnold"},
      {"Bryan Smith @bsmith Nov 19, 2019", "Bryan Smith"},
      {"By James Simons-", "James Simons"},
      {"By Ann Lee, Tom Forrest and Grace Okafor", "Ann Lee, Tom Forrest and Grace Okafor"},
  };
  for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
    char *t = af__clean_title(titles[i][0], titles[i][1]);
    if (!t || strcmp(t, titles[i][2]))
      fail_msg("title \"%s\" -> \"%s\", want \"%s\"", titles[i][0], t ? t : "(null)",
               titles[i][2]);
    free(t);
  }
  for (size_t i = 0; i < sizeof(bylines) / sizeof(bylines[0]); i++) {
    char *t = af__clean_byline(bylines[i][0]);
    if (!t || strcmp(t, bylines[i][1]))
      fail_msg("byline \"%s\" -> \"%s\", want \"%s\"", bylines[i][0], t ? t : "(null)",
               bylines[i][1]);
    free(t);
  }
}

static void test_plain_text(void **state) {
  (void)state;
  const char txt[] = "\n\n  Audit of school buildings  \nA first block\n"
                     "continues   here.\n\n\nSecond block.\r\n \t\nThird\n";
  af__extracted x;
  char err[128];
  assert_int_equal(af__extract_text(txt, sizeof(txt) - 1, &x, err,
                                   sizeof(err)), 0);
  assert_string_equal(x.title, "Audit of school buildings");
  assert_int_equal(x.n_paras, 3);
  assert_string_equal(x.paras[0].text, "A first block continues here.");
  assert_string_equal(x.paras[1].text, "Second block.");
  assert_string_equal(x.paras[2].text, "Third");
  af__extracted_free(&x);
}

/* Plain-text articles: a "By" line gives the byline and leaves the body;
 * a dateline near the top or a date alone at the foot gives the date. */
static void test_plain_text_meta(void **state) {
  (void)state;
  const char top[] = "Councils warned over reserves\n\n"
                     "Riverside Courier, Tuesday 5 March 2019\n\n"
                     "By Priya Natarajan\n\n"
                     "Auditors said reserves had fallen in most councils.\n";
  af__extracted x;
  char err[128];
  assert_int_equal(af__extract_text(top, sizeof(top) - 1, &x, err, sizeof(err)), 0);
  assert_string_equal(x.byline, "Priya Natarajan");
  assert_non_null(x.published);
  assert_int_equal(strncmp(x.published, "2019-03-05", 10), 0);
  assert_int_equal(x.n_paras, 2); /* the byline line is not body text */
  assert_string_equal(x.paras[1].text,
                      "Auditors said reserves had fallen in most councils.");
  af__extracted_free(&x);

  const char bar[] = "Spending watchdog on school repairs\n\n"
                     "By Owen Hale | 2 December 2013\n\n"
                     "The report counted the schools in poor repair.\n\n"
                     "A second paragraph of the article.\n";
  assert_int_equal(af__extract_text(bar, sizeof(bar) - 1, &x, err, sizeof(err)), 0);
  assert_string_equal(x.byline, "Owen Hale");
  assert_int_equal(strncmp(x.published, "2013-12-02", 10), 0);
  af__extracted_free(&x);

  /* The date on the line under the byline: one paragraph of two lines. */
  const char under[] = "Ferry contract questioned\n\n"
                       "By Ruth Adeyemi, Transport Correspondent\n"
                       "21 June 2022\n\n"
                       "Auditors said the contract had cost more than planned.\n";
  assert_int_equal(af__extract_text(under, sizeof(under) - 1, &x, err, sizeof(err)), 0);
  assert_string_equal(x.byline, "Ruth Adeyemi");
  assert_non_null(x.published);
  assert_int_equal(strncmp(x.published, "2022-06-21", 10), 0);
  assert_int_equal(x.n_paras, 1); /* byline and date are not body text */
  af__extracted_free(&x);

  const char foot[] = "Care places short\n\nThe report found too few places "
                      "for the children who need them, and many far from home.\n\n"
                      "14/2/19\n";
  assert_int_equal(af__extract_text(foot, sizeof(foot) - 1, &x, err, sizeof(err)), 0);
  assert_null(x.byline);
  assert_int_equal(strncmp(x.published, "2019-02-14", 10), 0);
  af__extracted_free(&x);
}

/* An article whose paragraphs sit beside its lead block rather than in
 * it: every sibling paragraph must come through, however many. */
static void test_many_siblings(void **state) {
  (void)state;
  size_t cap = 200 * 160 + 2048;
  char *h = malloc(cap);
  assert_non_null(h);
  size_t n = (size_t)sprintf(h, "<html><body><div id=\"page\"><div class="
      "\"lead\"><p>The lead paragraph sets out what the auditors found, why "
      "it matters, and what the department has said in reply so far.</p>"
      "<p>A second lead paragraph adds the figures that the rest of the "
      "piece goes on to explain, one region at a time.</p></div>");
  for (int i = 0; i < 150; i++)
    n += (size_t)sprintf(h + n, "<p>Sentence number %d is part of the "
                         "story, and it carries on for a while here.</p>", i);
  n += (size_t)sprintf(h + n, "</div></body></html>");
  af__extracted x;
  char err[128];
  assert_int_equal(af__extract_html(h, n, NULL, NULL, &x, err, sizeof(err)),
                   0);
  free(h);
  assert_int_equal(x.n_paras, 152);
  assert_non_null(find_para(&x, "Sentence number 149 is part of the story, "
                                "and it carries on for a while here."));
  af__extracted_free(&x);
}

/* No date anywhere in the page but in its address. */
static void test_url_date(void **state) {
  (void)state;
  const char h[] =
      "<html><head><link rel=\"canonical\" href=\"/news/2019/11/18/"
      "bridge-repairs/\"></head><body><p>The bridge will stay closed for "
      "another year while engineers finish the repairs to its supports."
      "</p></body></html>";
  af__extracted x;
  char err[128];
  assert_int_equal(af__extract_html(h, sizeof(h) - 1,
                                   "https://paper.example/news/x", NULL, &x,
                                   err, sizeof(err)), 0);
  assert_string_equal(x.canonical_url,
                      "https://paper.example/news/2019/11/18/bridge-repairs/");
  assert_string_equal(x.published, "2019-11-18");
  af__extracted_free(&x);
  /* Without a canonical link the page's own address is used. */
  const char h2[] = "<p>Text long enough to be an article paragraph here.</p>";
  assert_int_equal(af__extract_html(h2, sizeof(h2) - 1,
                                   "https://paper.example/2020/02/30/x/",
                                   NULL, &x, err, sizeof(err)), 0);
  assert_null(x.published); /* 30 February is not a date */
  af__extracted_free(&x);
  /* Other shapes of a day in the path; a longer number is not a date. */
  static const char *const urls[][2] = {
      {"https://paper.example/news/2024-05-06/budget-gap", "2024-05-06"},
      {"https://paper.example/news/20240507-budget-gap.html", "2024-05-07"},
      {"https://paper.example/budget-gap-2024-05-08.html", "2024-05-08"},
      {"https://paper.example/item/202405091234/budget-gap", NULL}};
  for (size_t i = 0; i < 4; i++) {
    assert_int_equal(af__extract_html(h2, sizeof(h2) - 1, urls[i][0], NULL,
                                     &x, err, sizeof(err)), 0);
    if (urls[i][1])
      assert_string_equal(x.published, urls[i][1]);
    else
      assert_null(x.published);
    af__extracted_free(&x);
  }
}

/* Class words that merely begin like boilerplate words. */
static void test_false_friends(void **state) {
  (void)state;
  const char h[] =
      "<html><body><div class=\"commentary\"><div class=\"navy-panel\">"
      "<p>The watchdog's report is a reminder that big programmes fail when "
      "nobody owns the whole picture, and this one was no exception.</p>"
      "<p>Shareholder groups and creditors were told little, which made the "
      "eventual write-down harder for everyone to accept.</p></div></div>"
      "<div class=\"comments\"><p>I said this would happen years ago, and "
      "nobody listened to a word of it at the time.</p></div></body></html>";
  af__extracted x;
  char err[128];
  assert_int_equal(af__extract_html(h, sizeof(h) - 1, NULL, NULL, &x, err,
                                   sizeof(err)), 0);
  char *b = body_of(&x);
  assert_contains(b, "nobody owns the whole picture");
  assert_contains(b, "eventual write-down");
  assert_lacks(b, "I said this would happen");
  free(b);
  af__extracted_free(&x);
}

/* ---- hostile input ------------------------------------------------ */

/* A page in a declared legacy charset is transcoded, not "repaired". */
static void test_legacy_charset(void **state) {
  (void)state;
  const char h[] =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
      "charset=windows-1252\"><title>Caf\xe9 prices</title></head><body>"
      "<p>The caf\xe9 owners said the \x93temporary\x94 levy had lasted "
      "for six years and cost them more than the rent.</p></body></html>";
  af__extracted x;
  char err[128];
  assert_int_equal(af__extract_html(h, sizeof(h) - 1, NULL, NULL, &x, err,
                                   sizeof(err)), 0);
  assert_string_equal(x.title, "Caf\xc3\xa9 prices");
  assert_int_equal(x.n_paras, 1);
  assert_contains(x.paras[0].text, "caf\xc3\xa9 owners said the "
                                   "\xe2\x80\x9ctemporary\xe2\x80\x9d levy");
  af__extracted_free(&x);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}


static char *nested(size_t depth, size_t *len) {
  char *h = malloc(depth * 11 + 200);
  assert_non_null(h);
  size_t n = 0;
  for (size_t i = 0; i < depth; i++)
    n += (size_t)sprintf(h + n, "<div>");
  n += (size_t)sprintf(h + n, "<p>Deep text at the bottom of the pile.</p>");
  for (size_t i = 0; i < depth; i++)
    n += (size_t)sprintf(h + n, "</div>");
  *len = n;
  return h;
}

/* A page-builder layout: the article `depth` wrappers down, a footer
 * outside them. */
static char *builder_page(size_t depth, size_t *len) {
  static const char *const paras[] = {
      "The trust spent four years replacing its patient record system and "
      "the new one went live eleven months later than planned.",
      "Staff were trained twice because the first training happened before "
      "the delays were announced, which added to the bill.",
      "Why?",
      "The board says the remaining problems will be fixed by the spring, "
      "although it has not published a plan showing how."};
  size_t cap = depth * 40 + 4096, n = 0;
  char *h = malloc(cap);
  assert_non_null(h);
  n += (size_t)snprintf(h + n, cap - n,
                        "<html><head><title>Record system late</title></head>"
                        "<body><nav><a href=\"/\">Home</a> <a href=\"/news\">"
                        "News</a></nav>");
  for (size_t i = 0; i < depth; i++)
    n += (size_t)snprintf(h + n, cap - n, "<div class=\"el-%zu\">", i % 7);
  n += (size_t)snprintf(h + n, cap - n, "<h1>Record system late</h1>");
  for (size_t i = 0; i < sizeof(paras) / sizeof(paras[0]); i++)
    n += (size_t)snprintf(h + n, cap - n, "<p>%s</p>", paras[i]);
  for (size_t i = 0; i < depth; i++)
    n += (size_t)snprintf(h + n, cap - n, "</div>");
  n += (size_t)snprintf(h + n, cap - n,
                        "<footer><p>Copyright and cookie settings for this "
                        "site.</p></footer></body></html>");
  *len = n;
  return h;
}

/* Issue 10 item 7: nesting past libxml2's default 256 levels keeps the
 * article.  The parser's own limit is lifted (XML_PARSE_HUGE); our cap
 * (max_depth, default 1000) flattens what lies below it into one level of
 * blocks instead of failing, so the words and paragraph breaks survive. */
/* One page from a string: head, then body; the caller frees x. */
static void extract_str(const char *head, const char *body, af__extracted *x) {
  static const char para[] =
      "<p>The committee heard that the programme had spent most of its budget "
      "before the first site opened, and that the department had not set out "
      "how the remaining work would be paid for or when it would finish.</p>";
  char *h = malloc(strlen(head) + strlen(body) + 4 * sizeof(para) + 200);
  char err[256];
  assert_non_null(h);
  sprintf(h, "<html><head>%s</head><body><nav><a href=\"/\">Home</a></nav>"
             "<main>%s<div class=\"body\">%s%s%s</div></main></body></html>",
          head, body, para, para, para);
  int rc = af__extract_html(h, strlen(h), "https://news.example.org/a", NULL,
                            x, err, sizeof(err));
  free(h);
  if (rc)
    fail_msg("%d %s", rc, err);
}

/* Issue 17: the headline a reader sees beats a teaser in og:title when
 * they agree enough to be the same story; a lone <h1> that agrees with
 * nothing (a section name) does not. */
static void test_headline_candidates(void **state) {
  af__extracted x;
  (void)state;
  extract_str("<title>Rail upgrade costs double, auditors find | The Courier</title>"
              "<meta property=\"og:title\" content=\"Rail upgrade: what went wrong?\">",
              "<h1>Rail upgrade costs double, auditors find</h1>", &x);
  assert_string_equal(x.title, "Rail upgrade costs double, auditors find");
  af__extracted_free(&x);
  extract_str("<title>Rail upgrade costs double - The Courier</title>",
              "<h1>Transport</h1><h1>Rail upgrade costs double</h1>", &x);
  assert_string_equal(x.title, "Rail upgrade costs double");
  af__extracted_free(&x);
  extract_str("<meta property=\"og:title\" content=\"Rail upgrade costs double\">",
              "<h1>Webcams</h1>", &x);
  assert_string_equal(x.title, "Rail upgrade costs double");
  af__extracted_free(&x);
}

static void test_byline_forms(void **state) {
  af__extracted x;
  (void)state;
  extract_str("", "<h1>Costs</h1><div class=\"meta\">Posted on <span>March 3, "
              "2025</span> by <span>Kim Adebayo</span></div>", &x);
  assert_string_equal(x.byline, "Kim Adebayo");
  assert_string_equal(x.published, "2025-03-03");
  af__extracted_free(&x);
  extract_str("", "<h1>Kosten</h1><p class=\"zeile\">Von Anna Berger</p>"
              "<p class=\"zeit\">5. März 2025</p>", &x);
  assert_string_equal(x.byline, "Anna Berger");
  assert_string_equal(x.published, "2025-03-05");
  af__extracted_free(&x);
  extract_str("", "<h1>Coûts</h1><p>Par <a href=\"/p/cd\">Claire Dumont</a></p>"
              "<p>Publié le 12 janvier 2025 à 08h15</p>", &x);
  assert_string_equal(x.byline, "Claire Dumont");
  assert_string_equal(x.published, "2025-01-12");
  af__extracted_free(&x);
  /* a link to the author's page, and a label with its value */
  extract_str("", "<h1>Costs</h1><span><a href=\"/authors/trevor-jackins\">"
              "Trevor Jackins</a></span>", &x);
  assert_string_equal(x.byline, "Trevor Jackins");
  af__extracted_free(&x);
  extract_str("", "<h1>Costs</h1><div><p>Written by</p><p>Edzel Tabing</p></div>"
              "<div><p>Last updated</p><time>Aug 04, 2025</time></div>", &x);
  assert_string_equal(x.byline, "Edzel Tabing");
  af__extracted_free(&x);
  /* what is left of a byline line without a name is no byline */
  extract_str("<meta name=\"author\" content=\"Sep\">", "<h1>Costs</h1>", &x);
  assert_null(x.byline);
  af__extracted_free(&x);
}

static void test_dates_written_out(void **state) {
  char iso[40];
  (void)state;
  assert_true(af__date_parse("3. März 2024", iso, sizeof(iso)));
  assert_string_equal(iso, "2024-03-03");
  assert_true(af__date_parse("1er février 2023", iso, sizeof(iso)));
  assert_string_equal(iso, "2023-02-01");
  assert_true(af__date_parse("Mis en ligne le 14 août 2022", iso, sizeof(iso)));
  assert_string_equal(iso, "2022-08-14");
  assert_true(af__date_parse("12. Dezember 2021, 10:30 Uhr", iso, sizeof(iso)));
  assert_string_equal(iso, "2021-12-12");
  assert_true(af__date_parse("déc. 5, 2020", iso, sizeof(iso)));
  assert_string_equal(iso, "2020-12-05");
  af__extracted x;
  extract_str("", "<h1>Costs</h1><p>By Sam Reed</p><time>9 June 2025</time>", &x);
  assert_string_equal(x.published, "2025-06-09");
  af__extracted_free(&x);
}

/* A page with no marked-up date prints the day in a plain element beside
 * the headline (an unclassed <span> under the <h1>, or a line above it):
 * that is its date.  The headline's own words are not a date line. */
static void test_header_date(void **state) {
  (void)state;
  af__extracted x;
  extract_str("", "<div class=\"c1\"><h1>Farm payments late again</h1>"
              "<div><span class=\"c7 tx-sm\">Nov 21, 2018</span></div></div>",
              &x);
  assert_string_equal(x.published, "2018-11-21");
  af__extracted_free(&x);
  extract_str("", "<div class=\"c1\"><p class=\"c9\">Last updated: 3 March "
              "2024</p><h1>Prison places run short</h1></div>", &x);
  assert_string_equal(x.published, "2024-03-03");
  af__extracted_free(&x);
  /* a line named as metadata, in a masthead, a category link before the
   * day */
  extract_str("<title>Farm payments late again</title>",
              "<div class=\"article-masthead\"><h1>Farm payments late "
              "again</h1><p class=\"entry-meta\"><a href=\"/c/farming\">"
              "Farming</a> - December 19, 2025</p></div>", &x);
  assert_non_null(x.published);
  assert_string_equal(x.published, "2025-12-19");
  af__extracted_free(&x);
  /* no <h1>: the headline is a styled <div> above the article, the day
   * printed under it */
  static const char page[] =
      "<html><head><title>Farm payments late again | Rural Post</title>"
      "</head><body><div class=\"top\"><div class=\"t-xl\">Farm payments "
      "late again</div><div><small>Feb 16, 2026</small></div></div>"
      "<div class=\"w1\"><div class=\"w2\"><div class=\"w3\"><div "
      "class=\"w4\"><p>The department spent four years on the new payment "
      "system and it still cannot pay farmers on time, the auditors found "
      "this week, and the backlog has grown since the spring.</p><p>Officials "
      "said the backlog would be cleared by the summer, but the report found "
      "no plan to do so and no budget for the extra staff needed.</p><p>The "
      "union said members had waited months for money they were owed, and "
      "that some had borrowed to buy seed, feed and fuel for the winter.</p>"
      "</div>"
      "</div></div></div></body></html>";
  char err[256];
  assert_int_equal(af__extract_html(page, sizeof(page) - 1, NULL, NULL, &x,
                                    err, sizeof(err)), 0);
  assert_non_null(x.published);
  assert_string_equal(x.published, "2026-02-16");
  af__extracted_free(&x);
  extract_str("", "<div class=\"c1\"><h1>What the 4 June 2024 spending "
              "review said about prisons</h1></div>", &x);
  assert_null(x.published);
  af__extracted_free(&x);
}

/* Issue 17: the site's name in a title, whichever spelling the page
 * gives it, or a host name glued to the headline; an <h1> that is the
 * headline with a date beside it. */
static void test_title_site_names(void **state) {
  (void)state;
  af__extracted x;
  extract_str("<meta name=\"application-name\" content=\"NRC\">"
              "<meta property=\"og:site_name\" content=\"Northern Rail "
              "Council\"><title>Timetables - Northern Rail Council</title>"
              "<meta property=\"og:title\" content=\"Timetables - Northern "
              "Rail Council\">",
              "<h1>Timetables</h1>", &x);
  assert_string_equal(x.title, "Timetables");
  af__extracted_free(&x);
  extract_str("<title>railnotes.org Late trains explained</title>",
              "<h1>railnotes.org</h1>", &x);
  assert_string_equal(x.title, "Late trains explained");
  af__extracted_free(&x);
  extract_str("<title>Late trains explained | Rail Notes</title>"
              "<meta property=\"og:title\" content=\"Late trains "
              "explained\">", "<h1>Dec 18 2025 Late trains explained</h1>", &x);
  assert_string_equal(x.title, "Late trains explained");
  af__extracted_free(&x);
  /* a headline that mentions a date keeps it */
  extract_str("<meta property=\"og:title\" content=\"What the budget "
              "said\">", "<h1>What the budget said on 4 June 2024 about "
              "prisons and courts</h1>", &x);
  assert_string_equal(x.title, "What the budget said on 4 June 2024 about "
                      "prisons and courts");
  af__extracted_free(&x);
}

/* Issue 17: bylines where layouts put them.  Lines beside the headline
 * count even when the header's markup is named like boilerplate; an
 * author line in a comment section does not; "Contributors:" labels a
 * byline; with no byline anywhere, a person's name ending the <title> (a
 * personal site) is the author, an organisation's is not. */
static void test_byline_places(void **state) {
  (void)state;
  af__extracted x;
  extract_str("<title>Costs rise again</title>", "<div class=\"col sidebar\">"
              "<h1>Costs rise again</h1><div><p>Written by</p><p>Edzel Tabing"
              "</p></div></div>", &x);
  assert_non_null(x.byline);
  assert_string_equal(x.byline, "Edzel Tabing");
  af__extracted_free(&x);
  extract_str("<title>Costs rise again</title>", "<h1>Costs rise again</h1>"
              "<div class=\"comments\"><div class=\"comment\"><span class="
              "\"comment-author\">Lori Campbell says</span><p>Thanks for this."
              "</p></div></div>", &x);
  assert_null(x.byline);
  af__extracted_free(&x);
  extract_str("", "<h1>Costs rise again</h1><div class=\"tags\"><div><strong>"
              "Contributors:</strong> Janet Loughrey</div></div>", &x);
  assert_string_equal(x.byline, "Janet Loughrey");
  af__extracted_free(&x);
  extract_str("<title>Costs rise again | Rosa Quint</title>",
              "<h1>Costs rise again</h1>", &x);
  assert_string_equal(x.byline, "Rosa Quint");
  af__extracted_free(&x);
  extract_str("<title>Costs rise again - Kim Adebayo&#39;s blog</title>",
              "<h1>Costs rise again</h1>", &x);
  assert_string_equal(x.byline, "Kim Adebayo");
  af__extracted_free(&x);
  extract_str("<title>Costs rise again | Office of Public Audit</title>",
              "<h1>Costs rise again</h1>", &x);
  assert_null(x.byline);
  af__extracted_free(&x);
  /* capitalised, but words the article uses: a name of a thing */
  extract_str("<title>Costs rise again | Budget Committee</title>",
              "<h1>Costs rise again</h1>", &x);
  assert_null(x.byline);
  af__extracted_free(&x);
}

/* Issue 17: a UTC timestamp one day off the day in the page's address is
 * the same moment; the address keeps the publisher's day.  A day the
 * timestamp cannot be (two days off) leaves it alone. */
static void test_url_day(void **state) {
  (void)state;
  af__extracted x;
  extract_str("<link rel=\"canonical\" href=\"https://news.example.org/2025/"
              "12/18/late-trains/\"><meta property=\"article:published_time\""
              " content=\"2025-12-19T02:41:41+00:00\">", "<h1>Late trains</h1>",
              &x);
  assert_string_equal(x.published, "2025-12-18");
  af__extracted_free(&x);
  extract_str("<link rel=\"canonical\" href=\"https://news.example.org/2025/"
              "12/17/late-trains/\"><meta property=\"article:published_time\""
              " content=\"2025-12-19T02:41:41+00:00\">", "<h1>Late trains</h1>",
              &x);
  assert_string_equal(x.published, "2025-12-19T02:41:41Z");
  af__extracted_free(&x);
}

/* Issue 17: with no date near the headline, the day printed beside the
 * author's name, wherever the author box sits. */
static void test_author_date(void **state) {
  (void)state;
  /* the author box after a long article, far from the headline */
  char *h = malloc(40000);
  assert_non_null(h);
  size_t n = (size_t)sprintf(h, "<html><head><title>Late trains explained"
                             "</title></head><body><h1>Late trains explained"
                             "</h1><div class=\"body\">");
  for (int i = 0; i < 120; i++)
    n += (size_t)sprintf(h + n, "<p>Paragraph %d of the story says what the "
                         "committee heard about the late trains.</p>", i);
  n += (size_t)sprintf(h + n, "</div><div class=\"c5\"><p class=\"c6\"><a "
                       "href=\"/blog/author/kim-lee\">Kim Lee</a></p><p "
                       "class=\"c7\">April 8, 2024</p></div><div class=\""
                       "comments\"><p><a href=\"/author/ann-roe\">Ann Roe</a>"
                       "</p><p>May 1, 2024</p></div></body></html>");
  af__extracted x;
  char err[256];
  assert_int_equal(af__extract_html(h, n, NULL, NULL, &x, err, sizeof(err)),
                   0);
  free(h);
  assert_non_null(x.published);
  assert_string_equal(x.published, "2024-04-08");
  af__extracted_free(&x);
}

/* Issue 17: the published date is compared across its sources.  The day
 * most sources give wins; a JSON-LD date no meta tag confirms loses to the
 * date printed at the article; a published_time meta tag holds against
 * it; a day-first reading that is the other date swapped is no conflict. */
static void test_date_agreement(void **state) {
  (void)state;
  af__extracted x;
  static const char printed[] =
      "<h1>Prison places run short</h1><p class=\"c4\">5 March 2024</p>";
  extract_str("<script type=\"application/ld+json\">{\"@type\":\"Article\","
              "\"datePublished\":\"2019-01-01\"}</script>", printed, &x);
  assert_string_equal(x.published, "2024-03-05");
  af__extracted_free(&x);
  extract_str("<script type=\"application/ld+json\">{\"@type\":\"Article\","
              "\"datePublished\":\"2019-01-01\"}</script><meta property="
              "\"article:published_time\" content=\"2019-01-01\">", printed, &x);
  assert_string_equal(x.published, "2019-01-01");
  af__extracted_free(&x);
  extract_str("<script type=\"application/ld+json\">{\"@type\":\"Article\","
              "\"datePublished\":\"2019-01-01\"}</script><meta property="
              "\"article:published_time\" content=\"2024-03-05\">", printed, &x);
  assert_string_equal(x.published, "2024-03-05");
  af__extracted_free(&x);
  extract_str("<meta property=\"article:published_time\" content="
              "\"2019-01-01\">", printed, &x);
  assert_string_equal(x.published, "2019-01-01");
  af__extracted_free(&x);
  extract_str("<script type=\"application/ld+json\">{\"@type\":\"Article\","
              "\"datePublished\":\"2024-09-10\"}</script>",
              "<h1>Prison places run short</h1><p class=\"c4\">09.10.2024</p>",
              &x);
  assert_string_equal(x.published, "2024-09-10");
  af__extracted_free(&x);
}

/* A date labelled as an update by the text before it, at any depth, is
 * not the publication date when the page prints that too. */
static void test_update_labels(void **state) {
  (void)state;
  af__extracted x;
  extract_str("", "<h1>Costs</h1><div class=\"c1\">Updated <time datetime="
              "\"2026-02-12\">Feb 12, 2026</time></div><div class=\"c2\">"
              "First published <time datetime=\"2017-04-03\">April 3, 2017"
              "</time></div>", &x);
  assert_string_equal(x.published, "2017-04-03");
  af__extracted_free(&x);
  extract_str("", "<h1>Kosten</h1><div class=\"c1\"><span><b>Zuletzt "
              "aktualisiert:</b> 2. Mai 2025</span></div><div class=\"c2\">"
              "<span>3. April 2024</span></div>", &x);
  assert_string_equal(x.published, "2024-04-03");
  af__extracted_free(&x);
}

/* The author the publisher declares may be the site's own name (a
 * personal blog, a company page): it stands when the page names no person,
 * and a person named on the page wins over it. */
static void test_site_author(void **state) {
  (void)state;
  af__extracted x;
  static const char head[] =
      "<title>Notes on the spending review | Rosa Quint</title>"
      "<meta property=\"og:site_name\" content=\"Rosa Quint\">"
      "<meta name=\"author\" content=\"Rosa Quint\">";
  extract_str(head, "<h1>Notes on the spending review</h1>", &x);
  assert_string_equal(x.byline, "Rosa Quint");
  af__extracted_free(&x);
  extract_str(head, "<h1>Notes on the spending review</h1>"
              "<p class=\"c2\">By Tomas Lind</p>", &x);
  assert_string_equal(x.byline, "Tomas Lind");
  af__extracted_free(&x);
}

/* The page's one <h1>, above the article, is its headline even when
 * og:title words it differently for sharing; a one- or two-word <h1> (a
 * section name) is not, and the publisher's title stands. */
static void test_lone_h1_headline(void **state) {
  (void)state;
  af__extracted x;
  static const char head[] =
      "<meta property=\"og:title\" content=\"You won't believe what the "
      "railway upgrade cost\">";
  extract_str(head, "<h1>Rail upgrade runs two billion pounds over budget</h1>",
              &x);
  assert_string_equal(x.title, "Rail upgrade runs two billion pounds over budget");
  af__extracted_free(&x);
  extract_str(head, "<h1>Rail news</h1>", &x);
  assert_string_equal(x.title, "You won't believe what the railway upgrade cost");
  af__extracted_free(&x);
}

/* Reader comments are left out unless asked for; asked for, each
 * comment's words come after the article as AF_PARA_COMMENT paragraphs,
 * without the commenter's name, date, reply link or the new-comment form.
 * WordPress-style markup (id="comments", an ol.comment-list) and
 * schema.org's itemprop="comment" are both read. */
static void test_comments_on_request(void **state) {
  (void)state;
  static const char h[] =
      "<html><head><title>Court backlog grows</title></head><body>"
      "<article><h1>Court backlog grows</h1>"
      "<p>The backlog of cases waiting for a crown court hearing rose to a "
      "new high this year, and the average wait is now longer than a year "
      "for cases where the defendant is on bail.</p>"
      "<p>The ministry said it had lifted the cap on sitting days, but the "
      "auditors found too few judges and recorders to use them all.</p>"
      "</article>"
      "<div id=\"comments\" class=\"comments-area\">"
      "<h2 class=\"comments-title\">2 thoughts on this</h2>"
      "<div class=\"sort\"><span>12 Comments</span> <span>Newest</span></div>"
      "<ol class=\"comment-list\"><li class=\"comment\">"
      "<footer class=\"comment-meta\"><span class=\"fn\">Priya</span> "
      "<time>4 May 2024</time></footer>"
      "<div class=\"comment-content\"><p>My case has waited two years "
      "already.</p></div><div class=\"reply\"><a href=\"#r\">Reply</a>"
      "</div></li></ol>"
      "<div id=\"respond\"><form><p>Leave a reply</p><textarea></textarea>"
      "</form></div></div>"
      "<section><div itemprop=\"comment\"><span class=\"author\">Dev"
      "</span><p>Recorders are paid too little to sit more days.</p></div>"
      "</section></body></html>";
  af__extracted x;
  char err[256];
  assert_int_equal(af__extract_html(h, sizeof(h) - 1, NULL, NULL, &x, err,
                                    sizeof(err)), 0);
  for (size_t i = 0; i < x.n_paras; i++) {
    assert_int_not_equal(x.paras[i].kind, AF_PARA_COMMENT);
    assert_null(strstr(x.paras[i].text, "two years already"));
  }
  af__extracted_free(&x);
  af__extract_limits lim = {.comments = 1};
  assert_int_equal(af__extract_html(h, sizeof(h) - 1, NULL, &lim, &x, err,
                                    sizeof(err)), 0);
  assert_true(x.n_paras >= 4);
  const af__xpara *c1 = find_para(&x, "My case has waited two years already.");
  const af__xpara *c2 =
      find_para(&x, "Recorders are paid too little to sit more days.");
  assert_non_null(c1);
  assert_non_null(c2);
  assert_int_equal(c1->kind, AF_PARA_COMMENT);
  assert_int_equal(c2->kind, AF_PARA_COMMENT);
  assert_true(c1 < c2);
  assert_int_not_equal(x.paras[0].kind, AF_PARA_COMMENT);
  char *b = body_of(&x);
  assert_lacks(b, "Priya");
  assert_lacks(b, "Reply");
  assert_lacks(b, "Leave a reply");
  assert_lacks(b, "thoughts on this");
  assert_lacks(b, "12 Comments");
  assert_lacks(b, "Newest");
  assert_null(find_para(&x, "Dev"));
  free(b);
  af__extracted_free(&x);
}

/* A menu button the page never closes (an unclosed <div> inside it makes
 * libxml2 ignore </button>): the rest of the page, article included, ends
 * up inside the button, and the article must still come out; a plain
 * button's label stays out. */
static void test_unclosed_button(void **state) {
  af__extracted x;
  char err[256];
  (void)state;
  static const char h[] =
      "<html><head><title>Pension schemes short of staff</title></head><body>"
      "<header><div class=\"menu-top\"><button class=\"menu-button\" "
      "aria-label=\"Main menu\"><div class=\"inner\"><svg></svg><div>"
      "</button></div><a href=\"/\">Home</a></header>"
      "<main><article><h1>Pension schemes short of staff</h1>"
      "<p>The administrator of the public service pension schemes had two "
      "hundred vacancies at the end of the year, and its backlog of cases "
      "grew by a third.</p><p>It has started a recruitment campaign, but the "
      "auditors found that new staff take a year to become fully productive."
      "</p><button>Share this article</button></article></main>"
      "<footer><p>Terms and conditions of this website.</p></footer>"
      "</body></html>";
  assert_int_equal(af__extract_html(h, sizeof(h) - 1, NULL, NULL, &x, err,
                                    sizeof(err)), 0);
  char *b = body_of(&x);
  assert_contains(b, "its backlog of cases grew by a third.");
  assert_contains(b, "new staff take a year to become fully productive.");
  assert_lacks(b, "Share this article");
  assert_lacks(b, "Main menu");
  free(b);
  af__extracted_free(&x);
}

static void test_deep_nesting(void **state) {
  (void)state;
  static const size_t depths[] = {300, 2000};
  af__extracted x;
  char err[256] = "";
  size_t n;
  for (size_t k = 0; k < 2; k++) {
    char *h = builder_page(depths[k], &n);
    assert_int_equal(af__extract_html(h, n, NULL, NULL, &x, err, sizeof(err)), 0);
    assert_string_equal(x.title, "Record system late");
    assert_non_null(find_para(&x, "The trust spent four years replacing its "
                                  "patient record system and the new one went "
                                  "live eleven months later than planned."));
    assert_non_null(find_para(&x, "Why?"));
    assert_non_null(find_para(&x, "The board says the remaining problems will "
                                  "be fixed by the spring, although it has not "
                                  "published a plan showing how."));
    for (size_t i = 0; i < x.n_paras; i++)
      assert_null(strstr(x.paras[i].text, "cookie"));
    af__extracted_free(&x);
    free(h);
  }
  /* Very deep: the tree is flattened below the cap, never refused. */
  char *h = nested(100000, &n);
  assert_int_equal(af__extract_html(h, n, NULL, NULL, &x, err, sizeof(err)), 0);
  assert_non_null(find_para(&x, "Deep text at the bottom of the pile."));
  af__extracted_free(&x);
  free(h);
  /* A lower cap of our own flattens sooner, and still keeps the text. */
  h = nested(200, &n);
  af__extract_limits lim = {.max_depth = 64};
  assert_int_equal(af__extract_html(h, n, NULL, &lim, &x, err, sizeof(err)), 0);
  assert_non_null(find_para(&x, "Deep text at the bottom of the pile."));
  af__extracted_free(&x);
  free(h);
}

static void test_node_limit(void **state) {
  (void)state;
  char *h = malloc(600 * 20 + 64);
  assert_non_null(h);
  size_t n = 0;
  for (int i = 0; i < 600; i++)
    n += (size_t)sprintf(h + n, "<p>Item %d.</p>", i);
  af__extract_limits lim = {.max_nodes = 500};
  af__extracted x;
  char err[256] = "";
  /* Refused from the tag count, before libxml2 builds the tree... */
  assert_int_equal(af__extract_html(h, n, NULL, &lim, &x, err, sizeof(err)),
                   AF_ELIMIT);
  assert_non_null(strstr(err, "more than 500 elements"));
  assert_null(x.paras);
  /* ...or, with fewer tags but their text nodes, by the walk. */
  lim.max_nodes = 700;
  assert_int_equal(af__extract_html(h, n, NULL, &lim, &x, err, sizeof(err)),
                   AF_ELIMIT);
  assert_non_null(strstr(err, "more than 700 nodes"));
  /* The same page is fine under the default limits. */
  assert_int_equal(af__extract_html(h, n, NULL, NULL, &x, err, sizeof(err)),
                   0);
  af__extracted_free(&x);
  free(h);
}

static void test_huge_attribute(void **state) {
  (void)state;
  size_t big = 10u << 20;
  const char *pre = "<html><body><p title=\"";
  const char *post = "\">The audit found the scheme was poorly managed from "
                     "the start, and costs rose every year.</p></body>"
                     "</html>";
  size_t n = strlen(pre) + big + strlen(post);
  char *h = malloc(n + 1);
  assert_non_null(h);
  strcpy(h, pre);
  memset(h + strlen(pre), 'A', big);
  strcpy(h + strlen(pre) + big, post);
  af__extracted x;
  char err[256];
  int rc = af__extract_html(h, n, NULL, NULL, &x, err, sizeof(err));
  free(h);
  /* libxml2 may refuse the attribute; either way nothing crashes, and if
   * the page parses the sentence comes through. */
  if (rc == 0) {
    char *b = body_of(&x);
    assert_null(strstr(b, "AAAA"));
    free(b);
    af__extracted_free(&x);
  } else {
    assert_true(rc == AF_ELIMIT || rc == AF_EPARSE);
  }
}

static void test_unterminated_comment(void **state) {
  (void)state;
  const char h[] = "<html><body><div><p>The report was laid before "
                   "Parliament on Tuesday morning, with little notice.</p>"
                   "<!-- an editor's note that never ends <p>Hidden text "
                   "that must not appear in the body.</p></div></body>";
  af__extracted x;
  char err[256];
  assert_int_equal(af__extract_html(h, sizeof(h) - 1, NULL, NULL, &x, err,
                                   sizeof(err)), 0);
  char *b = body_of(&x);
  assert_contains(b, "laid before Parliament on Tuesday morning");
  assert_lacks(b, "Hidden text");
  free(b);
  af__extracted_free(&x);
}

static void test_nul_and_bad_utf8(void **state) {
  (void)state;
  const char h[] = "<html><body><p>Alpha\0Beta: the scheme cost more than "
                   "planned \xff\xfe and \xc3 was late \xe2\x82 by years, "
                   "caf\xc3\xa9 owners said.</p></body></html>";
  af__extracted x;
  char err[256];
  assert_int_equal(af__extract_html(h, sizeof(h) - 1, NULL, NULL, &x, err,
                                   sizeof(err)), 0);
  assert_int_equal(x.n_paras, 1);
  const char *t = x.paras[0].text;
  assert_true(valid_utf8(t));
  assert_contains(t, "Alpha");
  assert_contains(t, "Beta: the scheme cost more than planned");
  assert_contains(t, "\xEF\xBF\xBD");
  assert_contains(t, "caf\xc3\xa9 owners said.");
  af__extracted_free(&x);

  /* A megabyte of stray bytes becomes three megabytes of U+FFFD. */
  size_t big = 1u << 20;
  char *junk = malloc(big + 64);
  assert_non_null(junk);
  size_t n = (size_t)sprintf(junk, "<p>");
  memset(junk + n, 0xff, big);
  n += big;
  n += (size_t)sprintf(junk + n, "</p>");
  assert_int_equal(af__extract_html(junk, n, NULL, NULL, &x, err, sizeof(err)),
                   0);
  free(junk);
  assert_int_equal(x.n_paras, 1);
  assert_int_equal(strlen(x.paras[0].text), big * 3);
  assert_true(valid_utf8(x.paras[0].text));
  af__extracted_free(&x);

  const char txt[] = "Title\xff line\n\nBody \xc0\xaf text\0with NUL.";
  assert_int_equal(af__extract_text(txt, sizeof(txt) - 1, &x, err,
                                   sizeof(err)), 0);
  assert_true(valid_utf8(x.title));
  assert_string_equal(x.title, "Title\xEF\xBF\xBD line");
  assert_true(valid_utf8(x.paras[0].text));
  assert_string_equal(x.paras[0].text,
                      "Body \xEF\xBF\xBD\xEF\xBF\xBD text"
                      "\xEF\xBF\xBDwith NUL.");
  af__extracted_free(&x);
}

static char *fifty_mb(size_t *len) {
  size_t n = 50u << 20;
  char *h = malloc(n + 64);
  assert_non_null(h);
  size_t k = (size_t)sprintf(h, "<html><body><p>");
  static const char w[] = "audit value money report ";
  while (k + sizeof(w) < n) {
    memcpy(h + k, w, sizeof(w) - 1);
    k += sizeof(w) - 1;
  }
  k += (size_t)sprintf(h + k, "</p></body></html>");
  *len = k;
  return h;
}

static void test_fifty_megabytes(void **state) {
  (void)state;
  size_t n;
  char *h = fifty_mb(&n);
  af__extracted x;
  char err[256] = "";
  double t0 = now_s();
  assert_int_equal(af__extract_html(h, n, NULL, NULL, &x, err, sizeof(err)),
                   AF_ELIMIT);
  assert_non_null(strstr(err, "byte limit"));
  assert_true(now_s() - t0 < 1.0);
  /* Raising the input cap moves the failure to the text cap. */
  af__extract_limits lim = {.max_bytes = 64u << 20};
  t0 = now_s();
  int rc = af__extract_html(h, n, NULL, &lim, &x, err, sizeof(err));
  assert_true(rc == AF_ELIMIT);
  assert_null(x.paras);
  assert_true(now_s() - t0 < 30.0);
  assert_int_equal(af__extract_text(h, n, &x, err, sizeof(err)), AF_ELIMIT);
  free(h);
}

static void test_empty_and_args(void **state) {
  (void)state;
  af__extracted x;
  char err[256];
  int rc = af__extract_html("", 0, NULL, NULL, &x, err, sizeof(err));
  assert_true(rc == AF_EPARSE || rc == 0);
  af__extracted_free(&x);
  assert_int_equal(af__extract_html(NULL, 5, NULL, NULL, &x, err, sizeof(err)),
                   AF_EINVAL);
  assert_int_equal(af__extract_text("", 0, &x, NULL, 0), 0);
  assert_null(x.title);
  assert_int_equal(x.n_paras, 0);
  af__extracted_free(&x);
}

/* Many threads extracting at once must each get exactly what a single
 * thread gets: the library keeps no shared mutable state. */
typedef struct job {
  const char *html;
  size_t len;
  char *body;
  int rc;
} job;

static void *run_job(void *arg) {
  job *j = arg;
  for (int i = 0; i < 20 && !j->rc; i++) {
    af__extracted x;
    char err[128];
    j->rc = af__extract_html(j->html, j->len, NULL, NULL, &x, err, sizeof(err));
    if (!j->rc) {
      char *b = body_of(&x);
      if (j->body && strcmp(b, j->body))
        j->rc = -1;
      free(j->body);
      j->body = b;
      af__extracted_free(&x);
    }
  }
  return NULL;
}

static void test_threads(void **state) {
  (void)state;
  static const char *const names[] = {"jsonld_graph.html", "opengraph.html",
                                      "dublin_core.html", "citation.html"};
  enum { N = 8 };
  char *pages[4];
  size_t lens[4];
  for (int i = 0; i < 4; i++)
    pages[i] = af_test_fixture(names[i], &lens[i]);
  pthread_t th[N];
  job jobs[N];
  for (int i = 0; i < N; i++) {
    jobs[i] = (job){pages[i % 4], lens[i % 4], NULL, 0};
    assert_int_equal(pthread_create(&th[i], NULL, run_job, &jobs[i]), 0);
  }
  for (int i = 0; i < N; i++)
    pthread_join(th[i], NULL);
  for (int i = 0; i < N; i++) {
    assert_int_equal(jobs[i].rc, 0);
    assert_string_equal(jobs[i].body, jobs[i % 4].body);
  }
  for (int i = 0; i < N; i++)
    free(jobs[i].body);
  for (int i = 0; i < 4; i++)
    free(pages[i]);
}

/* Truncated and byte-flipped versions of the fixtures: any outcome but a
 * crash, a hang or invalid UTF-8 is acceptable. */
static void test_mangled_pages(void **state) {
  (void)state;
  static const char *const names[] = {"jsonld_graph.html", "opengraph.html",
                                      "dublin_core.html",
                                      "visible_byline.html"};
  uint32_t seed = 12345;
  for (size_t f = 0; f < 4; f++) {
    size_t len;
    char *orig = af_test_fixture(names[f], &len);
    char *buf = malloc(len);
    assert_non_null(buf);
    for (int round = 0; round < 60; round++) {
      memcpy(buf, orig, len);
      size_t n = len;
      if (round % 3 == 0) {
        seed = seed * 1103515245u + 12345u;
        n = (seed >> 8) % len;
      }
      for (int k = 0; k < 20; k++) {
        seed = seed * 1103515245u + 12345u;
        size_t at = (seed >> 8) % len;
        buf[at] = (char)(seed >> 24);
      }
      af__extracted x;
      char err[128];
      int rc = af__extract_html(buf, n, "https://example.org/", NULL, &x, err,
                               sizeof(err));
      assert_true(rc == 0 || rc == AF_EPARSE || rc == AF_ELIMIT);
      if (rc)
        continue;
      for (size_t i = 0; i < x.n_paras; i++) {
        assert_true(x.paras[i].text[0] != '\0');
        assert_true(valid_utf8(x.paras[i].text));
      }
      const char *fields[] = {x.title, x.byline, x.published, x.publisher,
                              x.language, x.description};
      for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        if (fields[i])
          assert_true(valid_utf8(fields[i]));
      af__extracted_free(&x);
    }
    free(buf);
    free(orig);
  }
}

int main(void) {
  xmlInitParser();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_plain_text_meta),
      cmocka_unit_test(test_jsonld_graph),
      cmocka_unit_test(test_opengraph),
      cmocka_unit_test(test_dublin_core_and_breaks),
      cmocka_unit_test(test_citation),
      cmocka_unit_test(test_visible_byline),
      cmocka_unit_test(test_time_datetime),
      cmocka_unit_test(test_short_dates),
      cmocka_unit_test(test_trade_press),
      cmocka_unit_test(test_escaped_meta),
      cmocka_unit_test(test_report_page),
      cmocka_unit_test(test_jsonld_body),
      cmocka_unit_test(test_press_release),
      cmocka_unit_test(test_date_forms),
      cmocka_unit_test(test_title_suffixes),
      cmocka_unit_test(test_plain_text),
      cmocka_unit_test(test_many_siblings),
      cmocka_unit_test(test_false_friends),
      cmocka_unit_test(test_url_date),
      cmocka_unit_test(test_deep_nesting),
      cmocka_unit_test(test_unclosed_button),
      cmocka_unit_test(test_headline_candidates),
      cmocka_unit_test(test_byline_forms),
      cmocka_unit_test(test_dates_written_out),
      cmocka_unit_test(test_header_date),
      cmocka_unit_test(test_site_author),
      cmocka_unit_test(test_date_agreement),
      cmocka_unit_test(test_url_day),
      cmocka_unit_test(test_author_date),
      cmocka_unit_test(test_byline_places),
      cmocka_unit_test(test_title_site_names),
      cmocka_unit_test(test_update_labels),
      cmocka_unit_test(test_lone_h1_headline),
      cmocka_unit_test(test_comments_on_request),
      cmocka_unit_test(test_node_limit),
      cmocka_unit_test(test_huge_attribute),
      cmocka_unit_test(test_unterminated_comment),
      cmocka_unit_test(test_nul_and_bad_utf8),
      cmocka_unit_test(test_legacy_charset),
      cmocka_unit_test(test_fifty_megabytes),
      cmocka_unit_test(test_empty_and_args),
      cmocka_unit_test(test_threads),
      cmocka_unit_test(test_mangled_pages),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
