/* jsonl sink through its real entry point, driven by the mock core. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "mock_host.h"
#include "plugin_fixture.h"

static int setup(void **state) {
  *state = fixture_new("jsonl", "gamma");
  return 0;
}

static void open_sink(fixture *f, const char *name, const char *records) {
  char rec_kv[64];
  snprintf(f->path, sizeof f->path, "%s/%s", f->dir, name);
  snprintf(rec_kv, sizeof rec_kv, "records=%s", records);
  fixture_start(f, f->path, (const char *const[]){rec_kv, NULL});
}

/* Counts lines and checks that each is a JSON object. */
static size_t count_json_lines(const char *text) {
  size_t n = 0;
  const char *p = text;
  while (*p) {
    const char *nl = strchr(p, '\n');
    assert_non_null(nl); /* no partial last line */
    json_error_t err;
    json_t *j = json_loadb(p, (size_t)(nl - p), 0, &err);
    assert_non_null(j);
    assert_true(json_is_object(j));
    json_decref(j);
    n++;
    p = nl + 1;
  }
  return n;
}

static void test_documents_lines(void **state) {
  fixture *f = *state;
  open_sink(f, "out/docs.jsonl", "documents");
  assert_int_equal(fixture_write_first(f, 3), AF_DONE);
  fixture_write_first(f, 2);

  char *text = fixture_slurp(f->path, NULL); /* gzread passes plain files through */
  assert_int_equal(count_json_lines(text), 5);
  assert_non_null(strstr(text, "\"findings\""));
  assert_non_null(strstr(text, "doc-a-f1-alpha"));
  free(text);
}

static void test_findings_lines(void **state) {
  fixture *f = *state;
  open_sink(f, "findings.jsonl", "findings");
  assert_int_equal(fixture_write_first(f, 3), AF_DONE);
  char *text = fixture_slurp(f->path, NULL);
  assert_int_equal(count_json_lines(text), 5); /* 2 + 0 + 3 findings */
  assert_non_null(strstr(text, "\"doc_id\":\"doc-c\""));
  free(text);

  /* A batch without findings writes nothing and is acknowledged at once. */
  af_batch none = {.docs = (const af_document *const *)&f->docs[1], .n = 1};
  assert_int_equal(f->p->write(mock_inst(), f->ctx, &none), 0);
  assert_int_equal(none.done_calls, 1);
  assert_int_equal(none.verdict, AF_DONE);
}

static void test_gzip_members(void **state) {
  fixture *f = *state;
  open_sink(f, "docs.jsonl.gz", "documents");
  /* Two batches queued before the pool runs: written in order. */
  fixture_write_two_gzip_batches(f);
  char *text = fixture_slurp(f->path, NULL);
  assert_int_equal(count_json_lines(text), 4);
  free(text);
}

static void test_disk_full(void **state) {
  fixture *f = *state;
  const char *kv[] = {"path=/dev/full", NULL};
  f->ctx = mock_create(f->p, kv, NULL);
  assert_non_null(f->ctx);
  assert_int_equal(f->p->start(mock_inst(), f->ctx), 0);
  af_batch b = {.docs = (const af_document *const *)f->docs, .n = 3};
  fixture_write_batch(f, &b);
  assert_true(b.verdict < 0);
  assert_int_equal(b.verdict, AF_ENOSPC);
  assert_true(mock_log_has("jsonl.write_failed"));
  assert_true(mock_log_has("/dev/full"));
  assert_true(mock_log_has(strerror(ENOSPC)));
}

/* A batch that only half fits is cut back out: the file ends where the
 * previous batch ended, never in a partial line. */
static void test_partial_write_rolled_back(void **state) {
  fixture *f = *state;
  open_sink(f, "limited.jsonl", "documents");
  fixture_check_too_big_rolled_back(f);
  assert_true(mock_log_has("jsonl.write_failed"));
  char *text = fixture_slurp(f->path, NULL);
  assert_int_equal(count_json_lines(text), 1);
  free(text);
}

static void test_open_failure(void **state) {
  fixture *f = *state;
  fixture_check_open_failure(f, "out.jsonl", "jsonl.open_failed");
}

static void test_bad_records_option(void **state) {
  fixture *f = *state;
  const char *kv[] = {"path=/tmp/x.jsonl", "records=everything", NULL};
  fixture_refused(f, kv, "records=everything");
}

static void test_partial_line_dropped_at_start(void **state) {
  fixture *f = *state;
  char path[128];
  snprintf(path, sizeof path, "%s/crashed.jsonl", f->dir);
  FILE *fp = fopen(path, "w");
  assert_non_null(fp);
  fputs("{\"a\":1}\n{\"b\":", fp);
  fclose(fp);
  open_sink(f, "crashed.jsonl", "documents");
  assert_true(mock_log_has("jsonl.partial_line_removed"));
  fixture_write_first(f, 1);
  char *text = fixture_slurp(path, NULL);
  assert_int_equal(count_json_lines(text), 2);
  assert_memory_equal(text, "{\"a\":1}\n", 8);
  free(text);
}

/* stop() with a batch still on the pool waits for it, then reports. */
static void test_stop_drains(void **state) {
  fixture *f = *state;
  open_sink(f, "drain.jsonl", "documents");
  fixture_check_stop_drains(f);
}

/* With fsync off the batch is still acknowledged after the write, and
 * flush is where the data is synced. */
static void test_no_fsync_flushes_on_request(void **state) {
  fixture *f = *state;
  snprintf(f->path, sizeof f->path, "%s/nosync.jsonl", f->dir);
  fixture_start(f, f->path, (const char *const[]){"fsync=false", NULL});
  assert_int_equal(fixture_write_first(f, 2), AF_DONE);
  assert_int_equal(f->p->flush(mock_inst(), f->ctx), 0);
  char *text = fixture_slurp(f->path, NULL);
  assert_int_equal(count_json_lines(text), 2);
  free(text);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      fixture_test(test_documents_lines),
      fixture_test(test_findings_lines),
      fixture_test(test_gzip_members),
      fixture_test(test_disk_full),
      fixture_test(test_partial_write_rolled_back),
      fixture_test(test_open_failure),
      fixture_test(test_bad_records_option),
      fixture_test(test_partial_line_dropped_at_start),
      fixture_test(test_stop_drains),
      fixture_test(test_no_fsync_flushes_on_request),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
