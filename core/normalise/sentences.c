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

int af__split_sentences(const af__norm_rules *r, const char *t, size_t s,
                       size_t e, af__vec *out) {
  size_t i, start;
  int dq = 0, sq = 0;

  start = af__skip_space(t, s, e);
  i = start;
  while (i < e) {
    size_t l;
    unsigned c = af__cp_at(t, i, e, &l);
    if (af__is_dquote(c) || af__is_squote(c)) {
      unsigned pc = prev_cp(t, start, i);
      size_t nl;
      unsigned nc = i + l < e ? af__cp_at(t, i + l, e, &nl) : ' ';
      bool opener = is_open_ctx(pc) && !af__is_space_cp(nc);
      bool closer = !af__is_space_cp(pc) && !af__is_word_cp(nc);
      if (c == 0x2019 && af__is_word_cp(pc) && af__is_word_cp(nc))
        opener = closer = false; /* apostrophe */
      /* A quotation over several paragraphs opens each with a quotation
       * mark and closes only the last; when the paragraphs arrive joined,
       * a mark opening after a full stop starts a new quoted paragraph. */
      if (af__is_dquote(c) && dq && af__is_space_cp(pc) && af__is_word_cp(nc)) {
        size_t k = af__trim_end(t, start, i);
        unsigned lc = prev_cp(t, start, k);
        if (lc == '.' || lc == '!' || lc == '?') {
          if (push_span(out, start, k))
            return AF_ENOMEM;
          start = i;
          i += l;
          continue;
        }
      }
      /* “…experiences” The NAO found …: a line break lost between a
       * quotation and the next sentence. */
      if (af__is_dquote(c) && af__is_word_cp(pc) && af__is_space_cp(nc)) {
        size_t n = af__skip_space(t, i + l, e), we = af__word_end(t, n, e);
        if (we > n && af__word_in_class(r, AF_LEX_SENTENCE_START, t, n, we,
                                        NULL) &&
            af__is_upper_at(t, n, e)) {
          if (push_span(out, start, i + l))
            return AF_ENOMEM;
          dq = 0;
          start = i = n;
          continue;
        }
      }
      /* Double quotes do not nest in practice: inside a quotation any
       * double quote closes it, whichever way it curls. */
      if (af__is_dquote(c) && dq && (pc == '.' || pc == '!' || pc == '?')) {
        /* “… over budget.” Nobody disagreed: the quotation ends the
         * sentence. */
        size_t n = af__skip_space(t, i + l, e);
        dq = 0;
        if (n > i + l && n < e && af__is_upper_at(t, n, e)) {
          if (push_span(out, start, i + l))
            return AF_ENOMEM;
          start = i = n;
          continue;
        }
      } else if (af__is_dquote(c))
        dq = dq ? 0 : opener;
      else if (opener && sq == 0)
        sq = 1;
      else if (closer && sq > 0)
        sq = 0;
      i += l;
      continue;
    }
    /* A bullet inside a line: list items joined into one paragraph. */
    if ((c == 0x2022 || c == 0x25AA) && i > start &&
        af__is_space_cp(prev_cp(t, start, i))) {
      if (push_span(out, start, af__trim_end(t, start, i)))
        return AF_ENOMEM;
      start = i;
      dq = sq = 0;
      i += l;
      continue;
    }
    /* "… after finding: - In most …": a dash opening an item after a colon
     * or a full stop. */
    if ((c == '-' || c == 0x2013) && i > start + 2 &&
        af__is_space_cp(prev_cp(t, start, i)) && i + l < e &&
        t[i + l] == ' ') {
      size_t k = af__trim_end(t, start, i);
      unsigned lc = prev_cp(t, start, k);
      size_t n = af__skip_space(t, i + l, e);
      if ((lc == ':' || lc == '.' || lc == ';') && n < e &&
          (af__is_upper_at(t, n, e) || af__is_squote(af__cp_at(t, n, e, &l)) ||
           af__is_dquote(af__cp_at(t, n, e, &l)))) {
        if (push_span(out, start, k))
          return AF_ENOMEM;
        start = i;
        dq = sq = 0;
        i = n;
        continue;
      }
      af__cp_at(t, i, e, &l);
    }
    if ((c == '.' || c == '!' || c == '?') && dq == 0 && sq == 0) {
      size_t k = i + 1, n;
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
        i += l;
        continue;
      }
      if (n < e) {
        size_t ll;
        unsigned nc = af__cp_at(t, n, e, &ll);
        bool starts = af__is_upper_at(t, n, e) || (nc >= '0' && nc <= '9') ||
                      af__is_dquote(nc) || af__is_squote(nc) || nc == '(' ||
                      nc == 0x2022;
        if (!starts || (c == '.' && is_abbrev(r, t, start, i))) {
          i += l;
          continue;
        }
      }
      {
        if (push_span(out, start, af__trim_end(t, start, k)))
          return AF_ENOMEM;
      }
      start = n;
      i = n;
      continue;
    }
    i += l ? l : 1;
  }
  if (start < e) {
    size_t te = af__trim_end(t, start, e);
    if (te > start) {
      if (push_span(out, start, te))
        return AF_ENOMEM;
    }
  }
  return 0;
}
