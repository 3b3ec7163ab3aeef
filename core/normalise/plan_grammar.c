/* The grammar of plans in a sentence, for its kind: a plan and an outcome
 * in different words, a comparison against a plan ("£9.3bn less than its
 * budget"), a plan on one side of a contrast and a result on the other, a
 * part of a plan ("206 of the 10,000 places it promised"), figures set
 * against a judgement ("will rise to £42bn, but that does not keep pace").
 * An outcome word inside a relative clause ("councils whose income fell")
 * describes a noun and sets nothing against the plan.  Read by
 * classify.c. */
#include "norm_doc.h"

#include <string.h>

/* Quoted stretches of [s, e): scare quotes around a rating ("‘inadequate’")
 * are a label, not the NAO's judgement. */
static bool outside_quotes(const char *t, size_t s, size_t at) {
  int inq = 0;

  for (size_t i = s; i < at;) {
    size_t l;
    unsigned c = af__cp_at(t, i, at, &l);
    unsigned prev = i > s ? (unsigned char)t[i - 1] : ' ';
    if (af__is_dquote(c) || c == 0x2018 || (c == '\'' && prev == ' '))
      inq = !inq || c == 0x2018 ? 1 : 0;
    else if (c == 0x2019 && inq && i + l < at &&
             !af__is_word_cp((unsigned char)t[i + l]))
      inq = 0;
    i += l ? l : 1;
  }
  return !inq;
}

bool af__has_class_unquoted(const af__norm_rules *r, af__lex_class c,
                            const char *t, size_t s, size_t e) {
  size_t i = s, mend;

  for (;;) {
    size_t at = af__find_class(r, c, t, i, e, NULL, &mend);
    if (at == (size_t)-1)
      return false;
    if (outside_quotes(t, s, at))
      return true;
    i = at + 1;
  }
}

/* Is the word at `at` inside a relative clause ("councils whose income
 * fell", "a fund which rose"): a relative pronoun before it, in the same
 * clause (no comma, semicolon or colon between)?  What such a clause says
 * describes a noun; it is not the result set against a plan. */
static bool in_relative_clause(const char *t, size_t s, size_t at) {
  static const char *const rel[] = {"whose", "which", "who", "whom"};
  for (size_t i = at; i > s; i--) {
    char c = t[i - 1];
    if (c == ',' || c == ';' || c == ':')
      return false;
    if (!af__is_word_cp((unsigned char)c) && i < at) {
      for (size_t x = 0; x < sizeof(rel) / sizeof(rel[0]); x++) {
        size_t m = af__match_at(t, i, at, rel[x], true);
        if (m && (m == at || !af__is_word_cp((unsigned char)t[m])))
          return true;
      }
    }
  }
  for (size_t x = 0; x < sizeof(rel) / sizeof(rel[0]); x++)
    if (af__match_at(t, s, at, rel[x], true))
      return true;
  return false;
}

/* An outcome word in [a, b) outside a relative clause of the sentence
 * starting at s. */
static bool outcome_in(const af__doc *d, size_t s, size_t a, size_t b) {
  for (size_t i = a;;) {
    size_t mend, at = af__find_class(d->r, AF_LEX_OUTCOME, d->t, i, b, NULL,
                                     &mend);
    if (at == (size_t)-1)
      return false;
    if (!in_relative_clause(d->t, s, at))
      return true;
    i = at + 1;
  }
}

/* A plan and an outcome in different words: "is now expected to cost"
 * holds both "now expected" (outcome) and "expected to" (plan), and a
 * revised forecast alone is a figure, not a plan set against a result. */
bool af__plan_and_outcome(const af__doc *d, size_t s, size_t e) {
  size_t at = s, te;

  for (;;) {
    size_t t0 = af__find_class(d->r, AF_LEX_TARGET, d->t, at, e, NULL, &te);
    if (t0 == (size_t)-1)
      return false;
    if (outcome_in(d, s, s, t0) || outcome_in(d, s, te, e))
      return true;
    at = t0 + 1;
  }
}

/* "£9.3bn less than its budget", "could exceed the department's budget
 * by £7bn": a comparison whose object, a few words on, is a plan. */
bool af__compares_to_plan(const af__doc *d, size_t s, size_t e) {
  size_t i = s, mend;

  for (;;) {
    size_t at = af__find_class(d->r, AF_LEX_COMPARE, d->t, i, e, NULL, &mend);
    if (at == (size_t)-1)
      return false;
    /* Up to five words on, not through "of" ("more than half of the
     * budget" is a share) nor past the clause. */
    for (size_t j = mend, n = 0; j < e && n < 5;) {
      size_t we = af__word_end(d->t, j, e);
      if (we == j) {
        if (d->t[j] == ',' || d->t[j] == ';' || d->t[j] == '.')
          break;
        j++;
        continue;
      }
      if (af__match_at(d->t, j, we, "of", true) == we)
        break;
      if (af__word_in_class(d->r, AF_LEX_PLAN_NOUN, d->t, j, we, NULL))
        return true;
      n++;
      j = we;
    }
    i = at + 1;
  }
}

/* Where a sentence sets one clause against another: a contrast word
 * (", but", "; yet", ", while") right after a comma or semicolon.  A
 * contrast at the very start ("However, ...") answers the sentence before
 * and does not count.  Returns its start or (size_t)-1. */
size_t af__contrast_at(const af__doc *d, size_t s, size_t e) {
  size_t i = s, mend;

  for (;;) {
    size_t at = af__find_class(d->r, AF_LEX_CONTRAST, d->t, i, e, NULL, &mend);
    size_t k = at;
    if (at == (size_t)-1)
      return at;
    while (k > s && (d->t[k - 1] == ' ' || d->t[k - 1] == '\t'))
      k--;
    if (k > s && (d->t[k - 1] == ',' || d->t[k - 1] == ';'))
      return at;
    i = at + 1;
  }
}

static bool figure_in(const af__vec *figs, size_t a, size_t b) {
  for (size_t k = 0; k < figs->n; k++) {
    const af_figure *f = (const af_figure *)figs->v + k;
    if (f->start >= a && f->end <= b)
      return true;
  }
  return false;
}

/* A figure in [a, b) that is not itself a plan, in a stretch with no plan
 * word: what happened, to set against a plan elsewhere. */
static bool result_in(const af__doc *d, const af__vec *figs, size_t a,
                      size_t b) {
  if (af__find_class(d->r, AF_LEX_TARGET, d->t, a, b, NULL, NULL) !=
      (size_t)-1)
    return false;
  for (size_t k = 0; k < figs->n; k++) {
    const af_figure *f = (const af_figure *)figs->v + k;
    if (f->start >= a && f->end <= b &&
        !(f->role && !strcmp(f->role, "target")))
      return true;
  }
  return false;
}

/* A plan on one side of a contrast and a result on the other: "had aimed
 * to hold growth to 1.1%, but it grew by 2.6%", "had paid £14m to 633
 * people, while it had estimated 15,000 claims".  Both sides are needed:
 * "aims to help 400,000 families, but cannot show it works" sets a plan
 * against a judgement, and "is trying to reach 120,000 families, while the
 * other scheme aims to place 22%" two plans against each other. */
bool af__plan_across_contrast(const af__doc *d, const af__vec *figs,
                              size_t s, size_t e) {
  size_t c = af__contrast_at(d, s, e), at = s, te;

  if (c == (size_t)-1)
    return false;
  for (;;) {
    size_t t0 = af__find_class(d->r, AF_LEX_TARGET, d->t, at, e, NULL, &te);
    if (t0 == (size_t)-1)
      return false;
    if ((t0 < c && result_in(d, figs, c, e)) ||
        (t0 > c && result_in(d, figs, s, c)))
      return true;
    at = t0 + 1;
  }
}

/* A part of a plan: "99% of the target", "206 of the 10,000 places it
 * promised", "six of the 21 companies met their targets".  A figure, then
 * "of", then a plan word within eight words of the same clause. */
bool af__part_of_plan(const af__doc *d, const af__vec *figs, size_t e) {
  for (size_t k = 0; k < figs->n; k++) {
    const af_figure *f = (const af_figure *)figs->v + k;
    size_t j = af__skip_space(d->t, f->end, e), stop, n = 0, te;
    size_t of = af__match_at(d->t, j, e, "of", true);
    if (!of)
      continue;
    stop = of;
    while (stop < e && n < 8) {
      size_t ws = af__skip_space(d->t, stop, e), we;
      /* A clause ends at a comma, not at the one in "10,000". */
      if (ws >= e || d->t[ws] == ';' || d->t[ws] == '.' ||
          (d->t[ws] == ',' && (ws + 1 >= e || d->t[ws + 1] == ' ')))
        break;
      we = af__word_end(d->t, ws, e);
      stop = we > ws ? we : ws + 1;
      n += we > ws;
    }
    if (af__find_class(d->r, AF_LEX_TARGET, d->t, of, stop, NULL, &te) !=
        (size_t)-1)
      return true;
  }
  return false;
}

/* Figures given as the setting of a judgement: "will rise to £42bn, but
 * that does not keep pace with costs".  The clause after the contrast holds
 * no figure and a denial or a judgement word: the sentence is a verdict. */
bool af__judged_after_contrast(const af__doc *d, const af__vec *figs,
                               size_t s, size_t e) {
  size_t c = af__contrast_at(d, s, e);

  if (c == (size_t)-1 || figure_in(figs, c, e) || !figure_in(figs, s, c))
    return false;
  /* "..., but the NAO said the reform carried risks": a milder judgement
   * counts when the NAO is named as making it. */
  return af__has_class_unquoted(d->r, AF_LEX_NEGATION, d->t, c, e) ||
         af__has_class_unquoted(d->r, AF_LEX_VERDICT_STRONG, d->t, c, e) ||
         (af__has_class(d->r, AF_LEX_NAO_REF, d->t, c, e) &&
          af__has_class_unquoted(d->r, AF_LEX_VERDICT_WEAK, d->t, c, e));
}

