/* Page-builder layouts: an article split over a run of sibling "widget"
 * blocks is one article, while sidebar widgets, teaser cards of other
 * articles and reader comments stay out of the body. */
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

/* Every paragraph sits in its own "builder-widget": the body is all of
 * them, in order, with the section headings between them. */
static void test_split_over_widgets(void **state) {
  (void)state;
  char *b = body_of_fixture("builder_article.html");
  has(b, "When the county council signed its new bus contracts");
  has(b, "Six months later, the council's own spending papers");
  has(b, "Where the money went");
  has(b, "Most of the extra cost comes from a clause");
  has(b, "What happens next");
  has(b, "Passenger groups, for their part, say the evening buses");
  assert_true(strstr(b, "Six months later") < strstr(b, "What happens next"));
  /* Widgets of the header and the sidebar are not pieces of it. */
  lacks(b, "independent newsletter about local buses");
  lacks(b, "Support our newsletter");
  lacks(b, "Recent posts");
  lacks(b, "Tram extension delayed again");
  lacks(b, "All rights reserved");
  free(b);
}

/* The article runs over several sections, each a run of small widgets:
 * the run that fills a piece of the article is that piece. */
static void test_sections_of_widgets(void **state) {
  (void)state;
  char *b = body_of_fixture("builder_sections.html");
  has(b, "The towpath runs for eleven miles");
  has(b, "Start at the basin, where the café opens at eight");
  has(b, "The middle stretch");
  has(b, "herons fish along this stretch");
  has(b, "There are benches at the two swing bridges");
  has(b, "Getting back");
  has(b, "The hourly bus from Hatton End");
  has(b, "On summer weekends the trip boat");
  lacks(b, "send us your walks");
  lacks(b, "Copyright 2024");
  free(b);
}

/* The siblings are teaser cards of other articles in a builder "posts"
 * widget: the article stays the body and the cards stay out. */
static void test_teaser_cards_stay_out(void **state) {
  (void)state;
  char *b = body_of_fixture("builder_teasers.html");
  has(b, "The regional fare cap, which limits a single bus journey");
  has(b, "Campaigners welcomed the news");
  lacks(b, "The tram line to the hospital will open a year late");
  lacks(b, "Cyclists can now ride the whole ring road");
  lacks(b, "Talks over the lease on the main bus depot");
  lacks(b, "Read more");
  lacks(b, "More from the newsletter");
  free(b);
}

/* A comment thread longer than the article, its entries a run of like
 * siblings in a widget: comments keep their verdict whatever their size. */
static void test_long_comments_stay_out(void **state) {
  (void)state;
  char *b = body_of_fixture("builder_comments.html");
  has(b, "The library on Mill Street will open on Sundays");
  has(b, "The trial runs until the end of March");
  lacks(b, "I have waited years for this");
  lacks(b, "Sunday is the only day I can take my children");
  free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_split_over_widgets),
      cmocka_unit_test(test_sections_of_widgets),
      cmocka_unit_test(test_teaser_cards_stay_out),
      cmocka_unit_test(test_long_comments_stay_out),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
