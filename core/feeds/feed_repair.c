/* Byte repairs for feeds that are not well-formed XML, done before the
 * second reading (see feed.c): what liberal feed readers accept. */
#include "feed_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include <auditfeed/errno.h>

#include "charset.h"

void af__sb_add(af__sbuf *b, const char *s, size_t n) {
  if (b->oom)
    return;
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 128;
    char *np;
    while (cap < b->n + n + 1)
      cap *= 2;
    np = realloc(b->p, cap);
    if (!np) {
      b->oom = 1;
      return;
    }
    b->p = np;
    b->cap = cap;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
}

static int is_xml_entity(const char *name) {
  return !strcmp(name, "amp") || !strcmp(name, "lt") || !strcmp(name, "gt") ||
         !strcmp(name, "quot") || !strcmp(name, "apos");
}

/* Every '&' made into something XML accepts: character references and
 * XML's five entities stay; HTML entities (&nbsp; &eacute;) become
 * character references; a bare '&' becomes &amp;, and so does the '&' of
 * an unknown name unless the document declares entities of its own (then
 * libxml2 decides, within its expansion limits). */
static int fix_refs(const char *in, size_t len, af__sbuf *b) {
  const char *p = in, *end = in + len;
  int own_entities = memmem(in, len, "<!ENTITY", 8) != NULL;
  while (p < end) {
    const char *amp = memchr(p, '&', (size_t)(end - p)), *q;
    char name[32];
    size_t n;
    if (!amp) {
      af__sb_add(b, p, (size_t)(end - p));
      break;
    }
    af__sb_add(b, p, (size_t)(amp - p));
    p = amp + 1;
    q = p;
    if (q < end && *q == '#') {
      q++;
      if (q < end && (*q == 'x' || *q == 'X'))
        for (q++; q < end && isxdigit((unsigned char)*q); q++)
          ;
      else
        for (; q < end && isdigit((unsigned char)*q); q++)
          ;
      af__sb_add(b, q < end && *q == ';' && q > p + 1 ? "&" : "&amp;",
                 q < end && *q == ';' && q > p + 1 ? 1 : 5);
      continue;
    }
    for (; q < end && (isalnum((unsigned char)*q) || *q == '_' || *q == '-' ||
                       *q == '.');
         q++)
      ;
    n = (size_t)(q - p);
    if (q < end && *q == ';' && n && n < sizeof(name)) {
      const htmlEntityDesc *ent;
      memcpy(name, p, n);
      name[n] = '\0';
      if (is_xml_entity(name)) {
        af__sb_add(b, "&", 1);
      } else if ((ent = htmlEntityLookup((const xmlChar *)name))) {
        char ref[16];
        int rl = snprintf(ref, sizeof(ref), "&#%u;", ent->value);
        af__sb_add(b, ref, (size_t)rl);
        p = q + 1;
      } else {
        af__sb_add(b, own_entities ? "&" : "&amp;", own_entities ? 1 : 5);
      }
      continue;
    }
    af__sb_add(b, "&amp;", 5);
  }
  return b->oom ? AF_ENOMEM : 0;
}

/* Windows-1252's characters for bytes 0x80-0x9F (0: undefined there). */
static const unsigned short cp1252_c1[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030,
    0x0160, 0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D,
    0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E,
    0x0178};

unsigned af__feed_cp1252(unsigned char byte) {
  return byte >= 0x80 && byte <= 0x9F ? cp1252_c1[byte - 0x80] : byte;
}

/* Length of the well-formed UTF-8 sequence at p, or 0. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end) {
  size_t n = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3
             : (*p >> 3) == 30 ? 4 : 0;
  if (!n || (size_t)(end - p) < n)
    return 0;
  return af__utf8_valid((const char *)p, n) ? n : 0;
}

/* A feed that says (or is taken to be) UTF-8 but is not: each byte that is
 * not part of a UTF-8 sequence read as Windows-1252, as it nearly always
 * is (a Latin-1 name pasted into a UTF-8 template), and the rest kept. */
int af__feed_mend_utf8(const char *in, size_t len, af__sbuf *b) {
  const unsigned char *p = (const unsigned char *)in, *end = p + len;
  while (p < end) {
    size_t n = utf8_seq(p, end);
    if (n) {
      af__sb_add(b, (const char *)p, n);
      p += n;
    } else {
      unsigned cp = *p >= 0xA0 ? *p : cp1252_c1[*p - 0x80];
      char u[3];
      if (!cp)
        cp = 0xFFFD;
      if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        af__sb_add(b, u, 2);
      } else {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        af__sb_add(b, u, 3);
      }
      p++;
    }
  }
  return b->oom ? AF_ENOMEM : 0;
}

/* Where the construct opening at p ends ("-->" for a comment, "]]>" for
 * CDATA, "?>" for a processing instruction, ">" for a declaration), just
 * past it, or end. */
static const char *skip_special(const char *p, const char *end) {
  static const struct {
    const char *open, *close;
  } sp[] = {{"<!--", "-->"}, {"<![CDATA[", "]]>"}, {"<?", "?>"}, {"<!", ">"}};
  for (size_t i = 0; i < sizeof(sp) / sizeof(sp[0]); i++) {
    size_t ol = strlen(sp[i].open), cl = strlen(sp[i].close);
    if ((size_t)(end - p) >= ol && !memcmp(p, sp[i].open, ol)) {
      const char *c = memmem(p + ol, (size_t)(end - p) - ol, sp[i].close, cl);
      return c ? c + cl : end;
    }
  }
  return NULL;
}

/* HTML's empty elements, which feeds pasting HTML into a title leave
 * unclosed (<br>, <img ...>): one would swallow the rest of the item. */
static int html_void(const char *name, size_t n) {
  static const char *const v[] = {"br", "hr", "img", "wbr", NULL};
  for (size_t i = 0; v[i]; i++)
    if (strlen(v[i]) == n && !strncasecmp(name, v[i], n))
      return 1;
  return 0;
}

/* Attribute values written without quotes (<guid isPermaLink=false>)
 * quoted, and HTML's empty elements closed, inside start tags only. */
static int quote_attributes(const char *in, size_t len, af__sbuf *b) {
  const char *p = in, *end = in + len;
  while (p < end) {
    const char *lt = memchr(p, '<', (size_t)(end - p)), *sp, *nm;
    char quote = 0;
    int empty;
    if (!lt) {
      af__sb_add(b, p, (size_t)(end - p));
      break;
    }
    af__sb_add(b, p, (size_t)(lt - p));
    if ((sp = skip_special(lt, end))) {
      af__sb_add(b, lt, (size_t)(sp - lt));
      p = sp;
      continue;
    }
    for (nm = lt + 1; nm < end && (isalnum((unsigned char)*nm) || *nm == ':'); nm++)
      ;
    empty = html_void(lt + 1, (size_t)(nm - lt - 1));
    for (p = lt; p < end; p++) { /* the tag, up to its '>' */
      if (quote) {
        if (*p == quote)
          quote = 0;
      } else if (*p == '"' || *p == '\'') {
        quote = *p;
      } else if (*p == '>') {
        break;
      } else if (*p == '=') {
        const char *v = p + 1;
        while (v < end && (*v == ' ' || *v == '\t'))
          v++;
        if (v < end && *v != '"' && *v != '\'' && *v != '>') {
          const char *e = v;
          while (e < end && !isspace((unsigned char)*e) && *e != '>' &&
                 !(*e == '/' && e + 1 < end && e[1] == '>'))
            e++;
          af__sb_add(b, "=\"", 2);
          af__sb_add(b, v, (size_t)(e - v));
          af__sb_add(b, "\"", 1);
          p = e - 1;
          continue;
        }
      }
      af__sb_add(b, p, 1);
    }
    if (p < end) {
      if (empty && b->n && b->p[b->n - 1] != '/')
        af__sb_add(b, "/", 1);
      af__sb_add(b, p, 1);
      p++;
    }
  }
  return b->oom ? AF_ENOMEM : 0;
}

int af__feed_repair(const char *in, size_t len, char **out, size_t *outlen) {
  char *utf8 = NULL, *used = NULL;
  size_t ulen = 0;
  af__sbuf b = {0}, mended = {0};
  int rc;
  *out = NULL;
  *outlen = 0;
  /* Declared encoding applied (an unknown one taken as UTF-8), bytes that
   * do not decode replaced by U+FFFD, the declaration made to say utf-8. */
  rc = af__charset_to_utf8(in, len, "application/xml", NULL, &utf8, &ulen,
                           &used);
  if (!rc && used && (!strncmp(used, "utf-16", 6) || !strncmp(used, "utf-32", 6) ||
                      !strncmp(used, "ucs", 3)) &&
      len >= 2 && (unsigned char)in[0] < 0x80 && in[0] && in[1]) {
    /* Declared as 16 or 32 bits a character, written in bytes: ASCII at
     * the start says so, and UTF-8 is what such a feed nearly always is. */
    char *again = NULL;
    free(utf8);
    utf8 = NULL;
    rc = af__charset_to_utf8(in, len, "application/xml", "utf-8", &utf8, &ulen,
                             &again);
    free(again);
  }
  if (!rc && (!used || !strcmp(used, "utf-8") || !strcmp(used, "utf8")) &&
      !af__utf8_valid(in, len)) {
    char *again = NULL;
    free(utf8);
    utf8 = NULL;
    if (!(rc = af__feed_mend_utf8(in, len, &mended)))
      rc = af__charset_to_utf8(mended.p ? mended.p : "", mended.n,
                               "application/xml", NULL, &utf8, &ulen, &again);
    free(again);
    free(mended.p);
  }
  free(used);
  if (rc)
    return rc;
  {
    /* Text before the first tag (a PHP notice, a stray word) is dropped:
     * no feed starts with it. */
    const char *lt = memchr(utf8, '<', ulen);
    size_t skip = lt ? (size_t)(lt - utf8) : 0;
    af__sbuf q = {0};
    rc = quote_attributes(utf8 + skip, ulen - skip, &q);
    free(utf8);
    if (!rc)
      rc = fix_refs(q.p ? q.p : "", q.n, &b);
    free(q.p);
  }
  if (rc) {
    free(b.p);
    return rc;
  }
  if (!b.p) /* empty input */
    b.p = calloc(1, 1);
  if (!b.p)
    return AF_ENOMEM;
  *out = b.p;
  *outlen = b.n;
  return 0;
}

size_t af__feed_count_items(const char *in, size_t len, const char *tag) {
  size_t count = 0, tl = strlen(tag);
  const char *p = in, *end = in + len;
  while ((p = memchr(p, '<', (size_t)(end - p)))) {
    const char *q = ++p, *colon;
    while (q < end && (isalnum((unsigned char)*q) || *q == '_' || *q == '-' ||
                       *q == '.' || *q == ':'))
      q++;
    colon = memchr(p, ':', (size_t)(q - p)); /* a prefix: rss:item */
    if (colon)
      p = colon + 1;
    if ((size_t)(q - p) == tl && !strncasecmp(p, tag, tl) &&
        (q == end || isspace((unsigned char)*q) || *q == '>' || *q == '/'))
      count++;
    p = q;
  }
  return count;
}
