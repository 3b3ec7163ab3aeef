/* Sentence splitting.  A full stop ends a sentence only when the next word
 * starts one; abbreviations, initials, decimals and quotations that run
 * over several sentences keep the sentence open. */
#include "norm_internal.h"

#include <auditfeed/errno.h>

static unsigned prev_cp(const char *t, size_t lo, size_t i) {
  size_t l;

  if (i <= lo)
    return ' ';
  return af__cp_at(t, af__cp_before(t, lo, i), i, &l);
}

static bool is_open_ctx(unsigned c) {
  return af__is_space_cp(c) || c == '(' || c == '[' || c == 0x2013 ||
         c == 0x2014 || c == '-' || c == ':' || af__is_dquote(c) ||
         af__is_squote(c);
}

/* The word before a full stop at `dot` is an abbreviation or an initial. */
static bool is_abbrev(const af__norm_rules *r, const char *t, size_t lo,
                      size_t dot) {
  size_t ws = dot;

  while (ws > lo && !af__is_space_cp(prev_cp(t, lo, ws)) &&
         !af__is_dquote(prev_cp(t, lo, ws)) && prev_cp(t, lo, ws) != '(')
    ws = af__cp_before(t, lo, ws);
  if (dot - ws == 1 && af__is_upper_at(t, ws, dot))
    return true; /* an initial: "J. Smith" */
  for (size_t k = 0; k < r->lex[AF_LEX_ABBREV].n; k++) {
    const char *a = r->lex[AF_LEX_ABBREV].phrase[k];
    size_t m = af__match_at(t, ws, dot + 1, a, true);
    if (m == dot + 1)
      return true;
  }
  return false;
}

/* Appends the sentence [s, e) to out; AF_ENOMEM when it cannot. */
static int push_span(af__vec *out, size_t s, size_t e) {
  af__span *sp = af__vec_push(out);
  if (!sp)
    return AF_ENOMEM;
  sp->s = s;
  sp->e = e;
  return 0;
}

/* The splitter's place: the sentence open since `start`, the scan at `i`,
 * and whether a double (dq) or a single (sq) quotation is open, since a
 * full stop inside a quotation does not end the sentence around it. */
typedef struct {
  const af__norm_rules *r;
  const char *t;
  size_t e, start, i;
  int dq, sq;
  af__vec *out;
} splitter;

/* A quotation mark at p->i (l bytes long): it may open or close a
 * quotation, or end a sentence that the writer's line breaks no longer
 * show.  Always moves p->i on; AF_ENOMEM when a sentence cannot be kept. */
static int at_quote_mark(splitter *p, unsigned c, size_t l) {
  const char *t = p->t;
  size_t i = p->i, e = p->e, nl;
  unsigned pc = prev_cp(t, p->start, i);
  unsigned nc = i + l < e ? af__cp_at(t, i + l, e, &nl) : ' ';
  bool opener = is_open_ctx(pc) && !af__is_space_cp(nc);
  bool closer = !af__is_space_cp(pc) && !af__is_word_cp(nc);

  if (c == 0x2019 && af__is_word_cp(pc) && af__is_word_cp(nc))
    opener = closer = false; /* apostrophe */
  /* A quotation over several paragraphs opens each with a quotation
   * mark and closes only the last; when the paragraphs arrive joined,
   * a mark opening after a full stop starts a new quoted paragraph. */
  if (af__is_dquote(c) && p->dq && af__is_space_cp(pc) && af__is_word_cp(nc)) {
    size_t k = af__trim_end(t, p->start, i);
    unsigned lc = prev_cp(t, p->start, k);
    if (lc == '.' || lc == '!' || lc == '?') {
      if (push_span(p->out, p->start, k))
        return AF_ENOMEM;
      p->start = i;
      p->i = i + l;
      return 0;
    }
  }
  /* “…experiences” The NAO found …: a line break lost between a
   * quotation and the next sentence. */
  if (af__is_dquote(c) && af__is_word_cp(pc) && af__is_space_cp(nc)) {
    size_t n = af__skip_space(t, i + l, e), we = af__word_end(t, n, e);
    if (we > n && af__word_in_class(p->r, AF_LEX_SENTENCE_START, t, n, we,
                                    NULL) &&
        af__is_upper_at(t, n, e)) {
      if (push_span(p->out, p->start, i + l))
        return AF_ENOMEM;
      p->dq = 0;
      p->start = p->i = n;
      return 0;
    }
  }
  /* Double quotes do not nest in practice: inside a quotation any
   * double quote closes it, whichever way it curls. */
  if (af__is_dquote(c) && p->dq && (pc == '.' || pc == '!' || pc == '?')) {
    /* “… over budget.” Nobody disagreed: the quotation ends the
     * sentence. */
    size_t n = af__skip_space(t, i + l, e);
    p->dq = 0;
    if (n > i + l && n < e && af__is_upper_at(t, n, e)) {
      if (push_span(p->out, p->start, i + l))
        return AF_ENOMEM;
      p->start = p->i = n;
      return 0;
    }
  } else if (af__is_dquote(c))
    p->dq = p->dq ? 0 : opener;
  else if (opener && p->sq == 0)
    p->sq = 1;
  else if (closer && p->sq > 0)
    p->sq = 0;
  p->i = i + l;
  return 0;
}

/* A bullet inside a line: list items joined into one paragraph.  Returns
 * 1 when the bullet starts a new sentence, 0 when no bullet, <0 on error. */
static int at_inline_bullet(splitter *p, unsigned c, size_t l) {
  if (!((c == 0x2022 || c == 0x25AA) && p->i > p->start &&
        af__is_space_cp(prev_cp(p->t, p->start, p->i))))
    return 0;
  if (push_span(p->out, p->start, af__trim_end(p->t, p->start, p->i)))
    return AF_ENOMEM;
  p->start = p->i;
  p->dq = p->sq = 0;
  p->i += l;
  return 1;
}

/* "… after finding: - In most …": a dash opening an item after a colon
 * or a full stop.  Returns 1 when it starts a new sentence, 0 when the
 * dash is part of the sentence, <0 on error. */
static int at_dash_item(splitter *p, unsigned c, size_t l) {
  const char *t = p->t;
  size_t i = p->i, e = p->e, k, n, cl;
  unsigned lc;

  if (!((c == '-' || c == 0x2013) && i > p->start + 2 &&
        af__is_space_cp(prev_cp(t, p->start, i)) && i + l < e &&
        t[i + l] == ' '))
    return 0;
  k = af__trim_end(t, p->start, i);
  lc = prev_cp(t, p->start, k);
  n = af__skip_space(t, i + l, e);
  if (!((lc == ':' || lc == '.' || lc == ';') && n < e &&
        (af__is_upper_at(t, n, e) || af__is_squote(af__cp_at(t, n, e, &cl)) ||
         af__is_dquote(af__cp_at(t, n, e, &cl)))))
    return 0;
  if (push_span(p->out, p->start, k))
    return AF_ENOMEM;
  p->start = i;
  p->dq = p->sq = 0;
  p->i = n;
  return 1;
}

/* A full stop, exclamation or question mark outside quotations ends the
 * sentence when the next word starts one and the word before is no
 * abbreviation.  Returns 1 when it moved p->i on past the mark (a new
 * sentence or not), 0 when c is no such mark, <0 on error. */
static int at_sentence_end(splitter *p, unsigned c, size_t l) {
  const char *t = p->t;
  size_t i = p->i, e = p->e, k = i + 1, n;

  if (!((c == '.' || c == '!' || c == '?') && p->dq == 0 && p->sq == 0))
    return 0;
  /* Closing quotes and brackets belong to the sentence they end. */
  for (;;) {
    size_t ll;
    unsigned cc = af__cp_at(t, k, e, &ll);
    if (k < e && (af__is_dquote(cc) || af__is_squote(cc) || cc == ')' ||
                  cc == ']' || cc == '.' || cc == '!' || cc == '?'))
      k += ll;
    else
      break;
  }
  n = af__skip_space(t, k, e);
  if (n == k && n < e) { /* "media.com", "5.3": no space, no break */
    p->i = i + l;
    return 1;
  }
  if (n < e) {
    size_t ll;
    unsigned nc = af__cp_at(t, n, e, &ll);
    bool starts = af__is_upper_at(t, n, e) || (nc >= '0' && nc <= '9') ||
                  af__is_dquote(nc) || af__is_squote(nc) || nc == '(' ||
                  nc == 0x2022;
    if (!starts || (c == '.' && is_abbrev(p->r, t, p->start, i))) {
      p->i = i + l;
      return 1;
    }
  }
  if (push_span(p->out, p->start, af__trim_end(t, p->start, k)))
    return AF_ENOMEM;
  p->start = n;
  p->i = n;
  return 1;
}

int af__split_sentences(const af__norm_rules *r, const char *t, size_t s,
                       size_t e, af__vec *out) {
  splitter p = {.r = r, .t = t, .e = e, .dq = 0, .sq = 0, .out = out};

  p.start = af__skip_space(t, s, e);
  p.i = p.start;
  while (p.i < e) {
    size_t l;
    unsigned c = af__cp_at(t, p.i, e, &l);
    int rc;
    if (af__is_dquote(c) || af__is_squote(c)) {
      if (at_quote_mark(&p, c, l))
        return AF_ENOMEM;
      continue;
    }
    /* Each step either takes the mark at p.i (and moves p.i on) or
     * leaves it to the next. */
    if ((rc = at_inline_bullet(&p, c, l)) != 0 ||
        (rc = at_dash_item(&p, c, l)) != 0 ||
        (rc = at_sentence_end(&p, c, l)) != 0) {
      if (rc < 0)
        return rc;
      continue;
    }
    p.i += l ? l : 1;
  }
  if (p.start < e) {
    size_t te = af__trim_end(t, p.start, e);
    if (te > p.start) {
      if (push_span(out, p.start, te))
        return AF_ENOMEM;
    }
  }
  return 0;
}
