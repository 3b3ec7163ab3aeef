/* robots.txt parsing and matching, Crawl-delay (core/net/robots.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "robots.h"

static void test_robots_rules(void **s) {
  const char *txt =
      "# comment\nUser-agent: other\nDisallow: /\n\n"
      "User-agent: *\nDisallow: /private/\n\n"
      "User-agent: AuditFeed/2.0\nUser-agent: else\nDisallow: /x/\n"
      "Disallow: /*.pdf$\nAllow: /x/ok\nDisallow: /a*b*c*d*e*f*g*h*z\n";
  af__robots *r = af__robots_parse(txt, strlen(txt), "auditfeed");
  (void)s;
  assert_non_null(r);
  assert_int_equal(af__robots_allowed(r, "/private/p"), 1); /* not our group */
  assert_int_equal(af__robots_allowed(r, "/x/y"), 0);
  assert_int_equal(af__robots_allowed(r, "/x/ok.html"), 1); /* longest wins */
  assert_int_equal(af__robots_allowed(r, "/r.pdf"), 0);
  assert_int_equal(af__robots_allowed(r, "/r.pdf?v=1"), 1);
  assert_int_equal(af__robots_allowed(r, "/robots.txt"), 1);
  /* a pathological pattern answers at once */
  assert_int_equal(af__robots_allowed(r, "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), 1);
  af__robots_free(r);
  r = af__robots_parse(txt, strlen(txt), "nobody");
  assert_int_equal(af__robots_allowed(r, "/private/p"), 0);
  assert_int_equal(af__robots_allowed(r, "/x/y"), 1);
  assert_int_equal(af__robots_delay_ms(r), -1); /* none given */
  af__robots_free(r);
  /* Crawl-delay belongs to its group, in seconds, fractions allowed. */
  const char *cd = "User-agent: *\nCrawl-delay: 2.5\n\n"
                   "User-agent: auditfeed\nCrawl-delay: 0.25\nDisallow: /x\n"
                   "\nUser-agent: other\nCrawl-delay: soon\n";
  r = af__robots_parse(cd, strlen(cd), "auditfeed");
  assert_int_equal(af__robots_delay_ms(r), 250);
  af__robots_free(r);
  r = af__robots_parse(cd, strlen(cd), "nobody");
  assert_int_equal(af__robots_delay_ms(r), 2500);
  af__robots_free(r);
  r = af__robots_parse(cd, strlen(cd), "other");
  assert_int_equal(af__robots_delay_ms(r), -1); /* not a number: ignored */
  af__robots_free(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_robots_rules)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
