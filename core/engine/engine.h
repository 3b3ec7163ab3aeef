/* The engine: one libuv loop that runs source instances, processes their
 * documents on the thread pool (extract, ids, normalise), tracks them in
 * the state store, and delivers batches to every sink whose `match`
 * selects the source, with bounded queues so a slow sink slows the
 * sources instead of growing memory.
 *
 * Ownership: the engine owns the instances, their contexts and the
 * documents in flight; it borrows the config and the registry, which must
 * outlive it.
 */
#ifndef AF_ENGINE_H
#define AF_ENGINE_H

#include <stddef.h>

#include "config.h"
#include "http.h"
#include "loader.h"

typedef struct af__engine af__engine;
struct af__doc_ref;
struct af_inst;
struct af_docb;

/* engine = nats: the distributed layer (core/dist/worker.c) takes over
 * what a local run does with its own schedule and its own sinks.  Every
 * hook runs on the loop thread; NULL in engine_opts means a local run. */
typedef struct af__engine_dist {
  void *ud;
  /* A fetch a source made with af_fetch_opts.tag: put it on the frontier.
   * 1 handed off, or AF_E* (the fetch fails). */
  int (*handoff)(void *ud, struct af_inst *src, const char *url, const char *tag,
                 int conditional);
  /* A document was emitted (while a frontier job is delivered, it is that
   * job's: the hook records it in d->dist). */
  void (*emitted)(void *ud, struct af_docb *d);
  /* Processed without error: publish it; af__engine_dist_routed_done
   * follows, once, with the outcome. */
  void (*routed)(void *ud, struct af__doc_ref *r, struct af_docb *d);
  /* A document's journey is over (its d->dist says which job it was);
   * failed: a sink or the publish could not take it. */
  void (*released)(void *ud, struct af_docb *d, int failed);
  /* A source run (for a seed) said source_done. */
  void (*source_done)(void *ud, struct af_inst *src, long failed);
  /* 1 while the worker wants the engine to keep running. */
  int (*keep_running)(void *ud);
} af__engine_dist;

typedef struct af__engine_opts {
  const char *state_dir;
  const char *rules_dir;    /* NULL: af__default_rules_dir() */
  size_t queue_size;        /* documents in flight before backpressure */
  int progress;             /* a live counts line on stderr */
  long timeout_ms;          /* > 0: stop the run (as SIGTERM does) after this long */
  /* NULL, or which source sections take part in this run (run --every
   * leaves out those whose schedule is not due) */
  int (*source_wanted)(const af__cfg_section *s, void *ud);
  void *source_wanted_ud;
  /* > 0: this process is the child of an isolated source; what it emits
   * goes to this descriptor unprocessed, and there are no sinks */
  int child_fd;
  /* check-config: the state store is checked, not opened (nothing is
   * created); such an engine is never run */
  int check_only;
  /* run --dry-run: the state store is an in-memory copy of the state
   * directory's (nothing there is written or created), sinks are checked
   * but neither created nor started, their spools are left alone, no
   * metrics file is written, and each document a sink would get is
   * printed on stdout instead (dry_run.c) */
  int dry_run;
  /* Prometheus text written here at the end of the run (metrics.h) */
  const char *metrics_file;
  /* A source whose create fails is logged and left out of the run (as
   * one whose start fails), instead of failing the whole configuration:
   * `run` sets it, check-config does not. */
  int skip_failed_sources;
  af__http_config http;
  /* engine = nats: the worker's hooks (see af__engine_dist), or NULL */
  const af__engine_dist *dist;
} af__engine_opts;

typedef struct af__run_stats {
  /* docs_seen = new + revised + unchanged + redelivered + duplicate +
   * failed: each document routed has exactly one outcome. */
  long docs_seen, docs_new, docs_revised, docs_unchanged, docs_failed,
      docs_duplicate;
  long docs_redelivered; /* unchanged, sent again to a sink that lacked it */
  long findings;
  long discrepancies;       /* figures that disagree with their report's */
  long source_failed;       /* items the sources gave up on */
  long sink_failed;         /* documents a sink could not commit */
  long spooled;             /* of those, kept in the spool for the next run */
  long unspooled;           /* spooled documents delivered in this run */
  long errors;
  int timed_out;
  size_t peak_in_flight;    /* most documents held at once */
  double seconds;
} af__run_stats;

/* The host table plugins are given (the same for every plugin). */
const af_api *af__host_api(void);

/* Create every instance in `cfg` (checking keys against schemas); on a
 * config problem returns AF_ECONFIG with "file:line: problem" in err. */
int af__engine_new(const af__engine_opts *opts, af__config *cfg,
                  const af__registry *reg, af__engine **out, char *err,
                  size_t errlen);
/* check-config: each instance's own check (af_plugin.check, when it has
 * one), after create, without side effects.  Every check runs; 0, or
 * AF_ECONFIG with the first failure ("file:line: ...") in err. */
int af__engine_check(af__engine *e, char *err, size_t errlen);
/* Run until every source is done and the sinks have drained, or until a
 * signal stops it.  Fills stats. Returns 0 or AF_E* on startup failure. */
int af__engine_run(af__engine *e, af__run_stats *stats);
void af__engine_free(af__engine *e);

/* [core] settings, filled through af__core_section_opts. */
typedef struct af__core_settings {
  const char *state_dir, *plugin_dir, *rules_dir;
  const char *log_level, *log_format, *log_file;
  long queue_size;
  long workers;
  long every_ms; /* run again this long after each start; 0: once */
  const char *metrics_file;   /* Prometheus text after every run */
  const char *metrics_listen; /* run --every: serve /metrics on ADDR:PORT */
  /* engine = nats (core/dist/): workers share a frontier on JetStream */
  const char *engine;        /* "local" or "nats" */
  const char *nats_url;      /* comma-separated server URLs */
  const char *stream_prefix; /* names of streams, consumers, buckets */
  long shards;               /* frontier subjects: host hash modulo this */
} af__core_settings;

/* The keys the core itself accepts in source / sink / core sections. */
extern const af_opt af__core_source_opts[];
extern const af_opt af__core_sink_opts[];
extern const af_opt af__core_section_opts[];
extern const af__int_bound af__core_section_bounds[]; /* their ranges */

#endif /* AF_ENGINE_H */
