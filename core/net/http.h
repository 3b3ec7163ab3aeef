/* The core's HTTP client: libcurl's multi interface driven by the libuv
 * loop (socket and timer callbacks, curl_multi_socket_action).  One client
 * per engine; every source fetches through it, so limits, retries,
 * robots.txt, conditional requests, charset conversion, decompression and
 * WARC record/replay are solved once.  Loop thread only.
 *
 * Ownership: af__http_fetch copies `url` and `opts`; the af_response given to
 * the callback is borrowed for the duration of the callback.
 */
#ifndef AF_HTTP_H
#define AF_HTTP_H

#include <stddef.h>

#include <uv.h>

#include <auditfeed/plugin.h>

#include "state.h"

/* Per-source limits.  Filled from a source's config through
 * af__http_limit_opts (the keys every source accepts), defaults applied by
 * af__http_limits_default. */
typedef struct af__http_limits {
  long concurrency;       /* max transfers in flight for this source */
  long per_host;          /* max transfers in flight to one host */
  long delay_ms;          /* min gap between request starts to one host */
  long connect_timeout_ms;
  long timeout_ms;        /* whole transfer */
  size_t max_body;        /* abort the transfer beyond this many bytes */
  long max_redirects;
  long retries;           /* extra attempts after the first */
  long backoff_ms;        /* first retry delay; doubles, with jitter */
  int robots;             /* obey robots.txt */
  long max_crawl_delay_ms; /* robots.txt Crawl-delay honoured up to this */
  const char *user_agent;
  const char *schemes;    /* allowed, comma-separated: "http,https" by default */
  /* file:// URLs are read only when `schemes` names file, and only when
   * they resolve (realpath: symlinks and ../ followed) below this directory;
   * NULL refuses every file:// URL. */
  const char *file_root;
} af__http_limits;

/* NULL-key-terminated; offsets are into af__http_limits. */
extern const af_opt af__http_limit_opts[];
void af__http_limits_default(af__http_limits *lim);
/* Checks what the keys cannot check one by one: `schemes` naming file
 * needs a `file_root` that is an existing directory.  0, or AF_ECONFIG
 * with a message naming the key in err. */
int af__http_limits_check(const af__http_limits *lim, char *err, size_t errlen);
/* 1 when the comma-separated `schemes` names `scheme` (case-insensitive). */
int af__http_scheme_allowed(const char *schemes, const char *scheme);

typedef struct af__http af__http;

typedef struct af__http_config {
  const char *record_dir; /* --record DIR: write WARC 1.1, or NULL */
  const char *replay_dir; /* --replay DIR: serve from WARC, no network, or NULL */
  /* ETag/Last-Modified of 200 responses are reported here; the client
   * reads validators from the state store for conditional requests but
   * never writes them: the caller stores them once what was fetched is
   * safely committed (engine/validators.c).  NULL: not kept. */
  void (*on_validators)(const char *url, const char *etag,
                        const char *last_modified, void *ud);
  void *validators_ud;
} af__http_config;

int af__http_new(uv_loop_t *loop, af__state *state, const af__http_config *cfg,
                af__http **out, char *err, size_t errlen);
/* Cancels what is in flight (callbacks run with AF_ECANCELED), then frees
 * once the loop has closed its handles. */
void af__http_free(af__http *h);

typedef void (*af__http_cb)(const af_response *res, void *ud);

/* `comp` names the source in log lines.  Returns 0 (the callback will run
 * exactly once) or AF_E* (it will not). */
int af__http_fetch(af__http *h, const char *comp, const af__http_limits *lim,
                  const char *url, const af_fetch_opts *opts, af__http_cb cb,
                  void *ud);

/* Backpressure: while paused no new transfer starts (queued ones wait). */
void af__http_set_paused(af__http *h, int paused);
/* Transfers queued or in flight. */
size_t af__http_pending(const af__http *h);
void af__http_cancel_all(af__http *h);
/* The gap this client keeps between requests to url's host: the source's
 * delay, or the host's robots.txt Crawl-delay (capped) once that is
 * known and longer (engine = nats holds a page's ack this long). */
long af__http_host_delay(af__http *h, const af__http_limits *lim, const char *url);

/* engine = nats: robots.txt shared between the workers.
 * af__http_robots_known: 1 when the rules of url's host are known here.
 * af__http_robots_seed: takes the robots.txt another worker fetched for
 * url's host (its HTTP status and body), as if fetched here, unless the
 * host's rules are known or being fetched; 0, or AF_ENOMEM / AF_EINVAL.
 * af__http_on_robots: `cb` is called with each robots.txt this client
 * fetches itself and gets an answer for (url = the robots.txt URL). */
int af__http_robots_known(af__http *h, const char *url);
/* The robots.txt URL this client asks for url's host (malloc'd), or NULL
 * (a file: URL, an unreadable one, or no memory). */
char *af__http_robots_url(const char *url);
int af__http_robots_seed(af__http *h, const char *url, const char *user_agent,
                         long status, const char *body, size_t len);
void af__http_on_robots(af__http *h,
                        void (*cb)(void *ud, const char *url, long status,
                                   const char *body, size_t len),
                        void *ud);

#endif /* AF_HTTP_H */
