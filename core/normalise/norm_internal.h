/* Internal interfaces of the normaliser, shared by its .c files only.
 *
 * Ownership: every string and array a rules object or a findings set
 * points to lives in that object's arena; nothing is freed piecemeal.
 * Functions borrow their pointer arguments unless they say otherwise.
 */
#ifndef AF_NORM_INTERNAL_H
#define AF_NORM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "normalise.h"

/* ---- arena ------------------------------------------------------------ */

typedef struct af__arena_block af__arena_block;
typedef struct af__arena {
  af__arena_block *head;
} af__arena;

void *af__arena_alloc(af__arena *a, size_t n); /* zeroed; NULL on OOM */
char *af__arena_strndup(af__arena *a, const char *s, size_t n);
char *af__arena_strdup(af__arena *a, const char *s);
void af__arena_free(af__arena *a);

/* A growable array of fixed-size items, backed by malloc (not the arena)
 * because it is resized; af__vec_free releases it. */
typedef struct af__vec {
  void *v;
  size_t n, cap, item;
} af__vec;

void af__vec_init(af__vec *v, size_t item);
void *af__vec_push(af__vec *v); /* zeroed new slot, NULL on OOM */
void af__vec_free(af__vec *v);

/* ---- rules ------------------------------------------------------------ */

/* Word-list classes of lexicon.tsv.  The names are what the file uses. */
#define AF_LEX_MAP(XX)                                                     \
  XX(NAO_REF, "nao_ref")             /* names for the NAO or its report */  \
  XX(NAO_STRONG, "nao_strong")       /* names that prove the NAO is meant */\
  XX(REPORT_VERB, "report_verb")     /* verbs that introduce a finding */   \
  XX(FRAME_PREFIX, "frame_prefix")   /* "according to", "in the opinion of"*/\
  XX(SPEECH_VERB, "speech_verb")     /* verbs that attribute a quotation */ \
  XX(OTHER_SOURCE, "other_source")   /* sources whose claims are not NAO's */\
  XX(SCOPE, "scope")                 /* what a report covers, not finds */  \
  XX(VERDICT_STRONG, "verdict_strong")                                      \
  XX(VERDICT_WEAK, "verdict_weak")                                          \
  XX(RECOMMEND, "recommend")                                                \
  XX(MODAL, "modal")                 /* should, must: with a body subject */\
  XX(MODAL_SUBJECT, "modal_subject") /* it, they, government: such subjects*/\
  XX(TARGET, "target")                                                      \
  XX(OUTCOME, "outcome")                                                    \
  XX(OPINION, "opinion")             /* the writer's own view */            \
  XX(EXAMPLE, "example")             /* illustrations, not findings */      \
  XX(READER, "reader")               /* words addressing the reader */      \
  XX(BOILERPLATE, "boilerplate")                                            \
  XX(RESPONSE_LEAD, "response_lead") /* "Responding to the report" */       \
  XX(RESPONSE_ROLE, "response_role") /* spokesperson, permanent secretary */\
  XX(POLITICIAN_ROLE, "politician_role")                                    \
  XX(PRONOUN, "pronoun")             /* he / she: the last named speaker */ \
  XX(TITLE, "title")                 /* Sir, Dame, Professor, Dr */         \
  XX(ABBREV, "abbrev")               /* abbreviations ending in a dot */    \
  XX(SENTENCE_START, "sentence_start") /* words that open a sentence */     \
  XX(NUMBER, "number")               /* spelled numbers, value column */    \
  XX(SCALE, "scale")                 /* bn, million: value column */        \
  XX(FRACTION, "fraction")           /* "two-thirds" (of): value = ratio */ \
  XX(QUALIFIER, "qualifier")         /* "more than": value = canonical */   \
  XX(NAME_PREFIX, "name_prefix")     /* "Section 114", "HC 723" */          \
  XX(XREF, "xref")                   /* "paragraphs", "Figure": see xrefs.c */\
  XX(TIME_UNIT, "time_unit")         /* years, months: durations, ages */   \
  XX(MONTH, "month")                                                        \
  XX(ROLE_CUE, "role_cue")           /* value = figure role */              \
  XX(BY_VERB, "by_verb")             /* "rose ... by": value = figure role */\
  XX(PERIOD, "period")               /* "last year", "this year" */         \
  XX(MEASURE_STOP, "measure_stop")   /* words that end a measure phrase */  \
  XX(DEPT_ANAPHOR, "dept_anaphor")   /* "the Department" */                 \
  XX(AUDITED_TYPE, "audited_type")   /* gazetteer types that answer NAO */  \
  XX(TOPIC, "topic")                 /* keyword, value = topic id */        \
  XX(SCOPE_HEADING, "scope_heading") /* sections that describe, not find */\
  XX(REPRESENT_TYPE, "represent_type") /* gazetteer types whose office-   \
                                        * holders answer for the audited */\
  XX(PARTISAN, "partisan")           /* party or opposition role words */  \
  XX(SHORTFALL, "shortfall")         /* "fell short of": a missed plan */   \
  XX(SLIPPAGE, "slippage")           /* "later than planned": no figure */  \
  XX(BACKGROUND, "background")       /* "was introduced in": context */     \
  XX(FRACTION_LEAD, "fraction_lead") /* "from" before "a third" */       \
  XX(COMPARE, "compare")             /* "more than", "exceed": before a */  \
  XX(PLAN_NOUN, "plan_noun")         /* budget, target: what is compared */\
  XX(OCCASION, "occasion")           /* "speaking", "responding": not a role*/\
  XX(MULTIPLE, "multiple")           /* "as", "higher" after "three times" */\
  XX(MULTIPLE_WORD, "multiple_word") /* "twice": value = the multiple */     \
  XX(COUNT_LEAD, "count_lead")       /* "just" before a spelled count */    \
  XX(REPRESENTS, "represents")       /* body id; value = whom it speaks for */\
  XX(CONTRAST, "contrast")           /* ", but", ", while": clauses set   */\
                                     /* against each other */             \
  XX(NEGATION, "negation")           /* not, no, cannot: a denial */     \
  XX(REPLY_OWNER, "reply_owner")     /* "a government spokesperson": the */\
                                     /* audited side, unnamed */          \
  XX(PLAN_BASE, "plan_base")         /* "more than they had budgeted": a */\
                                     /* comparison against a plan */      \
  XX(FUTURE, "future")               /* will, would: a future verb */      \
  XX(PERIOD_ANAPHOR, "period_anaphor") /* "over the same period" */

typedef enum af__lex_class {
#define AF_LEX_ENUM(id, name) AF_LEX_##id,
  AF_LEX_MAP(AF_LEX_ENUM)
#undef AF_LEX_ENUM
  AF_LEX__COUNT
} af__lex_class;

typedef struct af__lex_list {
  const char **phrase;
  const char **value;
  size_t n, cap;
} af__lex_list;

typedef struct af__body_form {
  const char *form;    /* surface form */
  const char *display; /* full name it stands for (former names kept) */
  bool fold;           /* match ignoring case */
} af__body_form;

typedef struct af__body {
  const char *id, *name, *type;
  af__body_form *forms;
  size_t n_forms;
} af__body;

typedef struct af__person {
  const char *name, *role, *org, *attribution;
  const char **variants;
  size_t n_variants;
} af__person;

struct af__norm_rules {
  af__arena arena;
  af__lex_list lex[AF_LEX__COUNT];
  af__body *bodies;
  size_t n_bodies;
  af__person *people;
  size_t n_people;
  af__norm_report *reports; /* the seed catalogue (reports.tsv) */
  size_t n_reports;
};

/* Parsers for each rules file; `name` is used in "file:line: problem". */
int af__rules_parse_lexicon(af__norm_rules *r, const char *name,
                           const char *buf, size_t len, char *err,
                           size_t errlen);
int af__rules_parse_bodies(af__norm_rules *r, const char *name,
                          const char *buf, size_t len, char *err,
                          size_t errlen);
int af__rules_parse_people(af__norm_rules *r, const char *name,
                          const char *buf, size_t len, char *err,
                          size_t errlen);
int af__rules_parse_reports(af__norm_rules *r, const char *name,
                           const char *buf, size_t len, char *err,
                           size_t errlen);
af__norm_rules *af__rules_new(void);

/* ---- text scanning ------------------------------------------------------ */

/* A slice [s, e) of the document text. */
typedef struct af__span {
  size_t s, e;
} af__span;

/* Folded code point at t[*i] (ASCII lower-cased, curly quotes and
 * apostrophes mapped to ASCII, NBSP to space); advances *i. */
unsigned af__fold_next(const char *t, size_t *i, size_t end);
unsigned af__cp_at(const char *t, size_t i, size_t end, size_t *len);
/* Start of the code point that ends before i (i > lo; never before lo). */
size_t af__cp_before(const char *t, size_t lo, size_t i);
bool af__is_space_cp(unsigned c);
bool af__is_word_cp(unsigned c);
bool af__is_upper_at(const char *t, size_t i, size_t end);
bool af__is_dquote(unsigned c);
bool af__is_squote(unsigned c);

/* Does `phrase` occur at t[i] on word boundaries?  Returns the end offset
 * or 0.  `fold` ignores case. */
size_t af__match_at(const char *t, size_t i, size_t end, const char *phrase,
                   bool fold);
/* First occurrence of any phrase of a class in [s, e); *which gets the
 * index, *mend the match end.  Returns the start or (size_t)-1. */
size_t af__find_class(const af__norm_rules *r, af__lex_class c, const char *t,
                     size_t s, size_t e, size_t *which, size_t *mend);
size_t af__find_phrase(const char *t, size_t s, size_t e, const char *phrase,
                      bool fold, size_t *mend);
bool af__has_class(const af__norm_rules *r, af__lex_class c, const char *t,
                  size_t s, size_t e);
/* Is the word t[s,e) in class c (whole-word, case folded)? */
bool af__word_in_class(const af__norm_rules *r, af__lex_class c, const char *t,
                      size_t s, size_t e, const char **value);
size_t af__skip_space(const char *t, size_t i, size_t end);
size_t af__trim_end(const char *t, size_t s, size_t e);
size_t af__word_end(const char *t, size_t i, size_t end);
size_t af__prev_word_start(const char *t, size_t lo, size_t i);
size_t af__count_words(const char *t, size_t s, size_t e);

/* ---- sentences ---------------------------------------------------------- */

/* Split one line into sentences, keeping a quotation that spans sentences
 * in one piece.  Appends af__span items to `out`. */
int af__split_sentences(const af__norm_rules *r, const char *t, size_t s,
                       size_t e, af__vec *out);

/* ---- figures ------------------------------------------------------------ */

/* A cross-reference to a place in a report starting at t[i] ("paragraphs
 * 1.4 to 1.7", "Figure 3", "paragraph 2.3 and Figure 12"): its end, or i
 * when there is none there (xrefs.c). */
size_t af__xref_end(const af__norm_rules *r, const char *t, size_t i, size_t e);

/* Scan [s, e) for figures; appends af_figure items (strings in `a`). */
int af__scan_figures(const af__norm_rules *r, af__arena *a, const char *t,
                    size_t s, size_t e, af__vec *out);

/* Roles and periods of the figures f[0..n) of the sentence [s, e);
 * qstart[k] is where figure k's qualifier (or the figure) starts. */
void af__figure_roles(const af__norm_rules *r, af__arena *a, const char *t,
                      size_t s, size_t e, af_figure *f, const size_t *qstart,
                      size_t n);
void af__figure_set_years(af_figure *f, int from, int to);
/* measures.c: what each of f[0..n) counts (after their roles are known),
 * a short lower-cased noun phrase in `a`, or NULL. */
void af__figure_measures(const af__norm_rules *r, af__arena *a, const char *t,
                         size_t s, size_t e, af_figure *f,
                         const size_t *qstart, size_t n);
/* periods.c: the periods of f[0..n) (after their roles are known); a
 * period named by reference ("over the same period") gets years -1. */
void af__figure_periods(const af__norm_rules *r, af__arena *a, const char *t,
                        size_t s, size_t e, af_figure *f, const size_t *qstart,
                        size_t n);
/* A four-digit year 1900..2100 at i (not "2020s", not inside a number). */
bool af__year_at(const char *t, size_t i, size_t hi, int *y);

/* ---- bodies and topic ---------------------------------------------------- */

size_t af__body_at(const af__norm_rules *r, const char *t, size_t i, size_t e,
                  const af__body **b, const char **display);
const af__body *af__body_by_id(const af__norm_rules *r, const char *id);
/* First gazetteer body named in [s, e); *display gets the full name of
 * the matched form. */
const af__body *af__first_body(const af__norm_rules *r, const char *t, size_t s,
                             size_t e, const char **display, size_t *at);

#endif /* AF_NORM_INTERNAL_H */
