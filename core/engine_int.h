/* Engine internals shared by engine.c (scheduling) and api.c (the host
 * table plugins call).  Not for plugins. */
#ifndef AF_ENGINE_INT_H
#define AF_ENGINE_INT_H

#include <uv.h>

#include "doc.h"
#include "engine.h"
#include "state.h"

typedef struct af_doc_ref af_doc_ref;

/* A spool file being delivered to its sink (see spool.h). */
struct af_spool_file {
  char *path;
  size_t remaining; /* its documents the sink has not answered for yet */
  int failed;       /* one of them failed again: the file stays */
};

/* A document on its way to sinks: shared by every sink it goes to. */
struct af_doc_ref {
  af_doc *doc;
  int refs;
  int failed; /* some sink could not commit it */
  struct af_spool_file *from; /* read back from this sink's spool */
};

typedef struct af_doc_fifo {
  af_doc_ref **v;
  size_t head, n, cap;
} af_doc_fifo;

struct af_batch {
  struct af_inst *sink;
  af_doc_ref **docs;
  size_t n;
  int done;
  int attempts;
};

typedef struct af_src_core {
  const char *dedup;
  int isolate;
  long schedule_ms;
  const char *log_level;
} af_src_core;

typedef struct af_sink_core {
  const char *match;
  long batch_size;
  long flush_ms;
  long retries;
  const char *log_level;
} af_sink_core;

struct af_inst {
  af_engine *eng;
  const af_module *mod;
  const af_plugin *p;
  af_plugin proxy; /* isolate = true: the plugin's descriptor, run remotely */
  af_cfg_section *sec;
  const char *name;
  int kind;
  void *ctx;
  af_opt_lists lists;
  int created, started, stopping, stopped;

  /* sources */
  af_src_core src;
  af_http_limits limits;
  af_opt_lists limit_lists;
  int dedup;
  int done;      /* source_done called */
  int paused;    /* emit returned 1; waiting for resume */
  long failed;
  long emitted;
  long fetches;  /* in flight */

  /* sinks */
  af_sink_core snk;
  af_doc_fifo queue;
  struct af_batch *inflight;
  uv_timer_t retry_timer;
  int retry_timer_init;
  long written, sink_failed;
  int flush_due;   /* a partial batch has waited flush_interval */
  long wait_ticks;
  /* the sink's spool: files found at start, delivered one at a time */
  char **spool_files;
  size_t n_spool_files, next_spool;
  struct af_spool_file *spool_cur;
  int spool_blocked; /* the sink failed again: leave the rest for later */
};

struct af_engine {
  uv_loop_t loop;
  af_engine_opts opts;
  af_state *state;
  af_http *http;
  af_norm_rules *rules;
  struct af_inst *inst;
  size_t n_inst;
  af_config *cfg;

  uv_idle_t pump;
  int pump_on;
  uv_timer_t flush_timer;
  uv_timer_t progress_timer;
  uv_timer_t watchdog;
  uv_signal_t sig_int, sig_term, sig_hup, sig_usr1;

  af_doc_fifo waiting;   /* emitted, waiting for a pool slot */
  size_t in_pool;        /* being processed on the pool */
  size_t pool_limit;
  size_t in_flight;      /* emitted and not yet freed */
  int saturated;
  int stopping;
  int finished;
  int spool_phase; /* sinks deliver their spools before sources start */

  /* documents already routed in this run: id -> content hash */
  struct { char *id; char *hash; } *seen;
  size_t seen_cap, seen_n;

  /* validators of fetches that became no document (feed listings,
   * sitemaps): stored only when the run ends cleanly */
  struct af_pending_validator { char *url, *etag, *last_modified; } *pending;
  size_t n_pending, cap_pending;

  af_run_stats stats;
  uint64_t start_ms;
  struct af_timer_rec *timers;
  int64_t next_timer_id;
};

/* engine_sink.c */
int af_fifo_push(af_doc_fifo *q, af_doc_ref *r);
af_doc_ref *af_fifo_pop(af_doc_fifo *q);
void af_engine_doc_release(af_engine *e, af_doc *d);
void af_engine_ref_release(af_engine *e, af_doc_ref *r);
void af_engine_save_validators(af_engine *e, const af_doc *d);
void af_engine_remember_validators(const char *url, const char *etag,
                                   const char *last_modified, void *ud);
void af_engine_pending_free(af_engine *e);
void af_engine_store_pending_validators(af_engine *e);
void af_engine_start_batch(struct af_inst *s);
void af_engine_finish_batch(struct af_inst *s);
/* Finds every sink's spool files and queues the first of each; returns 1
 * while some sink still has spooled documents to deliver. */
int af_engine_spool_begin(af_engine *e);
int af_engine_spool_busy(const af_engine *e);
void af_engine_spool_free(struct af_inst *s);
void af_engine_spool_unsent(struct af_inst *s);

/* engine_seen.c: 1 when `id` was already routed in this run with `hash`
 * (and remembers it otherwise). */
int af_engine_seen_check_add(af_engine *e, const char *id, const char *hash);

/* engine.c */
void af_engine_kick(af_engine *e);
int af_engine_emit(struct af_inst *inst, af_doc *doc);
void af_engine_source_done(struct af_inst *inst, long failed);
void af_engine_batch_done(struct af_inst *inst, struct af_batch *b, int verdict);
void af_engine_plugin_stopped(struct af_inst *inst);

/* api.c: plugin timers */
struct af_timer_rec {
  uv_timer_t t;
  int64_t id;
  struct af_inst *inst;
  void (*cb)(af_inst *inst, void *ctx, void *ud);
  void *ud;
  struct af_timer_rec *next;
};
void af_api_cancel_timers(af_engine *e, struct af_inst *inst);

#endif /* AF_ENGINE_INT_H */
