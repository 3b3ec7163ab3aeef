/* Reading whole fixture files in the extractor's cmocka tests.  Include
 * after <cmocka.h>; the returned buffer is NUL-terminated and the caller
 * frees it. */
#ifndef AF_TEST_FIXTURE_FILE_H
#define AF_TEST_FIXTURE_FILE_H

#include <stdio.h>
#include <stdlib.h>

static inline char *af_test_slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    fail_msg("cannot open %s", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)n + 1);
  assert_non_null(b);
  assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  b[n] = '\0';
  *len = (size_t)n;
  return b;
}

/* tests/extract/fixtures/NAME under AF_SOURCE_DIR (or the current dir). */
static inline char *af_test_fixture(const char *name, size_t *len) {
  const char *src = getenv("AF_SOURCE_DIR");
  char path[4096];
  snprintf(path, sizeof(path), "%s/tests/extract/fixtures/%s",
           src ? src : ".", name);
  return af_test_slurp(path, len);
}

#endif
