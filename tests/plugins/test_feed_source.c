/* feed source through its real entry point, driven by the mock core: feeds
 * and articles are answered from responses registered per URL, parsed by
 * the core's own feed parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mock_host.h"
#include "plugin_fixture.h"

static int setup(void **state) {
  *state = fixture_new("feed", NULL);
  return 0;
}

/* Ends this instance and loads a fresh one: the next run of the source.
 * The state store is kept, as a state directory is between runs. */
static void next_run(fixture *f) {
  mock_unload(f->p, f->ctx);
  f->ctx = NULL;
  mock_reset();
  f->p = mock_load("feed");
  assert_non_null(f->p);
}

static void respond_feed(const char *url, const char *xml) {
  respond_body(url, "application/rss+xml", xml);
}

static const char k_page[] =
    "<!doctype html><html><head><meta charset=\"utf-8\"></head><body><article>"
    "<p>The watchdog found that the programme had spent more than planned.</p>"
    "</article></body></html>\n";

static void respond_page(const char *url) {
  respond_body(url, "text/html", k_page);
}

/* One RSS item; NULL members are left out. */
static void rss_item(char *buf, size_t cap, const char *title, const char *link,
                     const char *date, const char *author, const char *summary) {
  size_t n = strlen(buf);
  n += (size_t)snprintf(buf + n, cap - n, "<item>");
  if (title)
    n += (size_t)snprintf(buf + n, cap - n, "<title>%s</title>", title);
  if (link)
    n += (size_t)snprintf(buf + n, cap - n, "<link>%s</link>", link);
  if (date)
    n += (size_t)snprintf(buf + n, cap - n, "<pubDate>%s</pubDate>", date);
  if (author)
    n += (size_t)snprintf(buf + n, cap - n, "<dc:creator>%s</dc:creator>", author);
  if (summary)
    n += (size_t)snprintf(buf + n, cap - n, "<description>%s</description>", summary);
  snprintf(buf + n, cap - n, "</item>");
}

#define RSS_HEAD                                                              \
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>"                               \
  "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"      \
  "<channel><title>Public spending news</title>"                             \
  "<link>https://news.example.org/</link>"
#define RSS_TAIL "</channel></rss>\n"

/* RSS with `n` items linking BASE/1 .. BASE/n, titled "Story i". */
static char *rss_numbered(const char *base, size_t n) {
  size_t cap = 256 + n * 160;
  char *x = malloc(cap);
  assert_non_null(x);
  snprintf(x, cap, RSS_HEAD);
  for (size_t i = 1; i <= n; i++) {
    char link[128], title[32];
    snprintf(link, sizeof link, "%s/%zu", base, i);
    snprintf(title, sizeof title, "Story %zu", i);
    rss_item(x, cap, title, link, NULL, NULL, NULL);
  }
  strcat(x, RSS_TAIL);
  return x;
}

static int has_line(const char *fields, const char *line) {
  size_t n = strlen(line);
  for (const char *p = fields; p && *p;) {
    const char *e = strchr(p, '\n');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len == n && !strncmp(p, line, n))
      return 1;
    p = e ? e + 1 : p + len;
  }
  return 0;
}


#define FEED_A "https://news.example.org/feed.xml"
#define FEED_B "https://other.example.net/rss"
#define ART(p) "https://news.example.org/2026/01/" p

#define FEED_DATE "%a, %d %b %Y %H:%M:%S +0000" /* RFC 822, as feeds write it */

/* ---- tests ------------------------------------------------------------- */

static void test_items_fetched_once_with_fallbacks(void **state) {
  fixture *f = *state;
  char a[4096] = RSS_HEAD, b[2048] = RSS_HEAD;
  rss_item(a, sizeof a, "Hospital backlog grows", ART("backlog"),
           "Mon, 05 Jan 2026 09:30:00 GMT", "Ruth Adams", "Waiting lists rose again.");
  rss_item(a, sizeof a, "Rail spending review", ART("rail"),
           "Tue, 06 Jan 2026 08:00:00 +0000", "Tom Hale", "Costs up by a third.");
  rss_item(a, sizeof a, "Prison places", ART("prisons"), NULL, NULL, NULL);
  /* the same article again, with a fragment: folded */
  rss_item(a, sizeof a, "Hospital backlog grows (comments)", ART("backlog#comments"),
           NULL, NULL, NULL);
  strcat(a, RSS_TAIL);
  /* another feed repeating an article with a tracking parameter */
  rss_item(b, sizeof b, "Rail review", ART("rail?utm_source=rss&amp;utm_medium=feed"),
           NULL, NULL, NULL);
  rss_item(b, sizeof b, "Defence equipment plan", "https://other.example.net/story",
           NULL, NULL, NULL);
  strcat(b, RSS_TAIL);
  respond_feed(FEED_A, a);
  respond_feed(FEED_B, b);
  respond_page(ART("backlog"));
  respond_page(ART("rail"));
  respond_page(ART("prisons"));
  respond_page("https://other.example.net/story");

  const char *kv[] = {"url=" FEED_A, "url=" FEED_B, NULL};
  fixture_create_start(f, kv);
  /* Asked for, not yet answered: answers come from the loop. */
  assert_int_equal(mock_n_fetches(), 2);
  assert_int_equal(mock_pending_fetches(), 2);
  assert_int_equal(mock_n_emitted(), 0);
  assert_int_equal(mock_source_done_calls(), 0);
  mock_run();

  assert_int_equal(mock_n_fetches(), 6);
  assert_int_equal(mock_fetch_count(ART("backlog")), 1);
  assert_int_equal(mock_fetch_count(ART("rail")), 1);
  assert_int_equal(mock_fetch_count(ART("prisons")), 1);
  assert_int_equal(mock_fetch_count("https://other.example.net/story"), 1);
  assert_int_equal(mock_fetch_count(ART("backlog#comments")), 0);
  assert_int_equal(mock_fetch_count(ART("rail?utm_source=rss&utm_medium=feed")), 0);
  assert_int_equal(mock_n_emitted(), 4);
  assert_int_equal(mock_source_done_calls(), 1);
  assert_int_equal(mock_source_failed(), 0);

  /* Feeds are asked for as feeds; the first run sends no validators. */
  const mock_fetch *q = mock_fetch_of(FEED_A);
  assert_non_null(q->accept);
  assert_non_null(strstr(q->accept, "application/rss+xml"));
  assert_non_null(strstr(q->accept, "application/atom+xml"));
  assert_int_equal(q->conditional, 0);
  assert_int_equal(mock_fetch_of(ART("rail"))->conditional, 0);

  const mock_emitted *e = mock_emitted_for(ART("backlog"));
  assert_non_null(e);
  assert_string_equal(e->content_type, "text/html");
  assert_string_equal(e->body, k_page);
  assert_true(has_line(e->fields, "fallback:title=Hospital backlog grows"));
  assert_true(has_line(e->fields, "fallback:published=2026-01-05T09:30:00Z"));
  assert_true(has_line(e->fields, "fallback:byline=Ruth Adams"));
  assert_true(has_line(e->fields, "fallback:summary=Waiting lists rose again."));
  /* The item's values are fallbacks only: nothing overrides the page. */
  assert_false(has_line(e->fields, "title=Hospital backlog grows"));
  e = mock_emitted_for(ART("rail"));
  assert_non_null(e);
  /* the first feed's item wins over the duplicate in the second */
  assert_true(has_line(e->fields, "fallback:title=Rail spending review"));
  assert_true(has_line(e->fields, "fallback:published=2026-01-06T08:00:00Z"));
  e = mock_emitted_for(ART("prisons"));
  assert_non_null(e);
  assert_string_equal(e->fields, "fallback:title=Prison places\n");

  assert_true(mock_log_has("feed_read url=\"" FEED_A "\" format=rss entries=4 accepted=3"));
  assert_true(mock_log_has("feed_read url=\"" FEED_B "\" format=rss entries=2 accepted=1"));
  assert_string_equal(mock_state("last_run_clean"), "1");
}

static void test_atom_feed(void **state) {
  fixture *f = *state;
  static const char atom[] =
      "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
      "<title>Audit updates</title><author><name>Press desk</name></author>"
      "<entry><title>Water company oversight</title>"
      "<link rel=\"alternate\" href=\"/news/water\"/>"
      "<id>tag:example.org,2026:water</id>"
      "<updated>2026-01-07T10:15:00Z</updated>"
      "<summary>Regulators were slow to act.</summary></entry>"
      "</feed>\n";
  respond_body("https://audit.example.org/atom", "application/atom+xml", atom);
  respond_page("https://audit.example.org/news/water");
  const char *kv[] = {"url=https://audit.example.org/atom", NULL};
  fixture_create_start(f, kv);
  mock_run();
  assert_int_equal(mock_n_emitted(), 1);
  const mock_emitted *e = mock_emitted_for("https://audit.example.org/news/water");
  assert_non_null(e); /* the relative link resolved against the feed's URL */
  assert_true(has_line(e->fields, "fallback:title=Water company oversight"));
  /* no published date: updated stands in */
  assert_true(has_line(e->fields, "fallback:published=2026-01-07T10:15:00Z"));
  assert_true(has_line(e->fields, "fallback:byline=Press desk"));
  assert_true(mock_log_has("format=atom entries=1 accepted=1"));
}

/* A JSON Feed is read like the XML formats: its items' pages fetched,
 * their dates, titles and authors offered as fallbacks. */
static void test_json_feed(void **state) {
  fixture *f = *state;
  static const char json[] =
      "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"Audit updates\","
      " \"authors\": [{\"name\": \"Press desk\"}],"
      " \"items\": [{\"id\": \"w1\", \"url\": \"/news/water\","
      " \"title\": \"Water company oversight\","
      " \"date_published\": \"2026-01-07T10:15:00+01:00\","
      " \"summary\": \"Regulators were slow to act.\"},"
      " {\"id\": \"w2\", \"external_url\": \"https://other.example.net/story\","
      " \"title\": \"Elsewhere\", \"authors\": [{\"name\": \"Sam Reed\"}]}]}\n";
  respond_body("https://audit.example.org/feed.json", "application/feed+json", json);
  respond_page("https://audit.example.org/news/water");
  respond_page("https://other.example.net/story");
  const char *kv[] = {"url=https://audit.example.org/feed.json", NULL};
  fixture_create_start(f, kv);
  mock_run();
  assert_int_equal(mock_n_emitted(), 2);
  const mock_emitted *e = mock_emitted_for("https://audit.example.org/news/water");
  assert_non_null(e);
  assert_true(has_line(e->fields, "fallback:title=Water company oversight"));
  assert_true(has_line(e->fields, "fallback:published=2026-01-07T09:15:00Z"));
  assert_true(has_line(e->fields, "fallback:byline=Press desk"));
  e = mock_emitted_for("https://other.example.net/story");
  assert_non_null(e);
  assert_true(has_line(e->fields, "fallback:byline=Sam Reed"));
  assert_true(mock_log_has("format=json entries=2 accepted=2"));
}

static void test_include_exclude(void **state) {
  fixture *f = *state;
  char x[4096] = RSS_HEAD;
  rss_item(x, sizeof x, "Kept", ART("kept"), NULL, NULL, NULL);
  rss_item(x, sizeof x, "A PDF", ART("report.pdf"), NULL, NULL, NULL);
  rss_item(x, sizeof x, "Elsewhere", "https://blog.example.com/2026/01/post", NULL, NULL, NULL);
  rss_item(x, sizeof x, "Live", ART("live-budget"), NULL, NULL, NULL);
  rss_item(x, sizeof x, "Not http", "ftp://news.example.org/file", NULL, NULL, NULL);
  strcat(x, RSS_TAIL);
  respond_feed(FEED_A, x);
  respond_page(ART("kept"));
  respond_page(ART("report.pdf"));
  respond_page("https://blog.example.com/2026/01/post");
  respond_page(ART("live-budget"));
  const char *kv[] = {"url=" FEED_A, "include=https://news.example.org/*",
                      "exclude=*.pdf", "exclude=re:/live-[a-z]+$", NULL};
  fixture_create_start(f, kv);
  mock_run();
  assert_int_equal(mock_n_fetches(), 2);
  assert_int_equal(mock_fetch_count(ART("kept")), 1);
  assert_int_equal(mock_n_emitted(), 1);
  assert_non_null(mock_emitted_for(ART("kept")));
  assert_int_equal(mock_source_failed(), 0);
  assert_true(mock_log_has("entries=5 accepted=1"));
  assert_true(mock_log_has("skipped=4"));
}

static void test_bad_pattern_refused(void **state) {
  fixture *f = *state;
  const char *kv[] = {"url=" FEED_A, "exclude=re:([unclosed", NULL};
  fixture_refused(f, kv, "bad_option key=exclude pattern=\"([unclosed\"");
}

static void test_since(void **state) {
  fixture *f = *state;
  char recent[64], old[64], x[4096] = RSS_HEAD;
  days_ago(recent, sizeof recent, 2, FEED_DATE);
  days_ago(old, sizeof old, 100, FEED_DATE);
  rss_item(x, sizeof x, "Recent", ART("recent"), recent, NULL, NULL);
  rss_item(x, sizeof x, "Old", ART("old"), old, NULL, NULL);
  rss_item(x, sizeof x, "Undated", ART("undated"), NULL, NULL, NULL);
  strcat(x, RSS_TAIL);
  respond_feed(FEED_A, x);
  respond_page(ART("recent"));
  respond_page(ART("old"));
  respond_page(ART("undated"));
  const char *kv[] = {"url=" FEED_A, "since=720h", NULL};
  fixture_create_start(f, kv);
  mock_run();
  assert_int_equal(mock_fetch_count(ART("recent")), 1);
  assert_int_equal(mock_fetch_count(ART("old")), 0);
  /* an undated item cannot be judged old: kept */
  assert_int_equal(mock_fetch_count(ART("undated")), 1);
  assert_int_equal(mock_n_emitted(), 2);
  assert_true(mock_log_has("entries=3 accepted=2"));
}

static void test_max_items_across_feeds(void **state) {
  fixture *f = *state;
  char *a = rss_numbered("https://news.example.org/a", 2);
  char *b = rss_numbered("https://news.example.org/b", 2);
  respond_feed(FEED_A, a);
  respond_feed(FEED_B, b);
  free(a);
  free(b);
  respond_page("https://news.example.org/a/1");
  respond_page("https://news.example.org/a/2");
  respond_page("https://news.example.org/b/1");
  respond_page("https://news.example.org/b/2");
  const char *kv[] = {"url=" FEED_A, "url=" FEED_B, "max_items=3", NULL};
  fixture_create_start(f, kv);
  mock_run();
  assert_int_equal(mock_n_fetches(), 2 + 3);
  assert_int_equal(mock_fetch_count("https://news.example.org/a/1"), 1);
  assert_int_equal(mock_fetch_count("https://news.example.org/a/2"), 1);
  assert_int_equal(mock_fetch_count("https://news.example.org/b/1"), 1);
  assert_int_equal(mock_fetch_count("https://news.example.org/b/2"), 0);
  assert_int_equal(mock_n_emitted(), 3);
  assert_int_equal(mock_source_done_calls(), 1);
}

static void test_failing_feeds_logged_others_read(void **state) {
  fixture *f = *state;
  char *good = rss_numbered("https://news.example.org/ok", 2);
  respond_error("https://gone.example.org/feed", AF_EHTTP, 404);
  respond_error("https://down.example.org/feed", AF_ENET, 0);
  respond_body("https://html.example.org/feed", "text/html", "<html><body>Moved</body></html>");
  respond_feed(FEED_A, good);
  free(good);
  respond_page("https://news.example.org/ok/1");
  respond_page("https://news.example.org/ok/2");
  const char *kv[] = {"url=https://gone.example.org/feed", "url=https://down.example.org/feed",
                      "url=https://html.example.org/feed", "url=" FEED_A, NULL};
  fixture_create_start(f, kv);
  mock_run();
  assert_true(mock_log_has("error feed_failed url=\"https://gone.example.org/feed\" "
                           "attempts=1 error=\"HTTP 404\""));
  assert_true(mock_log_has("error feed_failed url=\"https://down.example.org/feed\" "
                           "attempts=1 error=\"network error\""));
  assert_true(mock_log_has("error feed_invalid url=\"https://html.example.org/feed\""));
  assert_int_equal(mock_n_emitted(), 2);
  assert_non_null(mock_emitted_for("https://news.example.org/ok/1"));
  assert_non_null(mock_emitted_for("https://news.example.org/ok/2"));
  assert_int_equal(mock_source_done_calls(), 1);
  assert_int_equal(mock_source_failed(), 3);
  /* A run with failures does not let the next one trust validators. */
  assert_string_equal(mock_state("last_run_clean"), "0");

  next_run(f);
  respond_feed(FEED_A, "<rss version=\"2.0\"><channel></channel></rss>");
  const char *kv2[] = {"url=" FEED_A, NULL};
  fixture_create_start(f, kv2);
  mock_run();
  assert_int_equal(mock_fetch_of(FEED_A)->conditional, 0);
  assert_int_equal(mock_source_done_calls(), 1);
  assert_int_equal(mock_source_failed(), 0);
}

static void test_unchanged_feed_and_conditional_articles(void **state) {
  fixture *f = *state;
  char x[4096] = RSS_HEAD;
  rss_item(x, sizeof x, "One", ART("one"), NULL, NULL, NULL);
  rss_item(x, sizeof x, "Two", ART("two"), NULL, NULL, NULL);
  strcat(x, RSS_TAIL);
  mock_response fr = {.content_type = "application/rss+xml", .body = x,
                      .etag = "\"v1\""};
  mock_respond(FEED_A, &fr);
  respond_page(ART("one"));
  respond_page(ART("two"));
  const char *kv[] = {"url=" FEED_A, NULL};

  /* Run 1: nothing to be conditional about yet. */
  fixture_create_start(f, kv);
  mock_run();
  assert_int_equal(mock_n_emitted(), 2);
  assert_int_equal(mock_fetch_of(FEED_A)->conditional, 0);
  assert_int_equal(mock_fetch_of(ART("one"))->conditional, 0);
  assert_string_equal(mock_state("last_run_clean"), "1");

  /* Run 2: the feed answers 304: nothing fetched, logged unchanged. */
  next_run(f);
  fr.not_modified = 1;
  mock_respond(FEED_A, &fr);
  respond_page(ART("one"));
  respond_page(ART("two"));
  fixture_create_start(f, kv);
  mock_run();
  assert_int_equal(mock_fetch_of(FEED_A)->conditional, 1);
  assert_int_equal(mock_n_fetches(), 1);
  assert_int_equal(mock_n_emitted(), 0);
  assert_true(mock_log_has("info feed_unchanged url=\"" FEED_A "\""));
  assert_int_equal(mock_source_done_calls(), 1);
  assert_int_equal(mock_source_failed(), 0);

  /* Run 3: the feed changed; its articles are asked for conditionally and
   * an unchanged one is counted, not emitted. */
  next_run(f);
  char x3[4096] = RSS_HEAD;
  rss_item(x3, sizeof x3, "One", ART("one"), NULL, NULL, NULL);
  rss_item(x3, sizeof x3, "Two", ART("two"), NULL, NULL, NULL);
  rss_item(x3, sizeof x3, "Three", ART("three"), NULL, NULL, NULL);
  strcat(x3, RSS_TAIL);
  mock_response fr3 = {.content_type = "application/rss+xml", .body = x3,
                       .etag = "\"v2\""};
  mock_respond(FEED_A, &fr3);
  mock_response same = {.content_type = "text/html", .body = k_page, .not_modified = 1};
  mock_respond(ART("one"), &same);
  respond_page(ART("two"));
  respond_page(ART("three"));
  fixture_create_start(f, kv);
  mock_run();
  for (size_t i = 0; i < mock_n_fetches(); i++)
    assert_int_equal(mock_fetch_at(i)->conditional, 1);
  assert_int_equal(mock_n_fetches(), 4);
  assert_int_equal(mock_n_emitted(), 2);
  assert_null(mock_emitted_for(ART("one")));
  assert_non_null(mock_emitted_for(ART("three")));
  assert_true(mock_log_has("debug unchanged url=\"" ART("one") "\""));
  assert_true(mock_log_has("articles=3 emitted=2 unchanged=1 failed=0"));
}

/* revisit: an article listed within the window is asked for again
 * (conditionally) on the next run even though its feed answers 304; an
 * edited one is emitted again, an unchanged one costs a 304. */
static void test_revisit_behind_unchanged_feed(void **state) {
  fixture *f = *state;
  char recent[64], old[64], x[4096] = RSS_HEAD;
  days_ago(recent, sizeof recent, 1, FEED_DATE);
  days_ago(old, sizeof old, 40, FEED_DATE);
  rss_item(x, sizeof x, "Edited later", ART("edited"), recent, NULL, NULL);
  rss_item(x, sizeof x, "Left alone", ART("same"), recent, NULL, NULL);
  rss_item(x, sizeof x, "Too old to revisit", ART("old"), old, NULL, NULL);
  strcat(x, RSS_TAIL);
  mock_response fr = {.content_type = "application/rss+xml", .body = x, .etag = "\"f1\""};
  mock_respond(FEED_A, &fr);
  respond_page(ART("edited"));
  respond_page(ART("same"));
  respond_page(ART("old"));
  const char *kv[] = {"url=" FEED_A, "revisit=168h", NULL};
  fixture_create_start(f, kv);
  mock_run();
  assert_int_equal(mock_n_emitted(), 3);
  assert_string_equal(mock_state("last_run_clean"), "1");

  next_run(f);
  fr.not_modified = 1;
  mock_respond(FEED_A, &fr);
  respond_page(ART("edited")); /* answers whole: it changed */
  mock_response same = {.content_type = "text/html", .body = k_page, .not_modified = 1};
  mock_respond(ART("same"), &same);
  respond_page(ART("old"));
  fixture_create_start(f, kv);
  mock_run();
  assert_true(mock_log_has("feed_unchanged url=\"" FEED_A "\""));
  assert_int_equal(mock_fetch_count(ART("edited")), 1);
  assert_int_equal(mock_fetch_count(ART("same")), 1);
  assert_int_equal(mock_fetch_count(ART("old")), 0);
  assert_int_equal(mock_fetch_of(ART("edited"))->conditional, 1);
  assert_int_equal(mock_fetch_of(ART("same"))->conditional, 1);
  assert_int_equal(mock_n_emitted(), 1);
  assert_non_null(mock_emitted_for(ART("edited")));
  assert_true(mock_log_has("revisited=2 changed=1"));
  assert_int_equal(mock_source_done_calls(), 1);
  assert_int_equal(mock_source_failed(), 0);
}

static void test_failing_articles_counted(void **state) {
  fixture *f = *state;
  char *x = rss_numbered("https://news.example.org/s", 4);
  respond_feed(FEED_A, x);
  free(x);
  respond_page("https://news.example.org/s/1");
  respond_error("https://news.example.org/s/2", AF_EHTTP, 500);
  respond_error("https://news.example.org/s/3", AF_ETIMEDOUT, 0);
  respond_body("https://news.example.org/s/4", "application/pdf", "%PDF-1.7\n");
  const char *kv[] = {"url=" FEED_A, NULL};
  fixture_create_start(f, kv);
  mock_run();
  assert_int_equal(mock_n_fetches(), 5);
  assert_int_equal(mock_source_done_calls(), 1);
  assert_int_equal(mock_source_failed(), 2);
  assert_int_equal(mock_n_emitted(), 2);
  assert_non_null(mock_emitted_for("https://news.example.org/s/1"));
  /* a body the core cannot read: the item's metadata still goes out */
  const mock_emitted *e = mock_emitted_for("https://news.example.org/s/4");
  assert_non_null(e);
  assert_null(e->content_type);
  assert_true(has_line(e->fields, "fallback:title=Story 4"));
  assert_true(mock_log_has("body_skipped url=\"https://news.example.org/s/4\""));
  assert_true(mock_log_has("article_failed url=\"https://news.example.org/s/2\""));
  assert_true(mock_log_has("article_failed url=\"https://news.example.org/s/3\""));
  assert_string_equal(mock_state("last_run_clean"), "0");
}

static void test_backpressure(void **state) {
  fixture *f = *state;
  enum { N = 300 };
  char *x = rss_numbered("https://news.example.org/n", N);
  respond_feed(FEED_A, x);
  free(x);
  for (int i = 1; i <= N; i++) {
    char url[64];
    snprintf(url, sizeof url, "https://news.example.org/n/%d", i);
    respond_page(url);
  }
  mock_set_emit_full_at(1);
  const char *kv[] = {"url=" FEED_A, NULL};
  fixture_create_start(f, kv);
  assert_int_equal(mock_step(), 1); /* the feed */
  size_t asked = mock_n_fetches() - 1;
  assert_true(asked > 0);
  assert_true(asked < N); /* the source keeps a bounded window in flight */
  mock_run();
  /* The first emit said "full": the answers in flight still arrive and
   * are emitted, but no new fetch starts, and the run is not over. */
  assert_int_equal(mock_n_fetches(), 1 + asked);
  assert_int_equal(mock_n_emitted(), asked);
  assert_int_equal(mock_source_done_calls(), 0);
  assert_int_equal(mock_pending_fetches(), 0);

  f->p->resume(mock_inst(), f->ctx);
  mock_run();
  assert_int_equal(mock_n_fetches(), 1 + N);
  assert_int_equal(mock_n_emitted(), N);
  assert_int_equal(mock_source_done_calls(), 1);
  assert_int_equal(mock_source_failed(), 0);
  for (int i = 1; i <= N; i++) {
    char url[64];
    snprintf(url, sizeof url, "https://news.example.org/n/%d", i);
    assert_int_equal(mock_fetch_count(url), 1);
  }
}

static void test_stop_with_articles_pending(void **state) {
  fixture *f = *state;
  char *x = rss_numbered("https://news.example.org/p", 3);
  respond_feed(FEED_A, x);
  free(x);
  respond_page("https://news.example.org/p/1");
  respond_page("https://news.example.org/p/2");
  respond_page("https://news.example.org/p/3");
  const char *kv[] = {"url=" FEED_A, NULL};
  fixture_create_start(f, kv);
  assert_int_equal(mock_step(), 1); /* the feed: three articles asked for */
  assert_int_equal(mock_pending_fetches(), 3);
  assert_int_equal(mock_stop(f->p, f->ctx), 1);
  assert_int_equal(mock_stopped_calls(), 0);
  mock_run();
  assert_int_equal(mock_stopped_calls(), 1);
  assert_int_equal(mock_n_emitted(), 0);
  assert_int_equal(mock_source_done_calls(), 0);
  /* cancelled is not failed */
  assert_false(mock_log_has("article_failed"));
  assert_string_equal(mock_state("last_run_clean"), "0");
}

static void test_stop_before_feed_answers(void **state) {
  fixture *f = *state;
  char *x = rss_numbered("https://news.example.org/q", 2);
  respond_feed(FEED_A, x);
  free(x);
  const char *kv[] = {"url=" FEED_A, NULL};
  fixture_create_start(f, kv);
  assert_int_equal(mock_stop(f->p, f->ctx), 1);
  mock_run();
  assert_int_equal(mock_stopped_calls(), 1);
  assert_int_equal(mock_n_fetches(), 1);
  assert_int_equal(mock_n_emitted(), 0);
  assert_false(mock_log_has("feed_failed"));
}

static void test_stop_after_done_is_immediate(void **state) {
  fixture *f = *state;
  respond_feed(FEED_A, "<rss version=\"2.0\"><channel></channel></rss>");
  const char *kv[] = {"url=" FEED_A, NULL};
  fixture_create_start(f, kv);
  mock_run();
  assert_int_equal(mock_source_done_calls(), 1);
  assert_int_equal(mock_stop(f->p, f->ctx), 0);
  mock_run();
  assert_int_equal(mock_stopped_calls(), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      fixture_test(test_items_fetched_once_with_fallbacks),
      fixture_test(test_atom_feed),
      fixture_test(test_json_feed),
      fixture_test(test_include_exclude),
      fixture_test(test_bad_pattern_refused),
      fixture_test(test_since),
      fixture_test(test_max_items_across_feeds),
      fixture_test(test_failing_feeds_logged_others_read),
      fixture_test(test_unchanged_feed_and_conditional_articles),
      fixture_test(test_revisit_behind_unchanged_feed),
      fixture_test(test_failing_articles_counted),
      fixture_test(test_backpressure),
      fixture_test(test_stop_with_articles_pending),
      fixture_test(test_stop_before_feed_answers),
      fixture_test(test_stop_after_done_is_immediate),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
