/* auditfeed plugin ABI.
 *
 * A plugin is a shared object that exports one function, af_plugin_entry().
 * The core dlopen()s every .so in the plugin directory, calls that function
 * with its table of host services (af_api) and gets back the plugin's
 * descriptor (af_plugin).  Plugins link against nothing from the core: every
 * service they use is reached through the af_api pointer, so a plugin built
 * out of tree against these headers works with any core of the same ABI
 * major version.
 *
 * Versions.  The core loads a plugin when plugin.abi_major == AF_ABI_MAJOR
 * and plugin.abi_minor <= the core's AF_ABI_MINOR.  Both structs carry
 * their size; the core never reads past desc->size, and a plugin checks
 * api->size (AF_API_HAS) before calling a member added in a later minor.
 * The records a plugin reads (record.h, feed.h) follow the same rule
 * through their own `size` members and AF_HAS_MEMBER.
 *
 * RULE (since 2.0): members are only ever appended at the end of a struct,
 * each tagged "since 2.N", and the minor version goes up by one.  There are
 * no reserved slots: a slot given a meaning later could not be told from
 * an unused one by a plugin built before, whereas `size` always tells.
 * ABI 1 (records walked by array stride, nested records by value) is not
 * loaded: its plugins must be rebuilt against these headers.
 *
 * Threads.  Every callback runs on the core's event-loop thread and must
 * not block.  CPU-heavy work goes through api->offload: `work` runs on the
 * thread pool, `done` back on the loop.  Only services marked "any thread"
 * may be called from `work`.
 *
 * Ownership, the default rule: pointer arguments are borrowed for the
 * duration of the call; anything the core returns for the plugin to free is
 * freed with api->free.  Exceptions say "consumes" or "borrowed until".
 *
 * Errors: 0 or a count on success, a negative AF_E* code (errno.h) on
 * failure; api->strerror() gives the message.
 */
#ifndef AUDITFEED_PLUGIN_H
#define AUDITFEED_PLUGIN_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "errno.h"
#include "feed.h"
#include "record.h"

#define AF_ABI_MAJOR 2 /* changes only when old plugins can no longer work */
#define AF_ABI_MINOR 2 /* +1 whenever a member is appended to af_api/af_plugin */

#define AF_PLUGIN_ENTRY "af_plugin_entry" /* the only symbol the core looks up */

typedef struct af_inst af_inst;   /* one configured instance; opaque */
typedef struct af_docb af_docb;   /* a document being built by a source; opaque */
typedef struct af_batch af_batch; /* documents delivered to a sink; opaque */
typedef struct af_api af_api;

enum af_kind { AF_KIND_SOURCE = 1, AF_KIND_SINK = 2 };

enum af_level { AF_LOG_ERROR = 0, AF_LOG_WARN, AF_LOG_INFO, AF_LOG_DEBUG };

/* A sink's verdict on a batch, given to api->batch_done. */
enum af_verdict {
  AF_DONE = 0,  /* committed: the core records that this sink holds the batch */
  AF_RETRY = 1  /* not committed, try again later; a negative AF_E* = failed */
};

/* ---- configuration schema ------------------------------------------- */

enum af_opt_type {
  AF_OPT_STR = 1,  /* const char *          (NUL-terminated, owned by the core) */
  AF_OPT_INT,      /* long                                                      */
  AF_OPT_BOOL,     /* int, 0 or 1: true/false/yes/no/on/off/1/0                 */
  AF_OPT_MSEC,     /* long milliseconds: "250ms", "2s", "5m", "1h", or a bare ms */
  AF_OPT_SIZE,     /* size_t bytes: "512", "64k", "10M", "1G"                   */
  AF_OPT_LIST      /* af_strlist: the key may be repeated, each value appended  */
};

typedef struct af_strlist {
  const char *const *v; /* owned by the core, valid until destroy */
  size_t n;
} af_strlist;

/* A row of the plugin's config schema.  The core parses the user's values,
 * rejects unknown keys and bad types with file:line, and stores each value
 * at `offset` in a zeroed context of ctx_size bytes that it hands to every
 * callback.  Strings and lists stay owned by the core. */
typedef struct af_opt {
  const char *key;
  int type;             /* af_opt_type */
  int required;         /* 1: the instance is refused without it */
  const char *dflt;     /* default in the same syntax as the config file, or NULL */
  size_t offset;        /* offsetof(ctx struct, field) */
  const char *help;     /* one line */
} af_opt;

/* ---- HTTP ------------------------------------------------------------ */

/* Options for one fetch; a NULL pointer means "the source's defaults".
 * Limits (concurrency, delay, timeouts, body size, redirects, retries,
 * robots.txt) come from the source instance's configuration. */
typedef struct af_fetch_opts {
  size_t size;            /* sizeof(af_fetch_opts) */
  int conditional;        /* 1: send the stored ETag/Last-Modified, a 304 sets not_modified */
  int accept_any_status;  /* 1: deliver 4xx/5xx bodies instead of an error */
  const char *accept;     /* Accept header, or NULL */
  /* since 2.2.  NULL: the response comes to `cb`, in this process.  A
   * string: with engine = nats the core may hand the fetch to whichever
   * worker of the cluster is free: api->fetch then returns 1 and `cb`
   * never runs; that worker's instance of this source gets the response
   * through af_plugin.deliver with a copy of this tag.  So the tag must
   * say all the plugin needs to handle the response from it alone (a feed
   * item's title, date, author, summary), not point into memory.  Copied.
   * A plugin without `deliver` is always answered through `cb`. */
  const char *tag;
} af_fetch_opts;

/* Borrowed: valid only inside the callback. */
typedef struct af_response {
  size_t size;
  int err;                  /* 0, or AF_E*: AF_ENET, AF_ETIMEDOUT, AF_EHTTP, AF_EROBOTS, ... */
  const char *errmsg;       /* human-readable reason when err != 0 */
  long status;              /* HTTP status, 0 when no response */
  int not_modified;         /* 1: a conditional request got 304 */
  const char *url;          /* as requested */
  const char *final_url;    /* after redirects */
  const char *content_type; /* media type without parameters, lower-case */
  const char *charset;      /* as declared; the body is already UTF-8 for text types */
  const char *etag;
  const char *last_modified;
  const char *fetched;      /* ISO 8601 UTC */
  const char *body;         /* NUL-terminated for convenience; may contain NULs */
  size_t len;
  int attempts;
  double seconds;           /* total time, retries included */
  const char *trace_id;     /* the id the core's fetch log lines carry; a
                               document built from this response keeps it */
  long retry_after_ms;      /* the last response's Retry-After (429/5xx),
                               -1 when it had none */
} af_response;

typedef void (*af_fetch_cb)(af_inst *inst, void *ctx, const af_response *res,
                            void *ud);

/* ---- the host services ------------------------------------------------ */

struct af_api {
  uint32_t abi_major, abi_minor;
  size_t size; /* sizeof(af_api) of the running core */

  /* Logging, tagged with the instance name. (any thread) */
  void (*log)(af_inst *inst, int level, const char *event, const char *fmt, ...)
      __attribute__((format(printf, 4, 5)));
  const char *(*strerror)(int err); /* any thread */
  void (*free)(void *p);            /* any thread */
  const char *(*instance_name)(af_inst *inst); /* any thread */

  /* Documents (source side).  doc_new/doc_set/doc_set_body/doc_free may be
   * called from any thread; emit only on the loop. */
  af_docb *(*doc_new)(af_inst *inst, const char *url);
  /* Copies `value`.  Fields: title byline published publisher language
   * summary canonical_url final_url fetched doc_kind etag last_modified,
   * and "paragraph"/"heading"/"item" to append body blocks; since 2.2,
   * "comments" = "true" keeps the page's reader comments (paragraphs of
   * kind AF_PARA_COMMENT after the article; no findings come from them).
   * A value set
   * here wins over what the extractor finds in the body (see
   * doc_set_fallback for the opposite).  AF_EINVAL for an unknown field. */
  int (*doc_set)(af_docb *doc, const char *field, const char *value);
  /* Copies `body`.  The core extracts text from it on the thread pool:
   * text/html and application/xhtml+xml through the article extractor,
   * text/plain as lines (first non-empty line is the title). */
  int (*doc_set_body)(af_docb *doc, const char *content_type,
                      const char *body, size_t len);
  /* Copies the fetch provenance (status, final URL, validators, time). */
  int (*doc_set_response)(af_docb *doc, const af_response *res);
  /* Consumes `doc`, even on error.  Returns 0, or 1 when the pipeline is
   * full: the source should stop producing until its `resume` callback
   * runs (a source that keeps going is not refused, only slowed by fetch). */
  int (*emit)(af_inst *inst, af_docb *doc);
  void (*doc_free)(af_docb *doc); /* only for a doc that was never emitted */

  /* One source run is over: call once when nothing more will be emitted.
   * A one-shot `run` exits when every source has said so and the sinks
   * have drained. `failed` counts items the source gave up on. */
  void (*source_done)(af_inst *inst, long failed);

  /* HTTP through the core's shared client.  `url` is copied.  The callback
   * runs exactly once, on the loop, unless the run is stopping, in which
   * case it runs with err = AF_ECANCELED.  Returns 0, an AF_E* (the
   * callback will not run), or (since 2.2) 1 when opts->tag handed the
   * fetch to the cluster (see af_fetch_opts.tag): no callback either. */
  int (*fetch)(af_inst *inst, const char *url, const af_fetch_opts *opts,
               af_fetch_cb cb, void *ud);

  /* Timers: run `cb` after `ms` milliseconds (once).  Returns a timer id
   * > 0 or an error; timer_cancel(id) before it fires cancels it. */
  int64_t (*timer_start)(af_inst *inst, uint64_t ms,
                         void (*cb)(af_inst *inst, void *ctx, void *ud),
                         void *ud);
  void (*timer_cancel)(af_inst *inst, int64_t id);

  /* Work on the thread pool; `done` runs on the loop with status 0 or
   * AF_ECANCELED. */
  int (*offload)(af_inst *inst, void (*work)(void *ud),
                 void (*done)(af_inst *inst, void *ctx, void *ud, int status),
                 void *ud);

  /* Per-instance persistent state (survives runs).  state_get: 1 and
   * *out (free with api->free) when found, 0 when absent. */
  int (*state_get)(af_inst *inst, const char *key, char **out);
  int (*state_put)(af_inst *inst, const char *key, const char *value);

  /* Raw config access, for keys declared AF_OPT_LIST or read late.
   * Returns the idx-th value of key, or NULL. Borrowed until destroy. */
  const char *(*config_get)(af_inst *inst, const char *key, size_t idx);

  /* Sink side.  A batch is borrowed until batch_done(batch) is called,
   * which the sink must do exactly once per write, now or later.
   * batch_len and batch_doc may be called from any thread while the batch
   * is borrowed (they only read); batch_done only on the loop. */
  size_t (*batch_len)(const af_batch *batch);
  const af_document *(*batch_doc)(const af_batch *batch, size_t i);
  void (*batch_done)(af_inst *inst, af_batch *batch, int verdict);

  /* JSON of a record (the same text the jsonl sink writes), one line, no
   * trailing newline; free with api->free.  with_findings: embed the
   * document's findings array.  Any thread (they only read the record). */
  char *(*doc_to_json)(const af_document *doc, int with_findings);
  char *(*finding_to_json)(const af_document *doc, const af_finding *f);

  /* Completes a stop() that returned 1. */
  void (*stopped)(af_inst *inst);

  /* Parsing helpers (any thread).  feed_parse reads RSS 2.0, Atom, RSS 1.0
   * (RDF), JSON Feed (a body starting with '{') and sitemaps (urlset, sitemapindex; gzip-compressed bodies are
   * inflated) with network access and external entities disabled; *out is
   * freed with feed_free.  On error, err holds "what and where". */
  int (*feed_parse)(const char *body, size_t len, const char *base_url,
                    af_feed **out, char *err, size_t errlen);
  void (*feed_free)(af_feed *feed);
  /* Resolve `ref` against `base`; NULL on failure; free with api->free. */
  char *(*url_resolve)(const char *base, const char *ref);
  /* Canonical form: scheme/host lower-cased, default port, fragment and
   * tracking parameters (utm_*, fbclid, gclid, ...) removed. api->free. */
  char *(*url_canonical)(const char *url);

  /* Like doc_set, but weaker than the page: the value is used only when
   * the extractor finds nothing for the field (a feed item's title, date,
   * author or summary for the page it links to).  Copies `value`. */
  int (*doc_set_fallback)(af_docb *doc, const char *field, const char *value);

  /* since 2.1.  The core's one gzip reader (any thread): inflates a whole
   * gzip stream (every member, in order) or zlib stream, at most `max`
   * bytes out.  0 and *out: NUL-terminated (the NUL not counted in
   * *out_len), owned by the plugin, freed with api->free.  AF_EPARSE when
   * the data is corrupt or truncated (err says which; a truncated file is
   * never returned as a short text), AF_E2BIG beyond `max`, AF_ENOMEM.
   * Nothing is allocated on error. */
  int (*gunzip)(const void *in, size_t len, size_t max, char **out,
                size_t *out_len, char *err, size_t errlen);
  /* since 2.1.  The core's text decoder (any thread), the one fetched
   * bodies go through: the charset from a byte-order mark (dropped), then
   * `charset` (a Content-Type parameter, or NULL), then the text's own
   * declaration (<meta charset>, <?xml encoding?>, rewritten to utf-8);
   * HTML or plain text declaring nothing is UTF-8 when it is valid UTF-8,
   * else Windows-1252.  Undecodable bytes become U+FFFD, so the result is
   * always valid UTF-8.  `media_type` is lower-case without parameters
   * ("text/plain").  0 and *out (NUL-terminated, not counted in *out_len;
   * the plugin's, freed with api->free), or AF_ENOMEM. */
  int (*text_to_utf8)(const char *in, size_t len, const char *media_type,
                      const char *charset, char **out, size_t *out_len);
};

#define AF_API_HAS(api, member) \
  ((api)->size >= offsetof(af_api, member) + sizeof((api)->member))

/* ---- the plugin descriptor -------------------------------------------- */

typedef struct af_plugin {
  uint32_t abi_major, abi_minor; /* AF_ABI_MAJOR, AF_ABI_MINOR at build time */
  size_t size;                   /* sizeof(af_plugin) at build time */
  const char *name;              /* unique: [a-z0-9_-]+, used as -i/-o NAME */
  const char *version;           /* the plugin's own version */
  const char *summary;           /* one line for `auditfeed plugins` */
  int kind;                      /* af_kind */
  const af_opt *opts;            /* NULL-key-terminated schema, or NULL */
  size_t ctx_size;               /* the core callocs this and fills opts into it */

  /* Validate and allocate; no I/O that can block for long.  A non-zero
   * return refuses the instance (the core logs the message set by log). */
  int (*create)(af_inst *inst, void *ctx);
  /* Sources: begin producing (first fetches, timers). Sinks: open. */
  int (*start)(af_inst *inst, void *ctx);
  /* Stop producing / close: 0 = stopped now, 1 = call api->stopped later.
   * NULL: nothing to stop (as returning 0). */
  int (*stop)(af_inst *inst, void *ctx);
  /* Free everything create/start made (not ctx itself, nor config values).
   * NULL: they made nothing. */
  void (*destroy)(af_inst *inst, void *ctx);

  /* Sinks: take a batch; call api->batch_done(batch, verdict) exactly once. */
  int (*write)(af_inst *inst, void *ctx, af_batch *batch);
  /* Sinks: make everything written so far durable. */
  int (*flush)(af_inst *inst, void *ctx);
  /* Sources: the pipeline has room again after emit() returned 1. */
  void (*resume)(af_inst *inst, void *ctx);

  /* Optional (NULL: nothing to check).  Called by `check-config` after
   * create: check what can be checked without side effects (a database
   * path can be opened, a server answers, a directory is writable).  A
   * non-zero return fails the check; log the reason with api->log first.
   * Must not create, write or start anything; destroy follows. */
  int (*check)(af_inst *inst, void *ctx);

  /* since 2.1.  AF_PLUGIN_* bits, 0 for none. */
  uint32_t flags;

  /* since 2.2.  Optional: the response to a fetch this source (or another
   * worker's instance of it) made with af_fetch_opts.tag, and a copy of
   * that tag (engine = nats).  Same rules as a fetch callback (loop
   * thread, borrowed response, errors in res->err); may emit documents.
   * The instance may not have been started in this process: work from
   * `res` and `tag` alone. */
  void (*deliver)(af_inst *inst, void *ctx, const af_response *res,
                  const char *tag);
} af_plugin;

/* A source that never calls api->fetch (it reads local files): the core
 * neither offers nor accepts the HTTP keys (robots, delay, user_agent, ...)
 * for it, and refuses its fetches. */
#define AF_PLUGIN_NO_FETCH 1u
/* since 2.2.  A source of the reports news cites (the nao source): in a
 * run, the core starts it first and the other sources once its documents
 * are processed, so news met in the same run is linked to its reports and
 * checked against them.  A core older than 2.2 ignores the bit. */
#define AF_PLUGIN_REPORTS 2u

/* The members every descriptor begins with, stamped with the headers it
 * is built against (the loader compares them), then what it is:
 *   static const af_plugin desc = {
 *       AF_PLUGIN_INIT("csv", "1.0", "rows per finding", AF_KIND_SINK),
 *       .opts = opts, .create = create, ...};  */
#define AF_PLUGIN_INIT(name_, version_, summary_, kind_)                     \
  .abi_major = AF_ABI_MAJOR, .abi_minor = AF_ABI_MINOR,                      \
  .size = sizeof(af_plugin), .name = (name_), .version = (version_),         \
  .summary = (summary_), .kind = (kind_)

#define AF_EXPORT __attribute__((visibility("default")))

typedef const af_plugin *(*af_plugin_entry_fn)(const af_api *host);

/* Declares the plugin's entry point and a file-local `af` pointer to the
 * host services:   AF_PLUGIN(my_descriptor)   at the end of the plugin. */
#define AF_PLUGIN(desc)                                                      \
  static const af_api *af;                                                   \
  AF_EXPORT const af_plugin *af_plugin_entry(const af_api *host);            \
  AF_EXPORT const af_plugin *af_plugin_entry(const af_api *host) {           \
    af = host;                                                               \
    return &(desc);                                                          \
  }

/* Use before the descriptor when callbacks need `af` (declares it early). */
#define AF_PLUGIN_HOST static const af_api *af

#endif /* AUDITFEED_PLUGIN_H */
