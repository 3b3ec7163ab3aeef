/* engine = nats: the connection to the JetStream cluster and the objects
 * auditfeed keeps there (streams, consumers, key-value buckets), created
 * idempotently by every process that connects (`run`, `worker`, `cluster
 * status`) and again after a reconnect, since a pull consumer can be lost
 * on a leader change (nats-server#4412).
 *
 * Names, for prefix P (stream_prefix, default AF):
 *   P_FRONTIER  subjects P.frontier.<shard>, work-queue retention, a 10
 *               minute duplicate window (tick-based Nats-Msg-Id);
 *               durable pull consumer F<shard> per shard, MaxAckPending 1
 *               (one URL of a host in flight cluster-wide), MaxDeliver -1
 *               (attempts are counted from the delivery count: #4427)
 *   P_RECORDS   subject P.records, interest retention; durable pull
 *               consumer S_<sink> per sink instance
 *   P_DEAD      subject P.dead: poison frontier messages, with AF-Reason
 *   P_validators, P_robots   key-value buckets (a cache, never needed
 *               for correctness)
 *
 * Threads: every call here blocks on the network; callers keep them off
 * the event loop (the worker's NATS thread, or a command that has no loop).
 * Ownership: an af__nats owns its connection, JetStream context and
 * buckets; af__nats_close frees them and is safe on a zeroed struct. */
#ifndef AF_NATS_CONN_H
#define AF_NATS_CONN_H

#include <stddef.h>
#include <stdint.h>

#include <nats/nats.h>

#define AF__NATS_MAX_SINKS 64
#define AF__NATS_ACK_WAIT_MS 60000 /* a dead worker's URL comes back after this */
/* How long a JetStream API call or publish waits for its answer.  The
 * library's 5 s is too short for a three-replica stream or consumer being
 * created on a busy cluster (its Raft group elects a leader first). */
#define AF__NATS_API_WAIT_MS 20000
#define AF__NATS_DUP_WINDOW_MS (10 * 60 * 1000)
#define AF__NATS_MAX_ATTEMPTS 5

typedef struct af__nats_cfg {
  const char *url;    /* comma-separated server URLs */
  const char *prefix; /* stream_prefix */
  long shards;
  const char *const *sinks; /* sink instance names: one records consumer each */
  size_t n_sinks;
  const char *name;   /* connection name the server shows */
} af__nats_cfg;

typedef struct af__nats {
  natsOptions *opts;
  natsConnection *nc;
  jsCtx *js;
  kvStore *kv_validators, *kv_robots;
  char prefix[48];
  long shards;
  int replicas;
  char **sinks;
  size_t n_sinks;
  volatile int reconnected; /* set by the client's thread; the owner re-ensures */
} af__nats;

/* Connects (fails fast when no server answers: no endless retry on the
 * first connect; reconnects forever afterwards).  0, or AF_ENET /
 * AF_ECONFIG with "what and where" in err. */
int af__nats_open(af__nats *n, const af__nats_cfg *cfg, char *err, size_t errlen);
/* Streams, consumers and buckets exist with our settings (created when
 * missing; an existing one is left as it is).  0 or AF_ENET with err. */
int af__nats_ensure(af__nats *n, char *err, size_t errlen);
void af__nats_close(af__nats *n);

/* Names into buf (sized >= 96): "AF_FRONTIER", "AF.frontier.7", "F7", ... */
void af__nats_stream(const af__nats *n, const char *what, char *buf, size_t len);
void af__nats_shard_subject(const af__nats *n, long shard, char *buf, size_t len);
void af__nats_shard_consumer(long shard, char *buf, size_t len);
void af__nats_sink_consumer(const char *sink, char *buf, size_t len);

/* "what failed: nats text" for logs, from a status and a JetStream code. */
void af__nats_error(char *err, size_t errlen, const char *what, natsStatus s,
                    jsErrCode jerr);

/* The library's threads and memory, once at process exit. */
void af__nats_library_close(void);

#endif /* AF_NATS_CONN_H */
