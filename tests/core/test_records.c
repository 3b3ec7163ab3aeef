/* Documents: stable ids, content hashes, provenance and JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "doc.h"
#include "doc_kind.h"
#include "errors.h"
#include "normalise.h"
#include "spool.h"
#include "test_util.h"

static af__doc *make(const char *url, const char *canonical, const char *para,
                    int dedup) {
  af__doc *d = af__doc_new(url);
  assert_non_null(d);
  assert_int_equal(af__doc_set(d, "title", "Council budgets under strain"), 0);
  if (canonical)
    assert_int_equal(af__doc_set(d, "canonical_url", canonical), 0);
  assert_int_equal(af__doc_set(d, "heading", "Summary"), 0);
  assert_int_equal(af__doc_set(d, "paragraph", para), 0);
  assert_int_equal(af__doc_process(d, NULL, dedup), 0);
  return d;
}

static void test_ids_follow_the_canonical_url(void **state) {
  (void)state;
  const char *canon = "https://news.example.org/budgets";
  af__doc *a = make("https://news.example.org/budgets?utm_source=x", canon, "Text one.", AF_DEDUP_CANONICAL);
  af__doc *b = make("https://m.news.example.org/budgets", canon, "Text one.", AF_DEDUP_CANONICAL);
  af__doc *c = make("https://news.example.org/other", NULL, "Text one.", AF_DEDUP_CANONICAL);
  assert_string_equal(a->pub.id, b->pub.id);
  assert_string_not_equal(a->pub.id, c->pub.id);
  assert_int_equal(strlen(a->pub.id), 16);
  /* a re-run gives the same id (no randomness in it) */
  af__doc *a2 = make("https://news.example.org/budgets?utm_source=x", canon, "Text one.", AF_DEDUP_CANONICAL);
  assert_string_equal(a->pub.id, a2->pub.id);
  /* trace ids, by contrast, are per fetch */
  assert_string_not_equal(a->pub.trace_id, a2->pub.trace_id);
  /* dedup=url keeps one document per fetched URL */
  af__doc *u1 = make("https://news.example.org/budgets?utm_source=x", canon, "Text one.", AF_DEDUP_URL);
  af__doc *u2 = make("https://m.news.example.org/budgets", canon, "Text one.", AF_DEDUP_URL);
  assert_string_not_equal(u1->pub.id, u2->pub.id);
  af__doc_free(a);
  af__doc_free(b);
  af__doc_free(c);
  af__doc_free(a2);
  af__doc_free(u1);
  af__doc_free(u2);
}

static void test_content_hash_and_text(void **state) {
  (void)state;
  af__doc *a = make("https://x.example/1", NULL, "Spending rose by 7%.", 0);
  af__doc *b = make("https://x.example/1", NULL, "Spending rose by 8%.", 0);
  af__doc *c = make("https://x.example/1", NULL, "Spending rose by 7%.", 0);
  assert_string_not_equal(a->pub.content_hash, b->pub.content_hash);
  assert_string_equal(a->pub.content_hash, c->pub.content_hash);
  assert_int_equal(strlen(a->pub.content_hash), 64);
  assert_string_equal(a->pub.text, "Summary\n\nSpending rose by 7%.");
  assert_int_equal(a->pub.n_paras, 2);
  assert_int_equal(a->pub.paras[0]->kind, AF_PARA_HEADING);
  assert_int_equal(a->pub.paras[1]->offset, 9);
  assert_string_equal(a->pub.text + a->pub.paras[1]->offset, a->pub.paras[1]->text);
  af__doc_free(a);
  af__doc_free(b);
  af__doc_free(c);
}

static void test_provenance_from_response(void **state) {
  (void)state;
  af__doc *d = af__doc_new("http://example.org/a");
  af_response res = {.size = sizeof(res), .status = 200,
                     .final_url = "https://example.org/a", .fetched = "2024-03-01T10:00:00Z",
                     .etag = "\"v1\"", .trace_id = "0123456789abcdef"};
  assert_int_equal(af__doc_set_response(d, &res), 0);
  const char page[] = "<html><body><article><h1>Heading</h1><p>The audit office reported that "
                      "the programme had met two of its five targets by the deadline.</p>"
                      "</article></body></html>";
  assert_int_equal(af__doc_set_body(d, "text/html", page, sizeof(page) - 1), 0);
  assert_int_equal(af__doc_process(d, NULL, AF_DEDUP_CANONICAL), 0);
  assert_int_equal(d->pub.http_status, 200);
  assert_string_equal(d->pub.final_url, "https://example.org/a");
  assert_string_equal(d->pub.trace_id, "0123456789abcdef");
  assert_string_equal(d->pub.fetched, "2024-03-01T10:00:00Z");
  assert_non_null(d->pub.extractor_version);
  assert_non_null(strstr(d->pub.text, "two of its five targets"));
  af__doc_free(d);
}

static void test_json_round_trip(void **state) {
  (void)state;
  af__doc *d = make("https://x.example/report", NULL, "A \"quoted\" line.", 0);
  assert_int_equal(af__doc_set(d, "source", "nao"), 0);
  char *s = af__doc_to_json_str(&d->pub, 1);
  assert_non_null(s);
  json_error_t jerr;
  json_t *j = json_loads(s, 0, &jerr);
  assert_non_null(j);
  assert_string_equal(json_string_value(json_object_get(j, "id")), d->pub.id);
  assert_string_equal(json_string_value(json_object_get(j, "text")), d->pub.text);
  assert_string_equal(json_string_value(json_object_get(j, "title")), "Council budgets under strain");
  json_t *prov = json_object_get(j, "provenance");
  assert_string_equal(json_string_value(json_object_get(prov, "source")), "nao");
  assert_string_equal(json_string_value(json_object_get(prov, "trace_id")), d->pub.trace_id);
  assert_true(json_is_array(json_object_get(j, "findings")));
  assert_int_equal(json_array_size(json_object_get(j, "paragraphs")), 2);
  json_decref(j);
  free(s);
  af__doc_free(d);
}

static void test_unknown_field_and_empty_page(void **state) {
  (void)state;
  af__doc *d = af__doc_new("https://x.example/empty");
  assert_int_equal(af__doc_set(d, "colour", "blue"), AF_EINVAL);
  assert_int_equal(af__doc_set_body(d, "text/html", "<html><body></body></html>", 26), 0);
  assert_int_equal(af__doc_process(d, NULL, 0), AF_EPARSE);
  assert_non_null(strstr(d->errmsg, "no article text"));
  af__doc_free(d);
}

static void test_field_precedence(void **state) {
  (void)state;
  const char page[] = "<html><head><title>Page headline</title></head><body><article>"
                      "<h1>Page headline</h1><p>Auditors found the scheme had reached "
                      "only a fraction of the families it was meant to help.</p>"
                      "</article></body></html>";
  /* a fallback loses to the page */
  af__doc *d = af__doc_new("https://x.example/p");
  assert_int_equal(af__doc_set_fallback(d, "title", "Feed headline"), 0);
  assert_int_equal(af__doc_set_fallback(d, "byline", "Feed Author"), 0);
  assert_int_equal(af__doc_set_fallback(d, "colour", "blue"), AF_EINVAL);
  assert_int_equal(af__doc_set_body(d, "text/html", page, sizeof(page) - 1), 0);
  assert_int_equal(af__doc_process(d, NULL, 0), 0);
  assert_string_equal(d->pub.title, "Page headline");
  assert_string_equal(d->pub.byline, "Feed Author"); /* the page has none */
  af__doc_free(d);
  /* a value the source sets wins over the page */
  d = af__doc_new("https://x.example/p");
  assert_int_equal(af__doc_set(d, "title", "Source title"), 0);
  assert_int_equal(af__doc_set_body(d, "text/html", page, sizeof(page) - 1), 0);
  assert_int_equal(af__doc_process(d, NULL, 0), 0);
  assert_string_equal(d->pub.title, "Source title");
  af__doc_free(d);
}

/* NAO pages get their kind from their URL, whatever reached them. */
static void test_nao_doc_kind_from_url(void **state) {
  (void)state;
  static const struct {
    const char *url, *kind;
  } cases[] = {
      {"https://www.nao.org.uk/reports/the-new-hospital-programme/", "nao_report_page"},
      {"https://www.nao.org.uk/report/pressures-on-childrens-social-care/?utm_medium=email",
       "nao_report_page"},
      {"http://NAO.org.uk/reports/use-of-artificial-intelligence-in-government", "nao_report_page"},
      {"https://nao.org.uk/press-releases/support-for-pupils-with-special-educational-needs",
       "nao_press_release"},
      {"https://www.nao.org.uk/press-release/local-auditor-reporting-in-england-2018/",
       "nao_press_release"},
      {"https://www.nao.org.uk:443/press-releases/a-slug/#top", "nao_press_release"},
      {"https://www.nao.org.uk/wp-content/uploads/2019/01/report.pdf", "nao_pdf"},
      /* listings, other pages, other hosts, other schemes */
      {"https://www.nao.org.uk/reports/", NULL},
      {"https://www.nao.org.uk/reports/page/2/", NULL},
      {"https://www.nao.org.uk/reports/a-slug/downloads/", NULL},
      {"https://www.nao.org.uk/about-us/", NULL},
      {"https://www.nao.org.uk/", NULL},
      {"https://nao.org.uk.example.com/reports/a-slug/", NULL},
      {"https://notnao.org.uk/reports/a-slug/", NULL},
      {"https://news.example.org/reports/a-slug/", NULL},
      {"file:///srv/www.nao.org.uk/reports/a-slug/", NULL},
      {NULL, NULL},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    const char *got = af__doc_kind_from_url(cases[i].url);
    if (!cases[i].kind ? got != NULL : !got || strcmp(got, cases[i].kind) != 0)
      fail_msg("%s: %s, expected %s", cases[i].url ? cases[i].url : "(null)",
               got ? got : "NULL", cases[i].kind ? cases[i].kind : "NULL");
  }
  /* Through processing: a NAO press release fetched as a file, reached by
   * its canonical link, is a press release; a kind the source set stays. */
  const char page[] = "<html><head><title>Council budgets</title>"
                      "<meta property=\"og:type\" content=\"article\">"
                      "<link rel=\"canonical\" href=\"https://www.nao.org.uk/press-releases/"
                      "council-budgets/\"></head><body><article><h1>Council budgets</h1>"
                      "<p>In a report published today, the auditors found that councils "
                      "had cut spending on services by a fifth since 2010.</p>"
                      "</article></body></html>";
  af__doc *d = af__doc_new("file:///tmp/council-budgets.html");
  assert_int_equal(af__doc_set_body(d, "text/html", page, sizeof(page) - 1), 0);
  assert_int_equal(af__doc_process(d, NULL, AF_DEDUP_CANONICAL), 0);
  assert_string_equal(d->pub.doc_kind, "nao_press_release");
  af__doc_free(d);
  d = af__doc_new("https://www.nao.org.uk/press-releases/council-budgets/");
  assert_int_equal(af__doc_set(d, "doc_kind", "feed_item"), 0);
  assert_int_equal(af__doc_set(d, "paragraph", "Councils cut spending by a fifth."), 0);
  assert_int_equal(af__doc_process(d, NULL, AF_DEDUP_CANONICAL), 0);
  assert_string_equal(d->pub.doc_kind, "feed_item");
  af__doc_free(d);
  d = make("https://news.example.org/budgets", NULL, "Text one.", AF_DEDUP_CANONICAL);
  assert_string_equal(d->pub.doc_kind, "news");
  af__doc_free(d);
}

static void test_error_names(void **state) {
  (void)state;
  assert_string_equal(af_strerror(AF_ECONFIG), "configuration error");
  assert_string_equal(af_err_name(AF_EABI), "AF_EABI");
  assert_string_equal(af_strerror(AF_ENOMEM), "out of memory");
  assert_string_equal(af_strerror(0), "success");
}

/* A processed document with paragraphs, findings, figures, bodies and a
 * speaker comes back from its JSON (the spool's format) unchanged, and a
 * spool file gives back exactly the documents written to it. */
/* A page processed with comments kept: the readers' comments follow the
 * article as paragraphs of kind comment, JSON keeps the kind, and no
 * finding comes from a comment, even one quoting the NAO. */
static void test_comments_kept_apart(void **state) {
  (void)state;
  af__norm_rules *rules = NULL;
  char err[512];
  assert_int_equal(af__norm_rules_load(getenv("AF_RULES_DIR"), &rules, err,
                                      sizeof(err)), 0);
  static const char page[] =
      "<html><head><title>Watchdog finds care plans late</title></head><body>"
      "<article><h1>Watchdog finds care plans late</h1>"
      "<p>The National Audit Office said the Department for Education had "
      "made poor progress, with spending on care placements rising by 18 per "
      "cent to \u00a34.1 billion in 2022-23.</p>"
      "<p>Councils told the auditors that they could not plan when the money "
      "arrived so late in the year, and several had drawn on reserves.</p>"
      "</article><div id=\"comments\"><div class=\"comment\">"
      "<span class=\"comment-author\">Jo</span><p>The National Audit Office "
      "said the Home Office had wasted \u00a39.9 billion on asylum hotels in "
      "2023-24.</p></div></div></body></html>";
  af__doc *d = af__doc_new("https://news.example.org/care-plans");
  assert_non_null(d);
  assert_int_equal(af__doc_set_body(d, "text/html", page, sizeof(page) - 1), 0);
  assert_int_equal(af__doc_set(d, "comments", "true"), 0);
  assert_int_equal(af__doc_process(d, rules, 0), 0);
  size_t n = d->pub.n_paras;
  assert_true(n >= 3);
  assert_int_equal(d->pub.paras[n - 1]->kind, AF_PARA_COMMENT);
  assert_non_null(strstr(d->pub.paras[n - 1]->text, "asylum hotels"));
  assert_int_not_equal(d->pub.paras[0]->kind, AF_PARA_COMMENT);
  assert_true(d->pub.n_findings >= 1);
  for (size_t i = 0; i < d->pub.n_findings; i++) {
    assert_null(strstr(d->pub.findings[i]->text, "asylum"));
    assert_true(d->pub.findings[i]->span_end <= d->pub.paras[n - 1]->offset);
  }
  char *a = af__doc_to_json_str(&d->pub, 1);
  assert_non_null(strstr(a, "\"comment\""));
  af__doc *back = af__doc_from_json(a, strlen(a), err, sizeof(err));
  assert_non_null(back);
  assert_int_equal(back->pub.paras[n - 1]->kind, AF_PARA_COMMENT);
  free(a);
  af__doc_free(back);
  af__doc_free(d);
  af__norm_rules_free(rules);
}

static void test_spool_round_trip(void **state) {
  (void)state;
  af__norm_rules *rules = NULL;
  char err[512];
  assert_int_equal(af__norm_rules_load(getenv("AF_RULES_DIR"), &rules, err,
                                      sizeof(err)), 0);
  af__doc *d = af__doc_new("https://news.example.org/care-report");
  assert_non_null(d);
  assert_int_equal(af__doc_set(d, "title", "Watchdog finds care plans late"), 0);
  assert_int_equal(af__doc_set(d, "byline", "Sam Okafor"), 0);
  assert_int_equal(af__doc_set(d, "heading", "What the auditors found"), 0);
  assert_int_equal(af__doc_set(d, "paragraph",
      "The National Audit Office said the Department for Education had made "
      "poor progress, with spending on care placements rising by 18 per cent "
      "to £4.1 billion in 2022-23."), 0);
  assert_int_equal(af__doc_set(d, "paragraph",
      "\u201cCouncils cannot plan when the money arrives this late,\u201d said "
      "Gareth Davies, the head of the National Audit Office."), 0);
  assert_int_equal(af__doc_process(d, rules, 0), 0);
  assert_true(d->pub.n_findings >= 2);
  size_t figs = 0;
  for (size_t i = 0; i < d->pub.n_findings; i++)
    figs += d->pub.findings[i]->n_figures;
  assert_true(figs >= 2);

  char *a = af__doc_to_json_str(&d->pub, 1);
  af__doc *back = af__doc_from_json(a, strlen(a), err, sizeof(err));
  assert_non_null(back);
  char *b = af__doc_to_json_str(&back->pub, 1);
  assert_string_equal(a, b);
  free(b);

  char *dir = tu_tmpdir(), path[4400];
  const af_document *two[] = {&d->pub, &back->pub};
  assert_int_equal(af__spool_write(dir, "pg/main", two, 2, path, sizeof(path),
                                  err, sizeof(err)), 0);
  assert_non_null(strstr(path, "/spool/pg_main/")); /* no way out of it */
  char **files;
  size_t nfiles;
  assert_int_equal(af__spool_list(dir, "pg/main", &files, &nfiles), 0);
  assert_int_equal(nfiles, 1);
  assert_string_equal(files[0], path);
  af__spool_list_free(files, nfiles);
  af__doc **docs;
  size_t n;
  assert_int_equal(af__spool_read(path, &docs, &n, err, sizeof(err)), 0);
  assert_int_equal(n, 2);
  for (size_t i = 0; i < n; i++) {
    b = af__doc_to_json_str(&docs[i]->pub, 1);
    assert_string_equal(a, b);
    free(b);
    af__doc_free(docs[i]);
  }
  free(docs);

  /* A damaged line fails the whole file, naming the line. */
  FILE *f = fopen(path, "a");
  assert_non_null(f);
  fputs("{\"id\": \"cut off\n", f);
  fclose(f);
  assert_int_equal(af__spool_read(path, &docs, &n, err, sizeof(err)), AF_EPARSE);
  assert_int_equal(n, 0);
  assert_non_null(strstr(err, ".jsonl:3:"));
  tu_rm_rf(dir);
  free(dir);
  free(a);
  af__doc_free(back);
  af__doc_free(d);
  af__norm_rules_free(rules);
}

/* Discrepancies come back from the spool with their finding, each with
 * its own numbers, beside figures and bodies. */
static void test_spool_keeps_discrepancies(void **state) {
  (void)state;
  char err[256];
  const char *in =
      "{\"id\":\"d1\",\"url\":\"https://news.example.org/a\","
      "\"content_hash\":\"h1\",\"findings\":[{\"id\":\"f1\","
      "\"kind\":\"figure\",\"text\":\"Costs rose to \u00a3312m.\","
      "\"span\":[0,24],\"bodies\":[\"Home Office\"],\"figures\":[{"
      "\"raw\":\"\u00a3312m\",\"value\":312000000,\"unit\":\"GBP\","
      "\"span\":[14,19]}],\"discrepancies\":[{\"report_id\":\"r9\","
      "\"raw\":\"\u00a3312m\",\"other_raw\":\"\u00a3311m\","
      "\"value\":312000000,\"other_value\":311000000,\"unit\":\"GBP\"},"
      "{\"report_id\":\"r9\",\"raw\":\"87,500\",\"other_raw\":\"87,000\","
      "\"value\":87500,\"other_value\":87000}]}]}";
  af__doc *d = af__doc_from_json(in, strlen(in), err, sizeof(err));
  assert_non_null(d);
  assert_int_equal(d->pub.n_findings, 1);
  const af_finding *f = d->pub.findings[0];
  assert_int_equal(f->n_bodies, 1);
  assert_string_equal(f->bodies[0], "Home Office");
  assert_int_equal(f->n_figures, 1);
  assert_int_equal(f->figures[0]->start, 14);
  assert_int_equal(f->n_discrepancies, 2);
  assert_string_equal(f->discrepancies[0]->other_raw, "\u00a3311m");
  assert_true(f->discrepancies[1]->other_value == 87000);
  char *out = af__doc_to_json_str(&d->pub, 1);
  assert_non_null(out);
  af__doc *again = af__doc_from_json(out, strlen(out), err, sizeof(err));
  assert_non_null(again);
  char *out2 = af__doc_to_json_str(&again->pub, 1);
  assert_string_equal(out, out2);
  assert_non_null(strstr(out, "\"other_raw\":\"87,000\""));
  free(out);
  free(out2);
  af__doc_free(again);
  af__doc_free(d);
}

/* An unprocessed document crosses the pipe from an isolated source's
 * child unchanged: fields, blocks, fallbacks and validators in the JSON
 * line, the body (here not text: NUL, invalid UTF-8) as bytes after it,
 * set back the way the parent does. */
/* A report's own document: doc_set fields, paragraph numbers, the report
 * record built from the canonical URL, cited by its findings, and kept by
 * the spool's JSON and the isolation wire form. */
static void test_report_document(void **state) {
  (void)state;
  af__norm_rules *rules = NULL;
  char err[512], hex[41];
  assert_int_equal(af__norm_rules_load(getenv("AF_RULES_DIR"), &rules, err,
                                      sizeof(err)), 0);
  af__doc *d = af__doc_new("https://www.nao.org.uk/report/bus-services/?utm_source=rss");
  assert_non_null(d);
  assert_int_equal(af__doc_set(d, "doc_kind", "nao_report"), 0);
  assert_int_equal(af__doc_set(d, "title", "Supporting local bus services"), 0);
  assert_int_equal(af__doc_set(d, "published", "2024-11-20"), 0);
  assert_int_equal(af__doc_set(d, "number", "1"), AF_EINVAL); /* no block yet */
  assert_int_equal(af__doc_set(d, "hc", "HC 301"), 0);
  assert_int_equal(af__doc_set(d, "session", "2024-25"), 0);
  assert_int_equal(af__doc_set(d, "report_type", "Value for money report"), 0);
  assert_int_equal(af__doc_set(d, "pdf_url", "https://www.nao.org.uk/wp-content/uploads/b.pdf"), 0);
  assert_int_equal(af__doc_set(d, "pages", "44"), 0);
  assert_int_equal(af__doc_set(d, "body", "Department for Transport"), 0);
  assert_int_equal(af__doc_set(d, "body", "Local authorities"), 0);
  assert_int_equal(af__doc_set(d, "heading1", "Summary"), 0);
  assert_int_equal(af__doc_set(d, "paragraph",
      "The Department has not shown that its funding for local bus services "
      "gives value for money."), 0);
  assert_int_equal(af__doc_set(d, "number", "18"), 0);
  assert_int_equal(af__doc_set(d, "paragraph",
      "The Department should publish how it will measure the effect of its "
      "funding on passenger numbers."), 0);
  assert_int_equal(af__doc_set(d, "number", "a"), 0);
  assert_int_equal(af__doc_process(d, rules, AF_DEDUP_URL), 0);

  const af_document *p = &d->pub;
  assert_non_null(p->report);
  assert_string_equal(p->canonical_url, "https://www.nao.org.uk/report/bus-services/");
  af__sha1_hex(p->canonical_url, strlen(p->canonical_url), hex);
  hex[16] = '\0';
  assert_string_equal(p->report->id, hex); /* from the canonical URL, whatever dedup says */
  assert_string_equal(p->report->hc, "HC 301");
  assert_string_equal(p->report->title, "Supporting local bus services");
  assert_string_equal(p->report_type, "Value for money report");
  assert_int_equal(p->pages, 44);
  assert_int_equal(p->n_audited_bodies, 2);
  assert_int_equal(p->n_paras, 3);
  assert_int_equal(p->paras[0]->level, 1);
  assert_null(p->paras[0]->number);
  assert_string_equal(p->paras[1]->number, "18");
  assert_string_equal(p->paras[2]->number, "a");
  assert_true(p->n_findings >= 1);
  /* The report's own findings cite it by its id (their reference also
   * carries how they were tied to it). */
  for (size_t i = 0; i < p->n_findings; i++) {
    assert_non_null(p->findings[i]->report);
    assert_string_equal(p->findings[i]->report->id, p->report->id);
  }

  /* spool: the same record comes back */
  char *a = af__doc_to_json_str(p, 1);
  af__doc *back = af__doc_from_json(a, strlen(a), err, sizeof(err));
  assert_non_null(back);
  assert_non_null(back->pub.report);
  assert_string_equal(back->pub.report->id, hex);
  assert_string_equal(back->pub.paras[2]->number, "a");
  char *b = af__doc_to_json_str(&back->pub, 1);
  assert_string_equal(a, b);
  free(a);
  free(b);
  af__doc_free(back);
  af__doc_free(d);

  /* the isolation wire form keeps the fields and numbers before processing */
  d = af__doc_new("https://www.nao.org.uk/reports/x/");
  assert_int_equal(af__doc_set(d, "doc_kind", "nao_report"), 0);
  assert_int_equal(af__doc_set(d, "title", "X"), 0);
  assert_int_equal(af__doc_set(d, "hc", "HC 9"), 0);
  assert_int_equal(af__doc_set(d, "body", "Cabinet Office"), 0);
  assert_int_equal(af__doc_set(d, "paragraph", "Text."), 0);
  assert_int_equal(af__doc_set(d, "number", "2.3"), 0);
  json_t *j = af__doc_raw_to_json(d);
  af__doc *w = af__doc_raw_from_json(j);
  json_decref(j);
  assert_non_null(w);
  assert_int_equal(af__doc_process(w, NULL, 0), 0);
  assert_string_equal(w->pub.report->hc, "HC 9");
  assert_string_equal(w->pub.audited_bodies[0], "Cabinet Office");
  assert_string_equal(w->pub.paras[0]->number, "2.3");
  af__doc_free(w);
  af__doc_free(d);
  af__norm_rules_free(rules);
}

static void test_raw_wire_form(void **state) {
  (void)state;
  af__doc *d = af__doc_new("https://files.example.org/report.pdf");
  assert_non_null(d);
  assert_int_equal(af__doc_set(d, "title", "Annual report"), 0);
  assert_int_equal(af__doc_set(d, "heading", "Summary"), 0);
  assert_int_equal(af__doc_set(d, "paragraph", "First point."), 0);
  assert_int_equal(af__doc_set_fallback(d, "byline", "Press Office"), 0);
  static const char bin[] = {'%', 'P', 'D', 'F', '\0', (char)0xff, 'x', '\0'};
  assert_int_equal(af__doc_set_body(d, "application/pdf", bin, sizeof(bin)), 0);
  d->etag = strdup("\"v1\"");
  json_t *j = af__doc_raw_to_json(d);
  assert_non_null(j);
  assert_null(json_object_get(j, "body")); /* the body travels apart */
  char *a = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
  af__doc *back = af__doc_raw_from_json(j);
  assert_non_null(back);
  assert_string_equal(back->etag, "\"v1\"");
  assert_int_equal(back->n_blocks, 2);
  assert_int_equal(back->blocks[0].kind, AF_PARA_HEADING);
  assert_int_equal(af__doc_set_body(back, back->content_type, d->body,
                                   d->body_len), 0);
  assert_int_equal(back->body_len, sizeof(bin));
  assert_memory_equal(back->body, bin, sizeof(bin));
  assert_string_equal(back->content_type, "application/pdf");
  json_t *j2 = af__doc_raw_to_json(back);
  char *b = json_dumps(j2, JSON_COMPACT | JSON_SORT_KEYS);
  assert_string_equal(a, b);
  json_decref(j);
  json_decref(j2);
  free(a);
  free(b);
  af__doc_free(back);
  af__doc_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ids_follow_the_canonical_url),
      cmocka_unit_test(test_content_hash_and_text),
      cmocka_unit_test(test_provenance_from_response),
      cmocka_unit_test(test_json_round_trip),
      cmocka_unit_test(test_spool_round_trip),
      cmocka_unit_test(test_spool_keeps_discrepancies),
      cmocka_unit_test(test_comments_kept_apart),
      cmocka_unit_test(test_raw_wire_form),
      cmocka_unit_test(test_report_document),
      cmocka_unit_test(test_unknown_field_and_empty_page),
      cmocka_unit_test(test_field_precedence),
      cmocka_unit_test(test_error_names),
      cmocka_unit_test(test_nao_doc_kind_from_url),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
