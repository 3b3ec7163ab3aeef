/* contrib/plugin-template through its real entry point. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "mock_host.h"

/* The template plugin as built in this tree, loaded through the mock core. */
static const af_plugin *load_template(void) {
  const af_plugin *p = mock_load_path(AF_TEMPLATE_SO, "template");
  assert_non_null(p);
  return p;
}

/* Unloads it and clears what the mock core recorded for the next test. */
static void unload_template(const af_plugin *p, void *ctx) {
  mock_unload(p, ctx);
  mock_reset();
}

static void test_emits_count_then_done(void **state) {
  const af_plugin *p = load_template();
  assert_int_equal(p->kind, AF_KIND_SOURCE);
  const char *kv[] = {"count=3", "message=Audit office sample", NULL};
  void *ctx = mock_create(p, kv, NULL);
  assert_non_null(ctx);
  assert_int_equal(p->start(mock_inst(), ctx), 0);
  assert_int_equal(mock_n_emitted(), 3);
  assert_int_equal(mock_source_done_calls(), 1);
  assert_int_equal(mock_source_failed(), 0);
  const mock_emitted *e = mock_emitted_at(2);
  assert_string_equal(e->url, "template:message/3");
  assert_string_equal(e->content_type, "text/plain");
  assert_non_null(strstr(e->body, "Audit office sample"));
  unload_template(p, ctx);
}

static void test_backpressure_and_resume(void **state) {
  const af_plugin *p = load_template();
  const char *kv[] = {"count=4", NULL};
  void *ctx = mock_create(p, kv, NULL);
  assert_non_null(ctx);
  mock_set_emit_full_at(2);
  assert_int_equal(p->start(mock_inst(), ctx), 0);
  assert_int_equal(mock_n_emitted(), 2);
  assert_int_equal(mock_source_done_calls(), 0);
  p->resume(mock_inst(), ctx);
  assert_int_equal(mock_n_emitted(), 4);
  assert_int_equal(mock_source_done_calls(), 1);
  p->resume(mock_inst(), ctx); /* a late resume must not report twice */
  assert_int_equal(mock_source_done_calls(), 1);
  unload_template(p, ctx);
}

static void test_negative_count_refused(void **state) {
  const af_plugin *p = load_template();
  const char *kv[] = {"count=-1", NULL};
  int rc = 0;
  assert_null(mock_create(p, kv, &rc));
  assert_int_equal(rc, AF_ECONFIG);
  assert_true(mock_log_has("template.bad_option"));
  unload_template(p, NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_emits_count_then_done),
      cmocka_unit_test(test_backpressure_and_resume),
      cmocka_unit_test(test_negative_count_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
