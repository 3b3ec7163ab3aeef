/* The article extractor: HTML (or plain text) bytes in, the article's
 * metadata and body paragraphs out.  A pure library: no loop, no network,
 * no files, no global state, safe to call from any thread at once.
 *
 * Ownership: af_extract_* fill a caller-provided af__extracted whose strings
 * and arrays are owned by it; af__extracted_free releases them (and accepts a
 * zeroed or already-freed struct).
 */
#ifndef AF_EXTRACT_H
#define AF_EXTRACT_H

#include <stddef.h>

#include <auditfeed/record.h>

#define AF_EXTRACTOR_VERSION "extract/0.1"

typedef struct af__xpara {
  char *text;  /* whitespace-normalised UTF-8, never empty */
  int kind;    /* af_para_kind */
  int level;   /* heading level 1..6, else 0 */
} af__xpara;

typedef struct af__extracted {
  char *title;
  char *byline;        /* "Tom Forrest" or "Tom Forrest and Ann Lee" */
  char *published;     /* ISO 8601, the day as the page gives it: "2013-12-03",
                          "2013-12-03T10:00:00Z" or "...T10:00:00-05:00" */
  char *publisher;
  char *language;      /* "en", "en-GB", ... */
  char *canonical_url; /* absolute, from rel=canonical / og:url, else NULL */
  char *description;   /* meta description / og:description */
  char *doc_kind;      /* a hint, e.g. "news", or NULL */
  af__xpara *paras;
  size_t n_paras;
} af__extracted;

typedef struct af__extract_limits {
  size_t max_bytes;     /* input size; 0 = default (32 MiB) */
  size_t max_depth;     /* element nesting kept as is; deeper subtrees are
                           flattened to blocks of text; 0 = default (1000) */
  size_t max_nodes;     /* DOM nodes; 0 = default (2,000,000) */
  size_t max_text;      /* bytes of extracted text; 0 = default (8 MiB) */
  int comments;         /* not a limit but a choice: 1 adds the page's
                           reader comments after the article, as
                           AF_PARA_COMMENT paragraphs; 0 (default) leaves
                           them out */
} af__extract_limits;

/* Extract an article from an HTML page.  `url` (may be NULL) resolves
 * relative canonical links.  `lim` may be NULL for the defaults.
 * Returns 0, or AF_ELIMIT / AF_EPARSE / AF_ENOMEM with a message in err. */
int af__extract_html(const char *html, size_t len, const char *url,
                    const af__extract_limits *lim, af__extracted *out,
                    char *err, size_t errlen);

/* Plain text: the first non-empty line is the title, blank-line separated
 * blocks become paragraphs (single newlines inside a block are joined). */
int af__extract_text(const char *txt, size_t len, af__extracted *out,
                    char *err, size_t errlen);

void af__extracted_free(af__extracted *x);

#endif /* AF_EXTRACT_H */
