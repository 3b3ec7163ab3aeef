/* engine = nats: the engine's services to a worker (core/dist/worker.c),
 * all on the loop thread.  Ownership: instances, documents handed over
 * with af__engine_dist_offer, and the loop stay the engine's. */
#ifndef AF_DIST_ENGINE_H
#define AF_DIST_ENGINE_H

#include <uv.h>

#include "doc.h"
#include "engine.h"

/* Instances by kind and name, or by index (NULL past the end). */
struct af_inst *af__engine_dist_find(af__engine *e, int kind, const char *name);
struct af_inst *af__engine_dist_inst(af__engine *e, size_t i);
int af__engine_dist_kind(const struct af_inst *in);
const char *af__engine_dist_name(const struct af_inst *in);
const af__http_limits *af__engine_dist_limits(const struct af_inst *in);
/* 1 when the sink's `match` selects documents of this source. */
int af__engine_dist_sink_wants(const struct af_inst *sink, const char *source);

uv_loop_t *af__engine_dist_loop(af__engine *e);
af__http *af__engine_dist_http(af__engine *e);
int af__engine_dist_stopping(const af__engine *e);
void af__engine_dist_kick(af__engine *e);

/* A seed: run the source from its configuration (destroy, create and
 * start again when it ran before).  0 started, 1 still busy with the
 * last seed, AF_E* it would not start (logged). */
int af__engine_dist_run_source(struct af_inst *in);
/* A handed-off fetch's response to this instance's af_plugin.deliver.
 * 0, AF_ENOSYS (no deliver), AF_EPLUGIN (the instance is not usable). */
int af__engine_dist_deliver(struct af_inst *in, const af_response *res,
                            const char *tag);
/* Validators another worker stored for `url` (the validators bucket),
 * into this worker's state store, where a conditional fetch reads them.
 * 0, or -1 (not written: the fetch goes without them). */
int af__engine_dist_validators(af__engine *e, const char *url, const char *etag,
                               const char *last_modified);
/* The routed hook's document is published (failed = 0) or not. */
void af__engine_dist_routed_done(af__engine *e, struct af__doc_ref *r, int failed);
/* A document from the records stream for one sink's queue: 0 (the engine
 * owns it now), or AF_ENOMEM (the caller still does). */
int af__engine_dist_offer(af__engine *e, struct af_inst *sink, af__doc *d);
/* No more documents are on their way to this sink just now: its queued
 * ones are written without waiting for a full batch or flush_interval. */
void af__engine_dist_flush(af__engine *e, struct af_inst *sink);

#endif /* AF_DIST_ENGINE_H */
