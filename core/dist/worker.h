/* engine = nats: `auditfeed worker`, one process of the cluster (see
 * worker.c).  Runs until SIGTERM/SIGINT, or `idle_exit_ms` with nothing
 * to do; returns the process's exit code.  *early_stop (set by the
 * caller's signal handler before the engine's own are installed) stops
 * it as a signal would. */
#ifndef AF_WORKER_H
#define AF_WORKER_H

#include <signal.h>

#include "nats_conn.h"
#include "pipeline.h"

int af__worker_run(af__pipeline *pl, af__nats *n, long idle_exit_ms,
                   volatile sig_atomic_t *early_stop);

#endif /* AF_WORKER_H */
