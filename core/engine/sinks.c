/* The engine's sink side: per-sink queues, batches and their verdicts,
 * releasing documents once every sink is done with them, what is stored in
 * the state store only on commit (acknowledgements here; HTTP validators
 * through validators.c), and the disk spool of batches a sink could not
 * commit.  Loop thread only;
 * see engine.c for the scheduling. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine_int.h"
#include "errors.h"
#include "isolate.h"
#include "log.h"
#include "retry.h"
#include "spool.h"

/* ---- queues ------------------------------------------------------------ */

int af__fifo_push(af__doc_fifo *q, af__doc_ref *r) {
  if (q->n == q->cap) {
    size_t cap = q->cap ? q->cap * 2 : 16;
    af__doc_ref **nv = malloc(cap * sizeof(*nv));
    if (!nv)
      return AF_ENOMEM;
    for (size_t i = 0; i < q->n; i++)
      nv[i] = q->v[(q->head + i) % q->cap];
    free(q->v);
    q->v = nv;
    q->cap = cap;
    q->head = 0;
  }
  q->v[(q->head + q->n) % q->cap] = r;
  q->n++;
  return 0;
}

af__doc_ref *af__fifo_pop(af__doc_fifo *q) {
  if (!q->n)
    return NULL;
  af__doc_ref *r = q->v[q->head];
  q->head = (q->head + 1) % q->cap;
  q->n--;
  return r;
}

void af__engine_doc_release(af__engine *e, af__doc *d) {
  if (e->opts.dist && d->dist)
    e->opts.dist->released(e->opts.dist->ud, d, d->dist_failed);
  af__doc_free(d);
  e->in_flight--;
}

void af__engine_ref_release(af__engine *e, af__doc_ref *r) {
  if (--r->refs > 0)
    return;
  if (!r->failed)
    af__engine_save_validators(e, r->doc);
  r->doc->dist_failed = r->failed;
  af__engine_doc_release(e, r->doc);
  free(r);
}

/* ---- sinks ----------------------------------------------------------- */

/* A batch the sink asked to retry waits af__backoff_ms(400 ms, attempt):
 * 0.4 s, 0.8 s, 1.6 s ... with jitter, at most a minute. */
#define SINK_BACKOFF_MS 400L
#define SINK_BACKOFF_CAP_MS 60000L

static void spool_failed_batch(struct af_inst *s, struct af_batch *b);
static void spool_file_done(struct af_inst *s);
static void spool_next(struct af_inst *s);

void af__engine_start_batch(struct af_inst *s) {
  af__engine *e = s->eng;
  size_t n = s->queue.n < (size_t)s->snk.batch_size ? s->queue.n
                                                      : (size_t)s->snk.batch_size;
  struct af_batch *b = calloc(1, sizeof(*b));
  af__doc_ref **docs = calloc(n, sizeof(*docs));
  if (!b || !docs) {
    free(b);
    free(docs);
    return; /* try again on the next pump */
  }
  for (size_t i = 0; i < n; i++)
    docs[i] = af__fifo_pop(&s->queue);
  b->sink = s;
  b->docs = docs;
  b->n = n;
  s->inflight = b;
  s->flush_due = 0;
  s->wait_ticks = 0;
  int rc = s->p->write(s, s->ctx, b);
  if (rc < 0 && b->state == AF_BATCH_WRITING)
    af__engine_batch_done(s, b, rc);
  (void)e;
}

static void retry_fired(uv_timer_t *t) {
  struct af_inst *s = t->data;
  struct af_batch *b = s->inflight;
  if (!b)
    return;
  b->state = AF_BATCH_WRITING;
  int rc = s->p->write(s, s->ctx, b);
  if (rc < 0 && b->state == AF_BATCH_WRITING)
    af__engine_batch_done(s, b, rc);
}

void af__engine_batch_done(struct af_inst *s, struct af_batch *b, int verdict) {
  if (verdict == AF_DONE) {
    b->state = AF_BATCH_COMMITTED;
  } else if (verdict == AF_RETRY) {
    b->state = AF_BATCH_RETRY;
    b->attempts++;
  } else {
    b->state = AF_BATCH_FAILED;
    b->error = verdict < 0 ? verdict : AF_EINVAL;
  }
  af__engine_kick(s->eng);
}

void af__engine_finish_batch(struct af_inst *s) {
  af__engine *e = s->eng;
  struct af_batch *b = s->inflight;

  if (b->state == AF_BATCH_RETRY) {
    if (b->attempts <= s->snk.retries && !e->stopping) {
      uint64_t delay = af__backoff_ms(SINK_BACKOFF_MS, b->attempts,
                                      SINK_BACKOFF_CAP_MS, &e->rng);
      af__log_warn(s->name, "batch_retry", "docs=%zu attempt=%d delay_ms=%llu",
                  b->n, b->attempts, (unsigned long long)delay);
      b->state = AF_BATCH_WRITING;
      if (!s->retry_timer_init) {
        uv_timer_init(&e->loop, &s->retry_timer);
        s->retry_timer.data = s;
        s->retry_timer_init = 1;
      }
      uv_timer_start(&s->retry_timer, retry_fired, delay, 0);
      return;
    }
    b->state = AF_BATCH_FAILED;
    b->error = AF_EAGAIN;
  }
  if (b->state == AF_BATCH_COMMITTED) {
    af__state_begin(e->state);
    for (size_t i = 0; i < b->n; i++) {
      const af_document *d = &b->docs[i]->doc->pub;
      af__state_sink_ack(e->state, s->name, d->id, d->content_hash);
    }
    if (af__state_commit(e->state) < 0) {
      e->stats.errors++;
      af__log_error("engine", "state_write_failed", "sink=%s path=%s", s->name,
                   af__state_path(e->state));
    }
    s->written += (long)b->n;
    for (size_t i = 0; i < b->n; i++)
      af__metrics_sink_commit(s, (long)b->docs[i]->doc->pub.n_findings);
    af__log_debug(s->name, "batch_committed", "docs=%zu", b->n);
    for (size_t i = 0; i < b->n; i++)
      if (b->docs[i]->from) {
        b->docs[i]->from->remaining--;
        e->stats.unspooled++;
      }
  } else {
    s->sink_failed += (long)b->n;
    e->stats.sink_failed += (long)b->n;
    af__log_error(s->name, "batch_failed", "docs=%zu error=\"%s\"", b->n,
                 af_strerror(b->error));
    if (e->opts.dist) /* engine = nats: the records stream keeps them */
      for (size_t i = 0; i < b->n; i++)
        b->docs[i]->failed = 1;
    else
      spool_failed_batch(s, b);
  }
  for (size_t i = 0; i < b->n; i++)
    af__engine_ref_release(e, b->docs[i]);
  free(b->docs);
  free(b);
  s->inflight = NULL;
  if (s->spool_cur && s->spool_cur->remaining == 0) {
    spool_file_done(s);
    spool_next(s);
    if (!s->spool_cur)
      af__engine_kick(e); /* the sources may start now */
  }
}

/* ---- the spool ----------------------------------------------------------- */

/* Documents of a failed batch that came fresh from the sources go to a new
 * spool file, for the next run to deliver even if no source offers them
 * again; those that came from the spool are still in their file. */
static void spool_failed_batch(struct af_inst *s, struct af_batch *b) {
  af__engine *e = s->eng;
  const af_document **fresh = calloc(b->n, sizeof(*fresh));
  size_t nf = 0;
  for (size_t i = 0; i < b->n; i++) {
    af__doc_ref *r = b->docs[i];
    r->failed = 1;
    if (r->from) {
      r->from->failed = 1;
      r->from->remaining--;
    } else if (fresh) {
      fresh[nf++] = &r->doc->pub;
    }
  }
  char path[4400] = "", err[4600] = "";
  int rc = nf ? af__spool_write(e->opts.state_dir, s->name, fresh, nf, path,
                               sizeof(path), err, sizeof(err))
              : (fresh ? 0 : AF_ENOMEM);
  free(fresh);
  if (nf && rc == 0) {
    e->stats.spooled += (long)nf;
    af__log_warn(s->name, "batch_spooled",
                "docs=%zu path=\"%s\" msg=\"delivered on the next run\"", nf,
                path);
    return;
  }
  if (rc)
    af__log_error(s->name, "spool_failed", "docs=%zu error=\"%s\"", b->n,
                 rc == AF_ENOMEM ? "out of memory" : err);
  for (size_t i = 0; i < b->n; i++)
    if (!b->docs[i]->from)
      af__log_error(s->name, "doc_not_written", "trace=%s id=%s url=%s",
                   b->docs[i]->doc->pub.trace_id, b->docs[i]->doc->pub.id,
                   b->docs[i]->doc->pub.url);
}

static void spool_file_done(struct af_inst *s) {
  struct af__spool_file *f = s->spool_cur;
  s->spool_cur = NULL;
  if (f->failed) {
    /* The sink is still failing: keep this file and the rest for later. */
    s->spool_blocked = 1;
    af__log_warn(s->name, "spool_kept", "path=\"%s\"", f->path);
  } else if (unlink(f->path) != 0) {
    af__log_error(s->name, "spool_remove_failed", "path=\"%s\" error=\"%s\"",
                 f->path, strerror(errno));
  } else {
    af__log_info(s->name, "spool_delivered", "path=\"%s\"", f->path);
  }
  free(f->path);
  free(f);
}

/* Queues the documents of the sink's next spool file that it does not hold
 * yet (a crash after a commit and before the file's removal leaves some
 * it has), skipping files that turn out to be already delivered. */
static void spool_next(struct af_inst *s) {
  af__engine *e = s->eng;
  while (!s->spool_cur && !s->spool_blocked && !e->stopping &&
         s->next_spool < s->n_spool_files) {
    const char *path = s->spool_files[s->next_spool++];
    af__doc **docs = NULL;
    size_t n = 0;
    char err[4600];
    if (af__spool_read(path, &docs, &n, err, sizeof(err)) != 0) {
      e->stats.errors++;
      af__log_error(s->name, "spool_unreadable",
                   "error=\"%s\" msg=\"left in place\"", err);
      continue;
    }
    struct af__spool_file *f = calloc(1, sizeof(*f));
    if (!f || !(f->path = strdup(path))) {
      free(f);
      for (size_t i = 0; i < n; i++)
        af__doc_free(docs[i]);
      free(docs);
      s->spool_blocked = 1;
      return;
    }
    size_t queued = 0;
    for (size_t i = 0; i < n; i++) {
      af__doc *d = docs[i];
      if (af__state_sink_has(e->state, s->name, d->pub.id,
                            d->pub.content_hash) == 1) {
        af__doc_free(d);
        continue;
      }
      af__doc_ref *r = calloc(1, sizeof(*r));
      if (!r || af__fifo_push(&s->queue, r) != 0) {
        f->failed = 1; /* out of memory: the file stays for the next run */
        af__doc_free(d);
        free(r);
        continue;
      }
      r->doc = d;
      r->from = f;
      r->refs = 1;
      e->in_flight++;
      queued++;
    }
    free(docs);
    af__log_info(s->name, "spool_replay", "path=\"%s\" docs=%zu held=%zu",
                path, queued, n - queued);
    f->remaining = queued;
    s->spool_cur = f;
    if (queued == 0)
      spool_file_done(s);
  }
}

/* A forced stop (a second signal, the run's time limit twice) leaves
 * documents in the sink's queue and perhaps in a batch it never answered
 * for.  None of them is committed: they go to the spool so the next run
 * delivers them, and none may record its HTTP validators. */
void af__engine_spool_unsent(struct af_inst *s) {
  af__engine *e = s->eng;
  size_t cap = s->queue.n + (s->inflight ? s->inflight->n : 0), n = 0;
  if (!cap)
    return;
  const af_document **v = calloc(cap, sizeof(*v));
  for (size_t i = 0; i < s->queue.n; i++) {
    af__doc_ref *r = s->queue.v[(s->queue.head + i) % s->queue.cap];
    r->failed = 1;
    if (v && !r->from)
      v[n++] = &r->doc->pub;
  }
  for (size_t i = 0; s->inflight && i < s->inflight->n; i++) {
    af__doc_ref *r = s->inflight->docs[i];
    r->failed = 1;
    if (v && !r->from)
      v[n++] = &r->doc->pub;
  }
  char path[4400] = "", err[4600] = "";
  int rc = !v ? AF_ENOMEM
               : n ? af__spool_write(e->opts.state_dir, s->name, v, n, path,
                                    sizeof(path), err, sizeof(err))
                   : 0;
  free(v);
  e->stats.sink_failed += (long)cap;
  if (!rc)
    e->stats.spooled += (long)n;
  if (rc)
    af__log_error(s->name, "spool_failed", "docs=%zu error=\"%s\"", cap,
                 rc == AF_ENOMEM ? "out of memory" : err);
  else if (n)
    af__log_warn(s->name, "stop_spooled",
                "docs=%zu path=\"%s\" msg=\"not committed before the stop; "
                "delivered on the next run\"", n, path);
}

int af__engine_spool_begin(af__engine *e) {
  for (size_t i = 0; i < e->n_inst; i++) {
    struct af_inst *s = &e->inst[i];
    if (s->kind != AF_KIND_SINK || !s->started)
      continue;
    if (af__spool_list(e->opts.state_dir, s->name, &s->spool_files,
                      &s->n_spool_files) != 0) {
      e->stats.errors++;
      af__log_error(s->name, "spool_unreadable", "dir=\"%s/spool\"",
                   e->opts.state_dir);
      continue;
    }
    spool_next(s);
  }
  return af__engine_spool_busy(e);
}

int af__engine_spool_busy(const af__engine *e) {
  for (size_t i = 0; i < e->n_inst; i++)
    if (e->inst[i].kind == AF_KIND_SINK && e->inst[i].spool_cur)
      return 1;
  return 0;
}

void af__engine_spool_free(struct af_inst *s) {
  af__spool_list_free(s->spool_files, s->n_spool_files);
  s->spool_files = NULL;
  s->n_spool_files = s->next_spool = 0;
  if (s->spool_cur) {
    free(s->spool_cur->path);
    free(s->spool_cur);
    s->spool_cur = NULL;
  }
}

