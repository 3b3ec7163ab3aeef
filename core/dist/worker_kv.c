/* engine = nats: what the workers share through the key-value buckets
 * (worker_int.h).  Both are caches: a missing, unreadable or stale value
 * costs a fetch in full (a robots.txt read again, a 200 instead of a 304),
 * never a wrong result.
 *
 * robots: a worker that has not read a host's robots.txt looks in the
 * bucket first, so a host's robots.txt is fetched about once for the
 * cluster, not once per worker.  Key: sha1 of the robots.txt URL; value
 * "af1 <unix seconds> <status>\n<body>", taken while younger than a day.
 *
 * validators: the ETag and Last-Modified of a page's 200 go to the bucket
 * when its job is acknowledged, that is once every document it produced is
 * on the records stream (replicated, and read until each sink commits), so
 * a later 304 can only be for a page the sinks have or will have.  A
 * conditional fetch (the source's choice, carried by the frontier message)
 * on any worker asks the bucket first and puts the value into its own state
 * store, from which the HTTP client builds If-None-Match/If-Modified-Since.
 * Key: sha1 of the URL; value "af1\n<etag>\n<last-modified>\n" (either may
 * be empty). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc.h"
#include "log.h"
#include "worker_int.h"

#define ROBOTS_TTL_S 86400L

static int url_key(const char *url, char key[41]) {
  if (!url)
    return 0;
  af__sha1_hex(url, strlen(url), key);
  return 1;
}

/* ---- robots.txt --------------------------------------------------------------- */

void af__wkv_robots_fetched(void *ud, const char *url, long status, const char *body,
                            size_t len) {
  worker *w = ud;
  char key[41], head[64];
  if (!w->io || !url_key(url, key))
    return;
  int n = snprintf(head, sizeof(head), "af1 %lld %ld\n", (long long)time(NULL), status);
  char *v = malloc((size_t)n + len + 1);
  if (!v)
    return;
  memcpy(v, head, (size_t)n);
  if (len)
    memcpy(v + n, body, len);
  af__nio_kv_put(w->io, AF_NIO_ROBOTS, key, v, (size_t)n + len);
  free(v);
}

static void robots_value(worker *w, fjob *j, const af__nio_ev *ev) {
  long long t = 0;
  long status = 0;
  int off = 0;
  if (ev->data && sscanf(ev->data, "af1 %lld %ld\n%n", &t, &status, &off) == 2 && off > 0 &&
      t > (long long)time(NULL) - ROBOTS_TTL_S &&
      af__http_robots_seed(af__engine_dist_http(w->e), j->m.url, j->lim.user_agent, status,
                           ev->data + off, ev->len - (size_t)off) == 0)
    af__log_debug(j->m.source, "robots_shared", "host=%s status=%ld", j->host, status);
}

/* 1 when the job waits for the robots bucket. */
static int robots_lookup(fjob *j) {
  const af__http_limits *lim = af__engine_dist_limits(j->src);
  af__http *http = af__engine_dist_http(j->w->e);
  char key[41];
  if (!lim->robots || af__http_robots_known(http, j->m.url))
    return 0;
  char *url = af__http_robots_url(j->m.url);
  int ok = url_key(url, key) && af__nio_kv_get(j->w->io, AF_NIO_ROBOTS, key, j) == 0;
  free(url);
  if (ok) {
    j->lim = *lim;
    j->kv_wait = AF_NIO_ROBOTS;
  }
  return ok;
}

/* ---- validators --------------------------------------------------------------- */

/* 1 when the job waits for the validators bucket. */
static int validators_lookup(fjob *j) {
  char key[41];
  if (!j->m.conditional || !url_key(j->m.url, key) ||
      af__nio_kv_get(j->w->io, AF_NIO_VALIDATORS, key, j) != 0)
    return 0;
  j->kv_wait = AF_NIO_VALIDATORS;
  return 1;
}

/* "af1\n<etag>\n<last-modified>\n": the two lines cut out in place. */
static int validators_parse(char *v, char **etag, char **lm) {
  if (!v || strncmp(v, "af1\n", 4) != 0)
    return 0;
  char *e = v + 4, *nl = strchr(e, '\n');
  if (!nl)
    return 0;
  *nl = '\0';
  char *l = nl + 1;
  if (!(nl = strchr(l, '\n')))
    return 0;
  *nl = '\0';
  *etag = *e ? e : NULL;
  *lm = *l ? l : NULL;
  return *etag || *lm;
}

static void validators_value(worker *w, fjob *j, af__nio_ev *ev) {
  char *etag = NULL, *lm = NULL;
  if (validators_parse(ev->data, &etag, &lm) &&
      af__engine_dist_validators(w->e, j->m.url, etag, lm) == 0)
    af__log_debug(j->m.source, "validators_shared", "url=\"%s\"", j->m.url);
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

void af__wkv_keep_validators(fjob *j, const af_response *res) {
  free(j->etag);
  free(j->last_modified);
  j->etag = j->last_modified = NULL;
  if (res->err || res->status != 200 || res->not_modified)
    return;
  /* Out of memory: not shared, the next worker fetches in full. */
  j->etag = dup_or_null(res->etag);
  j->last_modified = dup_or_null(res->last_modified);
}

void af__wkv_share_validators(fjob *j) {
  char key[41], *v = NULL;
  if ((!j->etag && !j->last_modified) || !j->w->io || !url_key(j->m.url, key))
    return;
  const char *e = j->etag ? j->etag : "", *l = j->last_modified ? j->last_modified : "";
  /* a header value with a line break cannot be told apart: not shared */
  if (strchr(e, '\n') || strchr(l, '\n'))
    return;
  size_t len = 4 + strlen(e) + 1 + strlen(l) + 1;
  if (!(v = malloc(len + 1)))
    return;
  snprintf(v, len + 1, "af1\n%s\n%s\n", e, l);
  af__nio_kv_put(j->w->io, AF_NIO_VALIDATORS, key, v, len);
  free(v);
}

/* ---- before a page's fetch ------------------------------------------------------ */

int af__wkv_lookup(fjob *j) { return robots_lookup(j) || validators_lookup(j); }

void af__wkv_on_value(worker *w, af__nio_ev *ev) {
  fjob *j = ev->cookie;
  int asked = j->kv_wait;
  j->kv_wait = 0;
  if (asked == AF_NIO_ROBOTS) {
    robots_value(w, j, ev);
    if (validators_lookup(j))
      return;
  } else if (asked == AF_NIO_VALIDATORS) {
    validators_value(w, j, ev);
  }
  af__worker_start_page(j);
}
