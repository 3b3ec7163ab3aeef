/* Entry points: limits, the order of the passes, fallbacks, and handing
 * the results over to the caller's af__extracted. */
#include "extract.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <auditfeed/errno.h>

#include "xint.h"

#define DEF_MAX_BYTES ((size_t)32 << 20)
#define DEF_MAX_DEPTH 1000
#define DEF_MAX_NODES 2000000
#define DEF_MAX_TEXT ((size_t)8 << 20)

/* Below this much body text the strict pass probably threw the article
 * away with the boilerplate, so a lenient pass gets a say. */
#define RETRY_BELOW 500

void af__extracted_free(af__extracted *x) {
  if (!x)
    return;
  free(x->title);
  free(x->byline);
  free(x->published);
  free(x->publisher);
  free(x->language);
  free(x->canonical_url);
  free(x->description);
  free(x->doc_kind);
  for (size_t i = 0; i < x->n_paras; i++)
    free(x->paras[i].text);
  free(x->paras);
  memset(x, 0, sizeof(*x));
}

static size_t text_len(const af__plist *l) {
  size_t n = 0;
  for (size_t i = 0; i < l->n; i++)
    n += strlen(l->v[i].text);
  return n;
}

/* Some publishers put markup in articleBody: drop the tags in place,
 * turning the ones that end a block into line breaks, and decode the
 * entities that are left. */
static void strip_markup(char *s) {
  char *o = s;
  for (char *p = s; *p;) {
    if (*p == '<' && (isalpha((unsigned char)p[1]) || p[1] == '/')) {
      char *q = strchr(p, '>');
      if (!q)
        break;
      const char *t = p + 1 + (p[1] == '/');
      if (!strncasecmp(t, "p", 1) || !strncasecmp(t, "br", 2) ||
          !strncasecmp(t, "div", 3) || !strncasecmp(t, "li", 2) ||
          !strncasecmp(t, "h", 1))
        *o++ = '\n';
      p = q + 1;
      continue;
    }
    *o++ = *p++;
  }
  *o = '\0';
  af__decode_entities(s);
}

/* Split a JSON-LD articleBody on line breaks into paragraphs. */
static int body_paras(char *body, af__plist *out) {
  if (strchr(body, '<'))
    strip_markup(body);
  const char *p = body;
  af__tbuf b;
  af__tb_init(&b, out->max_total);
  int rc = 0;
  while (*p && !rc) {
    const char *e = strchr(p, '\n');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    b.len = 0;
    b.sp = 0;
    rc = af__tb_text(&b, p, n);
    if (!rc && b.len)
      rc = af__plist_push(out, b.p, b.len, AF_PARA_TEXT, 0);
    p += n;
    if (*p)
      p++;
  }
  af__tb_free(&b);
  return rc;
}

/* Press releases end with "Notes for editors": background on the issuer,
 * contact details and embargo terms, not part of the story. */
static void cut_editor_notes(af__plist *l) {
  static const char *const k[] = {"notes for editors", "notes to editors",
                                  "note to editors", "note for editors",
                                  "editor's notes", "editors' notes",
                                  "notes to editor", "ends"};
  for (size_t i = l->n / 2; i < l->n; i++) {
    const char *t = l->v[i].text;
    size_t n = strlen(t);
    while (n && (t[n - 1] == ':' || t[n - 1] == '.' || t[n - 1] == '-'))
      n--;
    for (size_t j = 0; j < sizeof(k) / sizeof(k[0]); j++) {
      if (strlen(k[j]) != n || strncasecmp(t, k[j], n))
        continue;
      for (size_t r = i; r < l->n; r++)
        free(l->v[r].text);
      l->n = i;
      return;
    }
  }
}

/* The kicker: a word or two set just above the headline ("Verkehr",
 * "Analysis") is the section's label, not the article's first line.  It
 * goes only when it is the first line out and the headline's previous
 * sibling holds nothing else. */
static int cut_kicker(af__xdoc *d, af__meta *m, af__plist *pl) {
  uint32_t h = af__headline_of(d, m);
  if (h == AF_XNONE || pl->n < 2)
    return 0;
  xmlNode *s = d->n[h].node->prev;
  while (s && s->type != XML_ELEMENT_NODE)
    s = s->prev;
  uint32_t i = s ? af__xidx(s) : AF_XNONE;
  if (i == AF_XNONE || d->n[i].text == 0 || d->n[i].text > 40 ||
      d->n[i].link)
    return 0;
  char *t = af__node_text(d, s, 64);
  if (!t)
    return AF_ENOMEM;
  size_t words = 1;
  for (const char *q = t; *q; q++)
    words += *q == ' ';
  const char *f = pl->v[0].text;
  int cut = words <= 3 && af__same_text(t, f) &&
            pl->v[0].kind == AF_PARA_TEXT && !strpbrk(f, ".?!:");
  free(t);
  if (cut) {
    free(pl->v[0].text);
    memmove(pl->v, pl->v + 1, (pl->n - 1) * sizeof(pl->v[0]));
    pl->n--;
  }
  return 0;
}

/* A page that renders its article twice (one copy per screen size, or a
 * second copy kept for another condition that a style sheet hides) gives
 * a container holding both.  A run of three or more paragraphs equal, in
 * order, to a run already out, with 300 characters or more in paragraphs
 * of 80 or more and a fifth or more of all the text, is that second copy
 * and goes.  Short lines repeat in articles (a chorus, "Pros"/"Cons"
 * under each product), so do a paragraph or two quoted as a pull quote
 * and a day's menu repeated in a week's plan (a small part of the text):
 * those stay.  Linear: each paragraph's first occurrence is kept in an
 * open-addressed table. */
#define COPY_RUN 3
#define COPY_LONG 80
#define COPY_CHARS 300
#define COPY_SHARE 5 /* the copy holds 1/COPY_SHARE of the text or more */
static uint64_t para_hash(const char *s) {
  uint64_t h = 1469598103934665603u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

static int same_para(const af__plist *l, const uint64_t *h, size_t a, size_t b) {
  return h[a] == h[b] && !strcmp(l->v[a].text, l->v[b].text);
}

/* Index of the first paragraph equal to paragraph i (i itself when none
 * came before, which is then recorded). */
static size_t first_of(const af__plist *l, const uint64_t *h, uint32_t *tab,
                       size_t cap, size_t i) {
  for (size_t s = (size_t)h[i] & (cap - 1);; s = (s + 1) & (cap - 1)) {
    if (!tab[s]) {
      tab[s] = (uint32_t)i + 1;
      return i;
    }
    if (same_para(l, h, tab[s] - 1, i))
      return tab[s] - 1;
  }
}

static int cut_second_copy(af__plist *l) {
  if (l->n < 2 * COPY_RUN || l->n >= UINT32_MAX / 4)
    return 0;
  size_t cap = 16;
  while (cap < l->n * 2)
    cap *= 2;
  uint64_t *h = malloc(l->n * sizeof(*h));
  uint32_t *tab = calloc(cap, sizeof(*tab));
  unsigned char *drop = calloc(l->n, 1);
  if (!h || !tab || !drop) {
    free(h);
    free(tab);
    free(drop);
    return AF_ENOMEM;
  }
  size_t all = 0;
  for (size_t i = 0; i < l->n; i++) {
    h[i] = para_hash(l->v[i].text);
    all += strlen(l->v[i].text);
  }
  size_t cut = 0;
  for (size_t i = 0; i < l->n;) {
    size_t j = first_of(l, h, tab, cap, i), k = 0, chars = 0, run = 0;
    while (j < i && j + k < i && i + k < l->n && same_para(l, h, j + k, i + k)) {
      size_t n = strlen(l->v[i + k].text);
      chars += n >= COPY_LONG ? n : 0;
      run += n;
      k++;
    }
    if (k >= COPY_RUN && chars >= COPY_CHARS && run * COPY_SHARE >= all) {
      memset(drop + i, 1, k);
      cut += k;
      i += k;
    } else {
      i++;
    }
  }
  if (cut) {
    size_t o = 0;
    for (size_t i = 0; i < l->n; i++) {
      if (drop[i]) {
        l->total -= strlen(l->v[i].text) + 2;
        free(l->v[i].text);
      } else {
        l->v[o++] = l->v[i];
      }
    }
    l->n = o;
  }
  free(h);
  free(tab);
  free(drop);
  return 0;
}

static void take_list(af__extracted *out, af__plist *l) {
  out->paras = l->v;
  out->n_paras = l->n;
  l->v = NULL;
  l->n = l->cap = 0;
}

/* What both entry points do first: an error buffer to write to even
 * when the caller gave none, an empty *out, and input that exists. */
static int extract_begin(const char *in, size_t len, af__extracted *out,
                         char **err, size_t *errlen, char *dummy,
                         size_t dummylen) {
  if (!*err || !*errlen) {
    *err = dummy;
    *errlen = dummylen;
  }
  (*err)[0] = '\0';
  if (!out)
    return AF_EINVAL;
  memset(out, 0, sizeof(*out));
  if (!in && len)
    return AF_EINVAL;
  return 0;
}

int af__extract_html(const char *html, size_t len, const char *url,
                    const af__extract_limits *lim, af__extracted *out,
                    char *err, size_t errlen) {
  char dummy[2];
  int rc = extract_begin(html, len, out, &err, &errlen, dummy, sizeof(dummy));
  if (rc)
    return rc;
  size_t max_bytes = lim && lim->max_bytes ? lim->max_bytes : DEF_MAX_BYTES;
  if (len > max_bytes) {
    snprintf(err, errlen, "page of %zu bytes exceeds the %zu-byte limit", len,
             max_bytes);
    return AF_ELIMIT;
  }
  /* A no-op once initialised; threaded hosts call it before their first
   * worker starts (2.9's first initialisation is not thread-safe). */
  xmlInitParser();
  af__xdoc d;
  memset(&d, 0, sizeof(d));
  d.max_depth = lim && lim->max_depth ? lim->max_depth : DEF_MAX_DEPTH;
  d.max_nodes = lim && lim->max_nodes ? lim->max_nodes : DEF_MAX_NODES;
  d.max_text = lim && lim->max_text ? lim->max_text : DEF_MAX_TEXT;
  af__meta m;
  memset(&m, 0, sizeof(m));
  af__plist pl = {.max_total = d.max_text};
  af__plist alt = {.max_total = d.max_text};
  rc = af__xdoc_parse(&d, html ? html : "", len, url, err, errlen);
  if (rc)
    goto done;
  rc = af__xdoc_walk(&d, err, errlen);
  if (rc)
    goto done;
  af__pick pk;
  af__score(&d, 1, &pk);
  /* Bylines and dates usually sit in a header beside the body container,
   * so look two levels above it first. */
  d.region = pk.top;
  for (int up = 0; up < 2 && d.region != AF_XNONE; up++) {
    uint32_t p = d.n[d.region].parent;
    if (p == AF_XNONE || p == d.body)
      break;
    d.region = p;
  }
  rc = af__meta_collect(&d, url, &m);
  if (rc)
    goto done;
  rc = af__emit(&d, &pk, 1, m.title, m.byline, &pl, err, errlen);
  if (rc)
    goto done;
  size_t got = text_len(&pl);
  if (got < RETRY_BELOW) {
    af__score(&d, 0, &pk);
    rc = af__emit(&d, &pk, 0, m.title, m.byline, &alt, err, errlen);
    if (rc)
      goto done;
    if (text_len(&alt) > got * 2) {
      af__plist_free(&pl);
      pl = alt;
      memset(&alt, 0, sizeof(alt));
      got = text_len(&pl);
    }
  }
  rc = cut_kicker(&d, &m, &pl);
  if (rc)
    goto done;
  if (m.body && strlen(m.body) > got * 2 + 200) {
    af__plist_free(&pl);
    pl.max_total = d.max_text;
    rc = body_paras(m.body, &pl);
    if (rc) {
      if (rc == AF_ELIMIT)
        snprintf(err, errlen, "extracted text exceeds %zu bytes", d.max_text);
      goto done;
    }
  }
  cut_editor_notes(&pl);
  rc = cut_second_copy(&pl);
  if (rc)
    goto done;
  if (lim && lim->comments) {
    rc = af__comments(&d, &pl);
    if (rc) {
      if (rc == AF_ELIMIT)
        snprintf(err, errlen, "extracted text exceeds %zu bytes", d.max_text);
      goto done;
    }
  }
  take_list(out, &pl);
  out->title = m.title;
  out->byline = m.byline;
  out->published = m.published;
  out->publisher = m.publisher;
  out->language = m.language;
  out->canonical_url = m.canonical;
  out->description = m.description;
  out->doc_kind = m.doc_kind;
  free(m.body);
  free(m.site);
  memset(&m, 0, sizeof(m));
done:
  if (rc == AF_ENOMEM && !err[0])
    snprintf(err, errlen, "out of memory");
  af__plist_free(&pl);
  af__plist_free(&alt);
  af__meta_free(&m);
  af__xdoc_free(&d);
  if (rc)
    af__extracted_free(out);
  return rc;
}

static int blank_line(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f' &&
        s[i] != '\v')
      return 0;
  return 1;
}

/* Plain-text articles carry their byline and date as lines near the top
 * ("By Sarah Whitlock", "Friday, 20th January 2017, 10:23 am"): take them
 * from the first few short paragraphs, and drop the byline line, which is
 * not part of the body. */
static int text_meta(af__extracted *out) {
  size_t scan = out->n_paras < 4 ? out->n_paras : 4;
  for (size_t i = 0; i < scan; i++) {
    const char *t = out->paras[i].text;
    size_t n = strlen(t);
    if (n > 120)
      continue;
    if (!out->byline && n > 3 && !strncmp(t, "By ", 3) &&
        isupper((unsigned char)t[3])) {
      char *who = af__clean_byline(t);
      if (who && *who) {
        char iso[40];
        const char *bar = strchr(t, '|'); /* "By Ann Lee | 3 December 2013" */
        const char *when = bar ? bar + 1 : t;
        /* "By Ann Lee, Health Editor" with the date on the next line: the
         * two lines arrive as one paragraph; the date starts at its day. */
        while (!bar && *when && !isdigit((unsigned char)*when))
          when++;
        if (!out->published && *when && af__date_parse(when, iso, sizeof(iso))) {
          out->published = strdup(iso);
          if (!out->published) {
            free(who);
            return AF_ENOMEM;
          }
        }
        out->byline = who;
        free(out->paras[i].text);
        memmove(&out->paras[i], &out->paras[i + 1],
                (out->n_paras - i - 1) * sizeof(out->paras[0]));
        out->n_paras--;
        scan--;
        i--;
        continue;
      }
      free(who);
    }
    char iso[40];
    if (!out->published && af__date_parse(t, iso, sizeof(iso))) {
      out->published = strdup(iso);
      if (!out->published)
        return AF_ENOMEM;
    }
  }
  /* Some sites print the date alone at the foot ("24/1/19"). */
  for (size_t k = 0; !out->published && k < 2 && k < out->n_paras; k++) {
    const char *t = out->paras[out->n_paras - 1 - k].text;
    char iso[40];
    if (strlen(t) <= 40 && af__date_parse(t, iso, sizeof(iso))) {
      out->published = strdup(iso);
      if (!out->published)
        return AF_ENOMEM;
    }
  }
  return 0;
}

int af__extract_text(const char *txt, size_t len, af__extracted *out,
                    char *err, size_t errlen) {
  char dummy[2];
  int rc = extract_begin(txt, len, out, &err, &errlen, dummy, sizeof(dummy));
  if (rc)
    return rc;
  if (len > DEF_MAX_BYTES) {
    snprintf(err, errlen, "text of %zu bytes exceeds the %zu-byte limit", len,
             DEF_MAX_BYTES);
    return AF_ELIMIT;
  }
  af__plist pl = {.max_total = DEF_MAX_TEXT};
  af__tbuf b;
  af__tb_init(&b, DEF_MAX_TEXT);
  rc = 0;
  size_t i = 0;
  while (i < len && !rc) {
    const char *e = memchr(txt + i, '\n', len - i);
    size_t n = e ? (size_t)(e - (txt + i)) : len - i;
    const char *line = txt + i;
    i += n + 1;
    if (blank_line(line, n)) {
      if (b.len)
        rc = af__plist_push(&pl, b.p, b.len, AF_PARA_TEXT, 0);
      b.len = 0;
      b.sp = 0;
      continue;
    }
    b.sp = 1;
    rc = af__tb_text(&b, line, n);
    if (!rc && !out->title && b.len) {
      out->title = af__tb_dup(&b);
      if (!out->title)
        rc = AF_ENOMEM;
      b.len = 0;
      b.sp = 0;
    }
  }
  if (!rc && b.len)
    rc = af__plist_push(&pl, b.p, b.len, AF_PARA_TEXT, 0);
  af__tb_free(&b);
  if (rc) {
    if (rc == AF_ELIMIT)
      snprintf(err, errlen, "text exceeds %zu bytes", (size_t)DEF_MAX_TEXT);
    af__plist_free(&pl);
    af__extracted_free(out);
    return rc;
  }
  take_list(out, &pl);
  return text_meta(out);
}
