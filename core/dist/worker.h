/* engine = nats: `auditfeed worker`, one process of the cluster (see
 * worker.c).  Runs until SIGTERM/SIGINT, or `idle_exit_ms` with nothing
 * to do; returns the process's exit code. */
#ifndef AF_WORKER_H
#define AF_WORKER_H

#include "nats_conn.h"
#include "pipeline.h"

int af__worker_run(af__pipeline *pl, af__nats *n, long idle_exit_ms);

#endif /* AF_WORKER_H */
