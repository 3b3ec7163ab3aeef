/* The mock core's loop (see mock_host.h): offload jobs, fetch answers
 * from canned responses, timers, and the in-memory state store. */
#include "mock_host.h"
#include "mock_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Everything the loop will run later: offload jobs and fetch answers in
 * one first-in-first-out queue (I/O completes before any timer fires),
 * timers in a list of their own, by due time. */
enum { EV_JOB, EV_FETCH, EV_TIMER };
typedef struct job {
  struct job *next;
  int kind;
  void *ud;
  /* EV_JOB */
  void (*work)(void *);
  void (*done)(af_inst *, void *, void *, int);
  /* EV_FETCH: index into g_fetches, and the callback */
  size_t fetch;
  af_fetch_cb cb;
  /* EV_TIMER */
  int64_t id;
  uint64_t due;
  void (*fire)(af_inst *, void *, void *);
} job;

typedef struct canned {
  char *url;
  mock_response r; /* strings owned */
} canned;

typedef struct state_kv {
  char *key, *value;
} state_kv;

static job *g_head, *g_tail;
static job *g_timers;
static int64_t g_next_timer;
static uint64_t g_now_ms; /* the mock loop's clock: moves when a timer fires */
static canned *g_canned;
static size_t g_n_canned;
static mock_fetch *g_fetches;
static size_t g_n_fetches, g_pending_fetches;
static state_kv *g_state;
static size_t g_n_state;

static void enqueue(job *j) {
  if (g_tail)
    g_tail->next = j;
  else
    g_head = j;
  g_tail = j;
}

int mock__offload(af_inst *inst, void (*work)(void *),
                  void (*done)(af_inst *, void *, void *, int), void *ud) {
  job *j = mock__xmalloc(sizeof *j);
  j->kind = EV_JOB;
  j->work = work;
  j->done = done;
  j->ud = ud;
  enqueue(j);
  return 0;
}

/* ---- HTTP ---------------------------------------------------------------- */

static char *dup_or_null(const char *s) { return s ? mock__xstrdup(s) : NULL; }

static void canned_free(canned *c) {
  free(c->url);
  free((char *)c->r.content_type);
  free((char *)c->r.body);
  free((char *)c->r.etag);
  free((char *)c->r.last_modified);
  free((char *)c->r.final_url);
}

void mock_respond(const char *url, const mock_response *r) {
  canned *c = NULL;
  for (size_t i = 0; i < g_n_canned; i++)
    if (!strcmp(g_canned[i].url, url)) {
      c = &g_canned[i];
      canned_free(c);
    }
  if (!c) {
    g_canned = realloc(g_canned, (g_n_canned + 1) * sizeof *g_canned);
    if (!g_canned)
      abort();
    c = &g_canned[g_n_canned++];
  }
  c->url = mock__xstrdup(url);
  c->r = *r;
  c->r.len = r->body ? (r->len ? r->len : strlen(r->body)) : 0;
  if (r->body) {
    char *b = mock__xmalloc(c->r.len + 1);
    memcpy(b, r->body, c->r.len);
    c->r.body = b;
  }
  c->r.content_type = dup_or_null(r->content_type);
  c->r.etag = dup_or_null(r->etag);
  c->r.last_modified = dup_or_null(r->last_modified);
  c->r.final_url = dup_or_null(r->final_url);
}

/* Records the request and queues its answer; never calls back here. */
int mock__fetch(af_inst *inst, const char *url, const af_fetch_opts *opts,
                af_fetch_cb cb, void *ud) {
  if (!url || !cb)
    return AF_EINVAL;
  g_fetches = realloc(g_fetches, (g_n_fetches + 1) * sizeof *g_fetches);
  if (!g_fetches)
    abort();
  mock_fetch *f = &g_fetches[g_n_fetches];
  memset(f, 0, sizeof *f);
  f->url = mock__xstrdup(url);
  if (opts) {
    f->had_opts = 1;
    f->conditional = opts->conditional;
    f->accept_any_status = opts->accept_any_status;
    f->accept = dup_or_null(opts->accept);
  }
  job *j = mock__xmalloc(sizeof *j);
  j->kind = EV_FETCH;
  j->fetch = g_n_fetches++;
  j->cb = cb;
  j->ud = ud;
  enqueue(j);
  g_pending_fetches++;
  return 0;
}

static void answer(job *j) {
  const mock_fetch *f = &g_fetches[j->fetch];
  const canned *c = NULL;
  char msg[128] = "";
  char trace[32];
  for (size_t i = 0; i < g_n_canned && !c; i++)
    if (!strcmp(g_canned[i].url, f->url))
      c = &g_canned[i];
  snprintf(trace, sizeof trace, "mock-%zu", j->fetch + 1);
  af_response res = {.size = sizeof res,
                     .url = f->url,
                     .final_url = c && c->r.final_url ? c->r.final_url : f->url,
                     .fetched = "2026-01-05T12:00:00Z",
                     .attempts = 1,
                     .trace_id = trace,
                     .retry_after_ms = -1};
  if (mock__stopping) {
    res.err = AF_ECANCELED;
    res.errmsg = "cancelled: the run is stopping";
  } else if (!c) {
    res.err = AF_EHTTP;
    res.status = 404;
    res.errmsg = "HTTP 404 (no response registered in the mock)";
  } else if (c->r.err) {
    res.err = c->r.err;
    res.status = c->r.status;
    if (c->r.status)
      snprintf(msg, sizeof msg, "HTTP %ld", c->r.status);
    else
      snprintf(msg, sizeof msg, "%s", mock__strerror(c->r.err));
    res.errmsg = msg;
  } else if (c->r.not_modified && f->conditional) {
    res.status = 304;
    res.not_modified = 1;
    res.etag = c->r.etag;
    res.last_modified = c->r.last_modified;
  } else {
    res.status = c->r.status ? c->r.status : 200;
    res.content_type = c->r.content_type;
    res.charset = c->r.content_type ? "utf-8" : NULL;
    res.etag = c->r.etag;
    res.last_modified = c->r.last_modified;
    res.body = c->r.body ? c->r.body : "";
    res.len = c->r.len;
  }
  g_pending_fetches--;
  j->cb(&mock__inst, mock__ctx, &res, j->ud);
}

size_t mock_n_fetches(void) { return g_n_fetches; }
const mock_fetch *mock_fetch_at(size_t i) { return i < g_n_fetches ? &g_fetches[i] : NULL; }
size_t mock_pending_fetches(void) { return g_pending_fetches; }

size_t mock_fetch_count(const char *url) {
  size_t n = 0;
  for (size_t i = 0; i < g_n_fetches; i++)
    n += !strcmp(g_fetches[i].url, url);
  return n;
}

const mock_fetch *mock_fetch_of(const char *url) {
  for (size_t i = g_n_fetches; i-- > 0;)
    if (!strcmp(g_fetches[i].url, url))
      return &g_fetches[i];
  return NULL;
}

/* ---- timers -------------------------------------------------------------- */

int64_t mock__timer_start(af_inst *inst, uint64_t ms,
                          void (*cb)(af_inst *, void *, void *), void *ud) {
  if (!cb)
    return AF_EINVAL;
  job *j = mock__xmalloc(sizeof *j);
  j->kind = EV_TIMER;
  j->id = ++g_next_timer;
  j->due = g_now_ms + ms;
  j->fire = cb;
  j->ud = ud;
  j->next = g_timers;
  g_timers = j;
  return j->id;
}

void mock__timer_cancel(af_inst *inst, int64_t id) {
  for (job **pp = &g_timers; *pp; pp = &(*pp)->next)
    if ((*pp)->id == id) {
      job *j = *pp;
      *pp = j->next;
      free(j);
      return;
    }
}

size_t mock_pending_timers(void) {
  size_t n = 0;
  for (const job *j = g_timers; j; j = j->next)
    n++;
  return n;
}

/* ---- state store --------------------------------------------------------- */

static state_kv *state_find(const char *key) {
  for (size_t i = 0; i < g_n_state; i++)
    if (!strcmp(g_state[i].key, key))
      return &g_state[i];
  return NULL;
}

void mock_state_set(const char *key, const char *value) {
  state_kv *e = state_find(key);
  if (!e) {
    g_state = realloc(g_state, (g_n_state + 1) * sizeof *g_state);
    if (!g_state)
      abort();
    e = &g_state[g_n_state++];
    e->key = mock__xstrdup(key);
  } else {
    free(e->value);
  }
  e->value = mock__xstrdup(value);
}

const char *mock_state(const char *key) {
  const state_kv *e = state_find(key);
  return e ? e->value : NULL;
}

void mock_state_clear(void) {
  for (size_t i = 0; i < g_n_state; i++) {
    free(g_state[i].key);
    free(g_state[i].value);
  }
  free(g_state);
  g_state = NULL;
  g_n_state = 0;
}

int mock__state_get(af_inst *inst, const char *key, char **out) {
  const char *v = key ? mock_state(key) : NULL;
  *out = v ? mock__xstrdup(v) : NULL;
  return v ? 1 : 0;
}

int mock__state_put(af_inst *inst, const char *key, const char *value) {
  if (!key || !value)
    return AF_EINVAL;
  mock_state_set(key, value);
  return 0;
}

/* ---- running the loop ---------------------------------------------------- */

int mock_step(void) {
  job *j = g_head;
  if (j) {
    g_head = j->next;
    if (!g_head)
      g_tail = NULL;
    if (j->kind == EV_FETCH) {
      answer(j);
    } else {
      j->work(j->ud);
      j->done(&mock__inst, mock__ctx, j->ud, 0);
    }
    free(j);
    return 1;
  }
  if (!g_timers)
    return 0;
  job **first = &g_timers;
  for (job **pp = &g_timers; *pp; pp = &(*pp)->next)
    if ((*pp)->due < (*first)->due ||
        ((*pp)->due == (*first)->due && (*pp)->id < (*first)->id))
      first = pp;
  j = *first;
  *first = j->next;
  if (j->due > g_now_ms)
    g_now_ms = j->due;
  j->fire(&mock__inst, mock__ctx, j->ud);
  free(j);
  return 1;
}

void mock_run(void) {
  while (mock_step())
    ;
}

void mock__drop_timers(void) {
  while (g_timers) {
    job *j = g_timers;
    g_timers = j->next;
    free(j);
  }
}

void mock__loop_reset(void) {
  for (size_t i = 0; i < g_n_fetches; i++) {
    free(g_fetches[i].url);
    free(g_fetches[i].accept);
  }
  free(g_fetches);
  g_fetches = NULL;
  g_n_fetches = 0;
  for (size_t i = 0; i < g_n_canned; i++)
    canned_free(&g_canned[i]);
  free(g_canned);
  g_canned = NULL;
  g_n_canned = 0;
}
