/* A stand-in for the auditfeed core, enough to drive one plugin through its
 * real entry point: an af_api table, config filling from the plugin's own
 * schema, an offload queue run on demand, HTTP answered from responses the
 * test registers per URL, timers, an in-memory state store, and capture of
 * everything the plugin hands back (log lines, emitted documents, batch
 * verdicts, the fetches it asked for).
 *
 * Single-threaded and single-instance on purpose: tests call mock_run() to
 * play the loop and the thread pool, which makes the order of callbacks
 * deterministic.  Like the real core, a fetch is never answered inside
 * api->fetch: its callback runs from mock_run()/mock_step().
 *
 * feed_parse, url_resolve and url_canonical are the core's own (af_core is
 * linked in): a plugin is tested against the parser it meets in a real run.
 */
#ifndef AF_TEST_MOCK_HOST_H
#define AF_TEST_MOCK_HOST_H

#include <auditfeed/plugin.h>

typedef struct mock_emitted {
  char *url;
  char *content_type; /* NULL when no body was set */
  char *body;
  size_t len;
  char *fields; /* "key=value\n" per doc_set call, "fallback:key=value\n"
                   per doc_set_fallback call, in order */
} mock_emitted;

/* A canned HTTP answer for one URL (mock_respond copies every string). */
typedef struct mock_response {
  int err;                  /* 0, or AF_ENET, AF_EHTTP, AF_ETIMEDOUT, ... */
  long status;              /* 0: 200 (or 304, or none for a network error) */
  const char *content_type; /* media type, e.g. "text/html" */
  const char *body;
  size_t len;               /* 0: strlen(body) */
  const char *etag, *last_modified;
  int not_modified;         /* 1: a conditional request gets a 304, a plain
                               one still gets the body (as a server would) */
  const char *final_url;    /* NULL: the URL as requested */
} mock_response;

/* One request the plugin made, in order (strings owned by the mock). */
typedef struct mock_fetch {
  char *url;
  int had_opts;             /* 0: the plugin passed NULL opts */
  int conditional, accept_any_status;
  char *accept;             /* NULL when none was given */
} mock_fetch;

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
/* stop (waiting for api->stopped if needed; skipped when mock_stop ran),
 * destroy, free ctx and config values, dlclose. */
void mock_unload(const af_plugin *p, void *ctx);
/* Calls the plugin's stop as the core does on a signal: from then on every
 * pending fetch is answered AF_ECANCELED.  Returns what stop returned. */
int mock_stop(const af_plugin *p, void *ctx);

/* Runs one queued event: an offload job (work, then done) or a fetch
 * answer, first in first out; when none is left, the timer due first.
 * Returns 0 when there was nothing to run. */
int mock_step(void);
/* mock_step() until nothing is left. */
void mock_run(void);

/* HTTP.  A URL nobody registered answers AF_EHTTP with status 404. */
void mock_respond(const char *url, const mock_response *r);
size_t mock_n_fetches(void);
const mock_fetch *mock_fetch_at(size_t i);
/* How many times `url` was requested. */
size_t mock_fetch_count(const char *url);
/* The last request for `url`, or NULL. */
const mock_fetch *mock_fetch_of(const char *url);
/* Fetches asked for and not yet answered. */
size_t mock_pending_fetches(void);

/* Timers started and not yet fired or cancelled. */
size_t mock_pending_timers(void);

/* The in-memory state store.  It outlives instances (a second instance
 * sees what the first stored, like a state directory across runs) and
 * mock_reset; mock_state_clear empties it. */
const char *mock_state(const char *key); /* borrowed, NULL when absent */
void mock_state_set(const char *key, const char *value);
void mock_state_clear(void);

const char *mock_log(void);
int mock_log_has(const char *needle);

size_t mock_n_emitted(void);
const mock_emitted *mock_emitted_at(size_t i);
/* The first document emitted for `url`, or NULL. */
const mock_emitted *mock_emitted_for(const char *url);
/* emit() answers 1 ("pipeline full") on the n-th call (1-based); 0: never. */
void mock_set_emit_full_at(size_t n);
int mock_source_done_calls(void);
long mock_source_failed(void);
int mock_stopped_calls(void);

/* Test documents: `id` with `n_findings` findings whose text mentions
 * `tag`, so a revision can be told apart from the original. */
af_document *mock_doc_new(const char *id, int revision, size_t n_findings, const char *tag);
void mock_doc_free(af_document *doc);

/* Resets captured output (log, emitted, counters, fetches made) and the
 * registered responses; not the state store. */
void mock_reset(void);

#endif
