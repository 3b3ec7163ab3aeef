/* The JetStream cluster connection and its objects (see nats_conn.h). */
#include "nats_conn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <auditfeed/errno.h>

#define NS_PER_MS 1000000LL

void af__nats_error(char *err, size_t errlen, const char *what, natsStatus s,
                    jsErrCode jerr) {
  const char *last = nats_GetLastError(NULL);
  if (jerr)
    snprintf(err, errlen, "%s: %s (JetStream error %d)", what,
             last && *last ? last : natsStatus_GetText(s), (int)jerr);
  else
    snprintf(err, errlen, "%s: %s", what, last && *last ? last : natsStatus_GetText(s));
}

void af__nats_stream(const af__nats *n, const char *what, char *buf, size_t len) {
  snprintf(buf, len, "%s_%s", n->prefix, what);
}

void af__nats_shard_subject(const af__nats *n, long shard, char *buf, size_t len) {
  snprintf(buf, len, "%s.frontier.%ld", n->prefix, shard);
}

void af__nats_shard_consumer(long shard, char *buf, size_t len) {
  snprintf(buf, len, "F%ld", shard);
}

void af__nats_sink_consumer(const char *sink, char *buf, size_t len) {
  snprintf(buf, len, "S_%s", sink);
}

static void on_reconnected(natsConnection *nc, void *closure) {
  (void)nc;
  ((af__nats *)closure)->reconnected = 1;
}

/* "nats://a:4222, nats://b:4223" -> an array of trimmed URLs. */
static int split_urls(const char *s, char ***out, int *n) {
  char *copy = strdup(s), *save = NULL;
  int cap = 0;
  *out = NULL;
  *n = 0;
  if (!copy)
    return AF_ENOMEM;
  for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
    while (*t == ' ' || *t == '\t')
      t++;
    size_t l = strlen(t);
    while (l && (t[l - 1] == ' ' || t[l - 1] == '\t'))
      t[--l] = '\0';
    if (!l)
      continue;
    if (*n == cap) {
      cap = cap ? cap * 2 : 4;
      char **nv = realloc(*out, (size_t)cap * sizeof(*nv));
      if (!nv)
        goto nomem;
      *out = nv;
    }
    if (!((*out)[*n] = strdup(t)))
      goto nomem;
    (*n)++;
  }
  free(copy);
  return 0;
nomem:
  free(copy);
  for (int i = 0; i < *n; i++)
    free((*out)[i]);
  free(*out);
  *out = NULL;
  *n = 0;
  return AF_ENOMEM;
}

static int copy_cfg(af__nats *n, const af__nats_cfg *cfg, char *err, size_t errlen) {
  if (!cfg->prefix || !*cfg->prefix || strlen(cfg->prefix) >= sizeof(n->prefix) ||
      strspn(cfg->prefix, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                          "0123456789_-") != strlen(cfg->prefix)) {
    snprintf(err, errlen, "stream_prefix '%s': expected 1 to %zu of A-Z a-z 0-9 _ -",
             cfg->prefix ? cfg->prefix : "", sizeof(n->prefix) - 1);
    return AF_ECONFIG;
  }
  snprintf(n->prefix, sizeof(n->prefix), "%s", cfg->prefix);
  n->shards = cfg->shards;
  if (cfg->n_sinks > AF__NATS_MAX_SINKS) {
    snprintf(err, errlen, "too many sinks for engine = nats (%zu, at most %d)",
             cfg->n_sinks, AF__NATS_MAX_SINKS);
    return AF_ECONFIG;
  }
  n->sinks = calloc(cfg->n_sinks + 1, sizeof(char *));
  if (!n->sinks)
    return AF_ENOMEM;
  for (size_t i = 0; i < cfg->n_sinks; i++) {
    if (!(n->sinks[i] = strdup(cfg->sinks[i])))
      return AF_ENOMEM;
    n->n_sinks++;
  }
  return 0;
}

int af__nats_open(af__nats *n, const af__nats_cfg *cfg, char *err, size_t errlen) {
  char **urls = NULL;
  int n_urls = 0, rc;
  natsStatus s;

  memset(n, 0, sizeof(*n));
  if ((rc = copy_cfg(n, cfg, err, errlen)))
    return rc;
  if (!cfg->url || (rc = split_urls(cfg->url, &urls, &n_urls)) || !n_urls) {
    if (rc != AF_ENOMEM)
      snprintf(err, errlen, "nats_url: no server URL given (engine = nats needs "
                            "nats_url = nats://HOST:PORT[,...])");
    return rc == AF_ENOMEM ? rc : AF_ECONFIG;
  }
  /* Replicas: as many servers as the operator listed, at most three. */
  n->replicas = n_urls < 3 ? n_urls : 3;
  s = natsOptions_Create(&n->opts);
  if (s == NATS_OK)
    s = natsOptions_SetServers(n->opts, (const char **)urls, n_urls);
  if (s == NATS_OK)
    s = natsOptions_SetName(n->opts, cfg->name ? cfg->name : "auditfeed");
  if (s == NATS_OK)
    s = natsOptions_SetMaxReconnect(n->opts, -1);
  if (s == NATS_OK)
    s = natsOptions_SetReconnectWait(n->opts, 250);
  if (s == NATS_OK)
    s = natsOptions_SetTimeout(n->opts, 5000);
  if (s == NATS_OK)
    s = natsOptions_SetReconnectedCB(n->opts, on_reconnected, n);
  if (s == NATS_OK)
    s = natsConnection_Connect(&n->nc, n->opts);
  if (s == NATS_OK) {
    jsOptions jo;
    jsOptions_Init(&jo);
    jo.Wait = AF__NATS_API_WAIT_MS;
    s = natsConnection_JetStream(&n->js, n->nc, &jo);
  }
  if (s != NATS_OK) {
    char what[600];
    snprintf(what, sizeof(what), "cannot connect to nats_url %s", cfg->url);
    af__nats_error(err, errlen, what, s, 0);
    rc = AF_ENET;
  }
  for (int i = 0; i < n_urls; i++)
    free(urls[i]);
  free(urls);
  return rc;
}

/* Creates the stream when the server does not know it; one that exists
 * keeps its settings (an operator may have tuned them). */
static int ensure_stream(af__nats *n, const char *what, const char *subject,
                         jsRetentionPolicy ret, int64_t dup_ms, char *err,
                         size_t errlen) {
  char name[96];
  jsStreamInfo *si = NULL;
  jsErrCode jerr = 0;
  af__nats_stream(n, what, name, sizeof(name));
  natsStatus s = js_GetStreamInfo(&si, n->js, name, NULL, &jerr);
  if (s == NATS_OK) {
    jsStreamInfo_Destroy(si);
    return 0;
  }
  if (s != NATS_NOT_FOUND && jerr != JSStreamNotFoundErr) {
    char w[160];
    snprintf(w, sizeof(w), "stream %s", name);
    af__nats_error(err, errlen, w, s, jerr);
    return AF_ENET;
  }
  jsStreamConfig sc;
  const char *subjects[] = {subject};
  jsStreamConfig_Init(&sc);
  sc.Name = name;
  sc.Subjects = subjects;
  sc.SubjectsLen = 1;
  sc.Retention = ret;
  sc.Storage = js_FileStorage;
  sc.Replicas = n->replicas;
  if (dup_ms > 0)
    sc.Duplicates = dup_ms * NS_PER_MS;
  jerr = 0;
  s = js_AddStream(&si, n->js, &sc, NULL, &jerr);
  if (s != NATS_OK && jerr != JSStreamNameExistErr) { /* another process won the race */
    char w[160];
    snprintf(w, sizeof(w), "creating stream %s", name);
    af__nats_error(err, errlen, w, s, jerr);
    return AF_ENET;
  }
  jsStreamInfo_Destroy(si);
  return 0;
}

static int ensure_consumer(af__nats *n, const char *stream, const char *durable,
                           const char *filter, int64_t max_ack_pending, char *err,
                           size_t errlen) {
  jsConsumerInfo *ci = NULL;
  jsErrCode jerr = 0;
  natsStatus s = js_GetConsumerInfo(&ci, n->js, stream, durable, NULL, &jerr);
  if (s == NATS_OK) {
    jsConsumerInfo_Destroy(ci);
    return 0;
  }
  jsConsumerConfig cc;
  jsConsumerConfig_Init(&cc);
  cc.Durable = durable;
  cc.AckPolicy = js_AckExplicit;
  cc.AckWait = (int64_t)AF__NATS_ACK_WAIT_MS * NS_PER_MS;
  cc.MaxDeliver = -1; /* nats-server#4427: we count attempts ourselves */
  cc.MaxAckPending = max_ack_pending;
  cc.FilterSubject = filter;
  cc.DeliverPolicy = js_DeliverAll;
  jerr = 0;
  ci = NULL;
  s = js_AddConsumer(&ci, n->js, stream, &cc, NULL, &jerr);
  if (s != NATS_OK) {
    char w[200];
    snprintf(w, sizeof(w), "creating consumer %s on %s", durable, stream);
    af__nats_error(err, errlen, w, s, jerr);
    return AF_ENET;
  }
  jsConsumerInfo_Destroy(ci);
  return 0;
}

static int ensure_kv(af__nats *n, const char *what, kvStore **kv, char *err,
                     size_t errlen) {
  char bucket[96];
  if (*kv)
    return 0;
  snprintf(bucket, sizeof(bucket), "%s_%s", n->prefix, what);
  natsStatus s = js_KeyValue(kv, n->js, bucket);
  if (s == NATS_OK)
    return 0;
  kvConfig kc;
  kvConfig_Init(&kc);
  kc.Bucket = bucket;
  kc.History = 1;
  kc.Replicas = n->replicas;
  kc.StorageType = js_FileStorage;
  s = js_CreateKeyValue(kv, n->js, &kc);
  if (s != NATS_OK && js_KeyValue(kv, n->js, bucket) != NATS_OK) {
    char w[160];
    snprintf(w, sizeof(w), "key-value bucket %s", bucket);
    af__nats_error(err, errlen, w, s, 0);
    *kv = NULL;
    return AF_ENET;
  }
  return 0;
}

int af__nats_ensure(af__nats *n, char *err, size_t errlen) {
  char subj[96], stream[96], durable[96];
  int rc;
  snprintf(subj, sizeof(subj), "%s.frontier.*", n->prefix);
  if ((rc = ensure_stream(n, "FRONTIER", subj, js_WorkQueuePolicy,
                          AF__NATS_DUP_WINDOW_MS, err, errlen)))
    return rc;
  snprintf(subj, sizeof(subj), "%s.records", n->prefix);
  if ((rc = ensure_stream(n, "RECORDS", subj, js_InterestPolicy,
                          AF__NATS_DUP_WINDOW_MS, err, errlen)))
    return rc;
  snprintf(subj, sizeof(subj), "%s.dead", n->prefix);
  if ((rc = ensure_stream(n, "DEAD", subj, js_LimitsPolicy, 0, err, errlen)))
    return rc;
  af__nats_stream(n, "FRONTIER", stream, sizeof(stream));
  for (long i = 0; i < n->shards; i++) {
    af__nats_shard_subject(n, i, subj, sizeof(subj));
    af__nats_shard_consumer(i, durable, sizeof(durable));
    /* MaxAckPending 1: the server lets one URL per shard (so per host)
     * be in flight across every worker of the cluster. */
    if ((rc = ensure_consumer(n, stream, durable, subj, 1, err, errlen)))
      return rc;
  }
  af__nats_stream(n, "RECORDS", stream, sizeof(stream));
  snprintf(subj, sizeof(subj), "%s.records", n->prefix);
  for (size_t i = 0; i < n->n_sinks; i++) {
    af__nats_sink_consumer(n->sinks[i], durable, sizeof(durable));
    if ((rc = ensure_consumer(n, stream, durable, subj, 1000, err, errlen)))
      return rc;
  }
  if ((rc = ensure_kv(n, "validators", &n->kv_validators, err, errlen)) ||
      (rc = ensure_kv(n, "robots", &n->kv_robots, err, errlen)))
    return rc;
  n->reconnected = 0;
  return 0;
}

void af__nats_close(af__nats *n) {
  if (n->kv_validators)
    kvStore_Destroy(n->kv_validators);
  if (n->kv_robots)
    kvStore_Destroy(n->kv_robots);
  if (n->js)
    jsCtx_Destroy(n->js);
  if (n->nc) {
    natsConnection_Close(n->nc);
    natsConnection_Destroy(n->nc);
  }
  if (n->opts)
    natsOptions_Destroy(n->opts);
  for (size_t i = 0; i < n->n_sinks; i++)
    free(n->sinks[i]);
  free(n->sinks);
  memset(n, 0, sizeof(*n));
}

void af__nats_library_close(void) { nats_CloseAndWait(2000); }
