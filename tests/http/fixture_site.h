/* The fixture server's generated multi-host site (tests/http/fixture_site.c):
 * many host names on one loopback port, told apart by the Host header
 * (curl resolves every *.localhost name to loopback itself), each with a
 * robots.txt, a feed and article pages; a host can answer its Nth request
 * with a 429 and Retry-After; every request's start and end is logged
 * with a monotonic time, so a test can tell how many requests of a host
 * were in flight at once. */
#ifndef AF_FIXTURE_SITE_H
#define AF_FIXTURE_SITE_H

#include <stddef.h>

/* One reply.  body is malloc'd and owned by the caller. */
typedef struct fsite_reply {
  int status;
  const char *ctype;  /* static */
  char extra[128];    /* header lines, each ending in CRLF, or "" */
  char *body;
  size_t len;
} fsite_reply;

/* Command-line option `opt` with value `val`: 1 when it is one of the
 * site's (--site N, --articles K, --host-articles HOST:K,
 * --throttle HOST:N:SECS, --reqlog FILE),
 * 0 when it is not, -1 when its value is bad (a message is printed).
 * --host-articles HOST:K gives one host K articles instead of N. */
int fsite_option(const char *opt, const char *val);

/* 1 when `host` (the Host header without its port) is a site host. */
int fsite_is_host(const char *host);

/* The reply to GET `path` on `host`; `hostport` is the Host header as
 * sent (for absolute links).  0, or -1 when out of memory. */
int fsite_serve(const char *host, const char *hostport, const char *path,
                fsite_reply *r);

/* Log a request's start (returns its id) and its end.  status 0 at the
 * end means the client went away before the reply was sent. */
long fsite_log_start(const char *host, const char *path);
void fsite_log_end(long id, const char *host, int status);

#endif
