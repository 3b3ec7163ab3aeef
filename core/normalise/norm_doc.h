/* Per-document state of one af_normalise call.  Lives on the caller's
 * stack; output strings go to the findings arena `a`. */
#ifndef AF_NORM_DOC_H
#define AF_NORM_DOC_H

#include "norm_internal.h"

typedef enum af_src {
  AF_SRC_NONE = 0,
  AF_SRC_NAO,        /* the NAO, its report, its auditors */
  AF_SRC_NAO_PERSON, /* the NAO's head or staff, by name */
  AF_SRC_PERSON,     /* another named speaker */
  AF_SRC_OTHER,      /* a source whose claims are not the NAO's */
  AF_SRC_BODY        /* a public body or its data: neutral */
} af_src;

typedef struct af_seen_speaker {
  const char *name, *role, *org, *as_written, *attribution;
  const char *surname;         /* last word of the canonical name */
  const char *written_surname; /* last word as the document spells it */
  bool response;               /* speaks for an audited body */
} af_seen_speaker;

typedef struct af_doc {
  const af_norm_rules *r;
  af_arena *a;
  const char *t;
  size_t len;
  af_vec findings; /* af_finding */
  af_vec speakers; /* af_seen_speaker */
  int last_speaker;  /* for "he said"; -1 when none */
  int carry_speaker; /* whose quotation may continue; -1 when none */
  bool carry_nao;    /* a passage quoted from the report may continue */
  af_src last_src;   /* what "it" refers to */
  bool nao_active;   /* an NAO finding has been seen */
  bool nao_author;   /* the document is the NAO's own (report page, press
                      * release): its unattributed statements are the NAO's */
  bool scope_section; /* under a heading such as "Scope of the report" */
  size_t block;      /* index of the paragraph being read */
  size_t quote_block; /* 1 + paragraph holding a person's quotation */
  size_t after_other; /* 1 + paragraph where another source's claim came
                       * with no NAO frame after it; 0 when none */
  unsigned stale;     /* sentences since the NAO was last in view */
  bool item;          /* the line being read is a list item */
  bool after_quote;   /* a person was quoted and no NAO frame came since */
  af_report_ref report; /* the NAO report the document covers */
  const af_body *last_dept;
  const char *doc_topic;
} af_doc;

/* speakers.c */
int af_speaker_parse(af_doc *d, size_t s, size_t e); /* index or -1 */
int af_speaker_known(af_doc *d, size_t s, size_t e); /* index or -1 */

/* classify.c */
af_src af_find_frame(af_doc *d, size_t s, size_t e, int *speaker);
int af_classify_sentence(af_doc *d, size_t s, size_t e, bool forced_nao);

/* finding.c */
int af_add_finding(af_doc *d, const char *kind, size_t s, size_t e,
                   const char *attributed_to, int speaker);
void af_note_bodies(af_doc *d, size_t s, size_t e);
const char *af_topic_of(const af_doc *d, size_t s, size_t e);

/* report.c */
void af_find_report(af_doc *d, const af_norm_input *in);

/* quotes.c */
int af_quote_segment(af_doc *d, size_t s, size_t e, bool *handled);
bool af_quote_open_at(const char *t, size_t i, size_t e);

#endif /* AF_NORM_DOC_H */
