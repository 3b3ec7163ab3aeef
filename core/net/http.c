/* The HTTP client's loop plumbing: curl multi driven by libuv (one uv_poll
 * per socket, one uv_timer for curl's timeout), and our own scheduler that
 * enforces per-source and per-host limits, delays and retry backoff.
 *
 * Results reach callers only from the drain step (after socket_action has
 * returned) or from the scheduler timer, never from inside a libcurl
 * callback and never synchronously from af__http_fetch.
 */
#include "doc.h" /* af__random_id */
#include "http_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "file_url.h"
#include "log.h"

#define AF_HTTP_UA "auditfeed/0.1 (+https://github.com/auditfeed/auditfeed)"

const af_opt af__http_limit_opts[] = {
    {"concurrency", AF_OPT_INT, 0, "8", offsetof(af__http_limits, concurrency),
     "transfers in flight for this source"},
    {"per_host", AF_OPT_INT, 0, "4", offsetof(af__http_limits, per_host),
     "transfers in flight to one host"},
    {"delay", AF_OPT_MSEC, 0, "0", offsetof(af__http_limits, delay_ms),
     "minimum time between request starts to one host"},
    {"connect_timeout", AF_OPT_MSEC, 0, "10s",
     offsetof(af__http_limits, connect_timeout_ms), "TCP+TLS connect timeout"},
    {"timeout", AF_OPT_MSEC, 0, "30s", offsetof(af__http_limits, timeout_ms),
     "whole-transfer timeout, per attempt"},
    {"max_body", AF_OPT_SIZE, 0, "16M", offsetof(af__http_limits, max_body),
     "largest (decoded) body accepted"},
    {"max_redirects", AF_OPT_INT, 0, "5",
     offsetof(af__http_limits, max_redirects), "redirects followed"},
    {"retries", AF_OPT_INT, 0, "2", offsetof(af__http_limits, retries),
     "extra attempts after network errors, timeouts, 5xx and 429"},
    {"backoff", AF_OPT_MSEC, 0, "500ms", offsetof(af__http_limits, backoff_ms),
     "first retry delay; doubles each attempt, with jitter"},
    {"robots", AF_OPT_BOOL, 0, "true", offsetof(af__http_limits, robots),
     "obey robots.txt (its rules, and its Crawl-delay when longer than delay)"},
    {"max_crawl_delay", AF_OPT_MSEC, 0, "30s",
     offsetof(af__http_limits, max_crawl_delay_ms),
     "longest robots.txt Crawl-delay honoured; a longer one is cut to this"},
    {"user_agent", AF_OPT_STR, 0, AF_HTTP_UA,
     offsetof(af__http_limits, user_agent), "User-Agent header"},
    {"schemes", AF_OPT_STR, 0, "http,https", offsetof(af__http_limits, schemes),
     "allowed URL schemes; file only with file_root"},
    {"file_root", AF_OPT_STR, 0, NULL, offsetof(af__http_limits, file_root),
     "with schemes naming file: the directory file:// URLs must resolve below"},
    {NULL, 0, 0, NULL, 0, NULL}};

void af__http_limits_default(af__http_limits *lim) {
  *lim = (af__http_limits){.concurrency = 8,
                          .per_host = 4,
                          .delay_ms = 0,
                          .connect_timeout_ms = 10000,
                          .timeout_ms = 30000,
                          .max_body = 16u << 20,
                          .max_redirects = 5,
                          .retries = 2,
                          .backoff_ms = 500,
                          .robots = 1,
                          .max_crawl_delay_ms = 30000,
                          .user_agent = AF_HTTP_UA,
                          .schemes = "http,https"};
}

int af__http_limits_check(const af__http_limits *lim, char *err, size_t errlen) {
  char *real;
  if (!af__http_scheme_allowed(lim->schemes ? lim->schemes : "", "file"))
    return 0;
  if (!lim->file_root || !*lim->file_root) {
    snprintf(err, errlen, "schemes = %s names file: file_root is required "
             "(the directory file:// URLs may be read below)", lim->schemes);
    return AF_ECONFIG;
  }
  if (!(real = realpath(lim->file_root, NULL))) {
    snprintf(err, errlen, "file_root = %s: %s", lim->file_root, strerror(errno));
    return AF_ECONFIG;
  }
  free(real);
  return 0;
}


/* ---- handle lifetime ------------------------------------------------ */

static void free_all(af__http *h) {
  while (h->hosts) {
    af__http_host *n = h->hosts->next;
    af__robots_free(h->hosts->robots);
    free(h->hosts->agent);
    free(h->hosts->key);
    free(h->hosts);
    h->hosts = n;
  }
  while (h->srcs) {
    af__http_src *n = h->srcs->next;
    free(h->srcs->comp);
    free(h->srcs);
    h->srcs = n;
  }
  af__warc_close(h->rec);
  af__warc_close(h->replay);
  free(h);
  curl_global_cleanup();
}

static void on_handle_closed(uv_handle_t *hd) {
  af__http *h = hd->data;
  if (--h->handles_open == 0 && h->closing)
    free_all(h);
}

static void on_sock_closed(uv_handle_t *hd) {
  af__http_sock *s = hd->data;
  af__http *h = s->h;
  free(s);
  if (--h->handles_open == 0 && h->closing)
    free_all(h);
}

static void sock_close(af__http *h, af__http_sock *s) {
  if (s->prev)
    s->prev->next = s->next;
  else
    h->socks = s->next;
  if (s->next)
    s->next->prev = s->prev;
  /* Stop first: it drops the fd from the loop at once, so curl may hand us
   * the same fd number again before the close callback runs. */
  uv_poll_stop(&s->poll);
  uv_close((uv_handle_t *)&s->poll, on_sock_closed);
}

/* ---- curl <-> uv ------------------------------------------------------- */

static void drain(af__http *h) {
  CURLMsg *m;
  int left;
  while ((m = curl_multi_info_read(h->multi, &left))) {
    af__http_req *r = NULL;
    CURLcode rc;
    if (m->msg != CURLMSG_DONE)
      continue;
    /* m does not survive remove_handle: copy what we need first */
    rc = m->data.result;
    curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&r);
    if (r)
      af__http_req_finish(r, rc);
  }
}

static void on_poll(uv_poll_t *p, int status, int events) {
  af__http_sock *s = p->data;
  af__http *h = s->h;
  int flags = 0, running;
  if (status < 0)
    flags = CURL_CSELECT_ERR;
  else {
    if (events & UV_READABLE)
      flags |= CURL_CSELECT_IN;
    if (events & UV_WRITABLE)
      flags |= CURL_CSELECT_OUT;
  }
  /* s may be closed inside socket_action: use only the copies below after */
  curl_multi_socket_action(h->multi, s->fd, flags, &running);
  drain(h);
}

static int on_curl_socket(CURL *e, curl_socket_t fd, int what, void *userp,
                          void *socketp) {
  af__http *h = userp;
  af__http_sock *s = socketp;
  int events = 0;
  (void)e;
  if (what == CURL_POLL_REMOVE) {
    if (s) {
      curl_multi_assign(h->multi, fd, NULL);
      sock_close(h, s);
    }
    return 0;
  }
  if (!s) {
    s = calloc(1, sizeof(*s));
    if (!s)
      return -1;
    s->fd = fd;
    s->h = h;
    if (uv_poll_init_socket(h->loop, &s->poll, fd) != 0) {
      free(s);
      return -1;
    }
    s->poll.data = s;
    h->handles_open++;
    s->next = h->socks;
    if (h->socks)
      h->socks->prev = s;
    h->socks = s;
    curl_multi_assign(h->multi, fd, s);
  }
  if (what & CURL_POLL_IN)
    events |= UV_READABLE;
  if (what & CURL_POLL_OUT)
    events |= UV_WRITABLE;
  return uv_poll_start(&s->poll, events, on_poll) == 0 ? 0 : -1;
}

static void on_curl_timeout(uv_timer_t *t) {
  af__http *h = t->data;
  int running;
  curl_multi_socket_action(h->multi, CURL_SOCKET_TIMEOUT, 0, &running);
  drain(h); /* always: the last transfer may have just timed out */
}

static int on_curl_timer(CURLM *m, long ms, void *userp) {
  af__http *h = userp;
  (void)m;
  if (ms < 0)
    uv_timer_stop(&h->curl_timer);
  else /* 0 ms still goes through the loop: never socket_action from here */
    uv_timer_start(&h->curl_timer, on_curl_timeout, (uint64_t)ms, 0);
  return 0;
}

/* ---- hosts and sources ------------------------------------------------- */

static char *host_key(const char *url) {
  CURLU *u = curl_url();
  char *scheme = NULL, *host = NULL, *port = NULL, *key = NULL;
  if (!u)
    return NULL;
  if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) ||
      curl_url_get(u, CURLUPART_SCHEME, &scheme, 0))
    goto out;
  if (!strcmp(scheme, "file")) {
    key = strdup("file://");
    goto out;
  }
  if (curl_url_get(u, CURLUPART_HOST, &host, 0) ||
      curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT))
    goto out;
  for (char *c = host; *c; c++)
    *c = (char)tolower((unsigned char)*c);
  if (asprintf(&key, "%s://%s:%s", scheme, host, port) < 0)
    key = NULL;
out:
  curl_free(scheme);
  curl_free(host);
  curl_free(port);
  curl_url_cleanup(u);
  return key;
}

static af__http_host *host_get(af__http *h, const char *key) {
  af__http_host *x;
  for (x = h->hosts; x; x = x->next)
    if (!strcmp(x->key, key))
      return x;
  x = calloc(1, sizeof(*x));
  if (!x || !(x->key = strdup(key))) {
    free(x);
    return NULL;
  }
  x->h = h;
  x->next = h->hosts;
  h->hosts = x;
  return x;
}

static af__http_src *src_get(af__http *h, const char *comp) {
  af__http_src *s;
  for (s = h->srcs; s; s = s->next)
    if (!strcmp(s->comp, comp))
      return s;
  s = calloc(1, sizeof(*s));
  if (!s || !(s->comp = strdup(comp))) {
    free(s);
    return NULL;
  }
  s->next = h->srcs;
  h->srcs = s;
  return s;
}

/* ---- the request list -------------------------------------------------- */

void af__http_link(af__http *h, af__http_req *r, int at_head) {
  if (at_head) {
    r->next = h->head;
    if (h->head)
      h->head->prev = r;
    else
      h->tail = r;
    h->head = r;
  } else {
    r->prev = h->tail;
    if (h->tail)
      h->tail->next = r;
    else
      h->head = r;
    h->tail = r;
  }
  h->n_reqs++;
}

void af__http_unlink(af__http *h, af__http_req *r) {
  if (r->prev)
    r->prev->next = r->next;
  else
    h->head = r->next;
  if (r->next)
    r->next->prev = r->prev;
  else
    h->tail = r->prev;
  r->prev = r->next = NULL;
  h->n_reqs--;
}

int af__http_scheme_allowed(const char *schemes, const char *scheme) {
  size_t n = strlen(scheme);
  const char *p = schemes;
  while (p && *p) {
    while (*p == ',' || *p == ' ')
      p++;
    if (!strncasecmp(p, scheme, n) && (p[n] == ',' || p[n] == ' ' || !p[n]))
      return 1;
    p = strchr(p, ',');
  }
  return 0;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static af__http_req *req_new(af__http *h, const char *comp,
                            const af__http_limits *lim, const char *url,
                            const af_fetch_opts *opts, af__http_cb cb,
                            void *ud) {
  af__http_req *r = calloc(1, sizeof(*r));
  char *key;
  if (!r)
    return NULL;
  r->h = h;
  r->lim = *lim;
  af__random_id(r->trace);
  r->url = strdup(url);
  r->comp = strdup(comp ? comp : "http");
  r->ua = strdup(lim->user_agent ? lim->user_agent : AF_HTTP_UA);
  r->schemes = strdup(lim->schemes ? lim->schemes : "http,https");
  if (opts && opts->size >= offsetof(af_fetch_opts, accept) + sizeof(char *))
    r->accept = dup_or_null(opts->accept);
  r->conditional = opts && opts->conditional;
  r->accept_any = opts && opts->accept_any_status;
  r->is_file = !strncasecmp(url, "file:", 5);
  r->cb = cb;
  r->ud = ud;
  r->t0 = uv_hrtime();
  key = host_key(url);
  if (key) {
    r->host = host_get(h, key);
    free(key);
  }
  r->src = src_get(h, r->comp);
  if (!r->url || !r->comp || !r->ua || !r->schemes || !r->src ||
      (opts && opts->accept && !r->accept)) {
    af__http_req_free(r);
    return NULL;
  }
  r->lim.user_agent = r->ua;
  r->lim.schemes = r->schemes;
  if (r->lim.concurrency < 1)
    r->lim.concurrency = 1;
  if (r->lim.per_host < 1)
    r->lim.per_host = 1;
  return r;
}

int af__http_fetch(af__http *h, const char *comp, const af__http_limits *lim,
                  const char *url, const af_fetch_opts *opts, af__http_cb cb,
                  void *ud) {
  af__http_limits dl;
  af__http_req *r;
  const char *colon;
  char scheme[16], *file_url = NULL;
  size_t n;

  if (!h || !url || !cb)
    return AF_EINVAL;
  if (h->closing)
    return AF_ECANCELED;
  if (!lim) {
    af__http_limits_default(&dl);
    lim = &dl;
  }
  colon = strchr(url, ':');
  n = colon ? (size_t)(colon - url) : 0;
  if (!n || n >= sizeof(scheme)) {
    af__log_warn(comp, "fetch_refused", "url=\"%s\" error=\"not an absolute URL\"",
                url);
    return AF_EINVAL;
  }
  for (size_t i = 0; i < n; i++)
    scheme[i] = (char)tolower((unsigned char)url[i]);
  scheme[n] = '\0';
  if (!af__http_scheme_allowed(lim->schemes ? lim->schemes : "http,https",
                               scheme)) {
    af__log_warn(comp, "fetch_refused",
                "url=\"%s\" error=\"scheme %s is not allowed (schemes=%s)\"",
                url, scheme, lim->schemes ? lim->schemes : "http,https");
    return AF_EREFUSED;
  }
  if (!strcmp(scheme, "file")) {
    char why[512];
    int frc = af__file_url_resolve(url, lim->file_root, &file_url, why,
                                   sizeof(why));
    if (frc) {
      af__log_warn(comp, "fetch_refused", "url=\"%s\" error=\"%s\"", url, why);
      return frc;
    }
  }
  r = req_new(h, comp, lim, url, opts, cb, ud);
  if (!r) {
    free(file_url);
    return AF_ENOMEM;
  }
  r->file_url = file_url;
  if (!r->host) {
    af__http_req_free(r);
    return AF_EINVAL;
  }
  af__http_link(h, r, 0);
  af__http_schedule(h);
  return 0;
}

/* ---- robots.txt ---------------------------------------------------------- */

static char *product_token(const char *ua) {
  return strndup(ua, strcspn(ua, "/ "));
}

static int needs_robots(const af__http_req *r) {
  return r->lim.robots && !r->is_file && !r->is_robots && r->host;
}

static void robots_start(af__http *h, af__http_req *r) {
  af__http_host *x = r->host;
  af__http_limits lim = r->lim;
  af__http_req *rr;
  char *url = NULL;
  x->robots_state = AF_ROB_FETCHING;
  if (!x->agent)
    x->agent = product_token(r->ua);
  lim.max_body = 512 * 1024; /* RFC 9309: parse at least 500 KiB */
  lim.robots = 0;
  lim.retries = lim.retries > 1 ? 1 : lim.retries;
  if (asprintf(&url, "%s/robots.txt", x->key) < 0 ||
      !(rr = req_new(h, r->comp, &lim,
                     url, &(af_fetch_opts){.size = sizeof(af_fetch_opts),
                                           .accept_any_status = 1,
                                           .accept = "text/plain"},
                     af__http_robots_done, x))) {
    free(url);
    x->robots = af__robots_fixed(1);
    x->robots_state = AF_ROB_READY;
    return;
  }
  free(url);
  rr->is_robots = 1;
  af__http_link(h, rr, 1);
  h->pump_asap = 1;
}

/* The rules a robots.txt answer means (RFC 9309 2.3.1). */
static af__robots *robots_of(long status, const char *body, size_t len,
                             const char *agent) {
  if (status >= 200 && status < 300)
    return af__robots_parse(body, len, agent ? agent : "auditfeed");
  if (status >= 500) /* 2.3.1.4: a server error means "assume complete disallow" */
    return af__robots_fixed(0);
  return af__robots_fixed(1); /* 4xx: no rules */
}

static void robots_ready(af__http *h, af__http_host *x) {
  if (x->robots_state != AF_ROB_NONE)
    x->robots_state = x->robots ? AF_ROB_READY : AF_ROB_NONE;
  for (af__http_req *r = h->head; r; r = r->next)
    if (r->state == AF_RQ_ROBOTS && r->host == x)
      r->state = AF_RQ_WAIT;
  af__http_schedule(h);
}

void af__http_robots_done(const af_response *res, void *ud) {
  af__http_host *x = ud;
  af__http *h = x->h;
  af__robots_free(x->robots);
  x->robots = NULL;
  if (res->err == AF_ECANCELED) {
    x->robots_state = AF_ROB_NONE;
  } else if (res->err == 0) {
    x->robots = robots_of(res->status, res->body, res->len, x->agent);
    if (h->on_robots && x->robots)
      h->on_robots(h->robots_ud, res->url, res->status, res->body, res->len);
  } else { /* the host is unreachable: no rules */
    x->robots = af__robots_fixed(1);
  }
  robots_ready(h, x);
}

int af__http_robots_known(af__http *h, const char *url) {
  char *key = host_key(url);
  af__http_host *x = h->hosts;
  while (key && x && strcmp(x->key, key) != 0)
    x = x->next;
  free(key);
  return x && x->robots_state == AF_ROB_READY;
}

char *af__http_robots_url(const char *url) {
  char *key = host_key(url), *out = NULL;
  if (key && strcmp(key, "file://") && asprintf(&out, "%s/robots.txt", key) < 0)
    out = NULL;
  free(key);
  return out;
}

int af__http_robots_seed(af__http *h, const char *url, const char *user_agent,
                         long status, const char *body, size_t len) {
  char *key = host_key(url);
  af__http_host *x = key ? host_get(h, key) : NULL;
  int rc = key ? (x ? 0 : AF_ENOMEM) : AF_EINVAL;
  free(key);
  if (rc || x->robots_state != AF_ROB_NONE)
    return rc;
  if (!x->agent && !(x->agent = product_token(user_agent ? user_agent : AF_HTTP_UA)))
    return AF_ENOMEM;
  if (!(x->robots = robots_of(status, body, len, x->agent)))
    return AF_ENOMEM;
  x->robots_state = AF_ROB_FETCHING; /* so that robots_ready marks it ready */
  robots_ready(h, x);
  return 0;
}

void af__http_on_robots(af__http *h,
                        void (*cb)(void *ud, const char *url, long status,
                                   const char *body, size_t len),
                        void *ud) {
  h->on_robots = cb;
  h->robots_ud = ud;
}

static char *path_of(const char *url) {
  CURLU *u = curl_url();
  char *path = NULL, *query = NULL, *out = NULL;
  if (!u)
    return NULL;
  if (!curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) &&
      !curl_url_get(u, CURLUPART_PATH, &path, 0)) {
    curl_url_get(u, CURLUPART_QUERY, &query, 0);
    if (asprintf(&out, "%s%s%s", path, query ? "?" : "", query ? query : "") < 0)
      out = NULL;
  }
  curl_free(path);
  curl_free(query);
  curl_url_cleanup(u);
  return out;
}

/* ---- the scheduler ------------------------------------------------------- */

static void on_sched(uv_timer_t *t);

void af__http_schedule(af__http *h) {
  h->pump_asap = 1;
  if (!h->closing)
    uv_timer_start(&h->sched, on_sched, 0, 0);
}

static void finish_now(af__http_req *r, int err, const char *fmt,
                       const char *arg) {
  r->err = err;
  snprintf(r->errmsg, sizeof(r->errmsg), fmt, arg);
  r->state = AF_RQ_DONE;
}


/* The gap to keep before the next request to x: the source's delay, or
 * the site's robots.txt Crawl-delay when that is longer (capped). */
static long host_delay(const af__http_req *r, af__http_host *x) {
  long d = r->lim.delay_ms > 0 ? r->lim.delay_ms : 0;
  if (!needs_robots(r))
    return d;
  long cd = af__robots_delay_ms(x->robots);
  if (cd > r->lim.max_crawl_delay_ms && r->lim.max_crawl_delay_ms >= 0) {
    if (!x->delay_capped) {
      x->delay_capped = 1;
      af__log_warn(r->comp, "crawl_delay_capped",
                  "host=\"%s\" crawl_delay_ms=%ld used_ms=%ld", x->key, cd,
                  r->lim.max_crawl_delay_ms);
    }
    cd = r->lim.max_crawl_delay_ms;
  }
  if (cd > d && !x->delay_logged) {
    x->delay_logged = 1;
    af__log_info(r->comp, "crawl_delay", "host=\"%s\" delay_ms=%ld", x->key,
                cd);
  }
  return cd > d ? cd : d;
}

long af__http_host_delay(af__http *h, const af__http_limits *lim, const char *url) {
  long d = lim->delay_ms > 0 ? lim->delay_ms : 0;
  char *key = h && url && lim->robots ? host_key(url) : NULL;
  af__http_host *x = h ? h->hosts : NULL;
  while (key && x && strcmp(x->key, key) != 0)
    x = x->next;
  int known = key && x && x->robots_state == AF_ROB_READY;
  free(key);
  if (!known)
    return d;
  long cd = af__robots_delay_ms(x->robots);
  if (lim->max_crawl_delay_ms >= 0 && cd > lim->max_crawl_delay_ms)
    cd = lim->max_crawl_delay_ms;
  return cd > d ? cd : d;
}

/* Decides, for one queued request, whether it can start now. */
static void try_start(af__http *h, af__http_req *r, uint64_t now,
                      uint64_t *wake) {
  af__http_host *x = r->host;
  if (r->not_before > now) {
    if (r->not_before < *wake)
      *wake = r->not_before;
    return;
  }
  if (r->src->active >= r->lim.concurrency || x->active >= r->lim.per_host)
    return; /* a completion will pump again */
  if (needs_robots(r) && x->robots_state != AF_ROB_READY) {
    if (x->robots_state == AF_ROB_NONE)
      robots_start(h, r);
    if (x->robots_state != AF_ROB_READY) {
      r->state = AF_RQ_ROBOTS;
      return;
    }
  }
  if (needs_robots(r)) {
    char *path = path_of(r->url);
    int ok = af__robots_allowed(x->robots, path ? path : "/");
    free(path);
    if (!ok) {
      finish_now(r, AF_EROBOTS, "disallowed by %s/robots.txt", x->key);
      return;
    }
  }
  if (h->replay && !r->is_file) { /* answered from the archive */
    r->attempts = 1;
    af__http_req_replay(r);
    return;
  }
  if (x->next_start > now) {
    if (x->next_start < *wake)
      *wake = x->next_start;
    return;
  }
  if (af__http_req_start(r) != 0) {
    r->state = AF_RQ_DONE;
    return;
  }
  r->state = AF_RQ_ACTIVE;
  r->attempts++;
  r->src->active++;
  x->active++;
  x->next_start = now + (uint64_t)host_delay(r, x);
}

static void pump(af__http *h) {
  uint64_t now, wake = UINT64_MAX;
  af__http_req *r, *next;

  h->pump_asap = 0;
  uv_update_time(h->loop);
  now = uv_now(h->loop);
  for (r = h->head; r; r = next) {
    next = r->next;
    if (r->state == AF_RQ_WAIT && !h->paused)
      try_start(h, r, now, &wake);
  }
  /* Callbacks may queue more work: restart the scan after each one. */
  for (;;) {
    for (r = h->head; r && r->state != AF_RQ_DONE; r = r->next)
      ;
    if (!r)
      break;
    af__http_unlink(h, r);
    af__http_req_deliver(r);
  }
  if (h->closing)
    return;
  if (h->pump_asap)
    uv_timer_start(&h->sched, on_sched, 0, 0);
  else if (wake != UINT64_MAX)
    uv_timer_start(&h->sched, on_sched, wake - now, 0);
}

static void on_sched(uv_timer_t *t) { pump(t->data); }

/* ---- public lifecycle ---------------------------------------------------- */

int af__http_new(uv_loop_t *loop, af__state *state, const af__http_config *cfg,
                af__http **out, char *err, size_t errlen) {
  af__http *h;
  af__warc *rec = NULL, *replay = NULL;
  int rc;
  *out = NULL;
  if (cfg && cfg->record_dir && cfg->replay_dir) {
    snprintf(err, errlen, "--record and --replay cannot be used together");
    return AF_EINVAL;
  }
  if (cfg && cfg->record_dir &&
      (rc = af__warc_open_writer(cfg->record_dir, &rec, err, errlen)))
    return rc;
  if (cfg && cfg->replay_dir &&
      (rc = af__warc_open_reader(cfg->replay_dir, &replay, err, errlen)))
    return rc;
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    af__warc_close(rec);
    af__warc_close(replay);
    snprintf(err, errlen, "curl_global_init failed");
    return AF_ENET;
  }
  h = calloc(1, sizeof(*h));
  if (!h || !(h->multi = curl_multi_init())) {
    free(h);
    af__warc_close(rec);
    af__warc_close(replay);
    curl_global_cleanup();
    snprintf(err, errlen, "out of memory creating the HTTP client");
    return AF_ENOMEM;
  }
  h->loop = loop;
  h->state = state;
  h->on_validators = cfg ? cfg->on_validators : NULL;
  h->validators_ud = cfg ? cfg->validators_ud : NULL;
  h->rec = rec;
  h->replay = replay;
  h->rng = uv_hrtime() | 1;
  uv_timer_init(loop, &h->curl_timer);
  uv_timer_init(loop, &h->sched);
  h->curl_timer.data = h->sched.data = h;
  h->handles_open = 2;
  curl_multi_setopt(h->multi, CURLMOPT_SOCKETFUNCTION, on_curl_socket);
  curl_multi_setopt(h->multi, CURLMOPT_SOCKETDATA, h);
  curl_multi_setopt(h->multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
  curl_multi_setopt(h->multi, CURLMOPT_TIMERDATA, h);
  curl_multi_setopt(h->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
  *out = h;
  return 0;
}

void af__http_cancel_all(af__http *h) {
  af__http_req *list = h->head, *r;
  h->head = h->tail = NULL;
  h->n_reqs = 0;
  /* Detached first, so callbacks that fetch again cannot loop us forever. */
  while ((r = list)) {
    list = r->next;
    r->prev = r->next = NULL;
    if (r->easy) {
      curl_multi_remove_handle(h->multi, r->easy);
      curl_easy_cleanup(r->easy);
      r->easy = NULL;
      r->src->active--;
      r->host->active--;
    }
    r->err = AF_ECANCELED;
    snprintf(r->errmsg, sizeof(r->errmsg), "cancelled");
    r->status = 0;
    af__http_req_deliver(r);
  }
}

void af__http_free(af__http *h) {
  if (!h || h->closing)
    return;
  h->closing = 1;
  af__http_cancel_all(h);
  while (h->head) /* fetches made by the cancel callbacks were refused */
    af__http_cancel_all(h);
  curl_multi_cleanup(h->multi);
  h->multi = NULL;
  while (h->socks)
    sock_close(h, h->socks);
  uv_timer_stop(&h->curl_timer);
  uv_timer_stop(&h->sched);
  uv_close((uv_handle_t *)&h->curl_timer, on_handle_closed);
  uv_close((uv_handle_t *)&h->sched, on_handle_closed);
}

void af__http_set_paused(af__http *h, int paused) {
  h->paused = paused ? 1 : 0;
  if (!paused)
    af__http_schedule(h);
}

size_t af__http_pending(const af__http *h) { return h ? h->n_reqs : 0; }
