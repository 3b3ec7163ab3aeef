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

#include "extract_test.h"

/* The body of a fixture page: its paragraphs, a line each. */
static char *body_of_fixture(const char *name) {
  af__extracted x;
  extract_fixture(name, NULL, &x);
  char *b = paras_joined(&x, "\n");
  af__extracted_free(&x);
  return b;
}

/* Every paragraph sits in its own "builder-widget": the body is all of
 * them, in order, with the section headings between them. */
static void test_split_over_widgets(void **state) {
  (void)state;
  char *b = body_of_fixture("builder_article.html");
  assert_contains(b, "When the county council signed its new bus contracts");
  assert_contains(b, "Six months later, the council's own spending papers");
  assert_contains(b, "Where the money went");
  assert_contains(b, "Most of the extra cost comes from a clause");
  assert_contains(b, "What happens next");
  assert_contains(b, "Passenger groups, for their part, say the evening buses");
  assert_true(strstr(b, "Six months later") < strstr(b, "What happens next"));
  /* Widgets of the header and the sidebar are not pieces of it. */
  assert_lacks(b, "independent newsletter about local buses");
  assert_lacks(b, "Support our newsletter");
  assert_lacks(b, "Recent posts");
  assert_lacks(b, "Tram extension delayed again");
  assert_lacks(b, "All rights reserved");
  free(b);
}

/* The article runs over several sections, each a run of small widgets:
 * the run that fills a piece of the article is that piece. */
static void test_sections_of_widgets(void **state) {
  (void)state;
  char *b = body_of_fixture("builder_sections.html");
  assert_contains(b, "The towpath runs for eleven miles");
  assert_contains(b, "Start at the basin, where the café opens at eight");
  assert_contains(b, "The middle stretch");
  assert_contains(b, "herons fish along this stretch");
  assert_contains(b, "There are benches at the two swing bridges");
  assert_contains(b, "Getting back");
  assert_contains(b, "The hourly bus from Hatton End");
  assert_contains(b, "On summer weekends the trip boat");
  assert_lacks(b, "send us your walks");
  assert_lacks(b, "Copyright 2024");
  free(b);
}

/* The siblings are teaser cards of other articles in a builder "posts"
 * widget: the article stays the body and the cards stay out. */
static void test_teaser_cards_stay_out(void **state) {
  (void)state;
  char *b = body_of_fixture("builder_teasers.html");
  assert_contains(b, "The regional fare cap, which limits a single bus journey");
  assert_contains(b, "Campaigners welcomed the news");
  assert_lacks(b, "The tram line to the hospital will open a year late");
  assert_lacks(b, "Cyclists can now ride the whole ring road");
  assert_lacks(b, "Talks over the lease on the main bus depot");
  assert_lacks(b, "Read more");
  assert_lacks(b, "More from the newsletter");
  free(b);
}

/* A comment thread longer than the article, its entries a run of like
 * siblings in a widget: comments keep their verdict whatever their size. */
static void test_long_comments_stay_out(void **state) {
  (void)state;
  char *b = body_of_fixture("builder_comments.html");
  assert_contains(b, "The library on Mill Street will open on Sundays");
  assert_contains(b, "The trial runs until the end of March");
  assert_lacks(b, "I have waited years for this");
  assert_lacks(b, "Sunday is the only day I can take my children");
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
