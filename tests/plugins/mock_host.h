/* A stand-in for the auditfeed core, enough to drive one plugin through its
 * real entry point: an af_api table, config filling from the plugin's own
 * schema, an offload queue run on demand, and capture of everything the
 * plugin hands back (log lines, emitted documents, batch verdicts).
 *
 * Single-threaded and single-instance on purpose: tests call mock_run() to
 * play the thread pool, which makes the order of callbacks deterministic.
 */
#ifndef AF_TEST_MOCK_HOST_H
#define AF_TEST_MOCK_HOST_H

#include <auditfeed/plugin.h>

typedef struct mock_emitted {
  char *url;
  char *content_type; /* NULL when no body was set */
  char *body;
  size_t len;
  char *fields; /* "key=value\n" per doc_set call, in order */
} mock_emitted;

struct af_batch {
  const af_document *const *docs;
  size_t n;
  int done_calls;
  int verdict;
};

const af_api *mock_api(void);
af_inst *mock_inst(void);

/* dlopens $AF_BUILD_DIR/plugins/af_<name>.so; NULL on failure. */
const af_plugin *mock_load(const char *name);
/* dlopens `path` and checks that the plugin calls itself `name`. */
const af_plugin *mock_load_path(const char *path, const char *name);
/* Fills a fresh ctx from "key=value" strings (NULL-terminated) and the
 * schema's defaults, then calls create.  NULL if a required key is missing
 * or create refused (its return is stored in *rc when rc is given). */
void *mock_create(const af_plugin *p, const char *const *kv, int *rc);
/* stop (waiting for api->stopped if needed), destroy, free ctx, dlclose. */
void mock_unload(const af_plugin *p, void *ctx);

/* Runs queued offload jobs (work, then done) until none is left. */
void mock_run(void);

const char *mock_log(void);
int mock_log_has(const char *needle);

size_t mock_n_emitted(void);
const mock_emitted *mock_emitted_at(size_t i);
/* emit() answers 1 ("pipeline full") on the n-th call (1-based); 0: never. */
void mock_set_emit_full_at(size_t n);
int mock_source_done_calls(void);
long mock_source_failed(void);
int mock_stopped_calls(void);

/* Test documents: `id` with `n_findings` findings whose text mentions
 * `tag`, so a revision can be told apart from the original. */
af_document *mock_doc_new(const char *id, int revision, size_t n_findings, const char *tag);
void mock_doc_free(af_document *doc);

/* Resets captured output (log, emitted, counters). */
void mock_reset(void);

#endif
