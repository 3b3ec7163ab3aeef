/* auditfeed records: the document and the finding, as sinks see them.
 *
 * Ownership: every record a plugin is shown is owned by the core and is
 * read-only.  A sink may read a record only while the batch that holds it
 * is live (until it calls api->batch_done for that batch); copy anything it
 * needs longer.  Strings are UTF-8 and NUL-terminated; a NULL string means
 * "unknown".  Dates are ISO 8601 ("2019-01-24" or "2019-01-24T09:30:00Z").
 *
 * ABI (since 2.0): every struct here can grow within a major version, and
 * a plugin built against older headers keeps working, because
 *   - every struct starts with `size`, the sizeof() of the core that made
 *     it, and members are only ever appended at the end, each tagged
 *     "since 2.N";
 *   - arrays are arrays of pointers (`const af_finding *const *findings`),
 *     so a plugin never steps through records by its own idea of their
 *     size, and nested records are reached by pointer;
 *   - a plugin reads a member added after the headers it was built with
 *     only when AF_HAS_MEMBER(ptr, type, member) says the core filled it.
 * Members present in 2.0 need no check.
 */
#ifndef AUDITFEED_RECORD_H
#define AUDITFEED_RECORD_H

#include <stddef.h>
#include <stdint.h>

#define AF_HAS_MEMBER(ptr, type, member) \
  ((ptr)->size >= offsetof(type, member) + sizeof((ptr)->member))

/* Test-only.  tests/core/abi_growth.sh builds a second core with
 * -DAF_TEST_RECORD_GROWTH, which appends a member to every record as a
 * later 2.N would, and checks that plugins built without it read every
 * record the same.  Never defined in a real build. */
#ifdef AF_TEST_RECORD_GROWTH
#define AF__TEST_GROWN_MEMBER char af__test_grown[40];
#else
#define AF__TEST_GROWN_MEMBER
#endif

/* One block of the document body. */
typedef enum af_para_kind {
  AF_PARA_TEXT = 0,    /* an ordinary paragraph */
  AF_PARA_HEADING = 1, /* a section heading; `level` is 1..6 */
  AF_PARA_ITEM = 2,    /* a list item */
  AF_PARA_QUOTE = 3,   /* a block quotation */
  AF_PARA_TABLE = 4,   /* one table row, cells joined by " | " */
  AF_PARA_COMMENT = 5  /* since 2.2: a reader's comment, after the article;
                          only when the source asks for comments */
} af_para_kind;

typedef struct af_para {
  size_t size;   /* sizeof(af_para) of the core that made it */
  const char *text;
  int kind;  /* af_para_kind */
  int level; /* heading level, 0 otherwise */
  size_t offset; /* byte offset of this paragraph in af_document.text */
  const char *number; /* a report's paragraph number ("2.3", "a"), or NULL */
  AF__TEST_GROWN_MEMBER
} af_para;

/* A figure: a number the finding reports, normalised. */
typedef struct af_figure {
  size_t size;            /* sizeof(af_figure) of the core that made it */
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
  /* since 2.1: the period's first and last calendar years ("2017-18":
   * 2017 and 2018, "since 2010": 2010 and 0); 0 when open or unknown */
  int start_year, end_year;
  AF__TEST_GROWN_MEMBER
} af_figure;

typedef struct af_speaker {
  size_t size;              /* sizeof(af_speaker) of the core that made it */
  const char *name;         /* canonical person, or a role for an unnamed spokesperson */
  const char *role;         /* "head of the NAO" */
  const char *organisation; /* "National Audit Office" */
  const char *as_written;   /* the name as the document spells it, when it differs */
  AF__TEST_GROWN_MEMBER
} af_speaker;

/* The NAO report a finding cites.  Every member but `size` may be NULL
 * (a report known only by its title, say). */
typedef struct af_report_ref {
  size_t size;           /* sizeof(af_report_ref) of the core that made it */
  const char *id;        /* stable report id (from the canonical landing URL), or NULL */
  const char *title;
  const char *published;
  const char *hc;        /* "HC 723" */
  const char *url;       /* the report's landing page */
  const char *basis;     /* how the finding was tied to it: link title hc inferred */
  double confidence;     /* 0..1 for that tie; 1 for the report's own findings */
  AF__TEST_GROWN_MEMBER
} af_report_ref;

/* since 2.1: a figure of this finding that disagrees with the same
 * quantity (unit, role, measure, period) in another finding about the
 * same NAO report: a news article's figure against the report's own, or
 * the report's against an article that misquotes it.  Rounding ("£5.3bn"
 * for £5,278m) and approximate wording ("almost a third" for 32%) are not
 * discrepancies. */
typedef struct af_discrepancy {
  size_t size;               /* sizeof(af_discrepancy) of the core that made it */
  const char *report_id;     /* the report both findings are about */
  const char *other_finding; /* id of the finding it disagrees with */
  const char *other_doc;     /* id of that finding's document */
  const char *raw;           /* this finding's figure as written */
  const char *other_raw;     /* the other figure as written */
  double value, other_value; /* both in base units (ratios as written) */
  const char *unit;          /* this figure's unit */
  double relative;           /* |a - b| / max(|a|, |b|), on one scale */
  AF__TEST_GROWN_MEMBER
} af_discrepancy;

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
  const af_figure *const *figures;
  size_t n_figures;
  const af_speaker *speaker;    /* NULL unless someone is quoted */
  const af_report_ref *report;  /* NULL when it cites no NAO report */
  /* since 2.1: figures that disagree with another finding about the same
   * report (the misquote check); NULL and 0 when none */
  const af_discrepancy *const *discrepancies;
  size_t n_discrepancies;
  AF__TEST_GROWN_MEMBER
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
  const af_para *const *paras;
  size_t n_paras;

  const af_finding *const *findings;
  size_t n_findings;

  /* since 2.1: a document that is an NAO report itself (doc_kind
   * "nao_report", from the nao source); NULL / 0 for any other document.
   * Sources set them with doc_set: "report_type", "hc", "session",
   * "pdf_url", "summary_pdf_url", "pages" and "body" (repeat it, one
   * audited body each); the core builds `report` from these, the title,
   * the date and the canonical URL, and sets it on every finding of the
   * document that cites no other report (basis "self", confidence 1). */
  const af_report_ref *report;   /* the report this document is.  report->id
                                    is the first 16 hex digits of the SHA-1
                                    of the canonical landing URL: the id
                                    findings elsewhere cite it by */
  const char *report_type;       /* "Value for money report", "Investigation" */
  const char *session;           /* parliamentary session, "2023-24" */
  const char *pdf_url;           /* the full report, as the page links it */
  const char *summary_pdf_url;   /* its summary, as the page links it */
  long pages;                    /* the PDF's page count; 0 when not read */
  const char *const *audited_bodies; /* as the report names them */
  size_t n_audited_bodies;
  AF__TEST_GROWN_MEMBER
} af_document;

#endif /* AUDITFEED_RECORD_H */
