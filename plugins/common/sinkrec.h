/* Shared by the csv and postgres sinks: how a sink reaches the records
 * nested in a document.  Every sink reads nested records only through
 * these, so a change of the record layout is one edit here.
 *
 * All pointers returned are borrowed from the batch (see record.h).
 */
#ifndef AF_PLUGIN_SINKREC_H
#define AF_PLUGIN_SINKREC_H

#include <auditfeed/record.h>

/* The i-th finding of a document, the k-th figure of a finding. */
#define SINKREC_FINDING(doc, i) ((doc)->findings[(i)])
#define SINKREC_FIGURE(f, k) ((f)->figures[(k)])

/* The speaker of a quote or response, NULL for other findings. */
static inline const af_speaker *sinkrec_speaker(const af_finding *f) {
  return f->speaker && f->speaker->name ? f->speaker : NULL;
}

/* The NAO report a finding cites, NULL when it cites none. */
static inline const af_report_ref *sinkrec_report(const af_finding *f) {
  const af_report_ref *r = f->report;
  return r && (r->title || r->url || r->hc || r->id) ? r : NULL;
}

#define SINKREC_REPORT_ID(r) ((r)->id)
#define SINKREC_REPORT_BASIS(r) ((r)->basis)

#endif
