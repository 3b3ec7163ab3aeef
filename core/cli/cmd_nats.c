/* engine = nats, the commands that need no event loop:
 *   `run` (and `run --every`): the leaderless scheduler.  It publishes
 *     the due sources' seeds to the frontier, each with a Nats-Msg-Id
 *     holding the source's schedule tick, so any number of schedulers
 *     publishing the same tick leave one message (the stream's duplicate
 *     window folds the rest), while the next tick is a new crawl.
 *   `cluster status`: one logfmt line per stream and consumer; exit 0
 *     when the frontier and the records are drained and nothing is dead.
 * Both connect, and make sure the streams, consumers and buckets exist. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "cron.h"
#include "engine.h"
#include "errors.h"
#include "frontier.h"
#include "log.h"
#include "nats_conn.h"
#include "nats_pub.h"
#include "nats_run.h"
#include "pipeline.h"

int af__nats_connect_pipeline(af__pipeline *pl, af__nats *n, const char *who) {
  const char *sinks[AF__NATS_MAX_SINKS];
  size_t n_sinks = 0;
  char err[1024];
  for (size_t i = 0; i < pl->cfg.n && n_sinks < AF__NATS_MAX_SINKS; i++)
    if (pl->cfg.sec[i].kind == AF_SEC_SINK)
      sinks[n_sinks++] = pl->cfg.sec[i].name;
  af__nats_cfg c = {.url = pl->core.nats_url, .prefix = pl->core.stream_prefix,
                    .shards = pl->core.shards, .sinks = sinks, .n_sinks = n_sinks,
                    .name = who};
  int rc = af__nats_open(n, &c, err, sizeof(err));
  if (!rc)
    rc = af__nats_ensure(n, err, sizeof(err));
  if (rc) {
    fprintf(stderr, "auditfeed: %s\n", err);
    af__log_error("nats", "nats_unavailable", "url=\"%s\" error=\"%s\"",
                  pl->core.nats_url, err);
    af__nats_close(n);
    return rc;
  }
  af__log_info("nats", "nats_connected", "url=\"%s\" prefix=%s shards=%ld replicas=%d",
               pl->core.nats_url, n->prefix, n->shards, n->replicas);
  return 0;
}

/* ---- the scheduler ------------------------------------------------------ */

typedef struct sched_src {
  const af__cfg_section *sec;
  long period_ms; /* > 0; a cron source: 60 s, due by its expression */
  int is_cron;
  af__cron cron;
  int64_t last_tick; /* -1: not yet published by this process */
} sched_src;

static volatile sig_atomic_t sched_stop;
static void on_stop(int sig) { (void)sig; sched_stop = 1; }

/* The tick a source is due for at now_s, or -1 when it is not due
 * (a cron source between its minutes). */
static int64_t due_tick(sched_src *s, int64_t now_s, int once) {
  if (!s->is_cron)
    return af__frontier_tick(now_s, s->period_ms);
  if (once)
    return now_s / 60; /* an explicit run: the cron minute is now */
  long long t = af__cron_next(&s->cron, (long long)now_s - 60);
  return t >= 0 && t <= now_s ? (int64_t)(t / 60) : -1;
}

static int publish_seed(af__nats *n, sched_src *s, int64_t tick, long *published) {
  char err[512];
  int dup = 0;
  af__frontier_msg m = {.source = s->sec->name, .kind = AF_FRONTIER_SEED,
                        .url = (char *)af__cfg_get(s->sec, "url", 0), .tick = tick};
  int rc = af__nats_publish_frontier(n, &m, &dup, err, sizeof(err));
  if (rc) {
    af__log_error(s->sec->name, "seed_failed", "tick=%lld error=\"%s\"",
                  (long long)tick, err);
    return rc;
  }
  af__log_info(s->sec->name, dup ? "seed_duplicate" : "seed_published",
               "tick=%lld shard=%ld url=\"%s\"", (long long)tick,
               af__frontier_shard(m.url, n->shards), m.url ? m.url : "");
  s->last_tick = tick;
  *published += !dup;
  return 0;
}

static int sched_init(af__pipeline *pl, sched_src **out, size_t *n_out) {
  sched_src *v = calloc(pl->cfg.n ? pl->cfg.n : 1, sizeof(*v));
  size_t n = 0;
  if (!v)
    return AF_ENOMEM;
  for (size_t i = 0; i < pl->cfg.n; i++) {
    const af__cfg_section *sec = &pl->cfg.sec[i];
    if (sec->kind != AF_SEC_SOURCE ||
        (pl->only_source && strcmp(pl->only_source, sec->name) != 0))
      continue;
    sched_src *s = &v[n++];
    const char *sch = af__cfg_get(sec, "schedule", 0);
    char err[256];
    s->sec = sec;
    s->last_tick = -1;
    s->period_ms = pl->core.every_ms > 0 ? pl->core.every_ms : 60000;
    if (sch && af__cron_like(sch))
      s->is_cron = af__cron_parse(sch, &s->cron, err, sizeof(err)) == 0;
    else if (sch) {
      long ms = 0;
      if (af__parse_msec(sch, &ms) == 0 && ms >= 1000)
        s->period_ms = ms;
    }
  }
  *out = v;
  *n_out = n;
  return 0;
}

int af__nats_run(af__pipeline *pl) {
  af__nats n;
  sched_src *src = NULL;
  size_t n_src = 0;
  long published = 0;
  int failed = 0, once = pl->core.every_ms <= 0;

  if (af__nats_connect_pipeline(pl, &n, "auditfeed-scheduler"))
    return 2;
  if (sched_init(pl, &src, &n_src)) {
    af__nats_close(&n);
    return 2;
  }
  signal(SIGTERM, on_stop);
  signal(SIGINT, on_stop);
  do {
    int64_t now = (int64_t)time(NULL);
    if (n.reconnected) {
      char err[512];
      if (af__nats_ensure(&n, err, sizeof(err)))
        af__log_warn("nats", "ensure_failed", "error=\"%s\"", err);
    }
    for (size_t i = 0; i < n_src && !sched_stop; i++) {
      int64_t tick = due_tick(&src[i], now, once);
      if (tick >= 0 && tick != src[i].last_tick)
        failed |= publish_seed(&n, &src[i], tick, &published) != 0;
    }
    if (!once)
      sleep(1); /* ticks are whole seconds at least; a signal cuts it short */
  } while (!once && !sched_stop);
  af__log_info("nats", "schedule_done", "sources=%zu published=%ld failed=%d",
               n_src, published, failed);
  free(src);
  af__nats_close(&n);
  return failed ? 1 : 0;
}
