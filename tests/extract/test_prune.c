/* Hostile markup: the pre-parse pruning of script/style text and unread
 * attributes, and what the extractor makes of a page full of such traps.
 *
 * Two kinds of check: exact outputs for the tokenizer's corner cases, and
 * an equivalence check on real-shaped pages, whole and cut at many points:
 * libxml2 must build the same tree from the pruned bytes as from the
 * original, apart from what pruning promises to drop (the text of
 * non-JSON-LD scripts and styles, attributes the extractor never reads). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>
#include <libxml/HTMLparser.h>

#include "extract_test.h"
#include "xint.h"

static char *prune_str(const char *in) {
  char *out;
  size_t n;
  assert_int_equal(af__xprune(in, strlen(in), &out, &n), 0);
  assert_non_null(out);
  assert_int_equal(strlen(out), n);
  return out;
}

static void expect(const char *in, const char *want) {
  char *got = prune_str(in);
  if (strcmp(got, want) != 0)
    fail_msg("pruning\n  %s\ngave\n  %s\nwanted\n  %s", in, got, want);
  free(got);
}

static void test_scripts_and_styles(void **state) {
  (void)state;
  expect("<p>a</p><script>var x = '<p>no</p>';</script><p>b</p>",
         "<p>a</p><script></script><p>b</p>");
  expect("<STYLE type=text/css>p{color:red}</Style>x",
         "<STYLE type=text/css></Style>x");
  /* libxml2 ends raw text at "</script" whatever follows it. */
  expect("<script>a</scripty>b", "<script></scripty>b");
  /* JSON-LD stays, and markup inside it is not rewritten. */
  expect("<script type=\"application/ld+json\">{\"a\":\"<b data-x=1>\"}"
         "</script>",
         "<script type=\"application/ld+json\">{\"a\":\"<b data-x=1>\"}"
         "</script>");
  /* A self-closed script has no raw text; what follows is markup. */
  expect("<script src=a /><p data-q=1>t</p>", "<script /><p>t</p>");
  /* A script inside a comment is no script. */
  expect("<!-- <script> --><p>t</p><!-- </script> -->",
         "<!-- <script> --><p>t</p><!-- </script> -->");
  /* Unterminated raw text: kept as it is. */
  expect("<script>var a = 1; <p>", "<script>var a = 1; <p>");
  /* An end tag not closed by '>' runs to the next '>' in libxml2, eating
   * the <style> start tag: what follows is text, not style. */
  expect("<p>a</p\n<style>b{}</style><p>c</p>",
         "<p>a</p\n<style>b{}</style><p>c</p>");
  /* libxml2 reads an end tag before raw text: no script text here. */
  expect("<p><script></p>var a;</script>", "<p><script></p>var a;</script>");
}

static void test_attributes(void **state) {
  (void)state;
  expect("<div class=\"a b\" data-id='7' id=x onclick=\"go()\">t</div>",
         "<div class=\"a b\" id=x>t</div>");
  expect("<a href=\"/x\" title=\"T\">l</a>", "<a>l</a>");
  expect("<link rel=canonical href=\"https://e.example/a\">",
         "<link rel=canonical href=\"https://e.example/a\">");
  expect("<META HTTP-EQUIV=Content-Type CONTENT=\"text/html; charset=x\">",
         "<META HTTP-EQUIV=Content-Type CONTENT=\"text/html; charset=x\">");
  /* A '>' inside a quoted value does not end the tag. */
  expect("<img alt=\"a > b\" class=c>t", "<img class=c>t");
  /* Boolean attributes. */
  expect("<div hidden data-x>t</div>", "<div hidden>t</div>");
  /* With the attribute between them gone, two must not run together. */
  expect("<p data-x=\"1\"class=\"a\">t</p>", "<p class=\"a\">t</p>");
  expect("<p class=\"a\"id=\"b\">t</p>", "<p class=\"a\"id=\"b\">t</p>");
  /* Self-closing tags keep their slash. */
  expect("<br data-a=\"1\"/>", "<br/>");
  /* A tag the scan cannot follow is copied whole... */
  expect("<div \"odd\" data-x=1>t</div>", "<div \"odd\" data-x=1>t</div>");
  /* ...and an unterminated quote stops pruning there. */
  expect("<p data-a=1>a</p><div title=\"x>b", "<p>a</p><div title=\"x>b");
}

/* ---- the same tree from both inputs --------------------------------- */

static int is_raw(const xmlNode *n) {
  if (!xmlStrcasecmp(n->name, BAD_CAST "style"))
    return 1;
  if (xmlStrcasecmp(n->name, BAD_CAST "script"))
    return 0;
  xmlChar *ty = xmlGetProp(n, BAD_CAST "type");
  int raw = !(ty && strstr((const char *)ty, "ld+json"));
  xmlFree(ty);
  return raw;
}

static const char *attr_value(const xmlNode *n, const xmlChar *name) {
  for (const xmlAttr *a = n->properties; a; a = a->next)
    if (xmlStrEqual(a->name, name))
      return a->children && a->children->content
                 ? (const char *)a->children->content : "";
  return NULL;
}

/* Returns a description of the first difference, or NULL. */
static const char *diff_tree(const xmlNode *a, const xmlNode *b, char *why,
                             size_t n) {
  for (; a || b; a = a ? a->next : NULL, b = b ? b->next : NULL) {
    if (!a || !b) {
      snprintf(why, n, "sibling count differs after <%s>",
               a ? (const char *)a->name : (const char *)b->name);
      return why;
    }
    if (a->type != b->type || !xmlStrEqual(a->name, b->name)) {
      snprintf(why, n, "node <%s> became <%s>", a->name, b->name);
      return why;
    }
    if (a->type == XML_TEXT_NODE || a->type == XML_COMMENT_NODE) {
      if (!xmlStrEqual(a->content, b->content)) {
        snprintf(why, n, "text \"%.60s\" became \"%.60s\"", a->content,
                 b->content);
        return why;
      }
      continue;
    }
    if (a->type != XML_ELEMENT_NODE)
      continue;
    for (const xmlAttr *at = b->properties; at; at = at->next) {
      const char *va = attr_value(a, at->name);
      const char *vb = attr_value(b, at->name);
      if (!va || strcmp(va, vb)) {
        snprintf(why, n, "<%s %s> has \"%.40s\", original \"%.40s\"",
                 a->name, at->name, vb, va ? va : "(none)");
        return why;
      }
    }
    static const char *const read[] = {"class", "id", "style", "itemprop",
                                        "rel", "type", "content", "datetime",
                                        "name", "property", "lang", NULL};
    for (size_t i = 0; read[i]; i++)
      if (attr_value(a, BAD_CAST read[i]) &&
          !attr_value(b, BAD_CAST read[i])) {
        snprintf(why, n, "<%s> lost %s", a->name, read[i]);
        return why;
      }
    if (is_raw(a))
      continue;
    if (diff_tree(a->children, b->children, why, n))
      return why;
  }
  return NULL;
}

static htmlDocPtr parse(const char *s, size_t n) {
  return htmlReadMemory(s, (int)n, NULL, "UTF-8",
                        HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                            HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                            HTML_PARSE_COMPACT);
}

static void same_tree(const char *s, size_t n, const char *what) {
  char *p;
  size_t pn;
  assert_int_equal(af__xprune(s, n, &p, &pn), 0);
  assert_non_null(p);
  assert_true(pn <= n);
  htmlDocPtr a = parse(s, n), b = parse(p, pn);
  char why[256];
  const char *d = (a && b) ? diff_tree(xmlDocGetRootElement(a),
                                       xmlDocGetRootElement(b), why,
                                       sizeof(why))
                           : (a || b) ? "only one input parsed" : NULL;
  xmlFreeDoc(a);
  xmlFreeDoc(b);
  free(p);
  if (d)
    fail_msg("%s: %s", what, d);
}


/* Every fixture page, whole and cut off at 97 points, which leaves tags,
 * quotes, comments and scripts open in every way the pages allow. */
/* The trap page with 600 random edits of markup characters (fixed seed):
 * quotes, brackets, slashes and blanks inserted, replaced or deleted. */
static void test_same_tree_mutated(void **state) {
  (void)state;
  size_t len;
  char *orig = af_test_fixture("tricky_markup.html", &len);
  char *m = malloc(len + 8);
  assert_non_null(m);
  static const char marks[] = "<>\"'=/!- \nsS";
  uint32_t seed = 20261123u;
  for (int it = 0; it < 600; it++) {
    memcpy(m, orig, len);
    size_t n = len;
    for (int k = 0; k < 3; k++) {
      seed = seed * 1103515245u + 12345u;
      size_t pos = (seed >> 8) % n;
      char c = marks[(seed >> 4) % (sizeof(marks) - 1)];
      switch (seed % 3) {
      case 0:
        m[pos] = c;
        break;
      case 1:
        memmove(m + pos + 1, m + pos, n - pos);
        m[pos] = c;
        n++;
        break;
      default:
        memmove(m + pos, m + pos + 1, n - pos - 1);
        n--;
      }
    }
    char what[64];
    snprintf(what, sizeof(what), "mutation %d", it);
    same_tree(m, n, what);
  }
  free(m);
  free(orig);
}

static void test_same_tree_on_fixtures(void **state) {
  (void)state;
  const char *src = getenv("AF_SOURCE_DIR");
  static const char *const dirs[] = {"tests/extract/fixtures",
                                     "tests/extract/meta", NULL};
  size_t pages = 0;
  for (size_t d = 0; dirs[d]; d++) {
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/%s", src ? src : ".", dirs[d]);
    DIR *dh = opendir(dir);
    assert_non_null(dh);
    struct dirent *e;
    while ((e = readdir(dh)) != NULL) {
      size_t nl = strlen(e->d_name);
      if (nl < 5 || strcmp(e->d_name + nl - 5, ".html"))
        continue;
      char path[8192];
      snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
      size_t len;
      char *s = af_test_slurp(path, &len);
      same_tree(s, len, path);
      for (size_t k = 1; k < 98; k++) {
        char what[8300];
        size_t cut = len * k / 98;
        snprintf(what, sizeof(what), "%s cut at %zu", path, cut);
        same_tree(s, cut, what);
      }
      free(s);
      pages++;
    }
    closedir(dh);
  }
  assert_true(pages >= 20);
}

static void strip(const char *in, const char *want) {
  char *s = strdup(in);
  assert_non_null(s);
  af__strip_tags(s);
  if (strcmp(s, want))
    fail_msg("stripping \"%s\" gave \"%s\", wanted \"%s\"", in, s, want);
  free(s);
}

static void test_strip_tags(void **state) {
  (void)state;
  strip("Budget <em>in full</em>", "Budget  in full ");
  strip("read on [<a class=\"more\" href=\"/x\">more</a>]", "read on [ more ]");
  strip("line<br/>break", "line break");
  strip("a < b and c > d", "a < b and c > d");
  strip("the show <The Palace: Tale of Jang Noksu> sold out",
        "the show <The Palace: Tale of Jang Noksu> sold out");
  strip("unfinished <b class=\"x", "unfinished <b class=\"x");
}

/* The whole extractor on a page of traps: nothing a script or comment
 * holds leaks into the text, nothing after a self-closed script or an
 * upper-case end tag is lost, and markup inside JSON-LD strings does not
 * reach the metadata. */
static void test_tricky_page(void **state) {
  (void)state;
  af__extracted x;
  extract_fixture("tricky_markup.html", "https://news.example.org/x", &x);
  /* The visible <h1> agrees with the JSON-LD headline and is taken; the
   * headline's <em> never reaches the title either way. */
  assert_string_equal(x.title, "Council tax support: a markup torture page");
  assert_string_equal(x.description, "A snippet with a link in it");
  assert_string_equal(x.byline, "Priya Nandakumar");
  assert_string_equal(x.published, "2025-03-04T08:15:00Z");
  assert_string_equal(x.canonical_url,
                      "https://news.example.org/council-tax-support");
  static const char *const want[] = {
      "Councils spent £42m more than planned",
      "A value with a greater-than sign: GTB and an unquoted one here.",
      "Upper-case tags and attributes are read the same way",
      "A self-closed script is followed by this sentence, which must survive.",
      "Text after an upper-case end tag of a script.",
      "We found poor progress"};
  static const char *const never[] = {"not a paragraph", "written by script",
                                      "Hidden helper", "Hidden by attribute",
                                      "Example News", "News", "var "};
  for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
    int found = 0;
    for (size_t k = 0; k < x.n_paras; k++)
      found |= strstr(x.paras[k].text, want[i]) != NULL;
    if (!found)
      fail_msg("missing: %s", want[i]);
  }
  for (size_t k = 0; k < x.n_paras; k++)
    for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++)
      if (!strcmp(x.paras[k].text, never[i]) ||
          (strlen(never[i]) > 4 && strstr(x.paras[k].text, never[i])))
        fail_msg("leaked into the text: %s", x.paras[k].text);
  af__extracted_free(&x);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_scripts_and_styles),
      cmocka_unit_test(test_attributes),
      cmocka_unit_test(test_same_tree_on_fixtures),
      cmocka_unit_test(test_same_tree_mutated),
      cmocka_unit_test(test_strip_tags),
      cmocka_unit_test(test_tricky_page),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
