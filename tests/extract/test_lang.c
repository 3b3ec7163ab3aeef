/* Rules that hold in German and French as in English: date labels and
 * bylines repeated in the article box, live-article time stamps, page
 * furniture words, German comment sections, a teaser og:title cut from
 * the headline, and "von"/"par" before an author's name.  Each rule has
 * near misses that must stay as they are.  The wording is ours. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extract_test.h"
#include "xint.h"

static int junk(const char *s, const char *byline) {
  return af__line_junk(s, strlen(s), AF_PARA_TEXT, "Ein Titel", byline);
}

/* Publication and update lines in German and French, with their dates,
 * are metadata; the same words opening a sentence without a date are
 * not. */
static void test_dated_labels(void **state) {
  (void)state;
  assert_true(junk("Stand: 07.12.2026, 14:05 Uhr", NULL));
  assert_true(junk("Aktualisiert am 08.12.2026, 09:12 Uhr", NULL));
  assert_true(junk("Veröffentlicht am 12. Oktober 2026", NULL));
  assert_true(junk("Publié le 3 novembre 2026 à 08h00 · Mis à jour le 3 "
                   "novembre 2026 à 12h10", NULL));
  assert_true(junk("Mis à jour le 8 décembre 2026", NULL));
  /* near misses: the label words in sentences, no date */
  assert_false(junk("Aktualisiert werden die Zahlen jedes Frühjahr", NULL));
  assert_false(junk("Publié en ligne, le rapport détaille les dépenses",
                    NULL));
  assert_false(junk("Veröffentlicht hat die Stadt bisher nur eine "
                    "Kurzfassung", NULL));
  /* a sentence with a date after the label word */
  assert_false(junk("Stand: Ende März 2026 waren in der Verwaltung 40 "
                    "Stellen frei.", NULL));
  assert_false(junk("Publié le 2 mars 2026, le rapport a surpris les élus.",
                    NULL));
}

/* "Von ..." and "Par ..." lines: the byline itself, or a name with a date,
 * go; a heading or sentence opening with the same word stays. */
static void test_von_par_lines(void **state) {
  (void)state;
  assert_true(junk("Von Lena Vogt", "Lena Vogt"));
  assert_true(
      junk("Par Hugo Martel et Ana Costa", "Hugo Martel et Ana Costa"));
  assert_true(junk("Par Hugo Martel Publié le 7 décembre 2026 à 10h15",
                   "Hugo Martel"));
  assert_true(junk("Von Lena Vogt | 5. März 2026", NULL));
  /* near misses */
  assert_false(junk("Von Brücken und Budgets", "Lena Vogt"));
  assert_false(junk("Par ailleurs, la commune a renoncé au projet", NULL));
  assert_false(junk("Von Lena Vogt stammt die Idee zu dem Fonds", "Jo Beck"));
}

/* A time of day alone on its line is a live article's entry stamp; a
 * price, a score or a time inside a sentence is text. */
static void test_clock_time_lines(void **state) {
  (void)state;
  assert_true(junk("12h10", NULL));
  assert_true(junk("11:42", NULL));
  assert_true(junk("9.30 Uhr", NULL));
  assert_true(junk("10:05 pm", NULL));
  /* near misses */
  assert_false(junk("2.99", NULL));
  assert_false(junk("1.98", NULL));
  assert_false(junk("25:10", NULL));
  assert_false(junk("12h10 : les débats reprennent dans l'hémicycle", NULL));
  assert_false(junk("9.30", NULL));
}

/* Furniture words in German and French, with a count after them. */
static void test_furniture_words(void **state) {
  (void)state;
  assert_true(junk("Kommentare (2)", NULL));
  assert_true(junk("EN DIRECT", NULL));
  assert_true(junk("À lire aussi", NULL));
  assert_true(junk("Artikel teilen:", NULL));
  assert_true(junk("Comments (12)", NULL));
  /* near misses: the words inside a line of text */
  assert_false(junk("Kommentare der Prüfer zum Haushalt", NULL));
  assert_false(junk("En direct du conseil municipal, le maire a répondu",
                    NULL));
  assert_false(junk("Teilen will die Stadt die Kosten nicht", NULL));
}

#define ARTIKEL                                                            \
  "<p>Der Kreis hat für die Sanierung der Schulen im vergangenen Jahr "    \
  "deutlich mehr ausgegeben als im Haushalt vorgesehen war.</p>"          \
  "<p>Die Prüfer bemängeln, dass der Kreistag über die Mehrkosten erst "   \
  "nachträglich unterrichtet wurde und Angebote nicht verglichen "         \
  "wurden.</p>"                                                           \
  "<p>Die Verwaltung kündigte an, die Vergaben künftig vierteljährlich "   \
  "offenzulegen und ein Controlling einzuführen.</p>"

static void extract_with(const char *html, const af__extract_limits *lim,
                         af__extracted *x) {
  char err[256];
  assert_int_equal(
      af__extract_html(html, strlen(html), NULL, lim, x, err, sizeof(err)),
      0);
}

static void extract_page(const char *html, af__extracted *x) {
  extract_with(html, NULL, x);
}

#define KOMMENTARE_SEITE                                                   \
  "<html><body><main><article><h1>Schulen kosten mehr</h1>" ARTIKEL        \
  "<div class=\"kommunal-info\"><p>Der Kreis zählt rund 180.000 "          \
  "Einwohner und betreibt 41 Schulen in eigener Trägerschaft.</p></div>"   \
  "<section class=\"kommentare\"><h3>Leserstimmen</h3>"                    \
  "<div><span>Hanna K.</span><p>Das hätte man vorher wissen können, finde " \
  "ich, und zwar schon bei der Planung.</p></div>"                         \
  "<div><span>Olaf</span><p>Endlich schaut mal jemand genau hin, das war " \
  "überfällig in unserem Landkreis.</p></div>"                              \
  "</section></article></main></body></html>"

/* A German comment section ("kommentare") at the end of the article
 * stays out of the body, as "comments" does, and is what comments = 1
 * adds; a block whose name only begins alike ("kommunal") is article
 * text. */
static void test_german_comment_section(void **state) {
  (void)state;
  af__extracted x;
  extract_page(KOMMENTARE_SEITE, &x);
  char *b = paras_joined(&x, "\n");
  assert_contains(b, "vierteljährlich");
  assert_contains(b, "41 Schulen");
  assert_lacks(b, "vorher wissen");
  assert_lacks(b, "genau hin");
  free(b);
  af__extracted_free(&x);

  af__extract_limits lim = {.comments = 1};
  extract_with(KOMMENTARE_SEITE, &lim, &x);
  size_t comments = 0;
  for (size_t i = 0; i < x.n_paras; i++)
    if (x.paras[i].kind == AF_PARA_COMMENT) {
      comments++;
      assert_null(strstr(x.paras[i].text, "Olaf"));
    }
  assert_int_equal(comments, 2);
  af__extracted_free(&x);
}

/* The <h1> that <title> repeats word for word is the headline; an
 * og:title cut from it is a teaser.  Near miss: an <h1> that wraps the
 * title and a date, with no title repeating it whole, still gives the
 * shorter title. */
static void test_teaser_og_title(void **state) {
  (void)state;
  af__extracted x;
  extract_page("<html><head><title>Centre aquatique : la facture "
               "s'envole à Plouzané-sur-Mer - L'Écho</title>"
               "<meta property=\"og:site_name\" "
               "content=\"L'Écho\"><meta property=\"og:title\" "
               "content=\"Centre aquatique : la facture s'envole\"></head>"
               "<body><main><article><h1>Centre aquatique : la facture "
               "s'envole à Plouzané-sur-Mer</h1>" ARTIKEL
               "</article></main></body></html>",
               &x);
  assert_non_null(x.title);
  assert_string_equal(
      x.title, "Centre aquatique : la facture s'envole à Plouzané-sur-Mer");
  af__extracted_free(&x);

  extract_page("<html><head><title>Piscine : la facture s'envole - "
               "L'Écho</title><meta property=\"og:site_name\" "
               "content=\"L'Écho\"><meta property=\"og:title\" "
               "content=\"Piscine : la facture s'envole\"></head><body>"
               "<main><article><h1>Piscine : la facture s'envole "
               "07.12.2026 10h15</h1>" ARTIKEL
               "</article></main></body></html>",
               &x);
  assert_non_null(x.title);
  assert_string_equal(x.title, "Piscine : la facture s'envole");
  af__extracted_free(&x);
}

/* A word or two just above the headline is the section's kicker, not the
 * article's first line.  Near misses: a short question above the headline
 * and a short first line after it stay. */
static void test_kicker(void **state) {
  (void)state;
  af__extracted x;
  extract_page("<html><head><title>Schulen kosten mehr</title></head><body>"
               "<main><article><div class=\"kopf\"><p>Landkreis</p>"
               "<h1>Schulen kosten mehr</h1></div>" ARTIKEL
               "</article></main></body></html>",
               &x);
  char *b = paras_joined(&x, "\n");
  assert_lacks(b, "Landkreis\n");
  assert_contains(b, "vierteljährlich");
  free(b);
  af__extracted_free(&x);

  extract_page("<html><head><title>Schulen kosten mehr</title></head><body>"
               "<main><article><div class=\"kopf\"><p>Wer zahlt?</p>"
               "<h1>Schulen kosten mehr</h1></div><p>Ein Überblick</p>"
               ARTIKEL "</article></main></body></html>",
               &x);
  b = paras_joined(&x, "\n");
  assert_contains(b, "Wer zahlt?");
  assert_contains(b, "Ein Überblick");
  free(b);
  af__extracted_free(&x);
}

/* "von" and "par" before a full name are the byline's label; "von" before
 * a single word is part of the surname. */
static void test_von_par_byline(void **state) {
  (void)state;
  char *b = af__clean_byline("von Miriam Roth");
  assert_non_null(b);
  assert_string_equal(b, "Miriam Roth");
  free(b);
  b = af__clean_byline("par Hugo Martel");
  assert_non_null(b);
  assert_string_equal(b, "Hugo Martel");
  free(b);
  /* near misses */
  b = af__clean_byline("von Arnim");
  assert_non_null(b);
  assert_string_equal(b, "von Arnim");
  free(b);
  b = af__clean_byline("von der Heide");
  assert_non_null(b);
  assert_string_equal(b, "von der Heide");
  free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_dated_labels),
      cmocka_unit_test(test_von_par_lines),
      cmocka_unit_test(test_clock_time_lines),
      cmocka_unit_test(test_furniture_words),
      cmocka_unit_test(test_german_comment_section),
      cmocka_unit_test(test_teaser_og_title),
      cmocka_unit_test(test_von_par_byline),
      cmocka_unit_test(test_kicker),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
