/* Bounded text buffers and UTF-8 hygiene.  Everything the extractor hands
 * back passes through af__tb_text(), which is the one place that decides
 * what counts as whitespace and what to do with ill-formed bytes. */
#include "xint.h"

#include <stdlib.h>
#include <string.h>

#include <auditfeed/array.h>
#include <auditfeed/errno.h>

void af__tb_init(af__tbuf *b, size_t max) {
  memset(b, 0, sizeof(*b));
  b->max = max;
}

void af__tb_free(af__tbuf *b) {
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
  b->sp = 0;
}

static int tb_grow(af__tbuf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap)
    return 0;
  if (b->len + extra > b->max)
    return AF_ELIMIT;
  size_t ncap = b->cap ? b->cap : 128;
  while (ncap < b->len + extra + 1)
    ncap *= 2;
  char *np = realloc(b->p, ncap);
  if (!np)
    return AF_ENOMEM;
  b->p = np;
  b->cap = ncap;
  return 0;
}

int af__tb_raw(af__tbuf *b, const char *s, size_t n) {
  int rc = tb_grow(b, n);
  if (rc)
    return rc;
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
  return 0;
}

/* Length of the well-formed UTF-8 sequence at s (1..4), or 0 if the bytes
 * there are ill-formed (overlong, surrogate, out of range, truncated). */
static size_t u8_len(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  if (c < 0x80)
    return c ? 1 : 0;
  if (c < 0xC2)
    return 0;
  if (c < 0xE0)
    return (n >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
  if (c < 0xF0) {
    if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
      return 0;
    if (c == 0xE0 && s[1] < 0xA0)
      return 0;
    if (c == 0xED && s[1] >= 0xA0)
      return 0;
    return 3;
  }
  if (c < 0xF5) {
    if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
        (s[3] & 0xC0) != 0x80)
      return 0;
    if (c == 0xF0 && s[1] < 0x90)
      return 0;
    if (c == 0xF4 && s[1] >= 0x90)
      return 0;
    return 4;
  }
  return 0;
}

int af__utf8_clean(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    /* ASCII fast path, eight bytes at a time: pages are mostly markup. */
    if (i + 8 <= n) {
      uint64_t v;
      memcpy(&v, u + i, 8);
      uint64_t zero = (v - 0x0101010101010101ULL) & ~v & 0x8080808080808080ULL;
      if (!(v & 0x8080808080808080ULL) && !zero) {
        i += 8;
        continue;
      }
    }
    if (u[i] >= 0x01 && u[i] < 0x80) {
      i++;
      continue;
    }
    size_t k = u8_len(u + i, n - i);
    if (!k)
      return 0;
    i += k;
  }
  return 1;
}

char *af__utf8_fix(const char *s, size_t n, size_t *outn) {
  /* Worst case every byte becomes a 3-byte replacement character. */
  if (n > (SIZE_MAX - 1) / 3)
    return NULL;
  char *o = malloc(n * 3 + 1);
  if (!o)
    return NULL;
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0, j = 0;
  while (i < n) {
    size_t k = u8_len(u + i, n - i);
    if (k) {
      memcpy(o + j, u + i, k);
      i += k;
      j += k;
    } else {
      memcpy(o + j, "\xEF\xBF\xBD", 3);
      j += 3;
      i++;
    }
  }
  o[j] = '\0';
  *outn = j;
  return o;
}

static int is_ws_at(const unsigned char *u, size_t i, size_t n, size_t *w) {
  unsigned c = u[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
      c == '\v') {
    *w = 1;
    return 1;
  }
  /* NBSP and the zero-width/thin spaces pages use for layout. */
  if (c == 0xC2 && i + 1 < n && u[i + 1] == 0xA0) {
    *w = 2;
    return 1;
  }
  if (c == 0xE2 && i + 2 < n && u[i + 1] == 0x80 &&
      ((u[i + 2] >= 0x80 && u[i + 2] <= 0x8B) || u[i + 2] == 0xAF)) {
    *w = 3;
    return 1;
  }
  if (c == 0xEF && i + 2 < n && u[i + 1] == 0xBB && u[i + 2] == 0xBF) {
    *w = 3;
    return 1;
  }
  return 0;
}

int af__tb_text(af__tbuf *b, const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  int rc = tb_grow(b, n + 2);
  if (rc)
    return rc;
  size_t i = 0;
  while (i < n) {
    size_t w;
    if (is_ws_at(u, i, n, &w)) {
      b->sp = 1;
      i += w;
      continue;
    }
    size_t k = u8_len(u + i, n - i);
    /* Replacements are longer than the bytes they replace, so the room
     * reserved above can run out; grow a little at a time (amortised by
     * the doubling in tb_grow) rather than assume the worst. */
    if (b->len + 4 + (k ? k : 3) + 1 > b->cap) {
      rc = tb_grow(b, (k ? k : 3) + 4);
      if (rc)
        return rc;
    }
    if (b->sp) {
      if (b->len)
        b->p[b->len++] = ' ';
      b->sp = 0;
    }
    if (k == 1) {
      b->p[b->len++] = (char)u[i];
      i++;
      continue;
    }
    if (k) {
      memcpy(b->p + b->len, u + i, k);
      b->len += k;
      i += k;
    } else {
      memcpy(b->p + b->len, "\xEF\xBF\xBD", 3);
      b->len += 3;
      i++;
    }
  }
  if (b->p)
    b->p[b->len] = '\0';
  return 0;
}

char *af__tb_dup(const af__tbuf *b) {
  size_t n = b->len;
  while (n && b->p[n - 1] == ' ')
    n--;
  char *o = malloc(n + 1);
  if (!o)
    return NULL;
  if (n)
    memcpy(o, b->p, n);
  o[n] = '\0';
  return o;
}

int af__plist_push(af__plist *l, const char *s, size_t n, int kind, int level) {
  while (n && s[n - 1] == ' ')
    n--;
  while (n && s[0] == ' ') {
    s++;
    n--;
  }
  if (!n)
    return 0;
  if (l->total + n > l->max_total)
    return AF_ELIMIT;
  if (af_grow(&l->v, &l->cap, l->n, sizeof(*l->v), 32))
    return AF_ENOMEM;
  char *t = malloc(n + 1);
  if (!t)
    return AF_ENOMEM;
  memcpy(t, s, n);
  t[n] = '\0';
  l->v[l->n].text = t;
  l->v[l->n].kind = kind;
  l->v[l->n].level = level;
  l->n++;
  l->total += n + 2;
  return 0;
}

void af__plist_free(af__plist *l) {
  for (size_t i = 0; i < l->n; i++)
    free(l->v[i].text);
  free(l->v);
  memset(l, 0, sizeof(*l));
}
