/* The HTTP client against the fixture server: retries, limits, refusals,
 * robots.txt, charsets, conditional requests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "charset.h"
#include "file_url.h"
#include "warc.h"
#include "feed.h"
#include "fixture.h"
#include "http.h"
#include "state.h"

static af_fixture fx;

typedef struct got {
  int done, err, attempts, not_modified;
  long status, retry_after_ms;
  double seconds;
  char *body, *ctype, *charset, *final_url, *errmsg, *etag;
  size_t len;
} got;

static char *dupn(const char *s) { return s ? strdup(s) : NULL; }

static void got_free(got *g) {
  free(g->body);
  free(g->ctype);
  free(g->charset);
  free(g->final_url);
  free(g->errmsg);
  free(g->etag);
  memset(g, 0, sizeof(*g));
}

static void on_done(const af_response *res, void *ud) {
  got *g = ud;
  g->done++;
  g->err = res->err;
  g->status = res->status;
  g->attempts = res->attempts;
  g->not_modified = res->not_modified;
  g->seconds = res->seconds;
  g->retry_after_ms = res->retry_after_ms;
  g->body = malloc(res->len + 1);
  memcpy(g->body, res->body, res->len);
  g->body[res->len] = '\0';
  g->len = res->len;
  g->ctype = dupn(res->content_type);
  g->charset = dupn(res->charset);
  g->final_url = dupn(res->final_url);
  g->errmsg = dupn(res->errmsg);
  g->etag = dupn(res->etag);
}

static void fast_limits(af__http_limits *lim) {
  af__http_limits_default(lim);
  lim->backoff_ms = 20;
  lim->timeout_ms = 5000;
}

/* The client reports validators and never stores them; here the test
 * keeps them at once, as the engine does once a sink has committed. */
static void keep_validators(const char *url, const char *etag,
                            const char *last_modified, void *ud) {
  assert_int_equal(af__state_validators_put(ud, url, etag, last_modified), 0);
}

/* Fetch base+path (or an absolute URL) on a fresh loop and client. */
static void fetch(const char *path, const af__http_limits *lim, af__state *st,
                  const af_fetch_opts *opts, got *g) {
  uv_loop_t loop;
  af__http *h;
  char err[256], url[1024];
  af__http_config cfg = {.on_validators = keep_validators, .validators_ud = st};
  memset(g, 0, sizeof(*g));
  assert_int_equal(uv_loop_init(&loop), 0);
  assert_int_equal(af__http_new(&loop, st, st ? &cfg : NULL, &h, err, sizeof(err)), 0);
  if (strstr(path, "://"))
    snprintf(url, sizeof(url), "%s", path);
  else
    snprintf(url, sizeof(url), "%s%s", fx.base, path);
  assert_int_equal(af__http_fetch(h, "test", lim, url, opts, on_done, g), 0);
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_int_equal(g->done, 1);
  assert_int_equal(af__http_pending(h), 0);
  af__http_free(h);
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(&loop), 0);
}

static void test_basic(void **s) {
  af__http_limits lim;
  got g;
  (void)s;
  fast_limits(&lim);
  fetch("/articles/a1.html", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, 0);
  assert_int_equal(g.status, 200);
  assert_int_equal(g.attempts, 1);
  assert_string_equal(g.ctype, "text/html");
  assert_non_null(strstr(g.body, "Fixture article 1"));
  assert_non_null(g.etag);
  got_free(&g);
}

static void test_gzip_deflate(void **s) {
  af__http_limits lim;
  got g;
  (void)s;
  fast_limits(&lim);
  fetch("/gzip", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, 0);
  assert_non_null(strstr(g.body, "Fixture article 1"));
  got_free(&g);
  fetch("/deflate", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, 0);
  assert_non_null(strstr(g.body, "Fixture article 1"));
  got_free(&g);
}

static void test_retry_then_ok(void **s) {
  af__http_limits lim;
  got g;
  (void)s;
  fast_limits(&lim);
  fetch("/flaky/a?fail=2&code=503", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, 0);
  assert_int_equal(g.attempts, 3);
  assert_int_equal(af_fixture_hits(&fx, "/flaky/a"), 3);
  assert_string_equal(g.body, "<p>finally</p>");
  got_free(&g);
}

static void test_give_up_5xx(void **s) {
  af__http_limits lim;
  got g;
  (void)s;
  fast_limits(&lim);
  lim.retries = 2;
  fetch("/status/500", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, AF_EHTTP);
  assert_int_equal(g.status, 500);
  assert_int_equal(g.attempts, 3);
  assert_int_equal(af_fixture_hits(&fx, "/status/500"), 3);
  got_free(&g);
}

static void test_4xx_not_retried(void **s) {
  af__http_limits lim;
  got g;
  (void)s;
  fast_limits(&lim);
  fetch("/status/404", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, AF_EHTTP);
  assert_int_equal(g.status, 404);
  assert_int_equal(g.attempts, 1);
  assert_int_equal(af_fixture_hits(&fx, "/status/404"), 1);
  got_free(&g);
  /* accept_any_status delivers the error body instead */
  fetch("/status/410", &lim, NULL,
        &(af_fetch_opts){.size = sizeof(af_fetch_opts), .accept_any_status = 1},
        &g);
  assert_int_equal(g.err, 0);
  assert_int_equal(g.status, 410);
  assert_string_equal(g.body, "err\n");
  got_free(&g);
}

static void test_retry_after(void **s) {
  af__http_limits lim;
  got g;
  (void)s;
  fast_limits(&lim);
  fetch("/flaky/b?fail=1&code=429", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, 0);
  assert_int_equal(g.attempts, 2);
  assert_true(g.seconds >= 0.9); /* Retry-After: 1 beat the 20 ms backoff */
  got_free(&g);
  fetch("/flaky/c?fail=1&code=503&date=2", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, 0);
  assert_int_equal(g.attempts, 2);
  assert_true(g.seconds >= 0.9); /* an HTTP-date two seconds ahead */
  assert_int_equal(g.retry_after_ms, -1); /* it ended in a 200 */
  got_free(&g);
  fetch("/status/503?retry-after=0", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, AF_EHTTP);
  assert_int_equal(g.attempts, 3);
  assert_int_equal(g.retry_after_ms, 0); /* the server's answer is passed on */
  got_free(&g);
}

static void test_timeouts(void **s) {
  af__http_limits lim;
  got g;
  (void)s;
  fast_limits(&lim);
  lim.timeout_ms = 300;
  lim.retries = 1;
  fetch("/slow-first-byte?ms=3000", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, AF_ETIMEDOUT);
  assert_int_equal(g.attempts, 2);
  got_free(&g);
  lim.retries = 0;
  fetch("/stall", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, AF_ETIMEDOUT);
  assert_int_equal(g.attempts, 1);
  got_free(&g);
  lim.timeout_ms = 5000;
  fetch("/slow-body?ms=300", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, 0);
  assert_int_equal(g.len, 2000);
  got_free(&g);
}

static void test_broken_connections(void **s) {
  af__http_limits lim;
  got g;
  (void)s;
  fast_limits(&lim);
  lim.retries = 1;
  fetch("/reset", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, AF_ENET);
  assert_int_equal(g.attempts, 2);
  assert_int_equal(af_fixture_hits(&fx, "/reset"), 2);
  got_free(&g);
  fetch("/lying-length", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, AF_ENET);
  assert_int_equal(g.attempts, 2);
  got_free(&g);
}

static void test_redirects(void **s) {
  af__http_limits lim;
  got g;
  (void)s;
  fast_limits(&lim);
  fetch("/redirect/3", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, 0);
  assert_non_null(strstr(g.final_url, "/redirect/0"));
  got_free(&g);
  fetch("/redirect/9", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, AF_ELIMIT);
  assert_int_equal(g.attempts, 1);
  got_free(&g);
  fetch("/loop", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, AF_ELIMIT);
  got_free(&g);
  fetch("/to-file", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, AF_EREFUSED);
  assert_non_null(strstr(g.errmsg, "file:///etc/hostname"));
  assert_int_equal(g.len, 0);
  got_free(&g);
}

static void test_max_body(void **s) {
  af__http_limits lim;
  got g;
  (void)s;
  fast_limits(&lim);
  lim.max_body = 1000;
  fetch("/big?size=100000", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, AF_ELIMIT);
  assert_int_equal(g.attempts, 1);
  got_free(&g);
  lim.max_body = 100001;
  fetch("/big?size=100000", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, 0);
  assert_int_equal(g.len, 100000);
  got_free(&g);
}

static void test_charsets(void **s) {
  af__http_limits lim;
  got g;
  (void)s;
  fast_limits(&lim);
  fetch("/cp1252.html", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, 0);
  assert_string_equal(g.charset, "windows-1252");
  assert_true(af__utf8_valid(g.body, g.len));
  assert_non_null(strstr(g.body, "Caf\xc3\xa9 \xe2\x80\x9cquotes\xe2\x80\x9d"));
  assert_non_null(strstr(g.body, "Price \xe2\x82\xac 5 \xe2\x80\x93"));
  assert_non_null(strstr(g.body, "\xef\xbf\xbd" "end")); /* 0x81 is unmapped */
  got_free(&g);
  fetch("/latin1.html", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, 0);
  assert_string_equal(g.charset, "iso-8859-1");
  assert_non_null(strstr(g.body, "Latin \xc3\xa9t\xc3\xa9"));
  assert_non_null(strstr(g.body, "Se\xc3\xb1or \xc2\xa3" "100"));
  assert_non_null(strstr(g.body, "charset=utf-8")); /* meta now agrees */
  got_free(&g);
}

/* An XML feed that declares ISO-8859-1 in-band: the body arrives as UTF-8
 * with a declaration that says so, and parses to the right text. */
static void test_xml_charset(void **s) {
  af__http_limits lim;
  af_feed *f = NULL;
  char err[256];
  got g;
  (void)s;
  fast_limits(&lim);
  fetch("/latin1-feed.xml", &lim, NULL, NULL, &g);
  assert_int_equal(g.err, 0);
  assert_string_equal(g.charset, "iso-8859-1");
  assert_true(af__utf8_valid(g.body, g.len));
  assert_int_equal(af__feed_parse(g.body, g.len, g.final_url, &f, err, sizeof(err)), 0);
  assert_int_equal(f->n_entries, 1);
  assert_string_equal(f->entries[0]->title, "\xc3\x89t\xc3\xa9 \xc2\xa3 report");
  af__feed_free(f);
  got_free(&g);
}

static void test_robots(void **s) {
  af__http_limits lim;
  uv_loop_t loop;
  af__http *h;
  char err[128], url[256];
  got g[4];
  const char *paths[4] = {"/private/secret.html", "/nobots/closed.html",
                          "/nobots/open.html", "/articles/a2.html"};
  (void)s;
  fast_limits(&lim);
  memset(g, 0, sizeof(g));
  uv_loop_init(&loop);
  assert_int_equal(af__http_new(&loop, NULL, NULL, &h, err, sizeof(err)), 0);
  free(af_fixture_get(&fx, "/__reset"));
  for (int i = 0; i < 4; i++) {
    snprintf(url, sizeof(url), "%s%s", fx.base, paths[i]);
    assert_int_equal(af__http_fetch(h, "test", &lim, url, NULL, on_done, &g[i]), 0);
  }
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_int_equal(g[0].err, AF_EROBOTS);
  assert_int_equal(g[1].err, AF_EROBOTS);
  assert_int_equal(g[2].err, 0);
  assert_int_equal(g[3].err, 0);
  assert_int_equal(af_fixture_hits(&fx, "/private/secret.html"), 0);
  assert_int_equal(af_fixture_hits(&fx, "/nobots/closed.html"), 0);
  assert_int_equal(af_fixture_hits(&fx, "/robots.txt"), 1);
  for (int i = 0; i < 4; i++)
    got_free(&g[i]);
  af__http_free(h);
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(&loop), 0);
  lim.robots = 0;
  fetch("/private/secret.html", &lim, NULL, NULL, &g[0]);
  assert_int_equal(g[0].err, 0);
  got_free(&g[0]);
}

static void test_conditional(void **s) {
  af__http_limits lim;
  af__state *st;
  af_fetch_opts o = {.size = sizeof(o), .conditional = 1};
  char dir[] = "/tmp/af_http_stateXXXXXX", err[256], cmd[300];
  got g;
  (void)s;
  fast_limits(&lim);
  assert_non_null(mkdtemp(dir));
  assert_int_equal(af__state_open(dir, &st, err, sizeof(err)), 0);
  /* Without a keeper of validators the client stores none: the next
   * request is not conditional. */
  uv_loop_t loop;
  af__http *h;
  char url[1024];
  snprintf(url, sizeof(url), "%s/feed.xml", fx.base);
  for (int i = 0; i < 2; i++) {
    memset(&g, 0, sizeof(g));
    assert_int_equal(uv_loop_init(&loop), 0);
    assert_int_equal(af__http_new(&loop, st, NULL, &h, err, sizeof(err)), 0);
    assert_int_equal(af__http_fetch(h, "test", &lim, url, &o, on_done, &g), 0);
    uv_run(&loop, UV_RUN_DEFAULT);
    af__http_free(h);
    uv_run(&loop, UV_RUN_DEFAULT);
    assert_int_equal(uv_loop_close(&loop), 0);
    assert_int_equal(g.status, 200);
    got_free(&g);
  }
  char *etag = NULL, *lm = NULL;
  assert_int_equal(af__state_validators_get(st, url, &etag, &lm), 0);
  free(etag);
  free(lm);
  fetch("/feed.xml", &lim, st, &o, &g);
  assert_int_equal(g.err, 0);
  assert_int_equal(g.status, 200);
  assert_int_equal(g.not_modified, 0);
  got_free(&g);
  fetch("/feed.xml", &lim, st, &o, &g);
  assert_int_equal(g.err, 0);
  assert_int_equal(g.status, 304);
  assert_int_equal(g.not_modified, 1);
  assert_int_equal(g.len, 0);
  got_free(&g);
  af__state_close(st);
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

/* af__http_fetch's own answer (0: it will call back, and did). */
static int fetch_rc(const char *url, const af__http_limits *lim, got *g) {
  uv_loop_t loop;
  af__http *h;
  char err[128];
  int rc;
  memset(g, 0, sizeof(*g));
  assert_int_equal(uv_loop_init(&loop), 0);
  assert_int_equal(af__http_new(&loop, NULL, NULL, &h, err, sizeof(err)), 0);
  rc = af__http_fetch(h, "test", lim, url, NULL, on_done, g);
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_int_equal(g->done, rc == 0);
  af__http_free(h);
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(&loop), 0);
  return rc;
}

static void put_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  assert_int_equal(fclose(f), 0);
}

/* file:// is read only when schemes names file, and only below file_root:
 * not by default, not through ../, not through a symlink leading out. */
static void test_file_root(void **s) {
  af__http_limits lim;
  char dir[] = "/tmp/af-file-root-XXXXXX", root[128], p[256], url[300],
       cmd[300], err[256];
  got g;
  (void)s;
  assert_non_null(mkdtemp(dir));
  snprintf(root, sizeof(root), "%s/root", dir);
  assert_int_equal(mkdir(root, 0700), 0);
  snprintf(p, sizeof(p), "%s/secret.txt", dir);
  put_file(p, "outside the root\n");
  snprintf(p, sizeof(p), "%s/page.txt", root);
  put_file(p, "inside the root\n");
  snprintf(p, sizeof(p), "%s/link.txt", root);
  assert_int_equal(symlink("../secret.txt", p), 0);
  snprintf(p, sizeof(p), "%s/inner.txt", root);
  assert_int_equal(symlink("page.txt", p), 0);

  /* the default schemes (http,https) refuse every file:// URL */
  fast_limits(&lim);
  snprintf(url, sizeof(url), "file://%s/page.txt", root);
  assert_int_equal(fetch_rc(url, &lim, &g), AF_EREFUSED);
  assert_int_equal(af__http_limits_check(&lim, err, sizeof(err)), 0);
  /* schemes naming file without a root: refused, and a config error */
  lim.schemes = "http,https,file";
  assert_int_equal(fetch_rc(url, &lim, &g), AF_EREFUSED);
  assert_int_equal(af__http_limits_check(&lim, err, sizeof(err)), AF_ECONFIG);
  assert_non_null(strstr(err, "file_root"));
  lim.file_root = "/nonexistent/af-root";
  assert_int_equal(af__http_limits_check(&lim, err, sizeof(err)), AF_ECONFIG);
  /* with a root: below it is read, as it was named */
  lim.file_root = root;
  assert_int_equal(af__http_limits_check(&lim, err, sizeof(err)), 0);
  assert_int_equal(fetch_rc(url, &lim, &g), 0);
  assert_int_equal(g.err, 0);
  assert_string_equal(g.body, "inside the root\n");
  assert_string_equal(g.final_url, url);
  got_free(&g);
  snprintf(url, sizeof(url), "file://%s/inner.txt", root);
  assert_int_equal(fetch_rc(url, &lim, &g), 0);
  assert_string_equal(g.body, "inside the root\n");
  got_free(&g);
  /* ../, an escaped ../, a symlink out, an absolute path out, a host */
  snprintf(url, sizeof(url), "file://%s/../secret.txt", root);
  assert_int_equal(fetch_rc(url, &lim, &g), AF_EREFUSED);
  snprintf(url, sizeof(url), "file://%s/%%2e%%2e/secret.txt", root);
  assert_int_equal(fetch_rc(url, &lim, &g), AF_EREFUSED);
  snprintf(url, sizeof(url), "file://%s/link.txt", root);
  assert_int_equal(fetch_rc(url, &lim, &g), AF_EREFUSED);
  assert_int_equal(fetch_rc("file:///etc/passwd", &lim, &g), AF_EREFUSED);
  assert_int_equal(fetch_rc("file://example.org/etc/passwd", &lim, &g),
                   AF_EINVAL);
  /* a root that is a prefix of a sibling's name does not cover the sibling */
  snprintf(p, sizeof(p), "%s/root2", dir);
  assert_int_equal(mkdir(p, 0700), 0);
  snprintf(p, sizeof(p), "%s/root2/x.txt", dir);
  put_file(p, "sibling\n");
  snprintf(url, sizeof(url), "file://%s", p);
  assert_int_equal(fetch_rc(url, &lim, &g), AF_EREFUSED);
  assert_true(af__path_below("/srv/a/b", "/srv/a"));
  assert_true(af__path_below("/srv/a", "/srv/a/"));
  assert_false(af__path_below("/srv/ab", "/srv/a"));
  assert_true(af__path_below("/etc/x", "/"));
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

static void test_file_and_schemes(void **s) {
  af__http_limits lim;
  uv_loop_t loop;
  af__http *h;
  char err[128], url[4200], root[4200];
  got g;
  (void)s;
  fast_limits(&lim);
  snprintf(root, sizeof(root), "%s", af_fixture_path(""));
  lim.schemes = "http,https,file";
  lim.file_root = root;
  snprintf(url, sizeof(url), "file://%s", af_fixture_path("feed.xml"));
  fetch(url, &lim, NULL, NULL, &g);
  assert_int_equal(g.err, 0);
  assert_string_equal(g.ctype, "application/xml");
  assert_non_null(strstr(g.body, "<rss"));
  got_free(&g);
  uv_loop_init(&loop);
  assert_int_equal(af__http_new(&loop, NULL, NULL, &h, err, sizeof(err)), 0);
  assert_int_equal(af__http_fetch(h, "test", &lim, "ftp://127.0.0.1/x", NULL,
                                 on_done, &g),
                   AF_EREFUSED);
  af__http_free(h);
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(&loop), 0);
}

/* n fetches of `path` on one client; returns the wall time in seconds. */
static double fetch_many(const af__http_limits *lim, const char *path, int n,
                         int pause_first) {
  uv_loop_t loop;
  af__http *h;
  char err[128], url[256];
  got *g = calloc((size_t)n, sizeof(*g));
  uint64_t t0;
  uv_loop_init(&loop);
  assert_int_equal(af__http_new(&loop, NULL, NULL, &h, err, sizeof(err)), 0);
  t0 = uv_hrtime();
  if (pause_first)
    af__http_set_paused(h, 1);
  for (int i = 0; i < n; i++) {
    snprintf(url, sizeof(url), "%s%s", fx.base, path);
    assert_int_equal(af__http_fetch(h, "test", lim, url, NULL, on_done, &g[i]), 0);
  }
  if (pause_first) {
    uv_run(&loop, UV_RUN_NOWAIT);
    usleep(50000);
    uv_run(&loop, UV_RUN_NOWAIT);
    for (int i = 0; i < n; i++)
      assert_int_equal(g[i].done, 0);
    assert_int_equal(af__http_pending(h), (size_t)n);
    af__http_set_paused(h, 0);
  }
  uv_run(&loop, UV_RUN_DEFAULT);
  for (int i = 0; i < n; i++) {
    assert_int_equal(g[i].done, 1);
    assert_int_equal(g[i].err, 0);
    got_free(&g[i]);
  }
  free(g);
  af__http_free(h);
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(&loop), 0);
  return (double)(uv_hrtime() - t0) / 1e9;
}

static void test_limits(void **s) {
  af__http_limits lim;
  double t, t2;
  (void)s;
  fast_limits(&lim);
  lim.robots = 0;
  lim.per_host = 2;
  t2 = fetch_many(&lim, "/slow-first-byte?ms=200", 6, 0);
  assert_true(t2 >= 0.58); /* three rounds of two */
  lim.per_host = 6;
  t = fetch_many(&lim, "/slow-first-byte?ms=200", 6, 0);
  assert_true(t < t2); /* one round; only a lower bound is load-proof */
  lim.concurrency = 1;
  t = fetch_many(&lim, "/slow-first-byte?ms=100", 3, 0);
  assert_true(t >= 0.29);
  lim.concurrency = 8;
  lim.delay_ms = 100;
  t = fetch_many(&lim, "/articles/a1.html", 4, 1);
  assert_true(t >= 0.29);
}

/* One fetch with an af__http_config (record or replay). */
static void fetch_cfg(const af__http_config *cfg, const char *path, got *g) {
  uv_loop_t loop;
  af__http *h;
  af__http_limits lim;
  char err[256], url[512];
  fast_limits(&lim);
  memset(g, 0, sizeof(*g));
  uv_loop_init(&loop);
  assert_int_equal(af__http_new(&loop, NULL, cfg, &h, err, sizeof(err)), 0);
  snprintf(url, sizeof(url), "%s%s", fx.base, path);
  assert_int_equal(af__http_fetch(h, "test", &lim, url, NULL, on_done, g), 0);
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_int_equal(g->done, 1);
  af__http_free(h);
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(&loop), 0);
}

/* Record a redirect chain and a gzip body, replay them with no request
 * reaching the server. */
static void test_warc(void **s) {
  char dir[] = "/tmp/af_http_warcXXXXXX", cmd[300];
  af__http_config rec = {0}, rep = {0};
  got g;
  (void)s;
  assert_non_null(mkdtemp(dir));
  rec.record_dir = dir;
  rep.replay_dir = dir;
  fetch_cfg(&rec, "/redirect/2", &g);
  assert_int_equal(g.err, 0);
  got_free(&g);
  fetch_cfg(&rec, "/gzip", &g);
  assert_int_equal(g.err, 0);
  assert_non_null(strstr(g.body, "Fixture article 1")); /* decoded for us */
  got_free(&g);
  fetch_cfg(&rec, "/deflate", &g);
  assert_int_equal(g.err, 0);
  assert_non_null(strstr(g.body, "Fixture article 1"));
  got_free(&g);
  {
    /* The archive keeps the body as it came over the wire. */
    af__warc *w = NULL;
    af__warc_hit hit;
    char err[256], url[512], enc[64];
    assert_int_equal(af__warc_open_reader(dir, &w, err, sizeof(err)), 0);
    snprintf(url, sizeof(url), "%s/gzip", fx.base);
    assert_int_equal(af__warc_lookup(w, url, &hit), 1);
    assert_true(hit.blen > 2);
    assert_int_equal((unsigned char)hit.body[0], 0x1f);
    assert_int_equal((unsigned char)hit.body[1], 0x8b);
    assert_non_null(af__warc_header(&hit, "Content-Encoding", enc, sizeof(enc)));
    assert_string_equal(enc, "gzip");
    af__warc_close(w);
  }
  free(af_fixture_get(&fx, "/__reset"));
  fetch_cfg(&rep, "/redirect/2", &g);
  assert_int_equal(g.err, 0);
  assert_int_equal(g.status, 200);
  assert_non_null(strstr(g.final_url, "/redirect/0"));
  assert_string_equal(g.body, "<p>landed</p>");
  got_free(&g);
  fetch_cfg(&rep, "/gzip", &g);
  assert_int_equal(g.err, 0);
  assert_non_null(strstr(g.body, "Fixture article 1"));
  assert_string_equal(g.ctype, "text/html");
  got_free(&g);
  fetch_cfg(&rep, "/deflate", &g);
  assert_int_equal(g.err, 0);
  assert_non_null(strstr(g.body, "Fixture article 1"));
  got_free(&g);
  fetch_cfg(&rep, "/articles/a2.html", &g);
  assert_int_equal(g.err, AF_ENET); /* never recorded */
  assert_non_null(strstr(g.errmsg, "not in the replay archive"));
  got_free(&g);
  {
    char *log = af_fixture_get(&fx, "/__log");
    assert_string_equal(log, ""); /* replay touched no network */
    free(log);
  }
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

/* Sequential requests to one host share one connection. */
static void test_reuse(void **s) {
  af__http_limits lim;
  char *conns;
  (void)s;
  fast_limits(&lim);
  lim.concurrency = 1;
  free(af_fixture_get(&fx, "/__reset"));
  fetch_many(&lim, "/articles/a3.html", 10, 0);
  conns = af_fixture_get(&fx, "/__conns");
  assert_non_null(conns);
  assert_int_equal(atoi(conns), 1); /* robots.txt and all ten pages */
  assert_int_equal(af_fixture_hits(&fx, "/articles/a3.html"), 10);
  free(conns);
}

static void test_cancel(void **s) {
  af__http_limits lim;
  uv_loop_t loop;
  af__http *h;
  char err[128], url[256];
  got g = {0};
  (void)s;
  fast_limits(&lim);
  uv_loop_init(&loop);
  assert_int_equal(af__http_new(&loop, NULL, NULL, &h, err, sizeof(err)), 0);
  snprintf(url, sizeof(url), "%s/stall", fx.base);
  assert_int_equal(af__http_fetch(h, "test", &lim, url, NULL, on_done, &g), 0);
  for (int i = 0; i < 20 && af_fixture_hits(&fx, "/stall") == 0; i++) {
    uv_run(&loop, UV_RUN_NOWAIT);
    usleep(20000);
  }
  af__http_free(h);
  assert_int_equal(g.done, 1);
  assert_int_equal(g.err, AF_ECANCELED);
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(&loop), 0);
  got_free(&g);
}

static int setup(void **s) {
  static const char *const proxies[] = {"http_proxy", "https_proxy", "HTTP_PROXY",
                                        "HTTPS_PROXY", "ALL_PROXY", "all_proxy"};
  (void)s;
  for (size_t i = 0; i < sizeof(proxies) / sizeof(proxies[0]); i++)
    unsetenv(proxies[i]); /* loopback only, never through a proxy */
  return af_fixture_start(&fx, NULL, NULL);
}

static int teardown(void **s) {
  (void)s;
  af_fixture_stop(&fx);
  return 0;
}

/* A robots.txt Crawl-delay longer than the source's own delay spaces the
 * requests to that host (the same server as "localhost", whose robots.txt
 * asks for 0.3 s), and the max_crawl_delay cap bounds it. */
static void crawl_delay_run(long cap_ms) {
  af__http_limits lim;
  uv_loop_t loop;
  af__http *h;
  char err[128], url[256];
  got g[3];
  const char *port = strrchr(fx.base, ':');
  fast_limits(&lim);
  lim.per_host = 4;
  lim.max_crawl_delay_ms = cap_ms;
  memset(g, 0, sizeof(g));
  uv_loop_init(&loop);
  assert_int_equal(af__http_new(&loop, NULL, NULL, &h, err, sizeof(err)), 0);
  for (int i = 0; i < 3; i++) {
    snprintf(url, sizeof(url), "http://localhost%s/articles/a%d.html", port,
             i + 1);
    assert_int_equal(af__http_fetch(h, "test", &lim, url, NULL, on_done, &g[i]),
                     0);
  }
  uv_run(&loop, UV_RUN_DEFAULT);
  for (int i = 0; i < 3; i++) {
    assert_int_equal(g[i].err, 0);
    assert_int_equal(g[i].status, 200);
    got_free(&g[i]);
  }
  af__http_free(h);
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(&loop), 0);
}

static void test_crawl_delay(void **s) {
  (void)s;
  uint64_t t0 = uv_hrtime();
  crawl_delay_run(30000);
  uint64_t slow_ms = (uv_hrtime() - t0) / 1000000;
  /* three starts 0.3 s apart: at least 0.6 s in all */
  assert_true(slow_ms >= 550);
  t0 = uv_hrtime();
  crawl_delay_run(0); /* a cap of 0 turns the delay off */
  uint64_t fast_ms = (uv_hrtime() - t0) / 1000000;
  assert_true(fast_ms < slow_ms);
  /* the 127.0.0.1 robots.txt has no Crawl-delay: test_robots covers it */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_basic),          cmocka_unit_test(test_gzip_deflate),
      cmocka_unit_test(test_retry_then_ok),  cmocka_unit_test(test_give_up_5xx),
      cmocka_unit_test(test_4xx_not_retried), cmocka_unit_test(test_retry_after),
      cmocka_unit_test(test_timeouts),       cmocka_unit_test(test_broken_connections),
      cmocka_unit_test(test_redirects),      cmocka_unit_test(test_max_body),
      cmocka_unit_test(test_charsets),       cmocka_unit_test(test_xml_charset),
      cmocka_unit_test(test_robots),
      cmocka_unit_test(test_crawl_delay),
      cmocka_unit_test(test_conditional),    cmocka_unit_test(test_file_and_schemes),
      cmocka_unit_test(test_file_root),
      cmocka_unit_test(test_limits),         cmocka_unit_test(test_reuse),
      cmocka_unit_test(test_warc),
      cmocka_unit_test(test_cancel),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
