/* Documents inside the core: built by a source (af_docb, opaque to
 * plugins), processed on the thread pool (extract, hash, ids, normalise),
 * then shown to sinks as the read-only af_document view in `pub`.
 *
 * Ownership: an af_docb owns every string and array `pub` points to, plus
 * the raw body until processing drops it.  af__doc_free accepts NULL.
 */
#ifndef AF_DOC_H
#define AF_DOC_H

#include <stddef.h>

#include <jansson.h>

#include <auditfeed/plugin.h>

#include "normalise.h"

/* Every string member of af_document, all owned by the af__doc. */
#define DOC_STRINGS(X)                                                       \
  X(id) X(trace_id) X(source) X(plugin) X(plugin_version) X(url)             \
  X(final_url) X(canonical_url) X(fetched) X(content_hash) X(prev_hash)      \
  X(extractor_version) X(normaliser_version) X(doc_kind) X(publisher)        \
  X(title) X(byline) X(published) X(language) X(summary) X(text)          \
  X(report_type) X(session) X(pdf_url) X(summary_pdf_url)

enum af__dedup { AF_DEDUP_CANONICAL = 0, AF_DEDUP_URL = 1, AF_DEDUP_OFF = 2 };

struct af_docb {
  af_document pub;

  /* builder input */
  char *body;
  size_t body_len;
  char *content_type;
  char *etag, *last_modified;
  struct { char *text; int kind; int level; char *number; } *blocks; /* set by the source */
  size_t n_blocks, cap_blocks;

  /* owned storage behind pub: every string field of pub is malloc'd and
   * owned here (see the field table in doc.c) */
  af_para *paras;             /* contiguous, as the normaliser reads them */
  const af_para **para_ptrs;  /* what pub.paras points to */
  af__findings findings;
  char **finding_ids;

  struct { char *field, *value; } *fallbacks; /* doc_set_fallback */
  size_t n_fallbacks;

  /* a document read back from the spool: its findings' strings live in
   * `loaded`, their arrays in `loaded_mem` (both freed with the document) */
  json_t *loaded;
  void *loaded_mem;

  /* a report's own document (see af_document.report) */
  char *hc, *report_id;
  char **bodies;         /* what pub.audited_bodies points to */
  size_t n_bodies;
  af_report_ref report;  /* what pub.report points to, once built */

  /* the run's catalogue of NAO reports, a snapshot the engine takes on
   * the loop before processing (borrowed; see catalogue.h) */
  const af__norm_report *const *reports;
  size_t n_reports;

  /* blocks the document owns besides those above, freed with it: the
   * misquote check's records, report references given their ids */
  void **kept;
  size_t n_kept;

  void *origin;          /* the source instance that emitted it (engine) */
  void *dist;            /* engine = nats: the frontier or records job it
                            belongs to (core/dist/worker.c), or NULL */
  int dist_failed;       /* ...and whether its journey failed */
  int error;             /* processing error, AF_E* */
  char errmsg[256];
};
typedef struct af_docb af__doc;

af__doc *af__doc_new(const char *url);
void af__doc_free(af__doc *d);
int af__doc_set(af__doc *d, const char *field, const char *value);
/* Used only when neither the source nor the extractor set the field. */
int af__doc_set_fallback(af__doc *d, const char *field, const char *value);
int af__doc_set_body(af__doc *d, const char *content_type, const char *body,
                    size_t len);
int af__doc_set_response(af__doc *d, const af_response *res);

/* For a document of kind "nao_report": builds pub.report (id from the
 * canonical URL) and points pub.audited_bodies at the bodies.  0 or
 * AF_ENOMEM; a no-op for other kinds. */
int af__doc_report_build(af__doc *d);

/* Points pub.paras at d->paras (n of them, every `size` set), as the ABI
 * shows them: an array of pointers.  AF_ENOMEM on failure. */
int af__doc_publish_paras(af__doc *d, size_t n);

/* CPU work, any thread: extract the body, fill text/paras, canonical URL,
 * ids, content hash, then run the normaliser (rules may be NULL: no
 * findings).  Returns 0 or AF_E* with d->errmsg set. */
int af__doc_process(af__doc *d, const af__norm_rules *rules, int dedup);

/* Memory the document owns from now on: af__doc_keep takes p (and frees
 * it when it cannot, returning AF_ENOMEM); af__doc_alloc returns zeroed
 * memory and af__doc_strdup a copy (NULL for NULL), both freed with d. */
int af__doc_keep(af__doc *d, void *p);
void *af__doc_alloc(af__doc *d, size_t n);
char *af__doc_strdup(af__doc *d, const char *s);

/* JSON views (jansson); NULL on allocation failure. */
json_t *af__doc_to_json(const af_document *doc, int with_findings);
json_t *af__finding_to_json(const af_document *doc, const af_finding *f);
char *af__doc_to_json_str(const af_document *doc, int with_findings);
/* The inverse of af__doc_to_json(doc, 1), for the spool: a processed
 * document the caller owns (af__doc_free), or NULL with the reason in err. */
af__doc *af__doc_from_json(const char *json, size_t len, char *err,
                         size_t errlen);

/* A document as a source built it, before processing (fields, response,
 * validators, content type, fallbacks, blocks), and back: how an isolated
 * source's child hands documents to the core (isolate.c).  The body is not
 * in it: it travels as raw bytes after the JSON line, and the reader sets
 * it with af__doc_set_body. */
json_t *af__doc_raw_to_json(const af__doc *d);
af__doc *af__doc_raw_from_json(json_t *o);
char *af__finding_to_json_str(const af_document *doc, const af_finding *f);

/* Hex digests (sha1 / sha256) of a buffer into out (41 / 65 bytes). */
void af__sha1_hex(const void *data, size_t len, char out[41]);
void af__sha256_hex(const void *data, size_t len, char out[65]);
/* ISO 8601 UTC for a time_t into out[32]. */
void af__iso_time(long long t, char out[32]);
/* A random 16-hex-digit id (trace ids, run ids). */
void af__random_id(char out[17]);

#endif /* AF_DOC_H */
