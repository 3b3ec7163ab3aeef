/* Per-document state of one af__normalise call.  Lives on the caller's
 * stack; output strings go to the findings arena `a`. */
#ifndef AF_NORM_DOC_H
#define AF_NORM_DOC_H

#include "norm_internal.h"

typedef enum af__src {
  AF_SRC_NONE = 0,
  AF_SRC_NAO,        /* the NAO, its report, its auditors */
  AF_SRC_NAO_PERSON, /* the NAO's head or staff, by name */
  AF_SRC_PERSON,     /* another named speaker */
  AF_SRC_OTHER,      /* a source whose claims are not the NAO's */
  AF_SRC_BODY        /* a public body or its data: neutral */
} af__src;

typedef struct af__seen_speaker {
  const char *name, *role, *org, *as_written, *attribution;
  const char *surname;         /* last word of the canonical name */
  const char *written_surname; /* last word as the document spells it */
  bool response;               /* speaks for an audited body */
} af__seen_speaker;

/* A finding's tie to a report: a catalogue entry (r) or, for a report the
 * catalogue lacks, a quoted title alone. */
typedef struct af__link {
  const af__norm_report *r;
  const char *title; /* set only when r is NULL */
  const char *hc;    /* likewise */
  const char *basis; /* link title hc inferred */
  double conf;
} af__link;

typedef struct af__mention {
  size_t at; /* where the document names the report */
  af__link link;
} af__mention;

typedef struct af__doc {
  const af__norm_rules *r;
  af__arena *a;
  const char *t;
  size_t len;
  af__vec findings; /* af_finding */
  af__vec speakers; /* af__seen_speaker */
  int last_speaker;  /* for "he said"; -1 when none */
  int carry_speaker; /* whose quotation may continue; -1 when none */
  bool carry_nao;    /* a passage quoted from the report may continue */
  af__src last_src;   /* what "it" refers to */
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
  af__vec mentions;  /* af__mention, in text order */
  af__link main;     /* the report the document is about, when firm */
  af__link self;     /* the document is the report itself */
  bool several;      /* the article covers several reports */
  af__link inferred; /* from date and subject, when nothing names one */
  af__link quoted;   /* a quoted title outside the catalogue */
  const af__body *last_dept;
  const af__body *only_dept; /* the one department the whole text names,
                              * for "the department" before it is named */
  bool council_release; /* a council's own press release: its own figures
                         * and claims are no NAO findings */
  const af__body *subject_dept; /* the department the story is plainly
                                 * about, for "the government" */
  const af__body *aside_subject; /* a body opening a sentence that was no
                                  * finding: a later "It" may mean it */
  size_t aside_at;               /* where that sentence starts */
  const af__body *depts[4]; /* departments named so far, first four */
  size_t n_depts;
  const char *doc_topic;
  int span_from, span_to; /* the last span of years a finding's figure
                           * gave, for "over the same period"; 0: none */
} af__doc;

/* speakers.c */
int af__speaker_parse(af__doc *d, size_t s, size_t e); /* index or -1 */
int af__speaker_known(af__doc *d, size_t s, size_t e); /* index or -1 */

/* plan_grammar.c: the grammar of plans in the sentence [s, e), with its
 * figures figs (af_figure) where they matter. */
/* ", but", ", while": where a sentence sets a clause against the one
 * before; (size_t)-1 when it does not. */
size_t af__contrast_at(const af__doc *d, size_t s, size_t e);
bool af__has_class_unquoted(const af__norm_rules *r, af__lex_class c,
                            const char *t, size_t s, size_t e);
bool af__plan_and_outcome(const af__doc *d, size_t s, size_t e);
bool af__compares_to_plan(const af__doc *d, size_t s, size_t e);
bool af__plan_across_contrast(const af__doc *d, const af__vec *figs, size_t s,
                              size_t e);
bool af__part_of_plan(const af__doc *d, const af__vec *figs, size_t e);
bool af__judged_after_contrast(const af__doc *d, const af__vec *figs, size_t s,
                               size_t e);

/* classify.c */
af__src af__find_frame(af__doc *d, size_t s, size_t e, int *speaker);
int af__classify_sentence(af__doc *d, size_t s, size_t e, bool forced_nao);

/* finding.c */
int af__add_finding(af__doc *d, const char *kind, size_t s, size_t e,
                   const char *attributed_to, int speaker);
void af__note_bodies(af__doc *d, size_t s, size_t e);
/* bodies.c: words of [a, b), a gazetteer name counting as one. */
size_t af__words_names_as_one(af__doc *d, size_t a, size_t b);
/* bodies.c: the one department [0, len) names (NULL: none, several) and
 * the one it is plainly about (NULL: none). */
void af__departments_of(const af__norm_rules *r, const char *t, size_t len,
                        const af__body **only, const af__body **subject);
/* bodies.c: where the first council named in [s, e) starts, or -1. */
size_t af__council_named_in(af__doc *d, size_t s, size_t e);
/* classify.c: is the document a council's own press release? */
bool af__council_release(af__doc *d, const char *title);
/* bodies.c: f's bodies from [s, e); f is the last of d->findings. */
int af__collect_bodies(af__doc *d, af_finding *f, size_t s, size_t e,
                       const char *speaker_org);
const char *af__topic_of(const af__doc *d, size_t s, size_t e);

/* report.c */
int af__find_report(af__doc *d, const af__norm_input *in);
af__link af__report_for(const af__doc *d, size_t s);

/* quotes.c */
int af__quote_segment(af__doc *d, size_t s, size_t e, bool *handled);
bool af__quote_open_at(const char *t, size_t i, size_t e);

#endif /* AF_NORM_DOC_H */
