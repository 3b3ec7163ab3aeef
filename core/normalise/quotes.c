/* Quotations: "X said: “…”", "“…,” said X", "X added that “…”", and
 * paragraphs that carry on a quotation without a new attribution. */
#include "norm_doc.h"

#include <string.h>

static unsigned cp(const char *t, size_t i, size_t e, size_t *l) {
  return af__cp_at(t, i, e, l);
}

bool af__quote_open_at(const char *t, size_t i, size_t e) {
  size_t l, l2;
  unsigned c = cp(t, i, e, &l);

  if (!af__is_dquote(c) && !af__is_squote(c))
    return false;
  if (i + l >= e)
    return false;
  return !af__is_space_cp(cp(t, i + l, e, &l2)) || af__is_dquote(c);
}

static bool is_closer(const char *t, size_t lo, size_t i, size_t e,
                      bool dbl) {
  size_t l, pl;
  unsigned c = cp(t, i, e, &l), prev, next;
  size_t k = i;

  if (dbl ? !af__is_dquote(c) : !af__is_squote(c))
    return false;
  if (k <= lo)
    return false;
  k--;
  while (k > lo && ((unsigned char)t[k] & 0xC0) == 0x80)
    k--;
  prev = cp(t, k, i, &pl);
  next = i + l < e ? cp(t, i + l, e, &pl) : ' ';
  return !af__is_space_cp(prev) && !af__is_word_cp(next);
}

/* End (after the mark) of the quotation opened at `open`, or 0. */
static size_t quote_close(const char *t, size_t open, size_t e) {
  size_t l;
  bool dbl = af__is_dquote(cp(t, open, e, &l));

  for (size_t i = open + l; i < e;) {
    size_t cl;
    cp(t, i, e, &cl);
    if (is_closer(t, open + l, i, e, dbl))
      return i + cl;
    i += cl ? cl : 1;
  }
  return 0;
}

static bool verb_at(af__doc *d, size_t i, size_t e, size_t *vend) {
  for (size_t k = 0; k < d->r->lex[AF_LEX_SPEECH_VERB].n; k++) {
    size_t m = af__match_at(d->t, i, e, d->r->lex[AF_LEX_SPEECH_VERB].phrase[k],
                           true);
    if (m) {
      *vend = m;
      return true;
    }
  }
  return false;
}

/* Is [a, b) the NAO, its report, or "it" while the NAO is the subject? */
static bool nao_subject(af__doc *d, size_t a, size_t b) {
  size_t i = af__skip_space(d->t, a, b), we = af__word_end(d->t, i, b);

  if (af__has_class(d->r, AF_LEX_NAO_REF, d->t, a, b))
    return true;
  return d->last_src == AF_SRC_NAO && we > i &&
         af__match_at(d->t, i, we, "it", true) == we &&
         af__count_words(d->t, a, b) <= 2;
}

/* The attribution after a closing quote: ", said X." / ", X said." */
static int tail_speaker(af__doc *d, size_t p, size_t e) {
  size_t q = p, re = e, vend, v, which;
  int spk;

  while (q < e && (d->t[q] == ',' || d->t[q] == '.' || d->t[q] == ' '))
    q++;
  q = af__skip_space(d->t, q, e);
  while (re > q && (d->t[re - 1] == '.' || d->t[re - 1] == ' '))
    re--;
  if (q >= re || af__count_words(d->t, q, re) > 20)
    return -1;
  if (verb_at(d, q, re, &vend)) {
    v = q;
  } else {
    v = af__find_class(d->r, AF_LEX_SPEECH_VERB, d->t, q, re, &which, &vend);
    if (v == (size_t)-1 || af__count_words(d->t, q, v) > 12)
      return -1;
  }
  spk = v == q ? af__speaker_parse(d, vend, re) : af__speaker_parse(d, q, v);
  /* "“…,” the NAO said": the report's own words, not a person's. */
  if (spk < 0 && af__count_words(d->t, q, re) <= 8 &&
      nao_subject(d, v == q ? vend : q, v == q ? re : v))
    return -2;
  return spk;
}

static int add_quote(af__doc *d, size_t s, size_t e, int spk) {
  const af__seen_speaker *sp = (const af__seen_speaker *)d->speakers.v + spk;

  d->carry_speaker = spk;
  d->carry_nao = false;
  d->last_speaker = spk;
  d->quote_block = d->block + 1;
  d->after_quote = true;
  return af__add_finding(d, sp->response ? "response" : "quote", s, e,
                        sp->attribution, spk);
}

/* “Troubled families” are defined as …: the marks close early and the
 * writer's sentence goes on, so this is no quoted paragraph. */
static bool closes_early(af__doc *d, size_t st, size_t e, bool dbl) {
  size_t l;

  af__cp_at(d->t, st, e, &l);
  for (size_t i = st + l; i < e;) {
    size_t cl;
    af__cp_at(d->t, i, e, &cl);
    if (is_closer(d->t, st + l, i, e, dbl)) {
      size_t j = i + cl;
      while (j < e && strchr(",.;:!?)", d->t[j]))
        j++;
      return af__skip_space(d->t, j, e) < e;
    }
    i += cl ? cl : 1;
  }
  return false;
}

/* A segment that opens with a quotation mark. */
static int quote_first(af__doc *d, size_t st, size_t e, bool *handled) {
  size_t l, best = 0;
  int best_spk = -1; /* -2: the NAO itself */
  bool dbl = af__is_dquote(cp(d->t, st, e, &l));

  for (size_t i = st + l; i < e;) {
    size_t cl;
    cp(d->t, i, e, &cl);
    if (is_closer(d->t, st + l, i, e, dbl)) {
      int spk = tail_speaker(d, i + cl, e);
      if (spk >= 0 || spk == -2) {
        best = i + cl;
        best_spk = spk;
      }
    }
    i += cl ? cl : 1;
  }
  if (best_spk >= 0) {
    *handled = true;
    return add_quote(d, st, best, best_spk);
  }
  if (best_spk == -2) {
    *handled = true;
    d->carry_speaker = -1;
    d->carry_nao = true;
    return af__classify_sentence(d, st, best, true);
  }
  if (d->carry_speaker >= 0 && !closes_early(d, st, e, dbl)) {
    *handled = true;
    return add_quote(d, st, e, d->carry_speaker);
  }
  /* The next paragraph of a passage quoted from the report. */
  if (d->carry_nao && !closes_early(d, st, e, dbl)) {
    *handled = true;
    return af__classify_sentence(d, st, e, true);
  }
  return 0;
}

/* Where the quotation after a speech verb ending at vend opens: right
 * after it ("said “…"), or after a colon or comma a few words on ("said
 * in a statement: “…").  Sets *jp to the quotation mark, or to the colon
 * or comma; false when neither comes within a few words. */
static bool quote_after_verb(const af__doc *d, size_t vend, size_t e,
                             size_t *jp) {
  size_t j, words = 0;

  if (af__quote_open_at(d->t, af__skip_space(d->t, vend, e), e)) {
    *jp = af__skip_space(d->t, vend, e);
    return true;
  }
  for (j = vend; j < e && words < 6; j++) {
    if (d->t[j] == ' ')
      words++;
    if (d->t[j] == ':' || d->t[j] == ',' || d->t[j] == '.')
      break;
  }
  if (j >= e || d->t[j] == '.' || words >= 6)
    return false;
  *jp = j;
  return true;
}

/* "X said: “…”", "X said in a statement:" (quotation next paragraph): a
 * speaker and a speech verb open the sentence, the quotation follows.
 * *done when the sentence was settled here, read or given up; returns
 * what reading it returned. */
static int said_then_quote(af__doc *d, size_t st, size_t e, bool *handled,
                           bool *done) {
  *done = true;
  for (size_t i = st; i < e; i++) {
    size_t vend, j, after, close;
    int spk, rc;
    if (((unsigned char)d->t[i] & 0xC0) == 0x80 ||
        (i > st && af__is_word_cp((unsigned char)d->t[i - 1])))
      continue;
    if (!verb_at(d, i, e, &vend))
      continue;
    if (!quote_after_verb(d, vend, e, &j))
      continue;
    after = af__quote_open_at(d->t, j, e) ? j : af__skip_space(d->t, j + 1, e);
    if (after >= e && d->t[j] == ':') {
      spk = af__speaker_parse(d, st, i);
      if (spk < 0)
        return 0;
      *handled = true;
      d->carry_speaker = spk;
      d->last_speaker = spk;
      return 0;
    }
    if (!af__quote_open_at(d->t, after, e))
      continue;
    close = quote_close(d->t, after, e);
    if (!close)
      close = e;
    spk = af__speaker_parse(d, st, i);
    if (spk < 0) {
      /* "The NAO states: “…”": the report's own words. */
      if (nao_subject(d, st, i) ||
          af__has_class(d->r, AF_LEX_NAO_REF, d->t, st, j)) {
        *handled = true;
        d->carry_speaker = -1;
        d->carry_nao = true;
        return af__classify_sentence(d, after, close, true);
      }
      return 0;
    }
    *handled = true;
    rc = add_quote(d, after, close, spk);
    if (rc < 0 || close >= e)
      return rc;
    return af__classify_sentence(d, close, e, false);
  }
  *done = false;
  return 0;
}

/* "Moore added that “…”": the quotation sits inside the sentence.
 * Papers that quote with single marks open with "‘", which, unlike
 * "'", is no apostrophe; it still needs its closing mark. */
static int quote_inside(af__doc *d, size_t st, size_t e, bool *handled) {
  size_t i, first_open = 0;
  bool have_open = false;

  for (i = st; i < e; i++) {
    size_t l;
    unsigned c = cp(d->t, i, e, &l);
    if ((af__is_dquote(c) || (c == 0x2018 && quote_close(d->t, i, e))) &&
        af__quote_open_at(d->t, i, e) && i > st &&
        af__is_space_cp(cp(d->t, i - 1, e, &l))) {
      have_open = true;
      first_open = i;
      break;
    }
  }
  if (!have_open)
    return 0;
  for (i = st; i < first_open; i++) {
    size_t vend, cs;
    int spk;
    if (((unsigned char)d->t[i] & 0xC0) == 0x80 ||
        (i > st && af__is_word_cp((unsigned char)d->t[i - 1])))
      continue;
    if (!verb_at(d, i, first_open, &vend))
      continue;
    cs = i;
    while (cs > st && d->t[cs - 1] != ',')
      cs--;
    spk = af__count_words(d->t, cs, i) && af__count_words(d->t, cs, i) <= 6
              ? af__speaker_known(d, cs, i)
              : -1;
    /* "Jane Doe MP, chair of the committee, said the plan was “…”". */
    if (spk < 0 && af__count_words(d->t, st, i) <= 20)
      spk = af__speaker_parse(d, st, i);
    if (spk < 0)
      continue;
    *handled = true;
    return add_quote(d, st, e, spk);
  }
  return 0;
}

int af__quote_segment(af__doc *d, size_t s, size_t e, bool *handled) {
  size_t st = af__skip_space(d->t, s, e);
  bool done;
  int rc;

  *handled = false;
  if (af__quote_open_at(d->t, st, e))
    return quote_first(d, st, e, handled);
  rc = said_then_quote(d, st, e, handled, &done);
  if (done)
    return rc;
  return quote_inside(d, st, e, handled);
}
