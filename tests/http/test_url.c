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
  char *u;
  (void)s;
  u = af__url_resolve("http://a.test/b/c/d", "../e?x=1");
  assert_string_equal(u, "http://a.test/b/e?x=1");
  free(u);
  u = af__url_resolve("http://a.test/b/", "  //cdn.test/y z.html \n");
  assert_string_equal(u, "http://cdn.test/y%20z.html");
  free(u);
  u = af__url_resolve("http://a.test/b/page.html?q=1#old", "#part3");
  assert_string_equal(u, "http://a.test/b/page.html?q=1#part3");
  free(u);
  u = af__url_canonical(
      "HTTP://News.Example.ORG:80/a/./b/../c?utm_source=x&id=7&fbclid=abc&UTM_Medium=y#top");
  assert_string_equal(u, "http://news.example.org/a/c?id=7");
  free(u);
  u = af__url_canonical("https://x.test:8443/p?gclid=1&mc_cid=2&mc_eid=3&_ga=4&yclid=5&ref_src=6");
  assert_string_equal(u, "https://x.test:8443/p");
  free(u);
  u = af__url_canonical("https://x.test:443");
  assert_string_equal(u, "https://x.test/");
  free(u);
  assert_null(af__url_resolve(NULL, "relative/only"));
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_url)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
