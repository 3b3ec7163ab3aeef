/* engine = nats: the worker.  One engine (the same instances, HTTP client,
 * processing pool and sinks as a local run) whose sources run when the
 * frontier says so, and whose documents travel through JetStream:
 *
 *   frontier job (a message of a shard, held: MaxAckPending 1)
 *     seed: the source runs (its listing); the fetches it hands off
 *           become page messages on their hosts' shards
 *     page: fetched here; 429/503 -> NakWithDelay(Retry-After), which
 *           pauses that shard (so that host) for every worker; other
 *           failures -> Nak with backoff, and after AF__NATS_MAX_ATTEMPTS
 *           deliveries -> the dead-letter stream and Term; a response ->
 *           the source's `deliver`, whose documents are processed here
 *           and published on the records stream
 *     acknowledged once everything it produced is published, and not
 *     before the host's delay has passed since its fetch (politeness);
 *   records job (a message of a sink's consumer): the document goes to
 *     the sink's queue and is acknowledged after the sink's commit.
 *
 * A job that dies with its worker is redelivered by the server after the
 * ack wait; ids (Nats-Msg-Id, document and finding ids) and the sinks'
 * upserts make the second pass harmless.  All of this runs on the loop;
 * the NATS calls are on nats_io.c's thread. */
#include "worker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc.h"
#include "errors.h"
#include "log.h"
#include "worker_int.h"

#define NAK_DEFAULT_MS 30000L  /* a 429/503 without Retry-After */
#define NAK_MAX_MS 600000L
#define BACKOFF_MAX_MS 60000L
#define HOLD_MAX_MS 50000L     /* a wait before a next attempt kept here */
/* A host's delay (the source's, or its robots.txt Crawl-delay up to
 * max_crawl_delay) can outlast the ack wait (60 s), and so can a fetch
 * queued behind it in the HTTP client: every PROGRESS_MS a job in hand
 * tells the server it is still being worked on (InProgress), so its
 * message is not handed to another worker meanwhile. */
#define POLITE_MAX_MS NAK_MAX_MS
#define PROGRESS_MS 20000L
#define TICK_MS 200
/* Frontier jobs a worker takes beyond its fetch capacity: the next job is
 * in hand (pulled, its robots.txt and validators looked up, its request
 * queued in the HTTP client) while the current ones are in flight, so a
 * fetch slot that frees starts the next request at once instead of after
 * a round of pulls.  It is always another shard's (a worker never holds
 * two messages of one shard), so per-host politeness is the server's as
 * before; kept at one so a job waiting here holds back little of what an
 * idle worker could take. */
#define LOOKAHEAD_JOBS 1

static uint64_t now_ms(worker *w) { return uv_now(af__engine_dist_loop(w->e)); }

/* ---- frontier jobs: the end of one ----------------------------------------- */

static void job_closed(uv_handle_t *h) {
  fjob *j = h->data;
  af__frontier_msg_free(&j->m);
  free(j->etag);
  free(j->last_modified);
  free(j);
}

/* The job's fetch is over (or it never had one): the capacity it took
 * goes back to the puller; once per job. */
static void job_free_slot(fjob *j) {
  if (j->slot && j->w->io) {
    j->slot = 0;
    af__nio_slot_free(j->w->io);
  }
}

static void job_end(fjob *j) {
  worker *w = j->w;
  job_free_slot(j);
  if (j->prev)
    j->prev->next = j->next;
  else
    w->jobs = j->next;
  if (j->next)
    j->next->prev = j->prev;
  w->n_jobs--;
  w->last_busy = now_ms(w);
  uv_close((uv_handle_t *)&j->timer, job_closed);
  af__engine_dist_kick(w->e);
}

static void job_settle(fjob *j, int op, long delay_ms, const char *reason) {
  af__nio_settle(j->w->io, j->msg, j->shard, -1, op, delay_ms, reason);
  job_end(j);
}

static void job_dead(fjob *j, const char *reason) {
  j->w->dead++;
  af__log_error(j->m.source ? j->m.source : "nats", "dead_letter",
                "url=\"%s\" shard=%ld attempts=%llu reason=\"%s\"",
                j->m.url ? j->m.url : "", j->shard, (unsigned long long)j->delivered,
                reason);
  job_settle(j, AF_NIO_DEAD, 0, reason);
}

static void nak_over(uv_timer_t *t) {
  fjob *j = t->data;
  job_settle(j, AF_NIO_NAK, 0, NULL); /* back at once: its wait was here */
}

/* Another attempt after `ms`.  The wait is kept here, the message still
 * unacknowledged: its shard's one slot (MaxAckPending 1) stays taken, so
 * the host waits for every worker, and the server's nak-delay timer is
 * not needed (we saw nats-server 2.9 leave a delayed nak undelivered).
 * A longer wait, or a worker stopping, uses NakWithDelay. */
static void job_nak(fjob *j, long ms, const char *why) {
  j->w->naked++;
  af__log_info(j->m.source ? j->m.source : "nats", "nak_delay",
               "host=%s ms=%ld shard=%ld url=\"%s\" attempt=%llu reason=\"%s\"",
               j->host[0] ? j->host : "-", ms, j->shard, j->m.url ? j->m.url : "",
               (unsigned long long)j->delivered, why);
  if (ms > 0 && ms <= HOLD_MAX_MS && !j->w->stopping) {
    j->nak_hold = 1;
    j->hold_until = now_ms(j->w) + (uint64_t)ms;
    uv_timer_start(&j->timer, nak_over, (uint64_t)ms, 0);
    return;
  }
  job_settle(j, AF_NIO_NAK, ms, NULL);
}

/* A failure worth another attempt, until the attempts are spent. */
static void job_fail(fjob *j, const char *reason) {
  char why[600];
  if (j->delivered >= AF__NATS_MAX_ATTEMPTS) {
    snprintf(why, sizeof(why), "attempts=%llu error=%s",
             (unsigned long long)j->delivered, reason);
    job_dead(j, why);
    return;
  }
  long ms = 1000L << (j->delivered > 6 ? 6 : j->delivered - 1);
  job_nak(j, ms > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : ms, reason);
}

static void hold_over(uv_timer_t *t) {
  fjob *j = t->data;
  j->w->acked++;
  job_settle(j, AF_NIO_ACK, 0, NULL);
}

/* Everything the job produced is out: acknowledge it, once the host's
 * delay since the fetch has passed (the shard stays blocked meanwhile). */
static void job_maybe_done(fjob *j) {
  if (!j->listed || j->pending > 0)
    return;
  if (j->failed) {
    job_fail(j, "what it produced could not be published");
    return;
  }
  if (j->m.kind == AF_FRONTIER_SEED && j->src_failed > 0) {
    char why[96];
    snprintf(why, sizeof(why), "the source's listing failed (%ld)", j->src_failed);
    job_fail(j, why);
    return;
  }
  af__wkv_share_validators(j);
  uint64_t now = now_ms(j->w);
  if (j->hold_until > now) {
    uv_timer_start(&j->timer, hold_over, j->hold_until - now, 0);
    return;
  }
  j->w->acked++;
  job_settle(j, AF_NIO_ACK, 0, NULL);
}

static fjob *seed_job_of(worker *w, const struct af_inst *src) {
  for (fjob *j = w->jobs; j; j = j->next)
    if (j->src == src && j->m.kind == AF_FRONTIER_SEED && !j->listed)
      return j;
  return NULL;
}

/* ---- frontier jobs: the work ------------------------------------------------ */

static int transient(const af_response *res) {
  if (res->err == AF_ENET || res->err == AF_ETIMEDOUT)
    return 1;
  return res->err == AF_EHTTP && (res->status >= 500 || res->status == 408);
}

static void on_page(const af_response *res, void *ud) {
  fjob *j = ud;
  worker *w = j->w;
  if (!w->io)
    return; /* a forced stop cancelled it: redelivered after the ack wait */
  w->fetched++;
  w->last_busy = now_ms(w);
  job_free_slot(j); /* a hold or the processing needs no fetch slot */
  af__log_info(j->m.source, "fetched", "url=\"%s\" host=%s status=%ld ms=%.0f "
               "shard=%ld attempt=%llu", j->m.url, j->host, res->status,
               res->seconds * 1000, j->shard, (unsigned long long)j->delivered);
  if (res->status == 429 || res->status == 503) {
    /* The Nak holds the shard's only slot: the host waits for everyone. */
    long ms = res->retry_after_ms > 0 ? res->retry_after_ms : NAK_DEFAULT_MS;
    job_nak(j, ms > NAK_MAX_MS ? NAK_MAX_MS : ms,
            res->status == 429 ? "429 Too Many Requests" : "503 Service Unavailable");
    return;
  }
  if (res->err && transient(res)) {
    job_fail(j, res->errmsg ? res->errmsg : af_strerror(res->err));
    return;
  }
  /* A response (a 404 too): the source decides what it makes of it. */
  af__wkv_keep_validators(j, res);
  w->current = j;
  int rc = af__engine_dist_deliver(j->src, res, j->m.tag);
  w->current = NULL;
  if (rc) {
    job_dead(j, rc == AF_ENOSYS ? "the source takes no handed-off responses"
                                : "the source is not usable on this worker");
    return;
  }
  j->listed = 1;
  long delay = af__http_host_delay(af__engine_dist_http(w->e), &j->lim, j->m.url);
  if (delay > POLITE_MAX_MS)
    delay = POLITE_MAX_MS;
  j->hold_until = now_ms(w) + (uint64_t)(delay > 0 ? delay : 0);
  job_maybe_done(j);
}

void af__worker_start_page(fjob *j) {
  /* One attempt here: retries go through the frontier, so every worker
   * sees the host's pause. */
  j->lim = *af__engine_dist_limits(j->src);
  j->lim.retries = 0;
  af_fetch_opts o = {.size = sizeof(o), .conditional = j->m.conditional};
  int rc = af__http_fetch(af__engine_dist_http(j->w->e), j->m.source, &j->lim,
                          j->m.url, &o, on_page, j);
  if (rc)
    job_fail(j, af_strerror(rc));
}

static void start_seed(fjob *j) {
  j->lim = *af__engine_dist_limits(j->src);
  int rc = af__engine_dist_run_source(j->src);
  if (rc == 1) {
    job_nak(j, 2000, "the source is still listing its last seed here");
    return;
  }
  if (rc < 0) {
    job_fail(j, "the source would not start");
    return;
  }
  af__log_info(j->m.source, "seed_started", "tick=%lld shard=%ld attempt=%llu",
               (long long)j->m.tick, j->shard, (unsigned long long)j->delivered);
  /* source_done (maybe already called from start) ends the listing */
}

static void on_frontier(worker *w, af__nio_ev *ev) {
  char err[512];
  fjob *j = calloc(1, sizeof(*j));
  if (!j) {
    af__nio_slot_free(w->io);
    af__nio_settle(w->io, ev->msg, ev->shard, -1, AF_NIO_NAK, 1000, NULL);
    return;
  }
  j->type = JOB_FRONTIER;
  j->slot = 1;
  j->w = w;
  j->msg = ev->msg;
  j->shard = ev->shard;
  j->delivered = ev->delivered;
  j->progress_at = now_ms(w);
  uv_timer_init(af__engine_dist_loop(w->e), &j->timer);
  uv_unref((uv_handle_t *)&j->timer);
  j->timer.data = j;
  j->next = w->jobs;
  if (w->jobs)
    w->jobs->prev = j;
  w->jobs = j;
  w->n_jobs++;
  w->last_busy = now_ms(w);
  if (w->stopping) { /* pulled as the stop came: someone else's at once */
    job_settle(j, AF_NIO_NAK, 0, NULL);
    return;
  }
  if (af__frontier_decode(ev->data, ev->len, &j->m, err, sizeof(err)) != 0) {
    job_dead(j, err);
    return;
  }
  af__frontier_host(j->m.url, j->host, sizeof(j->host));
  j->src = af__engine_dist_find(w->e, AF_KIND_SOURCE, j->m.source);
  if (!j->src) {
    snprintf(err, sizeof(err), "no source '%s' in this worker's configuration",
             j->m.source);
    job_dead(j, err);
    return;
  }
  /* A message a worker keeps dying on is settled before it kills another. */
  if (j->delivered > 4 * AF__NATS_MAX_ATTEMPTS) {
    snprintf(err, sizeof(err), "delivered %llu times without an outcome",
             (unsigned long long)j->delivered);
    job_dead(j, err);
    return;
  }
  if (j->m.kind == AF_FRONTIER_SEED)
    start_seed(j);
  else if (!af__wkv_lookup(j))
    af__worker_start_page(j);
}

/* ---- records: from the stream to the sinks ---------------------------------- */

static void on_record(worker *w, af__nio_ev *ev) {
  char err[512];
  struct af_inst *sink = ev->sink >= 0 && ev->sink < AF__NATS_MAX_SINKS
                             ? w->sinks[ev->sink] : NULL;
  w->last_busy = now_ms(w);
  if (w->stopping || !sink) {
    af__nio_settle(w->io, ev->msg, -1, ev->sink, AF_NIO_NAK, 0, NULL);
    return;
  }
  af__doc *d = af__doc_from_json(ev->data, ev->len, err, sizeof(err));
  if (!d) {
    char why[600];
    snprintf(why, sizeof(why), "unreadable record: %s", err);
    w->dead++;
    af__log_error(af__engine_dist_name(sink), "dead_letter", "url=\"\" reason=\"%s\"", why);
    af__nio_settle(w->io, ev->msg, -1, ev->sink, AF_NIO_DEAD, 0, why);
    return;
  }
  if (!af__engine_dist_sink_wants(sink, d->pub.source)) {
    af__doc_free(d); /* its `match` leaves this source out */
    af__nio_settle(w->io, ev->msg, -1, ev->sink, AF_NIO_ACK, 0, NULL);
    return;
  }
  rjob *r = calloc(1, sizeof(*r));
  if (!r || af__engine_dist_offer(w->e, sink, d) != 0) {
    free(r);
    af__doc_free(d);
    af__nio_settle(w->io, ev->msg, -1, ev->sink, AF_NIO_NAK, 1000, NULL);
    return;
  }
  r->type = JOB_RECORD;
  r->msg = ev->msg;
  r->sink = ev->sink;
  d->dist = r;
  w->n_records++;
}

/* Nothing more waits on the records stream for this sink: what it has
 * queued is written now (one batch at a time, so records arriving while it
 * commits gather into the next), not a flush_interval later.  A local
 * run's sinks do the same when the sources go quiet. */
static void on_records_idle(worker *w, af__nio_ev *ev) {
  if (ev->sink >= 0 && ev->sink < AF__NATS_MAX_SINKS && w->sinks[ev->sink])
    af__engine_dist_flush(w->e, w->sinks[ev->sink]);
}

static void on_published(worker *w, af__nio_ev *ev) {
  pub *p = ev->cookie;
  w->n_pubs--;
  w->last_busy = now_ms(w);
  if (ev->rc)
    af__log_error("nats", "publish_failed", "what=%s error=\"%s\"",
                  p->what == PUB_RECORD ? "record" : "page", ev->err);
  if (p->what == PUB_RECORD) {
    w->published += !ev->rc;
    af__engine_dist_routed_done(w->e, p->ref, ev->rc != 0);
  } else if (p->job) {
    p->job->pending--;
    p->job->failed |= ev->rc != 0;
    job_maybe_done(p->job);
  }
  free(p);
}

/* ---- the engine's hooks ----------------------------------------------------- */

static int queue_pub(worker *w, pub *p, const char *subject, const char *id,
                     const char *data) {
  if (!p || !data || af__nio_publish(w->io, subject, id, data, strlen(data), p) != 0)
    return AF_ENOMEM;
  w->n_pubs++;
  return 0;
}

static int hook_handoff(void *ud, struct af_inst *src, const char *url, const char *tag,
                        int conditional) {
  worker *w = ud;
  fjob *parent = w->current ? w->current : seed_job_of(w, src);
  af__frontier_msg m = {.source = (char *)af__engine_dist_name(src),
                        .kind = AF_FRONTIER_PAGE, .url = (char *)url, .tag = (char *)tag,
                        .tick = parent ? parent->m.tick : (int64_t)time(NULL) / 60,
                        .conditional = conditional};
  char subject[96], id[256];
  af__nats_shard_subject(w->n, af__frontier_shard(url, w->n->shards), subject,
                         sizeof(subject));
  af__frontier_msg_id(&m, id, sizeof(id));
  char *data = af__frontier_encode(&m);
  pub *p = calloc(1, sizeof(*p));
  if (p)
    *p = (pub){PUB_HANDOFF, parent, NULL};
  int rc = queue_pub(w, p, subject, id, data);
  free(data);
  if (rc) {
    free(p);
    return rc;
  }
  if (parent)
    parent->pending++;
  return 1;
}

static void hook_emitted(void *ud, af__doc *d) {
  worker *w = ud;
  fjob *j = w->current ? w->current : seed_job_of(w, d->origin);
  if (!j)
    return;
  d->dist = j;
  j->pending++;
}

static void hook_routed(void *ud, struct af__doc_ref *r, af__doc *d) {
  worker *w = ud;
  char subject[96], id[512];
  snprintf(subject, sizeof(subject), "%s.records", w->n->prefix);
  snprintf(id, sizeof(id), "%s:%s", d->pub.id ? d->pub.id : "",
           d->pub.content_hash ? d->pub.content_hash : "");
  char *json = af__doc_to_json_str(&d->pub, 1);
  pub *p = calloc(1, sizeof(*p));
  if (p)
    *p = (pub){PUB_RECORD, NULL, r};
  if (queue_pub(w, p, subject, id, json) != 0) {
    free(p);
    af__engine_dist_routed_done(w->e, r, 1);
  }
  free(json);
}

static void hook_released(void *ud, af__doc *d, int failed) {
  worker *w = ud;
  int type = *(int *)d->dist;
  if (type == JOB_FRONTIER) {
    fjob *j = d->dist;
    j->pending--;
    j->failed |= failed;
    job_maybe_done(j);
    return;
  }
  rjob *r = d->dist;
  w->n_records--;
  w->committed += !failed;
  w->last_busy = now_ms(w);
  /* Not committed: back to the stream, for this sink again a bit later. */
  af__nio_settle(w->io, r->msg, -1, r->sink, failed ? AF_NIO_NAK : AF_NIO_ACK,
                 failed ? 5000 : 0, NULL);
  free(r);
}

static void hook_source_done(void *ud, struct af_inst *src, long failed) {
  fjob *j = seed_job_of(ud, src);
  if (!j)
    return;
  j->listed = 1;
  j->src_failed = failed;
  long delay = af__http_host_delay(af__engine_dist_http(j->w->e), &j->lim, j->m.url);
  if (delay > POLITE_MAX_MS)
    delay = POLITE_MAX_MS;
  j->hold_until = now_ms(j->w) + (uint64_t)(delay > 0 ? delay : 0);
  job_maybe_done(j);
}

/* ---- the worker's life ------------------------------------------------------ */

static void begin_stop(worker *w, const char *why) {
  if (w->stopping)
    return;
  w->stopping = 1;
  af__nio_pause(w->io);
  /* Waits before a next attempt go to the server, which keeps them. */
  uint64_t now = now_ms(w);
  for (fjob *j = w->jobs, *next; j; j = next) {
    next = j->next;
    if (j->nak_hold) {
      uv_timer_stop(&j->timer);
      job_settle(j, AF_NIO_NAK, j->hold_until > now ? (long)(j->hold_until - now) : 0,
                 NULL);
    }
  }
  af__log_info("worker", "worker_stopping", "reason=%s jobs=%ld records=%ld "
               "publishes=%ld", why, w->n_jobs, w->n_records, w->n_pubs);
  af__engine_dist_kick(w->e);
}

static void on_async(uv_async_t *h) {
  worker *w = h->data;
  af__nio_ev *ev = af__nio_take(w->io);
  while (ev) {
    af__nio_ev *next = ev->next;
    if (ev->kind == AF_NIO_EV_FRONTIER)
      on_frontier(w, ev);
    else if (ev->kind == AF_NIO_EV_RECORD)
      on_record(w, ev);
    else if (ev->kind == AF_NIO_EV_KV)
      af__wkv_on_value(w, ev);
    else if (ev->kind == AF_NIO_EV_RECORDS_IDLE)
      on_records_idle(w, ev);
    else
      on_published(w, ev);
    af__nio_ev_free(ev);
    ev = next;
  }
  af__engine_dist_kick(w->e);
}

static void on_tick(uv_timer_t *t) {
  worker *w = t->data;
  uint64_t now = now_ms(w);
  if (w->early_stop && *w->early_stop)
    begin_stop(w, "signal");
  for (fjob *j = w->jobs; j && w->io; j = j->next)
    if (now - j->progress_at >= (uint64_t)PROGRESS_MS) {
      j->progress_at = now;
      af__nio_settle(w->io, j->msg, j->shard, -1, AF_NIO_PROGRESS, 0, NULL);
    }
  if (w->n_jobs || w->n_records || w->n_pubs)
    w->last_busy = now;
  else if (w->idle_exit_ms > 0 && now - w->last_busy >= (uint64_t)w->idle_exit_ms)
    begin_stop(w, "idle");
  af__engine_dist_kick(w->e);
}

static void wake(void *ud) { uv_async_send(ud); }

/* The transfers this worker's sources may have in flight together. */
static long fetch_capacity(af__engine *e) {
  long cap = 0;
  struct af_inst *in;
  for (size_t i = 0; (in = af__engine_dist_inst(e, i)) != NULL; i++)
    if (af__engine_dist_kind(in) == AF_KIND_SOURCE)
      cap += af__engine_dist_limits(in)->concurrency;
  return cap > 0 ? cap : 1;
}

static int hook_keep_running(void *ud) {
  worker *w = ud;
  if (!w->stopping && af__engine_dist_stopping(w->e))
    begin_stop(w, "signal");
  if (!w->stopping || w->n_jobs || w->n_records || w->n_pubs)
    return 1;
  if (!w->closed) {
    w->closed = 1;
    af__nio_free(w->io); /* runs the last settling commands, flushes */
    w->io = NULL;
    uv_close((uv_handle_t *)&w->async, NULL);
    uv_close((uv_handle_t *)&w->tick, NULL);
    af__log_info("worker", "worker_done", "fetched=%ld acked=%ld naked=%ld dead=%ld "
                 "published=%ld committed=%ld", w->fetched, w->acked, w->naked,
                 w->dead, w->published, w->committed);
  }
  return 0;
}

int af__worker_run(af__pipeline *pl, af__nats *n, long idle_exit_ms,
                   volatile sig_atomic_t *early_stop) {
  worker w = {.n = n, .idle_exit_ms = idle_exit_ms, .early_stop = early_stop};
  af__engine_dist hooks = {.ud = &w, .handoff = hook_handoff, .emitted = hook_emitted,
                           .routed = hook_routed, .released = hook_released,
                           .source_done = hook_source_done,
                           .keep_running = hook_keep_running};
  af__run_stats st = {0};
  char err[512];
  pl->dist = &hooks;
  if (af__pipeline_engine(pl, &w.e, NULL, NULL))
    return 2;
  for (size_t i = 0; i < n->n_sinks; i++)
    w.sinks[i] = af__engine_dist_find(w.e, AF_KIND_SINK, n->sinks[i]);
  uv_loop_t *loop = af__engine_dist_loop(w.e);
  uv_async_init(loop, &w.async, on_async);
  w.async.data = &w;
  uv_timer_init(loop, &w.tick);
  w.tick.data = &w;
  uv_timer_start(&w.tick, on_tick, TICK_MS, TICK_MS);
  w.last_busy = uv_now(loop);
  /* Our handles never keep the loop alive by themselves: the engine's
   * decide when it ends (keep_running), so a forced stop cannot hang. */
  uv_unref((uv_handle_t *)&w.async);
  uv_unref((uv_handle_t *)&w.tick);
  /* records pulled per sink and not yet committed: a few batches; frontier
   * jobs in hand: as many as the sources may fetch at once, and the
   * look-ahead */
  long slots = fetch_capacity(w.e);
  if (af__nio_start(&w.io, n, wake, &w.async, 1024, slots, slots + LOOKAHEAD_JOBS, err,
                    sizeof(err)) != 0) {
    fprintf(stderr, "auditfeed: %s\n", err);
    af__log_error("worker", "nats_unavailable", "error=\"%s\"", err);
    uv_close((uv_handle_t *)&w.async, NULL);
    uv_close((uv_handle_t *)&w.tick, NULL);
    uv_run(loop, UV_RUN_NOWAIT);
    af__engine_free(w.e);
    return 2;
  }
  af__http_on_robots(af__engine_dist_http(w.e), af__wkv_robots_fetched, &w);
  af__log_info("worker", "worker_started", "prefix=%s shards=%ld sinks=%zu idle_exit_ms=%ld",
               n->prefix, n->shards, n->n_sinks, idle_exit_ms);
  int rc = af__engine_run(w.e, &st);
  if (!w.closed) { /* a forced stop: the server redelivers what we held */
    af__nio_free(w.io);
    w.io = NULL;
    uv_close((uv_handle_t *)&w.async, NULL);
    uv_close((uv_handle_t *)&w.tick, NULL);
    af__log_warn("worker", "worker_forced", "jobs=%ld records=%ld msg=\"left to "
                 "the ack wait\"", w.n_jobs, w.n_records);
  }
  af__engine_free(w.e);
  return rc ? 2 : 0;
}
