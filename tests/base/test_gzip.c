/* The core's one gzip reader (core/base/gzip.c): whole streams, several
 * members, zlib and raw deflate; truncation and corruption are errors that
 * say so, never a short text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include <auditfeed/errno.h>

#include "gzip.h"
#include "paths.h"

/* `text` compressed with window bits `wbits` (31 gzip, 15 zlib, -15 raw). */
static unsigned char *squeeze(const char *text, int wbits, size_t *n) {
  z_stream z = {0};
  size_t cap = strlen(text) + 256;
  unsigned char *out = malloc(cap);
  assert_non_null(out);
  assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY),
                   Z_OK);
  z.next_in = (Bytef *)text;
  z.avail_in = (uInt)strlen(text);
  z.next_out = out;
  z.avail_out = (uInt)cap;
  assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
  *n = z.total_out;
  deflateEnd(&z);
  return out;
}

/* A page long enough that half of its compressed form is real content. */
static char *page(void) {
  size_t cap = 64 * 1024, n = 0;
  char *s = malloc(cap);
  assert_non_null(s);
  for (int i = 0; n + 200 < cap; i++)
    n += (size_t)snprintf(s + n, cap - n,
                          "<p>Paragraph %d: the programme's cost rose by £%d "
                          "million in year %d.</p>\n",
                          i, i * 7 % 1000, 2000 + i % 25);
  return s;
}

static void test_whole_and_members(void **st) {
  (void)st;
  char *text = page(), *out, err[200];
  size_t n, len;
  unsigned char *gz = squeeze(text, 31, &n);
  assert_true(af__is_gzip(gz, n));
  assert_int_equal(af__inflate(gz, n, AF__INFLATE_AUTO, 1 << 20, &out, &len, err,
                               sizeof err), 0);
  assert_int_equal(len, strlen(text));
  assert_string_equal(out, text);
  free(out);
  /* two members are one file: both texts, in order */
  unsigned char *two = malloc(2 * n + 3);
  memcpy(two, gz, n);
  memcpy(two + n, gz, n);
  assert_int_equal(af__inflate(two, 2 * n, AF__INFLATE_AUTO, 1 << 20, &out, &len,
                               err, sizeof err), 0);
  assert_int_equal(len, 2 * strlen(text));
  assert_memory_equal(out + strlen(text), text, strlen(text));
  free(out);
  /* bytes after the last member that start none are ignored (gzip -d) */
  memcpy(two + n, "\0\0\0", 3);
  assert_int_equal(af__inflate(two, n + 3, AF__INFLATE_AUTO, 1 << 20, &out, &len,
                               err, sizeof err), 0);
  assert_int_equal(len, strlen(text));
  free(out);
  free(two);
  free(gz);
  /* zlib-wrapped and raw deflate, as HTTP "deflate" comes */
  gz = squeeze(text, 15, &n);
  assert_false(af__is_gzip(gz, n));
  assert_int_equal(af__inflate(gz, n, AF__INFLATE_AUTO, 1 << 20, &out, &len, err,
                               sizeof err), 0);
  assert_string_equal(out, text);
  free(out);
  free(gz);
  gz = squeeze(text, -15, &n);
  assert_int_equal(af__inflate(gz, n, AF__INFLATE_RAW, 1 << 20, &out, &len, err,
                               sizeof err), 0);
  assert_string_equal(out, text);
  free(out);
  free(gz);
  free(text);
}

/* Cut anywhere, a stream is an error that says "truncated"; the bug this
 * guards against returned the first part as if it were all. */
static void test_truncated(void **st) {
  (void)st;
  char *text = page(), *out = (char *)1, err[200];
  size_t n, len;
  unsigned char *gz = squeeze(text, 31, &n);
  size_t cuts[] = {2, 10, n / 6, n / 2, n - 9, n - 1};
  for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
    err[0] = '\0';
    assert_int_equal(af__inflate(gz, cuts[i], AF__INFLATE_AUTO, 1 << 20, &out, &len,
                                 err, sizeof err), AF_EPARSE);
    assert_null(out);
    assert_non_null(strstr(err, "truncated"));
  }
  free(gz);
  free(text);
}

static void test_corrupt_and_limit(void **st) {
  (void)st;
  char *text = page(), *out, err[200];
  size_t n, len;
  unsigned char *gz = squeeze(text, 31, &n);
  gz[n / 2] ^= 0x55;
  gz[n / 2 + 1] ^= 0xaa;
  int rc = af__inflate(gz, n, AF__INFLATE_AUTO, 1 << 20, &out, &len, err, sizeof err);
  assert_int_equal(rc, AF_EPARSE);
  gz[n / 2] ^= 0x55;
  gz[n / 2 + 1] ^= 0xaa;
  assert_int_equal(af__inflate(gz, n, AF__INFLATE_AUTO, strlen(text) - 1, &out, &len,
                               err, sizeof err), AF_E2BIG);
  assert_int_equal(af__inflate(gz, n, AF__INFLATE_AUTO, strlen(text), &out, &len,
                               err, sizeof err), 0);
  free(out);
  free(gz);
  free(text);
}

/* af__read_file (extract, spool, WARC) goes through the same reader and
 * names the problem. */
static void test_read_file(void **st) {
  (void)st;
  char *text = page(), *out, err[300], path[] = "/tmp/af-gzip-XXXXXX";
  size_t n, len;
  unsigned char *gz = squeeze(text, 31, &n);
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "wb");
  assert_int_equal(fwrite(gz, 1, n / 2, f), n / 2);
  fclose(f);
  assert_int_equal(af__read_file_err(path, 1 << 20, &out, &len, err, sizeof err),
                   AF_EPARSE);
  assert_non_null(strstr(err, "truncated gzip data"));
  f = fopen(path, "wb");
  assert_int_equal(fwrite(gz, 1, n, f), n);
  fclose(f);
  assert_int_equal(af__read_file_err(path, 1 << 20, &out, &len, err, sizeof err), 0);
  assert_string_equal(out, text);
  free(out);
  remove(path);
  free(gz);
  free(text);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_whole_and_members),
      cmocka_unit_test(test_truncated),
      cmocka_unit_test(test_corrupt_and_limit),
      cmocka_unit_test(test_read_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
