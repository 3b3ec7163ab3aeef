/* NAO reports the pipeline has seen, and the figures findings quote from
 * them, in the state store: the catalogue news findings are linked to, and
 * what the misquote check compares.  Loop thread only.
 *
 * Tables: reports(id, title, published, hc, url, bodies, seen) and
 * report_figures(report_id, doc_id, finding_id, own, raw, value, unit,
 * role, measure, qualifier, from_year, to_year); `own` is 1 for the
 * report's own findings, 0 for news findings that cite it.
 */
#ifndef AF_REPORTS_H
#define AF_REPORTS_H

#include <stddef.h>

#include "misquote.h"
#include "state.h"

int af__reports_init(af__state *s);

/* Record (or refresh) a report; bodies "; "-joined or NULL. */
int af__reports_put(af__state *s, const char *id, const char *title,
                    const char *published, const char *hc, const char *url,
                    const char *bodies);

/* Calls fn for each stored report; a non-zero return stops and is
 * returned. */
typedef int (*af__report_fn)(void *ctx, const char *id, const char *title,
                             const char *published, const char *hc,
                             const char *url, const char *bodies);
int af__reports_each(af__state *s, af__report_fn fn, void *ctx);

/* Replace what document doc_id quotes from report_id with f[0..n). */
int af__report_figs_replace(af__state *s, const char *report_id,
                            const char *doc_id, int own,
                            const af__fig_fact *f, size_t n);

/* Calls fn for each stored figure of report_id with the given `own`, from
 * documents other than skip_doc. */
typedef int (*af__fig_fn)(void *ctx, const af__fig_fact *f);
int af__report_figs_each(af__state *s, const char *report_id, int own,
                         const char *skip_doc, af__fig_fn fn, void *ctx);

#endif /* AF_REPORTS_H */
