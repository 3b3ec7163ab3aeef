/* Report PDFs to paragraphs: a pure library (bytes in, blocks out; no
 * loop, no network, no files), run by the nao source on the thread pool.
 *
 * Built on poppler-glib's text layout (a box per character): characters
 * become words, words become line segments, segments are put in reading
 * order (columns found from the gaps between them), and segments become
 * paragraphs.  Running headers, footers and page numbers (text in the
 * page margins that repeats from page to page, or is a bare number) are
 * dropped; a word hyphenated at a line end is joined; a paragraph number
 * set in the margin ("1", "2.3", "a") is kept apart from the text; lines
 * in a larger or bold type that read like titles become headings.
 *
 * Ownership: everything in a nao_pdf belongs to it; nao_pdf_free frees it.
 */
#ifndef AF_NAO_PDF_H
#define AF_NAO_PDF_H

#include <stddef.h>

enum nao_pdf_err {
  NAO_PDF_OK = 0,
  NAO_PDF_BROKEN = -1,    /* poppler cannot read it (truncated, damaged) */
  NAO_PDF_ENCRYPTED = -2, /* needs a password */
  NAO_PDF_NOTEXT = -3,    /* no text layer (a scan) */
  NAO_PDF_NOMEM = -4
};

typedef struct nao_block {
  char *text;
  int kind;     /* AF_PARA_TEXT or AF_PARA_HEADING */
  int level;    /* headings: 1 (largest type) or 2 */
  char *number; /* "2.3", "a", or NULL */
  int page;     /* 1-based */
} nao_block;

typedef struct nao_pdf {
  nao_block *blocks;
  size_t n, cap;
  int pages;
  /* From the cover (the first page), NULL when not found. */
  char *hc;        /* "HC 412" */
  char *session;   /* "2023-24" */
  char *date;      /* "2024-03-14" */
  char **bodies;   /* the lines naming the audited bodies */
  size_t n_bodies;
} nao_pdf;

/* 0 or a nao_pdf_err; `err` says why. Thread-safe (one document per call). */
int nao_pdf_parse(const char *data, size_t len, nao_pdf *out, char *err,
                  size_t errlen);
void nao_pdf_free(nao_pdf *p);
const char *nao_pdf_strerror(int rc);

#endif
