/* `auditfeed run --every DURATION`: the pipeline as a long-running
 * service.  Each cycle is an ordinary run (its own run id, summary line,
 * spool delivery first) of the sources that are due:
 *   - a source without `schedule` every DURATION;
 *   - `schedule = 6h`: at most every six hours (judged at those cycles);
 *   - `schedule = 0 6 * * 1-5 Europe/London` (cron.h): the process wakes
 *     for the next time the expression names, plus a few seconds of
 *     jitter so that many sources on one minute do not start in lockstep.
 * Cycles run one after another, so a source never runs on top of itself
 * (and the run lock keeps other processes off the state directory).  When
 * each source last ran is kept in the state store, so a restart neither
 * repeats nor skips a source's turn.  Between cycles the process sleeps
 * on its own event loop: SIGTERM or SIGINT end it at once there, and
 * during a cycle they drain the cycle as a one-shot run does and then end
 * it.  SIGHUP or SIGUSR1 reopen the log file; SIGHUP also re-reads the
 * configuration file before the next cycle: a new configuration that does
 * not pass every check a run makes is logged (`reload_failed`, with its
 * file:line) and the running one is kept.  [core] settings (state
 * directory, logging, metrics) change only with a restart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <uv.h>

#include "cron.h"
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
#define CRON_JITTER_MS 15000

typedef struct every_source {
  const char *name;
  long schedule_ms;
  int is_cron;
  af__cron cron;
  uint64_t last_ms; /* start of the cycle it last ran in, wall clock */
  int ran;
} every_source;

typedef struct every {
  uv_loop_t loop;
  uv_timer_t timer;
  uv_signal_t sig[4];
  int stop, reload;
  long every_ms;
  uint64_t now_ms; /* wall clock, ms */
  every_source *src;
  size_t n_src;
  af__config *retired; /* replaced configurations: [core] still points in */
  size_t n_retired;
} every;

static void on_signal(uv_signal_t *h, int signum) {
  every *ev = h->data;
  if (signum == SIGHUP || signum == SIGUSR1) {
    af__log_reopen();
    if (signum == SIGHUP) {
      ev->reload = 1;
      uv_stop(&ev->loop);
    }
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

/* When a source is next due (wall clock ms); 0: now. */
static uint64_t due_at(const every *ev, const every_source *s) {
  if (!s->ran)
    return 0;
  if (s->is_cron) {
    long long t = af__cron_next(&s->cron, (long long)(s->last_ms / 1000));
    return t < 0 ? UINT64_MAX : (uint64_t)t * 1000;
  }
  /* Cycles start a little late: a second of slack keeps a source from
   * slipping a whole cycle. */
  uint64_t gap = (uint64_t)(s->schedule_ms > 0 ? s->schedule_ms : ev->every_ms);
  return s->last_ms + (gap > 1000 ? gap - 1000 : 0);
}

static int due(const every *ev, const every_source *s, uint64_t now) {
  return due_at(ev, s) <= now;
}

static int wanted(const af__cfg_section *s, void *ud) {
  every *ev = ud;
  every_source *x = find(ev, s->name);
  return !x || due(ev, x, ev->now_ms);
}

static void close_cb(uv_handle_t *h) { (void)h; }

static uint64_t wall_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* The sources of pl's configuration, with their schedules and last runs.
 * 0, or AF_ENOMEM. */
static int load_sources(every *ev, const af__pipeline *pl, af__state *state) {
  size_t n = 0;
  for (size_t i = 0; i < pl->cfg.n; i++)
    n += pl->cfg.sec[i].kind == AF_SEC_SOURCE;
  every_source *src = calloc(n ? n : 1, sizeof(*src));
  if (!src)
    return AF_ENOMEM;
  n = 0;
  for (size_t i = 0; i < pl->cfg.n; i++) {
    const af__cfg_section *s = &pl->cfg.sec[i];
    char err[256], *v = NULL;
    if (s->kind != AF_SEC_SOURCE)
      continue;
    every_source *x = &src[n++];
    x->name = s->name;
    const char *sch = af__cfg_get(s, "schedule", 0);
    /* A bad value is reported by the engine's own key check. */
    if (sch && af__cron_like(sch))
      x->is_cron = af__cron_parse(sch, &x->cron, err, sizeof(err)) == 0;
    else if (sch && af__parse_msec(sch, &x->schedule_ms) != 0)
      x->schedule_ms = 0;
    if (af__state_kv_get(state, SCHEDULE_SCOPE, x->name, &v) == 1 && v) {
      x->last_ms = strtoull(v, NULL, 10);
      x->ran = x->last_ms > 0;
    }
    free(v);
    /* A calendar source that never ran waits for its first time. */
    if (x->is_cron && !x->ran) {
      x->last_ms = wall_ms();
      x->ran = 1;
    }
  }
  free(ev->src);
  ev->src = src;
  ev->n_src = n;
  return 0;
}

/* SIGHUP: the configuration file again, checked as a run would check it
 * (keys, plugins' create) before it replaces the running one. */
static void reload(every *ev, af__pipeline *pl, af__state *state) {
  af__config fresh = {0};
  char err[1024];
  af__engine *e = NULL;
  if (!pl->config_path) {
    af__log_warn("daemon", "reload_skipped",
                 "msg=\"the pipeline came from the command line: nothing to re-read\"");
    return;
  }
  af__config *keep = realloc(ev->retired, (ev->n_retired + 1) * sizeof(*keep));
  if (!keep)
    return;
  ev->retired = keep;
  if (af__config_load(&fresh, pl->config_path, err, sizeof(err)) != 0) {
    af__log_error("daemon", "reload_failed", "error=\"%s\" msg=\"keeping the running "
                  "configuration\"", err);
    af__config_free(&fresh);
    return;
  }
  af__config old = pl->cfg;
  int check_only = pl->check_only;
  pl->cfg = fresh;
  pl->check_only = 1; /* checked as check-config does: nothing is touched */
  int rc = af__pipeline_engine(pl, &e, NULL, NULL); /* logs config_invalid */
  pl->check_only = check_only;
  if (rc != 0) {
    af__engine_free(e);
    af__config_free(&pl->cfg);
    pl->cfg = old;
    af__log_error("daemon", "reload_failed", "path=%s msg=\"keeping the running "
                  "configuration (see config_invalid)\"", pl->config_path);
    return;
  }
  af__engine_free(e);
  ev->retired[ev->n_retired++] = old;
  if (load_sources(ev, pl, state) != 0) {
    af__log_error("daemon", "reload_failed", "error=\"out of memory\"");
    return;
  }
  af__log_info("daemon", "config_reloaded", "path=%s sources=%zu", pl->config_path,
               ev->n_src);
}

/* The next wake: the next regular cycle, or a calendar source's time
 * (with jitter) when that comes first. */
static uint64_t next_wake(const every *ev, uint64_t regular) {
  uint64_t t = regular;
  for (size_t i = 0; i < ev->n_src; i++)
    if (ev->src[i].is_cron) {
      uint64_t d = due_at(ev, &ev->src[i]);
      if (d != UINT64_MAX) {
        d += (uint64_t)(rand() % CRON_JITTER_MS);
        if (d < t)
          t = d;
      }
    }
  return t;
}

/* One cycle: the engine over the sources due, each remembered as run at
 * ev->now_ms, and the metrics published.  2 when no engine can be made
 * (the configuration cannot change under us: give up), else 0. */
static int run_cycle(every *ev, af__pipeline *pl, af__state *state, af__metrics_http *mh,
                     long cycle, size_t n_due) {
  char run_id[17];
  af__random_id(run_id);
  af__log_set_run_id(run_id);
  af__log_info("daemon", "cycle_start", "cycle=%ld sources=%zu", cycle,
              n_due);
  af__engine *eng = NULL;
  af__run_stats st = {0};
  if (af__pipeline_engine(pl, &eng, wanted, ev) != 0)
    return 2;
  int rc = af__engine_run(eng, &st);
  af__engine_free(eng);
  for (size_t i = 0; i < ev->n_src; i++)
    if (due(ev, &ev->src[i], ev->now_ms)) {
      char v[32];
      ev->src[i].ran = 1;
      ev->src[i].last_ms = ev->now_ms;
      snprintf(v, sizeof(v), "%llu", (unsigned long long)ev->now_ms);
      if (af__state_kv_put(state, SCHEDULE_SCOPE, ev->src[i].name, v) < 0)
        af__log_warn("daemon", "state_write_failed", "source=%s",
                    ev->src[i].name);
    }
  af__metrics_http_publish(mh, mh ? af__metrics_render(state) : NULL, rc == 0);
  if (rc)
    af__log_error("daemon", "cycle_failed", "cycle=%ld error=\"%s\" "
                 "msg=\"trying again next cycle\"", cycle, af_strerror(rc));
  return 0;
}

/* Sleeps on the loop until the next cycle is due or a signal stops us;
 * a reload asked for meanwhile is done here. */
static void wait_for_next(every *ev, af__pipeline *pl, af__state *state, uint64_t regular) {
  /* A signal that arrived during the cycle is waiting on our loop. */
  uv_run(&ev->loop, UV_RUN_NOWAIT);
  while (!ev->stop) {
    if (ev->reload) {
      ev->reload = 0;
      reload(ev, pl, state);
    }
    uint64_t wake = next_wake(ev, regular), now = wall_ms();
    if (wake <= now)
      break;
    af__log_debug("daemon", "sleeping", "ms=%llu", (unsigned long long)(wake - now));
    uv_timer_start(&ev->timer, on_timer, wake - now, 0);
    uv_run(&ev->loop, UV_RUN_DEFAULT);
    uv_timer_stop(&ev->timer);
  }
}

int af__run_every(af__pipeline *pl) {
  every ev = {0};
  int code = 0;
  char err[512];
  af__state *state = NULL;

  ev.every_ms = pl->core.every_ms;
  srand((unsigned)wall_ms() ^ (unsigned)getpid());
  if (af__state_open(pl->core.state_dir, &state, err, sizeof(err)) != 0) {
    af__log_error("daemon", "state_unusable", "error=\"%s\"", err);
    return 2;
  }
  if (load_sources(&ev, pl, state) != 0) {
    af__state_close(state);
    return 2;
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
  af__log_info("daemon", "started", "every_ms=%ld sources=%zu", ev.every_ms,
              ev.n_src);
  uint64_t regular = wall_ms(); /* when the next regular cycle is due */
  for (long cycle = 1; !ev.stop; cycle++) {
    ev.now_ms = wall_ms();
    if (ev.now_ms >= regular)
      regular = ev.now_ms + (uint64_t)ev.every_ms;
    size_t n_due = 0;
    for (size_t i = 0; i < ev.n_src; i++)
      n_due += due(&ev, &ev.src[i], ev.now_ms);
    if (n_due && (code = run_cycle(&ev, pl, state, mh, cycle, n_due)) != 0)
      break;
    wait_for_next(&ev, pl, state, regular);
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
  for (size_t i = 0; i < ev.n_retired; i++)
    af__config_free(&ev.retired[i]);
  free(ev.retired);
  return code;
}
