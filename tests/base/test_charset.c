/* Charset detection and conversion to UTF-8 (core/base/charset.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "charset.h"

static void test_charset_unit(void **s) {
  char *out, *used;
  size_t n;
  (void)s;
  /* invalid UTF-8 is replaced, never passed on */
  assert_int_equal(af__charset_to_utf8("a\xff\xc0\x80" "b", 5, "text/plain", "utf-8",
                                      &out, &n, &used), 0);
  assert_string_equal(out, "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "b");
  free(out);
  free(used);
  /* undeclared, not UTF-8, HTML: windows-1252 as browsers do */
  assert_int_equal(af__charset_to_utf8("<p>\x93x\x94</p>", 10, "text/html", NULL,
                                      &out, &n, &used), 0);
  assert_string_equal(out, "<p>\xe2\x80\x9cx\xe2\x80\x9d</p>");
  assert_null(used);
  free(out);
  /* UTF-16 with a BOM */
  assert_int_equal(af__charset_to_utf8("\xff\xfe" "h\0i\0", 6, "text/plain", NULL,
                                      &out, &n, &used), 0);
  assert_string_equal(out, "hi");
  assert_string_equal(used, "utf-16le");
  free(out);
  free(used);
  /* undeclared plain text that is not UTF-8 (a local .txt file, what the
   * files source hands over): windows-1252 too, so "£" survives; valid
   * UTF-8 and a UTF-8 BOM (dropped) are kept as they are */
  assert_int_equal(af__charset_to_utf8("It cost \xa3" "5m", 11, "text/plain", NULL,
                                      &out, &n, &used), 0);
  assert_string_equal(out, "It cost \xc2\xa3" "5m");
  assert_int_equal(n, strlen(out));
  free(out);
  free(used);
  assert_int_equal(af__charset_to_utf8("\xef\xbb\xbf" "\xc2\xa3" "5m", 7, "text/plain",
                                      NULL, &out, &n, &used), 0);
  assert_string_equal(out, "\xc2\xa3" "5m");
  free(out);
  free(used);
  /* XML declaring nothing stays UTF-8, invalid bytes replaced */
  assert_int_equal(af__charset_to_utf8("<a>\xa3</a>", 8, "application/xml", NULL,
                                      &out, &n, &used), 0);
  assert_string_equal(out, "<a>\xef\xbf\xbd</a>");
  free(out);
  free(used);
  assert_true(af__charset_is_text("application/atom+xml"));
  assert_false(af__charset_is_text("application/gzip"));
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_charset_unit)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
