/* The nao source's parsers on the fixture site: report PDFs (paragraph
 * numbers, headings, key facts, two columns, hyphenation, running heads,
 * cover details, broken files) and landing and listing pages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <auditfeed/record.h>

#include "landing.h"
#include "pdf.h"

static char *slurp(const char *rel, size_t *len) {
  char path[4096];
  const char *src = getenv("AF_SOURCE_DIR");
  snprintf(path, sizeof(path), "%s/tests/fixtures/nao-site/%s", src ? src : ".", rel);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  assert_non_null(buf);
  *len = fread(buf, 1, (size_t)n, f);
  buf[*len] = '\0';
  fclose(f);
  return buf;
}

static const nao_block *find_block(const nao_pdf *p, const char *prefix) {
  for (size_t i = 0; i < p->n; i++)
    if (!strncmp(p->blocks[i].text, prefix, strlen(prefix)))
      return &p->blocks[i];
  return NULL;
}

static size_t index_of(const nao_pdf *p, const char *prefix) {
  for (size_t i = 0; i < p->n; i++)
    if (!strncmp(p->blocks[i].text, prefix, strlen(prefix)))
      return i;
  fail_msg("no block starts with \"%s\"", prefix);
  return 0;
}

static void parse(const char *rel, nao_pdf *p, int want) {
  size_t len;
  char err[256] = "";
  char *b = slurp(rel, &len);
  int rc = nao_pdf_parse(b, len, p, err, sizeof(err));
  free(b);
  if (rc != want)
    fail_msg("%s: rc %d (%s), want %d", rel, rc, err, want);
}

static void full_report(void **state) {
  nao_pdf p;
  (void)state;
  parse("wp-content/uploads/2024/03/Managing-the-school-estate.pdf", &p, 0);
  assert_int_equal(p.pages, 7);
  /* cover */
  assert_string_equal(p.hc, "HC 412");
  assert_string_equal(p.session, "2023-24");
  assert_string_equal(p.date, "2024-03-14");
  assert_int_equal(p.n_bodies, 1);
  assert_string_equal(p.bodies[0], "Department for Education");
  /* the sections, as headings */
  const char *heads[] = {"Key facts", "Summary", "Key findings",
                         "Conclusion on value for money", "Recommendations", "Part One"};
  for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
    const nao_block *b = find_block(&p, heads[i]);
    assert_non_null(b);
    assert_int_equal(b->kind, AF_PARA_HEADING);
    assert_string_equal(b->text, heads[i]);
  }
  /* numbered paragraphs keep their numbers, not in the text */
  const nao_block *b = find_block(&p, "The condition of the school estate has declined");
  assert_non_null(b);
  assert_string_equal(b->number, "4");
  assert_int_equal(b->kind, AF_PARA_TEXT);
  /* the word hyphenated at a line end is whole again */
  assert_non_null(strstr(b->text, "refurbishment work"));
  assert_null(strstr(b->text, "refurbish-"));
  b = find_block(&p, "The Department has kept schools open");
  assert_non_null(b);
  assert_string_equal(b->number, "8");
  b = find_block(&p, "The Department should require every responsible body");
  assert_non_null(b);
  assert_string_equal(b->number, "b");
  /* key facts: each number with its own caption */
  b = find_block(&p, "\xC2\xA3" "11.4bn");
  assert_non_null(b);
  assert_string_equal(b->text, "\xC2\xA3" "11.4bn estimated cost of bringing every school "
                               "block up to a good condition");
  b = find_block(&p, "700 ");
  assert_non_null(b);
  assert_null(b->number);
  assert_string_equal(b->text, "700 schools found to contain collapse-prone concrete by August 2023");
  /* the two-column page in column order: 1.1 1.2 1.3 then 1.4 1.5 1.6 */
  size_t i11 = index_of(&p, "This part sets out"), i13 = index_of(&p, "The Department's condition"),
         i14 = index_of(&p, "Since then the Department"), i16 = index_of(&p, "In 2023 the Department");
  assert_true(i11 < i13 && i13 < i14 && i14 < i16);
  assert_string_equal(p.blocks[i14].number, "1.4");
  assert_string_equal(p.blocks[i14].text,
                      "Since then the Department has not repeated the survey. It plans a "
                      "second collection to finish in 2026, which means the most recent "
                      "complete picture will be seven years old.");
  /* a paragraph running on over a page break is one paragraph */
  size_t i26 = 0;
  for (size_t k = 0; k < p.n; k++)
    if (p.blocks[k].number && !strcmp(p.blocks[k].number, "2.6"))
      i26 = k;
  assert_true(i26 > 0);
  assert_non_null(strstr(p.blocks[i26].text, "between them. This is survey round 6."));
  assert_string_equal(p.blocks[i26 + 1].number, "2.7");
  /* running headers, footers and page numbers are gone */
  for (size_t k = 0; k < p.n; k++) {
    assert_null(strstr(p.blocks[k].text, "Report by the Comptroller and Auditor General "
                                         "Report"));
    assert_string_not_equal(p.blocks[k].text, "Managing the school estate");
    assert_string_not_equal(p.blocks[k].text, "Report by the Comptroller and Auditor General");
    assert_false(strspn(p.blocks[k].text, "0123456789") == strlen(p.blocks[k].text));
  }
  nao_pdf_free(&p);
}

static void broken_pdfs(void **state) {
  nao_pdf p;
  (void)state;
  parse("wp-content/uploads/2024/11/Supporting-local-bus-services.pdf", &p, NAO_PDF_ENCRYPTED);
  parse("wp-content/uploads/2024/09/NHS-estate-maintenance-backlog.pdf", &p, NAO_PDF_BROKEN);
  parse("wp-content/uploads/2012/01/12011701.pdf", &p, NAO_PDF_NOTEXT);
  assert_int_equal(p.pages, 2);
  parse("wp-content/uploads/2016/10/Rolling-out-digital-services-in-prisons.pdf", &p,
        NAO_PDF_BROKEN);
  assert_int_equal(p.n, 0);
}

static void new_landing_page(void **state) {
  size_t len;
  nao_landing l;
  char err[128];
  (void)state;
  char *b = slurp("reports/managing-the-school-estate/index.html", &len);
  assert_int_equal(landing_parse(b, len, "http://h:1/reports/managing-the-school-estate/", &l,
                                 err, sizeof(err)), 0);
  free(b);
  assert_string_equal(l.title, "Managing the school estate");
  assert_string_equal(l.canonical, "http://h:1/reports/managing-the-school-estate/");
  assert_string_equal(l.published, "2024-03-14");
  assert_string_equal(l.report_type, "Value for money report");
  assert_string_equal(l.hc, "HC 412");
  assert_string_equal(l.session, "2023-24");
  assert_int_equal(l.n_bodies, 1);
  assert_string_equal(l.bodies[0], "Department for Education");
  assert_string_equal(l.pdf_url,
                      "http://h:1/wp-content/uploads/2024/03/Managing-the-school-estate.pdf");
  assert_string_equal(l.summary_pdf_url,
                      "http://h:1/wp-content/uploads/2024/03/Managing-the-school-estate-Summary.pdf");
  assert_non_null(l.summary);
  assert_true(!strncmp(l.summary, "The Department for Education funds the upkeep", 45));
  /* the page's text: its headings and paragraphs, no navigation */
  int scope = 0, conclusions = 0;
  for (size_t i = 0; i < l.n_blocks; i++) {
    assert_null(strstr(l.blocks[i].text, "Jump to downloads"));
    assert_null(strstr(l.blocks[i].text, "Privacy"));
    assert_null(strstr(l.blocks[i].text, "Publication date"));
    scope |= l.blocks[i].kind == AF_PARA_HEADING &&
             !strcmp(l.blocks[i].text, "Content and scope of the report");
    conclusions |= l.blocks[i].kind == AF_PARA_HEADING && !strcmp(l.blocks[i].text, "Conclusions");
  }
  assert_true(scope && conclusions);
  landing_free(&l);
}

static void old_landing_page(void **state) {
  size_t len;
  nao_landing l;
  char err[128];
  (void)state;
  char *b = slurp("report/rolling-out-digital-prisons/index.html", &len);
  assert_int_equal(landing_parse(b, len, "http://h/report/rolling-out-digital-prisons/", &l,
                                 err, sizeof(err)), 0);
  free(b);
  assert_string_equal(l.title, "Rolling out digital services in prisons");
  assert_null(l.canonical);
  assert_string_equal(l.published, "2016-10-12");
  assert_string_equal(l.hc, "HC 702");
  assert_string_equal(l.session, "2016-17");
  assert_string_equal(l.report_type, "Value for money report");
  assert_int_equal(l.n_bodies, 2);
  assert_string_equal(l.bodies[1], "HM Prison and Probation Service");
  assert_non_null(l.pdf_url);
  assert_null(l.summary_pdf_url);
  landing_free(&l);
  /* a page announcing a report whose PDF is not out yet */
  b = slurp("reports/apprenticeships-programme-progress/index.html", &len);
  assert_int_equal(landing_parse(b, len, "http://h/reports/apprenticeships-programme-progress/",
                                 &l, err, sizeof(err)), 0);
  free(b);
  assert_null(l.pdf_url);
  assert_null(l.summary_pdf_url);
  assert_string_equal(l.published, "2025-01-15");
  landing_free(&l);
}

static void listing_and_dates(void **state) {
  size_t len;
  char **urls, **dates;
  (void)state;
  char *b = slurp("reports/index.html", &len);
  size_t n = landing_listing(b, len, "http://h/reports/", &urls, &dates);
  free(b);
  assert_int_equal(n, 8);
  assert_string_equal(urls[0], "http://h/reports/apprenticeships-programme-progress/");
  assert_string_equal(dates[0], "2025-01-15");
  for (size_t i = 0; i < n; i++) {
    free(urls[i]);
    free(dates[i]);
  }
  free(urls);
  free(dates);
  assert_true(landing_is_report_url("https://www.nao.org.uk/report/x-y/?utm_source=a"));
  assert_true(landing_is_report_url("https://www.nao.org.uk/reports/x-y/"));
  assert_false(landing_is_report_url("https://www.nao.org.uk/reports/"));
  assert_false(landing_is_report_url("https://www.nao.org.uk/reports/x/y.pdf"));
  assert_false(landing_is_report_url("https://www.nao.org.uk/press-releases/x/"));
  char *d = landing_date("Thu, 14 Mar 2024 00:01:00 +0000");
  assert_string_equal(d, "2024-03-14");
  free(d);
  d = landing_date("Date: 5 June 2024");
  assert_string_equal(d, "2024-06-05");
  free(d);
  assert_null(landing_date("no date here"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(full_report),     cmocka_unit_test(broken_pdfs),
      cmocka_unit_test(new_landing_page), cmocka_unit_test(old_landing_page),
      cmocka_unit_test(listing_and_dates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
