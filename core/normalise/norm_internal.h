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

typedef struct af_arena_block af_arena_block;
typedef struct af_arena {
  af_arena_block *head;
} af_arena;

void *af_arena_alloc(af_arena *a, size_t n); /* zeroed; NULL on OOM */
char *af_arena_strndup(af_arena *a, const char *s, size_t n);
char *af_arena_strdup(af_arena *a, const char *s);
void af_arena_free(af_arena *a);

/* A growable array of fixed-size items, backed by malloc (not the arena)
 * because it is resized; af_vec_free releases it. */
typedef struct af_vec {
  void *v;
  size_t n, cap, item;
} af_vec;

void af_vec_init(af_vec *v, size_t item);
void *af_vec_push(af_vec *v); /* zeroed new slot, NULL on OOM */
void af_vec_free(af_vec *v);

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
  XX(TIME_UNIT, "time_unit")         /* years, months: durations, ages */   \
  XX(MONTH, "month")                                                        \
  XX(ROLE_CUE, "role_cue")           /* value = figure role */              \
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
  XX(COUNT_LEAD, "count_lead")       /* "just" before a spelled count */

typedef enum af_lex_class {
#define AF_LEX_ENUM(id, name) AF_LEX_##id,
  AF_LEX_MAP(AF_LEX_ENUM)
#undef AF_LEX_ENUM
  AF_LEX__COUNT
} af_lex_class;

typedef struct af_lex_list {
  const char **phrase;
  const char **value;
  size_t n, cap;
} af_lex_list;

typedef struct af_body_form {
  const char *form;    /* surface form */
  const char *display; /* full name it stands for (former names kept) */
  bool fold;           /* match ignoring case */
} af_body_form;

typedef struct af_body {
  const char *id, *name, *type;
  af_body_form *forms;
  size_t n_forms;
} af_body;

typedef struct af_person {
  const char *name, *role, *org, *attribution;
  const char **variants;
  size_t n_variants;
} af_person;

struct af_norm_rules {
  af_arena arena;
  af_lex_list lex[AF_LEX__COUNT];
  af_body *bodies;
  size_t n_bodies;
  af_person *people;
  size_t n_people;
};

/* Parsers for each rules file; `name` is used in "file:line: problem". */
int af_rules_parse_lexicon(af_norm_rules *r, const char *name,
                           const char *buf, size_t len, char *err,
                           size_t errlen);
int af_rules_parse_bodies(af_norm_rules *r, const char *name,
                          const char *buf, size_t len, char *err,
                          size_t errlen);
int af_rules_parse_people(af_norm_rules *r, const char *name,
                          const char *buf, size_t len, char *err,
                          size_t errlen);
af_norm_rules *af_rules_new(void);

/* ---- text scanning ------------------------------------------------------ */

/* A slice [s, e) of the document text. */
typedef struct af_span {
  size_t s, e;
} af_span;

/* Folded code point at t[*i] (ASCII lower-cased, curly quotes and
 * apostrophes mapped to ASCII, NBSP to space); advances *i. */
unsigned af_fold_next(const char *t, size_t *i, size_t end);
unsigned af_cp_at(const char *t, size_t i, size_t end, size_t *len);
bool af_is_space_cp(unsigned c);
bool af_is_word_cp(unsigned c);
bool af_is_upper_at(const char *t, size_t i, size_t end);
bool af_is_dquote(unsigned c);
bool af_is_squote(unsigned c);

/* Does `phrase` occur at t[i] on word boundaries?  Returns the end offset
 * or 0.  `fold` ignores case. */
size_t af_match_at(const char *t, size_t i, size_t end, const char *phrase,
                   bool fold);
/* First occurrence of any phrase of a class in [s, e); *which gets the
 * index, *mend the match end.  Returns the start or (size_t)-1. */
size_t af_find_class(const af_norm_rules *r, af_lex_class c, const char *t,
                     size_t s, size_t e, size_t *which, size_t *mend);
size_t af_find_phrase(const char *t, size_t s, size_t e, const char *phrase,
                      bool fold, size_t *mend);
bool af_has_class(const af_norm_rules *r, af_lex_class c, const char *t,
                  size_t s, size_t e);
/* Is the word t[s,e) in class c (whole-word, case folded)? */
bool af_word_in_class(const af_norm_rules *r, af_lex_class c, const char *t,
                      size_t s, size_t e, const char **value);
size_t af_skip_space(const char *t, size_t i, size_t end);
size_t af_trim_end(const char *t, size_t s, size_t e);
size_t af_word_end(const char *t, size_t i, size_t end);
size_t af_prev_word_start(const char *t, size_t lo, size_t i);
size_t af_count_words(const char *t, size_t s, size_t e);

/* ---- sentences ---------------------------------------------------------- */

/* Split one line into sentences, keeping a quotation that spans sentences
 * in one piece.  Appends af_span items to `out`. */
int af_split_sentences(const af_norm_rules *r, const char *t, size_t s,
                       size_t e, af_vec *out);

/* ---- figures ------------------------------------------------------------ */

/* Scan [s, e) for figures; appends af_figure items (strings in `a`). */
int af_scan_figures(const af_norm_rules *r, af_arena *a, const char *t,
                    size_t s, size_t e, af_vec *out);

/* ---- bodies and topic ---------------------------------------------------- */

size_t af_body_at(const af_norm_rules *r, const char *t, size_t i, size_t e,
                  const af_body **b, const char **display);
const af_body *af_body_by_id(const af_norm_rules *r, const char *id);
/* First gazetteer body named in [s, e); *display gets the full name of
 * the matched form. */
const af_body *af_first_body(const af_norm_rules *r, const char *t, size_t s,
                             size_t e, const char **display, size_t *at);

#endif /* AF_NORM_INTERNAL_H */
