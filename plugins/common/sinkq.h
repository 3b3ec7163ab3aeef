/* Shared by the csv, jsonl, sqlite and postgres sinks: the batches a sink
 * was handed, written one at a time and in order on the core's pool
 * (api->offload; inline when the pool refuses the job), acknowledged on the
 * loop, and a stop that waits until the last one is written.  Loop thread
 * only, except the sink's `work`.
 *
 * Ownership: the queue owns the jobs pushed to it and frees them with the
 * sink's `free_job` once acknowledged; the batches stay the core's. */
#ifndef AF_PLUGIN_SINKQ_H
#define AF_PLUGIN_SINKQ_H

#include <auditfeed/plugin.h>

typedef struct sinkq sinkq;

/* The first member of every sink's job. */
typedef struct sinkq_job {
  struct sinkq_job *next;
  sinkq *q;
  af_batch *batch;
} sinkq_job;

struct sinkq {
  /* set by the sink (sinkq_init) */
  const af_api *api;
  af_inst *inst;
  void *ctx;                /* the sink's context, handed to the callbacks */
  void (*work)(void *job);  /* pool thread: write one job */
  /* Loop: the verdict for the job's batch (status < 0: the pool could not
   * run `work`), after logging a failure and closing what must be opened
   * again. */
  int (*finished)(void *ctx, void *job, int status);
  void (*free_job)(void *job);
  void (*close)(void *ctx); /* the output, once a stop has drained the queue */

  /* state */
  int busy;     /* the head job is with the pool */
  int stopping; /* api->stopped is owed once the queue is empty */
  sinkq_job *head, *tail;
};

void sinkq_init(sinkq *q, const af_api *api, af_inst *inst, void *ctx,
                void (*work)(void *job),
                int (*finished)(void *ctx, void *job, int status),
                void (*free_job)(void *job), void (*close)(void *ctx));

/* Queues `job` (a sink job whose first member is a sinkq_job) for `batch`
 * and starts it when nothing else is being written. */
void sinkq_push(sinkq *q, void *job, af_batch *batch);

/* The end of a sink's write, once `job` for `batch` is rendered (rc < 0:
 * rendering failed): queues it; or, when rendering failed, logs
 * `SINK.render_failed path=PATH error="..."`, frees the job and fails the
 * batch; or, when the job has nothing to write (`empty`), frees it and
 * acknowledges the batch at once (nothing needs to be made durable).
 * Returns 0, what the sink's write returns. */
int sinkq_push_rendered(sinkq *q, void *job, af_batch *batch, int rc, int empty,
                        const char *sink, const char *path);

/* Nothing queued and nothing with the pool. */
int sinkq_idle(const sinkq *q);

/* The sink's stop: 0 when idle (the output closed now), 1 when
 * api->stopped follows the last queued job. */
int sinkq_stop(sinkq *q);

/* The sink's destroy: frees the queued jobs the pool does not hold.
 * 1 when the pool still holds the head job (and may use the output), so
 * the output must be left open; 0 otherwise. */
int sinkq_destroy(sinkq *q);

/* The sink's own stop and destroy callbacks, for a ctx whose first member
 * is its sinkq (csv, jsonl, sqlite): stop is sinkq_stop; destroy frees the
 * queued jobs and closes the output, unless the pool still holds the head
 * job (which may still use it). */
int sinkq_plugin_stop(af_inst *inst, void *ctx);
void sinkq_plugin_destroy(af_inst *inst, void *ctx);

/* The documents of `batch` in an array for a job to read on the pool; *n
 * their number.  Free with free();
 * NULL when out of memory. */
const af_document **sinkq_batch_docs(const af_api *api, af_batch *batch,
                                     size_t *n);

/* A zeroed job of `size` bytes for write(); when memory runs out the batch
 * is answered AF_ENOMEM and NULL returned (write() then returns 0). */
void *sinkq_job_alloc(const af_api *api, af_inst *inst, af_batch *batch,
                      size_t size);

/* write() on a sink whose output is not open: logs `event` with the path,
 * answers the batch `err`, returns 0 for write() to return. */
int sinkq_refuse_closed(const af_api *api, af_inst *inst, af_batch *batch,
                        const char *event, const char *path, int err);

/* A sink's write() begins here: a zeroed job of `size` bytes whose
 * `const af_document **` member at `docs_at` and `size_t` member at `n_at`
 * hold the batch's documents.  When memory runs out the batch is answered
 * AF_ENOMEM and NULL returned (write() then returns 0). */
void *sinkq_job_new(const af_api *api, af_inst *inst, af_batch *batch,
                    size_t size, size_t docs_at, size_t n_at);

#endif /* AF_PLUGIN_SINKQ_H */
