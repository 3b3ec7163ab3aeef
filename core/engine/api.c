/* The host table (af_api) handed to every plugin: thin, checked wrappers
 * over the engine, the HTTP client, the state store and the parsers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "engine_int.h"
#include "errors.h"
#include "feed.h"
#include "gzip.h"
#include "log.h"
#include "url.h"

static void api_log(af_inst *inst, int level, const char *event,
                    const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  af__logv(level, inst ? inst->name : "plugin", event, fmt, ap);
  va_end(ap);
}

static void api_free(void *p) { free(p); }

static const char *api_instance_name(af_inst *inst) {
  return inst ? inst->name : NULL;
}

static af_docb *api_doc_new(af_inst *inst, const char *url) {
  (void)inst;
  if (!url)
    return NULL;
  return af__doc_new(url);
}

static int api_doc_set(af_docb *d, const char *field, const char *value) {
  return af__doc_set(d, field, value);
}

static int api_doc_set_fallback(af_docb *d, const char *field, const char *value) {
  return af__doc_set_fallback(d, field, value);
}

static int api_doc_set_body(af_docb *d, const char *ct, const char *body,
                            size_t len) {
  if (!d || (!body && len))
    return AF_EINVAL;
  return af__doc_set_body(d, ct, body ? body : "", len);
}

static int api_doc_set_response(af_docb *d, const af_response *res) {
  if (!d)
    return AF_EINVAL;
  return af__doc_set_response(d, res);
}

static int api_emit(af_inst *inst, af_docb *d) {
  if (!d)
    return AF_EINVAL;
  if (!inst || inst->kind != AF_KIND_SOURCE) {
    af__doc_free(d);
    return AF_EINVAL;
  }
  return af__engine_emit(inst, d);
}

static void api_doc_free(af_docb *d) { af__doc_free(d); }

static void api_source_done(af_inst *inst, long failed) {
  if (inst && inst->kind == AF_KIND_SOURCE)
    af__engine_source_done(inst, failed);
}

typedef struct fetch_wrap {
  af_inst *inst;
  af_fetch_cb cb;
  void *ud;
} fetch_wrap;

static void on_fetched(const af_response *res, void *ud) {
  fetch_wrap *w = ud;
  af__engine *e = w->inst->eng;
  w->inst->fetches--;
  af__metrics_fetch(w->inst, res);
  w->cb(w->inst, w->inst->ctx, res, w->ud);
  free(w);
  af__engine_kick(e);
}

static int api_fetch(af_inst *inst, const char *url, const af_fetch_opts *opts,
                     af_fetch_cb cb, void *ud) {
  if (!inst || !url || !cb || inst->kind != AF_KIND_SOURCE)
    return AF_EINVAL;
  const af__engine_dist *dist = inst->eng->opts.dist;
  if (dist && inst->p->deliver && opts &&
      opts->size >= offsetof(af_fetch_opts, tag) + sizeof(opts->tag) && opts->tag)
    return dist->handoff(dist->ud, inst, url, opts->tag, opts->conditional);
  /* A worker finishes its seeds' listings even when asked to stop. */
  if (inst->eng->stopping && !dist)
    return AF_ECANCELED;
  if (inst->p->flags & AF_PLUGIN_NO_FETCH)
    return AF_EREFUSED; /* it said it never fetches: its limits were never read */
  fetch_wrap *w = malloc(sizeof(*w));
  if (!w)
    return AF_ENOMEM;
  *w = (fetch_wrap){inst, cb, ud};
  int rc = af__http_fetch(inst->eng->http, inst->name, &inst->limits, url, opts,
                         on_fetched, w);
  if (rc) {
    free(w);
    return rc;
  }
  inst->fetches++;
  return 0;
}

static void timer_closed(uv_handle_t *h) { free(h->data); }

static void unlink_timer(af__engine *e, struct af__timer_rec *t) {
  for (struct af__timer_rec **pp = &e->timers; *pp; pp = &(*pp)->next)
    if (*pp == t) {
      *pp = t->next;
      return;
    }
}

static void on_timer(uv_timer_t *h) {
  struct af__timer_rec *t = h->data;
  af__engine *e = t->inst->eng;
  unlink_timer(e, t);
  t->cb(t->inst, t->inst->ctx, t->ud);
  uv_close((uv_handle_t *)&t->t, timer_closed);
  af__engine_kick(e);
}

static int64_t api_timer_start(af_inst *inst, uint64_t ms,
                               void (*cb)(af_inst *, void *, void *),
                               void *ud) {
  if (!inst || !cb)
    return AF_EINVAL;
  af__engine *e = inst->eng;
  struct af__timer_rec *t = calloc(1, sizeof(*t));
  if (!t)
    return AF_ENOMEM;
  t->id = ++e->next_timer_id;
  t->inst = inst;
  t->cb = cb;
  t->ud = ud;
  uv_timer_init(&e->loop, &t->t);
  t->t.data = t;
  uv_timer_start(&t->t, on_timer, ms, 0);
  t->next = e->timers;
  e->timers = t;
  return t->id;
}

static void api_timer_cancel(af_inst *inst, int64_t id) {
  if (!inst)
    return;
  af__engine *e = inst->eng;
  for (struct af__timer_rec *t = e->timers; t; t = t->next)
    if (t->id == id && t->inst == inst) {
      unlink_timer(e, t);
      uv_timer_stop(&t->t);
      uv_close((uv_handle_t *)&t->t, timer_closed);
      return;
    }
}

void af__api_cancel_timers(af__engine *e, struct af_inst *inst) {
  struct af__timer_rec **pp = &e->timers;
  while (*pp) {
    struct af__timer_rec *t = *pp;
    if (!inst || t->inst == inst) {
      *pp = t->next;
      uv_timer_stop(&t->t);
      uv_close((uv_handle_t *)&t->t, timer_closed);
    } else {
      pp = &t->next;
    }
  }
}

typedef struct offload_req {
  uv_work_t req;
  af_inst *inst;
  void (*work)(void *);
  void (*done)(af_inst *, void *, void *, int);
  void *ud;
} offload_req;

static void offload_work(uv_work_t *r) {
  offload_req *o = r->data;
  o->work(o->ud);
}

static void offload_done(uv_work_t *r, int status) {
  offload_req *o = r->data;
  af__engine *e = o->inst->eng;
  if (o->done)
    o->done(o->inst, o->inst->ctx, o->ud, status == UV_ECANCELED ? AF_ECANCELED : 0);
  free(o);
  af__engine_kick(e);
}

static int api_offload(af_inst *inst, void (*work)(void *),
                       void (*done)(af_inst *, void *, void *, int),
                       void *ud) {
  if (!inst || !work)
    return AF_EINVAL;
  offload_req *o = calloc(1, sizeof(*o));
  if (!o)
    return AF_ENOMEM;
  *o = (offload_req){.inst = inst, .work = work, .done = done, .ud = ud};
  o->req.data = o;
  int rc = uv_queue_work(&inst->eng->loop, &o->req, offload_work, offload_done);
  if (rc) {
    free(o);
    return AF_EAGAIN;
  }
  return 0;
}

static int api_state_get(af_inst *inst, const char *key, char **out) {
  if (!inst || !key || !out)
    return AF_EINVAL;
  return af__state_kv_get(inst->eng->state, inst->name, key, out);
}

static int api_state_put(af_inst *inst, const char *key, const char *value) {
  if (!inst || !key)
    return AF_EINVAL;
  return af__state_kv_put(inst->eng->state, inst->name, key, value);
}

static const char *api_config_get(af_inst *inst, const char *key, size_t idx) {
  if (!inst || !key)
    return NULL;
  return af__cfg_get(inst->sec, key, idx);
}

static size_t api_batch_len(const af_batch *b) { return b ? b->n : 0; }

static const af_document *api_batch_doc(const af_batch *b, size_t i) {
  if (!b || i >= b->n)
    return NULL;
  return &b->docs[i]->doc->pub;
}

static void api_batch_done(af_inst *inst, af_batch *b, int verdict) {
  if (!inst || !b || b->sink != inst || b->state != AF_BATCH_WRITING) {
    af__log_error(inst ? inst->name : "plugin", "batch_done_misuse",
                 "msg=\"batch_done called twice or for another sink's batch\"");
    return;
  }
  af__engine_batch_done(inst, b, verdict);
}

static char *api_doc_to_json(const af_document *d, int with_findings) {
  return d ? af__doc_to_json_str(d, with_findings) : NULL;
}

static char *api_finding_to_json(const af_document *d, const af_finding *f) {
  return f ? af__finding_to_json_str(d, f) : NULL;
}

static void api_stopped(af_inst *inst) {
  if (inst)
    af__engine_plugin_stopped(inst);
}

static int api_gunzip(const void *in, size_t len, size_t max, char **out,
                      size_t *out_len, char *err, size_t errlen) {
  if (!out || !out_len || (!in && len))
    return AF_EINVAL;
  return af__inflate(in ? in : "", len, AF__INFLATE_AUTO, max, out, out_len, err,
                     errlen);
}

static int api_text_to_utf8(const char *in, size_t len, const char *media_type,
                            const char *charset, char **out, size_t *out_len) {
  char *used = NULL;
  if (!out || !out_len || (!in && len))
    return AF_EINVAL;
  int rc = af__charset_to_utf8(in ? in : "", len, media_type ? media_type : "text/plain",
                               charset, out, out_len, &used);
  free(used);
  return rc;
}

static const af_api host_api = {
    .abi_major = AF_ABI_MAJOR,
    .abi_minor = AF_ABI_MINOR,
    .size = sizeof(af_api),
    .log = api_log,
    .strerror = af_strerror,
    .free = api_free,
    .instance_name = api_instance_name,
    .doc_new = api_doc_new,
    .doc_set = api_doc_set,
    .doc_set_body = api_doc_set_body,
    .doc_set_response = api_doc_set_response,
    .emit = api_emit,
    .doc_free = api_doc_free,
    .source_done = api_source_done,
    .fetch = api_fetch,
    .timer_start = api_timer_start,
    .timer_cancel = api_timer_cancel,
    .offload = api_offload,
    .state_get = api_state_get,
    .state_put = api_state_put,
    .config_get = api_config_get,
    .batch_len = api_batch_len,
    .batch_doc = api_batch_doc,
    .batch_done = api_batch_done,
    .doc_to_json = api_doc_to_json,
    .finding_to_json = api_finding_to_json,
    .stopped = api_stopped,
    .feed_parse = af__feed_parse,
    .feed_free = af__feed_free,
    .url_resolve = af__url_resolve,
    .url_canonical = af__url_canonical,
    .doc_set_fallback = api_doc_set_fallback,
    .gunzip = api_gunzip,
    .text_to_utf8 = api_text_to_utf8,
};

const af_api *af__host_api(void) { return &host_api; }
