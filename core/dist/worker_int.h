/* engine = nats: the worker's internals, shared by worker.c (the jobs,
 * the hooks, the worker's life) and worker_kv.c (what the workers share
 * through the key-value buckets).  Loop thread only. */
#ifndef AF_WORKER_INT_H
#define AF_WORKER_INT_H

#include <signal.h>
#include <stdint.h>

#include <uv.h>

#include "dist_engine.h"
#include "frontier.h"
#include "nats_io.h"

enum { JOB_FRONTIER = 1, JOB_RECORD = 2 };
enum { PUB_RECORD = 1, PUB_HANDOFF = 2 };

typedef struct worker worker;

typedef struct fjob {
  int type; /* JOB_FRONTIER: first, as in rjob */
  worker *w;
  void *msg;
  long shard;
  uint64_t delivered;
  af__frontier_msg m;
  struct af_inst *src;
  af__http_limits lim;
  char host[256];
  int pending;  /* documents and publishes it is waiting for */
  int listed;   /* seed: source_done came; page: the response was delivered */
  int failed;   /* something it produced could not be published */
  long src_failed;
  int nak_hold; /* waiting here before its next attempt (job_nak) */
  int slot;     /* counts against the worker's fetch capacity (nats_io) */
  int kv_wait;  /* a bucket is being asked before its fetch (worker_kv.c) */
  char *etag, *last_modified; /* of its 200: shared once it is acknowledged */
  uint64_t hold_until;
  uint64_t progress_at; /* loop ms of its last InProgress (or its arrival) */
  uv_timer_t timer;
  struct fjob *prev, *next;
} fjob;

typedef struct rjob {
  int type; /* JOB_RECORD */
  void *msg;
  long sink;
} rjob;

typedef struct pub {
  int what;
  fjob *job;
  struct af__doc_ref *ref;
} pub;

struct worker {
  af__engine *e;
  af__nats *n;
  af__nio *io;
  uv_async_t async;
  uv_timer_t tick;
  fjob *jobs;
  long n_jobs, n_records, n_pubs;
  fjob *current; /* the job whose response is being delivered */
  struct af_inst *sinks[AF__NATS_MAX_SINKS];
  long idle_exit_ms;
  volatile sig_atomic_t *early_stop;
  uint64_t last_busy;
  int stopping, closed;
  long fetched, acked, naked, dead, published, committed;
};

/* worker.c: the page's one attempt (after the buckets were asked). */
void af__worker_start_page(fjob *j);

/* worker_kv.c.  Before a page's fetch: its host's robots.txt from the
 * robots bucket (when this worker has not read it) and, for a conditional
 * fetch, the URL's validators from the validators bucket.  1 when the job
 * waits for an answer (af__wkv_on_value then starts the fetch), 0 when
 * the fetch can start now. */
int af__wkv_lookup(fjob *j);
void af__wkv_on_value(worker *w, af__nio_ev *ev);
/* The HTTP client read a robots.txt: into the robots bucket. */
void af__wkv_robots_fetched(void *ud, const char *url, long status, const char *body,
                            size_t len);
/* A page's 200 brought validators: kept with the job (copies). */
void af__wkv_keep_validators(fjob *j, const af_response *res);
/* The job is acknowledged (what it produced is on the records stream):
 * its validators go to the bucket, for every worker's next conditional
 * request of the URL. */
void af__wkv_share_validators(fjob *j);

#endif /* AF_WORKER_INT_H */
