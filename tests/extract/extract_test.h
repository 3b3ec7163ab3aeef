/* Shared by the extractor's cmocka tests: a fixture page through the
 * extractor, its paragraphs as one text, and what that text must and must
 * not hold.  Include after <cmocka.h>. */
#ifndef AF_TEST_EXTRACT_TEST_H
#define AF_TEST_EXTRACT_TEST_H

#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "fixture_file.h"

/* tests/extract/fixtures/NAME through af__extract_html with `url` (may be
 * NULL) into *x; the test fails, naming the page, when extraction does. */
static inline void extract_fixture(const char *name, const char *url, af__extracted *x) {
  size_t len;
  char *html = af_test_fixture(name, &len);
  char err[256];
  int rc = af__extract_html(html, len, url, NULL, x, err, sizeof(err));
  free(html);
  if (rc)
    fail_msg("%s: %d %s", name, rc, err);
}

/* x's paragraphs in order with `sep` between them; malloc'd. */
static inline char *paras_joined(const af__extracted *x, const char *sep) {
  size_t n = 1;
  for (size_t i = 0; i < x->n_paras; i++)
    n += strlen(x->paras[i].text) + strlen(sep);
  char *b = malloc(n);
  assert_non_null(b);
  b[0] = '\0';
  for (size_t i = 0; i < x->n_paras; i++) {
    if (i)
      strcat(b, sep);
    strcat(b, x->paras[i].text);
  }
  return b;
}

static inline void assert_contains(const char *body, const char *s) {
  if (!strstr(body, s))
    fail_msg("expected \"%s\" in body:\n%s", s, body);
}

static inline void assert_lacks(const char *body, const char *s) {
  if (strstr(body, s))
    fail_msg("\"%s\" leaked into body:\n%s", s, body);
}

#endif
