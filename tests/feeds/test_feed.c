/* Feed and sitemap parsing on our own messy fixtures, and URL helpers. */
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

#include "charset.h"
#include "feed.h"
#include "fixture.h"

static char *slurp(const char *name, size_t *len) {
  FILE *f = fopen(af_fixture_path(name), "rb");
  char *b = malloc(1 << 20);
  assert_non_null(f);
  *len = fread(b, 1, (1 << 20) - 1, f);
  b[*len] = '\0';
  fclose(f);
  return b;
}

static af_feed *parse(const char *name, const char *base, int expect_rc,
                      char *err, size_t errlen) {
  size_t len;
  char *b = slurp(name, &len);
  af_feed *f = NULL;
  int rc = af__feed_parse(b, len, base, &f, err, errlen);
  free(b);
  assert_int_equal(rc, expect_rc);
  return f;
}

static void test_rss(void **s) {
  char err[256];
  af_feed *f = parse("feed.xml", "http://news.test/feeds/feed.xml", 0, err,
                     sizeof(err));
  (void)s;
  assert_string_equal(f->format, "rss");
  assert_string_equal(f->title, "Fixture news & audits");
  assert_int_equal(f->n_entries, 3);
  assert_string_equal(f->entries[0]->title, "Report finds costs up & rising");
  assert_string_equal(f->entries[0]->link, "http://news.test/articles/a1.html");
  assert_string_equal(f->entries[0]->id, "fixture-a1");
  assert_string_equal(f->entries[0]->published, "2019-01-24T08:30:00Z");
  assert_string_equal(f->entries[0]->author, "Pat Example");
  assert_string_equal(f->entries[0]->summary, "Spending rose by 10 per cent.");
  assert_string_equal(f->entries[1]->title,
                      "Second article \xe2\x80\x93 with an en dash");
  assert_string_equal(f->entries[1]->link,
                      "http://news.test/feeds/articles/a2.html?utm_source=feed&id=2");
  assert_string_equal(f->entries[1]->author, "Press Office");
  assert_string_equal(f->entries[2]->published, "2019-01-26T13:15:00Z");
  assert_null(f->entries[2]->author);
  af__feed_free(f);
}

static void test_atom(void **s) {
  char err[256];
  af_feed *f = parse("atom.xml", "http://news.test/feeds/atom.xml", 0, err,
                     sizeof(err));
  (void)s;
  assert_string_equal(f->format, "atom");
  assert_string_equal(f->title, "Atom fixture");
  assert_int_equal(f->n_entries, 2);
  assert_string_equal(f->entries[0]->title, "Costs overrun & delays");
  assert_string_equal(f->entries[0]->link, "http://news.test/articles/a1.html");
  assert_string_equal(f->entries[0]->published, "2024-02-29T01:30:00Z");
  assert_string_equal(f->entries[0]->updated, "2024-03-01T12:00:00Z");
  assert_string_equal(f->entries[0]->author, "Alex Auditor");
  assert_string_equal(f->entries[0]->summary, "An xhtml summary.");
  assert_string_equal(f->entries[1]->link, "http://other.invalid/base/page.html");
  assert_string_equal(f->entries[1]->updated, "2024-03-02T02:30:00Z");
  af__feed_free(f);
}

static void test_rdf_and_sitemaps(void **s) {
  char err[256];
  af_feed *f = parse("rdf.xml", "http://r.test/rdf.xml", 0, err, sizeof(err));
  (void)s;
  assert_string_equal(f->format, "rdf");
  assert_int_equal(f->n_entries, 1);
  assert_string_equal(f->entries[0]->link, "http://r.test/articles/a1.html");
  assert_string_equal(f->entries[0]->author, "Sam Writer");
  assert_string_equal(f->entries[0]->published, "2023-11-05T10:00:00Z");
  assert_string_equal(f->entries[0]->id, "http://example.invalid/rdf/1");
  af__feed_free(f);
  f = parse("sitemap.xml", "http://s.test/sitemap.xml", 0, err, sizeof(err));
  assert_string_equal(f->format, "urlset");
  assert_int_equal(f->n_entries, 3);
  assert_string_equal(f->entries[0]->updated, "2024-01-10");
  assert_string_equal(f->entries[1]->updated, "2024-02-10T10:00:00Z");
  af__feed_free(f);
  f = parse("sitemap_index.xml", "http://s.test/sitemap_index.xml", 0, err,
            sizeof(err));
  assert_string_equal(f->format, "sitemapindex");
  assert_int_equal(f->n_entries, 2);
  assert_string_equal(f->entries[1]->link, "http://s.test/sitemap-gz.xml.gz");
  af__feed_free(f);
}

static void test_gzip_sitemap(void **s) {
  size_t len, clen;
  char *b = slurp("sitemap-gz.xml", &len), err[256];
  unsigned char *gz = malloc(len + 512);
  z_stream z = {0};
  af_feed *f = NULL;
  (void)s;
  assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
  z.next_in = (Bytef *)b;
  z.avail_in = (uInt)len;
  z.next_out = gz;
  z.avail_out = (uInt)(len + 512);
  assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
  clen = z.total_out;
  deflateEnd(&z);
  assert_int_equal(af__feed_parse((char *)gz, clen, "http://s.test/x.xml.gz", &f,
                                 err, sizeof(err)), 0);
  assert_int_equal(f->n_entries, 1);
  assert_string_equal(f->entries[0]->link, "http://s.test/articles/a3.html");
  af__feed_free(f);
  /* truncated gzip is an error, not a partial parse */
  assert_int_equal(af__feed_parse((char *)gz, clen / 2, NULL, &f, err,
                                 sizeof(err)), AF_EPARSE);
  assert_null(f);
  free(gz);
  free(b);
}

static void test_hostile(void **s) {
  char err[256];
  af_feed *f;
  (void)s;
  f = parse("laughs.xml", NULL, AF_EPARSE, err, sizeof(err));
  assert_null(f);
  /* the line of the reference in the document, not one in the entity */
  assert_non_null(strstr(err, "malformed XML at line 14: Detected an entity"));
  f = parse("xxe.xml", NULL, 0, err, sizeof(err));
  assert_int_equal(f->n_entries, 1);
  /* the external entity is neither fetched nor expanded */
  assert_string_equal(f->entries[0]->title, "leak::end");
  af__feed_free(f);
  /* an unclosed element: what can be read is kept, the problem named */
  f = parse("malformed.xml", NULL, 0, err, sizeof(err));
  assert_non_null(strstr(err, "malformed XML at line 3"));
  assert_int_equal(f->n_entries, 1);
  assert_string_equal(f->entries[0]->title, "Unclosed");
  af__feed_free(f);
  assert_int_equal(af__feed_parse("<html><body>x</body></html>", 27, NULL, &f,
                                 err, sizeof(err)), AF_EPARSE);
  assert_non_null(strstr(err, "root element <html>"));
}

/* Quadratic blowup: one 50 kB internal entity referenced 50,000 times
 * (2.5 GB if expanded) stays below libxml2's loop detection; it must be
 * neither expanded nor held: the item survives, the title does not carry
 * the entity's text. */
static void test_quadratic_blowup(void **s) {
  const size_t ent = 50000, refs = 50000;
  size_t cap = ent + refs * 3 + 512, n = 0;
  char *b = malloc(cap), err[256];
  af_feed *f = NULL;
  (void)s;
  assert_non_null(b);
  n += (size_t)sprintf(b + n, "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY e \"");
  memset(b + n, 'x', ent);
  n += ent;
  n += (size_t)sprintf(b + n, "\">]>\n<rss version=\"2.0\"><channel><item><title>");
  for (size_t i = 0; i < refs; i++, n += 3)
    memcpy(b + n, "&e;", 3);
  n += (size_t)sprintf(b + n, "</title><link>http://example.invalid/q</link></item>"
                              "</channel></rss>\n");
  assert_true(n < cap);
  assert_int_equal(af__feed_parse(b, n, NULL, &f, err, sizeof(err)), 0);
  assert_int_equal(f->n_entries, 1);
  assert_string_equal(f->entries[0]->link, "http://example.invalid/q");
  assert_true(!f->entries[0]->title || strlen(f->entries[0]->title) < 1024);
  af__feed_free(f);
  free(b);
}

/* What real feeds do: HTML entities XML does not define, an undeclared
 * namespace prefix, atom:link before <link>, padded links, odd dates. */
static void test_wild(void **s) {
  char err[256];
  af_feed *f = parse("wild.xml", "http://wild.test/feed.xml", 0, err, sizeof(err));
  (void)s;
  assert_string_equal(f->title, "Wild\xc2\xa0" "feed");
  assert_string_equal(f->link, "http://wild.test/");
  assert_int_equal(f->n_entries, 1);
  assert_string_equal(f->entries[0]->title,
                      "Caf\xc3\xa9 report \xe2\x80\x93 \xc2\xa3" "5bn & more");
  assert_string_equal(f->entries[0]->link, "http://wild.test/a%20b.html");
  assert_string_equal(f->entries[0]->published, "2024-06-03T06:05:00Z");
  assert_string_equal(f->entries[0]->author, "Undeclared Prefix");
  af__feed_free(f);
}

/* Mutated fixtures must fail cleanly or parse, never crash (run under the
 * sanitizer build), and decoding must always yield valid UTF-8. */
static void test_mutations(void **s) {
  static const char *const names[] = {"feed.xml", "atom.xml", "sitemap.xml",
                                      "cp1252.html"};
  unsigned seed = 12345;
  (void)s;
  for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
    size_t len;
    char *orig = slurp(names[k], &len), *b = malloc(len + 1), err[256];
    for (int round = 0; round < 300; round++) {
      af_feed *f = NULL;
      char *out = NULL, *used = NULL;
      size_t outlen;
      memcpy(b, orig, len + 1);
      for (int m = 0; m < 1 + round % 8; m++) {
        seed = seed * 1103515245u + 12345u;
        b[(seed >> 8) % len] = (char)(seed >> 20);
      }
      if (af__feed_parse(b, len, "http://m.test/", &f, err, sizeof(err)) == 0)
        af__feed_free(f);
      else
        assert_non_null(strstr(err, " ")); /* some message */
      assert_int_equal(af__charset_to_utf8(b, len, "text/html", NULL, &out,
                                          &outlen, &used), 0);
      assert_true(af__utf8_valid(out, outlen));
      free(out);
      free(used);
    }
    free(b);
    free(orig);
  }
}

/* The feed is read as a stream, one entry at a time: many entries in
 * order, xml:base on the path to each, channel fields after the items, a
 * second channel ignored, an Atom feed author given after its entries. */
static void test_streaming(void **s) {
  char err[256];
  af_feed *f = NULL;
  size_t cap = 4000 * 160 + 1024, n = 0;
  char *b = malloc(cap);
  (void)s;
  assert_non_null(b);
  n += (size_t)snprintf(b + n, cap - n,
                        "<rss version=\"2.0\"><channel "
                        "xml:base=\"https://news.example.org/uk/\">");
  for (int i = 0; i < 4000; i++)
    n += (size_t)snprintf(b + n, cap - n,
                          "<item><title>Report %d</title><link>a/%05d.html"
                          "</link><pubDate>Mon, 02 Mar 2026 09:00:00 GMT"
                          "</pubDate></item>\n", i, i);
  n += (size_t)snprintf(b + n, cap - n,
                        "<title>Late title</title><link>/home</link>"
                        "</channel><channel><item><title>other</title>"
                        "</item></channel></rss>");
  assert_int_equal(af__feed_parse(b, n, NULL, &f, err, sizeof(err)), 0);
  assert_int_equal(f->n_entries, 4000);
  assert_string_equal(f->entries[0]->link,
                      "https://news.example.org/uk/a/00000.html");
  assert_string_equal(f->entries[3999]->title, "Report 3999");
  assert_string_equal(f->entries[3999]->published, "2026-03-02T09:00:00Z");
  assert_string_equal(f->title, "Late title");
  assert_string_equal(f->link, "https://news.example.org/home");
  af__feed_free(f);

  static const char atom[] =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\">"
      "<entry><title>One</title><link href=\"https://e.example/1\"/></entry>"
      "<entry><title>Two</title><author><name>Own Name</name></author>"
      "</entry><author><name>Desk Editor</name></author></feed>";
  assert_int_equal(af__feed_parse(atom, sizeof(atom) - 1, NULL, &f, err,
                                 sizeof(err)), 0);
  assert_int_equal(f->n_entries, 2);
  assert_string_equal(f->entries[0]->author, "Desk Editor");
  assert_string_equal(f->entries[1]->author, "Own Name");
  af__feed_free(f);

  /* A fatal error after many good entries loses none of them. */
  memcpy(b + n - 6, "</rsx", 5);
  assert_int_equal(af__feed_parse(b, n, NULL, &f, err, sizeof(err)), 0);
  assert_int_equal(f->n_entries, 4000);
  assert_string_equal(f->entries[3999]->title, "Report 3999");
  assert_non_null(strstr(err, "malformed XML at line 4001"));
  af__feed_free(f);
  assert_int_equal(af__feed_parse("  \n ", 4, NULL, &f, err, sizeof(err)),
                   AF_EPARSE);
  assert_non_null(strstr(err, "Document is empty"));
  /* A date too short to be one is no date (and is never read past). */
  static const char shortdate[] =
      "<rss><channel><item><link>http://e.example/a</link>"
      "<pubDate>12</pubDate></item></channel></rss>";
  assert_int_equal(af__feed_parse(shortdate, sizeof(shortdate) - 1, NULL, &f,
                                 err, sizeof(err)), 0);
  assert_null(f->entries[0]->published);
  af__feed_free(f);
  free(b);
}

/* Malformed feeds (issue 10 item 3, issue 17): one bad byte does not
 * lose the feed.  What can be read is returned, err names the first
 * problem and its line and counts the entries lost. */
static void test_malformed(void **s) {
  char err[256];
  af_feed *f;
  (void)s;
  /* an unescaped '&' in the last title, and one in a link */
  f = parse("malformed-amp.xml", "https://health.example.org/feed", 0, err,
            sizeof(err));
  assert_non_null(strstr(err, "malformed XML at line 18"));
  assert_non_null(strstr(err, "3 entries, 0 lost"));
  assert_string_equal(f->title, "Regional health desk");
  assert_int_equal(f->n_entries, 3);
  assert_string_equal(f->entries[0]->title,
                      "Hospital discharge delays cost trusts more each winter");
  assert_string_equal(f->entries[2]->title,
                      "Health & care: the auditors' view of integrated budgets");
  assert_string_equal(f->entries[2]->link,
                      "https://health.example.org/news/integrated-budgets?src=rss&id=3");
  assert_string_equal(f->entries[2]->published, "2025-01-16T07:00:00Z");
  af__feed_free(f);
  /* an encoding libxml2 does not know, over UTF-8 bytes */
  f = parse("malformed-encoding.xml", NULL, 0, err, sizeof(err));
  assert_non_null(strstr(err, "line 1: Unsupported encoding utf-9"));
  assert_int_equal(f->n_entries, 1);
  assert_string_equal(f->entries[0]->title, "Caf\xc3\xa9 funding falls");
  af__feed_free(f);
  /* bytes that are not the declared UTF-8: read as Windows-1252 (a Latin-1
   * name in a UTF-8 feed), the rest kept */
  f = parse("malformed-bytes.xml", NULL, 0, err, sizeof(err));
  assert_non_null(strstr(err, "line 3: Input is not proper UTF-8"));
  assert_int_equal(f->n_entries, 2);
  assert_string_equal(f->entries[0]->title, "Caf\xc3\xa9 funding falls");
  assert_string_equal(f->entries[1]->link, "https://e.example/2");
  af__feed_free(f);
  /* an HTML entity, an undefined one, and junk after the root element */
  f = parse("malformed-tail.xml", NULL, 0, err, sizeof(err));
  assert_non_null(strstr(err, "line 5: Entity 'copy' not defined"));
  assert_int_equal(f->n_entries, 2);
  assert_string_equal(f->entries[0]->updated, "2025-02-01T10:00:00Z");
  assert_string_equal(f->entries[1]->title,
                      "Second entry \xc2\xa9 2025 &nosuch; text");
  af__feed_free(f);
  /* a start tag broken beyond repair: the item it breaks is counted as
   * lost; the items before it are kept, and so is the one after it, which
   * recovery leaves outside the channel */
  f = parse("malformed-lost.xml", NULL, 0, err, sizeof(err));
  assert_non_null(strstr(err, "line 5: "));
  assert_non_null(strstr(err, "3 entries, 1 lost"));
  assert_int_equal(f->n_entries, 3);
  assert_string_equal(f->entries[1]->title, "Kept two");
  assert_string_equal(f->entries[2]->title, "Kept four");
  af__feed_free(f);
  /* a well-formed feed says nothing */
  f = parse("feed.xml", NULL, 0, err, sizeof(err));
  assert_string_equal(err, "");
  af__feed_free(f);
}

/* Parses an inline feed; the caller frees. */
static af_feed *parse_str(const char *xml) {
  char err[256];
  af_feed *f = NULL;
  int rc = af__feed_parse(xml, strlen(xml), "https://feeds.example.org/f.xml",
                          &f, err, sizeof(err));
  if (rc)
    fail_msg("%s", err);
  return f;
}

/* Issue 17: the vocabulary feeds mix in, one construct at a time. */
static void test_dublin_core(void **s) {
  af_feed *f = parse_str(
      "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
      " xmlns:dcterms=\"http://purl.org/dc/terms/\"><channel><title>C</title>"
      "<item><dc:title>Prison places behind plan</dc:title>"
      "<link>https://e.example/1</link><dc:creator>Ruth Moss</dc:creator>"
      "<dcterms:modified>2025-03-04T10:00:00Z</dcterms:modified>"
      "<dcterms:issued>2025-03-01T09:00:00+01:00</dcterms:issued>"
      "<dc:identifier>urn:e:1</dc:identifier>"
      "<dc:description>A summary in Dublin Core.</dc:description></item>"
      "<item><title>Second</title><link>https://e.example/2</link>"
      "<dc:author>Amal Haddad</dc:author><dc:date>2025-03-02</dc:date>"
      "<dcterms:created>2025-01-01</dcterms:created></item>"
      "</channel></rss>");
  (void)s;
  assert_int_equal(f->n_entries, 2);
  assert_string_equal(f->entries[0]->title, "Prison places behind plan");
  assert_string_equal(f->entries[0]->author, "Ruth Moss");
  assert_string_equal(f->entries[0]->published, "2025-03-01T08:00:00Z");
  assert_string_equal(f->entries[0]->updated, "2025-03-04T10:00:00Z");
  assert_string_equal(f->entries[0]->id, "urn:e:1");
  assert_string_equal(f->entries[0]->summary, "A summary in Dublin Core.");
  assert_string_equal(f->entries[1]->author, "Amal Haddad");
  /* dc:date is the publication date; dcterms:created comes after it */
  assert_string_equal(f->entries[1]->published, "2025-03-02");
  af__feed_free(f);
}

static void test_atom_text_constructs(void **s) {
  af_feed *f = parse_str(
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"html\">"
      "Audit &lt;em&gt;office&lt;/em&gt; news</title>"
      "<entry><title type=\"html\">&lt;b&gt;Costs&lt;/b&gt; &amp;amp; delays"
      "</title><link href=\"https://e.example/1\"/>"
      "<summary type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
      "<p>Two <b>paragraphs</b></p><p>of xhtml</p></div></summary></entry>"
      "<entry><title type=\"text\">Plain &amp; simple &lt;tag&gt;</title>"
      "<link href=\"https://e.example/2\"/>"
      "<content type=\"application/octet-stream\">UmVwb3J0IGluIGJhc2U2NA==</content>"
      "</entry></feed>");
  (void)s;
  assert_string_equal(f->title, "Audit office news");
  assert_string_equal(f->entries[0]->title, "Costs & delays");
  assert_string_equal(f->entries[0]->summary, "Two paragraphs of xhtml");
  assert_string_equal(f->entries[1]->title, "Plain & simple <tag>");
  assert_string_equal(f->entries[1]->summary, "Report in base64");
  af__feed_free(f);
  /* Atom 0.3: mode="escaped" and mode="base64" */
  f = parse_str(
      "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><title>Old</title>"
      "<entry><title mode=\"escaped\" type=\"text/html\">Old &lt;i&gt;"
      "atom&lt;/i&gt;</title><link rel=\"alternate\" type=\"text/html\""
      " href=\"https://e.example/old\"/><issued>2004-05-01T10:00:00Z</issued>"
      "<modified>2004-05-02T10:00:00Z</modified>"
      "<summary mode=\"base64\">T2xkIHN1bW1hcnk=</summary></entry></feed>");
  assert_string_equal(f->entries[0]->title, "Old atom");
  assert_string_equal(f->entries[0]->link, "https://e.example/old");
  assert_string_equal(f->entries[0]->published, "2004-05-01T10:00:00Z");
  assert_string_equal(f->entries[0]->updated, "2004-05-02T10:00:00Z");
  assert_string_equal(f->entries[0]->summary, "Old summary");
  af__feed_free(f);
}

static void test_atom_links_and_dates(void **s) {
  af_feed *f = parse_str(
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>L</title>"
      "<link rel=\"self\" href=\"https://e.example/feed\"/>"
      "<link rel=\"alternate\" href=\"https://e.example/\"/>"
      "<entry><title>Alternate wins</title>"
      "<link rel=\"self\" href=\"https://e.example/api/1\"/>"
      "<link/>"
      "<link rel=\"alternate\" type=\"application/pdf\" href=\"/1.pdf\"/>"
      "<link rel=\"alternate\" type=\"text/html\" href=\"/1.html\"/>"
      "<updated>2025-01-02T00:00:00Z</updated>"
      "<updated>2025-01-05T00:00:00Z</updated>"
      "<updated>not a date</updated><updated>2025-01-03T00:00:00Z</updated>"
      "</entry>"
      "<entry><title>Several rel values</title>"
      "<link rel=\"enclosure\" href=\"/2.mp3\"/>"
      "<link rel=\"nofollow alternate\" href=\"/2.html\"/></entry>"
      "<entry><title>No page link</title><link rel=\"replies\" href=\"/3#c\"/>"
      "<link rel=\"related\" href=\"https://other.example/3\"/></entry>"
      "<entry><title>Only self</title><link rel=\"self\" href=\"/4.xml\"/>"
      "<link href=\"\"/></entry></feed>");
  (void)s;
  assert_string_equal(f->link, "https://e.example/");
  assert_string_equal(f->entries[0]->link, "https://feeds.example.org/1.html");
  assert_string_equal(f->entries[0]->updated, "2025-01-05T00:00:00Z");
  assert_string_equal(f->entries[1]->link, "https://feeds.example.org/2.html");
  assert_null(f->entries[2]->link); /* related is another page, not this one */
  assert_null(f->entries[3]->link);
  af__feed_free(f);
}

static void test_media_and_itunes(void **s) {
  af_feed *f = parse_str(
      "<rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss/\""
      " xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"><channel>"
      "<title>Podcast</title>"
      "<item><media:content url=\"https://e.example/v.mp4\"><media:title>"
      "Episode 4: the rail budget</media:title></media:content>"
      "<link>https://e.example/ep4</link><itunes:author>Chris Okafor"
      "</itunes:author></item>"
      "<item><title>Own title</title><media:title>Media title</media:title>"
      "<link>https://e.example/ep5</link><author>desk@e.example (News Desk)"
      "</author><itunes:author>Someone Else</itunes:author></item>"
      "</channel></rss>");
  (void)s;
  assert_string_equal(f->entries[0]->title, "Episode 4: the rail budget");
  assert_string_equal(f->entries[0]->author, "Chris Okafor");
  assert_string_equal(f->entries[1]->title, "Own title");
  assert_string_equal(f->entries[1]->author, "News Desk");
  af__feed_free(f);
}

static void test_old_rss(void **s) {
  /* RSS 0.91 (Userland) */
  af_feed *f = parse_str(
      "<?xml version=\"1.0\"?><rss version=\"0.91\"><channel><title>Ninety-one"
      "</title><link>https://e.example/</link><language>en</language>"
      "<item><title>Old style item</title><link>https://e.example/91</link>"
      "<description>Short &lt;b&gt;text&lt;/b&gt;</description></item>"
      "</channel></rss>");
  (void)s;
  assert_string_equal(f->format, "rss");
  assert_string_equal(f->title, "Ninety-one");
  assert_string_equal(f->entries[0]->link, "https://e.example/91");
  assert_string_equal(f->entries[0]->summary, "Short text");
  af__feed_free(f);
  /* RSS 0.90 (Netscape RDF): items beside the channel, not in it */
  f = parse_str(
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\""
      " xmlns=\"http://my.netscape.com/rdf/simple/0.9/\"><channel><title>"
      "Ninety</title><link>https://e.example/</link></channel>"
      "<item><title>First of 0.90</title><link>https://e.example/90a</link></item>"
      "<item><title>Second of 0.90</title><link>https://e.example/90b</link></item>"
      "</rdf:RDF>");
  assert_string_equal(f->format, "rdf");
  assert_string_equal(f->title, "Ninety");
  assert_int_equal(f->n_entries, 2);
  assert_string_equal(f->entries[1]->title, "Second of 0.90");
  af__feed_free(f);
  /* RSS 1.0 with modules: dc, content, syndication, slash, taxonomy */
  f = parse_str(
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\""
      " xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
      " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\""
      " xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\""
      " xmlns:slash=\"http://purl.org/rss/1.0/modules/slash/\">"
      "<channel rdf:about=\"https://e.example/\"><title>One-oh</title>"
      "<link>https://e.example/</link><sy:updatePeriod>hourly</sy:updatePeriod>"
      "<items><rdf:Seq><rdf:li rdf:resource=\"https://e.example/10\"/></rdf:Seq>"
      "</items></channel>"
      "<item rdf:about=\"https://e.example/10\"><title>Modules item</title>"
      "<link>https://e.example/10</link><dc:date>2025-04-01T12:00:00Z</dc:date>"
      "<dc:creator>Lin Park</dc:creator><slash:comments>4</slash:comments>"
      "<content:encoded><![CDATA[<p>Full <em>text</em></p>]]></content:encoded>"
      "</item></rdf:RDF>");
  assert_int_equal(f->n_entries, 1);
  assert_string_equal(f->entries[0]->id, "https://e.example/10");
  assert_string_equal(f->entries[0]->published, "2025-04-01T12:00:00Z");
  assert_string_equal(f->entries[0]->author, "Lin Park");
  assert_string_equal(f->entries[0]->summary, "Full text");
  af__feed_free(f);
}

static void test_cdf(void **s) {
  af_feed *f = parse_str(
      "<?xml version=\"1.0\"?><CHANNEL HREF=\"https://e.example/index.html\">"
      "<TITLE>Channel definition</TITLE><ABSTRACT>Old push channel</ABSTRACT>"
      "<ITEM HREF=\"https://e.example/c1.html\" LASTMOD=\"1998-11-05T22:12\">"
      "<TITLE>First CDF item</TITLE><ABSTRACT>About the first</ABSTRACT></ITEM>"
      "<CHANNEL HREF=\"https://e.example/sub.html\"><TITLE>Sub</TITLE>"
      "<ITEM HREF=\"c2.html\"><TITLE>Nested item</TITLE></ITEM></CHANNEL>"
      "</CHANNEL>");
  (void)s;
  assert_string_equal(f->format, "cdf");
  assert_string_equal(f->title, "Channel definition");
  assert_string_equal(f->link, "https://e.example/index.html");
  assert_int_equal(f->n_entries, 2);
  assert_string_equal(f->entries[0]->title, "First CDF item");
  assert_string_equal(f->entries[0]->summary, "About the first");
  assert_string_equal(f->entries[0]->updated, "1998-11-05T22:12:00Z");
  assert_string_equal(f->entries[1]->title, "Nested item");
  assert_string_equal(f->entries[1]->link, "https://feeds.example.org/c2.html");
  af__feed_free(f);
}

static void test_namespaced_rss(void **s) {
  /* RSS 2.0 in Userland's default namespace */
  af_feed *f = parse_str(
      "<rss version=\"2.0\" xmlns=\"http://backend.userland.com/rss2\"><channel>"
      "<title>Default ns</title><link>https://e.example/</link>"
      "<item><title>In a namespace</title><link>https://e.example/n1</link>"
      "<pubDate>Mon, 05 May 2025 08:00:00 +0100</pubDate></item></channel></rss>");
  (void)s;
  assert_string_equal(f->title, "Default ns");
  assert_int_equal(f->n_entries, 1);
  assert_string_equal(f->entries[0]->link, "https://e.example/n1");
  assert_string_equal(f->entries[0]->published, "2025-05-05T07:00:00Z");
  af__feed_free(f);
  /* RSS 1.0 with a prefix and no default namespace */
  f = parse_str(
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\""
      " xmlns:rss=\"http://purl.org/rss/1.0/\"><rss:channel><rss:title>Prefixed"
      "</rss:title><rss:link>https://e.example/</rss:link></rss:channel>"
      "<rss:item rdf:about=\"https://e.example/p1\"><rss:title>Prefixed item"
      "</rss:title><rss:link>https://e.example/p1</rss:link></rss:item></rdf:RDF>");
  assert_string_equal(f->title, "Prefixed");
  assert_int_equal(f->n_entries, 1);
  assert_string_equal(f->entries[0]->title, "Prefixed item");
  af__feed_free(f);
  /* an Atom link inside RSS is not the RSS <link>, but serves when it is
   * the only one */
  f = parse_str(
      "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel>"
      "<title>T</title><item><title>Atom link only</title>"
      "<atom:link rel=\"alternate\" href=\"https://e.example/a1\"/></item>"
      "</channel></rss>");
  assert_string_equal(f->entries[0]->link, "https://e.example/a1");
  af__feed_free(f);
}

static void test_authors(void **s) {
  af_feed *f = parse_str(
      "<rss version=\"2.0\"><channel><title>A</title>"
      "<item><title>1</title><author>press@e.example (Press Office)</author></item>"
      "<item><title>2</title><author>Jo Bloggs &lt;jo@e.example&gt;</author></item>"
      "<item><title>3</title><author>Jane Smith (Health Editor)</author></item>"
      "<item><title>4</title><author>only@e.example</author></item>"
      "</channel></rss>");
  (void)s;
  assert_string_equal(f->entries[0]->author, "Press Office");
  assert_string_equal(f->entries[1]->author, "Jo Bloggs");
  assert_string_equal(f->entries[2]->author, "Jane Smith (Health Editor)");
  assert_string_equal(f->entries[3]->author, "only@e.example");
  af__feed_free(f);
  /* Atom: a name, else the e-mail */
  f = parse_str(
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title>"
      "<entry><title>1</title><author><email>desk@e.example</email></author></entry>"
      "<entry><title>2</title><author><name>Sam Reed</name><email>s@e.example"
      "</email></author></entry></feed>");
  assert_string_equal(f->entries[0]->author, "desk@e.example");
  assert_string_equal(f->entries[1]->author, "Sam Reed");
  af__feed_free(f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rss),          cmocka_unit_test(test_atom),
      cmocka_unit_test(test_rdf_and_sitemaps), cmocka_unit_test(test_gzip_sitemap),
      cmocka_unit_test(test_hostile),
      cmocka_unit_test(test_quadratic_blowup),
      cmocka_unit_test(test_wild),         cmocka_unit_test(test_mutations),
      cmocka_unit_test(test_streaming),    cmocka_unit_test(test_malformed),
      cmocka_unit_test(test_dublin_core),  cmocka_unit_test(test_atom_text_constructs),
      cmocka_unit_test(test_atom_links_and_dates),
      cmocka_unit_test(test_media_and_itunes), cmocka_unit_test(test_old_rss),
      cmocka_unit_test(test_cdf),          cmocka_unit_test(test_namespaced_rss),
      cmocka_unit_test(test_authors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
