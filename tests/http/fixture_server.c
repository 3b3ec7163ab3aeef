/* A tiny HTTP/1.1 server for the fetching tests: serves files from a
 * fixtures directory and misbehaves on request, by path.  Loopback only.
 *
 *   fixture_server FIXTURES_DIR [--latency MS] [--site N [--articles K]
 *                  [--host-articles HOST:K]... [--throttle HOST:NTH:SECS]...
 *                  [--reqlog FILE]]
 *
 * --site adds the generated hosts h01..hNN.localhost (fixture_site.c).
 * Binds 127.0.0.1 on a free port and prints "PORT\n" on stdout.  Every
 * request is logged; GET /__log returns "path cond=0|1 status" lines and
 * GET /__reset clears the log and the /flaky counters; GET /__conns tells
 * how many connections were accepted since.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <uv.h>
#include <zlib.h>

#include "../core/test_util.h"
#include "fixture_site.h"

#define MAX_REQ 16384
#define MAX_LOG 100000

typedef struct conn {
  uv_tcp_t tcp;
  uv_timer_t timer;
  char req[MAX_REQ];
  size_t len;
  int busy, closing, open_handles, keep_alive;
  char *pending; /* what the timer sends */
  size_t pending_len;
  int close_after; /* 1 close, 2 reset, 0 keep going */
  long site_id;    /* the site request being answered, 0 when none */
  char site_host[64];
  int site_status;
} conn;

static const char *g_dir;
static long g_latency_ms;
static char *g_log[MAX_LOG];
static size_t g_nlog;
static long g_conns; /* connections accepted: shows keep-alive reuse */
static struct {
  char key[128];
  int count;
} g_flaky[256];
static size_t g_nflaky;

static void conn_closed(uv_handle_t *h) {
  conn *c = h->data;
  if (--c->open_handles == 0) {
    free(c->pending);
    free(c);
  }
}

/* The site request's reply has been handed to the socket (or the client
 * went away first, status 0): its end goes in the request log. */
static void site_end(conn *c, int status) {
  if (c->site_id) {
    fsite_log_end(c->site_id, c->site_host, status);
    c->site_id = 0;
  }
}

static void conn_close(conn *c, int reset) {
  if (c->closing)
    return;
  site_end(c, 0);
  c->closing = 1;
  uv_timer_stop(&c->timer);
  uv_close((uv_handle_t *)&c->timer, conn_closed);
  if (reset)
    uv_tcp_close_reset(&c->tcp, conn_closed);
  else
    uv_close((uv_handle_t *)&c->tcp, conn_closed);
}

static void on_shutdown(uv_shutdown_t *r, int status) {
  conn *c = r->data;
  (void)status;
  free(r);
  conn_close(c, 0);
}

/* Close after everything queued so far has been written. */
static void conn_finish(conn *c) {
  uv_shutdown_t *r;
  if (c->closing)
    return;
  r = malloc(sizeof(*r));
  if (!r || uv_shutdown(r, (uv_stream_t *)&c->tcp, on_shutdown) != 0) {
    free(r);
    conn_close(c, 0);
    return;
  }
  r->data = c;
  c->busy = 1;
}

static void on_written(uv_write_t *w, int status) {
  (void)status;
  free(w->data);
  free(w);
}

static void send_raw(conn *c, const char *p, size_t n) {
  uv_write_t *w;
  uv_buf_t b;
  char *copy;
  if (c->closing || !n)
    return;
  w = malloc(sizeof(*w));
  copy = malloc(n);
  if (!w || !copy) {
    free(w);
    free(copy);
    return;
  }
  memcpy(copy, p, n);
  w->data = copy;
  b = uv_buf_init(copy, (unsigned)n);
  if (uv_write(w, (uv_stream_t *)&c->tcp, &b, 1, on_written) != 0) {
    free(copy);
    free(w);
  }
}

/* The status line and headers of a response with a body of len bytes
 * (ctype and extra, header lines each ending in CRLF, may be NULL). */
static int response_head(const conn *c, char *head, size_t cap, int status,
                         const char *ctype, const char *extra, size_t len) {
  return snprintf(head, cap,
                  "HTTP/1.1 %d %s\r\nContent-Length: %zu\r\n%s%s%s%s"
                  "Connection: %s\r\n\r\n",
                  status, status == 200 ? "OK" : "X", len, ctype ? "Content-Type: " : "",
                  ctype ? ctype : "", ctype ? "\r\n" : "", extra ? extra : "",
                  c->keep_alive ? "keep-alive" : "close");
}

static void send_response(conn *c, int status, const char *ctype,
                          const char *extra, const char *body, size_t len) {
  char head[2048];
  int n = response_head(c, head, sizeof(head), status, ctype, extra, len);
  send_raw(c, head, (size_t)n);
  send_raw(c, body, len);
  if (!c->keep_alive)
    conn_finish(c);
}

static char *compress_body(const char *in, size_t len, int gzip, size_t *out) {
  z_stream z = {0};
  size_t cap = compressBound((uLong)len) + 64;
  char *buf = malloc(cap);
  if (!buf || deflateInit2(&z, 6, Z_DEFLATED, gzip ? 31 : 15, 8,
                           Z_DEFAULT_STRATEGY) != Z_OK) {
    free(buf);
    return NULL;
  }
  z.next_in = (Bytef *)in;
  z.avail_in = (uInt)len;
  z.next_out = (Bytef *)buf;
  z.avail_out = (uInt)cap;
  deflate(&z, Z_FINISH);
  *out = cap - z.avail_out;
  deflateEnd(&z);
  return buf;
}

static const char *type_of(const char *path, const char *body) {
  const char *dot = strrchr(path, '.');
  if (dot && strchr(dot, '/'))
    dot = NULL; /* a dot in a directory name */
  if (path[strlen(path) - 1] == '/')
    return body && body[0] == '<' && body[1] == '?' ? "application/rss+xml"
                                                    : "text/html";
  if (!dot || !strncmp(dot, ".page-", 6))
    return body && (body[0] == '{' || body[0] == '[') ? "application/json"
                                                      : "application/octet-stream";
  if (!strcmp(dot, ".pdf"))
    return "application/pdf";
  if (!strcmp(dot, ".json"))
    return "application/json";
  if (!strcmp(dot, ".html"))
    return strstr(path, "cp1252") ? "text/html; charset=windows-1252"
                                  : "text/html";
  if (!strcmp(dot, ".xml"))
    return strstr(path, "atom") ? "application/atom+xml"
                                : "application/xml";
  if (!strcmp(dot, ".txt"))
    return "text/plain";
  return "application/octet-stream";
}

static const char *hdr(const char *req, const char *name, char *out,
                       size_t outlen) {
  const char *p = req;
  size_t nl = strlen(name);
  while ((p = strstr(p, "\r\n"))) {
    p += 2;
    if (!strncasecmp(p, name, nl) && p[nl] == ':') {
      size_t n = 0;
      p += nl + 1;
      while (*p == ' ')
        p++;
      while (p[n] && p[n] != '\r' && n + 1 < outlen)
        n++;
      memcpy(out, p, n);
      out[n] = '\0';
      return out;
    }
  }
  return NULL;
}

static long qparam(const char *query, const char *key, long dflt) {
  char k[64];
  const char *p = query;
  snprintf(k, sizeof(k), "%s=", key);
  /* the whole name: "page" must not match "per_page=5" */
  while (p && (p = strstr(p, k)) && p != query && p[-1] != '&')
    p += strlen(k);
  return p ? strtol(p + strlen(k), NULL, 10) : dflt;
}

static int *flaky_counter(const char *key) {
  for (size_t i = 0; i < g_nflaky; i++)
    if (!strcmp(g_flaky[i].key, key))
      return &g_flaky[i].count;
  if (g_nflaky == 256)
    return &g_flaky[255].count;
  snprintf(g_flaky[g_nflaky].key, sizeof(g_flaky[0].key), "%.120s", key);
  g_flaky[g_nflaky].count = 0;
  return &g_flaky[g_nflaky++].count;
}

static void process(conn *c);

static void on_timer(uv_timer_t *t) {
  conn *c = t->data;
  char *p = c->pending;
  size_t n = c->pending_len;
  c->pending = NULL;
  send_raw(c, p, n);
  free(p);
  site_end(c, c->site_status);
  if (c->close_after == 2)
    conn_close(c, 1);
  else if (c->close_after)
    conn_finish(c);
  else {
    c->busy = 0;
    process(c);
  }
}

/* Send `head+body` now, or after `ms` when ms > 0. */
static void send_later(conn *c, long ms, const char *p, size_t n, int close) {
  if (ms <= 0) {
    send_raw(c, p, n);
    site_end(c, c->site_status);
    if (close == 2)
      conn_close(c, 1);
    else if (close)
      conn_finish(c);
    return;
  }
  c->busy = 1;
  free(c->pending);
  c->pending = malloc(n ? n : 1);
  if (c->pending)
    memcpy(c->pending, p, n);
  c->pending_len = c->pending ? n : 0;
  c->close_after = close;
  uv_timer_start(&c->timer, on_timer, (uint64_t)ms, 0);
}

/* A 200 with `extra` header lines (each ending in CRLF) and the body,
 * sent like send_later. */
static void send_ok_later(conn *c, long ms, const char *type,
                          const char *extra, const char *body, size_t len) {
  char head[2048];
  int n = response_head(c, head, sizeof(head), 200, type, extra, len);
  char *all = malloc((size_t)n + len);
  if (all) {
    memcpy(all, head, (size_t)n);
    memcpy(all + n, body, len);
    send_later(c, ms, all, (size_t)n + len, !c->keep_alive);
    free(all);
  }
}

static void log_req(const char *path, int cond, int status) {
  char *line;
  if (g_nlog < MAX_LOG &&
      asprintf(&line, "%s cond=%d status=%d\n", path, cond, status) >= 0)
    g_log[g_nlog++] = line;
}

static void article_page(int i, char *out, size_t outlen) {
  snprintf(out, outlen,
           "<!doctype html><html><head><title>Article %d</title></head>"
           "<body><article><h1>Article %d</h1><p>The National Audit Office "
           "found that spending rose by %d per cent in 2023-24.</p>"
           "</article></body></html>",
           i, i, i % 90 + 1);
}

static char *big_feed(long n, size_t *len) {
  size_t cap = 256 + (size_t)n * 256, o = 0;
  char *b = malloc(cap);
  if (!b)
    return NULL;
  o += (size_t)snprintf(b + o, cap - o,
                        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
                        "<title>Bench</title><link>/</link>");
  for (long i = 0; i < n; i++)
    o += (size_t)snprintf(b + o, cap - o,
                          "<item><title>Article %ld</title><link>/gen/%ld.html"
                          "</link><pubDate>Mon, 01 Jan 2024 10:00:00 GMT"
                          "</pubDate></item>",
                          i, i);
  o += (size_t)snprintf(b + o, cap - o, "</channel></rss>");
  *len = o;
  return b;
}

/* A request for one of the generated site's hosts: answered after the
 * latency, logged from its start to the moment the reply is sent. */
static int site_request(conn *c, const char *path, long lat) {
  char hostport[128], host[128], *colon;
  fsite_reply r;
  if (!hdr(c->req, "Host", hostport, sizeof(hostport)))
    return 0;
  snprintf(host, sizeof(host), "%s", hostport);
  if ((colon = strchr(host, ':')))
    *colon = '\0';
  for (char *p = host; *p; p++)
    *p = (char)tolower((unsigned char)*p);
  if (!fsite_is_host(host))
    return 0;
  c->site_id = fsite_log_start(host, path);
  snprintf(c->site_host, sizeof(c->site_host), "%.60s", host);
  if (fsite_serve(host, hostport, path, &r) != 0) {
    c->site_status = 500;
    send_response(c, 500, "text/plain", NULL, "", 0);
    site_end(c, 500);
    return 1;
  }
  c->site_status = r.status;
  if (r.status == 200) {
    send_ok_later(c, lat, r.ctype, r.extra, r.body, r.len);
  } else {
    char head[512];
    int n = snprintf(head, sizeof(head),
                     "HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: "
                     "%zu\r\n%sConnection: %s\r\n\r\n",
                     r.status, r.ctype, r.len, r.extra,
                     c->keep_alive ? "keep-alive" : "close");
    char *all = malloc((size_t)n + r.len);
    if (all) {
      memcpy(all, head, (size_t)n);
      memcpy(all + n, r.body, r.len);
      send_later(c, lat, all, (size_t)n + r.len, !c->keep_alive);
      free(all);
    } else {
      send_response(c, 500, "text/plain", NULL, "", 0);
      site_end(c, 500);
    }
  }
  free(r.body);
  return 1;
}

static void handle(conn *c, const char *path, const char *query) {
  char buf[8192], inm[256], file[4096];
  const char *ka = hdr(c->req, "Connection", buf, sizeof(buf));
  int cond = hdr(c->req, "If-None-Match", inm, sizeof(inm)) ||
             hdr(c->req, "If-Modified-Since", buf, sizeof(buf));
  int status = 200;
  char *body = NULL;
  size_t len = 0;
  long lat = g_latency_ms;

  c->keep_alive = !(ka && !strcasecmp(ka, "close"));
  hdr(c->req, "If-None-Match", inm, sizeof(inm));
  if (!cond)
    inm[0] = '\0';
  if (site_request(c, path, lat))
    return;

  if (!strcmp(path, "/__log")) {
    size_t o = 0;
    for (size_t i = 0; i < g_nlog; i++)
      o += strlen(g_log[i]);
    body = malloc(o + 1);
    o = 0;
    for (size_t i = 0; body && i < g_nlog; i++) {
      memcpy(body + o, g_log[i], strlen(g_log[i]));
      o += strlen(g_log[i]);
    }
    send_response(c, 200, "text/plain", NULL, body, body ? o : 0);
    free(body);
    return;
  }
  if (!strcmp(path, "/__conns")) {
    int n = snprintf(buf, sizeof(buf), "%ld\n", g_conns - 1); /* not this one */
    send_response(c, 200, "text/plain", NULL, buf, (size_t)n);
    return;
  }
  if (!strcmp(path, "/__reset")) {
    for (size_t i = 0; i < g_nlog; i++)
      free(g_log[i]);
    g_nlog = g_nflaky = 0;
    g_conns = 0;
    send_response(c, 200, "text/plain", NULL, "ok\n", 3);
    return;
  }

  if (!strncmp(path, "/status/", 8)) {
    long ra = qparam(query, "retry-after", -1);
    status = atoi(path + 8);
    if (ra >= 0)
      snprintf(file, sizeof(file), "Retry-After: %ld\r\n", ra);
    log_req(path, cond, status);
    send_response(c, status, "text/plain", ra >= 0 ? file : NULL, "err\n", 4);
    return;
  }
  if (!strncmp(path, "/flaky/", 7)) {
    int *n = flaky_counter(path);
    long fail = qparam(query, "fail", 2), code = qparam(query, "code", 503);
    if ((*n)++ < fail) {
      const char *ra = code == 429 ? "Retry-After: 1\r\n" : NULL;
      if (qparam(query, "date", 0) > 0) { /* Retry-After as an HTTP-date */
        time_t t = time(NULL) + qparam(query, "date", 0);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(file, sizeof(file),
                 "Retry-After: %a, %d %b %Y %H:%M:%S GMT\r\n", &tm);
        ra = file;
      }
      log_req(path, cond, (int)code);
      send_response(c, (int)code, "text/plain", ra, "busy\n", 5);
      return;
    }
    log_req(path, cond, 200);
    send_response(c, 200, "text/html", NULL, "<p>finally</p>", 14);
    return;
  }
  if (!strcmp(path, "/slow-first-byte")) {
    lat += qparam(query, "ms", 2000);
    path = "/articles/a1.html";
  } else if (!strcmp(path, "/slow-body") || !strcmp(path, "/stall") ||
             !strcmp(path, "/reset") || !strcmp(path, "/lying-length")) {
    int n = snprintf(buf, sizeof(buf),
                     "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                     "Content-Length: 2000\r\nConnection: close\r\n\r\n");
    memset(buf + n, 'x', 1000);
    log_req(path, cond, 200);
    send_raw(c, buf, (size_t)n + 1000);
    if (!strcmp(path, "/slow-body"))
      send_later(c, qparam(query, "ms", 500), buf + n, 1000, 1);
    else if (!strcmp(path, "/reset"))
      conn_close(c, 2);
    else if (!strcmp(path, "/lying-length"))
      conn_finish(c);
    else
      c->busy = 1; /* /stall: never finish */
    return;
  }
  if (!strncmp(path, "/redirect/", 10)) {
    long n = atol(path + 10);
    if (n > 0)
      snprintf(file, sizeof(file), "Location: /redirect/%ld\r\n", n - 1);
    log_req(path, cond, n > 0 ? 302 : 200);
    if (n > 0)
      send_response(c, 302, "text/plain", file, "", 0);
    else
      send_response(c, 200, "text/html", NULL, "<p>landed</p>", 13);
    return;
  }
  if (!strcmp(path, "/loop") || !strcmp(path, "/to-file")) {
    log_req(path, cond, 302);
    send_response(c, 302, "text/plain",
                  !strcmp(path, "/loop") ? "Location: /loop\r\n"
                                         : "Location: file:///etc/hostname\r\n",
                  "", 0);
    return;
  }
  if (!strcmp(path, "/big")) {
    len = (size_t)qparam(query, "size", 1 << 20);
    body = malloc(len);
    if (body)
      memset(body, 'a', len);
    log_req(path, cond, 200);
    send_response(c, 200, "text/plain", NULL, body, body ? len : 0);
    free(body);
    return;
  }
  if (!strncmp(path, "/gen/", 5)) {
    article_page(atoi(path + 5), buf, sizeof(buf));
    body = strdup(buf);
    len = strlen(buf);
    log_req(path, cond, 200);
    goto send_body;
  }
  if (!strcmp(path, "/bigfeed.xml")) {
    body = big_feed(qparam(query, "n", 500), &len);
    log_req(path, cond, 200);
    goto send_body;
  }
  if (!strcmp(path, "/gzip") || !strcmp(path, "/deflate") ||
      !strcmp(path, "/sitemap-gz.xml.gz")) {
    const char *src = !strcmp(path, "/sitemap-gz.xml.gz") ? "sitemap-gz.xml"
                                                          : "articles/a1.html";
    char *plain;
    size_t plen = 0;
    snprintf(file, sizeof(file), "%s/%s", g_dir, src);
    plain = tu_slurp(file, &plen);
    body = plain ? compress_body(plain, plen, strcmp(path, "/deflate"), &len)
                 : NULL;
    free(plain);
    log_req(path, cond, 200);
    if (path[1] == 's')
      send_response(c, 200, "application/gzip", NULL, body, len);
    else
      send_response(c, 200, "text/html; charset=utf-8",
                    path[1] == 'g' ? "Content-Encoding: gzip\r\n"
                                   : "Content-Encoding: deflate\r\n",
                    body, len);
    free(body);
    return;
  }

  /* static files, with validators so conditional requests can be tested */
  if (strstr(path, "..")) {
    status = 403;
  } else {
    /* Name-based virtual hosts: a request for http://NAME:port/P is
     * served from hosts/NAME/P when that exists (robots.txt per host). */
    char host[128];
    if (hdr(c->req, "Host", host, sizeof(host))) {
      char *colon = strchr(host, ':');
      if (colon)
        *colon = '\0';
      if (host[0] && !strchr(host, '/') && strcmp(host, "127.0.0.1")) {
        snprintf(file, sizeof(file), "%s/hosts/%s%s", g_dir, host, path);
        body = tu_slurp(file, &len);
      }
    }
    /* Like a static site behind nginx's try_files: "?page=N" is served
     * from FILE.page-N when that exists (paged API listings), a path
     * ending in '/' from its index.html or index.xml. */
    long pg = qparam(query, "page", 0);
    if (!body && pg > 1) {
      snprintf(file, sizeof(file), "%s%s.page-%ld", g_dir, path, pg);
      body = tu_slurp(file, &len);
    }
    if (!body && path[strlen(path) - 1] == '/') {
      snprintf(file, sizeof(file), "%s%sindex.html", g_dir, path);
      if (!(body = tu_slurp(file, &len))) {
        snprintf(file, sizeof(file), "%s%sindex.xml", g_dir, path);
        body = tu_slurp(file, &len);
      }
    }
    if (!body) {
      snprintf(file, sizeof(file), "%s%s", g_dir, path);
      body = tu_slurp(file, &len);
    }
    if (!body)
      status = 404;
  }
  if (status == 200) {
    char etag[64], extra[256];
    snprintf(etag, sizeof(etag), "\"%08lx-%zx\"",
             crc32(0, (const Bytef *)body, (uInt)len), len);
    snprintf(extra, sizeof(extra),
             "ETag: %s\r\nLast-Modified: Mon, 01 Jan 2024 10:00:00 GMT\r\n",
             etag);
    if (inm[0] && !strcmp(inm, etag)) {
      log_req(path, cond, 304);
      snprintf(buf, sizeof(buf),
               "HTTP/1.1 304 Not Modified\r\nETag: %s\r\nConnection: %s\r\n\r\n",
               etag, c->keep_alive ? "keep-alive" : "close");
      send_later(c, lat, buf, strlen(buf), !c->keep_alive);
      free(body);
      return;
    }
    log_req(path, cond, 200);
    send_ok_later(c, lat, type_of(path, body), extra, body, len);
    free(body);
    return;
  }
  log_req(path, cond, status);
  send_response(c, status, "text/plain", NULL, "not found\n", 10);
  return;

send_body:
  if (body)
    send_ok_later(c, lat, path[1] == 'b' ? "application/rss+xml" : "text/html",
                  "", body, len);
  free(body);
}

static void process(conn *c) {
  char *end, path[2048], *q;
  size_t used;
  while (!c->busy && !c->closing && (end = strstr(c->req, "\r\n\r\n"))) {
    if (sscanf(c->req, "%*s %2047s", path) != 1) {
      conn_close(c, 0);
      return;
    }
    q = strchr(path, '?');
    if (q)
      *q++ = '\0';
    handle(c, path, q);
    used = (size_t)(end + 4 - c->req);
    memmove(c->req, c->req + used, c->len - used + 1);
    c->len -= used;
  }
}

static void on_alloc(uv_handle_t *h, size_t sz, uv_buf_t *b) {
  conn *c = h->data;
  (void)sz;
  b->base = c->req + c->len;
  b->len = MAX_REQ - 1 - c->len;
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b) {
  conn *c = s->data;
  (void)b;
  if (n < 0) {
    conn_close(c, 0);
    return;
  }
  c->len += (size_t)n;
  c->req[c->len] = '\0';
  if (c->len >= MAX_REQ - 1) {
    conn_close(c, 0);
    return;
  }
  process(c);
}

static void on_conn(uv_stream_t *srv, int status) {
  conn *c;
  if (status < 0 || !(c = calloc(1, sizeof(*c))))
    return;
  uv_tcp_init(srv->loop, &c->tcp);
  uv_timer_init(srv->loop, &c->timer);
  c->tcp.data = c->timer.data = c;
  c->open_handles = 2;
  g_conns++;
  if (uv_accept(srv, (uv_stream_t *)&c->tcp) != 0) {
    conn_close(c, 0);
    return;
  }
  uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
}

int main(int argc, char **argv) {
  uv_loop_t *loop = uv_default_loop();
  uv_tcp_t srv;
  struct sockaddr_in addr;
  struct sockaddr_storage got;
  int len = sizeof(got);

  if (argc < 2 || argc % 2) {
    fprintf(stderr, "usage: fixture_server FIXTURES_DIR [--latency MS] "
                    "[--site N [--articles K] [--host-articles HOST:K]... "
                    "[--throttle HOST:NTH:SECS]... "
                    "[--reqlog FILE]]\n");
    return 2;
  }
  g_dir = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    int rc = fsite_option(argv[i], argv[i + 1]);
    if (rc < 0)
      return 2;
    if (rc == 0 && !strcmp(argv[i], "--latency"))
      g_latency_ms = atol(argv[i + 1]);
    else if (rc == 0) {
      fprintf(stderr, "fixture_server: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  uv_ip4_addr("127.0.0.1", 0, &addr);
  uv_tcp_init(loop, &srv);
  if (uv_tcp_bind(&srv, (const struct sockaddr *)&addr, 0) != 0 ||
      uv_listen((uv_stream_t *)&srv, 512, on_conn) != 0) {
    fprintf(stderr, "fixture_server: cannot listen on 127.0.0.1\n");
    return 1;
  }
  uv_tcp_getsockname(&srv, (struct sockaddr *)&got, &len);
  printf("%d\n", ntohs(((struct sockaddr_in *)&got)->sin_port));
  fflush(stdout);
  return uv_run(loop, UV_RUN_DEFAULT);
}
