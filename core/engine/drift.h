/* Yield drift: per source, what a run yields (documents, the share with a
 * title, a date and a body, body length, findings per document) against a
 * rolling baseline of earlier runs kept in the state store.  A run far
 * below its baseline is the signature of a site redesign breaking the
 * extractor, which no fetch error shows: it is logged (`yield_drift`,
 * naming the source and the measure) and exposed as metrics.
 *
 * The baseline is an exponentially weighted mean per measure (weight 1/n
 * for the first runs, then 0.2), alarmed after MIN_RUNS runs; a run that
 * raised the alarm is not folded in, so the alarm stays until the source
 * yields again (or its baseline rows are removed from the store).
 * Measures per document are judged only on runs of at least MIN_DOCS
 * documents.  Loop thread only. */
#ifndef AF_DRIFT_H
#define AF_DRIFT_H

#include <auditfeed/record.h>

#include "state.h"

typedef struct af__yield {
  long docs, with_title, with_date, with_body, findings;
  double body_chars;
} af__yield;

/* Counts one processed document (new, revised or unchanged). */
void af__yield_doc(af__yield *y, const af_document *d);

/* Judges a source's run against its baseline, updates the baseline, logs
 * each alarm and stores the yield, baseline and alarm gauges in the
 * metrics scope.  Returns the number of measures in alarm, or AF_E*. */
int af__drift_check(af__state *st, const char *source, const af__yield *y);

#endif /* AF_DRIFT_H */
