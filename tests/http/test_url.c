/* URL resolution and canonical form (core/net/url.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "url.h"

static void test_url(void **s) {
  (void)s;
  /* {base, reference, want} resolved; then {url, want} canonical */
  static const char *const resolved[][3] = {
      {"http://a.test/b/c/d", "../e?x=1", "http://a.test/b/e?x=1"},
      {"http://a.test/b/", "  //cdn.test/y z.html \n", "http://cdn.test/y%20z.html"},
      {"http://a.test/b/page.html?q=1#old", "#part3", "http://a.test/b/page.html?q=1#part3"},
  };
  static const char *const canonical[][2] = {
      {"HTTP://News.Example.ORG:80/a/./b/../c?utm_source=x&id=7&fbclid=abc&UTM_Medium=y#top",
       "http://news.example.org/a/c?id=7"},
      {"https://x.test:8443/p?gclid=1&mc_cid=2&mc_eid=3&_ga=4&yclid=5&ref_src=6",
       "https://x.test:8443/p"},
      {"https://x.test:443", "https://x.test/"},
  };
  for (size_t i = 0; i < sizeof(resolved) / sizeof(resolved[0]); i++) {
    char *u = af__url_resolve(resolved[i][0], resolved[i][1]);
    assert_non_null(u);
    assert_string_equal(u, resolved[i][2]);
    free(u);
  }
  for (size_t i = 0; i < sizeof(canonical) / sizeof(canonical[0]); i++) {
    char *u = af__url_canonical(canonical[i][0]);
    assert_non_null(u);
    assert_string_equal(u, canonical[i][1]);
    free(u);
  }
  assert_null(af__url_resolve(NULL, "relative/only"));
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_url)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
