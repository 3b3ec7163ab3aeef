/* HTTP validators (ETag, Last-Modified): the one module that writes them
 * to the state store.  The HTTP client only reads them (conditional GET)
 * and reports the ones it received (af__http_config.on_validators); they
 * are stored when what they describe is safe: a page's once every sink
 * that got it has committed it, a listing's (feed, sitemap) at the end of
 * a run with no failures.  A crash in between makes the next run fetch in
 * full instead of hearing 304 for something no sink holds.  Loop thread
 * only. */
#include <stdlib.h>
#include <string.h>

#include <auditfeed/array.h>

#include "dist_engine.h"
#include "engine_int.h"
#include "isolate.h"
#include "log.h"

/* The HTTP validators of a page are stored only once every sink that got
 * it has committed it (or it was unchanged): a crash before that makes the
 * next run fetch the page in full again instead of hearing 304 for a page
 * no sink holds. */
void af__engine_save_validators(af__engine *e, const af__doc *d) {
  if (!d->etag && !d->last_modified)
    return;
  if (af__state_validators_put(e->state, d->pub.url, d->etag, d->last_modified) < 0) {
    e->stats.errors++;
    af__log_error("engine", "state_write_failed", "trace=%s url=%s path=%s",
                 d->pub.trace_id, d->pub.url, af__state_path(e->state));
  }
}

/* engine = nats: validators another worker stored once what they describe
 * was safe (worker_kv.c), so they are as safe here. */
int af__engine_dist_validators(af__engine *e, const char *url, const char *etag,
                               const char *last_modified) {
  return e->state && af__state_validators_put(e->state, url, etag, last_modified) >= 0
             ? 0 : -1;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

void af__engine_remember_validators(const char *url, const char *etag,
                                const char *last_modified, void *ud) {
  af__engine *e = ud;
  if (af_grow(&e->pending, &e->cap_pending, e->n_pending, sizeof(*e->pending), 64) != 0)
    return; /* the next run simply fetches in full */
  struct af__pending_validator *p = &e->pending[e->n_pending];
  p->url = strdup(url);
  p->etag = dup_or_null(etag);
  p->last_modified = dup_or_null(last_modified);
  if (!p->url || (etag && !p->etag) || (last_modified && !p->last_modified)) {
    free(p->url);
    free(p->etag);
    free(p->last_modified);
    return;
  }
  e->n_pending++;
}

void af__engine_pending_free(af__engine *e) {
  for (size_t i = 0; i < e->n_pending; i++) {
    free(e->pending[i].url);
    free(e->pending[i].etag);
    free(e->pending[i].last_modified);
  }
  free(e->pending);
  e->pending = NULL;
  e->n_pending = e->cap_pending = 0;
}

/* At the end of a run with no failures, listings' validators are safe to
 * keep: everything they led to was committed.  Documents' own validators
 * were stored as they were committed (and storing them again is harmless). */
void af__engine_store_pending_validators(af__engine *e) {
  const af__run_stats *st = &e->stats;
  if (e->stopping || st->docs_failed || st->source_failed || st->sink_failed ||
      st->errors)
    return;
  if (e->opts.child_fd) { /* the parent decides, at the end of its run */
    for (size_t i = 0; i < e->n_pending; i++)
      af__isolate_send_validators(e->opts.child_fd, e->pending[i].url,
                                 e->pending[i].etag,
                                 e->pending[i].last_modified);
    return;
  }
  af__state_begin(e->state);
  for (size_t i = 0; i < e->n_pending; i++)
    af__state_validators_put(e->state, e->pending[i].url, e->pending[i].etag,
                            e->pending[i].last_modified);
  af__state_commit(e->state);
}

