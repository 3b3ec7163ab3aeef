/* `auditfeed cluster status -c CONF` (engine = nats): what an operator
 * monitors, one logfmt line per stream and per consumer on stdout:
 *   event=stream name=AF_FRONTIER messages=N
 *   event=consumer stream=AF_FRONTIER name=F7 pending=N ack_pending=N redelivered=N
 *   event=dead_letter stream=AF_DEAD messages=N
 *   event=cluster drained=true|false
 * Exit 0 when every frontier and records consumer has nothing pending or
 * unacknowledged and the dead-letter stream is empty, 1 otherwise, 2 when
 * the cluster cannot be reached (tests poll it to know a job is done). */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "log.h"
#include "nats_conn.h"
#include "nats_run.h"
#include "pipeline.h"

/* 1 drained, 0 not, -1 error */
static int consumer_line(af__nats *n, const char *stream, const char *name) {
  jsConsumerInfo *ci = NULL;
  jsErrCode jerr = 0;
  natsStatus s = js_GetConsumerInfo(&ci, n->js, stream, name, NULL, &jerr);
  if (s != NATS_OK) {
    char err[512];
    af__nats_error(err, sizeof(err), name, s, jerr);
    printf("event=consumer stream=%s name=%s error=\"%s\"\n", stream, name, err);
    return -1;
  }
  printf("event=consumer stream=%s name=%s pending=%llu ack_pending=%lld "
         "redelivered=%lld waiting=%lld\n", stream, name,
         (unsigned long long)ci->NumPending, (long long)ci->NumAckPending,
         (long long)ci->NumRedelivered, (long long)ci->NumWaiting);
  int drained = ci->NumPending == 0 && ci->NumAckPending == 0;
  jsConsumerInfo_Destroy(ci);
  return drained;
}

/* messages in the stream, or -1 */
static long long stream_line(af__nats *n, const char *what, const char *event) {
  char name[96];
  jsStreamInfo *si = NULL;
  jsErrCode jerr = 0;
  af__nats_stream(n, what, name, sizeof(name));
  natsStatus s = js_GetStreamInfo(&si, n->js, name, NULL, &jerr);
  if (s != NATS_OK) {
    char err[512];
    af__nats_error(err, sizeof(err), name, s, jerr);
    printf("event=%s name=%s error=\"%s\"\n", event, name, err);
    return -1;
  }
  long long msgs = (long long)si->State.Msgs;
  printf("event=%s %s=%s messages=%lld bytes=%llu consumers=%lld replicas=%lld\n",
         event, strcmp(event, "stream") ? "stream" : "name", name, msgs,
         (unsigned long long)si->State.Bytes, (long long)si->State.Consumers,
         (long long)si->Config->Replicas);
  jsStreamInfo_Destroy(si);
  return msgs;
}

static int status(af__nats *n) {
  char stream[96], name[96];
  int drained = 1, err = 0, r;
  if (stream_line(n, "FRONTIER", "stream") < 0)
    err = 1;
  af__nats_stream(n, "FRONTIER", stream, sizeof(stream));
  for (long i = 0; i < n->shards; i++) {
    af__nats_shard_consumer(i, name, sizeof(name));
    r = consumer_line(n, stream, name);
    err |= r < 0;
    drained &= r == 1;
  }
  if (stream_line(n, "RECORDS", "stream") < 0)
    err = 1;
  af__nats_stream(n, "RECORDS", stream, sizeof(stream));
  for (size_t i = 0; i < n->n_sinks; i++) {
    af__nats_sink_consumer(n->sinks[i], name, sizeof(name));
    r = consumer_line(n, stream, name);
    err |= r < 0;
    drained &= r == 1;
  }
  long long dead = stream_line(n, "DEAD", "dead_letter");
  err |= dead < 0;
  drained &= dead == 0;
  printf("event=cluster drained=%s dead=%lld\n", drained && !err ? "true" : "false",
         dead);
  fflush(stdout);
  return err ? 2 : drained ? 0 : 1;
}

int af__cmd_cluster(int argc, char **argv) {
  af__pipeline pl = {0};
  af__nats n;
  if (argc < 2 || strcmp(argv[1], "status") != 0) {
    fprintf(argc >= 2 && !strcmp(argv[1], "--help") ? stdout : stderr,
            "Usage: auditfeed cluster status -c FILE\n\n"
            "engine = nats: the frontier, records and dead-letter streams and their\n"
            "consumers (pending, ack-pending, redelivered), one logfmt line each.\n"
            "Exit codes: 0 drained and nothing dead, 1 work left or dead letters,\n"
            "2 configuration error or the cluster cannot be reached.\n");
    return argc >= 2 && !strcmp(argv[1], "--help") ? 0 : 2;
  }
  int rc = af__pipeline_parse(&pl, argc - 1, argv + 1, "cluster");
  if (rc) {
    af__pipeline_free(&pl);
    return rc == 1 ? 0 : 2;
  }
  if (strcmp(pl.core.engine, "nats") != 0) {
    fprintf(stderr, "auditfeed cluster: the configuration's engine is %s "
                    "(set engine = nats and nats_url in [core])\n", pl.core.engine);
    af__pipeline_free(&pl);
    return 2;
  }
  if (af__nats_connect_pipeline(&pl, &n, "auditfeed-status")) {
    af__pipeline_free(&pl);
    return 2;
  }
  rc = status(&n);
  af__nats_close(&n);
  af__pipeline_free(&pl);
  return rc;
}
