/* The catalogue of NAO reports a run links findings to, beyond the rules'
 * seed list: the reports the state store holds and those met during the
 * run.  Owned by the engine, grown on the loop thread only.
 *
 * Pool threads read a snapshot (v, n) taken on the loop when a document is
 * handed to them.  Entries never change once added, and an array that is
 * outgrown is kept until af__catalogue_free, so a snapshot stays valid for
 * the whole run.
 */
#ifndef AF_CATALOGUE_H
#define AF_CATALOGUE_H

#include <stddef.h>

#include "normalise.h"

typedef struct af__catalogue {
  af__norm_report **v; /* the current array */
  size_t n, cap;
  void **old; /* arrays outgrown, freed with the catalogue */
  size_t n_old;
} af__catalogue;

/* Add (copies every string); bodies "; "-joined or NULL.  A report with
 * the id of one already held replaces nothing: the first one stays. */
int af__catalogue_add(af__catalogue *c, const char *id, const char *title,
                      const char *published, const char *hc, const char *url,
                      const char *bodies);
const af__norm_report *af__catalogue_find(const af__catalogue *c,
                                          const char *id);
void af__catalogue_free(af__catalogue *c);

/* The report id for a landing page: the document id its page gets (the
 * SHA-1 of the canonical URL, 16 hex digits), into out[17]. */
void af__report_id(const char *url, char out[17]);

#endif /* AF_CATALOGUE_H */
