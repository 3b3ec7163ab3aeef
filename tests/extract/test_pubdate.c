/* The published date chosen among its candidates (pubdate.c and the date
 * keys of meta_tags.c): each rule with a page it must change and near
 * misses it must leave alone.  The pages are small and made up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "extract.h"
#include "xint.h"

#define STORY                                                              \
  "<p>The harbour board agreed on Tuesday to rebuild the north quay, "     \
  "after divers found the old piles had rotted through in places.</p>"     \
  "<p>Work is due to start in the spring and will close the ferry berth "  \
  "for about six weeks, the board's engineer told members.</p>"            \
  "<p>Fishing crews asked for a temporary landing stage so that the "      \
  "catch can still come ashore while the quay is shut.</p>"

/* The day of the date extracted from a page with the given <head> extras
 * and the given lines at the top of its article ("-" when none). */
static void day_of(const char *head, const char *top, char out[11]) {
  char page[4096];
  snprintf(page, sizeof(page),
           "<html><head><title>North quay to be rebuilt</title>%s</head>"
           "<body><article><h1>North quay to be rebuilt</h1>%s" STORY
           "</article></body></html>",
           head, top);
  af__extracted x;
  char err[256];
  assert_int_equal(
      af__extract_html(page, strlen(page), NULL, NULL, &x, err, sizeof(err)),
      0);
  snprintf(out, 11, "%s", x.published ? x.published : "-");
  af__extracted_free(&x);
}

#define BARE "<meta name=\"date\" content=\"01/07/16\">"
#define OG "<meta property=\"og:published_time\" " \
           "content=\"2024-10-08T00:00:00-04:00\">"

/* A bare "date" meta key says nothing of what the date is (a template's
 * stale value, when the page was built): a key that names publication
 * wins over it whichever comes first.  Alone, the bare key is still
 * read, and it does not displace a publication key before it. */
static void test_bare_date_key(void **state) {
  (void)state;
  char d[11];
  day_of(BARE OG, "", d);
  assert_string_equal(d, "2024-10-08");
  day_of(OG BARE, "", d);
  assert_string_equal(d, "2024-10-08");
  day_of(BARE "<meta itemprop=\"datePublished\" content=\"2024-10-08\">", "",
         d);
  assert_string_equal(d, "2024-10-08");
  /* near misses: the bare key alone; a publication key that is no date */
  day_of(BARE, "", d);
  assert_string_equal(d, "2016-07-01");
  day_of(BARE "<meta property=\"og:published_time\" content=\"soon\">", "",
         d);
  assert_string_equal(d, "2016-07-01");
}

#define META_PUB                                                           \
  "<meta property=\"article:published_time\" "                             \
  "content=\"2022-10-24T12:40:59+00:00\">"                                  \
  "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","       \
  "\"headline\":\"North quay to be rebuilt\","                             \
  "\"datePublished\":\"2022-10-24T12:40:59+00:00\"}</script>"

/* A day printed at the article two days or more before the day every
 * published date in the metadata gives: the article came first and its
 * record later (a move to a new system), so the printed day wins even
 * against two sources that agree.  Near misses: a printed day one day
 * before (a time zone), a printed day after (an update), and an earlier
 * day read from a sentence of the article rather than a date element. */
static void test_printed_before_metadata(void **state) {
  (void)state;
  char d[11];
  day_of(META_PUB, "<p class=\"meta\">Filed <time>8 Oct 2022</time> in "
                   "Harbour</p>", d);
  assert_string_equal(d, "2022-10-08");
  day_of(META_PUB, "<div class=\"post-date\">October 8, 2022</div>", d);
  assert_string_equal(d, "2022-10-08");
  /* a short line that is not a paragraph: reading time and day */
  day_of(META_PUB, "<div><span>4 min read</span> <span>Oct 8, 2022</span>"
                   "</div>", d);
  assert_string_equal(d, "2022-10-08");
  /* near misses */
  day_of(META_PUB, "<p class=\"meta\">Filed <time>23 Oct 2022</time> in "
                   "Harbour</p>", d);
  assert_string_equal(d, "2022-10-24");
  day_of(META_PUB, "<p class=\"meta\">Filed <time>2 Dec 2022</time> in "
                   "Harbour</p>", d);
  assert_string_equal(d, "2022-10-24");
  day_of(META_PUB, "<p>As of 8 October 2022, the divers had seen half the "
                   "piles.</p>", d);
  assert_string_equal(d, "2022-10-24");
}

/* The page of the given body, with a <title> and nothing in <head>. */
static void day_of_body(const char *body, char out[11]) {
  char page[4096];
  snprintf(page, sizeof(page),
           "<html><head><title>Harbour notes: North quay to be rebuilt"
           "</title></head><body>%s</body></html>",
           body);
  af__extracted x;
  char err[256];
  assert_int_equal(
      af__extract_html(page, strlen(page), NULL, NULL, &x, err, sizeof(err)),
      0);
  snprintf(out, 11, "%s", x.published ? x.published : "-");
  af__extracted_free(&x);
}

/* A day printed as bare text between the headline and the article, in
 * no element of its own: read when nothing else gives a date.  Near
 * misses: such text in a box beside the article (a sidebar), and bare
 * text that is a sentence, are not the page's date. */
static void test_bare_text_date(void **state) {
  (void)state;
  char d[11];
  day_of_body("<table><tr><td><fieldset><legend>North quay to be rebuilt"
              "</legend> 20 December 2025 <div class=\"body\">" STORY
              "</div></fieldset></td></tr></table>", d);
  assert_string_equal(d, "2025-12-20");
  /* near misses */
  day_of_body("<table><tr><td><fieldset><legend>North quay to be rebuilt"
              "</legend><div class=\"body\">" STORY "</div></fieldset></td>"
              "<td><span>Archive</span><div> 20 December 2025 <div><a "
              "href=\"/x\">Older posts</a></div></div></td></tr></table>",
              d);
  assert_string_equal(d, "-");
  day_of_body("<table><tr><td><fieldset><legend>North quay to be rebuilt"
              "</legend> Quay opened 20 December 1925. "
              "<div class=\"body\">" STORY "</div></fieldset></td></tr>"
              "</table>", d);
  assert_string_equal(d, "-");
}

/* A card that leads to another post (one link holding its heading and
 * its day) after the article: its day is that post's, not the page's,
 * which prints its own beside the author.  Near miss: the page's own day
 * linked to its own address (no heading in the link) is read. */
static void test_teaser_card_date(void **state) {
  (void)state;
  static const char *const card =
      "<div class=\"more\"><a href=\"/ferry-fares\" class=\"card\">"
      "<h3>Ferry fares to rise</h3><div class=\"card-date\">March 13, "
      "2026</div></a></div>";
  char page[4096];
  af__extracted x;
  char err[256];
  snprintf(page, sizeof(page),
           "<html><head><title>North quay to be rebuilt</title></head><body>"
           "<article><h1>North quay to be rebuilt</h1>" STORY
           "<div class=\"about\"><span class=\"author\">Jane Roe</span>"
           "<span>March 2, 2026</span></div></article>%s</body></html>",
           card);
  assert_int_equal(
      af__extract_html(page, strlen(page), NULL, NULL, &x, err, sizeof(err)),
      0);
  assert_non_null(x.published);
  assert_string_equal(x.published, "2026-03-02");
  af__extracted_free(&x);
  /* near miss: a permalink around the page's own day */
  char d[11];
  day_of("", "<p class=\"meta\"><a href=\"/north-quay\" rel=\"bookmark\">"
             "<time datetime=\"2026-03-02\">2 March 2026</time></a></p>", d);
  assert_string_equal(d, "2026-03-02");
}

/* The day of the date extracted from a page in language lang (none when
 * NULL) that prints only the given line at the top of its article. */
static void day_in(const char *lang, const char *top, char out[11]) {
  char page[4096];
  snprintf(page, sizeof(page),
           "<html%s%s%s><head><title>North quay to be rebuilt</title></head>"
           "<body><article><h1>North quay to be rebuilt</h1>%s" STORY
           "</article></body></html>",
           lang ? " lang=\"" : "", lang ? lang : "", lang ? "\"" : "", top);
  af__extracted x;
  char err[256];
  assert_int_equal(
      af__extract_html(page, strlen(page), NULL, NULL, &x, err, sizeof(err)),
      0);
  snprintf(out, 11, "%s", x.published ? x.published : "-");
  af__extracted_free(&x);
}

/* A page in US English writes "4/7/2025" for 7 April: its numeric dates
 * with slashes are read month-first.  Near misses: the same line on a
 * British page and on a page that names no language (day-first, as
 * before); on the US page, a date whose numbers only work day-first, and
 * one written with dots (a European form wherever it is printed). */
static void test_us_numeric_date(void **state) {
  (void)state;
  char d[11];
  day_in("en-US", "<time>4/7/2025</time>", d);
  assert_string_equal(d, "2025-04-07");
  day_in("en-us", "<p class=\"date\">04/07/2025</p>", d);
  assert_string_equal(d, "2025-04-07");
  char iso[40];
  assert_true(af__date_parse_in("Posted 12/9/24, 8:15 pm", 1, iso,
                                sizeof(iso)));
  assert_string_equal(iso, "2024-12-09");
  /* near misses */
  day_in("en-GB", "<time>4/7/2025</time>", d);
  assert_string_equal(d, "2025-07-04");
  day_in(NULL, "<time>4/7/2025</time>", d);
  assert_string_equal(d, "2025-07-04");
  day_in("en-US", "<time>24/7/2025</time>", d);
  assert_string_equal(d, "2025-07-24");
  day_in("en-US", "<time>04.07.2025</time>", d);
  assert_string_equal(d, "2025-07-04");
  assert_true(af__date_parse_in("2025/04/07", 1, iso, sizeof(iso)));
  assert_string_equal(iso, "2025-04-07");
}

/* The same in a date meta key ("4/7/2025 9:30:00 PM", as some publishing
 * systems write it): on a US English page it is 7 April.  Near misses: a
 * British page; dots; a day the numbers fix; and a US page whose printed
 * day is the day-first reading, which decides as before. */
static void test_us_numeric_meta(void **state) {
  (void)state;
  static const char *const key =
      "<meta name=\"pubdate\" content=\"%s\"><meta property="
      "\"og:locale\" content=\"%s\">";
  char head[256], d[11];
  snprintf(head, sizeof(head), key, "4/7/2025 9:30:00 PM", "en_US");
  day_of(head, "", d);
  assert_string_equal(d, "2025-04-07");
  /* near misses */
  snprintf(head, sizeof(head), key, "4/7/2025 9:30:00 PM", "en_GB");
  day_of(head, "", d);
  assert_string_equal(d, "2025-07-04");
  snprintf(head, sizeof(head), key, "4.7.2025", "en_US");
  day_of(head, "", d);
  assert_string_equal(d, "2025-07-04");
  snprintf(head, sizeof(head), key, "24/7/2025", "en_US");
  day_of(head, "", d);
  assert_string_equal(d, "2025-07-24");
  snprintf(head, sizeof(head), key, "4/7/2025", "en_US");
  day_of(head, "<time>4 July 2025</time>", d);
  assert_string_equal(d, "2025-07-04");
}

#define LD_MAY20                                                           \
  "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","       \
  "\"headline\":\"North quay to be rebuilt\","                             \
  "\"datePublished\":\"2024-05-20T09:00:00+01:00\"}</script>"
#define CANON(path)                                                        \
  "<link rel=\"canonical\" href=\"https://harbour.example/" path          \
  "/north-quay\">"

/* The day in the page's address is written once, when the article is
 * published: where the printed day and the metadata's disagree, the one
 * the address gives wins (here JSON-LD alone, which a printed day would
 * otherwise beat); with no printed day, it picks among metadata keys that
 * disagree instead of their fixed order.  Near misses: no dated address,
 * and an address whose day is neither, leave the choice as it was. */
static void test_address_day_decides(void **state) {
  (void)state;
  char d[11];
  static const char *const printed = "<time datetime=\"2024-05-28\">"
                                     "28 May 2024</time>";
  day_of(LD_MAY20 CANON("2024/05/20"), printed, d);
  assert_string_equal(d, "2024-05-20");
  day_of(LD_MAY20 CANON("2024/05/28"), printed, d);
  assert_string_equal(d, "2024-05-28");
  day_of(LD_MAY20 "<meta property=\"article:published_time\" "
                  "content=\"2024-03-02T08:00:00Z\">" CANON("2024/03/02"),
         "", d);
  assert_string_equal(d, "2024-03-02");
  /* near misses */
  day_of(LD_MAY20, printed, d);
  assert_string_equal(d, "2024-05-28");
  day_of(LD_MAY20 CANON("2023/01/01"), printed, d);
  assert_string_equal(d, "2024-05-28");
  day_of(LD_MAY20 "<meta property=\"article:published_time\" "
                  "content=\"2024-03-02T08:00:00Z\">",
         "", d);
  assert_string_equal(d, "2024-05-20");
  day_of(LD_MAY20 "<meta property=\"article:published_time\" "
                  "content=\"2024-03-02T08:00:00Z\">" CANON("2023/01/01"),
         "", d);
  assert_string_equal(d, "2024-05-20");
}

/* Month names as pages print them beyond the full names: French "fév."
 * and "juill.", German "Mär.", "Febr." and Austrian "Jän.", and any of
 * them set in capitals, accented letters included.  Near misses: words
 * that only start like a month, and a capitalised word that is no month,
 * give no date. */
static void test_month_forms(void **state) {
  (void)state;
  static const char *const cases[][2] = {
      {"12 fév. 2024", "2024-02-12"},   {"3 juill. 2023", "2023-07-03"},
      {"5. Mär. 2024", "2024-03-05"},   {"2. Jän. 2024", "2024-01-02"},
      {"9. Febr. 2024", "2024-02-09"},  {"9 DÉCEMBRE 2024", "2024-12-09"},
      {"3. MÄRZ 2024", "2024-03-03"},   {"14 AOÛT 2022", "2022-08-14"},
      {"LE 1ER FÉVRIER 2023", "2023-02-01"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char out[40] = "";
    if (!af__date_parse(cases[i][0], out, sizeof(out)) ||
        strcmp(out, cases[i][1]))
      fail_msg("\"%s\" -> \"%s\", want \"%s\"", cases[i][0], out,
               cases[i][1]);
  }
  static const char *const none[] = {"Marsh 3, 2024", "9 DÉCOR 2024",
                                     "Févriers 3 2024"};
  for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
    char out[40];
    if (af__date_parse(none[i], out, sizeof(out)))
      fail_msg("\"%s\" parsed as %s", none[i], out);
  }
}

/* "The 9th of December 2024": the day before the month past an English
 * "of".  Near miss: a number and "of" that are not the month's day ("9 of
 * the December 2024 papers") give no date. */
static void test_day_of_month(void **state) {
  (void)state;
  char iso[40];
  assert_true(af__date_parse("Published on the 9th of December 2024", iso,
                             sizeof(iso)));
  assert_string_equal(iso, "2024-12-09");
  assert_true(af__date_parse("1st of March, 2023", iso, sizeof(iso)));
  assert_string_equal(iso, "2023-03-01");
  char d[11];
  day_in("en-GB", "<p class=\"date\">Friday the 17th of May 2024</p>", d);
  assert_string_equal(d, "2024-05-17");
  /* near miss */
  assert_false(af__date_parse("9 of the December 2024 papers", iso,
                              sizeof(iso)));
}

/* The day extracted from a whole page ("-" when none). */
static void day_of_page(const char *page, char out[11]) {
  af__extracted x;
  char err[256];
  assert_int_equal(
      af__extract_html(page, strlen(page), NULL, NULL, &x, err, sizeof(err)),
      0);
  snprintf(out, 11, "%s", x.published ? x.published : "-");
  af__extracted_free(&x);
}

/* A line that prints both days, the update first ("Updated 9 April 2025
 * \xC2\xB7 Published 3 March 2025"): the day its publication label names, in
 * English, German and French.  Near misses: the published day first, an
 * update alone, and a "Posted in" label that names no day. */
static void test_labelled_days_in_one_line(void **state) {
  (void)state;
  char d[11];
  day_of("", "<div class=\"meta\">Updated 9 April 2025 \xC2\xB7 Published 3 "
             "March 2025</div>", d);
  assert_string_equal(d, "2025-03-03");
  day_of("", "<div class=\"info\">Aktualisiert am 09.04.2025, "
             "ver\xC3\xB6" "ffentlicht am 03.03.2025</div>", d);
  assert_string_equal(d, "2025-03-03");
  day_of("", "<div class=\"info\">Mis \xC3\xA0 jour le 9 avril 2025 - "
             "Publi\xC3\xA9 le 3 mars 2025</div>", d);
  assert_string_equal(d, "2025-03-03");
  day_of("", "<div class=\"meta\"><span>Last updated: April 9, 2025</span> "
             "<span>Published: March 3, 2025</span></div>", d);
  assert_string_equal(d, "2025-03-03");
  /* near misses */
  day_of("", "<div class=\"meta\">Published 3 March 2025, updated 9 April "
             "2025</div>", d);
  assert_string_equal(d, "2025-03-03");
  day_of("", "<div class=\"meta\">Updated 9 April 2025</div>", d);
  assert_string_equal(d, "2025-04-09");
  day_of("", "<div class=\"meta\">Updated 9 April 2025 \xC2\xB7 Posted in "
             "Harbour news</div>", d);
  assert_string_equal(d, "2025-04-09");
}

/* A date in a comment section is when a reader wrote: a page that
 * prints no date of its own has none, however near the comments sit.
 * Near miss: a page whose <body> classes mention comments
 * ("has-comments") still reads its own date. */
static void test_comment_dates(void **state) {
  (void)state;
  char d[11];
  day_of_page("<html><head><title>North quay</title></head><body><article>"
              "<h1>North quay to be rebuilt</h1>" STORY "</article>"
              "<section id=\"comments\"><h3>Comments</h3><div "
              "class=\"comment\"><span class=\"comment-date\">April 20, "
              "2025</span><p>Good to see the quay fixed at last.</p></div>"
              "</section></body></html>",
              d);
  assert_string_equal(d, "-");
  day_of_page("<html><head><title>North quay</title></head><body "
              "class=\"single has-comments\"><article><h1>North quay to be "
              "rebuilt</h1><div class=\"meta\"><span class=\"date\">March "
              "3, 2025</span></div>" STORY "</article></body></html>",
              d);
  assert_string_equal(d, "2025-03-03");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_bare_date_key),
      cmocka_unit_test(test_printed_before_metadata),
      cmocka_unit_test(test_bare_text_date),
      cmocka_unit_test(test_teaser_card_date),
      cmocka_unit_test(test_us_numeric_date),
      cmocka_unit_test(test_us_numeric_meta),
      cmocka_unit_test(test_address_day_decides),
      cmocka_unit_test(test_month_forms),
      cmocka_unit_test(test_day_of_month),
      cmocka_unit_test(test_labelled_days_in_one_line),
      cmocka_unit_test(test_comment_dates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
