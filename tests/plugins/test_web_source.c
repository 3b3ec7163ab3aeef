/* web source through its real entry point, driven by the mock core: pages
 * and sitemaps are answered from responses registered per URL, sitemaps
 * parsed by the core's own parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "mock_host.h"
#include "plugin_fixture.h"

static int setup(void **state) {
  *state = fixture_new("web", NULL);
  return 0;
}

static const char k_page[] =
    "<!doctype html><html><head><title>Report</title></head><body><main>"
    "<p>The department could not show that the scheme was value for money.</p>"
    "</main></body></html>\n";

static void respond_page(const char *url) {
  respond_body(url, "text/html", k_page);
}

static void respond_xml(const char *url, const char *xml) {
  respond_body(url, "application/xml", xml);
}

/* A urlset (index = 0) or sitemapindex (index = 1) from "loc|lastmod"
 * strings (lastmod optional), NULL-terminated. */
static char *sitemap(int index, const char *const *entries) {
  size_t cap = 512;
  for (size_t i = 0; entries[i]; i++)
    cap += strlen(entries[i]) + 96;
  char *x = malloc(cap);
  assert_non_null(x);
  const char *outer = index ? "sitemapindex" : "urlset", *inner = index ? "sitemap" : "url";
  size_t n = (size_t)snprintf(x, cap,
                              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                              "<%s xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">",
                              outer);
  for (size_t i = 0; entries[i]; i++) {
    const char *bar = strchr(entries[i], '|');
    int loclen = bar ? (int)(bar - entries[i]) : (int)strlen(entries[i]);
    n += (size_t)snprintf(x + n, cap - n, "<%s><loc>%.*s</loc>", inner, loclen, entries[i]);
    if (bar)
      n += (size_t)snprintf(x + n, cap - n, "<lastmod>%s</lastmod>", bar + 1);
    n += (size_t)snprintf(x + n, cap - n, "</%s>", inner);
  }
  snprintf(x + n, cap - n, "</%s>\n", outer);
  return x;
}

static void respond_sitemap(const char *url, int index, const char *const *entries) {
  char *x = sitemap(index, entries);
  respond_xml(url, x);
  free(x);
}


#define SITE "https://audit.example.org"

#define LASTMOD "%Y-%m-%d" /* ISO date, as sitemaps write lastmod */

/* ---- tests ------------------------------------------------------------- */

static void test_listed_urls(void **state) {
  fixture *f = *state;
  respond_page(SITE "/reports/one");
  respond_page(SITE "/reports/two");
  const char *kv[] = {"url=" SITE "/reports/one", "url=" SITE "/reports/two",
                      "url=" SITE "/reports/one#summary", NULL};
  fixture_create_start(f, kv);
  assert_int_equal(mock_n_emitted(), 0);
  mock_run();
  assert_int_equal(mock_n_fetches(), 2);
  assert_int_equal(mock_fetch_count(SITE "/reports/one"), 1);
  assert_int_equal(mock_fetch_count(SITE "/reports/two"), 1);
  assert_int_equal(mock_n_emitted(), 2);
  const mock_emitted *e = mock_emitted_for(SITE "/reports/two");
  assert_non_null(e);
  assert_string_equal(e->content_type, "text/html");
  assert_string_equal(e->body, k_page);
  assert_null(e->fields); /* a listed page has no listing metadata */
  assert_int_equal(mock_source_done_calls(), 1);
  assert_int_equal(mock_source_failed(), 0);
}

/* comments = true asks the core to keep each page's reader comments;
 * without it the source asks for nothing. */
static void test_comments_option(void **state) {
  fixture *f = *state;
  respond_page(SITE "/reports/one");
  const char *kv[] = {"url=" SITE "/reports/one", "comments=true", NULL};
  fixture_create_start(f, kv);
  mock_run();
  assert_int_equal(mock_n_emitted(), 1);
  const mock_emitted *e = mock_emitted_for(SITE "/reports/one");
  assert_non_null(e);
  assert_non_null(e->fields);
  assert_non_null(strstr(e->fields, "comments=true\n"));
  assert_int_equal(mock_source_failed(), 0);
}

static void test_sitemap_index_two_levels(void **state) {
  fixture *f = *state;
  const char *idx[] = {SITE "/sitemap-reports.xml", SITE "/sitemap-news.xml", NULL};
  const char *reports[] = {SITE "/reports/a", SITE "/reports/b", NULL};
  /* relative to nothing: absolute as sitemaps require; one shared page */
  const char *news[] = {SITE "/news/c", SITE "/reports/b", NULL};
  respond_sitemap(SITE "/sitemap_index.xml", 1, idx);
  respond_sitemap(SITE "/sitemap-reports.xml", 0, reports);
  respond_sitemap(SITE "/sitemap-news.xml", 0, news);
  respond_page(SITE "/reports/a");
  respond_page(SITE "/reports/b");
  respond_page(SITE "/news/c");
  const char *kv[] = {"sitemap=" SITE "/sitemap_index.xml", NULL};
  fixture_create_start(f, kv);
  mock_run();
  assert_int_equal(mock_fetch_count(SITE "/sitemap_index.xml"), 1);
  assert_int_equal(mock_fetch_count(SITE "/sitemap-reports.xml"), 1);
  assert_int_equal(mock_fetch_count(SITE "/sitemap-news.xml"), 1);
  assert_int_equal(mock_fetch_count(SITE "/reports/b"), 1);
  assert_int_equal(mock_n_fetches(), 6);
  assert_int_equal(mock_n_emitted(), 3);
  assert_non_null(mock_emitted_for(SITE "/reports/a"));
  assert_non_null(mock_emitted_for(SITE "/news/c"));
  /* sitemaps are asked for as XML, pages without an Accept of their own */
  const mock_fetch *q = mock_fetch_of(SITE "/sitemap-news.xml");
  assert_non_null(q->accept);
  assert_non_null(strstr(q->accept, "application/xml"));
  assert_null(mock_fetch_of(SITE "/reports/a")->accept);
  assert_true(mock_log_has("sitemap_read url=\"" SITE "/sitemap_index.xml\" "
                           "format=sitemapindex entries=2"));
  assert_true(mock_log_has("sitemap_read url=\"" SITE "/sitemap-news.xml\" "
                           "format=urlset entries=2 accepted=1"));
  assert_int_equal(mock_source_done_calls(), 1);
  assert_int_equal(mock_source_failed(), 0);
}

static void test_sitemap_depth_limited(void **state) {
  fixture *f = *state;
  /* index -> index -> index -> index -> urlset: one level too many */
  const char *l0[] = {SITE "/i1.xml", NULL}, *l1[] = {SITE "/i2.xml", NULL},
             *l2[] = {SITE "/i3.xml", NULL}, *l3[] = {SITE "/s4.xml", NULL},
             *l4[] = {SITE "/deep", NULL};
  respond_sitemap(SITE "/i0.xml", 1, l0);
  respond_sitemap(SITE "/i1.xml", 1, l1);
  respond_sitemap(SITE "/i2.xml", 1, l2);
  respond_sitemap(SITE "/i3.xml", 1, l3);
  respond_sitemap(SITE "/s4.xml", 0, l4);
  respond_page(SITE "/deep");
  const char *kv[] = {"sitemap=" SITE "/i0.xml", NULL};
  fixture_create_start(f, kv);
  mock_run();
  assert_int_equal(mock_fetch_count(SITE "/i3.xml"), 1);
  assert_int_equal(mock_fetch_count(SITE "/s4.xml"), 0);
  assert_int_equal(mock_fetch_count(SITE "/deep"), 0);
  assert_true(mock_log_has("sitemap_skipped url=\"" SITE "/s4.xml\""));
  assert_int_equal(mock_source_done_calls(), 1);
}

static void test_sitemap_loop_not_refetched(void **state) {
  fixture *f = *state;
  const char *a[] = {SITE "/map-a.xml", SITE "/map-b.xml", NULL};
  const char *b[] = {SITE "/map-a.xml", SITE "/map-pages.xml", NULL};
  const char *pages[] = {SITE "/reports/x", NULL};
  respond_sitemap(SITE "/map-a.xml", 1, a); /* lists itself */
  respond_sitemap(SITE "/map-b.xml", 1, b); /* and back to a */
  respond_sitemap(SITE "/map-pages.xml", 0, pages);
  respond_page(SITE "/reports/x");
  /* given twice in the configuration too */
  const char *kv[] = {"sitemap=" SITE "/map-a.xml", "sitemap=" SITE "/map-a.xml", NULL};
  fixture_create_start(f, kv);
  mock_run();
  assert_int_equal(mock_fetch_count(SITE "/map-a.xml"), 1);
  assert_int_equal(mock_fetch_count(SITE "/map-b.xml"), 1);
  assert_int_equal(mock_fetch_count(SITE "/map-pages.xml"), 1);
  assert_int_equal(mock_n_fetches(), 4);
  assert_int_equal(mock_n_emitted(), 1);
  assert_int_equal(mock_source_done_calls(), 1);
  assert_int_equal(mock_source_failed(), 0);
}

static void test_lastmod_since(void **state) {
  fixture *f = *state;
  char recent[16], old[16], e1[128], e2[128], i1[128], i2[128];
  days_ago(recent, sizeof recent, 3, LASTMOD);
  days_ago(old, sizeof old, 200, LASTMOD);
  snprintf(e1, sizeof e1, SITE "/reports/new|%s", recent);
  snprintf(e2, sizeof e2, SITE "/reports/old|%s", old);
  snprintf(i1, sizeof i1, SITE "/fresh.xml|%s", recent);
  snprintf(i2, sizeof i2, SITE "/stale.xml|%s", old);
  const char *idx[] = {i1, i2, NULL};
  const char *fresh[] = {e1, e2, SITE "/reports/undated", NULL};
  const char *stale[] = {SITE "/reports/archived", NULL};
  respond_sitemap(SITE "/index.xml", 1, idx);
  respond_sitemap(SITE "/fresh.xml", 0, fresh);
  respond_sitemap(SITE "/stale.xml", 0, stale);
  respond_page(SITE "/reports/new");
  respond_page(SITE "/reports/old");
  respond_page(SITE "/reports/undated");
  respond_page(SITE "/reports/archived");
  const char *kv[] = {"sitemap=" SITE "/index.xml", "since=720h", NULL};
  fixture_create_start(f, kv);
  mock_run();
  /* a child sitemap last changed before the window is not read at all */
  assert_int_equal(mock_fetch_count(SITE "/stale.xml"), 0);
  assert_int_equal(mock_fetch_count(SITE "/reports/new"), 1);
  assert_int_equal(mock_fetch_count(SITE "/reports/old"), 0);
  assert_int_equal(mock_fetch_count(SITE "/reports/undated"), 1);
  assert_int_equal(mock_n_emitted(), 2);
  /* the lastmod is not passed off as a publication date */
  assert_null(mock_emitted_for(SITE "/reports/new")->fields);
}

static void test_failing_sitemaps_counted(void **state) {
  fixture *f = *state;
  const char *ok[] = {SITE "/reports/kept", NULL};
  respond_error(SITE "/missing.xml", AF_EHTTP, 404);
  mock_response net = {.err = AF_ENET};
  mock_respond("https://down.example.org/sitemap.xml", &net);
  /* Not XML at all: a truncated sitemap is recovered by the feed parser,
   * this cannot be. */
  respond_xml(SITE "/broken.xml", "sitemap temporarily unavailable\n");
  respond_sitemap(SITE "/ok.xml", 0, ok);
  respond_page(SITE "/reports/kept");
  const char *kv[] = {"sitemap=" SITE "/missing.xml",
                      "sitemap=https://down.example.org/sitemap.xml",
                      "sitemap=" SITE "/broken.xml", "sitemap=" SITE "/ok.xml", NULL};
  fixture_create_start(f, kv);
  mock_run();
  assert_true(mock_log_has("error sitemap_failed url=\"" SITE "/missing.xml\" attempts=1 "
                           "error=\"HTTP 404\""));
  assert_true(mock_log_has("error sitemap_failed url=\"https://down.example.org/sitemap.xml\""));
  assert_true(mock_log_has("error sitemap_invalid url=\"" SITE "/broken.xml\""));
  assert_int_equal(mock_fetch_count(SITE "/reports/z"), 0);
  assert_int_equal(mock_n_emitted(), 1);
  assert_non_null(mock_emitted_for(SITE "/reports/kept"));
  assert_int_equal(mock_source_done_calls(), 1);
  assert_int_equal(mock_source_failed(), 3);
  assert_string_equal(mock_state("last_run_clean"), "0");
}

static void test_feed_given_as_sitemap(void **state) {
  fixture *f = *state;
  static const char rss[] =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Reports</title>"
      "<item><title>Managing the prison estate</title>"
      "<link>" SITE "/reports/prisons</link>"
      "<pubDate>Thu, 08 Jan 2026 07:00:00 GMT</pubDate>"
      "<description>Places are running out.</description></item>"
      "</channel></rss>\n";
  respond_body(SITE "/feed", "application/rss+xml", rss);
  respond_page(SITE "/reports/prisons");
  const char *kv[] = {"sitemap=" SITE "/feed", NULL};
  fixture_create_start(f, kv);
  mock_run();
  assert_int_equal(mock_n_emitted(), 1);
  const mock_emitted *e = mock_emitted_for(SITE "/reports/prisons");
  assert_non_null(e);
  assert_non_null(strstr(e->fields, "fallback:title=Managing the prison estate\n"));
  assert_non_null(strstr(e->fields, "fallback:published=2026-01-08T07:00:00Z\n"));
  assert_non_null(strstr(e->fields, "fallback:summary=Places are running out.\n"));
  assert_true(mock_log_has("format=rss entries=1 accepted=1"));
  assert_int_equal(mock_source_failed(), 0);
}

static void test_gzip_sitemap(void **state) {
  fixture *f = *state;
  const char *pages[] = {SITE "/reports/zipped", NULL};
  char *x = sitemap(0, pages);
  uLongf zlen = compressBound((uLong)strlen(x)) + 32;
  unsigned char *z = malloc(zlen);
  assert_non_null(z);
  /* gzip framing (windowBits 31), as .xml.gz files are */
  z_stream s = {0};
  assert_int_equal(deflateInit2(&s, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
  s.next_in = (unsigned char *)x;
  s.avail_in = (uInt)strlen(x);
  s.next_out = z;
  s.avail_out = (uInt)zlen;
  assert_int_equal(deflate(&s, Z_FINISH), Z_STREAM_END);
  mock_response r = {.content_type = "application/gzip", .body = (const char *)z,
                     .len = s.total_out};
  deflateEnd(&s);
  mock_respond(SITE "/sitemap.xml.gz", &r);
  free(x);
  free(z);
  respond_page(SITE "/reports/zipped");
  const char *kv[] = {"sitemap=" SITE "/sitemap.xml.gz", NULL};
  fixture_create_start(f, kv);
  mock_run();
  assert_int_equal(mock_n_emitted(), 1);
  assert_non_null(mock_emitted_for(SITE "/reports/zipped"));
}

static void test_stop_with_pages_pending(void **state) {
  fixture *f = *state;
  const char *pages[] = {SITE "/reports/p1", SITE "/reports/p2", NULL};
  respond_sitemap(SITE "/sitemap.xml", 0, pages);
  respond_page(SITE "/reports/p1");
  respond_page(SITE "/reports/p2");
  respond_page(SITE "/reports/listed");
  const char *kv[] = {"sitemap=" SITE "/sitemap.xml", "url=" SITE "/reports/listed", NULL};
  fixture_create_start(f, kv);
  assert_int_equal(mock_stop(f->p, f->ctx), 1);
  mock_run();
  assert_int_equal(mock_stopped_calls(), 1);
  assert_int_equal(mock_n_emitted(), 0);
  assert_int_equal(mock_source_done_calls(), 0);
  assert_false(mock_log_has("sitemap_failed"));
  /* nothing new was asked for once stopping */
  assert_int_equal(mock_fetch_count(SITE "/reports/p1"), 0);
}

static void test_bad_pattern_refused(void **state) {
  fixture *f = *state;
  const char *kv[] = {"sitemap=" SITE "/sitemap.xml", "include=re:^https://", "exclude=re:*[",
                      NULL};
  fixture_refused(f, kv, "bad_option key=exclude");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      fixture_test(test_listed_urls),
      fixture_test(test_comments_option),
      fixture_test(test_sitemap_index_two_levels),
      fixture_test(test_sitemap_depth_limited),
      fixture_test(test_sitemap_loop_not_refetched),
      fixture_test(test_lastmod_since),
      fixture_test(test_failing_sitemaps_counted),
      fixture_test(test_feed_given_as_sitemap),
      fixture_test(test_gzip_sitemap),
      fixture_test(test_stop_with_pages_pending),
      fixture_test(test_bad_pattern_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
