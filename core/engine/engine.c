/* The engine: instances, the document path (emit -> pool -> route ->
 * sink batches -> acknowledgement), backpressure, signals and shutdown.
 *
 * Scheduling decisions are made in one place, pump(), run from an idle
 * handle whenever something changed (af__engine_kick).  Callbacks into
 * plugins therefore never re-enter each other: a sink may call batch_done
 * inside write(), a source may emit inside start(), and the engine only
 * records what happened until pump() runs.  The sink side (queues,
 * batches, verdicts, what is stored on commit) is in sinks.c; building an
 * engine from the configuration is in engine_new.c.
 */
#include <fnmatch.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine_int.h"
#include "errors.h"
#include "isolate.h"
#include "log.h"

/* ---- the document path ---------------------------------------------- */

static void pump_cb(uv_idle_t *h);

void af__engine_kick(af__engine *e) {
  if (!e || e->finished || e->pump_on)
    return;
  e->pump_on = 1;
  uv_idle_start(&e->pump, pump_cb);
}

/* Backpressure.  Documents waiting (in the pipeline or in a sink's queue)
 * may number queue_size plus one sink batch; the documents of a batch a
 * sink is writing do not count.  So while a sink that is slower than the
 * pipeline (a database round trip, a commit) writes a batch, fetching and
 * extraction go on and its next batch fills behind it, up to batch_size:
 * a slow sink commits full batches (group commit) instead of stalling the
 * pipeline one batch at a time.  In memory: at most queue_size plus two
 * batches.  `resume`: the lower mark at which a saturated run goes on. */
static int over_limit(const af__engine *e, int resume) {
  size_t held = 0, batch = 0;
  for (size_t i = 0; i < e->n_inst; i++) {
    const struct af_inst *s = &e->inst[i];
    if (s->kind != AF_KIND_SINK)
      continue;
    if (s->inflight && s->inflight->n > held)
      held = s->inflight->n;
    if (s->snk.batch_size > 0 && (size_t)s->snk.batch_size > batch)
      batch = (size_t)s->snk.batch_size;
  }
  size_t waiting = e->in_flight > held ? e->in_flight - held : 0;
  size_t limit = e->opts.queue_size + batch;
  return resume ? waiting > limit / 2 : waiting >= limit;
}

int af__engine_emit(struct af_inst *in, af__doc *d) {
  af__engine *e = in->eng;
  int rc;

  if (e->stopping && e->finished) {
    af__doc_free(d);
    return AF_ECANCELED;
  }
  d->origin = in;
  if (e->opts.dist)
    e->opts.dist->emitted(e->opts.dist->ud, d);
  if (af__doc_set(d, "source", in->name) || af__doc_set(d, "plugin", in->p->name) ||
      af__doc_set(d, "plugin_version", in->p->version)) {
    af__doc_free(d);
    return AF_ENOMEM;
  }
  if (e->opts.child_fd) {
    /* An isolated source's child: the parent processes it.  The write
     * blocks while the parent is saturated, which is the backpressure. */
    rc = af__isolate_send_doc(e->opts.child_fd, d);
    af__doc_free(d);
    if (rc == 0)
      in->emitted++;
    return rc;
  }
  af__doc_ref *r = calloc(1, sizeof(*r));
  if (!r) {
    af__doc_free(d);
    return AF_ENOMEM;
  }
  r->doc = d;
  rc = af__fifo_push(&e->waiting, r);
  if (rc) {
    free(r);
    af__doc_free(d);
    return rc;
  }
  in->emitted++;
  e->in_flight++;
  if (e->in_flight > e->stats.peak_in_flight)
    e->stats.peak_in_flight = e->in_flight;
  af__log_debug(in->name, "doc_emitted", "trace=%s url=%s", d->pub.trace_id,
               d->pub.url);
  af__engine_kick(e);
  if (over_limit(e, 0)) {
    if (!e->saturated) {
      e->saturated = 1;
      af__http_set_paused(e->http, 1);
      af__log_debug("engine", "backpressure_on", "in_flight=%zu", e->in_flight);
    }
    in->paused = 1;
    return 1;
  }
  return 0;
}

typedef struct process_req {
  uv_work_t req;
  af__engine *e;
  af__doc_ref *ref;
} process_req;

static void process_work(uv_work_t *w) {
  process_req *p = w->data;
  struct af_inst *in = p->ref->doc->origin;
  af__doc_process(p->ref->doc, p->e->rules, in->dedup);
}

static void route(af__engine *e, af__doc_ref *r);

static void process_done(uv_work_t *w, int status) {
  process_req *p = w->data;
  af__engine *e = p->e;
  e->in_pool--;
  if (status == UV_ECANCELED) {
    p->ref->doc->error = AF_ECANCELED;
    snprintf(p->ref->doc->errmsg, sizeof(p->ref->doc->errmsg), "cancelled");
  }
  route(e, p->ref);
  free(p);
  af__engine_kick(e);
}

/* Compares the document with the state's last version: sets its revision
 * and previous hash, records a new version, and counts the outcome.
 * Returns 1 when the content is unchanged; *known is the state's answer
 * (1 known, 0 new, < 0 unreadable). */
static int compare_with_state(af__engine *e, af__doc *d, int *known) {
  struct af_inst *src = d->origin;
  char *prev_hash = NULL;
  int prev_rev = 0, unchanged = 0;

  *known = af__state_doc_get(e->state, d->pub.id, &prev_hash, &prev_rev);
  if (*known < 0) {
    /* Unreadable state: the document is delivered as new (a sink upserts by
     * id, so nothing doubles), but the operator must know why. */
    e->stats.errors++;
    af__log_error("engine", "state_read_failed", "trace=%s id=%s path=%s",
                  d->pub.trace_id, d->pub.id, af__state_path(e->state));
  }
  if (*known == 1 && prev_hash && strcmp(prev_hash, d->pub.content_hash) == 0) {
    unchanged = 1;
    d->pub.revision = prev_rev > 0 ? prev_rev : 1;
  } else if (*known == 1) {
    d->pub.revision = prev_rev + 1;
    free((char *)d->pub.prev_hash);
    d->pub.prev_hash = prev_hash;
    prev_hash = NULL;
  }
  free(prev_hash);
  if (unchanged) {
    af__metrics_doc(src, AF_OUT_UNCHANGED, &d->pub);
    return 1;
  }
  if (af__state_doc_put(e->state, d->pub.id, d->pub.canonical_url,
                        d->pub.content_hash, d->pub.revision) < 0) {
    e->stats.errors++;
    af__log_error("engine", "state_write_failed", "trace=%s id=%s path=%s",
                  d->pub.trace_id, d->pub.id, af__state_path(e->state));
  }
  if (*known == 1)
    e->stats.docs_revised++;
  else
    e->stats.docs_new++;
  af__metrics_doc(src, *known == 1 ? AF_OUT_REVISED : AF_OUT_NEW, &d->pub);
  return 0;
}

/* Queues the document for every sink that takes its source; r->refs counts
 * them. */
static void queue_to_sinks(af__engine *e, af__doc_ref *r, int unchanged) {
  af__doc *d = r->doc;
  struct af_inst *src = d->origin;

  for (size_t i = 0; i < e->n_inst; i++) {
    struct af_inst *s = &e->inst[i];
    if (s->kind != AF_KIND_SINK || fnmatch(s->snk.match, src->name, 0) != 0)
      continue;
    /* A sink that already committed this exact version gets nothing; one
     * that missed it (a crash before its commit) gets it again. */
    if (unchanged && af__state_sink_has(e->state, s->name, d->pub.id,
                                       d->pub.content_hash) == 1)
      continue;
    if (e->opts.dry_run)
      r->refs++; /* shown below instead of queued */
    else if (af__fifo_push(&s->queue, r) == 0)
      r->refs++;
  }
}

static void route(af__engine *e, af__doc_ref *r) {
  af__doc *d = r->doc;
  struct af_inst *src = d->origin;
  int known = 0, unchanged;

  e->stats.docs_seen++;
  if (d->error) {
    /* Bad input is not retried (in a worker either: the job is done), the
     * log says why. */
    e->stats.docs_failed++;
    af__metrics_doc(src, AF_OUT_FAILED, NULL);
    af__log_warn(src->name, "doc_failed", "trace=%s url=%s error=\"%s\"",
                d->pub.trace_id, d->pub.url, d->errmsg);
    goto drop;
  }
  if (e->opts.dist) {
    af__engine_dist_route(e, r);
    return;
  }
  if (af__engine_seen_check_add(e, d->pub.id, d->pub.content_hash)) {
    e->stats.docs_duplicate++;
    af__metrics_doc(src, AF_OUT_DUPLICATE, &d->pub);
    af__log_debug(src->name, "doc_duplicate", "trace=%s id=%s url=%s",
                 d->pub.trace_id, d->pub.id, d->pub.url);
    goto drop;
  }
  unchanged = compare_with_state(e, d, &known);
  /* New content only: an unchanged document was checked when it came
   * (report sources run first, so the reports it cites were known). */
  if (!unchanged)
    af__engine_reports_route(e, d);
  queue_to_sinks(e, r, unchanged);
  /* Unchanged, but a sink that lacks it (a crash or a full disk before
   * its commit last time) gets it again: redelivered, not unchanged. */
  if (unchanged && r->refs > 0)
    e->stats.docs_redelivered++;
  if (unchanged && r->refs == 0) {
    e->stats.docs_unchanged++;
    af__engine_save_validators(e, d);
    af__log_debug(src->name, "doc_unchanged", "trace=%s id=%s url=%s",
                 d->pub.trace_id, d->pub.id, d->pub.url);
  }
  if (r->refs > 0) {
    e->stats.findings += (long)d->pub.n_findings;
    af__log_debug(src->name, "doc_routed",
                 "trace=%s id=%s url=%s revision=%d findings=%zu sinks=%d",
                 d->pub.trace_id, d->pub.id, d->pub.url, d->pub.revision,
                 d->pub.n_findings, r->refs);
    if (!e->opts.dry_run)
      return;
    af__engine_dry_run_show(e, d, unchanged ? "redelivered" : known == 1 ? "revised" : "new",
                            unchanged);
  }
drop:
  af__engine_doc_release(e, d);
  free(r);
}

static void submit_waiting(af__engine *e) {
  while (e->waiting.n && e->in_pool < e->pool_limit) {
    af__doc_ref *r = af__fifo_pop(&e->waiting);
    process_req *p = calloc(1, sizeof(*p));
    /* The reports known now; later additions leave this view intact. */
    af__engine_reports_snapshot(e, r->doc);
    if (p) {
      /* Filled before queueing: a pool thread may pick it up at once. */
      p->req.data = p;
      p->e = e;
      p->ref = r;
    }
    if (!p || uv_queue_work(&e->loop, &p->req, process_work, process_done)) {
      free(p);
      /* Process inline rather than lose the document. */
      struct af_inst *in = r->doc->origin;
      af__doc_process(r->doc, e->rules, in->dedup);
      route(e, r);
      continue;
    }
    e->in_pool++;
  }
}

/* ---- lifecycle ------------------------------------------------------- */

static int sources_quiet(af__engine *e) {
  for (size_t i = 0; i < e->n_inst; i++) {
    struct af_inst *in = &e->inst[i];
    if (in->kind == AF_KIND_SOURCE && (!in->done || in->fetches > 0))
      return 0;
  }
  return e->waiting.n == 0 && e->in_pool == 0;
}

static void close_cb(uv_handle_t *h) { (void)h; }

static void finish(af__engine *e) {
  e->finished = 1;
  af__engine_store_pending_validators(e);
  for (size_t i = 0; i < e->n_inst; i++) {
    struct af_inst *in = &e->inst[i];
    if (in->kind == AF_KIND_SINK && in->started && in->p->flush &&
        in->p->flush(in, in->ctx) < 0) {
      e->stats.errors++;
      af__log_error(in->name, "flush_failed", "plugin=%s", in->p->name);
    }
  }
  for (size_t i = 0; i < e->n_inst; i++) {
    struct af_inst *in = &e->inst[i];
    if (in->started && !in->stopping && in->p->stop) {
      in->stopping = 1;
      in->p->stop(in, in->ctx);
    }
    if (in->retry_timer_init)
      uv_close((uv_handle_t *)&in->retry_timer, close_cb);
  }
  af__api_cancel_timers(e, NULL);
  uv_idle_stop(&e->pump);
  uv_close((uv_handle_t *)&e->pump, close_cb);
  uv_close((uv_handle_t *)&e->flush_timer, close_cb);
  uv_close((uv_handle_t *)&e->progress_timer, close_cb);
  uv_close((uv_handle_t *)&e->watchdog, close_cb);
  /* The signal handles stay open until the engine is freed, so a signal
   * while the sinks commit and stop is answered (and ignored) rather than
   * killing the process half-way (exit 143); unreferenced, they do not
   * keep the loop running. */
  uv_unref((uv_handle_t *)&e->sig_int);
  uv_unref((uv_handle_t *)&e->sig_term);
  uv_unref((uv_handle_t *)&e->sig_hup);
  uv_unref((uv_handle_t *)&e->sig_usr1);
  af__http_free(e->http);
  e->http = NULL;
}

static int start_instances(af__engine *e, int kind);
static int reports_pending(const af__engine *e);

static void pump(af__engine *e) {
  if (e->spool_phase && !af__engine_spool_busy(e)) {
    e->spool_phase = 0;
    if (!e->stopping)
      start_instances(e, AF_KIND_SOURCE);
  }
  if (e->sources_held && !e->spool_phase && !e->stopping && !reports_pending(e)) {
    af__log_info("engine", "reports_ready", "reports=%zu msg=\"starting the other sources\"",
                 e->catalogue.n);
    start_instances(e, AF_KIND_SOURCE);
  }
  submit_waiting(e);
  /* A worker (engine = nats) has no end of its own: it runs until its
   * hooks say so (idle, or a signal) and nothing is being processed. */
  int quiet = e->opts.dist ? e->waiting.n == 0 && e->in_pool == 0 &&
                                 !e->opts.dist->keep_running(e->opts.dist->ud)
                           : sources_quiet(e);
  for (size_t i = 0; i < e->n_inst; i++) {
    struct af_inst *s = &e->inst[i];
    if (s->kind != AF_KIND_SINK)
      continue;
    if (s->inflight && s->inflight->state != AF_BATCH_WRITING)
      af__engine_finish_batch(s);
    /* A partial batch when waiting for a full one would stall the sources
     * (saturated, and what is being processed cannot fill it) or the
     * spool. */
    if (!s->inflight && s->queue.n &&
        (s->queue.n >= (size_t)s->snk.batch_size || quiet || s->flush_due ||
         (e->saturated &&
          s->queue.n + e->waiting.n + e->in_pool < (size_t)s->snk.batch_size) ||
         s->spool_cur))
      af__engine_start_batch(s);
  }
  if (e->saturated && !over_limit(e, 1)) {
    e->saturated = 0;
    af__http_set_paused(e->http, 0);
    af__log_debug("engine", "backpressure_off", "in_flight=%zu", e->in_flight);
    for (size_t i = 0; i < e->n_inst; i++) {
      struct af_inst *in = &e->inst[i];
      if (in->kind == AF_KIND_SOURCE && in->paused) {
        in->paused = 0;
        if (in->p->resume && !in->done)
          in->p->resume(in, in->ctx);
      }
    }
  }
  if (quiet && !e->finished) {
    for (size_t i = 0; i < e->n_inst; i++) {
      struct af_inst *s = &e->inst[i];
      if (s->kind == AF_KIND_SINK && (s->queue.n || s->inflight))
        return;
    }
    finish(e);
  }
}

static void pump_cb(uv_idle_t *h) {
  af__engine *e = h->data;
  uv_idle_stop(h);
  e->pump_on = 0;
  pump(e);
}

static void flush_tick(uv_timer_t *t) {
  af__engine *e = t->data;
  uint64_t interval = uv_timer_get_repeat(t);
  for (size_t i = 0; i < e->n_inst; i++) {
    struct af_inst *s = &e->inst[i];
    /* A partial batch is written once it has waited a flush interval. */
    if (s->kind != AF_KIND_SINK)
      continue;
    if (!s->queue.n || s->inflight) {
      s->wait_ticks = 0;
      continue;
    }
    if ((uint64_t)s->snk.flush_ms <= interval * (uint64_t)(++s->wait_ticks)) {
      s->flush_due = 1;
      af__engine_kick(e);
    }
  }
}

static void progress_tick(uv_timer_t *t) {
  af__engine *e = t->data;
  fprintf(stderr,
          "\r\033[Kauditfeed: docs %ld (new %ld, unchanged %ld, failed %ld) "
          "findings %ld in flight %zu",
          e->stats.docs_seen, e->stats.docs_new, e->stats.docs_unchanged,
          e->stats.docs_failed, e->stats.findings, e->in_flight);
  fflush(stderr);
}

static void stop_sources(af__engine *e) {
  /* A worker finishes what it holds: the frontier jobs in flight end
   * normally (and are acknowledged), nothing is cancelled. */
  if (e->opts.dist)
    return;
  for (size_t i = 0; i < e->n_inst; i++) {
    struct af_inst *in = &e->inst[i];
    if (in->kind != AF_KIND_SOURCE || in->done)
      continue;
    if (in->started && !in->stopping && in->p->stop) {
      in->stopping = 1;
      if (in->p->stop(in, in->ctx) == 1)
        continue; /* it will call api->stopped */
    }
    in->done = 1;
  }
  af__http_cancel_all(e->http);
}

void af__engine_plugin_stopped(struct af_inst *in) {
  in->stopped = 1;
  if (in->kind == AF_KIND_SOURCE)
    in->done = 1;
  af__engine_kick(in->eng);
}

void af__engine_source_done(struct af_inst *in, long failed) {
  if (in->done)
    return;
  in->done = 1;
  in->failed += failed;
  in->eng->stats.source_failed += failed;
  af__log_info(in->name, "source_done", "emitted=%ld failed=%ld", in->emitted,
              failed);
  if (in->eng->opts.dist)
    in->eng->opts.dist->source_done(in->eng->opts.dist->ud, in, failed);
  af__engine_kick(in->eng);
}

static void on_signal(uv_signal_t *h, int signum) {
  af__engine *e = h->data;
  if (signum == SIGHUP || signum == SIGUSR1) {
    int rc = af__log_reopen();
    af__log_info("engine", "log_reopened", "signal=%d%s", signum,
                rc ? " error=\"reopen failed, still writing to the old file\"" : "");
    return;
  }
  if (e->finished) {
    af__log_warn("engine", "signal_ignored", "signal=%d msg=\"already "
                 "finishing: the sinks are committing and stopping\"", signum);
    return;
  }
  if (e->stopping) {
    af__log_warn("engine", "stop_forced", "signal=%d in_flight=%zu", signum,
                e->in_flight);
    uv_stop(&e->loop);
    return;
  }
  e->stopping = 1;
  af__log_info("engine", "stopping", "signal=%d in_flight=%zu msg=\"draining; "
              "send again to stop at once\"", signum, e->in_flight);
  stop_sources(e);
  af__engine_kick(e);
}

static void watchdog_fired(uv_timer_t *t) {
  af__engine *e = t->data;
  if (e->stopping) {
    af__log_error("engine", "stop_forced", "in_flight=%zu msg=\"still draining "
                 "after the time limit\"", e->in_flight);
    uv_stop(&e->loop);
    return;
  }
  e->stats.timed_out = 1;
  e->stats.errors++;
  e->stopping = 1;
  af__log_error("engine", "run_timeout", "limit_ms=%ld in_flight=%zu",
               e->opts.timeout_ms, e->in_flight);
  stop_sources(e);
  af__engine_kick(e);
  uv_timer_start(t, watchdog_fired, (uint64_t)e->opts.timeout_ms, 0);
}

/* Report sources (AF_PLUGIN_REPORTS) go first: while one still runs or
 * its documents are being processed, the other sources wait, so that the
 * catalogue holds the run's reports before any news is linked. */
static int reports_pending(const af__engine *e) {
  int any = 0;
  for (size_t i = 0; i < e->n_inst; i++) {
    const struct af_inst *in = &e->inst[i];
    if (in->kind != AF_KIND_SOURCE || !(in->p->flags & AF_PLUGIN_REPORTS))
      continue;
    if (!in->started && !in->done)
      return 1;
    if (!in->done || in->fetches > 0)
      return 1;
    any = 1;
  }
  return any && (e->waiting.n > 0 || e->in_pool > 0);
}

/* Starts every instance of one kind; a sink that fails to start fails the
 * run, a source that does is reported and left out. */
static int start_instances(af__engine *e, int kind) {
  int hold = kind == AF_KIND_SOURCE && !e->opts.dist && reports_pending(e);
  e->sources_held = 0;
  for (size_t i = 0; i < e->n_inst; i++) {
    struct af_inst *in = &e->inst[i];
    if (in->kind != kind || in->started || in->done)
      continue;
    if (hold && !(in->p->flags & AF_PLUGIN_REPORTS)) {
      e->sources_held = 1;
      continue;
    }
    int r = in->p->start ? in->p->start(in, in->ctx) : 0;
    if (r < 0) {
      af__log_error(in->name, "start_failed", "plugin=%s error=\"%s\"",
                   in->p->name, af_strerror(r));
      e->stats.errors++;
      if (kind == AF_KIND_SINK)
        return AF_EPLUGIN;
      in->done = 1;
      continue;
    }
    in->started = 1;
  }
  return 0;
}

int af__engine_check(af__engine *e, char *err, size_t errlen) {
  int failed = 0;
  for (size_t i = 0; i < e->n_inst; i++) {
    struct af_inst *in = &e->inst[i];
    if (!in->p->check)
      continue;
    int rc = in->p->check(in, in->ctx);
    if (rc && !failed++)
      snprintf(err, errlen, "%s:%d: [%s %s] plugin '%s' failed its check: %s (the "
               "line above says why)", in->sec->file, in->sec->line,
               af__engine_kind_word(in->kind), in->name, in->p->name, af_strerror(rc));
  }
  return failed ? AF_ECONFIG : 0;
}

/* The loop's own handles: the pump, the timers and the signals. */
static void start_handles(af__engine *e) {
  unsigned int par = uv_available_parallelism();
  const char *tp = getenv("UV_THREADPOOL_SIZE");
  size_t threads = tp && atoi(tp) > 0 ? (size_t)atoi(tp) : par;
  /* Keep a few documents queued per pool thread, so a thread that finishes
   * picks up the next one without waiting for the loop to be scheduled. */
  e->pool_limit = threads * 4;
  if (e->pool_limit > e->opts.queue_size)
    e->pool_limit = e->opts.queue_size;
  if (e->pool_limit < 1)
    e->pool_limit = 1;
  uv_idle_init(&e->loop, &e->pump);
  e->pump.data = e;
  uv_timer_init(&e->loop, &e->flush_timer);
  e->flush_timer.data = e;
  uv_timer_start(&e->flush_timer, flush_tick, 250, 250);
  uv_timer_init(&e->loop, &e->progress_timer);
  e->progress_timer.data = e;
  if (e->opts.progress)
    uv_timer_start(&e->progress_timer, progress_tick, 500, 500);
  uv_timer_init(&e->loop, &e->watchdog);
  e->watchdog.data = e;
  if (e->opts.timeout_ms > 0)
    uv_timer_start(&e->watchdog, watchdog_fired, (uint64_t)e->opts.timeout_ms, 0);
  uv_signal_t *sigs[] = {&e->sig_int, &e->sig_term, &e->sig_hup, &e->sig_usr1};
  int nums[] = {SIGINT, SIGTERM, SIGHUP, SIGUSR1};
  for (int i = 0; i < 4; i++) {
    uv_signal_init(&e->loop, sigs[i]);
    sigs[i]->data = e;
    /* An isolated source's child stops when its parent says so (SIGTERM);
     * Ctrl-C reaches the whole process group, and the parent forwards it. */
    if (nums[i] != SIGINT || !e->opts.child_fd)
      uv_signal_start(sigs[i], on_signal, nums[i]);
  }
  e->signals_on = 1;
}

/* Every document seen has exactly one outcome; the line says so, and a
 * broken identity is a bug the line itself shows. An isolated source's
 * child reports through its parent's summary. */
static void log_summary(af__engine *e) {
  char per_sink[1024];
  size_t o = 0;
  per_sink[0] = '\0';
  for (size_t i = 0; i < e->n_inst && o + 1 < sizeof(per_sink); i++)
    if (e->inst[i].kind == AF_KIND_SINK)
      o += (size_t)snprintf(per_sink + o, sizeof(per_sink) - o,
                            " written.%s=%ld", e->inst[i].name, e->inst[i].written);
  const af__run_stats *t = &e->stats;
  long outcomes = t->docs_new + t->docs_revised + t->docs_unchanged +
                  t->docs_redelivered + t->docs_duplicate + t->docs_failed;
  af__log(e->opts.child_fd ? AF_LOG_DEBUG : AF_LOG_INFO, "engine", "run_summary",
              "docs_seen=%ld docs_new=%ld docs_revised=%ld docs_unchanged=%ld "
              "docs_redelivered=%ld docs_duplicate=%ld docs_failed=%ld "
              "docs_identity=%s source_failed=%ld findings=%ld "
              "discrepancies=%ld "
              "sink_failed=%ld spooled=%ld unspooled=%ld errors=%ld "
              "duration_s=%.3f%s",
              t->docs_seen, t->docs_new, t->docs_revised,
              t->docs_unchanged, t->docs_redelivered,
              t->docs_duplicate, t->docs_failed,
              outcomes == t->docs_seen ? "ok" : "BROKEN",
              t->source_failed, t->findings, t->discrepancies,
              t->sink_failed, t->spooled, t->unspooled,
              t->errors, t->seconds, per_sink);
}

int af__engine_run(af__engine *e, af__run_stats *stats) {
  int rc = 0;

  e->start_ms = uv_now(&e->loop);
  start_handles(e);
  af__log(e->opts.child_fd ? AF_LOG_DEBUG : AF_LOG_INFO, "engine", "run_start",
         "instances=%zu state=%s%s", e->n_inst, af__state_path(e->state),
         e->opts.dry_run ? " dry_run=true" : "");
  /* Sinks first, so nothing a source emits finds them closed; then what
   * they could not commit last time, then the sources (from pump). */
  rc = e->opts.dry_run ? 0 : start_instances(e, AF_KIND_SINK);
  if (rc) {
    e->stopping = 1;
    stop_sources(e);
  } else if (e->opts.dist) {
    /* a worker's sources run when a seed comes (dist_hooks.c) */
  } else if (af__engine_spool_begin(e)) {
    e->spool_phase = 1;
  } else {
    start_instances(e, AF_KIND_SOURCE);
  }
  af__engine_kick(e);
  uv_run(&e->loop, UV_RUN_DEFAULT);
  if (!e->finished) {
    /* A forced stop: close what is left so the loop can be freed. */
    finish(e);
    uv_run(&e->loop, UV_RUN_DEFAULT);
  }
  /* What a forced stop left uncommitted goes to the spool now, so the
   * summary counts it. */
  for (size_t i = 0; i < e->n_inst; i++)
    if (e->inst[i].kind == AF_KIND_SINK)
      af__engine_spool_unsent(&e->inst[i]);
  if (e->opts.progress)
    fprintf(stderr, "\r\033[K");
  e->stats.seconds = (double)(uv_now(&e->loop) - e->start_ms) / 1000.0;
  log_summary(e);
  if (!e->opts.child_fd)
    af__metrics_finish(e, e->opts.dry_run ? NULL : e->opts.metrics_file);
  if (stats)
    *stats = e->stats;
  return rc;
}

void af__engine_free(af__engine *e) {
  if (!e)
    return;
  for (size_t i = 0; i < e->n_inst; i++) {
    struct af_inst *in = &e->inst[i];
    if (in->created && in->p->destroy)
      in->p->destroy(in, in->ctx);
    af__doc_ref *r;
    while ((r = af__fifo_pop(&in->queue)))
      af__engine_ref_release(e, r);
    free(in->queue.v);
    if (in->inflight) {
      for (size_t j = 0; j < in->inflight->n; j++)
        af__engine_ref_release(e, in->inflight->docs[j]);
      free(in->inflight->docs);
      free(in->inflight);
    }
    af__engine_spool_free(in);
    af__opt_lists_free(&in->lists);
    af__opt_lists_free(&in->limit_lists);
    free(in->ctx);
    free(in->ctx_init);
  }
  af__doc_ref *r;
  while ((r = af__fifo_pop(&e->waiting))) {
    af__doc_free(r->doc);
    free(r);
  }
  free(e->waiting.v);
  free(e->inst);
  for (size_t i = 0; i < e->seen_cap; i++) {
    free(e->seen[i].id);
    free(e->seen[i].hash);
  }
  free(e->seen);
  af__engine_pending_free(e);
  if (e->http) {
    af__http_free(e->http);
    uv_run(&e->loop, UV_RUN_DEFAULT);
  }
  af__norm_rules_free(e->rules);
  af__engine_reports_close(e);
  af__state_close(e->state);
  /* Last, so a signal until here is ours (see finish); closing them gives
   * the signals their default action back. */
  if (e->signals_on) {
    uv_close((uv_handle_t *)&e->sig_int, close_cb);
    uv_close((uv_handle_t *)&e->sig_term, close_cb);
    uv_close((uv_handle_t *)&e->sig_hup, close_cb);
    uv_close((uv_handle_t *)&e->sig_usr1, close_cb);
    uv_run(&e->loop, UV_RUN_DEFAULT);
  }
  uv_loop_close(&e->loop);
  free(e);
}
