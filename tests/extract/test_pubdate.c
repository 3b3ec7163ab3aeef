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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_bare_date_key),
      cmocka_unit_test(test_printed_before_metadata),
      cmocka_unit_test(test_bare_text_date),
      cmocka_unit_test(test_teaser_card_date),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
