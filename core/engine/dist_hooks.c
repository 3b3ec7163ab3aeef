/* engine = nats, the engine's side: what a worker (core/dist/worker.c)
 * asks of the instances, the sinks and the loop.  A document processed
 * in a worker goes to the records stream instead of the sinks; documents
 * read back from the records stream go to the sinks' queues like any
 * other, and their acknowledgement follows the sink's commit.  A source
 * runs whenever a seed of it comes, each time from its configuration as
 * it was before create (no state of an earlier run carried over). */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "dist_engine.h"
#include "engine_int.h"
#include "errors.h"
#include "log.h"

void af__engine_dist_route(af__engine *e, af__doc_ref *r) {
  af__doc *d = r->doc;
  e->stats.docs_new++; /* published; the sinks' upserts tell new from known */
  e->stats.findings += (long)d->pub.n_findings;
  r->refs = 1;
  e->opts.dist->routed(e->opts.dist->ud, r, d);
}

void af__engine_dist_routed_done(af__engine *e, af__doc_ref *r, int failed) {
  if (failed)
    r->failed = 1;
  af__engine_ref_release(e, r);
  af__engine_kick(e);
}

int af__engine_dist_offer(af__engine *e, struct af_inst *sink, af__doc *d) {
  af__doc_ref *r = calloc(1, sizeof(*r));
  if (!r || af__fifo_push(&sink->queue, r) != 0) {
    free(r);
    return AF_ENOMEM;
  }
  r->doc = d;
  r->refs = 1;
  e->in_flight++;
  af__engine_kick(e);
  return 0;
}

void af__engine_dist_flush(af__engine *e, struct af_inst *sink) {
  if (!sink->queue.n)
    return;
  sink->flush_due = 1;
  af__engine_kick(e);
}

struct af_inst *af__engine_dist_find(af__engine *e, int kind, const char *name) {
  for (size_t i = 0; i < e->n_inst; i++)
    if (e->inst[i].kind == kind && !strcmp(e->inst[i].name, name))
      return &e->inst[i];
  return NULL;
}

struct af_inst *af__engine_dist_inst(af__engine *e, size_t i) {
  return i < e->n_inst ? &e->inst[i] : NULL;
}

int af__engine_dist_sink_wants(const struct af_inst *sink, const char *source) {
  return source && fnmatch(sink->snk.match, source, 0) == 0;
}

int af__engine_dist_kind(const struct af_inst *in) { return in->kind; }
const char *af__engine_dist_name(const struct af_inst *in) { return in->name; }
uv_loop_t *af__engine_dist_loop(af__engine *e) { return &e->loop; }
af__http *af__engine_dist_http(af__engine *e) { return e->http; }
int af__engine_dist_stopping(const af__engine *e) { return e->stopping; }
const af__http_limits *af__engine_dist_limits(const struct af_inst *in) {
  return &in->limits;
}
void af__engine_dist_kick(af__engine *e) { af__engine_kick(e); }

int af__engine_dist_deliver(struct af_inst *in, const af_response *res,
                            const char *tag) {
  if (!in->p->deliver)
    return AF_ENOSYS;
  if (!in->created)
    return AF_EPLUGIN; /* its create failed: the log said why */
  in->p->deliver(in, in->ctx, res, tag);
  af__engine_kick(in->eng);
  return 0;
}

int af__engine_dist_run_source(struct af_inst *in) {
  af__engine *e = in->eng;
  int rc;
  if (in->started && !in->done)
    return 1; /* its last seed is still being listed */
  if (in->started || !in->created) {
    /* From scratch: destroy, the configured context back, create. */
    af__api_cancel_timers(e, in);
    if (in->created && in->p->destroy)
      in->p->destroy(in, in->ctx);
    in->created = 0;
    memcpy(in->ctx, in->ctx_init, in->p->ctx_size);
    rc = in->p->create ? in->p->create(in, in->ctx) : 0;
    if (rc) {
      af__log_error(in->name, "create_failed", "plugin=%s error=\"%s\"", in->p->name,
                    af_strerror(rc));
      return rc < 0 ? rc : AF_EPLUGIN;
    }
    in->created = 1;
  }
  in->started = in->done = in->stopping = in->stopped = in->paused = 0;
  in->failed = in->emitted = 0;
  rc = in->p->start ? in->p->start(in, in->ctx) : 0;
  if (rc < 0) {
    af__log_error(in->name, "start_failed", "plugin=%s error=\"%s\"", in->p->name,
                  af_strerror(rc));
    in->done = 1;
    return rc;
  }
  in->started = 1;
  af__engine_kick(e);
  return 0;
}
