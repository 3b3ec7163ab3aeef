/* files source through its real entry point, driven by the mock core. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "mock_host.h"
#include "plugin_fixture.h"

static void put(const char *dir, const char *rel, const char *text) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  FILE *fp = fopen(path, "w");
  assert_non_null(fp);
  fputs(text, fp);
  fclose(fp);
}

static const char k_feed[] =
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Audit news</title>"
    "<item><title>First</title><link>https://example.org/one</link>"
    "<description>One</description></item>"
    "<item><title>Second</title><link>https://example.org/two</link></item>"
    "</channel></rss>\n";

/* The tree every test walks:
 *   a.html  b/c.txt  b/d.htm  b/loop -> ..  big.html (over max_size)
 *   broken.html -> nowhere  e.xml (feed, 2 entries)  f.xml (xhtml)
 *   g.html.gz (compressed)  ignore.pdf  sitemap.xml (skipped)
 *   .hidden.html  .git/x.html */
static int setup(void **state) {
  fixture *f = fixture_new("files", NULL);
  char sub[128];
  snprintf(sub, sizeof sub, "%s/b", f->dir);
  assert_int_equal(mkdir(sub, 0755), 0);
  snprintf(sub, sizeof sub, "%s/.git", f->dir);
  assert_int_equal(mkdir(sub, 0755), 0);
  put(f->dir, "a.html", "<html><body><p>A</p></body></html>\n");
  put(f->dir, "b/c.txt", "Plain title\n\nPlain text.\n");
  put(f->dir, "b/d.htm", "<html><body><p>D</p></body></html>\n");
  put(f->dir, "e.xml", k_feed);
  put(f->dir, "f.xml", "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">"
                       "<body><p>F</p></body></html>\n");
  put(f->dir, "ignore.pdf", "%PDF-1.4\n");
  put(f->dir, "sitemap.xml", "<?xml version=\"1.0\"?><urlset><url><loc>https://example.org/x</loc>"
                             "</url></urlset>\n");
  char gzpath[128];
  snprintf(gzpath, sizeof gzpath, "%s/g.html.gz", f->dir);
  gzFile gz = gzopen(gzpath, "wb");
  assert_non_null(gz);
  assert_true(gzputs(gz, "<html><body><p>G, stored compressed</p></body></html>\n") > 0);
  assert_int_equal(gzclose(gz), Z_OK);
  put(f->dir, ".hidden.html", "<p>hidden</p>\n");
  put(f->dir, ".git/x.html", "<p>hidden dir</p>\n");
  char big[3000];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  put(f->dir, "big.html", big);
  char link[128];
  snprintf(link, sizeof link, "%s/b/loop", f->dir);
  assert_int_equal(symlink("..", link), 0);
  snprintf(link, sizeof link, "%s/broken.html", f->dir);
  assert_int_equal(symlink("does-not-exist.html", link), 0);
  *state = f;
  return 0;
}

static void start(fixture *f, const char *extra) {
  fixture_start(f, f->dir, (const char *const[]){"max_size=2k", extra, NULL});
  mock_run();
}

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void check_order(void) {
  static const struct {
    const char *suffix, *type;
  } want[] = {{"/a.html", "text/html"},
              {"/b/c.txt", "text/plain"},
              {"/b/d.htm", "text/html"},
              {"https://example.org/one", NULL},
              {"https://example.org/two", NULL},
              {"/f.xml", "application/xhtml+xml"},
              {"/g.html.gz", "text/html"}};
  assert_int_equal(mock_n_emitted(), 7);
  for (size_t i = 0; i < 7; i++) {
    const mock_emitted *e = mock_emitted_at(i);
    assert_true(ends_with(e->url, want[i].suffix));
    if (want[i].type) {
      assert_string_equal(e->content_type, want[i].type);
      assert_true(strncmp(e->url, "file:///", 8) == 0);
      const char *fetched = strstr(e->fields, "fetched=2");
      assert_non_null(fetched);
      assert_int_equal(strcspn(fetched, "\n"), strlen("fetched=2019-01-24T09:30:00Z"));
      assert_int_equal(fetched[8 + 19], 'Z');
    } else {
      assert_null(e->content_type);
      assert_non_null(strstr(e->fields, "doc_kind=feed_item\n"));
      assert_non_null(strstr(e->fields, "publisher=Audit news\n"));
    }
  }
  assert_non_null(strstr(mock_emitted_at(3)->fields, "title=First\n"));
  assert_non_null(strstr(mock_emitted_at(3)->fields, "summary=One\n"));
  assert_non_null(strstr(mock_emitted_at(1)->fields, "doc_kind=text\n"));
  assert_memory_equal(mock_emitted_at(0)->body, "<html>", 6);
  assert_non_null(strstr(mock_emitted_at(6)->body, "G, stored compressed"));
}

static void test_walk_order_and_types(void **state) {
  fixture *f = *state;
  start(f, NULL);
  check_order();
  assert_int_equal(mock_source_done_calls(), 1);
  /* big.html (over max_size) and the dangling broken.html */
  assert_int_equal(mock_source_failed(), 2);
  assert_true(mock_log_has("files.unreadable"));
  assert_true(mock_log_has("broken.html"));
  assert_true(mock_log_has("big.html"));
  assert_true(mock_log_has("files.sitemap_skipped"));
}

/* Reading ahead must not change what is emitted or in which order. */
static void test_no_readahead_same_order(void **state) {
  fixture *f = *state;
  start(f, "readahead=1");
  check_order();
  assert_int_equal(mock_source_failed(), 2);
}

/* Plain text that is not UTF-8 is read as Windows-1252; a UTF-8 BOM is
 * dropped so that it does not end up in the title. */
static void test_text_encodings(void **state) {
  fixture *f = *state;
  put(f->dir, "h.txt", "Council report\n\nIt spent \xa3" "350m, the \x93NAO\x94 said.\n");
  put(f->dir, "i.txt", "\xef\xbb\xbfTitle after a BOM\n\nBody.\n");
  start(f, NULL);
  assert_int_equal(mock_n_emitted(), 9);
  const mock_emitted *h = mock_emitted_at(7), *i = mock_emitted_at(8);
  assert_true(ends_with(h->url, "/h.txt"));
  assert_non_null(strstr(h->body, "spent \xc2\xa3" "350m, the \xe2\x80\x9cNAO\xe2\x80\x9d said."));
  assert_int_equal(h->len, strlen(h->body));
  assert_true(ends_with(i->url, "/i.txt"));
  assert_memory_equal(i->body, "Title after a BOM\n", 18);
}

/* Files are recognised by content, not name: a feed saved as .html is
 * read as a feed; a DTD exercise or a config file saved as .xml is no
 * article and is skipped with a line naming it.  Before, the feed became
 * one article of raw feed fields and the DTD's text an article. */
static void test_content_not_name(void **state) {
  fixture *f = *state;
  put(f->dir, "j.html",
      "\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- saved from a browser -->\n"
      "<rss version=\"2.0\"><channel><title>Saved feed</title>"
      "<item><title>Third</title><link>https://example.org/three</link></item>"
      "</channel></rss>\n");
  put(f->dir, "k.xml",
      "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
      " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n"
      "<lolz>&lol1;</lolz>\n");
  put(f->dir, "l.xml", "<?xml version=\"1.0\"?><settings><budget>£4bn</budget></settings>\n");
  put(f->dir, "m.html", "<!DOCTYPE html>\n<html><body><p>M, an ordinary page</p></body></html>\n");
  start(f, NULL);
  assert_int_equal(mock_n_emitted(), 9);
  const mock_emitted *j = mock_emitted_at(7), *m = mock_emitted_at(8);
  assert_string_equal(j->url, "https://example.org/three");
  assert_non_null(strstr(j->fields, "doc_kind=feed_item\n"));
  assert_non_null(strstr(j->fields, "publisher=Saved feed\n"));
  assert_true(ends_with(m->url, "/m.html"));
  for (size_t i = 0; i < mock_n_emitted(); i++) {
    assert_null(strstr(mock_emitted_at(i)->url, "/k.xml"));
    assert_null(strstr(mock_emitted_at(i)->url, "/l.xml"));
  }
  assert_true(mock_log_has("files.not_article"));
  assert_true(mock_log_has("/k.xml root=\"lolz\""));
  assert_true(mock_log_has("/l.xml root=\"settings\""));
  assert_int_equal(mock_source_failed(), 2); /* big.html and broken.html, as before */
}

/* A .gz file cut short is read by the core's gzip reader (api->gunzip) and
 * is a failure naming the file and the truncation, not a short article;
 * a gzip file is known by its content, whatever its name. */
static void test_truncated_gz(void **state) {
  fixture *f = *state;
  char path[128], page[1500];
  size_t n = 0;
  while (n + 80 < sizeof page)
    n += (size_t)snprintf(page + n, sizeof page - n,
                          "<p>Line %zu of a page that compresses to more than a block.</p>\n", n);
  snprintf(path, sizeof path, "%s/cut.html.gz", f->dir);
  gzFile gz = gzopen(path, "wb");
  assert_non_null(gz);
  assert_true(gzputs(gz, page) > 0);
  assert_int_equal(gzclose(gz), Z_OK);
  assert_int_equal(truncate(path, 60), 0);
  snprintf(path, sizeof path, "%s/h.html", f->dir); /* gzip, not named so */
  gz = gzopen(path, "wb");
  assert_non_null(gz);
  assert_true(gzputs(gz, "<html><body><p>H, compressed but not named so</p></body></html>") > 0);
  assert_int_equal(gzclose(gz), Z_OK);
  start(f, NULL);
  assert_int_equal(mock_n_emitted(), 8);
  assert_non_null(strstr(mock_emitted_at(7)->body, "H, compressed but not named so"));
  for (size_t i = 0; i < mock_n_emitted(); i++)
    assert_null(strstr(mock_emitted_at(i)->url, "cut.html.gz"));
  assert_int_equal(mock_source_failed(), 3);
  assert_true(mock_log_has("cut.html.gz error=\"truncated gzip data"));
}

/* The size limit applies to what a .gz file inflates to. */
static void test_gz_limit_is_inflated_size(void **state) {
  fixture *f = *state;
  char gzpath[128], big[4096];
  snprintf(gzpath, sizeof gzpath, "%s/zz.html.gz", f->dir);
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  gzFile gz = gzopen(gzpath, "wb");
  assert_non_null(gz);
  assert_true(gzputs(gz, big) > 0); /* ~40 bytes on disk, 4k inflated */
  assert_int_equal(gzclose(gz), Z_OK);
  start(f, NULL);
  assert_int_equal(mock_n_emitted(), 7);
  assert_int_equal(mock_source_failed(), 3);
  assert_true(mock_log_has("zz.html.gz"));
}

static void test_unreadable_file_counted(void **state) {
  fixture *f = *state;
  char path[128];
  snprintf(path, sizeof path, "%s/a.html", f->dir);
  assert_int_equal(chmod(path, 0), 0);
  /* Root reads mode-000 files, so as root the walk and reads run with the
   * filesystem identity of an ordinary user (the mock host runs pool work
   * on this thread): the check runs here too instead of being skipped. */
  int as_root = geteuid() == 0;
  if (as_root) {
    assert_int_equal(chmod(f->dir, 0755), 0);
    setfsgid(65534);
    setfsuid(65534);
    assert_int_equal(setfsuid((uid_t)-1), 65534);
  }
  start(f, NULL);
  if (as_root) {
    setfsuid(0);
    setfsgid(0);
    assert_int_equal(setfsuid((uid_t)-1), 0);
  }
  assert_int_equal(mock_n_emitted(), 6);
  assert_int_equal(mock_source_failed(), 3);
  assert_true(mock_log_has("a.html error="));
}

static void test_backpressure(void **state) {
  fixture *f = *state;
  /* Full on the 4th emit: the first feed entry, mid-file. */
  mock_set_emit_full_at(4);
  start(f, NULL);
  assert_int_equal(mock_n_emitted(), 4);
  assert_int_equal(mock_source_done_calls(), 0);
  f->p->resume(mock_inst(), f->ctx);
  mock_run();
  check_order();
  assert_int_equal(mock_source_done_calls(), 1);
}

static void test_include_and_max_files(void **state) {
  fixture *f = *state;
  start(f, "include=*.htm*");
  assert_int_equal(mock_n_emitted(), 3);
  assert_true(ends_with(mock_emitted_at(0)->url, "/a.html"));
  assert_true(ends_with(mock_emitted_at(1)->url, "/b/d.htm"));
  assert_true(ends_with(mock_emitted_at(2)->url, "/g.html.gz"));
  mock_unload(f->p, f->ctx);
  mock_reset();

  f->p = mock_load("files");
  start(f, "max_files=2");
  assert_int_equal(mock_n_emitted(), 2);
  assert_int_equal(mock_source_done_calls(), 1);
  mock_unload(f->p, f->ctx);
  mock_reset();

  /* With a "/", the pattern applies to the path below the root. */
  f->p = mock_load("files");
  start(f, "include=b/*");
  assert_int_equal(mock_n_emitted(), 2);
  assert_true(ends_with(mock_emitted_at(0)->url, "/b/c.txt"));
  assert_true(ends_with(mock_emitted_at(1)->url, "/b/d.htm"));
}

static void test_missing_dir_refused(void **state) {
  fixture *f = *state;
  const char *kv[] = {"path=/nonexistent/auditfeed-sample", NULL};
  fixture_refused(f, kv, "files.bad_path");
}

static void test_stop_while_walking(void **state) {
  fixture *f = *state;
  fixture_start(f, f->dir, NULL);
  assert_int_equal(f->p->stop(mock_inst(), f->ctx), 1);
  mock_run();
  assert_int_equal(mock_stopped_calls(), 1);
  assert_int_equal(mock_n_emitted(), 0);
  assert_int_equal(mock_source_done_calls(), 0);
}

/* The bundled sample must stay loadable by this plugin. */
static void test_bundled_sample(void **state) {
  fixture *f = *state;
  const char *src = getenv("AF_SOURCE_DIR");
  assert_non_null(src);
  char kvpath[512];
  snprintf(kvpath, sizeof kvpath, "path=%s/contrib/sample", src);
  const char *kv[] = {kvpath, NULL};
  f->ctx = mock_create(f->p, kv, NULL);
  assert_non_null(f->ctx);
  assert_int_equal(f->p->start(mock_inst(), f->ctx), 0);
  mock_run();
  assert_true(mock_n_emitted() >= 12);
  assert_int_equal(mock_source_failed(), 0);
  size_t txt = 0;
  const char *prev = NULL;
  for (size_t i = 0; i < mock_n_emitted(); i++) {
    const mock_emitted *e = mock_emitted_at(i);
    if (strncmp(e->url, "file://", 7) == 0)
      assert_non_null(e->content_type);
    txt += e->content_type && strcmp(e->content_type, "text/plain") == 0;
    /* Feed entries carry their own links; files must come in path order. */
    if (strncmp(e->url, "file://", 7) == 0) {
      if (prev)
        assert_true(strcmp(prev, e->url) < 0);
      prev = e->url;
    }
  }
  assert_true(txt >= 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      fixture_test(test_walk_order_and_types),
      fixture_test(test_no_readahead_same_order),
      fixture_test(test_content_not_name),
      fixture_test(test_truncated_gz),
      fixture_test(test_text_encodings),
      fixture_test(test_gz_limit_is_inflated_size),
      fixture_test(test_unreadable_file_counted),
      fixture_test(test_backpressure),
      fixture_test(test_include_and_max_files),
      fixture_test(test_missing_dir_refused),
      fixture_test(test_stop_while_walking),
      fixture_test(test_bundled_sample),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
