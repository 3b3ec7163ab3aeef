/* Shared by the plugin tests (csv, jsonl, sqlite, files): a temp directory,
 * the plugin loaded through the mock core, and three documents for the
 * sinks.  Include after cmocka.h and mock_host.h. */
#ifndef AF_PLUGIN_FIXTURE_H
#define AF_PLUGIN_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* cmocka teardown: unload, free the documents, remove the directory. */
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
  free(f);
  return 0;
}

/* Creates an instance with "path=PATH" and then `extra` (NULL-ended, may
 * be empty) and starts it; both must succeed. */
static inline void fixture_start(fixture *f, const char *path,
                                 const char *const *extra) {
  char kvpath[160];
  const char *kv[8] = {kvpath};
  size_t n = 1;
  snprintf(kvpath, sizeof kvpath, "path=%s", path);
  for (; extra && *extra && n < 7; extra++)
    kv[n++] = *extra;
  kv[n] = NULL;
  f->ctx = mock_create(f->p, kv, NULL);
  assert_non_null(f->ctx);
  assert_int_equal(f->p->start(mock_inst(), f->ctx), 0);
}

/* Hands batch b to the sink and runs the pool: nothing may be acknowledged
 * before the pool job has synced the bytes, and then exactly once. */
static inline void fixture_write_batch(fixture *f, af_batch *b) {
  assert_int_equal(f->p->write(mock_inst(), f->ctx, b), 0);
  assert_int_equal(b->done_calls, 0);
  mock_run();
  assert_int_equal(b->done_calls, 1);
}

#endif /* AF_PLUGIN_FIXTURE_H */
