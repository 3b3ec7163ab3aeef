/* engine = nats, the command side (cmd_nats.c, cmd_cluster.c,
 * cmd_worker.c): connecting from a parsed pipeline, and the commands. */
#ifndef AF_NATS_RUN_H
#define AF_NATS_RUN_H

#include "nats_conn.h"
#include "pipeline.h"

/* Connects with the pipeline's [core] keys and ensures the streams,
 * consumers (one records consumer per sink section) and buckets.  0, or
 * an AF_E* already reported on stderr and in the log. */
int af__nats_connect_pipeline(af__pipeline *pl, af__nats *n, const char *who);
/* `run` / `run --every` with engine = nats: publish the due seeds.
 * Returns the exit code. */
int af__nats_run(af__pipeline *pl);

#endif /* AF_NATS_RUN_H */
