/* Byline and headline choices on pages of our own: each rule on a page where it
 * decides, beside a near miss where it must not fire.  The pages are
 * small and written for the test (a fictional transport and council
 * beat); what they share with real pages is their shape. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extract.h"

#define PARAS                                                              \
  "<p>The audit office found that the county had spent twice its budget "  \
  "on the new ring road, and that the overrun was known early.</p>"       \
  "<p>Councillors were told of the rising cost only after the contract "  \
  "had been extended twice, the report says.</p>"                         \
  "<p>The county said it accepted the findings and would publish a "       \
  "recovery plan in the spring.</p>"

static void extract_page(const char *html, af__extracted *x) {
  char err[256];
  assert_int_equal(
      af__extract_html(html, strlen(html), NULL, NULL, x, err, sizeof(err)),
      0);
}

/* The byline of a page with `head` in its <head> and `top` before and
 * `end` after the article's paragraphs; "-" when there is none. */
static void byline_of(const char *head, const char *top, const char *end,
                      char *out, size_t n) {
  char page[4096];
  snprintf(page, sizeof(page),
           "<html><head><title>Ring road overrun</title>%s</head><body>"
           "<main><article><h1>Ring road overrun</h1>%s" PARAS
           "%s</article></main></body></html>",
           head, top, end);
  af__extracted x;
  extract_page(page, &x);
  snprintf(out, n, "%s", x.byline ? x.byline : "-");
  af__extracted_free(&x);
}

/* Author elements in a list of other posts (cards alike, each with its
 * author) name those posts' authors: the byline line of the article is
 * read instead.  Two authors side by side in the article's own header
 * are not such a list. */
static void test_byline_not_from_post_list(void **state) {
  (void)state;
  static const char *const cards =
      "<div class=\"related\">"
      "<div class=\"card\"><a href=\"/a\">Bus lanes</a><span "
      "class=\"author\">Ana Lopes</span></div>"
      "<div class=\"card\"><a href=\"/b\">Bridge tolls</a><span "
      "class=\"author\">Ben Kurt</span></div>"
      "<div class=\"card\"><a href=\"/c\">Tram depot</a><span "
      "class=\"author\">Cleo Marsh</span></div></div>";
  char b[256];
  byline_of("", "<p>By Tomas Reed</p>", cards, b, sizeof(b));
  assert_string_equal(b, "Tomas Reed");
  byline_of("", "<div class=\"authors\"><span class=\"author\">Ana Lopes"
                "</span> and <span class=\"author\">Ben Kurt</span></div>",
            "", b, sizeof(b));
  assert_non_null(strstr(b, "Ana Lopes"));
}

/* A printed name is capitalised: an author element reading "Insights
 * from" or "Road safety" is a label or a section, and the next one is
 * read.  Names in lower case (a handle) and names with particles stay. */
static void test_byline_name_case(void **state) {
  (void)state;
  char b[256];
  byline_of("", "<div class=\"author-box\"><div class=\"author-label\">"
                "Insights from</div><div class=\"author-name\">Liza Brook"
                "</div></div>", "", b, sizeof(b));
  assert_string_equal(b, "Liza Brook");
  byline_of("", "<span class=\"author\">Road safety</span> <span "
                "class=\"author\">Omar Fenn</span>", "", b, sizeof(b));
  assert_string_equal(b, "Omar Fenn");
  static const char *const keep[] = {"crazy lennys", "Anna von Berg",
                                     "Ask the Engineers", "Lee and Park"};
  for (size_t i = 0; i < 4; i++) {
    char top[256];
    snprintf(top, sizeof(top), "<span class=\"author\">%s</span>", keep[i]);
    byline_of("", top, "", b, sizeof(b));
    assert_string_equal(b, keep[i]);
  }
}

/* An author element's parts are read apart ("Written by<a>Kim</a>"), a
 * leading "Article by:" goes, and a date that opens the line before a
 * separator ("Dec 19, 2025 · Niko Park") is not the name.  A "by" later
 * in the line ("reviewed by") is not a lead, and a line of a date alone
 * gives no byline. */
static void test_byline_line_parts(void **state) {
  (void)state;
  char b[256];
  byline_of("", "<span class=\"author\">Written by<a href=\"/p/kim\">Kim "
                "Lee</a></span>", "", b, sizeof(b));
  assert_string_equal(b, "Kim Lee");
  byline_of("", "<span class=\"author\">Article by: Cara Mendes</span>", "",
            b, sizeof(b));
  assert_string_equal(b, "Cara Mendes");
  byline_of("", "<div class=\"byline\">Dec 19, 2025 \xC2\xB7 Niko Park"
                "</div>", "", b, sizeof(b));
  assert_string_equal(b, "Niko Park");
  byline_of("", "<span class=\"author\"><a href=\"/p/paul\">Paul Frew</a>"
                "<span>, Roads Editor</span></span>", "", b, sizeof(b));
  assert_null(strstr(b, " ,"));
  assert_non_null(strstr(b, "Paul Frew"));
  byline_of("", "<span class=\"author\">Kim Lee reviewed by Ann Roe</span>",
            "", b, sizeof(b));
  assert_int_equal(strncmp(b, "Kim Lee", 7), 0);
  byline_of("", "<div class=\"byline\">Dec 19, 2025</div>", "", b, sizeof(b));
  assert_string_equal(b, "-");
}

/* The name printed under the headline ("By Mira Castell") against an
 * author the metadata declares that shares no word with it (the account
 * that posted the page): the printed name.  When they agree, or the line
 * names no person ("By The Newsroom"), the metadata holds. */
static void test_byline_printed_over_declared(void **state) {
  (void)state;
  char b[256];
  static const char *const meta =
      "<meta name=\"author\" content=\"Oskar Brand\">";
  byline_of(meta, "<p>By Mira Castell</p>", "", b, sizeof(b));
  assert_string_equal(b, "Mira Castell");
  byline_of(meta, "<p>By Oskar Brand and Mira Castell</p>", "", b,
            sizeof(b));
  assert_string_equal(b, "Oskar Brand");
  byline_of(meta, "<p>By The Newsroom</p>", "", b, sizeof(b));
  assert_string_equal(b, "Oskar Brand");
}

/* A declared author that is a login or a template key ("oskar.brand",
 * "page.head.author") gives way to any name the page prints, even far
 * from the headline; with none, it is still the author.  A name with
 * initials ("A. J. Brand") is a name. */
static void test_byline_account_name(void **state) {
  (void)state;
  char b[256];
  static const char *const ld =
      "<script type=\"application/ld+json\">{\"@type\":\"Article\","
      "\"author\":{\"@type\":\"Person\",\"name\":\"oskar.brand\"}}</script>";
  byline_of(ld, "", "<div class=\"author-bio\">Written by Mira Castell"
                    "</div>", b, sizeof(b));
  assert_string_equal(b, "Mira Castell");
  byline_of(ld, "", "", b, sizeof(b));
  assert_string_equal(b, "oskar.brand");
  byline_of("<meta name=\"author\" content=\"page.head.author\">", "",
            "<div class=\"author-bio\">Written by Mira Castell</div>", b,
            sizeof(b));
  assert_string_equal(b, "Mira Castell");
  byline_of("<meta name=\"author\" content=\"A. J. Brand\">", "",
            "<div class=\"author-bio\">Written by Mira Castell</div>", b,
            sizeof(b));
  assert_string_equal(b, "A. J. Brand");
}

/* A byline line whose names sit in an inline element after the
 * template's indentation ("<div>\n  <span>By ...</span>") is read as one
 * with the words in its first text; a black circle ends the names as a
 * bullet does.  A heading that opens with a label
 * noun and no colon ("Text Messaging") is no byline. */
static void test_byline_after_indentation(void **state) {
  (void)state;
  char b[256];
  byline_of("", "<div class=\"meta\">\n    <span>By Ilse Varga</span>\n"
                "    <span>4 min read</span>\n</div>",
            "", b, sizeof(b));
  assert_string_equal(b, "Ilse Varga");
  byline_of("", "<p>\n  <!-- credit -->\n  <em>von Jonas Thal</em>\n</p>", "",
            b, sizeof(b));
  assert_string_equal(b, "Jonas Thal");
  /* a black circle set as a bullet ends the names */
  byline_of("", "<p>By Ilse Varga \xE2\x97\x8F 4 min read</p>", "", b,
            sizeof(b));
  assert_string_equal(b, "Ilse Varga");
  /* near misses: a section head, a label noun without its colon */
  byline_of("", "", "<h3>\n  <span>Text Messaging</span>\n</h3>" PARAS, b,
            sizeof(b));
  assert_string_equal(b, "-");
  byline_of("", "", "<h3>\n  <span>Author Tools</span>\n</h3>" PARAS, b,
            sizeof(b));
  assert_string_equal(b, "-");
}

/* A label element and its value as text after it in the same line
 * ("<b>Autorin:</b> Ilse Varga"), also with the longest label,
 * "Contributors:".  A word that only starts like a label is none. */
static void test_byline_label_then_text(void **state) {
  (void)state;
  char b[256];
  byline_of("", "<div class=\"info\"><span>Fotos: Archiv</span> <span><b>"
                "Autorin:</b> Ilse Varga</span></div>",
            "", b, sizeof(b));
  assert_string_equal(b, "Ilse Varga");
  byline_of("", "<div class=\"info\"><span>Photos: archive</span> <span>"
                "<strong>Contributors:</strong> Jonas Thal</span></div>",
            "", b, sizeof(b));
  assert_string_equal(b, "Jonas Thal");
  byline_of("", "<div class=\"info\"><span>Photos: archive</span> <span>"
                "<strong>Contributions</strong> Welcome</span></div>",
            "", b, sizeof(b));
  assert_string_equal(b, "-");
}

/* A declared list of many authors (JSON-LD, one Person each) longer than
 * a byline may be keeps its first names, cut between two names; a long
 * declared line whose parts are not names is still refused. */
static void test_byline_many_authors(void **state) {
  (void)state;
  char b[512];
  byline_of("<script type=\"application/ld+json\">{\"@type\":\"Article\","
            "\"author\":[{\"@type\":\"Person\",\"name\":\"Ilse Varga\"},"
            "{\"@type\":\"Person\",\"name\":\"Jonas Thal\"},"
            "{\"@type\":\"Person\",\"name\":\"Mara de la Cruz\"},"
            "{\"@type\":\"Person\",\"name\":\"Pieter Olsen\"},"
            "{\"@type\":\"Person\",\"name\":\"Ruth Abebe\"},"
            "{\"@type\":\"Person\",\"name\":\"Samir Haddad\"},"
            "{\"@type\":\"Person\",\"name\":\"Tove Lindqvist\"},"
            "{\"@type\":\"Person\",\"name\":\"Colm O'Hara\"}]}</script>",
            "", "", b, sizeof(b));
  assert_int_equal(strncmp(b, "Ilse Varga, Jonas Thal, Mara de la Cruz, ", 41),
                   0);
  assert_null(strstr(b, "Colm"));
  size_t n = strlen(b);
  assert_true(b[n - 1] != ',' && b[n - 1] != ' ');
  byline_of("<script type=\"application/ld+json\">{\"@type\":\"Article\","
            "\"author\":\"Members of the harbour board, the ferry operators "
            "and their crews, the coastguard's local station and the county "
            "planning office\"}</script>",
            "", "", b, sizeof(b));
  assert_string_equal(b, "-");
}

/* A line under the headline that opens with the day and then names a
 * person, with no "By" and no author markup ("Mar 4, 2025 \xE2\x80\xA2 Tilda
 * Marsh in Roads"), and an author element that gives the day and the name
 * in elements side by side with no separator.  Near misses: a reading
 * time, a section whose words the article uses, an hour's zone. */
static void test_byline_dated_name_line(void **state) {
  (void)state;
  char b[256];
  byline_of("", "<p>Mar 4, 2025 <span>&bull;</span> <img src=\"t.png\"> "
                "Tilda Marsh in <a href=\"/roads\">Roads</a></p>",
            "", b, sizeof(b));
  assert_string_equal(b, "Tilda Marsh");
  byline_of("", "<div class=\"meta\"><span>2025-03-04</span><span> \xC2\xB7 "
                "</span><a href=\"/about\">Tilda Marsh</a></div>",
            "", b, sizeof(b));
  assert_string_equal(b, "Tilda Marsh");
  byline_of("", "<div class=\"byline\"><span>Mar 4, 2025</span><span>Tilda "
                "Marsh</span></div>",
            "", b, sizeof(b));
  assert_string_equal(b, "Tilda Marsh");
  /* near misses */
  byline_of("", "<p>Mar 4, 2025 <span>&bull;</span> 5 min read</p>", "", b,
            sizeof(b));
  assert_string_equal(b, "-");
  byline_of("", "<p>Mar 4, 2025 <span>&bull;</span> Audit Office Budget</p>",
            "", b, sizeof(b));
  assert_string_equal(b, "-");
  byline_of("", "<div class=\"byline\"><span>4 Mar 2025 08:00</span> <span>"
                "GMT</span></div>",
            "", b, sizeof(b));
  assert_string_equal(b, "-");
}

/* The <body>'s classes describe the page ("has-comments",
 * "theme-comment-placeholder"), not a comment section: the author element
 * of an article on such a page is still its byline.  Near miss: an
 * author element inside a comment section names a commenter. */
static void test_byline_body_class_comments(void **state) {
  (void)state;
  static const char *const fmt =
      "<html><head><title>Ring road overrun</title></head><body "
      "class=\"single has-comments theme-comment-placeholder\"><main>"
      "<article><h1>Ring road overrun</h1>%s" PARAS "</article>%s</main>"
      "</body></html>";
  char page[4096];
  af__extracted x;
  snprintf(page, sizeof(page), fmt,
           "<div class=\"meta\"><span class=\"author\">Ilse Varga</span>"
           "</div>",
           "");
  extract_page(page, &x);
  assert_non_null(x.byline);
  assert_string_equal(x.byline, "Ilse Varga");
  af__extracted_free(&x);
  snprintf(page, sizeof(page), fmt, "",
           "<section class=\"comments\"><div class=\"comment\"><span "
           "class=\"author\">Jonas Thal</span><p>Good to see the audit."
           "</p></div></section>");
  extract_page(page, &x);
  assert_null(x.byline);
  af__extracted_free(&x);
}

/* The title of a page with no headline element, from its <title> and
 * og:site_name. */
static void title_from_head(const char *title, const char *site, char *out,
                            size_t n) {
  char page[4096];
  snprintf(page, sizeof(page),
           "<html><head><title>%s</title>%s%s%s</head><body><main><article>"
           PARAS "</article></main></body></html>",
           title, site ? "<meta property=\"og:site_name\" content=\"" : "",
           site ? site : "", site ? "\">" : "");
  af__extracted x;
  extract_page(page, &x);
  snprintf(out, n, "%s", x.title ? x.title : "-");
  af__extracted_free(&x);
}

/* A host name cut from a title's end or start takes its separator with
 * it ("... - roadwatch.org"); a guillemet, slash or tilde before the
 * site's own name is a separator.  Near misses: the same marks inside a
 * headline, or before words that are not the site's name, stay. */
static void test_title_site_separators(void **state) {
  (void)state;
  char t[512];
  title_from_head("Ring road overrun doubles the budget - roadwatch.org",
                  NULL, t, sizeof(t));
  assert_string_equal(t, "Ring road overrun doubles the budget");
  title_from_head("roadwatch.org | Ring road overrun doubles the budget",
                  NULL, t, sizeof(t));
  assert_string_equal(t, "Ring road overrun doubles the budget");
  static const char *const marks[] = {" \xC2\xAB ", " / ", " ~ "};
  for (size_t i = 0; i < 3; i++) {
    char title[256];
    snprintf(title, sizeof(title),
             "Ring road overrun doubles the budget%sCounty Roadwatch",
             marks[i]);
    title_from_head(title, "County Roadwatch", t, sizeof(t));
    assert_string_equal(t, "Ring road overrun doubles the budget");
  }
  /* near misses */
  title_from_head("Park / ride sites for the ring road works",
                  "County Roadwatch", t, sizeof(t));
  assert_string_equal(t, "Park / ride sites for the ring road works");
  title_from_head("Ring road overrun doubles the budget / Audit findings",
                  "County Roadwatch", t, sizeof(t));
  assert_string_equal(t,
                      "Ring road overrun doubles the budget / Audit findings");
}

/* The title of a page whose only headline is `h1`, standing at the
 * article (no metadata title to weigh it against). */
static void title_of(const char *h1, char *out, size_t n) {
  char page[4096];
  snprintf(page, sizeof(page),
           "<html><head></head><body><main><article><h1>%s</h1>" PARAS
           "</article></main></body></html>",
           h1);
  af__extracted x;
  extract_page(page, &x);
  snprintf(out, n, "%s", x.title ? x.title : "-");
  af__extracted_free(&x);
}

/* A headline's parts in elements of their own (a subtitle in a <span>
 * the page styles as a line, a kicker in a <strong>) are words apart,
 * not run together; markup inside a word, or a part that begins in lower
 * case, is read as it was. */
static void test_headline_parts_apart(void **state) {
  (void)state;
  char t[512];
  title_of("Ten ways to cut bus fares<span class=\"sub\">What the council "
           "can do next</span>",
           t, sizeof(t));
  assert_string_equal(t,
                      "Ten ways to cut bus fares What the council can do next");
  title_of("<strong>Analysis:</strong>Why the depot closed early", t,
           sizeof(t));
  assert_string_equal(t, "Analysis: Why the depot closed early");
  /* near misses: nothing would run together */
  title_of("Bus<em>way</em> plans for the harbour", t, sizeof(t));
  assert_string_equal(t, "Busway plans for the harbour");
  title_of("e<b>B</b>ikes arrive on the quay", t, sizeof(t));
  assert_string_equal(t, "eBikes arrive on the quay");
  title_of("Fares rise <strong>Again</strong> in May", t, sizeof(t));
  assert_string_equal(t, "Fares rise Again in May");
  title_of("<span>Up</span>date: the harbour route in May", t, sizeof(t));
  assert_string_equal(t, "Update: the harbour route in May");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_byline_not_from_post_list),
      cmocka_unit_test(test_byline_name_case),
      cmocka_unit_test(test_byline_line_parts),
      cmocka_unit_test(test_byline_printed_over_declared),
      cmocka_unit_test(test_byline_account_name),
      cmocka_unit_test(test_byline_after_indentation),
      cmocka_unit_test(test_byline_label_then_text),
      cmocka_unit_test(test_byline_many_authors),
      cmocka_unit_test(test_byline_dated_name_line),
      cmocka_unit_test(test_byline_body_class_comments),
      cmocka_unit_test(test_title_site_separators),
      cmocka_unit_test(test_headline_parts_apart),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
