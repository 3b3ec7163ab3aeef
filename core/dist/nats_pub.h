/* engine = nats: publishing with a deduplication id and waiting for the
 * stream's acknowledgement (blocking: off the event loop). */
#ifndef AF_NATS_PUB_H
#define AF_NATS_PUB_H

#include "frontier.h"
#include "nats_conn.h"

/* Publishes data on subject with Nats-Msg-Id = msg_id (NULL: none) and
 * the header pairs hdr[0]=hdr[1], ... (n_hdr pairs), then waits for the
 * stream's ack.  *dup (may be NULL) = 1 when the stream folded it as a
 * duplicate.  0, or AF_ENET / AF_ENOMEM with err. */
int af__nats_publish(af__nats *n, const char *subject, const char *msg_id,
                     const char *data, size_t len, const char *const *hdr,
                     size_t n_hdr, int *dup, char *err, size_t errlen);
/* A frontier message on its shard's subject, with its id. */
int af__nats_publish_frontier(af__nats *n, const af__frontier_msg *m, int *dup,
                              char *err, size_t errlen);

#endif /* AF_NATS_PUB_H */
