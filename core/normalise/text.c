/* Byte-level text helpers.  The document is UTF-8; spans are byte offsets,
 * so matching folds characters on the fly instead of copying the text. */
#include "norm_internal.h"

#include <string.h>

unsigned af__cp_at(const char *t, size_t i, size_t end, size_t *len) {
  const unsigned char *u = (const unsigned char *)t + i;
  size_t avail = end - i;

  if (avail == 0) {
    *len = 0;
    return 0;
  }
  if (u[0] < 0x80) {
    *len = 1;
    return u[0];
  }
  if ((u[0] & 0xE0) == 0xC0 && avail >= 2) {
    *len = 2;
    return ((unsigned)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
  }
  if ((u[0] & 0xF0) == 0xE0 && avail >= 3) {
    *len = 3;
    return ((unsigned)(u[0] & 0x0F) << 12) | ((unsigned)(u[1] & 0x3F) << 6) |
           (u[2] & 0x3F);
  }
  if ((u[0] & 0xF8) == 0xF0 && avail >= 4) {
    *len = 4;
    return ((unsigned)(u[0] & 0x07) << 18) | ((unsigned)(u[1] & 0x3F) << 12) |
           ((unsigned)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
  }
  *len = 1;
  return 0xFFFD;
}

bool af__is_space_cp(unsigned c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 ||
         c == 0x2009 || c == 0x202F || c == 0x200B;
}

bool af__is_dquote(unsigned c) {
  return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E;
}

bool af__is_squote(unsigned c) {
  return c == '\'' || c == 0x2018 || c == 0x2019;
}

bool af__is_word_cp(unsigned c) {
  if (c < 0x80)
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
  return c >= 0xC0 && !af__is_space_cp(c) && !af__is_dquote(c) &&
         !af__is_squote(c) && (c < 0x2000 || c > 0x206F);
}

bool af__is_upper_at(const char *t, size_t i, size_t end) {
  size_t l;
  unsigned c = af__cp_at(t, i, end, &l);

  return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

unsigned af__fold_next(const char *t, size_t *i, size_t end) {
  size_t l;
  unsigned c = af__cp_at(t, *i, end, &l);

  *i += l ? l : 1;
  if (c >= 'A' && c <= 'Z')
    return c + 32;
  if (af__is_squote(c))
    return '\'';
  if (af__is_dquote(c))
    return '"';
  if (af__is_space_cp(c))
    return ' ';
  if (c == 0x2013 || c == 0x2014)
    return '-';
  return c;
}

size_t af__skip_space(const char *t, size_t i, size_t end) {
  while (i < end) {
    size_t l;
    unsigned c = af__cp_at(t, i, end, &l);
    if (!af__is_space_cp(c))
      break;
    i += l;
  }
  return i;
}

size_t af__trim_end(const char *t, size_t s, size_t e) {
  while (e > s) {
    size_t k = e - 1;
    size_t l;
    while (k > s && ((unsigned char)t[k] & 0xC0) == 0x80)
      k--;
    if (!af__is_space_cp(af__cp_at(t, k, e, &l)))
      break;
    e = k;
  }
  return e;
}

size_t af__cp_before(const char *t, size_t lo, size_t i) {
  size_t k = i - 1;

  while (k > lo && ((unsigned char)t[k] & 0xC0) == 0x80)
    k--;
  return k;
}

static bool boundary_before(const char *t, size_t lo, size_t i) {
  size_t l;

  if (i <= lo)
    return true;
  return !af__is_word_cp(af__cp_at(t, af__cp_before(t, lo, i), i, &l));
}

static bool boundary_after(const char *t, size_t i, size_t end) {
  size_t l;

  if (i >= end)
    return true;
  return !af__is_word_cp(af__cp_at(t, i, end, &l));
}

size_t af__match_at(const char *t, size_t i, size_t end, const char *phrase,
                   bool fold) {
  size_t j = i, p = 0, plen;
  unsigned char a0, p0 = (unsigned char)phrase[0];

  /* Cheap first-byte test before any decoding: most positions fail it. */
  if (i >= end || p0 == 0)
    return 0;
  a0 = (unsigned char)t[i];
  if (a0 < 0x80 && p0 < 0x80) {
    if (fold) {
      if (a0 >= 'A' && a0 <= 'Z')
        a0 += 32;
      if (p0 >= 'A' && p0 <= 'Z')
        p0 += 32;
    }
    if (a0 != p0)
      return 0;
  }
  if (!boundary_before(t, 0, i) && af__is_word_cp((unsigned char)phrase[0]))
    return 0;
  plen = strlen(phrase);
  while (p < plen) {
    unsigned a, b;
    size_t pj = p;
    if (j >= end)
      return 0;
    if (fold) {
      a = af__fold_next(t, &j, end);
      b = af__fold_next(phrase, &pj, plen);
    } else {
      size_t l1, l2;
      a = af__cp_at(t, j, end, &l1);
      b = af__cp_at(phrase, pj, plen, &l2);
      j += l1;
      pj += l2;
      if (af__is_squote(a) && af__is_squote(b))
        a = b;
      if (af__is_space_cp(a) && b == ' ')
        a = b;
    }
    if (a != b)
      return 0;
    p = pj;
    /* Runs of spaces in the text (double spaces, NBSP) match one space. */
    if (a == ' ')
      while (j < end) {
        size_t l;
        if (!af__is_space_cp(af__cp_at(t, j, end, &l)))
          break;
        j += l;
      }
  }
  if (af__is_word_cp((unsigned char)phrase[plen - 1]) &&
      !boundary_after(t, j, end))
    return 0;
  return j;
}

size_t af__find_phrase(const char *t, size_t s, size_t e, const char *phrase,
                      bool fold, size_t *mend) {
  for (size_t i = s; i < e; i++) {
    size_t m;
    if (((unsigned char)t[i] & 0xC0) == 0x80)
      continue;
    m = af__match_at(t, i, e, phrase, fold);
    if (m) {
      if (mend)
        *mend = m;
      return i;
    }
  }
  return (size_t)-1;
}

size_t af__find_class(const af__norm_rules *r, af__lex_class c, const char *t,
                     size_t s, size_t e, size_t *which, size_t *mend) {
  const af__lex_list *l = &r->lex[c];
  size_t best = (size_t)-1, bend = 0, bw = 0;

  for (size_t k = 0; k < l->n; k++) {
    size_t me;
    /* The whole span: a longer phrase that starts before the best match
     * so far may end after it ("would cost" against "cost"). */
    size_t at = af__find_phrase(t, s, e, l->phrase[k], true, &me);
    if (at == (size_t)-1 || at > best)
      continue;
    /* Prefer the earliest match, then the longest phrase there. */
    if (at < best || (at == best && me > bend)) {
      best = at;
      bend = me;
      bw = k;
    }
  }
  if (best != (size_t)-1) {
    if (which)
      *which = bw;
    if (mend)
      *mend = bend;
  }
  return best;
}

bool af__has_class(const af__norm_rules *r, af__lex_class c, const char *t,
                  size_t s, size_t e) {
  return af__find_class(r, c, t, s, e, NULL, NULL) != (size_t)-1;
}

bool af__word_in_class(const af__norm_rules *r, af__lex_class c, const char *t,
                      size_t s, size_t e, const char **value) {
  const af__lex_list *l = &r->lex[c];

  for (size_t k = 0; k < l->n; k++)
    if (af__match_at(t, s, e, l->phrase[k], true) == e) {
      if (value)
        *value = l->value[k];
      return true;
    }
  return false;
}

size_t af__word_end(const char *t, size_t i, size_t end) {
  while (i < end) {
    size_t l;
    unsigned c = af__cp_at(t, i, end, &l);
    if (!af__is_word_cp(c))
      break;
    i += l;
  }
  return i;
}

size_t af__prev_word_start(const char *t, size_t lo, size_t i) {
  size_t l;

  while (i > lo && !af__is_word_cp(af__cp_at(t, af__cp_before(t, lo, i), i, &l)))
    i = af__cp_before(t, lo, i);
  while (i > lo && af__is_word_cp(af__cp_at(t, af__cp_before(t, lo, i), i, &l)))
    i = af__cp_before(t, lo, i);
  return i;
}

size_t af__count_words(const char *t, size_t s, size_t e) {
  size_t n = 0, i = s;

  while (i < e) {
    size_t l;
    unsigned c = af__cp_at(t, i, e, &l);
    if (af__is_word_cp(c)) {
      n++;
      i = af__word_end(t, i, e);
    } else {
      i += l ? l : 1;
    }
  }
  return n;
}
