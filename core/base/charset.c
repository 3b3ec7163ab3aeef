/* Charset detection and conversion to UTF-8 (glibc iconv). */
#include "charset.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <auditfeed/errno.h>

/* How far into a document an in-band declaration is looked for.  HTML
 * allows 1024 bytes; real pages put long comments first, so be lenient. */
#define SNIFF_BYTES 4096

static const char REPL[] = "\xEF\xBF\xBD"; /* U+FFFD */

int af__charset_is_text(const char *t) {
  size_t n;
  if (!t || !*t)
    return 0;
  if (!strncmp(t, "text/", 5))
    return 1;
  if (!strcmp(t, "application/xml") || !strcmp(t, "application/xhtml+xml") ||
      !strcmp(t, "application/json") || !strcmp(t, "application/javascript"))
    return 1;
  n = strlen(t);
  return (n > 4 && !strcmp(t + n - 4, "+xml")) ||
         (n > 5 && !strcmp(t + n - 5, "+json"));
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid:
 * overlongs, surrogates and code points above U+10FFFF are refused. */
static size_t utf8_seq(const unsigned char *s, size_t left) {
  unsigned c = s[0];
  size_t n, i;
  unsigned cp;
  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2, cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3, cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4, cp = c & 0x07;
  else
    return 0;
  if (left < n)
    return 0;
  for (i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n;
}

/* Length of the leading run of ASCII bytes, eight at a time: most of a
 * page is ASCII, and this keeps validation off the per-byte path. */
static size_t ascii_run(const unsigned char *s, size_t len) {
  size_t i = 0;
  while (i + 8 <= len) {
    uint64_t w;
    memcpy(&w, s + i, sizeof(w));
    if (w & 0x8080808080808080ull)
      break;
    i += 8;
  }
  while (i < len && s[i] < 0x80)
    i++;
  return i;
}

/* Bytes that are not part of a valid UTF-8 sequence. */
static size_t utf8_bad_bytes(const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0, bad = 0, n;
  while (i < len) {
    i += ascii_run(s + i, len - i);
    if (i >= len)
      break;
    n = utf8_seq(s + i, len - i);
    if (n) {
      i += n;
    } else {
      bad++;
      i++;
    }
  }
  return bad;
}

int af__utf8_valid(const char *s, size_t len) {
  return utf8_bad_bytes(s, len) == 0;
}

/* Copy, replacing each invalid byte with U+FFFD.  Sized exactly: a valid
 * page (the usual case) costs one validation pass and one memcpy. */
static char *utf8_sanitise(const char *s, size_t len, size_t *outlen) {
  size_t bad = utf8_bad_bytes(s, len);
  char *out = malloc(len + bad * 2 + 1);
  size_t i = 0, o = 0, n;
  if (!out)
    return NULL;
  if (!bad) {
    memcpy(out, s, len);
    out[len] = '\0';
    *outlen = len;
    return out;
  }
  while (i < len) {
    n = utf8_seq((const unsigned char *)s + i, len - i);
    if (n) {
      memcpy(out + o, s + i, n);
      o += n;
      i += n;
    } else {
      memcpy(out + o, REPL, 3);
      o += 3;
      i++;
    }
  }
  out[o] = '\0';
  *outlen = o;
  return out;
}

static int is_utf8_label(const char *l) {
  return !strcasecmp(l, "utf-8") || !strcasecmp(l, "utf8") ||
         !strcasecmp(l, "unicode-1-1-utf-8");
}

/* Browsers decode these labels as windows-1252, and so do real pages that
 * say latin-1 but contain curly quotes in 0x80-0x9F. */
static int is_1252_label(const char *l) {
  static const char *const labels[] = {
      "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "us-ascii",
      "ascii", "cp1252", "windows-1252", "x-cp1252", "cp819", "ibm819",
      "iso-ir-100", NULL};
  for (size_t i = 0; labels[i]; i++)
    if (!strcasecmp(l, labels[i]))
      return 1;
  return 0;
}

static const char *memcasemem(const char *h, size_t hl, const char *n) {
  size_t nl = strlen(n);
  for (size_t i = 0; nl <= hl && i <= hl - nl; i++)
    if (!strncasecmp(h + i, n, nl))
      return h + i;
  return NULL;
}

/* Finds `key` = value inside [p, end) and returns the value's span. */
static int find_attr_value(const char *p, const char *end, const char *key,
                           size_t *off, size_t *vlen, const char *base) {
  const char *k = memcasemem(p, (size_t)(end - p), key);
  const char *v;
  if (!k)
    return 0;
  v = k + strlen(key);
  while (v < end && isspace((unsigned char)*v))
    v++;
  if (v >= end || *v != '=')
    return 0;
  v++;
  while (v < end && (isspace((unsigned char)*v) || *v == '"' || *v == '\''))
    v++;
  k = v;
  while (k < end && (isalnum((unsigned char)*k) || strchr("-_.:", *k)))
    k++;
  if (k == v || k - v > 40)
    return 0;
  *off = (size_t)(v - base);
  *vlen = (size_t)(k - v);
  return 1;
}

/* In-band declaration: XML declaration first, then the first <meta> that
 * mentions a charset. */
static int sniff_inband(const char *s, size_t len, size_t *off, size_t *vlen) {
  size_t lim = len < SNIFF_BYTES ? len : SNIFF_BYTES;
  const char *end = s + lim, *p = s, *q;
  while (p < end && isspace((unsigned char)*p))
    p++;
  if (end - p > 5 && !strncmp(p, "<?xml", 5)) {
    q = memcasemem(p, (size_t)(end - p), "?>");
    if (q && find_attr_value(p, q, "encoding", off, vlen, s))
      return 1;
  }
  while (p < end && (p = memcasemem(p, (size_t)(end - p), "<meta"))) {
    q = memchr(p, '>', (size_t)(end - p));
    if (!q)
      break;
    if (find_attr_value(p, q, "charset", off, vlen, s))
      return 1;
    p = q;
  }
  return 0;
}

static char *lower_dup(const char *s, size_t n) {
  char *d = malloc(n + 1);
  if (!d)
    return NULL;
  for (size_t i = 0; i < n; i++)
    d[i] = (char)tolower((unsigned char)s[i]);
  d[n] = '\0';
  return d;
}

/* iconv with replacement: each byte the decoder rejects becomes U+FFFD. */
static char *convert(const char *from, const char *in, size_t len,
                     size_t *outlen) {
  iconv_t cd = iconv_open("UTF-8", from);
  size_t cap = len * 3 + 16, inleft = len, outleft, used;
  char *out, *inp = (char *)in, *outp;
  if (cd == (iconv_t)-1)
    return NULL;
  out = malloc(cap);
  if (!out) {
    iconv_close(cd);
    return NULL;
  }
  outp = out;
  outleft = cap - 1;
  for (;;) {
    size_t r = iconv(cd, &inp, &inleft, &outp, &outleft);
    if (r != (size_t)-1 || inleft == 0)
      break;
    if (errno == E2BIG || outleft < 4) {
      char *n;
      used = (size_t)(outp - out);
      cap *= 2;
      n = realloc(out, cap);
      if (!n) {
        free(out);
        iconv_close(cd);
        return NULL;
      }
      out = n;
      outp = out + used;
      outleft = cap - used - 1;
      continue;
    }
    memcpy(outp, REPL, 3);
    outp += 3;
    outleft -= 3;
    if (errno == EINVAL) /* truncated sequence at the end */
      break;
    inp++;
    inleft--;
  }
  iconv(cd, NULL, NULL, &outp, &outleft);
  iconv_close(cd);
  *outp = '\0';
  *outlen = (size_t)(outp - out);
  return out;
}

int af__charset_to_utf8(const char *in, size_t len, const char *media_type,
                       const char *header_charset, char **out, size_t *outlen,
                       char **used) {
  const unsigned char *u = (const unsigned char *)in;
  const char *from = NULL, *body = in;
  char label[48] = "", *patched = NULL, *res = NULL;
  size_t off = 0, vlen = 0, blen = len;
  int inband, html, plain;

  *out = NULL;
  *used = NULL;
  *outlen = 0;
  html = media_type && strstr(media_type, "html") != NULL;
  plain = media_type && strcmp(media_type, "text/plain") == 0;

  if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
    from = "UTF-8", body = in + 3, blen = len - 3;
    strcpy(label, "utf-8");
  } else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
    from = "UTF-16LE", body = in + 2, blen = len - 2;
    strcpy(label, "utf-16le");
  } else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
    from = "UTF-16BE", body = in + 2, blen = len - 2;
    strcpy(label, "utf-16be");
  }

  inband = sniff_inband(body, blen, &off, &vlen);
  if (!from && header_charset && *header_charset) {
    snprintf(label, sizeof(label), "%s", header_charset);
  } else if (!from && inband && vlen < sizeof(label)) {
    memcpy(label, body + off, vlen);
    label[vlen] = '\0';
  }
  for (char *c = label; *c; c++)
    *c = (char)tolower((unsigned char)*c);

  if (!from && *label)
    from = is_utf8_label(label) ? "UTF-8"
           : is_1252_label(label) ? "CP1252" : label;
  if (!from) /* nothing declared: UTF-8 if it is, else what browsers do */
    from = (af__utf8_valid(body, blen) || !(html || plain)) ? "UTF-8" : "CP1252";

  /* The declaration inside the document must match the bytes we hand on. */
  if (inband && !(vlen == 5 && !strncasecmp(body + off, "utf-8", 5))) {
    patched = malloc(blen - vlen + 6);
    if (!patched)
      return AF_ENOMEM;
    memcpy(patched, body, off);
    memcpy(patched + off, "utf-8", 5);
    memcpy(patched + off + 5, body + off + vlen, blen - off - vlen);
    blen = blen - vlen + 5;
    body = patched;
  }

  if (!strcmp(from, "UTF-8"))
    res = utf8_sanitise(body, blen, outlen);
  else
    res = convert(from, body, blen, outlen);
  if (!res && strcmp(from, "UTF-8")) /* unknown label: best effort */
    res = utf8_sanitise(body, blen, outlen);
  free(patched);
  if (!res)
    return AF_ENOMEM;
  if (*label) {
    *used = lower_dup(label, strlen(label));
    if (!*used) {
      free(res);
      return AF_ENOMEM;
    }
  }
  *out = res;
  return 0;
}
