/* The worker's NATS thread (nats_io.h). */
#include "nats_io.h"

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <auditfeed/errno.h>

#include "frontier.h"
#include "log.h"
#include "nats_pub.h"

#define IDLE_WAIT_MS 50
/* Short pulls with an expiry: the client asks the server for 10 ms and
 * waits 20, so the request ends on the server first (nats.c#631 cannot
 * bite).  A no-wait pull without an expiry is no use with nats.c 3.4: the
 * client then waits 0 ms and leaves the server's answer in the
 * subscription.  The shards' pulls are plain: on an empty or held shard
 * no-wait waits the expiry as well, and its path once failed to hand a
 * nak-delayed message back in our two-worker tests. */
#define FETCH_EXPIRES_MS 20
/* A shard whose pull came back empty has its one slot with another worker
 * (or nothing left): asking again at once would cost every pass its
 * FETCH_EXPIRES_MS, so it waits this long, about one page fetch. */
#define SHARD_EMPTY_MS 100
/* How long a records consumer's info request may take before the pass
 * goes on without it (a consumer electing a leader answers no one). */
#define RECORDS_INFO_WAIT_MS 500
/* A records consumer whose info shows nothing pending is still pulled
 * this often: the pending count leaves out messages waiting for their
 * redelivery (a nak after a failed commit, an ack wait that ran out). */
#define RECORDS_PULL_MS 100

struct af__nio {
  af__nats *n;
  pthread_t th;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  af__nio_cmd *cmd_head, *cmd_tail;
  af__nio_ev *ev_head, *ev_tail;
  int stop, paused;
  void (*wake)(void *);
  void *wake_ud;
  long sink_window;
  /* Frontier jobs the loop is working on (pulled, not yet fetched or
   * settled), at most frontier_window: a worker takes a shard's only slot
   * only when it can start on it, so idle workers get the other hosts. */
  atomic_long busy;
  long frontier_window;
  long fetch_slots; /* of frontier_window, the jobs that can fetch at once */
  unsigned rng;      /* ties between shards (rand_r) */
  natsSubscription **shard_sub; /* [shards] */
  char *held;                   /* [shards]: a message of it is with the loop */
  uint64_t *empty_until;        /* [shards]: ms; see SHARD_EMPTY_MS */
  uint64_t *served;             /* [shards]: ms this worker last took one */
  uint64_t *queued;             /* [shards]: its messages at the last stream info */
  uint64_t *since;              /* [shards]: ms it last got messages (from none) */
  natsSubscription **sink_sub;  /* [n_sinks] */
  long *sink_out;               /* [n_sinks]: pulled, not settled */
  char *sink_fresh;             /* [n_sinks]: records came since its last lull */
  uint64_t *sink_pulled;        /* [n_sinks]: ms of its last pull */
  /* ms: key-value calls are skipped (a cache miss) until then.  A bucket
   * whose stream is electing a leader answers no one: every call would wait
   * the full API wait, and the acks queued behind them on this thread with
   * it, once per page. */
  uint64_t kv_off_until;
};

/* After a key-value call fails, the buckets are left alone this long. */
#define KV_BACKOFF_MS 30000u

static uint64_t mono_ms(void);
static int run_cmds(af__nio *io);
static void pull_after_ack(af__nio *io, long shard);

/* The loop paused pulls (a stop began) or the thread is told to end.
 * Checked again after each batch of commands inside a pass: the settling
 * that a stop sends frees a shard's slot, and a pull made then would take
 * a message no one handles, holding that host until the ack wait. */
static int pulls_paused(af__nio *io) {
  pthread_mutex_lock(&io->mu);
  int p = io->paused || io->stop;
  pthread_mutex_unlock(&io->mu);
  return p;
}

static void push_ev(af__nio *io, af__nio_ev *ev) {
  pthread_mutex_lock(&io->mu);
  if (io->ev_tail)
    io->ev_tail->next = ev;
  else
    io->ev_head = ev;
  io->ev_tail = ev;
  pthread_mutex_unlock(&io->mu);
  io->wake(io->wake_ud);
}

void af__nio_ev_free(af__nio_ev *ev) {
  if (!ev)
    return;
  free(ev->data);
  free(ev);
}

af__nio_ev *af__nio_take(af__nio *io) {
  pthread_mutex_lock(&io->mu);
  af__nio_ev *h = io->ev_head;
  io->ev_head = io->ev_tail = NULL;
  pthread_mutex_unlock(&io->mu);
  return h;
}

void af__nio_send(af__nio *io, af__nio_cmd *c) {
  c->next = NULL;
  pthread_mutex_lock(&io->mu);
  if (io->cmd_tail)
    io->cmd_tail->next = c;
  else
    io->cmd_head = c;
  io->cmd_tail = c;
  pthread_cond_signal(&io->cv);
  pthread_mutex_unlock(&io->mu);
}

int af__nio_settle(af__nio *io, void *msg, long shard, long sink, int op,
                   int64_t delay_ms, const char *reason) {
  af__nio_cmd *c = calloc(1, sizeof(*c));
  if (!c || (reason && !(c->reason = strdup(reason)))) {
    free(c);
    return AF_ENOMEM;
  }
  c->op = op;
  c->msg = msg;
  c->shard = shard;
  c->sink = sink;
  c->delay_ms = delay_ms;
  af__nio_send(io, c);
  return 0;
}

/* A command carrying a copy of `data` (a publish, a key-value put):
 * subject and id copied when given. */
static int send_data_cmd(af__nio *io, int op, const char *subject,
                         const char *id, const char *data, size_t len,
                         void *cookie, int bucket) {
  af__nio_cmd *c = calloc(1, sizeof(*c));
  if (!c)
    return AF_ENOMEM;
  c->op = op;
  c->shard = c->sink = -1;
  c->subject = subject ? strdup(subject) : NULL;
  c->msg_id = id ? strdup(id) : NULL;
  c->data = malloc(len + 1);
  if ((subject && !c->subject) || (id && !c->msg_id) || !c->data) {
    free(c->subject);
    free(c->msg_id);
    free(c->data);
    free(c);
    return AF_ENOMEM;
  }
  memcpy(c->data, data, len);
  c->data[len] = '\0';
  c->len = len;
  c->cookie = cookie;
  c->bucket = bucket;
  af__nio_send(io, c);
  return 0;
}

int af__nio_publish(af__nio *io, const char *subject, const char *msg_id,
                    const char *data, size_t len, void *cookie) {
  return send_data_cmd(io, AF_NIO_PUBLISH, subject, msg_id, data, len, cookie, 0);
}

int af__nio_kv_get(af__nio *io, int bucket, const char *key, void *cookie) {
  af__nio_cmd *c = calloc(1, sizeof(*c));
  af__nio_ev *ev = calloc(1, sizeof(*ev));
  if (!c || !ev || !(c->msg_id = strdup(key))) {
    free(c);
    free(ev);
    return AF_ENOMEM;
  }
  c->op = AF_NIO_KV_GET;
  c->shard = c->sink = -1;
  c->bucket = ev->bucket = bucket;
  ev->kind = AF_NIO_EV_KV;
  ev->cookie = cookie;
  ev->shard = ev->sink = -1;
  c->answer = ev;
  af__nio_send(io, c);
  return 0;
}

int af__nio_kv_put(af__nio *io, int bucket, const char *key, const char *data,
                   size_t len) {
  return send_data_cmd(io, AF_NIO_KV_PUT, NULL, key, data, len, NULL, bucket);
}

static kvStore *bucket_of(af__nio *io, int bucket) {
  return bucket == AF_NIO_VALIDATORS ? io->n->kv_validators : io->n->kv_robots;
}

static void kv_failed(af__nio *io, int bucket, natsStatus s) {
  io->kv_off_until = mono_ms() + KV_BACKOFF_MS;
  af__log_info("nats", "kv_unavailable",
               "bucket=%s error=\"%s\" msg=\"shared caches skipped for %us\"",
               bucket == AF_NIO_VALIDATORS ? "validators" : "robots",
               natsStatus_GetText(s), KV_BACKOFF_MS / 1000u);
}

static void cmd_free(af__nio_cmd *c) {
  af__nio_ev_free(c->answer);
  free(c->subject);
  free(c->msg_id);
  free(c->data);
  free(c->reason);
  free(c);
}

/* Poison: the message as it was, on P.dead with the reason, then Term. */
static void dead_letter(af__nio *io, natsMsg *m, const char *reason) {
  char subj[96], err[512];
  const char *hdr[] = {"AF-Reason", reason ? reason : "unknown",
                       "AF-Subject", natsMsg_GetSubject(m)};
  snprintf(subj, sizeof(subj), "%s.dead", io->n->prefix);
  if (af__nats_publish(io->n, subj, NULL, natsMsg_GetData(m),
                       (size_t)natsMsg_GetDataLength(m), hdr, 2, NULL, err,
                       sizeof(err)) != 0) {
    /* Not terminated: it comes back after the ack wait and dies again. */
    af__log_error("nats", "dead_letter_failed", "error=\"%s\"", err);
    return;
  }
  natsMsg_Term(m, NULL);
}

static void run_cmd(af__nio *io, af__nio_cmd *c) {
  natsMsg *m = c->msg;
  natsStatus s = NATS_OK;
  switch (c->op) {
  case AF_NIO_ACK: s = natsMsg_Ack(m, NULL); break;
  case AF_NIO_NAK:
    s = c->delay_ms > 0 ? natsMsg_NakWithDelay(m, c->delay_ms, NULL) : natsMsg_Nak(m, NULL);
    break;
  case AF_NIO_TERM: s = natsMsg_Term(m, NULL); break;
  case AF_NIO_DEAD: dead_letter(io, m, c->reason); break;
  case AF_NIO_PROGRESS:
    natsMsg_InProgress(m, NULL);
    free(c->reason);
    free(c);
    return; /* not settled: the message stays with the loop */
  case AF_NIO_KV_GET: {
    af__nio_ev *ev = c->answer;
    kvEntry *e = NULL;
    kvStore *kv = bucket_of(io, c->bucket);
    c->answer = NULL;
    natsStatus ks = kv && mono_ms() >= io->kv_off_until ? kvStore_Get(&e, kv, c->msg_id)
                                                        : NATS_NOT_FOUND;
    if (ks == NATS_OK) {
      int len = kvEntry_ValueLen(e);
      if (len >= 0 && (ev->data = malloc((size_t)len + 1))) {
        memcpy(ev->data, kvEntry_Value(e), (size_t)len);
        ev->data[len] = '\0';
        ev->len = (size_t)len;
      }
      kvEntry_Destroy(e);
    } else if (ks != NATS_NOT_FOUND) {
      kv_failed(io, c->bucket, ks);
    }
    push_ev(io, ev);
    cmd_free(c);
    return;
  }
  case AF_NIO_KV_PUT: {
    uint64_t rev = 0;
    kvStore *kv = bucket_of(io, c->bucket);
    if (kv && mono_ms() >= io->kv_off_until) {
      natsStatus ks = kvStore_Put(&rev, kv, c->msg_id, c->data, (int)c->len);
      if (ks != NATS_OK)
        kv_failed(io, c->bucket, ks);
    }
    cmd_free(c);
    return;
  }
  case AF_NIO_PUBLISH: {
    af__nio_ev *ev = calloc(1, sizeof(*ev));
    int dup = 0;
    char err[256];
    int rc = af__nats_publish(io->n, c->subject, c->msg_id, c->data, c->len, NULL, 0,
                              &dup, err, sizeof(err));
    if (ev) {
      ev->kind = AF_NIO_EV_PUBLISHED;
      ev->cookie = c->cookie;
      ev->rc = rc;
      ev->dup = dup;
      ev->shard = ev->sink = -1;
      if (rc)
        snprintf(ev->err, sizeof(ev->err), "%s", err);
      push_ev(io, ev);
    }
    cmd_free(c);
    return;
  }
  }
  if (s != NATS_OK)
    af__log_warn("nats", "settle_failed", "op=%d error=\"%s\" msg=\"the server "
                 "redelivers it after the ack wait\"", c->op, natsStatus_GetText(s));
  if (c->shard >= 0)
    io->held[c->shard] = 0;
  if (c->sink >= 0)
    io->sink_out[c->sink]--;
  natsMsg_Destroy(m);
  if (c->op == AF_NIO_ACK && c->shard >= 0 && s == NATS_OK)
    pull_after_ack(io, c->shard);
  cmd_free(c);
}

static af__nio_ev *msg_event(natsMsg *m, int kind, long shard, long sink) {
  af__nio_ev *ev = calloc(1, sizeof(*ev));
  int len = natsMsg_GetDataLength(m);
  jsMsgMetaData *meta = NULL;
  if (!ev || !(ev->data = malloc((size_t)len + 1))) {
    free(ev);
    return NULL;
  }
  memcpy(ev->data, natsMsg_GetData(m), (size_t)len);
  ev->data[len] = '\0';
  ev->len = (size_t)len;
  ev->kind = kind;
  ev->msg = m;
  ev->shard = shard;
  ev->sink = sink;
  ev->delivered = 1;
  /* Attempts come from the server's count, MaxDeliver being -1 (#4427). */
  if (natsMsg_GetMetaData(&meta, m) == NATS_OK) {
    ev->delivered = meta->NumDelivered;
    jsMsgMetaData_Destroy(meta);
  }
  return ev;
}

/* Up to `batch` messages of one consumer, without waiting.  Returns how
 * many became events. */
static int pull(af__nio *io, natsSubscription *sub, int batch, int kind, long shard,
                long sink) {
  natsMsgList list = {0};
  jsFetchRequest req;
  int got = 0;
  jsFetchRequest_Init(&req);
  req.Batch = batch;
  /* Records: no-wait with an expiry, which the server (2.9) ends as soon
   * as it has handed over what the consumer has, instead of holding a
   * short batch open for the whole expiry (about 11 ms a pass, measured).
   * Not for the shards: see FETCH_EXPIRES_MS. */
  req.NoWait = kind == AF_NIO_EV_RECORD;
  req.Expires = (int64_t)FETCH_EXPIRES_MS * 1000000;
  if (natsSubscription_FetchRequest(&list, sub, &req) != NATS_OK) {
    natsMsgList_Destroy(&list);
    return 0; /* nothing there, or nothing we may have (MaxAckPending) */
  }
  for (int i = 0; i < list.Count; i++) {
    natsMsg *m = list.Msgs[i];
    list.Msgs[i] = NULL; /* ours now, not the list's */
    af__nio_ev *ev = msg_event(m, kind, shard, sink);
    if (!ev) {
      natsMsg_Destroy(m); /* unacknowledged: the server sends it again */
      continue;
    }
    if (shard >= 0) {
      io->held[shard] = 1;
      atomic_fetch_add(&io->busy, 1);
    }
    if (sink >= 0)
      io->sink_out[sink]++;
    push_ev(io, ev);
    got++;
  }
  natsMsgList_Destroy(&list);
  return got;
}

static uint64_t mono_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* One message of shard i; an empty answer means its slot is with another
 * worker (or nothing is left), so the shard rests SHARD_EMPTY_MS. */
static int pull_shard(af__nio *io, long i) {
  int one = pull(io, io->shard_sub[i], 1, AF_NIO_EV_FRONTIER, i, -1);
  if (one)
    io->served[i] = mono_ms();
  else
    io->empty_until[i] = mono_ms() + SHARD_EMPTY_MS;
  return one;
}

typedef struct cand {
  long shard;
  uint64_t claim; /* af__frontier_claim */
  unsigned tie;
} cand;

static int cand_cmp(const void *a, const void *b) {
  const cand *x = a, *y = b;
  if (x->claim != y->claim)
    return x->claim > y->claim ? -1 : 1;
  return x->tie < y->tie ? -1 : x->tie > y->tie;
}

/* Which shards hold messages: one request for the whole frontier, so an
 * idle pass does not wait on every shard's consumer.  The shards are tried
 * by their claim (af__frontier_claim: messages times the wait since this
 * worker last served the shard, or since it got messages), ties in random
 * order.  Every host with work gets its turn, as a polite crawler's host
 * queues do, and a host whose feed was just read does not wait behind the
 * hosts the pass happens to meet first (with a fixed or a rotating order
 * some hosts started their articles only in the last third of the
 * benchmark).  Weighing the wait by the queue gives a shard with two
 * hosts' pages (served one at a time) turns in proportion, instead of
 * leaving half its pages for the end of the job, when it is the only one
 * left; the queue length alone starved the shards holding a single feed
 * (docs/benchmarks.md). */
static int pull_frontier(af__nio *io) {
  char stream[96], filter[96];
  jsOptions o;
  jsStreamInfo *si = NULL;
  jsErrCode jerr = 0;
  int got = 0;
  if (io->frontier_window - atomic_load(&io->busy) <= 0)
    return 0;
  af__nats_stream(io->n, "FRONTIER", stream, sizeof(stream));
  snprintf(filter, sizeof(filter), "%s.frontier.*", io->n->prefix);
  jsOptions_Init(&o);
  o.Stream.Info.SubjectsFilter = filter;
  if (js_GetStreamInfo(&si, io->n->js, stream, &o, &jerr) != NATS_OK)
    return 0;
  const jsStreamStateSubjects *subs = si->State.Subjects;
  int count = subs ? subs->Count : 0, nc = 0;
  cand *c = count > 0 ? malloc((size_t)count * sizeof(*c)) : NULL;
  uint64_t now = mono_ms();
  /* The list names only the subjects that hold messages: a shard it
   * leaves out is empty now, and its wait starts again when it is not. */
  for (long i = 0; i < io->n->shards; i++) {
    if (io->queued[i] == 0)
      io->since[i] = now;
    io->queued[i] = 0;
  }
  for (int k = 0; c && k < count; k++) {
    const char *dot = strrchr(subs->List[k].Subject, '.');
    long i = dot ? strtol(dot + 1, NULL, 10) : -1;
    if (i < 0 || i >= io->n->shards)
      continue;
    io->queued[i] = subs->List[k].Msgs;
    uint64_t from = io->served[i] > io->since[i] ? io->served[i] : io->since[i];
    if (subs->List[k].Msgs > 0 && !io->held[i] && io->shard_sub[i] &&
        io->empty_until[i] <= now)
      c[nc++] = (cand){i, af__frontier_claim(subs->List[k].Msgs, from, now),
                       (unsigned)rand_r(&io->rng)};
  }
  jsStreamInfo_Destroy(si);
  if (nc > 1)
    qsort(c, (size_t)nc, sizeof(*c), cand_cmp);
  for (int n = 0; n < nc; n++) {
    long i = c[n].shard;
    /* What the loop asked for meanwhile goes first: an acknowledgement
     * frees its shard's one slot (MaxAckPending 1) and a record's publish
     * is what its job's acknowledgement waits for, so neither waits
     * behind the pass's pulls, which take up to FETCH_EXPIRES_MS each. */
    run_cmds(io);
    if (pulls_paused(io) || io->frontier_window - atomic_load(&io->busy) <= 0)
      break;
    if (io->held[i])
      continue; /* taken again right after its ack (pull_after_ack) */
    got += pull_shard(io, i);
  }
  free(c);
  return got;
}

/* A shard's job was just acknowledged, so its one slot (MaxAckPending 1)
 * is free: when the last stream info showed another message behind it and
 * one of this worker's fetch slots is free, its next message is pulled at
 * once.  Otherwise the shard waited for the next pass (measured: 15 ms
 * median from ack to the next pull on the shards that end a job), and
 * the other workers, which found it held, for their SHARD_EMPTY_MS.  Not
 * as a look-ahead (no slot free): that job would wait here for this
 * worker's fetches while another worker could start it. */
static void pull_after_ack(af__nio *io, long i) {
  if (io->queued[i] < 2 || !io->shard_sub[i] || io->held[i] ||
      atomic_load(&io->busy) >= io->fetch_slots || pulls_paused(io))
    return;
  io->queued[i]--; /* the message acknowledged */
  int got = pull_shard(io, i);
  af__log_debug("nats", "pulled_after_ack", "shard=%ld got=%d", i, got);
}

/* Whether the sink's records consumer has messages waiting (the consumer
 * info's pending count), so an empty consumer costs one short request
 * rather than a pull that waits its expiry (about 11 ms) every pass.
 * -1 when the info did not come: the pull decides. */
static long records_waiting(af__nio *io, size_t i) {
  char stream[96], durable[96];
  jsOptions o;
  jsConsumerInfo *ci = NULL;
  jsErrCode jerr = 0;
  jsOptions_Init(&o);
  o.Wait = RECORDS_INFO_WAIT_MS;
  af__nats_stream(io->n, "RECORDS", stream, sizeof(stream));
  af__nats_sink_consumer(io->n->sinks[i], durable, sizeof(durable));
  if (js_GetConsumerInfo(&ci, io->n->js, stream, durable, &o, &jerr) != NATS_OK)
    return -1;
  long n = ci->NumPending > (uint64_t)LONG_MAX ? LONG_MAX : (long)ci->NumPending;
  jsConsumerInfo_Destroy(ci);
  return n;
}

/* The sink's records consumer had nothing more (its pull came back
 * empty) after bringing records: the loop may write the partial batch now
 * instead of after the sink's flush_interval.  Once per such lull. */
static void records_idle(af__nio *io, size_t i) {
  if (!io->sink_fresh[i])
    return;
  af__nio_ev *ev = calloc(1, sizeof(*ev));
  if (!ev)
    return; /* the flush interval writes it */
  io->sink_fresh[i] = 0;
  ev->kind = AF_NIO_EV_RECORDS_IDLE;
  ev->shard = -1;
  ev->sink = (long)i;
  push_ev(io, ev);
}

static int pull_all(af__nio *io) {
  int got = pull_frontier(io);
  for (size_t i = 0; i < io->n->n_sinks; i++) {
    long room = io->sink_window - io->sink_out[i];
    if (room <= 0 || !io->sink_sub[i])
      continue;
    int batch = room > 256 ? 256 : (int)room;
    run_cmds(io);
    if (pulls_paused(io))
      break;
    long waiting = records_waiting(io, i);
    uint64_t now = mono_ms();
    if (waiting == 0 && now < io->sink_pulled[i] + RECORDS_PULL_MS) {
      records_idle(io, i);
      continue;
    }
    io->sink_pulled[i] = now;
    if (waiting > 0 && waiting < batch)
      batch = (int)waiting;
    int one = pull(io, io->sink_sub[i], batch, AF_NIO_EV_RECORD, -1, (long)i);
    if (one)
      io->sink_fresh[i] = 1;
    /* Short of its batch, or all the info said was pending: the stream
     * had no more for this consumer just now. */
    if (one < batch || (waiting > 0 && one >= waiting))
      records_idle(io, i);
    got += one;
  }
  return got;
}

static natsSubscription *bind_consumer(af__nio *io, const char *stream, const char *durable,
                              const char *subject, char *err, size_t errlen) {
  natsSubscription *sub = NULL;
  jsSubOptions so;
  jsErrCode jerr = 0;
  jsSubOptions_Init(&so);
  so.Stream = stream;
  so.Consumer = durable; /* bind to ours: never create one with other settings */
  so.ManualAck = true;
  natsStatus s = js_PullSubscribe(&sub, io->n->js, subject, durable, NULL, &so, &jerr);
  if (s != NATS_OK) {
    char what[256]; /* room for both names in full */
    snprintf(what, sizeof(what), "pull subscription %s on %s", durable, stream);
    af__nats_error(err, errlen, what, s, jerr);
    return NULL;
  }
  return sub;
}

static int bind_all(af__nio *io, char *err, size_t errlen) {
  char stream[96], durable[96], subject[96];
  af__nats_stream(io->n, "FRONTIER", stream, sizeof(stream));
  for (long i = 0; i < io->n->shards; i++) {
    af__nats_shard_consumer(i, durable, sizeof(durable));
    af__nats_shard_subject(io->n, i, subject, sizeof(subject));
    if (!(io->shard_sub[i] = bind_consumer(io, stream, durable, subject, err, errlen)))
      return AF_ENET;
  }
  af__nats_stream(io->n, "RECORDS", stream, sizeof(stream));
  snprintf(subject, sizeof(subject), "%s.records", io->n->prefix);
  for (size_t i = 0; i < io->n->n_sinks; i++) {
    af__nats_sink_consumer(io->n->sinks[i], durable, sizeof(durable));
    if (!(io->sink_sub[i] = bind_consumer(io, stream, durable, subject, err, errlen)))
      return AF_ENET;
  }
  return 0;
}

/* 1 when commands ran */
static int run_cmds(af__nio *io) {
  pthread_mutex_lock(&io->mu);
  af__nio_cmd *c = io->cmd_head;
  io->cmd_head = io->cmd_tail = NULL;
  pthread_mutex_unlock(&io->mu);
  int any = c != NULL;
  while (c) {
    af__nio_cmd *next = c->next;
    run_cmd(io, c);
    c = next;
  }
  return any;
}

static void *nio_main(void *arg) {
  af__nio *io = arg;
  for (;;) {
    int worked = run_cmds(io);
    pthread_mutex_lock(&io->mu);
    int stop = io->stop && !io->cmd_head, paused = io->paused;
    pthread_mutex_unlock(&io->mu);
    if (stop)
      break;
    if (io->n->reconnected) {
      /* A leader change can lose a pull consumer (nats-server#4412). */
      char err[512];
      if (af__nats_ensure(io->n, err, sizeof(err)) != 0)
        af__log_warn("nats", "ensure_failed", "error=\"%s\"", err);
      else
        af__log_info("nats", "consumers_ensured", "after=reconnect");
    }
    if (!paused)
      worked |= pull_all(io) > 0;
    if (worked)
      continue;
    pthread_mutex_lock(&io->mu);
    if (!io->cmd_head && !io->stop) {
      struct timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      ts.tv_nsec += IDLE_WAIT_MS * 1000000L;
      if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
      }
      pthread_cond_timedwait(&io->cv, &io->mu, &ts);
    }
    pthread_mutex_unlock(&io->mu);
  }
  natsConnection_FlushTimeout(io->n->nc, 2000); /* the last acks reach the server */
  return NULL;
}

static void subs_free(af__nio *io) {
  for (long i = 0; io->shard_sub && i < io->n->shards; i++)
    if (io->shard_sub[i])
      natsSubscription_Destroy(io->shard_sub[i]);
  for (size_t i = 0; io->sink_sub && i < io->n->n_sinks; i++)
    if (io->sink_sub[i])
      natsSubscription_Destroy(io->sink_sub[i]);
  free(io->shard_sub);
  free(io->sink_sub);
  free(io->held);
  free(io->empty_until);
  free(io->served);
  free(io->queued);
  free(io->since);
  free(io->sink_out);
  free(io->sink_fresh);
  free(io->sink_pulled);
}

int af__nio_start(af__nio **out, af__nats *n, void (*wake)(void *), void *wake_ud,
                  long sink_window, long fetch_slots, long frontier_window, char *err,
                  size_t errlen) {
  af__nio *io = calloc(1, sizeof(*io));
  *out = NULL;
  if (!io)
    return AF_ENOMEM;
  io->n = n;
  io->wake = wake;
  io->wake_ud = wake_ud;
  io->sink_window = sink_window > 0 ? sink_window : 256;
  io->frontier_window = frontier_window > 0 ? frontier_window : 1;
  io->fetch_slots = fetch_slots > 0 ? fetch_slots : 1;
  atomic_init(&io->busy, 0);
  io->rng = (unsigned)mono_ms() ^ ((unsigned)getpid() << 16);
  io->shard_sub = calloc((size_t)n->shards, sizeof(*io->shard_sub));
  io->held = calloc((size_t)n->shards, 1);
  io->empty_until = calloc((size_t)n->shards, sizeof(*io->empty_until));
  io->served = calloc((size_t)n->shards, sizeof(*io->served));
  io->queued = calloc((size_t)n->shards, sizeof(*io->queued));
  io->since = calloc((size_t)n->shards, sizeof(*io->since));
  io->sink_sub = calloc(n->n_sinks + 1, sizeof(*io->sink_sub));
  io->sink_out = calloc(n->n_sinks + 1, sizeof(*io->sink_out));
  io->sink_fresh = calloc(n->n_sinks + 1, 1);
  io->sink_pulled = calloc(n->n_sinks + 1, sizeof(*io->sink_pulled));
  int rc = io->shard_sub && io->held && io->empty_until && io->served && io->queued &&
                   io->since && io->sink_sub &&
                   io->sink_out && io->sink_fresh && io->sink_pulled
               ? bind_all(io, err, errlen) : AF_ENOMEM;
  if (!rc) {
    pthread_mutex_init(&io->mu, NULL);
    pthread_cond_init(&io->cv, NULL);
    if (pthread_create(&io->th, NULL, nio_main, io) != 0) {
      snprintf(err, errlen, "cannot start the NATS thread");
      pthread_mutex_destroy(&io->mu);
      pthread_cond_destroy(&io->cv);
      rc = AF_ENOMEM;
    }
  }
  if (rc) {
    subs_free(io);
    free(io);
    return rc;
  }
  *out = io;
  return 0;
}

void af__nio_slot_free(af__nio *io) {
  atomic_fetch_sub(&io->busy, 1);
  /* Pull again now rather than after the idle wait: the slot is idle. */
  pthread_mutex_lock(&io->mu);
  pthread_cond_signal(&io->cv);
  pthread_mutex_unlock(&io->mu);
}

void af__nio_pause(af__nio *io) {
  pthread_mutex_lock(&io->mu);
  io->paused = 1;
  pthread_mutex_unlock(&io->mu);
}

void af__nio_free(af__nio *io) {
  if (!io)
    return;
  pthread_mutex_lock(&io->mu);
  io->stop = 1;
  pthread_cond_signal(&io->cv);
  pthread_mutex_unlock(&io->mu);
  pthread_join(io->th, NULL);
  af__nio_ev *ev = af__nio_take(io);
  while (ev) {
    af__nio_ev *next = ev->next;
    /* Pulled as the stop came, never handled: handed back at once, not
     * after the ack wait, during which its shard (MaxAckPending 1) would
     * give no worker its host.  If the nak is lost, the ack wait still
     * brings it back. */
    if (ev->msg) {
      (void)natsMsg_Nak(ev->msg, NULL);
      natsMsg_Destroy(ev->msg);
    }
    af__nio_ev_free(ev);
    ev = next;
  }
  subs_free(io);
  pthread_mutex_destroy(&io->mu);
  pthread_cond_destroy(&io->cv);
  free(io);
}
