/* What each figure of a sentence counts (its measure): a short noun
 * phrase, lower-cased, with its leading articles and quantifiers dropped,
 * read from the clause's grammar, in this order:
 *
 *   1. the figure's own noun phrase: "87,000 more emergency admissions",
 *      "35% of the trains on the route", "655,630 children were referred"
 *      (a passive participle after it joins it: "children referred");
 *   2. the base of a comparison measures what its figure is compared
 *      with ("than the 2,200 the department intended");
 *   3. the verb the figure measures: its object ("reduced emergency
 *      admissions by 106,000"), else its subject ("admissions rose by
 *      87,000", "spending, which ..., fell by 3%", "its estimate is
 *      £2.8bn", "the scheme would cost £874m": "cost of scheme");
 *   4. a sum's object ("£5.7bn for new intercity trains": "spending on
 *      new intercity trains", "overspend on", "funding for");
 *   5. the noun a figure is "of" ("a funding gap of £3.1 billion");
 *   6. the figure it is set beside: "..., a rise of 7%", "from £6.1bn to
 *      £29.7bn", "7% ... compared to 22%" (the same unit).
 * A phrase that names nothing (a pronoun, a determiner, a verb, a role
 * word such as "target") is no measure: none is better than a wrong one. */
#include "norm_internal.h"

#include <stdlib.h>
#include <string.h>

#define MEASURE_WORDS 8 /* the longest measure, in words */
#define MEASURE_BYTES 72

typedef struct tok {
  size_t s, e;
  char kind; /* 'w' word, 'n' number, 'p' punctuation */
} tok;

typedef struct mctx {
  const af__norm_rules *r;
  af__arena *a;
  const char *t;
  tok *v;
  size_t n;
} mctx;

static bool word_is(const mctx *m, size_t i, const char *w) {
  return i < m->n && m->v[i].kind == 'w' &&
         af__match_at(m->t, m->v[i].s, m->v[i].e, w, true) == m->v[i].e;
}

static bool word_among(const mctx *m, size_t i, const char *const *ws) {
  for (; *ws; ws++)
    if (word_is(m, i, *ws))
      return true;
  return false;
}

static bool in_class(const mctx *m, size_t i, af__lex_class c) {
  return i < m->n && m->v[i].kind == 'w' &&
         af__word_in_class(m->r, c, m->t, m->v[i].s, m->v[i].e, NULL);
}

static const char *const DET[] = {
    "the", "a", "an", "its", "their", "his", "her", "our", "your", "my",
    "this", "these", "those", "all", "some", "any", "each", "every", "more",
    "most", "fewer", "less", "many", "much", "several", "both", "such",
    "further", NULL};
static const char *const PRON[] = {
    "it", "they", "them", "he", "she", "him", "we", "us", "you", "i", "there",
    "here", "which", "who", "whom", "whose", "what", "where", "that", "one",
    "ones", "itself", "themselves", NULL};
static const char *const AUX[] = {
    "have", "has", "had", "been", "was", "were", "is", "are", "be", "being",
    "will", "would", "could", "may", "might", "can", "also", "already", "not",
    "still", "now", "to", "went", "gone", "go", "goes", "going", "set",
    "expected", "likely", NULL};
/* Words of comparison or degree, conjunctions and common irregular past
 * verbs: never what is counted ("the trains on the route ran late"). */
static const char *const NOT_NOUN[] = {"below", "above", "behind", "ahead",
                                     "around", "about", "almost", "nearly",
                                     "roughly", "approximately", "against",
                                     "just", "only", "per", "get", "gets",
                                     "got", "once", "until", "unless",
                                     "after", "before", "ran", "went",
                                     "came", "left", "took", "stood", "met",
                                     "became", "remained", "saw", NULL};
/* Prepositions that join a noun to its complement inside a phrase. */
static const char *const JOIN[] = {"of", "on", "for", "in", "to", "with",
                                   "from", "than", "and", "or", NULL};

static bool is_det(const mctx *m, size_t i) { return word_among(m, i, DET); }

/* A word that can be part of what is counted. */
static bool content(const mctx *m, size_t i) {
  return i < m->n && m->v[i].kind == 'w' && !is_det(m, i) &&
         !word_among(m, i, PRON) && !word_among(m, i, NOT_NOUN) &&
         !in_class(m, i, AF_LEX_BY_VERB) &&
         !in_class(m, i, AF_LEX_NUMBER) &&
         !in_class(m, i, AF_LEX_MEASURE_STOP) &&
         !in_class(m, i, AF_LEX_MONTH) && !in_class(m, i, AF_LEX_REPORT_VERB) &&
         !in_class(m, i, AF_LEX_SPEECH_VERB) && !in_class(m, i, AF_LEX_FUTURE);
}

/* "-ed" past forms ("delivered") and common irregular participles. */
static bool participle(const mctx *m, size_t i) {
  static const char *const irr[] = {"taken", "given", "built", "seen", "made",
                                    "paid", "sold", "held", "kept", "sent",
                                    "found", "lost", "shown", "done", NULL};
  const tok *k = &m->v[i];
  return i < m->n && k->kind == 'w' &&
         ((k->e - k->s > 4 && m->t[k->e - 2] == 'e' && m->t[k->e - 1] == 'd') ||
          word_among(m, i, irr));
}

static bool ing_form(const mctx *m, size_t i) {
  const tok *k = &m->v[i];
  return i < m->n && k->kind == 'w' && k->e - k->s > 4 &&
         !memcmp(m->t + k->e - 3, "ing", 3);
}

/* A clause break: a comma, semicolon, colon or bracket. */
static bool is_break(const mctx *m, size_t i) {
  return i < m->n && m->v[i].kind == 'p' && strchr(",;:()", m->t[m->v[i].s]);
}

static bool is_punct(const mctx *m, size_t i) {
  return i >= m->n || m->v[i].kind != 'w';
}

/* ---- tokens --------------------------------------------------------------- */

/* Words keep inner hyphens and apostrophes ("top-up", "children's") and a
 * plural possessive's apostrophe ("councils'"); numbers keep their commas
 * and points. */
static size_t word_tail(const char *t, size_t j, size_t e) {
  for (;;) {
    size_t l, l2;
    unsigned c = j < e ? af__cp_at(t, j, e, &l) : 0;
    if (!(c == '-' || af__is_squote(c)) || !l)
      return j;
    unsigned c2 = j + l < e ? af__cp_at(t, j + l, e, &l2) : 0;
    if (af__is_word_cp(c2)) {
      j = af__word_end(t, j + l, e);
    } else {
      if (af__is_squote(c) && j > 0 && (t[j - 1] == 's' || t[j - 1] == 'S'))
        j += l;
      return j;
    }
  }
}

static int tokenise(const char *t, size_t s, size_t e, af__vec *out) {
  for (size_t i = s; i < e;) {
    size_t l;
    unsigned c = af__cp_at(t, i, e, &l);
    tok *k;
    if (!l)
      l = 1;
    if (af__is_space_cp(c)) {
      i += l;
      continue;
    }
    if (!(k = af__vec_push(out)))
      return -1;
    k->s = i;
    if (c >= '0' && c <= '9') {
      size_t j = i;
      while (j < e && ((t[j] >= '0' && t[j] <= '9') ||
                       ((t[j] == ',' || t[j] == '.') && j + 1 < e &&
                        t[j + 1] >= '0' && t[j + 1] <= '9')))
        j++;
      k->kind = 'n';
      k->e = af__word_end(t, j, e);
    } else if (af__is_word_cp(c)) {
      k->kind = 'w';
      k->e = word_tail(t, af__word_end(t, i, e), e);
    } else {
      k->kind = 'p';
      k->e = i + l;
    }
    i = k->e > i ? k->e : i + l;
  }
  return 0;
}

/* The first token starting at or after off. */
static size_t tok_from(const mctx *m, size_t off) {
  size_t lo = 0, hi = m->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (m->v[mid].s < off)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* ---- composing ------------------------------------------------------------- */

/* The measure made of `prefix` (or NULL) and the tokens idx[0..n): leading
 * determiners and "number of" dropped, trailing joins dropped, capped,
 * lower-cased (acronyms kept); NULL when it names nothing. */
static const char *compose(const mctx *m, const char *prefix,
                           const size_t *idx, size_t n) {
  static const char *const count_of[] = {"number", "amount", "level",
                                         "proportion", "percentage", NULL};
  size_t a = 0, b = n, len = prefix ? strlen(prefix) + 1 : 0, nc = 0;
  char *out, *p;

  while (a < b && (is_det(m, idx[a]) || word_is(m, idx[a], "of")))
    a++;
  if (a + 1 < b && word_among(m, idx[a], count_of) && word_is(m, idx[a + 1], "of"))
    a += 2;
  while (a < b && is_det(m, idx[a]))
    a++;
  size_t cap = MEASURE_WORDS;
  for (const char *q = prefix; q && *q && cap > 1; q++)
    cap -= *q == ' ';
  if (prefix && cap > 1)
    cap--; /* the prefix's last word */
  if (b - a > cap)
    b = a + cap;
  while (b > a && !content(m, idx[b - 1]))
    b--;
  for (size_t k = a; k < b; k++)
    nc += content(m, idx[k]);
  if (!nc || word_among(m, idx[a], PRON))
    return NULL;
  /* One word that is a verb or a role word names nothing counted. */
  if (!prefix && b - a == 1 &&
      (participle(m, idx[a]) || in_class(m, idx[a], AF_LEX_ROLE_CUE) ||
       in_class(m, idx[a], AF_LEX_PLAN_NOUN) ||
       in_class(m, idx[a], AF_LEX_TIME_UNIT)))
    return NULL;
  for (size_t k = a; k < b; k++)
    len += m->v[idx[k]].e - m->v[idx[k]].s + 1;
  if (!(out = af__arena_alloc(m->a, len + 2)))
    return NULL;
  p = out;
  if (prefix) {
    memcpy(p, prefix, strlen(prefix));
    p += strlen(prefix);
  }
  for (size_t k = a; k < b; k++) {
    const tok *w = &m->v[idx[k]];
    bool acronym = w->e - w->s >= 2;
    /* Articles inside go too: "payments to the developer". */
    if (word_is(m, idx[k], "the") || word_is(m, idx[k], "a") ||
        word_is(m, idx[k], "an"))
      continue;
    for (size_t i = w->s; i < w->e; i++)
      if (m->t[i] >= 'a' && m->t[i] <= 'z')
        acronym = false;
    if (p > out && (size_t)(p - out) + (w->e - w->s) > MEASURE_BYTES)
      break;
    if (p > out)
      *p++ = ' ';
    for (size_t i = w->s; i < w->e;) {
      size_t l;
      unsigned c = af__cp_at(m->t, i, w->e, &l);
      if (!l)
        l = 1;
      if (af__is_squote(c))
        *p++ = '\'';
      else if (c < 0x80)
        *p++ = (char)(!acronym && c >= 'A' && c <= 'Z' ? c + 32 : c);
      else
        for (size_t x = 0; x < l && i + x < w->e; x++)
          *p++ = m->t[i + x];
      i += l;
    }
  }
  *p = '\0';
  /* A cap that cut after a join leaves it dangling: drop it. */
  while (p > out) {
    char *sp = strrchr(out, ' ');
    if (!sp)
      break;
    bool join = false;
    for (const char *const *j = JOIN; *j; j++)
      join |= !strcmp(sp + 1, *j);
    if (!join)
      break;
    *sp = '\0';
    p = sp;
  }
  return out;
}

/* ---- the figure's own phrase ------------------------------------------------ */

/* The noun phrase starting at token i, before token hi: through "of" and
 * determiners ("35% of the trains"), content words, "and"/"or" between
 * two of them, one complement ("children in care", "spending on
 * planning"), and a passive participle after a form of "be" ("children
 * were referred").  Returns its measure or NULL. */
static const char *np_from(const mctx *m, size_t i, size_t hi,
                           const char *prefix, bool passive) {
  static const char *const post[] = {"in", "on", "for", "with", NULL};
  static const char *const be[] = {"were", "was", "are", "is", "been",
                                   "being", NULL};
  size_t idx[MEASURE_WORDS + 4], n = 0;
  bool comp = false;

  while (i < hi && (is_det(m, i) || word_is(m, i, "of")))
    i++;
  /* "building the two reactors": a verb's -ing form with its object. */
  if (i + 1 < hi && ing_form(m, i) && is_det(m, i + 1))
    return NULL;
  for (; i < hi && n < MEASURE_WORDS; i++) {
    if (content(m, i)) {
      if (n && (participle(m, i) || in_class(m, i, AF_LEX_FUTURE)))
        break;
      idx[n++] = i;
    } else if (n && (word_is(m, i, "and") || word_is(m, i, "or")) &&
               content(m, i + 1) && i + 1 < hi) {
      idx[n++] = i;
    } else if (n && !comp && word_among(m, i, post)) {
      /* One complement: "for the Innovation Programme", not "in England"
       * (a place is where, not what) nor "in real terms". */
      size_t c = i + 1 + (word_is(m, i + 1, "the") ? 1 : 0);
      bool where = word_is(m, i, "in") || word_is(m, i, "with");
      if (c >= hi || !content(m, c) || word_is(m, c, "real") ||
          word_is(m, c, "cash") || participle(m, c) ||
          (where && af__is_upper_at(m->t, m->v[c].s, m->v[c].e)))
        break;
      comp = true;
      idx[n++] = i;
      i = c - 1;
    } else {
      break;
    }
  }
  if (!n)
    return NULL;
  /* "655,630 children were referred": the passive verb says what of them
   * is counted (only right after the noun, not after a complement). */
  if (passive && !comp && n < MEASURE_WORDS) {
    size_t j = i;
    if (word_is(m, j, "have") || word_is(m, j, "has") || word_is(m, j, "had"))
      j++;
    if (word_among(m, j, be)) {
      j++;
      if (word_is(m, j, "already"))
        j++;
      if (j < hi && participle(m, j))
        idx[n++] = j;
    }
  }
  return compose(m, prefix, idx, n);
}

/* ---- subjects and objects of verbs ---------------------------------------------- */

/* The clause ends here: punctuation, a number, or the window's edge. */
static bool boundary(const mctx *m, size_t i, size_t lo) {
  return i < lo || is_punct(m, i);
}

/* The noun phrase that ends before token `end` (the subject of a verb
 * there), not before token lo: content words, joined by prepositions and
 * "and", a determiner only after a preposition ("payments to the
 * developer").  A relative clause set off by commas before the verb
 * ("spending power, which includes council tax, fell") is stepped over. */
static const char *subject_before(const mctx *m, size_t lo, size_t end,
                                  const char *prefix) {
  size_t idx[MEASURE_WORDS + 4], n = 0, j = end;

  while (j > lo && word_among(m, j - 1, AUX))
    j--;
  if (j > lo && m->v[j - 1].kind == 'p' && m->t[m->v[j - 1].s] == ',') {
    for (size_t k = j - 1; k > lo && j - k < 16; k--)
      if (word_is(m, k, "which") || word_is(m, k, "who")) {
        if (k > lo && m->v[k - 1].kind == 'p' && m->t[m->v[k - 1].s] == ',')
          j = k - 1;
        break;
      } else if (is_punct(m, k) && k != j - 1) {
        break;
      }
  }
  /* "the number of cases where children are taken into care rose": the
   * noun the relative clause hangs on is the subject. */
  for (size_t k = j; k > lo && j - k < 12; k--) {
    if (boundary(m, k - 1, lo))
      break;
    if (word_is(m, k - 1, "where") || word_is(m, k - 1, "which") ||
        word_is(m, k - 1, "who")) {
      j = k - 1;
      break;
    }
  }
  while (j > lo && n < MEASURE_WORDS) {
    size_t w = j - 1;
    if (boundary(m, w, lo))
      break;
    if (content(m, w) && !participle(m, w)) {
      idx[n++] = w;
    } else if (n && content(m, w) && participle(m, w) && w > lo &&
               word_among(m, w - 1, JOIN)) {
      idx[n++] = w; /* "of the planned works" */
    } else if (n && word_among(m, w, JOIN) && w > lo && content(m, w - 1)) {
      idx[n++] = w;
    } else if (n && is_det(m, w) && w > lo && word_among(m, w - 1, JOIN) &&
               !word_is(m, w - 1, "and") && !word_is(m, w - 1, "or")) {
      idx[n++] = w;
    } else {
      break;
    }
    j = w;
  }
  /* Collected right to left: reverse into reading order. */
  for (size_t a = 0, b = n; a + 1 < b; a++, b--) {
    size_t x = idx[a];
    idx[a] = idx[b - 1];
    idx[b - 1] = x;
  }
  while (n && !content(m, idx[0])) {
    memmove(idx, idx + 1, (n - 1) * sizeof(idx[0]));
    n--;
  }
  return n ? compose(m, prefix, idx, n) : NULL;
}

/* The clause's start for token i: after the last punctuation before it. */
static size_t clause_lo(const mctx *m, size_t lo, size_t i) {
  while (i > lo && !(m->v[i - 1].kind == 'p' &&
                     strchr(",;:()", m->t[m->v[i - 1].s])))
    i--;
  return i;
}

/* The verb a figure at token q measures: "rose by 87,000", "reduced
 * admissions by 106,000", "risen from £6.1bn", "fell 12%", "up 60%",
 * "went up by 53%".  Returns true with [*vs, *ve) the verb's tokens and
 * *prep the "by"/"from" token (or q when there is none). */
static bool verb_of(const mctx *m, size_t lo, size_t q, size_t *vs, size_t *ve,
                    size_t *prep) {
  static const char *const updown[] = {"up", "down", NULL};
  size_t cs = clause_lo(m, lo, q);

  *prep = q;
  if (q > cs && (word_is(m, q - 1, "by") || word_is(m, q - 1, "from"))) {
    *prep = q - 1;
    for (size_t k = q - 1; k > cs && q - k <= 10; k--) {
      if (in_class(m, k - 1, AF_LEX_BY_VERB) || word_among(m, k - 1, updown)) {
        *vs = k - 1;
        *ve = k;
        break;
      }
      if (k - 1 == cs)
        return false;
    }
    if (*prep == q - 1 && !(*ve > *vs && *ve <= q - 1))
      return false;
  } else if (q > cs && (in_class(m, q - 1, AF_LEX_BY_VERB) ||
                        word_among(m, q - 1, updown))) {
    *vs = q - 1;
    *ve = q;
  } else {
    return false;
  }
  if (word_among(m, *vs, updown) && *vs > cs &&
      (word_is(m, *vs - 1, "went") || word_is(m, *vs - 1, "gone") ||
       word_is(m, *vs - 1, "go") || word_is(m, *vs - 1, "goes")))
    (*vs)--;
  return true;
}

/* Rules 3: the verb's object or subject; a copula's or "cost"'s
 * subject. */
static const char *by_grammar(const mctx *m, size_t lo, size_t q) {
  static const char *const copula[] = {"is", "was", "are", "were",
                                       "totalled", "totaled", NULL};
  size_t vs = 0, ve = 0, prep, cs = clause_lo(m, lo, q);
  const char *mv;

  if (verb_of(m, lo, q, &vs, &ve, &prep)) {
    if (prep > ve && (mv = np_from(m, ve, prep, NULL, false)) != NULL)
      return mv;
    return subject_before(m, lo, vs, NULL); /* it stops at a comma itself */
  }
  if (q > cs && (word_among(m, q - 1, copula) ||
                 (q > cs + 1 && word_is(m, q - 1, "at") &&
                  word_is(m, q - 2, "stood")) ||
                 (q > cs + 1 && word_is(m, q - 1, "to") &&
                  word_is(m, q - 2, "amounted"))))
    return subject_before(m, cs, word_is(m, q - 1, "at") ||
                                         word_is(m, q - 1, "to")
                                     ? q - 2
                                     : q - 1,
                          NULL);
  /* "the electrification would cost £874m", "could cost taxpayers a
   * further £330m". */
  for (size_t k = q; k > cs && q - k < 4; k--)
    if (word_is(m, k - 1, "cost") || word_is(m, k - 1, "costs"))
      return subject_before(m, cs, k - 1, "cost of");
  return NULL;
}

/* ---- sums ------------------------------------------------------------------------ */

static bool is_money(const af_figure *f) {
  return !strcmp(f->unit, "GBP") || !strcmp(f->unit, "USD") ||
         !strcmp(f->unit, "EUR");
}

/* A phrase of time is no object of spending: "on 2016", "for the year",
 * "for three years". */
static bool timely(const mctx *m, size_t i, size_t hi) {
  while (i < hi && (is_det(m, i) || in_class(m, i, AF_LEX_NUMBER)))
    i++;
  return i < hi && (in_class(m, i, AF_LEX_TIME_UNIT) ||
                    in_class(m, i, AF_LEX_MONTH) || word_is(m, i, "time") ||
                    m->v[i].kind == 'n');
}

/* Rule 4: "£5.7bn for new intercity trains", "overspent by £800m on
 * children's services", "add £10 a year to the average household bill",
 * "invested £270m in projects": a sum's object, within ten words of the
 * same clause. */
static const char *sum_object(const mctx *m, const af_figure *f, size_t q,
                              size_t after, size_t hi) {
  const char *noun = "spending on";
  bool add = false, invest = false;

  if (!is_money(f))
    return NULL;
  if (f->role && !strcmp(f->role, "cost_overrun"))
    noun = "overspend on";
  else if (f->role && !strcmp(f->role, "budget"))
    noun = "funding for";
  /* "add between £10 and £15": the verb may be before the range. */
  for (size_t k = q; k > 0 && q - k < 6; k--) {
    const tok *w = &m->v[k - 1];
    if (is_break(m, k - 1))
      break;
    add |= af__match_at(m->t, w->s, w->e, "add", true) == w->e ||
           af__match_at(m->t, w->s, w->e, "adds", true) == w->e;
    invest |= w->e - w->s >= 6 && af__match_at(m->t, w->s, w->s + 6, "invest",
                                                true) == w->s + 6;
  }
  for (size_t i = after; i < hi && i < after + 10 && !is_punct(m, i); i++) {
    const char *mv;
    /* "save £100m by deferring work on ...": another verb's object. */
    if (word_is(m, i, "by") || word_is(m, i, "through"))
      break;
    bool on = word_is(m, i, "on") || word_is(m, i, "for");
    if (!(on || (add && word_is(m, i, "to")) || (invest && word_is(m, i, "in"))))
      continue;
    if (timely(m, i + 1, hi))
      continue;
    mv = np_from(m, i + 1, hi, on ? noun : add ? "addition to" : "investment in",
                 false);
    if (mv)
      return mv;
  }
  return NULL;
}

/* Rule 5: "a funding gap of £3.1 billion": the noun before "of", when it
 * names a quantity rather than its kind ("a rise of", "a target of", "an
 * average of"). */
static const char *noun_of(const mctx *m, size_t lo, size_t q) {
  static const char *const kind[] = {"total", "average", "sum", "figure",
                                     "value", "maximum", "minimum", "estimate",
                                     "amount", "number", "share", "proportion",
                                     "range", "excess", "region", "tune",
                                     "order", "rate", "plan", NULL};
  size_t idx[4], n = 0, cs = clause_lo(m, lo, q);

  if (!(q > cs + 1 && word_is(m, q - 1, "of")))
    return NULL;
  if (in_class(m, q - 2, AF_LEX_ROLE_CUE) || in_class(m, q - 2, AF_LEX_PLAN_NOUN) ||
      word_among(m, q - 2, kind))
    return NULL;
  for (size_t k = q - 1; k > cs && n < 3 && content(m, k - 1); k--)
    idx[n++] = k - 1;
  for (size_t a = 0, b = n; a + 1 < b; a++, b--) {
    size_t x = idx[a];
    idx[a] = idx[b - 1];
    idx[b - 1] = x;
  }
  return n ? compose(m, NULL, idx, n) : NULL;
}

/* ---- figures set beside each other --------------------------------------------------- */

/* "than (the) <figure>", "compared with/to (the) <figure>". */
static bool compared_base(const mctx *m, size_t lo, size_t q) {
  size_t j = q;
  if (j > lo && word_is(m, j - 1, "the"))
    j--;
  if (j > lo && word_is(m, j - 1, "than"))
    return true;
  return j > lo + 1 && (word_is(m, j - 1, "with") || word_is(m, j - 1, "to")) &&
         word_is(m, j - 2, "compared");
}

/* ", a rise of 7%", ", up 60%": a change set after a comma is a change of
 * what came before it. */
static bool apposed_change(const mctx *m, size_t lo, size_t q) {
  size_t j = q;
  const char *role = NULL;
  if (j > lo && word_is(m, j - 1, "of"))
    j--;
  if (j > lo && m->v[j - 1].kind == 'w' &&
      af__word_in_class(m->r, AF_LEX_ROLE_CUE, m->t, m->v[j - 1].s,
                        m->v[j - 1].e, &role) &&
      role && !strcmp(role, "change"))
    j--;
  else
    return false;
  if (j > lo && (word_is(m, j - 1, "a") || word_is(m, j - 1, "an")))
    j--;
  return j > lo && m->v[j - 1].kind == 'p' && m->t[m->v[j - 1].s] == ',';
}

/* "from £6.1bn to £29.7bn": the far end of a change. */
static bool far_end(const mctx *m, const af_figure *prev, size_t lo, size_t q) {
  size_t p = tok_from(m, prev->start);
  return q > lo && word_is(m, q - 1, "to") && q - 1 == tok_from(m, prev->end) &&
         p > 0 && (word_is(m, p - 1, "from") || word_is(m, p - 1, "between"));
}

static const char *measure_of(const mctx *m, af_figure *f, size_t k,
                              size_t fs, size_t q, size_t after, size_t hi) {
  const char *mv = NULL;
  size_t lo = k ? tok_from(m, f[k - 1].end) : fs;
  bool base = compared_base(m, lo, q);

  if (!base && (mv = np_from(m, after, hi, NULL, !strcmp(f[k].unit, "count"))))
    return mv;
  if (k && f[k - 1].measure &&
      (far_end(m, &f[k - 1], lo, q) ||
       ((base || apposed_change(m, lo, q)) &&
        (!strcmp(f[k - 1].unit, f[k].unit) || !base))))
    return f[k - 1].measure;
  /* A sum's object before the verb's subject: who overspent is not what
   * the overspend was on. */
  if ((mv = sum_object(m, &f[k], q, after, hi)) || (mv = by_grammar(m, fs, q)) ||
      (mv = noun_of(m, fs, q)))
    return mv;
  /* "7% of social workers ... compared to 22% in 'inadequate' services":
   * a figure with no phrase of its own measures what the one before it
   * in the same unit does. */
  if (k && f[k - 1].measure && !strcmp(f[k - 1].unit, f[k].unit))
    return f[k - 1].measure;
  return NULL;
}

void af__figure_measures(const af__norm_rules *r, af__arena *a, const char *t,
                         size_t s, size_t e, af_figure *f,
                         const size_t *qstart, size_t n) {
  af__vec toks;
  mctx m;

  af__vec_init(&toks, sizeof(tok));
  if (tokenise(t, s, e, &toks) < 0) {
    af__vec_free(&toks);
    return; /* out of memory: measures stay as they are */
  }
  m = (mctx){r, a, t, toks.v, toks.n};
  for (size_t k = 0; k < n; k++) {
    size_t fs = 0, q = tok_from(&m, qstart[k]), after = tok_from(&m, f[k].end);
    size_t hi = k + 1 < n ? tok_from(&m, f[k + 1].start) : m.n;
    f[k].measure = measure_of(&m, f, k, fs, q, after, hi);
  }
  /* "between 10 and 14 cases": the low end measures what the high does. */
  for (size_t k = n; k-- > 1;)
    if (!f[k - 1].measure && f[k - 1].range && f[k].range &&
        !strcmp(f[k - 1].range, "low"))
      f[k - 1].measure = f[k].measure;
  af__vec_free(&toks);
}
