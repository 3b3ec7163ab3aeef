/* Dropping what the extractor never reads before libxml2 sees it.
 *
 * About half the bytes of a typical news page are the raw text of <script>
 * and <style> elements (inline bundles, tracking code, CSS), and most of
 * the rest sit in attributes the extractor never looks at (data-*, href,
 * src, srcset, SVG path data).  libxml2 reads all of it one character at a
 * time and allocates nodes and strings for it, only for the walk to ignore
 * them.  One byte scan removes that first, which makes the parse much
 * cheaper and the tree smaller:
 *
 *   - the raw text of <script> (other than JSON-LD, which the metadata pass
 *     reads) and <style>; the elements themselves stay, empty, so the tree
 *     keeps its shape;
 *   - every attribute not in `kept` below (and href, but on <link>, and on
 *     <a> when it points at an author's page: a byline candidate).
 *
 * The scan follows libxml2's HTML tokenizer where it matters: comments run
 * from "<!--" to "-->"; a start tag is '<' and a letter, and runs to the
 * first '>' outside a quoted attribute value; a tag closed with "/>" has no
 * content; raw text ends at "</" followed by the element's name in any case
 * (libxml2 in recovery mode does not look at the next character); an end
 * tag whose name is not followed by '>' runs to the next '>'.
 * Wherever the scan is unsure (an unterminated comment, quote or raw text,
 * an attribute name libxml2 would choke on) it keeps the bytes as they
 * are, so the worst case is the unpruned parse, never lost text. */
#include "xint.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <auditfeed/errno.h>

/* Every attribute the extractor reads (walk.c, meta.c, hints.c, score.c),
 * plus those libxml2 itself needs to find a page's charset. */
#define K(s) {s, sizeof(s) - 1}
static const struct {
  const char *name;
  size_t len;
} kept[] = {K("aria-hidden"), K("aria-labelledby"), K("charset"),  K("class"),    K("content"),
            K("datetime"),    K("hidden"),   K("http-equiv"), K("id"),
            K("itemprop"),    K("lang"),     K("name"),     K("property"),
            K("pubdate"),     K("rel"),      K("role"),     K("style"),
            K("type"),        K("xml:lang")};
#undef K

static int is_alpha(unsigned char c) {
  return (c | 32) >= 'a' && (c | 32) <= 'z';
}

static int is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The characters of an HTML name as libxml2 reads them. */
static int is_name(unsigned char c) {
  return is_alpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == ':' || c == '.';
}

/* An author's page: /author/jane-smith, /autoren/..., /auteur/... */
int af__author_href(const char *v, size_t n) {
  static const char *const seg[] = {"/author/",  "/authors/",  "/autor/",
                                    "/autoren/", "/auteur/",   "/auteurs/",
                                    "/writer/",  "/writers/",  "/contributor/",
                                    "/contributors/", "/journalist/", NULL};
  for (size_t i = 0; seg[i]; i++) {
    size_t l = strlen(seg[i]);
    for (size_t k = 0; k + l <= n; k++)
      if ((v[k] == '/') && !strncasecmp(v + k, seg[i], l))
        return 1;
  }
  return 0;
}

static int attr_kept(const char *name, size_t n, int is_link, int is_a,
                     const char *val, size_t vlen) {
  if (is_link && n == 4 && !strncasecmp(name, "href", 4))
    return 1; /* rel=canonical */
  if (is_a && n == 4 && !strncasecmp(name, "href", 4))
    return af__author_href(val, vlen);
  for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
    if (kept[i].len == n && !strncasecmp(kept[i].name, name, n))
      return 1;
  return 0;
}

typedef struct pruner {
  const char *end;
  char *w; /* write position in the output */
} pruner;

static void put(pruner *pr, const char *s, size_t n) {
  memcpy(pr->w, s, n);
  pr->w += n;
}

/* Copies the start tag at s ('<' and a letter) to the output without the
 * attributes that are not kept, and returns the position just after its
 * '>', or NULL when the tag does not end (nothing written then).  A tag
 * the scan cannot follow is copied whole. */
static const char *copy_tag(pruner *pr, const char *s) {
  const char *end = pr->end, *p = s + 1;
  while (p < end && is_name((unsigned char)*p))
    p++;
  int is_link = p - s == 5 && !strncasecmp(s + 1, "link", 4);
  int is_a = p - s == 2 && (s[1] | 32) == 'a';
  char *w0 = pr->w;
  put(pr, s, (size_t)(p - s));
  for (;;) {
    const char *lead = p;
    while (p < end && is_space((unsigned char)*p))
      p++;
    if (p >= end)
      goto unended;
    if (*p == '>' || (*p == '/' && p + 1 < end && p[1] == '>')) {
      put(pr, lead, (size_t)(p - lead));
      const char *gt = *p == '>' ? p : p + 1;
      put(pr, p, (size_t)(gt + 1 - p));
      return gt + 1;
    }
    const char *name = p;
    while (p < end && is_name((unsigned char)*p))
      p++;
    size_t nlen = (size_t)(p - name);
    if (nlen == 0 || !(is_alpha((unsigned char)*name) || *name == '_' ||
                       *name == ':'))
      goto verbatim;
    const char *q = p, *val = p;
    while (q < end && is_space((unsigned char)*q))
      q++;
    if (q < end && *q == '=') {
      q++;
      while (q < end && is_space((unsigned char)*q))
        q++;
      if (q >= end)
        goto unended;
      val = q;
      if (*q == '"' || *q == '\'') {
        const char *close = memchr(q + 1, *q, (size_t)(end - q - 1));
        if (!close)
          goto unended;
        q = close + 1;
      } else {
        while (q < end && !is_space((unsigned char)*q) && *q != '>')
          q++;
      }
      p = q;
    }
    if (attr_kept(name, nlen, is_link, is_a, val, (size_t)(q - val))) {
      /* 'a="1"b="2"' is two attributes to libxml2; with a dropped, b must
       * not run into the name before it.  Dropping a freed the byte. */
      if (lead == name && is_name((unsigned char)pr->w[-1]))
        *pr->w++ = ' ';
      put(pr, lead, (size_t)(p - lead));
    }
  }
verbatim:
  /* Start over and copy the tag as it is, up to the first '>' outside
   * quotes after an '='. */
  pr->w = w0;
  for (p = s + 1; p < end; p++) {
    if (*p == '>') {
      put(pr, s, (size_t)(p + 1 - s));
      return p + 1;
    }
    if (*p == '=') {
      const char *q = p + 1;
      while (q < end && is_space((unsigned char)*q))
        q++;
      if (q < end && (*q == '"' || *q == '\'')) {
        const char *close = memchr(q + 1, *q, (size_t)(end - q - 1));
        if (!close)
          break;
        p = close;
      }
    }
  }
unended:
  pr->w = w0;
  return NULL;
}

/* Where scanning resumes after the "</" at s.  libxml2 reads a name, then
 * expects '>' after optional blanks; when something else follows ("</p\n
 * <style>") it skips everything up to the next '>', so the start tag in
 * between is no tag at all and must not be taken for one here. */
static const char *end_tag(const char *s, const char *end) {
  const char *p = s + 2;
  if (!(is_alpha((unsigned char)*p) || *p == '_' || *p == ':' || *p == '.'))
    return s + 2;
  while (p < end && is_name((unsigned char)*p))
    p++;
  while (p < end && is_space((unsigned char)*p))
    p++;
  if (p < end && *p == '>')
    return p + 1;
  const char *gt = memchr(p, '>', (size_t)(end - p));
  return gt ? gt + 1 : end;
}

/* The raw-text element a start tag opens, by the length of its name, or 0:
 * 6 for script, 5 for style. */
static size_t raw_name(const char *s, const char *end) {
  const char *n = s + 1;
  size_t avail = (size_t)(end - n);
  if (avail > 6 && !strncasecmp(n, "script", 6) &&
      (is_space((unsigned char)n[6]) || n[6] == '>' || n[6] == '/'))
    return 6;
  if (avail > 5 && !strncasecmp(n, "style", 5) &&
      (is_space((unsigned char)n[5]) || n[5] == '>' || n[5] == '/'))
    return 5;
  return 0;
}

/* Whether the script start tag s..gt carries type="...ld+json". */
static int keeps_text(const char *s, const char *gt) {
  for (const char *p = s; p + 7 <= gt; p++)
    if ((*p | 32) == 'l' && !strncasecmp(p, "ld+json", 7))
      return 1;
  return 0;
}

/* The "</name" that ends raw text opened by element `name`, or NULL. */
static const char *raw_end(const char *p, const char *end, const char *name,
                           size_t nlen) {
  while (p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
    if ((size_t)(end - p) >= nlen + 2 && p[1] == '/' &&
        !strncasecmp(p + 2, name, nlen))
      return p;
    p++;
  }
  return NULL;
}

int af__xprune(const char *s, size_t n, char **pruned, size_t *outn) {
  *pruned = NULL;
  *outn = n;
  char *out = malloc(n + 1);
  if (!out)
    return AF_ENOMEM;
  pruner pr = {s + n, out};
  const char *end = s + n, *p = s, *copied = s;
  while (p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
    if ((size_t)(end - p) >= 4 && p[1] == '!' && p[2] == '-' && p[3] == '-') {
      const char *c = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);
      if (!c)
        break;
      p = c + 3;
      continue;
    }
    if (p + 2 < end && p[1] == '/') {
      p = end_tag(p, end);
      continue;
    }
    if (p + 1 >= end || !is_alpha((unsigned char)p[1])) {
      p++;
      continue;
    }
    put(&pr, copied, (size_t)(p - copied));
    const char *tag = p;
    p = copy_tag(&pr, tag);
    if (!p) {
      copied = tag;
      break;
    }
    copied = p;
    size_t nlen = raw_name(tag, end);
    /* libxml2 reads an end tag before raw text, so "<script></p>" is no
     * script text; leave such an element to the markup scan. */
    if (!nlen || p[-2] == '/' || (end - p >= 2 && p[0] == '<' && p[1] == '/'))
      continue;
    const char *close = raw_end(p, end, nlen == 6 ? "script" : "style", nlen);
    if (!close)
      break;
    if (!(nlen == 6 && keeps_text(tag, p)))
      copied = close; /* JSON-LD is copied as it is with what follows */
    p = close;
  }
  put(&pr, copied, (size_t)(end - copied));
  *pr.w = '\0';
  *pruned = out;
  *outn = (size_t)(pr.w - out);
  return 0;
}
