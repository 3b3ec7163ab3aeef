/* Engine internals, shared by the files of one module: engine.c (the
 * scheduler, pump()), sinks.c (batches, verdicts, spool), validators.c
 * (HTTP validators on commit), api.c (the host table plugins call) and
 * isolate.c (a source in a child process).  Not for plugins.
 *
 * Why the files call each other both ways (the import circle): they are
 * one state machine split by topic, not layers.  Plugins' calls arrive in
 * api.c, sinks.c or isolate.c, which only record what happened and call
 * af__engine_kick(); engine.c's pump() alone decides what runs next and
 * calls back into them.  The cycle is therefore "event in, kick, pump
 * out", never re-entrant (see engine.c). */
#ifndef AF_ENGINE_INT_H
#define AF_ENGINE_INT_H

#include <uv.h>

#include "catalogue.h"
#include "doc.h"
#include "engine.h"
#include "metrics.h"
#include "state.h"

typedef struct af__doc_ref af__doc_ref;

/* A spool file being delivered to its sink (see spool.h). */
struct af__spool_file {
  char *path;
  size_t remaining; /* its documents the sink has not answered for yet */
  int failed;       /* one of them failed again: the file stays */
};

/* A document on its way to sinks: shared by every sink it goes to. */
struct af__doc_ref {
  af__doc *doc;
  int refs;
  int failed; /* some sink could not commit it */
  struct af__spool_file *from; /* read back from this sink's spool */
};

typedef struct af__doc_fifo {
  af__doc_ref **v;
  size_t head, n, cap;
} af__doc_fifo;

/* Where a batch stands: handed to the sink's write(), then its verdict,
 * which the engine acts on in af__engine_finish_batch. */
enum af__batch_state {
  AF_BATCH_WRITING = 0, /* with the sink, no verdict yet */
  AF_BATCH_COMMITTED,   /* AF_DONE: the sink committed it */
  AF_BATCH_RETRY,       /* AF_RETRY: write it again after a backoff */
  AF_BATCH_FAILED       /* refused, or its retries spent: `error` says why */
};

struct af_batch {
  struct af_inst *sink;
  af__doc_ref **docs;
  size_t n;
  enum af__batch_state state;
  int attempts; /* retries the sink asked for so far */
  int error;    /* AF_E* when AF_BATCH_FAILED */
};

typedef struct af__src_core {
  const char *dedup;
  int isolate;
  const char *schedule; /* a duration or a cron expression (cron.h) */
  const char *log_level;
} af__src_core;

typedef struct af__sink_core {
  const char *match;
  long batch_size;
  long flush_ms;
  long retries;
  const char *log_level;
} af__sink_core;

struct af_inst {
  af__engine *eng;
  const af__module *mod;
  const af_plugin *p;
  af_plugin proxy; /* isolate = true: the plugin's descriptor, run remotely */
  af__cfg_section *sec;
  const char *name;
  int kind;
  void *ctx;
  af__opt_lists lists;
  int created, started, stopping, stopped;

  /* sources */
  af__src_core src;
  af__http_limits limits;
  af__opt_lists limit_lists;
  int dedup;
  int done;      /* source_done called */
  int paused;    /* emit returned 1; waiting for resume */
  long failed;
  long emitted;
  long fetches;  /* in flight */

  /* sinks */
  af__sink_core snk;
  af__doc_fifo queue;
  struct af_batch *inflight;
  uv_timer_t retry_timer;
  int retry_timer_init;
  long written, sink_failed;
  int flush_due;   /* a partial batch has waited flush_interval */
  long wait_ticks;
  /* the sink's spool: files found at start, delivered one at a time */
  char **spool_files;
  size_t n_spool_files, next_spool;
  struct af__spool_file *spool_cur;
  int spool_blocked; /* the sink failed again: leave the rest for later */

  af__inst_metrics m; /* this run's counts (metrics.c) */

  /* engine = nats: the context as configured, before create, so a seed
   * can run the source again from scratch (dist_hooks.c) */
  void *ctx_init;
};

/* reports_run.c: the run's NAO reports and the misquote check. */
int af__engine_reports_open(af__engine *e);
void af__engine_reports_close(af__engine *e);
void af__engine_reports_snapshot(af__engine *e, af__doc *d);
void af__engine_reports_route(af__engine *e, af__doc *d);

struct af__engine {
  uv_loop_t loop;
  af__engine_opts opts;
  af__state *state;
  af__http *http;
  af__norm_rules *rules;
  struct af_inst *inst;
  size_t n_inst;
  af__config *cfg;

  uv_idle_t pump;
  int pump_on;
  uv_timer_t flush_timer;
  uv_timer_t progress_timer;
  uv_timer_t watchdog;
  uv_signal_t sig_int, sig_term, sig_hup, sig_usr1;
  int signals_on; /* the four above are open (closed by af__engine_free) */
  uint64_t rng;    /* jitter of sink batch retries (af__backoff_ms) */

  af__doc_fifo waiting;   /* emitted, waiting for a pool slot */
  size_t in_pool;        /* being processed on the pool */
  size_t pool_limit;
  size_t in_flight;      /* emitted and not yet freed */
  int saturated;
  int stopping;
  int finished;
  int spool_phase; /* sinks deliver their spools before sources start */
  int sources_held; /* sources waiting for the report sources (AF_PLUGIN_REPORTS) */

  /* documents already routed in this run: id -> content hash */
  struct { char *id; char *hash; } *seen;
  size_t seen_cap, seen_n;

  /* validators of fetches that became no document (feed listings,
   * sitemaps): stored only when the run ends cleanly */
  struct af__pending_validator { char *url, *etag, *last_modified; } *pending;
  size_t n_pending, cap_pending;

  af__catalogue catalogue; /* NAO reports findings link to (reports_run.c) */

  af__run_stats stats;
  uint64_t start_ms;
  struct af__timer_rec *timers;
  int64_t next_timer_id;
};

/* sinks.c */
int af__fifo_push(af__doc_fifo *q, af__doc_ref *r);
af__doc_ref *af__fifo_pop(af__doc_fifo *q);
void af__engine_doc_release(af__engine *e, af__doc *d);
void af__engine_ref_release(af__engine *e, af__doc_ref *r);
void af__engine_start_batch(struct af_inst *s);
void af__engine_finish_batch(struct af_inst *s);
/* Finds every sink's spool files and queues the first of each; returns 1
 * while some sink still has spooled documents to deliver. */
int af__engine_spool_begin(af__engine *e);
int af__engine_spool_busy(const af__engine *e);
void af__engine_spool_free(struct af_inst *s);
void af__engine_spool_unsent(struct af_inst *s);

/* validators.c: the only writer of HTTP validators.  save: a document's,
 * now that its sinks hold it; remember: a fetch's (the HTTP client's
 * on_validators), kept until store_pending at the end of a clean run. */
void af__engine_save_validators(af__engine *e, const af__doc *d);
void af__engine_remember_validators(const char *url, const char *etag,
                                   const char *last_modified, void *ud);
void af__engine_pending_free(af__engine *e);
void af__engine_store_pending_validators(af__engine *e);

/* engine_seen.c: 1 when `id` was already routed in this run with `hash`
 * (and remembers it otherwise). */
int af__engine_seen_check_add(af__engine *e, const char *id, const char *hash);

/* dry_run.c: run --dry-run prints the document a real run would deliver
 * (`outcome` new, revised or redelivered) with the sinks it would go to. */
void af__engine_dry_run_show(af__engine *e, const af__doc *d, const char *outcome,
                             int unchanged);

/* engine.c */
void af__engine_kick(af__engine *e);
int af__engine_emit(struct af_inst *inst, af__doc *doc);
void af__engine_source_done(struct af_inst *inst, long failed);
void af__engine_batch_done(struct af_inst *inst, struct af_batch *b, int verdict);
void af__engine_plugin_stopped(struct af_inst *inst);

/* engine_new.c: "source" or "sink", for messages. */
const char *af__engine_kind_word(int kind);

/* dist_hooks.c (engine = nats): a processed document that did not fail
 * goes to the worker's hooks instead of the sinks. */
void af__engine_dist_route(af__engine *e, af__doc_ref *r);

/* api.c: plugin timers */
struct af__timer_rec {
  uv_timer_t t;
  int64_t id;
  struct af_inst *inst;
  void (*cb)(af_inst *inst, void *ctx, void *ud);
  void *ud;
  struct af__timer_rec *next;
};
void af__api_cancel_timers(af__engine *e, struct af_inst *inst);

#endif /* AF_ENGINE_INT_H */
