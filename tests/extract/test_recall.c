/* Body recall: text that belongs to the article and that a boilerplate
 * rule used to take for furniture (short one-line paragraphs in boxes of
 * their own, section heads whose class names them a "title", an article
 * printed after a premature </html>, a streamed page's hidden segment,
 * a block hidden only on small screens), while the furniture beside it stays
 * out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extract.h"
#include "fixture_file.h"

static char *body_of_fixture(const char *name) {
  size_t len;
  char *html = af_test_fixture(name, &len);
  af__extracted x;
  char err[256];
  int rc = af__extract_html(html, len, NULL, NULL, &x, err, sizeof(err));
  free(html);
  if (rc)
    fail_msg("%s: %d %s", name, rc, err);
  size_t n = 1;
  for (size_t i = 0; i < x.n_paras; i++)
    n += strlen(x.paras[i].text) + 1;
  char *b = malloc(n);
  assert_non_null(b);
  b[0] = '\0';
  for (size_t i = 0; i < x.n_paras; i++) {
    strcat(b, x.paras[i].text);
    strcat(b, "\n");
  }
  af__extracted_free(&x);
  return b;
}

static void has(const char *body, const char *s) {
  if (!strstr(body, s))
    fail_msg("expected \"%s\" in body:\n%s", s, body);
}

static void lacks(const char *body, const char *s) {
  if (strstr(body, s))
    fail_msg("\"%s\" leaked into body:\n%s", s, body);
}

/* Each paragraph in its own box: the one-line ones (a bold section head,
 * a question, an exclamation) are paragraphs too; a box of links is not. */
static void test_short_paragraph_boxes(void **state) {
  (void)state;
  char *b = body_of_fixture("recall_short_boxes.html");
  has(b, "The harbour board has published the winter timetable");
  has(b, "\nWhat changes\n");
  has(b, "\nIs that a problem?\n");
  has(b, "\nYes!\n");
  has(b, "That was the answer from the ferry operator");
  assert_true(strstr(b, "Is that a problem?") < strstr(b, "For commuters"));
  lacks(b, "Facebook");
  lacks(b, "run by volunteers");
  free(b);
}

/* Page builders call every heading a "title": after the article's text
 * has begun such a block is a section head; the headline is not repeated. */
static void test_title_named_section_heads(void **state) {
  (void)state;
  char *b = body_of_fixture("recall_title_headings.html");
  has(b, "Most of us no longer have a cold cellar");
  has(b, "\nRoots in boxes of sand\n");
  has(b, "\nSquashes on a shelf\n");
  has(b, "\nCan onions go in the same place?\n");
  has(b, "Onions and garlic prefer the squash shelf");
  lacks(b, "How to store winter vegetables without a cellar\n");
  lacks(b, "Privacy");
  free(b);
}

/* A template that prints </body></html> before the article: the text
 * after it is the page's body, as a browser shows it. */
static void test_text_after_early_html_end(void **state) {
  (void)state;
  char *b = body_of_fixture("recall_early_html_end.html");
  has(b, "The council will replace every sodium street light");
  has(b, "The old lamps use about three times as much electricity");
  has(b, "Residents on the pilot streets were asked");
  lacks(b, "Events");
  lacks(b, "Privacy");
  free(b);
}

/* React's streamed pages send the article in <div hidden id="S:0">, which
 * a script swaps in; and "hidden md:block" is shown on a desktop.  A
 * plainly hidden block stays out. */
static void test_streamed_and_breakpoint_hidden(void **state) {
  (void)state;
  char *b = body_of_fixture("recall_streamed.html");
  has(b, "Most household water meters sit in a small chamber");
  has(b, "Write the figures down on the same day each month");
  has(b, "If every tap is closed and the small red wheel");
  lacks(b, "Share this guide");
  lacks(b, "Terms");
  free(b);
}

/* A list whose items say something beside their links ("Run by: <link>")
 * is a list of facts; a box of prose in divs with a few pictures is not a
 * gallery.  A list of links to other pages and a real gallery stay out. */
static void test_fact_lists_and_pictured_prose(void **state) {
  (void)state;
  char *b = body_of_fixture("recall_fact_lists.html");
  has(b, "Run by: the Carrow Coastal Trust since the keepers left");
  has(b, "Nearest shop: Carrow Village Stores two miles inland");
  has(b, "Best for: walkers on the coast path who want it");
  has(b, "Skerry Head is reached by a causeway");
  has(b, "the lower rooms have been turned into a sitting room");
  has(b, "All three book up early for summer");
  lacks(b, "Windmills to rent");
  lacks(b, "Photos: the owners");
  free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_short_paragraph_boxes),
      cmocka_unit_test(test_title_named_section_heads),
      cmocka_unit_test(test_text_after_early_html_end),
      cmocka_unit_test(test_streamed_and_breakpoint_hidden),
      cmocka_unit_test(test_fact_lists_and_pictured_prose),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
