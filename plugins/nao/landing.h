/* NAO report landing pages and listings: a pure library (bytes in,
 * fields out), run by the nao source on the thread pool.
 *
 * Ownership: every string in a nao_landing belongs to it (landing_free).
 */
#ifndef AF_NAO_LANDING_H
#define AF_NAO_LANDING_H

#include <stddef.h>

typedef struct nao_text {
  char *text;
  int kind;  /* AF_PARA_TEXT, AF_PARA_HEADING or AF_PARA_ITEM */
  int level; /* headings: 2..4 */
} nao_text;

typedef struct nao_landing {
  char *title;
  char *canonical;   /* absolute, as the page declares it; NULL if it does not */
  char *published;   /* ISO date */
  char *report_type;
  char *hc;          /* "HC 412" */
  char *session;     /* "2023-24" */
  char *summary;     /* the page's first paragraph of prose */
  char *pdf_url;     /* absolute; the full report */
  char *summary_pdf_url;
  char **bodies;     /* audited bodies as the page names them */
  size_t n_bodies;
  nao_text *blocks;  /* the page's own text: background, scope, conclusions */
  size_t n_blocks;
} nao_landing;

/* Parses a landing page served from `url`.  0, or -1 when the bytes are
 * not HTML at all (err says why). */
int landing_parse(const char *html, size_t len, const char *url,
                  nao_landing *out, char *err, size_t errlen);
void landing_free(nao_landing *l);

/* Links on a listing page (`/reports/`) that lead to report pages, with
 * the date next to each when there is one.  Returns how many; *urls and
 * *dates (entries may be NULL) are malloc'd arrays of malloc'd strings. */
size_t landing_listing(const char *html, size_t len, const char *url,
                       char ***urls, char ***dates);

/* "14 March 2024", "2024-03-14T00:01:00", "Thu, 14 Mar 2024 ..." -> "2024-03-14";
 * NULL when no date is recognised. */
char *landing_date(const char *s);

/* 1 when the path of `url` is a report landing page: /reports/<slug>/ or
 * the older /report/<slug>/ (no deeper path, any query). */
int landing_is_report_url(const char *url);

#endif
