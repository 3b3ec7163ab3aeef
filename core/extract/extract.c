/* Placeholder extractor: plain text only; HTML support lands with the
 * extractor work. */
#include "extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <auditfeed/errno.h>

void af_extracted_free(af_extracted *x) {
  if (!x)
    return;
  free(x->title);
  free(x->byline);
  free(x->published);
  free(x->publisher);
  free(x->language);
  free(x->canonical_url);
  free(x->description);
  free(x->doc_kind);
  for (size_t i = 0; i < x->n_paras; i++)
    free(x->paras[i].text);
  free(x->paras);
  memset(x, 0, sizeof(*x));
}

int af_extract_html(const char *html, size_t len, const char *url,
                    const af_extract_limits *lim, af_extracted *out,
                    char *err, size_t errlen) {
  (void)html; (void)len; (void)url; (void)lim;
  memset(out, 0, sizeof(*out));
  snprintf(err, errlen, "HTML extraction not available");
  return AF_ENOSYS;
}

int af_extract_text(const char *txt, size_t len, af_extracted *out,
                    char *err, size_t errlen) {
  (void)txt; (void)len; (void)err; (void)errlen;
  memset(out, 0, sizeof(*out));
  return AF_ENOSYS;
}
