/* engine = nats: the worker's NATS thread.  Every call that can block on
 * the network (pulling, publishing and waiting for the stream's ack,
 * acknowledging, re-ensuring after a reconnect) happens on this one
 * thread; the event loop talks to it through a command queue, and it
 * answers through an event queue and a uv_async.  Nothing here touches
 * the engine.
 *
 * Pulling: every frontier shard this worker does not hold a message of,
 * and every sink's records consumer, with no-wait fetch requests (one
 * thread cannot block on 32 subscriptions; a fetch that waits would also
 * meet nats.c#631, its timeout ignored), then a short sleep when all were
 * empty.  MaxAckPending 1 on the shard consumers means the server hands a
 * shard's next message to no one until the one in flight is settled.
 *
 * Ownership: a natsMsg travels to the loop inside an event as an opaque
 * handle and comes back in exactly one settling command (ack, nak, term,
 * dead), after which the thread destroys it.  Event and command strings
 * are malloc'd and owned by whoever holds the struct. */
#ifndef AF_NATS_IO_H
#define AF_NATS_IO_H

#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#include "nats_conn.h"

enum af__nio_op {
  AF_NIO_ACK = 1,
  AF_NIO_NAK,      /* NakWithDelay(delay_ms) */
  AF_NIO_TERM,
  AF_NIO_DEAD,     /* publish to P.dead with AF-Reason, then Term */
  AF_NIO_PUBLISH,  /* subject, msg_id, data: an EV_PUBLISHED answers */
  AF_NIO_PROGRESS, /* InProgress: the ack wait starts again (long holds) */
  AF_NIO_KV_GET,   /* msg_id = key in `bucket`: an EV_KV answers */
  AF_NIO_KV_PUT    /* msg_id = key, data = value; nothing answers */
};

/* The key-value buckets (caches shared by the workers). */
enum af__nio_bucket { AF_NIO_ROBOTS = 1, AF_NIO_VALIDATORS };

typedef struct af__nio_cmd {
  int op;
  void *msg;        /* the natsMsg to settle (not PUBLISH) */
  long shard;       /* frontier shard it came from, or -1 */
  long sink;        /* records consumer index it came from, or -1 */
  int64_t delay_ms; /* NAK */
  char *subject, *msg_id, *data; /* PUBLISH */
  size_t len;
  char *reason;     /* DEAD */
  void *cookie;     /* PUBLISH: handed back */
  int bucket;       /* KV_GET, KV_PUT: enum af__nio_bucket */
  struct af__nio_ev *answer; /* KV_GET: allocated up front, so it always comes */
  struct af__nio_cmd *next;
} af__nio_cmd;

enum af__nio_ev_kind {
  AF_NIO_EV_FRONTIER = 1,
  AF_NIO_EV_RECORD,
  AF_NIO_EV_PUBLISHED,
  AF_NIO_EV_KV, /* cookie; data = the value, or NULL (no such key, or no answer) */
  /* sink: its records consumer came back empty after bringing records
   * (nothing more waits on the stream for it just now) */
  AF_NIO_EV_RECORDS_IDLE
};

typedef struct af__nio_ev {
  int kind;
  void *msg;          /* FRONTIER, RECORD: settle it with one command */
  long shard, sink;
  uint64_t delivered; /* the server's delivery count (1 = first) */
  char *data;         /* a copy of the payload, NUL-terminated */
  size_t len;
  void *cookie;       /* PUBLISHED */
  int rc;             /* PUBLISHED: 0 or AF_E* */
  int dup;
  int bucket;         /* KV: the bucket asked */
  char err[256];
  struct af__nio_ev *next;
} af__nio_ev;

typedef struct af__nio af__nio;

/* Starts the thread on an open, ensured connection (borrowed until
 * af__nio_free).  `wake` is called (from the NATS thread) when events
 * wait: the worker's uv_async_send.  sink_window: records messages
 * pulled and not yet settled, per sink, at most.  fetch_slots: the
 * frontier jobs that can fetch at once; frontier_window (at least that)
 * adds the look-ahead. */
int af__nio_start(af__nio **out, af__nats *n, void (*wake)(void *), void *wake_ud,
                  long sink_window, long fetch_slots, long frontier_window, char *err,
                  size_t errlen);
/* A frontier job no longer needs the worker's fetch capacity (its fetch
 * ended, or it was settled without one): one call per frontier event.
 * frontier_window (af__nio_start) bounds the jobs pulled and not yet so. */
void af__nio_slot_free(af__nio *io);
/* Queues a command (the thread owns it from now on). */
void af__nio_send(af__nio *io, af__nio_cmd *c);
/* Everything that arrived, oldest first; the caller frees each with
 * af__nio_ev_free. */
af__nio_ev *af__nio_take(af__nio *io);
void af__nio_ev_free(af__nio_ev *ev);
/* No more pulling (the worker is stopping); commands still run. */
void af__nio_pause(af__nio *io);
/* Runs the commands still queued, flushes, joins the thread, frees. */
void af__nio_free(af__nio *io);

/* A settling command (ACK, NAK, TERM, DEAD, PROGRESS) for a message an
 * event brought, with the shard and sink the event named.  0 or
 * AF_ENOMEM (nothing queued: the message comes back after the ack wait). */
int af__nio_settle(af__nio *io, void *msg, long shard, long sink, int op,
                   int64_t delay_ms, const char *reason);
/* The robots and validators buckets (caches shared by the workers; never
 * needed for a correct result).  GET: an EV_KV event brings `cookie` and
 * `bucket` back with the value.  PUT: fire and forget.  Both copy; 0 or
 * AF_ENOMEM (nothing queued, and for GET no event will come). */
int af__nio_kv_get(af__nio *io, int bucket, const char *key, void *cookie);
int af__nio_kv_put(af__nio *io, int bucket, const char *key, const char *data,
                   size_t len);
/* A PUBLISH; the EV_PUBLISHED event brings `cookie` back.  Copies. */
int af__nio_publish(af__nio *io, const char *subject, const char *msg_id,
                    const char *data, size_t len, void *cookie);

#endif /* AF_NATS_IO_H */
