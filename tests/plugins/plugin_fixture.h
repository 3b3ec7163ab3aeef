/* Shared by the plugin tests (csv, jsonl, sqlite, files, feed, web): a temp
 * directory, the plugin loaded through the mock core, three documents for
 * the sinks, canned HTTP answers for the sources.  Include after cmocka.h
 * and mock_host.h. */
#ifndef AF_PLUGIN_FIXTURE_H
#define AF_PLUGIN_FIXTURE_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

typedef struct fixture {
  char dir[64];   /* /tmp/af-PLUGIN-XXXXXX, removed by fixture_teardown */
  char path[128]; /* the sink's output, when the test names one */
  const af_plugin *p;
  void *ctx;
  af_document *docs[3]; /* doc-a (2 findings), doc-b (none), doc-c (3) */
} fixture;

/* A fresh temp directory and `plugin` loaded; with third (the text of
 * doc-c) also the three documents a sink test writes. */
static inline fixture *fixture_new(const char *plugin, const char *third) {
  fixture *f = calloc(1, sizeof *f);
  assert_non_null(f);
  snprintf(f->dir, sizeof f->dir, "/tmp/af-%s-XXXXXX", plugin);
  assert_non_null(mkdtemp(f->dir));
  f->p = mock_load(plugin);
  assert_non_null(f->p);
  if (third) {
    f->docs[0] = mock_doc_new("doc-a", 1, 2, "alpha");
    f->docs[1] = mock_doc_new("doc-b", 1, 0, "beta");
    f->docs[2] = mock_doc_new("doc-c", 1, 3, third);
  }
  return f;
}

/* cmocka teardown: unload, free the documents, remove the directory; the
 * next test starts with an empty state store. */
static inline int fixture_teardown(void **state) {
  fixture *f = *state;
  mock_unload(f->p, f->ctx);
  for (int i = 0; i < 3; i++)
    if (f->docs[i])
      mock_doc_free(f->docs[i]);
  char cmd[160];
  snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
  assert_int_equal(system(cmd), 0);
  mock_reset();
  mock_state_clear();
  free(f);
  return 0;
}

/* A test entry on a fresh fixture: the test file's own `setup`, then
 * fixture_teardown, around each test. */
#define fixture_test(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

/* Creates an instance from `kv` (NULL-ended), which must succeed, and
 * starts it, which must return `want`. */
static inline void fixture_create_start_rc(fixture *f, const char *const *kv,
                                           int want) {
  f->ctx = mock_create(f->p, kv, NULL);
  assert_non_null(f->ctx);
  assert_int_equal(f->p->start(mock_inst(), f->ctx), want);
}

/* Creates an instance from `kv` and starts it; both must succeed. */
static inline void fixture_create_start(fixture *f, const char *const *kv) {
  fixture_create_start_rc(f, kv, 0);
}

/* Creates an instance with "path=PATH" and then `extra` (NULL-ended, may
 * be empty), which must succeed, and starts it, which must return `want`. */
static inline void fixture_start_rc(fixture *f, const char *path,
                                    const char *const *extra, int want) {
  char kvpath[160];
  const char *kv[8] = {kvpath};
  size_t n = 1;
  snprintf(kvpath, sizeof kvpath, "path=%s", path);
  for (; extra && *extra && n < 7; extra++)
    kv[n++] = *extra;
  kv[n] = NULL;
  fixture_create_start_rc(f, kv, want);
}

/* fixture_start_rc that must start. */
static inline void fixture_start(fixture *f, const char *path,
                                 const char *const *extra) {
  fixture_start_rc(f, path, extra, 0);
}

/* Creating an instance from `kv` is refused as a configuration error and
 * the log has `logged` (what names the bad value). */
static inline void fixture_refused(fixture *f, const char *const *kv,
                                   const char *logged) {
  int rc = 0;
  assert_null(mock_create(f->p, kv, &rc));
  assert_int_equal(rc, AF_ECONFIG);
  assert_true(mock_log_has(logged));
}

/* The whole of a sink's output file, NUL-terminated and malloc'd, gzip
 * members inflated (gzread passes a plain file through); its length in
 * *len when len is not NULL. */
static inline char *fixture_slurp(const char *path, size_t *len) {
  gzFile gz = gzopen(path, "rb");
  assert_non_null(gz);
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  assert_non_null(buf);
  int r;
  while ((r = gzread(gz, buf + n, (unsigned)(cap - n - 1))) > 0) {
    n += (size_t)r;
    if (cap - n < 2) {
      cap *= 2;
      char *nb = realloc(buf, cap);
      assert_non_null(nb);
      buf = nb;
    }
  }
  assert_int_equal(r, 0);
  gzclose(gz);
  buf[n] = '\0';
  if (len)
    *len = n;
  return buf;
}

/* Hands batch b to the sink and runs the pool: nothing may be acknowledged
 * before the pool job has synced the bytes, and then exactly once. */
static inline void fixture_write_batch(fixture *f, af_batch *b) {
  assert_int_equal(f->p->write(mock_inst(), f->ctx, b), 0);
  assert_int_equal(b->done_calls, 0);
  mock_run();
  assert_int_equal(b->done_calls, 1);
}

/* The first n documents as one batch through fixture_write_batch; its
 * verdict. */
static inline int fixture_write_first(fixture *f, size_t n) {
  af_batch b = {.docs = (const af_document *const *)f->docs, .n = n};
  fixture_write_batch(f, &b);
  return b.verdict;
}

/* Two batches (all three documents, then the first again) queued before
 * the pool runs: both acknowledged, and the file begins as gzip. */
static inline void fixture_write_two_gzip_batches(fixture *f) {
  af_batch b1 = {.docs = (const af_document *const *)f->docs, .n = 3};
  af_batch b2 = {.docs = (const af_document *const *)f->docs, .n = 1};
  assert_int_equal(f->p->write(mock_inst(), f->ctx, &b1), 0);
  assert_int_equal(f->p->write(mock_inst(), f->ctx, &b2), 0);
  mock_run();
  assert_int_equal(b1.verdict, AF_DONE);
  assert_int_equal(b2.verdict, AF_DONE);
  FILE *raw = fopen(f->path, "rb");
  assert_non_null(raw);
  unsigned char magic[2];
  assert_int_equal(fread(magic, 1, 2, raw), 2);
  fclose(raw);
  assert_int_equal(magic[0], 0x1f);
  assert_int_equal(magic[1], 0x8b);
}

/* stop() with a batch (the three documents) still on the pool answers 1
 * and waits: the batch is acknowledged, then api->stopped comes, once. */
static inline void fixture_check_stop_drains(fixture *f) {
  af_batch b = {.docs = (const af_document *const *)f->docs, .n = 3};
  assert_int_equal(f->p->write(mock_inst(), f->ctx, &b), 0);
  assert_int_equal(f->p->stop(mock_inst(), f->ctx), 1);
  assert_int_equal(mock_stopped_calls(), 0);
  mock_run();
  assert_int_equal(b.verdict, AF_DONE);
  assert_int_equal(mock_stopped_calls(), 1);
}

/* After one batch, a second that does not fit under the file size limit
 * (RLIMIT_FSIZE 40 bytes above the file) fails with -EFBIG and leaves the
 * file as it was. */
static inline void fixture_check_too_big_rolled_back(fixture *f) {
  af_batch b1 = {.docs = (const af_document *const *)f->docs, .n = 1};
  fixture_write_batch(f, &b1);
  assert_int_equal(b1.verdict, AF_DONE);
  struct stat st;
  assert_int_equal(stat(f->path, &st), 0);
  off_t before = st.st_size;
  struct rlimit old, lim;
  assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
  lim = old;
  lim.rlim_cur = (rlim_t)before + 40;
  signal(SIGXFSZ, SIG_IGN);
  assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
  af_batch b2 = {.docs = (const af_document *const *)f->docs, .n = 3};
  fixture_write_batch(f, &b2);
  assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
  assert_int_equal(b2.verdict, -EFBIG);
  assert_int_equal(stat(f->path, &st), 0);
  assert_int_equal(st.st_size, before);
}

/* An output `name` below a regular file (which fails even for root): the
 * instance is created, start fails, and the log names `event` and the
 * path. */
static inline void fixture_check_open_failure(fixture *f, const char *name,
                                              const char *event) {
  char plain[128], kvpath[200];
  snprintf(plain, sizeof plain, "%s/plain", f->dir);
  FILE *fp = fopen(plain, "w");
  assert_non_null(fp);
  fclose(fp);
  snprintf(kvpath, sizeof kvpath, "path=%s/%s", plain, name);
  const char *kv[] = {kvpath, NULL};
  f->ctx = mock_create(f->p, kv, NULL);
  assert_non_null(f->ctx);
  assert_true(f->p->start(mock_inst(), f->ctx) < 0);
  assert_true(mock_log_has(event));
  assert_true(mock_log_has(kvpath + 5));
}

/* The mock network answers `url` with `body` (borrowed until the fetch)
 * of `content_type`. */
static inline void respond_body(const char *url, const char *content_type,
                                const char *body) {
  mock_response r = {.content_type = content_type, .body = body};
  mock_respond(url, &r);
}

/* The mock network fails `url` with `err` (and HTTP `status`, or 0). */
static inline void respond_error(const char *url, int err, long status) {
  mock_response r = {.err = err, .status = status};
  mock_respond(url, &r);
}

/* The time `days` ago in strftime `format` (UTC), as a feed or sitemap
 * would write it. */
static inline void days_ago(char *buf, size_t cap, int days,
                            const char *format) {
  time_t t = time(NULL) - (time_t)days * 86400;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, cap, format, &tm);
}

#endif /* AF_PLUGIN_FIXTURE_H */
