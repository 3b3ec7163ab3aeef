/* Private to the report linker (report.c, report_words.c): the tokens of
 * the document and of catalogue titles, the candidates and the shared
 * helpers. */
#ifndef AF_NORMALISE_REPORT_LINK_H
#define AF_NORMALISE_REPORT_LINK_H

#include "norm_doc.h"

#define TOK_MAX 24 /* folded word length kept; longer words are cut */

typedef struct tok {
  size_t s, e;
  char w[TOK_MAX]; /* lower case, "'s" and a plural "s" dropped */
  char stem[TOK_MAX]; /* w without its ending: "protect" for "protection" */
  bool upper;      /* written with a capital */
} tok;

typedef struct cand {
  const af__norm_report *r;
  af__vec words; /* tok: the title's words */
  size_t n_content;
  long day;
} cand;

typedef struct linker {
  af__doc *d;
  const af__norm_input *in;
  af__vec toks; /* tok of the document text */
  cand *c;
  size_t n;
  long doc_day; /* -1: the document's date is unknown */
} linker;


bool af__rl_is_stop(const char *w);   /* a word too common to identify */
bool af__rl_is_num(const char *w);
bool af__rl_tok_is(const tok *k, const char *w);
/* Tokenise [s, e) of t into v (tok items); AF_ENOMEM on failure. */
int af__rl_tokenise(const char *t, size_t s, size_t e, af__vec *v);
/* Days of "YYYY-MM-DD" or "YYYY-MM" (day 1), or -1. */
long af__rl_day(const char *s);
/* Could the document cite candidate c (dated within `span` days after)? */
bool af__rl_date_fits(const linker *L, const cand *c, long span);
/* Record that candidate c is named at offset `at`. */
int af__rl_mention(linker *L, size_t at, const cand *c, const char *basis,
                   double conf);
/* Share of c's title words among tokens [a, b) (*found: how many); with a
 * window, 1 only when all sit within it; `stems` matches word stems. */
double af__rl_coverage(const linker *L, const cand *c, size_t a, size_t b,
                       size_t window, size_t *found, bool stems);
/* Is c's title one or two content words, everyday wording as well? */
bool af__rl_short_title(const cand *c);
/* Do all of c's title words sit side by side within tokens [a, b)? */
bool af__rl_phrase_in(const linker *L, const cand *c, size_t a, size_t b,
                      bool stems);
/* Is c a short title whose words tokens [a, b) hold only scattered, not
 * as its phrase?  (Such a title then proves nothing there.) */
bool af__rl_short_scattered(const linker *L, const cand *c, size_t a, size_t b,
                            bool stems);
/* Is a short title's phrase in the headline `head` or in a paragraph
 * about the NAO or a report? */
bool af__rl_short_named(const linker *L, const af__vec *head, const cand *c,
                        bool stems);
/* Does the text name one of c's audited bodies? */
bool af__rl_names_body(const linker *L, const cand *c);

/* report_words.c: links from how the article words a report. */
int af__rl_find_quoted(linker *L);
int af__rl_find_subjects(linker *L);
int af__rl_infer_undated(linker *L, const af__vec *head);

#endif
