/* `auditfeed run --every DURATION`: the pipeline as a long-running
 * service.  Each cycle is an ordinary run (its own run id, summary line,
 * spool delivery first) of the sources that are due: a source with
 * `schedule = 6h` takes part at most every six hours, the others in every
 * cycle.  When each source last ran is kept in the state store, so a
 * restart does not run an hourly source again before its hour is up.  Between cycles the process sleeps on its own event loop, so
 * SIGTERM or SIGINT end it at once there, and during a cycle they drain
 * the cycle as they do a one-shot run and then end it.  SIGHUP or SIGUSR1
 * reopen the log file in both places. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <uv.h>

#include "doc.h"
#include "engine.h"
#include "errors.h"
#include "log.h"
#include "metrics.h"
#include "metrics_http.h"
#include "pipeline.h"
#include "state.h"

/* The state store's scope for the sources' last cycle; plugin instances
 * use their own names, which cannot contain a space. */
#define SCHEDULE_SCOPE "core schedule"

typedef struct every_source {
  const char *name;
  long schedule_ms;
  uint64_t last_ms; /* start of the cycle it last ran in, wall clock */
  int ran;
} every_source;

typedef struct every {
  uv_loop_t loop;
  uv_timer_t timer;
  uv_signal_t sig[4];
  int stop;
  uint64_t now_ms; /* wall clock, ms */
  every_source *src;
  size_t n_src;
} every;

static void on_signal(uv_signal_t *h, int signum) {
  every *ev = h->data;
  if (signum == SIGHUP || signum == SIGUSR1) {
    af__log_reopen();
    return;
  }
  if (!ev->stop)
    af__log_info("daemon", "stopping", "signal=%d", signum);
  ev->stop = 1;
  uv_stop(&ev->loop);
}

static void on_timer(uv_timer_t *t) { uv_stop(t->loop); }

static every_source *find(every *ev, const char *name) {
  for (size_t i = 0; i < ev->n_src; i++)
    if (!strcmp(ev->src[i].name, name))
      return &ev->src[i];
  return NULL;
}

static int due(const every_source *s, uint64_t now) {
  return !s->ran || s->schedule_ms <= 0 ||
         now - s->last_ms >= (uint64_t)s->schedule_ms;
}

static int wanted(const af__cfg_section *s, void *ud) {
  every *ev = ud;
  every_source *x = find(ev, s->name);
  return !x || due(x, ev->now_ms);
}

static void close_cb(uv_handle_t *h) { (void)h; }

static uint64_t wall_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int af__run_every(af__pipeline *pl) {
  every ev = {0};
  int code = 0;
  long every_ms = pl->core.every_ms;

  for (size_t i = 0; i < pl->cfg.n; i++)
    ev.n_src += pl->cfg.sec[i].kind == AF_SEC_SOURCE;
  ev.src = calloc(ev.n_src ? ev.n_src : 1, sizeof(*ev.src));
  if (!ev.src)
    return 2;
  ev.n_src = 0;
  for (size_t i = 0; i < pl->cfg.n; i++) {
    const af__cfg_section *s = &pl->cfg.sec[i];
    if (s->kind != AF_SEC_SOURCE)
      continue;
    every_source *x = &ev.src[ev.n_src++];
    x->name = s->name;
    const char *v = af__cfg_get(s, "schedule", 0);
    /* A bad value is reported by the engine's own key check. */
    if (v && af__parse_msec(v, &x->schedule_ms) != 0)
      x->schedule_ms = 0;
  }
  af__state *state = NULL;
  char err[512];
  if (af__state_open(pl->core.state_dir, &state, err, sizeof(err)) != 0) {
    af__log_error("daemon", "state_unusable", "error=\"%s\"", err);
    free(ev.src);
    return 2;
  }
  for (size_t i = 0; i < ev.n_src; i++) {
    char *v = NULL;
    if (af__state_kv_get(state, SCHEDULE_SCOPE, ev.src[i].name, &v) == 1 && v) {
      ev.src[i].last_ms = strtoull(v, NULL, 10);
      ev.src[i].ran = ev.src[i].last_ms > 0;
    }
    free(v);
  }
  af__metrics_http *mh = NULL;
  if (pl->core.metrics_listen) {
    if (af__metrics_http_start(pl->core.metrics_listen, &mh, err, sizeof(err)) != 0) {
      af__log_error("daemon", "metrics_listen_failed", "error=\"%s\"", err);
      af__state_close(state);
      free(ev.src);
      return 2;
    }
    af__metrics_http_publish(mh, af__metrics_render(state), 1);
    af__log_info("daemon", "metrics_listening", "address=%s", pl->core.metrics_listen);
  }
  uv_loop_init(&ev.loop);
  uv_timer_init(&ev.loop, &ev.timer);
  int nums[4] = {SIGINT, SIGTERM, SIGHUP, SIGUSR1};
  for (int i = 0; i < 4; i++) {
    uv_signal_init(&ev.loop, &ev.sig[i]);
    ev.sig[i].data = &ev;
    uv_signal_start(&ev.sig[i], on_signal, nums[i]);
  }
  af__log_info("daemon", "started", "every_ms=%ld sources=%zu", every_ms,
              ev.n_src);
  for (long cycle = 1; !ev.stop; cycle++) {
    uv_update_time(&ev.loop);
    uint64_t cycle_start = uv_now(&ev.loop);
    ev.now_ms = wall_ms();
    size_t n_due = 0;
    for (size_t i = 0; i < ev.n_src; i++)
      n_due += due(&ev.src[i], ev.now_ms);
    if (n_due) {
      char run_id[17];
      af__random_id(run_id);
      af__log_set_run_id(run_id);
      af__log_info("daemon", "cycle_start", "cycle=%ld sources=%zu", cycle,
                  n_due);
      af__engine *eng = NULL;
      af__run_stats st = {0};
      if (af__pipeline_engine(pl, &eng, wanted, &ev) != 0) {
        code = 2; /* the configuration cannot change under us: give up */
        break;
      }
      int rc = af__engine_run(eng, &st);
      af__engine_free(eng);
      for (size_t i = 0; i < ev.n_src; i++)
        if (due(&ev.src[i], ev.now_ms)) {
          char v[32];
          ev.src[i].ran = 1;
          ev.src[i].last_ms = ev.now_ms;
          snprintf(v, sizeof(v), "%llu", (unsigned long long)ev.now_ms);
          if (af__state_kv_put(state, SCHEDULE_SCOPE, ev.src[i].name, v) < 0)
            af__log_warn("daemon", "state_write_failed", "source=%s",
                        ev.src[i].name);
        }
      af__metrics_http_publish(mh, mh ? af__metrics_render(state) : NULL, rc == 0);
      if (rc)
        af__log_error("daemon", "cycle_failed", "cycle=%ld error=\"%s\" "
                     "msg=\"trying again next cycle\"", cycle, af_strerror(rc));
    }
    /* A signal that arrived during the cycle is waiting on our loop. */
    uv_run(&ev.loop, UV_RUN_NOWAIT);
    if (ev.stop)
      break;
    uv_update_time(&ev.loop);
    uint64_t next = cycle_start + (uint64_t)every_ms, now = uv_now(&ev.loop);
    uint64_t wait = next > now ? next - now : 0;
    af__log_debug("daemon", "sleeping", "ms=%llu", (unsigned long long)wait);
    uv_timer_start(&ev.timer, on_timer, wait, 0);
    uv_run(&ev.loop, UV_RUN_DEFAULT);
    uv_timer_stop(&ev.timer);
  }
  af__metrics_http_stop(mh);
  af__log_info("daemon", "stopped", "code=%d", code);
  uv_close((uv_handle_t *)&ev.timer, close_cb);
  for (int i = 0; i < 4; i++)
    uv_close((uv_handle_t *)&ev.sig[i], close_cb);
  uv_run(&ev.loop, UV_RUN_DEFAULT);
  uv_loop_close(&ev.loop);
  af__state_close(state);
  free(ev.src);
  return code;
}
