/* The normaliser: a document's text in, finding records out (the schema is
 * documented in the README).  A pure library: no loop, no network, no
 * files; af__normalise is safe to call from several threads at once with the
 * same rules.  Rules, word lists and the gazetteer are data (config/
 * normaliser/); af__norm_rules_parse takes their bytes, af__norm_rules_load
 * (rules_load.c, the only part that touches files) reads a directory.
 *
 * Ownership: af__normalise fills an af__findings that owns every string and
 * array its findings point to; af__findings_free releases it.  Finding ids are
 * left NULL: the core assigns them (they depend on the document id).
 */
#ifndef AF_NORMALISE_H
#define AF_NORMALISE_H

#include <stddef.h>

#include <auditfeed/record.h>

#define AF_NORMALISER_VERSION "normalise/0.1"

typedef struct af__norm_rules af__norm_rules;

/* One NAO report a finding may cite: an entry of the seed catalogue
 * (reports.tsv, read with the rules) or a report the pipeline has stored.
 * Strings are borrowed; `id` may be NULL, the core then derives it from
 * `url` as it does document ids. */
typedef struct af__norm_report {
  const char *id;
  const char *title;
  const char *published; /* YYYY-MM-DD or YYYY-MM */
  const char *hc;        /* "HC 308", or NULL */
  const char *url;       /* landing page */
  const char *const *bodies; /* gazetteer ids of the audited bodies */
  size_t n_bodies;
} af__norm_report;

typedef struct af__norm_input {
  const char *title;
  const char *publisher;
  const char *published; /* ISO date or NULL */
  const char *url;
  const char *doc_kind;  /* "nao_report": its findings cite the document */
  const char *text;      /* paragraphs joined by "\n\n"; spans index into it */
  const af_para *paras;  /* contiguous; paras[i].offset indexes into text */
  size_t n_paras;
  /* Reports the pipeline has stored, besides the rules' seed catalogue;
   * borrowed for the call. */
  const af__norm_report *const *reports;
  size_t n_reports;
} af__norm_input;

typedef struct af__findings {
  af_finding **v; /* each finding, and everything it points to, in `owner` */
  size_t n;
  void *owner; /* private: the allocations behind v */
} af__findings;

/* Load every rules file from `dir` (e.g. config/normaliser).  Returns 0 or
 * an AF_E* code with "file:line: problem" in err. */
int af__norm_rules_load(const char *dir, af__norm_rules **out, char *err,
                       size_t errlen);
void af__norm_rules_free(af__norm_rules *r);

int af__normalise(const af__norm_rules *r, const af__norm_input *in,
                 af__findings *out);
void af__findings_free(af__findings *f);

#endif /* AF_NORMALISE_H */
