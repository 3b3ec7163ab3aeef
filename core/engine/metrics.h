/* Metrics in the Prometheus text format (exposition format 0.0.4).
 *
 * Counters accumulate across runs in the state store (kv scope "core
 * metrics", one row per series), so `_total` series only ever grow, as
 * Prometheus expects, whether they are read from the file a one-shot run
 * writes for node_exporter's textfile collector or from `run --every`'s
 * /metrics.  The engine counts per instance during a run (af__metrics_doc,
 * af__metrics_fetch, af__metrics_sink_commit) and adds it all to the store
 * once at the end (af__metrics_finish), which also sets the gauges (last
 * run, last success, duration, spool depth) and writes the file.
 *
 * Loop thread only.  Ownership: af__metrics_render's string is the
 * caller's (free()).
 */
#ifndef AF_METRICS_H
#define AF_METRICS_H

#include <stddef.h>

#include <auditfeed/plugin.h>

#include "drift.h"
#include "state.h"

struct af__engine;
struct af_inst;

enum af__outcome {
  AF_OUT_NEW,
  AF_OUT_REVISED,
  AF_OUT_UNCHANGED,
  AF_OUT_DUPLICATE,
  AF_OUT_FAILED,
  AF_OUT_N
};

/* Per instance, for one run. */
typedef struct af__inst_metrics {
  long docs[AF_OUT_N];   /* sources: documents by outcome */
  long findings;         /* sources: findings of routed documents */
  long fetches[7];       /* sources: by class: error, 1xx..5xx, 304 */
  long retries;          /* sources: extra attempts */
  unsigned long long bytes; /* sources: body bytes fetched */
  long findings_written; /* sinks: findings in committed documents */
  af__yield yield;       /* sources: what processed documents carried (drift.h) */
} af__inst_metrics;

/* A document's outcome; `d` (may be NULL for failed ones) feeds the
 * findings count and the yield. */
void af__metrics_doc(struct af_inst *src, int outcome, const af_document *d);
void af__metrics_fetch(struct af_inst *src, const af_response *res);
void af__metrics_sink_commit(struct af_inst *sink, long findings);

/* End of a run: this run's counts into the store, gauges set, and the
 * file written when `path` is set (atomically: a temporary file in the
 * same directory, synced, renamed).  Failures are logged; 0 or AF_E*. */
int af__metrics_finish(struct af__engine *e, const char *path);

/* Everything the store holds, as exposition text; NULL when out of memory. */
char *af__metrics_render(af__state *st);

#endif /* AF_METRICS_H */
