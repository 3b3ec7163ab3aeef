/* JSON Feed 1 and 1.1 (core/feeds/feed_json.c): one construct at a time,
 * the slips it forgives and the bodies it refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include <auditfeed/errno.h>

#include "feed.h"

static const char BASE[] = "https://blog.example.org/feeds/feed.json";

/* Parses body (len bytes) expecting rc; err gets the message. */
static af_feed *parse_n(const char *body, size_t len, int expect_rc, char *err,
                        size_t errlen) {
  af_feed *f = NULL;
  int rc = af__feed_parse(body, len, BASE, &f, err, errlen);
  if (rc != expect_rc)
    fail_msg("rc %d, want %d: %s", rc, expect_rc, err);
  if (rc)
    assert_null(f);
  return f;
}

static af_feed *parse(const char *json) {
  char err[256];
  af_feed *f = parse_n(json, strlen(json), 0, err, sizeof(err));
  assert_string_equal(err, ""); /* well-formed: nothing to say */
  return f;
}

static void test_v11_item(void **s) {
  af_feed *f = parse(
      "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \" Audit  notes \","
      " \"home_page_url\": \"/\","
      " \"items\": [{\"id\": \"tag:a,1\", \"url\": \"../2024/05/spend.html\","
      "  \"title\": \"Spending &amp; <b>value</b>\", \"summary\": \"In short.\","
      "  \"content_html\": \"<p>Long.</p>\","
      "  \"date_published\": \"2024-05-21T10:00:00+01:00\","
      "  \"date_modified\": \"2024-05-22T08:00:00Z\","
      "  \"authors\": [{\"url\": \"https://x.example.org/\"}, {\"name\": \"Ada Brennan\"}]}]}");
  const af_feed_entry *e;
  (void)s;
  assert_string_equal(f->format, "json");
  assert_string_equal(f->title, "Audit notes");
  assert_string_equal(f->link, "https://blog.example.org/");
  assert_int_equal(f->n_entries, 1);
  e = f->entries[0];
  assert_string_equal(e->id, "tag:a,1");
  assert_string_equal(e->link, "https://blog.example.org/2024/05/spend.html");
  /* plain text by definition: markup and entities are the title's words */
  assert_string_equal(e->title, "Spending &amp; <b>value</b>");
  assert_string_equal(e->summary, "In short.");
  assert_string_equal(e->published, "2024-05-21T09:00:00Z");
  assert_string_equal(e->updated, "2024-05-22T08:00:00Z");
  assert_string_equal(e->author, "Ada Brennan"); /* the first with a name */
  af__feed_free(f);
}

/* Version 1: one `author` object; content_text or content_html as the
 * summary; external_url when there is no url; ids that are numbers. */
static void test_v1_fields(void **s) {
  af_feed *f = parse(
      "{\"version\":\"https://jsonfeed.org/version/1\",\"title\":\"B\","
      "\"author\":{\"name\":\"Feed Author\"},\"items\":["
      "{\"id\":2,\"url\":\"https://b.example.org/2\",\"content_text\":\"Plain  text.\","
      "\"author\":{\"name\":\"Ben Ortiz\"}},"
      "{\"id\":1.5,\"external_url\":\"https://other.example.org/story\","
      "\"content_html\":\"<p>Rich &amp; <i>styled</i></p>\"},"
      "{\"id\":\"3\",\"url\":\"https://b.example.org/3\",\"external_url\":\"https://o.example.org/\","
      "\"date_published\":\"Tue, 21 May 2024 10:00:00 GMT\"}]}");
  (void)s;
  assert_int_equal(f->n_entries, 3);
  assert_string_equal(f->entries[0]->id, "2");
  assert_string_equal(f->entries[0]->summary, "Plain text.");
  assert_string_equal(f->entries[0]->author, "Ben Ortiz");
  assert_string_equal(f->entries[1]->id, "1.5");
  assert_string_equal(f->entries[1]->link, "https://other.example.org/story");
  assert_string_equal(f->entries[1]->summary, "Rich & styled");
  assert_string_equal(f->entries[1]->author, "Feed Author"); /* inherited */
  assert_null(f->entries[1]->title);
  assert_null(f->entries[1]->published);
  assert_string_equal(f->entries[2]->link, "https://b.example.org/3"); /* url first */
  assert_string_equal(f->entries[2]->published, "2024-05-21T10:00:00Z");
  af__feed_free(f);
}

/* Members of the wrong type are ignored, not fatal; items that are not
 * objects are skipped. */
static void test_wrong_types(void **s) {
  af_feed *f = parse(
      "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":5,"
      "\"authors\":\"nobody\",\"items\":[\"x\",7,null,"
      "{\"id\":{},\"url\":[],\"title\":true,\"date_published\":20240101,"
      "\"authors\":[5,{\"name\":3}],\"author\":\"A\",\"summary\":{}},"
      "{\"title\":\"Kept\",\"date_published\":\"not a date\"}]}");
  (void)s;
  assert_null(f->title);
  assert_int_equal(f->n_entries, 2);
  assert_null(f->entries[0]->id);
  assert_null(f->entries[0]->link);
  assert_null(f->entries[0]->title);
  assert_null(f->entries[0]->published);
  assert_null(f->entries[0]->author);
  assert_null(f->entries[0]->summary);
  assert_string_equal(f->entries[1]->title, "Kept");
  assert_null(f->entries[1]->published);
  af__feed_free(f);
}

/* A BOM and blanks before, bytes after, Latin-1 bytes inside: read, and
 * said in err (the caller's warning). */
static void test_slips(void **s) {
  static const char bom[] = "\xef\xbb\xbf \n{\"items\":[{\"title\":\"A\"}]}";
  static const char tail[] = "{\"items\":[{\"title\":\"A\"}]}\n<!-- cache 2ms -->";
  static const char latin1[] = "{\"items\":[{\"title\":\"Caf\xe9 \x93quotes\x94\"}]}";
  char err[256];
  af_feed *f;
  (void)s;
  f = parse_n(bom, strlen(bom), 0, err, sizeof(err));
  assert_string_equal(err, "");
  assert_string_equal(f->entries[0]->title, "A");
  af__feed_free(f);
  f = parse_n(tail, strlen(tail), 0, err, sizeof(err));
  assert_non_null(strstr(err, "bytes after the JSON object"));
  assert_string_equal(f->entries[0]->title, "A");
  af__feed_free(f);
  f = parse_n(latin1, strlen(latin1), 0, err, sizeof(err));
  assert_non_null(strstr(err, "not UTF-8"));
  assert_string_equal(f->entries[0]->title,
                      "Caf\xc3\xa9 \xe2\x80\x9cquotes\xe2\x80\x9d");
  af__feed_free(f);
}

/* What is not a JSON Feed is an error that says so; an XML feed is never
 * taken for JSON. */
static void test_refused(void **s) {
  static const char *const bad[] = {
      "{", "{\"items\": [}", "{\"title\": \"no items, no version\"}",
      "{\"items\": \"x\", \"version\": \"https://example.org/\"}", "{} {}x",
  };
  char err[256];
  af_feed *f;
  char deep[5000];
  (void)s;
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    parse_n(bad[i], strlen(bad[i]), AF_EPARSE, err, sizeof(err));
    assert_true(err[0] != '\0');
  }
  /* nesting past jansson's depth limit: an error, not a stack overflow */
  memset(deep, '[', sizeof(deep));
  memcpy(deep, "{\"items\":", 9);
  parse_n(deep, sizeof(deep), AF_EPARSE, err, sizeof(err));
  assert_non_null(strstr(err, "malformed JSON"));
  /* a version alone is a feed with no entries */
  f = parse("{\"version\":\"https://jsonfeed.org/version/1.1\"}");
  assert_int_equal(f->n_entries, 0);
  af__feed_free(f);
  f = parse("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item>"
            "<title>{x}</title></item></channel></rss>");
  assert_string_equal(f->format, "rss");
  af__feed_free(f);
}

/* gzip-compressed JSON Feed, as a server may send it. */
static void test_gzip(void **s) {
  static const char json[] = "{\"items\":[{\"id\":\"z\",\"title\":\"Zipped\"}]}";
  unsigned char buf[512];
  z_stream z = {0};
  char err[256];
  af_feed *f;
  (void)s;
  assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
  z.next_in = (unsigned char *)json;
  z.avail_in = sizeof(json) - 1;
  z.next_out = buf;
  z.avail_out = sizeof(buf);
  assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
  f = parse_n((const char *)buf, z.total_out, 0, err, sizeof(err));
  deflateEnd(&z);
  assert_string_equal(f->entries[0]->title, "Zipped");
  af__feed_free(f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_v11_item),   cmocka_unit_test(test_v1_fields),
      cmocka_unit_test(test_wrong_types), cmocka_unit_test(test_slips),
      cmocka_unit_test(test_refused),    cmocka_unit_test(test_gzip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
