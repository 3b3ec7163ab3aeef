/* The sinks' write queue: see sinkq.h. */
#include "sinkq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sinkq_init(sinkq *q, const af_api *api, af_inst *inst, void *ctx,
                void (*work)(void *job),
                int (*finished)(void *ctx, void *job, int status),
                void (*free_job)(void *job), void (*close)(void *ctx)) {
  *q = (sinkq){.api = api, .inst = inst, .ctx = ctx, .work = work,
               .finished = finished, .free_job = free_job, .close = close};
}

static void kick(sinkq *q);

static void job_done(af_inst *inst, void *ctxp, void *ud, int status) {
  sinkq_job *job = ud;
  sinkq *q = job->q;
  (void)ctxp;

  q->head = job->next;
  if (!q->head)
    q->tail = NULL;
  q->busy = 0;

  int verdict = q->finished(q->ctx, job, status);
  af_batch *batch = job->batch;
  q->free_job(job);
  q->api->batch_done(inst, batch, verdict);

  if (q->head) {
    kick(q);
  } else if (q->stopping) {
    q->stopping = 0;
    q->close(q->ctx);
    q->api->stopped(inst);
  }
}

static void kick(sinkq *q) {
  if (q->busy || !q->head)
    return;
  q->busy = 1;
  if (q->api->offload(q->inst, q->work, job_done, q->head) < 0) {
    q->work(q->head);
    job_done(q->inst, q->ctx, q->head, 0);
  }
}

void sinkq_push(sinkq *q, void *jobp, af_batch *batch) {
  sinkq_job *job = jobp;
  job->next = NULL;
  job->q = q;
  job->batch = batch;
  if (q->tail)
    q->tail->next = job;
  else
    q->head = job;
  q->tail = job;
  kick(q);
}

int sinkq_push_rendered(sinkq *q, void *job, af_batch *batch, int rc, int empty,
                        const char *sink, const char *path) {
  char event[64];
  if (rc >= 0 && !empty) {
    sinkq_push(q, job, batch);
    return 0;
  }
  if (rc < 0) {
    snprintf(event, sizeof event, "%s.render_failed", sink);
    q->api->log(q->inst, AF_LOG_ERROR, event, "path=%s error=\"%s\"", path,
                q->api->strerror(rc));
  }
  q->free_job(job);
  q->api->batch_done(q->inst, batch, rc < 0 ? rc : AF_DONE);
  return 0;
}

int sinkq_idle(const sinkq *q) { return !q->busy && !q->head; }

int sinkq_stop(sinkq *q) {
  if (!sinkq_idle(q)) {
    q->stopping = 1;
    return 1;
  }
  q->close(q->ctx);
  return 0;
}

int sinkq_destroy(sinkq *q) {
  sinkq_job *j = q->head;
  int held = q->busy && j;
  if (held) {
    /* The pool still holds the head job; only its successors are ours. */
    j = j->next;
    q->head->next = NULL;
  }
  while (j) {
    sinkq_job *next = j->next;
    q->free_job(j);
    j = next;
  }
  q->tail = held ? q->head : NULL;
  if (!held)
    q->head = NULL;
  return held;
}

int sinkq_plugin_stop(af_inst *inst, void *ctx) {
  (void)inst;
  return sinkq_stop(ctx);
}

void sinkq_plugin_destroy(af_inst *inst, void *ctx) {
  sinkq *q = ctx;
  (void)inst;
  /* Jobs still queued belong to a core tearing down without waiting for
   * stop; their batches are the core's to release. */
  if (!sinkq_destroy(q) && q->close)
    q->close(q->ctx);
}

const af_document **sinkq_batch_docs(const af_api *api, af_batch *batch,
                                     size_t *n) {
  *n = api->batch_len(batch);
  const af_document **docs = calloc(*n ? *n : 1, sizeof *docs);
  if (docs)
    for (size_t i = 0; i < *n; i++)
      docs[i] = api->batch_doc(batch, i);
  return docs;
}

void *sinkq_job_alloc(const af_api *api, af_inst *inst, af_batch *batch,
                      size_t size) {
  void *job = calloc(1, size);
  if (!job)
    api->batch_done(inst, batch, AF_ENOMEM);
  return job;
}

int sinkq_refuse_closed(const af_api *api, af_inst *inst, af_batch *batch,
                        const char *event, const char *path, int err) {
  api->log(inst, AF_LOG_ERROR, event, "path=%s", path);
  api->batch_done(inst, batch, err);
  return 0;
}

void *sinkq_job_new(const af_api *api, af_inst *inst, af_batch *batch,
                    size_t size, size_t docs_at, size_t n_at) {
  char *job = sinkq_job_alloc(api, inst, batch, size);
  if (!job)
    return NULL;
  size_t n = 0;
  const af_document **docs = sinkq_batch_docs(api, batch, &n);
  if (!docs) {
    free(job);
    api->batch_done(inst, batch, AF_ENOMEM);
    return NULL;
  }
  memcpy(job + n_at, &n, sizeof n);
  memcpy(job + docs_at, (const void *)&docs, sizeof docs);
  return job;
}
