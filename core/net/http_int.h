/* Private to the HTTP client (http.c: loop plumbing and scheduling;
 * http_req.c: one transfer's setup, classification and response).
 *
 * Why the two call each other (the import circle): the scheduler starts a
 * transfer (af__http_req_start), and a finished transfer hands its slot
 * back (af__http_unlink, af__http_schedule) or asks to be retried later.
 * Only the scheduler starts transfers and only http_req.c decides a
 * transfer's outcome; merging them would make one 1,400-line file. */
#ifndef AF_HTTP_INT_H
#define AF_HTTP_INT_H

#include <stdint.h>

#include <curl/curl.h>

#include "http.h"
#include "robots.h"
#include "warc.h"

enum af__rq_state {
  AF_RQ_WAIT = 0, /* queued: waits for a slot, its delay or not_before */
  AF_RQ_ROBOTS,   /* waits for its host's robots.txt */
  AF_RQ_ACTIVE,   /* a curl transfer is running */
  AF_RQ_DONE      /* finished without a transfer; delivered by the pump */
};

enum af__robots_state { AF_ROB_NONE = 0, AF_ROB_FETCHING, AF_ROB_READY };

typedef struct af__http_host {
  struct af__http_host *next;
  af__http *h;
  char *key;           /* "https://example.org:443", or "file://" */
  long active;
  uint64_t next_start; /* loop ms before which no new request starts */
  int robots_state;
  int delay_capped; /* the Crawl-delay cap was logged for this host */
  int delay_logged; /* so was the Crawl-delay itself */
  af__robots *robots;
  char *agent; /* product token robots.txt groups are matched against */
} af__http_host;

typedef struct af__http_src {
  struct af__http_src *next;
  char *comp;
  long active;
} af__http_src;

typedef struct af__http_req {
  struct af__http_req *prev, *next;
  af__http *h;
  int state;
  char *url, *comp;
  char *file_url; /* a file:// URL's checked real path, what curl reads */
  af__http_limits lim; /* user_agent/schemes point at the copies below */
  char *ua, *schemes, *accept;
  int conditional, accept_any, is_file, is_robots;
  af__http_cb cb;
  void *ud;
  af__http_host *host;
  af__http_src *src;

  CURL *easy;
  struct curl_slist *hdrs;
  char errbuf[CURL_ERROR_SIZE];
  char *buf;
  size_t len, cap;
  int over_limit;
  char location[512]; /* last Location header: names a refused redirect */
  char *raw_hdrs;     /* header block of the last response, for --record */
  size_t raw_len, raw_cap;
  char *req_hdrs;     /* the last request's header block as sent, likewise */
  size_t req_len, req_cap;

  char trace[17]; /* carried by every log line about this fetch and the doc */
  int attempts;
  uint64_t not_before;
  uint64_t t0; /* uv_hrtime() of the first attempt */

  /* outcome of the last attempt */
  int err;
  char errmsg[512];
  long status;
  long retry_after; /* ms from the last 429/5xx's Retry-After, -1 if none */
  int not_modified;
  char *final_url, *ctype, *etag, *last_modified;
} af__http_req;

typedef struct af__http_sock {
  struct af__http_sock *prev, *next;
  uv_poll_t poll;
  curl_socket_t fd;
  af__http *h;
} af__http_sock;

struct af__http {
  uv_loop_t *loop;
  af__state *state;
  void (*on_validators)(const char *, const char *, const char *, void *);
  void *validators_ud; /* see af__http_config */
  CURLM *multi;
  uv_timer_t curl_timer; /* curl's single timeout */
  uv_timer_t sched;      /* our scheduler: delays, backoff, deferred delivery */
  int handles_open;      /* freed when the last close callback has run */
  int closing, paused, pump_asap;
  af__http_req *head, *tail;
  size_t n_reqs;
  af__http_host *hosts;
  af__http_src *srcs;
  af__http_sock *socks;
  uint64_t rng;          /* jitter for af__backoff_ms (base/retry.h) */
  af__warc *rec;    /* --record */
  af__warc *replay; /* --replay: no network */
  /* af__http_on_robots: each robots.txt this client fetched itself */
  void (*on_robots)(void *ud, const char *url, long status, const char *body, size_t len);
  void *robots_ud;
};

/* http_req.c */
int af__http_req_start(af__http_req *r);
void af__http_req_replay(af__http_req *r);
void af__http_req_finish(af__http_req *r, CURLcode rc);
void af__http_req_deliver(af__http_req *r);
void af__http_req_free(af__http_req *r);
void af__http_req_reset(af__http_req *r);

/* http.c */
void af__http_schedule(af__http *h);
/* Puts r on the request list: at its head (a retry, which already waited
 * its turn once) or at its tail (a new request). */
void af__http_link(af__http *h, af__http_req *r, int at_head);
void af__http_unlink(af__http *h, af__http_req *r);
void af__http_robots_done(const af_response *res, void *ud);

#endif /* AF_HTTP_INT_H */
