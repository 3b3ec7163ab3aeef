/* auditfeed records: the document and the finding, as sinks see them.
 *
 * Ownership: every record a plugin is shown is owned by the core and is
 * read-only.  A sink may read a record only while the batch that holds it
 * is live (until it calls api->batch_done for that batch); copy anything it
 * needs longer.  Strings are UTF-8 and NUL-terminated; a NULL string means
 * "unknown".  Dates are ISO 8601 ("2019-01-24" or "2019-01-24T09:30:00Z").
 *
 * ABI: these structs only grow at the end.  A sink that reads a member added
 * in a later minor version checks `size` first (AF_HAS_MEMBER below).
 */
#ifndef AUDITFEED_RECORD_H
#define AUDITFEED_RECORD_H

#include <stddef.h>
#include <stdint.h>

#define AF_HAS_MEMBER(ptr, type, member) \
  ((ptr)->size >= offsetof(type, member) + sizeof((ptr)->member))

/* One block of the document body. */
typedef enum af_para_kind {
  AF_PARA_TEXT = 0,    /* an ordinary paragraph */
  AF_PARA_HEADING = 1, /* a section heading; `level` is 1..6 */
  AF_PARA_ITEM = 2,    /* a list item */
  AF_PARA_QUOTE = 3,   /* a block quotation */
  AF_PARA_TABLE = 4    /* one table row, cells joined by " | " */
} af_para_kind;

typedef struct af_para {
  const char *text;
  int kind;  /* af_para_kind */
  int level; /* heading level, 0 otherwise */
  size_t offset; /* byte offset of this paragraph in af_document.text */
} af_para;

/* A figure: a number the finding reports, normalised. */
typedef struct af_figure {
  const char *raw;        /* as written: "£5.3bn", "seven per cent" */
  double value;           /* base units: 5300000000, 7 */
  const char *unit;       /* GBP USD EUR percent pp count ratio */
  const char *scale;      /* "million", "billion", or NULL */
  const char *per;        /* "pupil" in "£1,200 per pupil", or NULL */
  const char *qualifier;  /* over around up_to nearly almost more_than at_least, or NULL */
  const char *range;      /* "low" / "high" for "between X and Y", or NULL */
  const char *role;       /* level change target outcome budget forecast share spend */
  const char *measure;    /* what it measures, from the clause, or NULL */
  const char *period;     /* "2017-18", "since 2010", or NULL */
  size_t start, end;      /* byte span of `raw` in af_document.text */
} af_figure;

typedef struct af_speaker {
  const char *name;         /* canonical person, or a role for an unnamed spokesperson */
  const char *role;         /* "head of the NAO" */
  const char *organisation; /* "National Audit Office" */
  const char *as_written;   /* the name as the document spells it, when it differs */
} af_speaker;

typedef struct af_report_ref {
  const char *title;     /* NULL when the finding names no NAO report */
  const char *published;
  const char *hc;        /* "HC 723" */
  const char *url;
} af_report_ref;

typedef struct af_finding {
  size_t size;              /* sizeof(af_finding) of the core that made it */
  const char *id;           /* stable: from the document id and the normalised text */
  const char *kind;         /* figure verdict recommendation target_vs_outcome quote response */
  const char *text;         /* exact text from the document */
  size_t span_start, span_end; /* byte offsets of `text` in af_document.text */
  const char *attributed_to;   /* nao nao_head nao_staff audited_body stakeholder politician author_summary other_source */
  const char *topic;        /* NULL when unknown */
  const char *const *bodies; /* gazetteer ids, e.g. "DfE", "LA" */
  size_t n_bodies;
  const af_figure *figures;
  size_t n_figures;
  af_speaker speaker;       /* speaker.name NULL for non-quotes */
  af_report_ref report;
} af_finding;

typedef struct af_document {
  size_t size;              /* sizeof(af_document) of the core that made it */
  const char *id;           /* stable: from the canonical URL */
  const char *trace_id;     /* the same id on every log line about this document */

  /* provenance */
  const char *source;         /* the configured source instance name */
  const char *plugin;         /* the plugin that produced it */
  const char *plugin_version;
  const char *url;            /* the URL (or file:// path) fetched */
  const char *final_url;      /* after redirects */
  const char *canonical_url;  /* rel=canonical / og:url / cleaned final URL */
  long http_status;           /* 0 for files */
  const char *fetched;        /* when it was fetched, ISO 8601 UTC */
  const char *content_hash;   /* sha256 of title, "\n" and text, hex */
  const char *prev_hash;      /* for a revision: the hash it replaces, else NULL */
  int revision;               /* 1 for the first version seen */
  const char *extractor_version;
  const char *normaliser_version;

  /* content */
  const char *doc_kind;     /* news nao_report_page nao_press_release nao_pdf feed_item text */
  const char *publisher;
  const char *title;
  const char *byline;
  const char *published;
  const char *language;
  const char *summary;      /* feed summary or meta description */
  const char *text;         /* paragraphs joined by "\n\n" */
  const af_para *paras;
  size_t n_paras;

  const af_finding *findings;
  size_t n_findings;
} af_document;

#endif /* AUDITFEED_RECORD_H */
