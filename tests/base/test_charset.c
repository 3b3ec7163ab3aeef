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

/* One conversion: the bytes, their media type and declared charset, the
 * UTF-8 wanted, and the charset it reports having used when `check_used`
 * (NULL: none). */
typedef struct conv_case {
  const char *why, *in;
  size_t len;
  const char *type, *declared, *want;
  int check_used;
  const char *used;
} conv_case;

static const conv_case cases[] = {
    {"invalid UTF-8 is replaced, never passed on", "a\xff\xc0\x80" "b", 5, "text/plain",
     "utf-8", "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "b", 0, NULL},
    {"undeclared, not UTF-8, HTML: windows-1252 as browsers do", "<p>\x93x\x94</p>", 10,
     "text/html", NULL, "<p>\xe2\x80\x9cx\xe2\x80\x9d</p>", 1, NULL},
    {"UTF-16 with a BOM", "\xff\xfe" "h\0i\0", 6, "text/plain", NULL, "hi", 1, "utf-16le"},
    /* a local .txt file, what the files source hands over: windows-1252
     * too, so "£" survives */
    {"undeclared plain text that is not UTF-8", "It cost \xa3" "5m", 11, "text/plain", NULL,
     "It cost \xc2\xa3" "5m", 0, NULL},
    {"valid UTF-8 is kept, a UTF-8 BOM dropped", "\xef\xbb\xbf" "\xc2\xa3" "5m", 7,
     "text/plain", NULL, "\xc2\xa3" "5m", 0, NULL},
    {"XML declaring nothing stays UTF-8, invalid bytes replaced", "<a>\xa3</a>", 8,
     "application/xml", NULL, "<a>\xef\xbf\xbd</a>", 0, NULL},
};

static void test_charset_unit(void **s) {
  (void)s;
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    const conv_case *c = &cases[i];
    char *out = NULL, *used = NULL;
    size_t n = 0;
    if (af__charset_to_utf8(c->in, c->len, c->type, c->declared, &out, &n, &used) != 0)
      fail_msg("%s: conversion failed", c->why);
    if (strcmp(out, c->want) != 0 || n != strlen(out))
      fail_msg("%s: got \"%s\" (%zu bytes)", c->why, out, n);
    if (c->check_used && (c->used ? !used || strcmp(used, c->used) : used != NULL))
      fail_msg("%s: used \"%s\"", c->why, used ? used : "(none)");
    free(out);
    free(used);
  }
  assert_true(af__charset_is_text("application/atom+xml"));
  assert_false(af__charset_is_text("application/gzip"));
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_charset_unit)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
