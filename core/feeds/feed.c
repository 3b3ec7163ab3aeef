/* Feed and sitemap parsing: RSS 2.0, RSS 1.0 (RDF), Atom, sitemap urlset
 * and sitemapindex, optionally gzip-compressed.
 *
 * Safety: libxml2 runs with XML_PARSE_NONET, without XML_PARSE_NOENT (no
 * entity substitution), without DTD loading and without XML_PARSE_HUGE, so
 * its entity-amplification limits reject "billion laughs" documents and
 * external entities are never fetched.  Entity references that survive in
 * the tree are skipped, not expanded, when text is collected.
 */
#include "feed.h"

#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include <auditfeed/errno.h>

#include "feed_date.h"
#include "gzip.h"
#include "url.h"

#define AF_FEED_MAX_INFLATED (64u << 20) /* sitemaps may be 50 MB unpacked */

static const char NS_DC[] = "http://purl.org/dc/elements/1.1/";
static const char NS_ATOM[] = "http://www.w3.org/2005/Atom";
static const char NS_CONTENT[] = "http://purl.org/rss/1.0/modules/content/";
/* Sentinel for "an RSS element": no namespace (2.0) or RSS 1.0 / 0.90's.
 * Keeps atom:link and friends inside RSS from being taken for <link>. */
static const char NS_RSS[] = "rss";

typedef struct feed_impl {
  af_feed pub; /* first: af__feed_free casts back */
  af_feed_entry *entries;       /* contiguous while parsing */
  const af_feed_entry **ptrs;   /* what pub.entries points to */
  size_t n, cap;
} feed_impl;

static pthread_once_t g_xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }

/* ---- small string helpers ---------------------------------------------- */

/* Collapses whitespace runs to one space and trims; consumes s. */
static char *squash(char *s) {
  char *r = s, *w = s;
  int sp = 0;
  if (!s)
    return NULL;
  while (*r && isspace((unsigned char)*r))
    r++;
  for (; *r; r++) {
    if (isspace((unsigned char)*r)) {
      sp = 1;
      continue;
    }
    if (sp && w != s)
      *w++ = ' ';
    sp = 0;
    *w++ = *r;
  }
  *w = '\0';
  if (!*s) {
    free(s);
    return NULL;
  }
  return s;
}

typedef struct sbuf {
  char *p;
  size_t n, cap;
  int oom;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n) {
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

static int is_inline(const xmlChar *name) {
  static const char *const inl[] = {"a", "b", "i", "em", "strong", "span",
                                    "code", "sub", "sup", "small", "abbr",
                                    "u", "q", "cite", "mark", "time", NULL};
  for (size_t i = 0; inl[i]; i++)
    if (!strcasecmp((const char *)name, inl[i]))
      return 1;
  return 0;
}

/* Text of a subtree.  Entity references are not followed (see top). */
static void collect(xmlNode *n, sbuf *b) {
  for (; n; n = n->next) {
    switch (n->type) {
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
      if (n->content)
        sb_add(b, (const char *)n->content, strlen((const char *)n->content));
      break;
    case XML_ELEMENT_NODE:
      if (!strcasecmp((const char *)n->name, "script") ||
          !strcasecmp((const char *)n->name, "style"))
        break;
      collect(n->children, b);
      if (!is_inline(n->name)) /* block ends separate words */
        sb_add(b, " ", 1);
      break;
    default:
      break;
    }
  }
}

static char *node_text(xmlNode *n) {
  sbuf b = {0};
  if (!n)
    return NULL;
  collect(n->children, &b);
  if (b.oom) {
    free(b.p);
    return NULL;
  }
  return squash(b.p);
}

/* Escaped or CDATA-wrapped HTML ("&lt;b&gt;x&lt;/b&gt; &amp;eacute;") to
 * plain text, through libxml2's HTML parser. */
static char *html_to_text(const char *s) {
  htmlDocPtr d;
  sbuf b = {0};
  size_t n;
  if (!s)
    return NULL;
  if (!strpbrk(s, "<&"))
    return squash(strdup(s));
  n = strlen(s);
  if (n > INT_MAX - 64)
    return NULL;
  d = htmlReadMemory(s, (int)n, NULL, "UTF-8",
                     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                         HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                         HTML_PARSE_NOIMPLIED);
  if (!d)
    return squash(strdup(s));
  collect(d->children, &b);
  xmlFreeDoc(d);
  if (b.oom) {
    free(b.p);
    return NULL;
  }
  return squash(b.p);
}

static int is_named(const xmlNode *n, const char *name, const char *ns) {
  if (!n || n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, name))
    return 0;
  if (!ns)
    return 1;
  if (ns == NS_RSS)
    return !n->ns || !n->ns->href ||
           !strcmp((const char *)n->ns->href, "http://purl.org/rss/1.0/") ||
           !strcmp((const char *)n->ns->href,
                   "http://my.netscape.com/rdf/simple/0.9/");
  return n->ns && n->ns->href && !strcmp((const char *)n->ns->href, ns);
}

/* First child element called `name` (in namespace ns when given). */
static xmlNode *child(xmlNode *p, const char *name, const char *ns) {
  for (xmlNode *c = p ? p->children : NULL; c; c = c->next)
    if (is_named(c, name, ns))
      return c;
  return NULL;
}

static char *attr(xmlNode *n, const char *name) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  char *s = v ? strdup((const char *)v) : NULL;
  xmlFree(v);
  return s;
}

static char *resolve_at(xmlNode *n, const char *ref) {
  xmlChar *base;
  char *out;
  if (!ref || !*ref)
    return NULL;
  base = xmlNodeGetBase(n->doc, n);
  out = af__url_resolve((const char *)base, ref);
  xmlFree(base);
  return out;
}

/* ---- dates (feed_date.c) ------------------------------------------------ */

static char *parse_date(xmlNode *n) {
  char *raw = node_text(n), *out;
  if (!raw)
    return NULL;
  out = af__feed_date(raw);
  free(raw);
  return out;
}

/* ---- entries ------------------------------------------------------------ */

static af_feed_entry *new_entry(feed_impl *f) {
  if (f->n == f->cap) {
    size_t cap = f->cap ? f->cap * 2 : 32;
    af_feed_entry *ne = realloc(f->entries, cap * sizeof(*ne));
    if (!ne)
      return NULL;
    f->entries = ne;
    f->cap = cap;
  }
  memset(&f->entries[f->n], 0, sizeof(f->entries[0]));
  f->entries[f->n].size = sizeof(af_feed_entry);
  return &f->entries[f->n++];
}

static void entry_clear(af_feed_entry *e) {
  free((char *)e->id);
  free((char *)e->title);
  free((char *)e->link);
  free((char *)e->published);
  free((char *)e->updated);
  free((char *)e->author);
  free((char *)e->summary);
}

/* Atom text construct: type text (default), html or xhtml. */
static char *atom_text(xmlNode *n) {
  char *type, *t;
  if (!n)
    return NULL;
  type = attr(n, "type");
  if (type && !strcmp(type, "html")) {
    char *raw = node_text(n);
    t = html_to_text(raw);
    free(raw);
  } else { /* text, or xhtml: the markup is already elements */
    t = node_text(n);
  }
  free(type);
  return t;
}

/* RSS text may carry escaped HTML or CDATA-wrapped markup. */
static char *rss_text(xmlNode *n) {
  char *raw = node_text(n), *t;
  if (!raw)
    return NULL;
  t = html_to_text(raw);
  free(raw);
  return t;
}

/* "press@example.org (Press Office)" -> "Press Office" */
static char *rss_author(xmlNode *n) {
  char *a = node_text(n), *o, *c;
  if (a && (o = strchr(a, '(')) && (c = strrchr(o, ')')) && c > o + 1) {
    char *name = strndup(o + 1, (size_t)(c - o - 1));
    free(a);
    return squash(name);
  }
  return a;
}

static int rss_item(feed_impl *f, xmlNode *it) {
  af_feed_entry *e = new_entry(f);
  xmlNode *link, *guid, *n;
  if (!e)
    return AF_ENOMEM;
  e->title = rss_text(child(it, "title", NS_RSS));
  link = child(it, "link", NS_RSS);
  guid = child(it, "guid", NS_RSS);
  if (guid)
    e->id = node_text(guid);
  else
    e->id = attr(it, "about"); /* RSS 1.0 rdf:about */
  if (link) {
    char *raw = node_text(link);
    e->link = resolve_at(link, raw);
    free(raw);
  } else if (guid) {
    char *perma = attr(guid, "isPermaLink");
    if (!perma || strcasecmp(perma, "false"))
      e->link = resolve_at(guid, e->id);
    free(perma);
  }
  if ((n = child(it, "pubDate", NS_RSS)) || (n = child(it, "date", NS_DC)) ||
      (n = child(it, "published", NS_ATOM)))
    e->published = parse_date(n);
  if ((n = child(it, "updated", NS_ATOM)) || (n = child(it, "modified", NS_DC)))
    e->updated = parse_date(n);
  if ((n = child(it, "creator", NS_DC)) || (n = child(it, "dc:creator", NULL)))
    e->author = node_text(n); /* the second: feeds that forget xmlns:dc */
  else if ((n = child(it, "author", NS_RSS)))
    e->author = rss_author(n);
  if ((n = child(it, "description", NS_RSS)) ||
      (n = child(it, "encoded", NS_CONTENT)))
    e->summary = rss_text(n);
  return 0;
}

static char *atom_link(xmlNode *parent) {
  xmlNode *pick = NULL;
  char *href, *out;
  for (xmlNode *c = parent->children; c; c = c->next) {
    char *rel;
    if (!is_named(c, "link", NULL))
      continue;
    rel = attr(c, "rel");
    if (!rel || !strcmp(rel, "alternate")) {
      free(rel);
      pick = c;
      break;
    }
    free(rel);
  }
  if (!pick)
    return NULL;
  href = attr(pick, "href");
  out = resolve_at(pick, href);
  free(href);
  return out;
}

static int atom_entry(feed_impl *f, xmlNode *en, const char *feed_author) {
  af_feed_entry *e = new_entry(f);
  xmlNode *n;
  if (!e)
    return AF_ENOMEM;
  e->title = atom_text(child(en, "title", NULL));
  e->link = atom_link(en);
  e->id = node_text(child(en, "id", NULL));
  if ((n = child(en, "published", NULL)) || (n = child(en, "issued", NULL)))
    e->published = parse_date(n);
  if ((n = child(en, "updated", NULL)) || (n = child(en, "modified", NULL)))
    e->updated = parse_date(n);
  if ((n = child(en, "author", NULL)))
    e->author = node_text(child(n, "name", NULL));
  if (!e->author && feed_author)
    e->author = strdup(feed_author);
  e->summary = atom_text(child(en, "summary", NULL));
  if (!e->summary)
    e->summary = atom_text(child(en, "content", NULL));
  return 0;
}

static int sitemap_entry(feed_impl *f, xmlNode *u) {
  af_feed_entry *e;
  xmlNode *loc = child(u, "loc", NULL), *lm;
  char *raw;
  if (!loc)
    return 0;
  e = new_entry(f);
  if (!e)
    return AF_ENOMEM;
  raw = node_text(loc);
  e->link = resolve_at(loc, raw);
  free(raw);
  if ((lm = child(u, "lastmod", NULL)))
    e->updated = parse_date(lm);
  return 0;
}

/* ---- document level -------------------------------------------------------- */

typedef struct perr {
  int set;
  int code;
  int line;
  char msg[200];
} perr;

/* Keeps the first error: later ones are usually consequences of it. */
#if LIBXML_VERSION >= 21200
static void on_xml_error(void *ud, const xmlError *e) {
#else
static void on_xml_error(void *ud, xmlErrorPtr e) {
#endif
  perr *pe = ud;
  size_t n;
  /* Only fatal errors fail a feed: a namespace slip such as an undeclared
   * dc: prefix is an error libxml2 recovers from, and so do we. */
  if (!pe || pe->set || !e || e->level < XML_ERR_FATAL)
    return;
  pe->set = 1;
  pe->code = e->code;
  pe->line = e->line;
  snprintf(pe->msg, sizeof(pe->msg), "%s", e->message ? e->message : "error");
  n = strlen(pe->msg);
  while (n && (pe->msg[n - 1] == '\n' || pe->msg[n - 1] == ' '))
    pe->msg[--n] = '\0';
}

/* Feeds in the wild use HTML entities (&nbsp; &eacute;) that XML does not
 * define.  Rewrites those libxml2's HTML table knows into character
 * references; returns NULL when there was nothing to rewrite. */
static char *html_entities_to_refs(const char *in, size_t len, size_t *outlen) {
  sbuf b = {0};
  const char *p = in, *end = in + len;
  int changed = 0;
  while (p < end) {
    const char *amp = memchr(p, '&', (size_t)(end - p)), *q;
    char name[32];
    size_t n;
    const htmlEntityDesc *ent;
    if (!amp) {
      sb_add(&b, p, (size_t)(end - p));
      break;
    }
    sb_add(&b, p, (size_t)(amp - p));
    for (q = amp + 1; q < end && isalnum((unsigned char)*q); q++)
      ;
    n = (size_t)(q - amp - 1);
    if (q < end && *q == ';' && n && n < sizeof(name)) {
      memcpy(name, amp + 1, n);
      name[n] = '\0';
      if (strcmp(name, "amp") && strcmp(name, "lt") && strcmp(name, "gt") &&
          strcmp(name, "quot") && strcmp(name, "apos") &&
          (ent = htmlEntityLookup((const xmlChar *)name))) {
        char ref[16];
        int rl = snprintf(ref, sizeof(ref), "&#%u;", ent->value);
        sb_add(&b, ref, (size_t)rl);
        p = q + 1;
        changed = 1;
        continue;
      }
    }
    sb_add(&b, "&", 1);
    p = amp + 1;
  }
  if (b.oom || !changed) {
    free(b.p);
    return NULL;
  }
  *outlen = b.n;
  return b.p;
}

/* ---- streaming walk ------------------------------------------------------ *
 * The document is read with libxml2's streaming reader: each entry is
 * expanded into a small subtree, turned into an af_feed_entry and let go
 * before the next is read, so a 5,000-item feed never exists as one tree.
 * Only the path from the root to the current element is kept, which is
 * what xml:base resolution needs. */

enum feed_kind { K_NONE, K_RSS, K_RDF, K_ATOM, K_URLSET, K_INDEX };

typedef struct walker {
  feed_impl *f;
  xmlTextReaderPtr r;
  enum feed_kind kind;
  int channels;    /* <channel> elements seen */
  int in_channel;  /* inside the first one */
  int have_title, have_link;
  char *feed_author; /* Atom feed-level author, for entries without one */
} walker;

static int root_kind(walker *w, const xmlNode *root, char *err,
                     size_t errlen) {
  const char *name = (const char *)root->name;
  if (!strcmp(name, "rss") || !strcmp(name, "RDF")) {
    w->kind = name[0] == 'R' ? K_RDF : K_RSS;
    w->f->pub.format = w->kind == K_RDF ? "rdf" : "rss";
  } else if (!strcmp(name, "feed")) {
    w->kind = K_ATOM;
    w->f->pub.format = "atom";
  } else if (!strcmp(name, "urlset") || !strcmp(name, "sitemapindex")) {
    w->kind = name[0] == 's' ? K_INDEX : K_URLSET;
    w->f->pub.format = w->kind == K_INDEX ? "sitemapindex" : "urlset";
  } else {
    snprintf(err, errlen,
             "not a feed or sitemap: root element <%s> (expected rss, "
             "rdf:RDF, feed, urlset or sitemapindex)",
             name);
    return AF_EPARSE;
  }
  return 0;
}

/* Channel-level <title> and <link> of RSS and RDF. */
static int channel_field(walker *w, xmlNode *n) {
  if (!w->have_title && is_named(n, "title", NS_RSS)) {
    w->have_title = 1;
    w->f->pub.title = rss_text(n);
  } else if (!w->have_link && is_named(n, "link", NS_RSS)) {
    char *raw = node_text(n);
    w->have_link = 1;
    w->f->pub.link = resolve_at(n, raw);
    free(raw);
  }
  return 0;
}

static int atom_feed_field(walker *w, xmlNode *n) {
  if (is_named(n, "entry", NULL))
    return atom_entry(w->f, n, NULL);
  if (!w->have_title && is_named(n, "title", NULL)) {
    w->have_title = 1;
    w->f->pub.title = atom_text(n);
  } else if (!w->have_link && is_named(n, "link", NULL)) {
    char *rel = attr(n, "rel");
    if (!rel || !strcmp(rel, "alternate")) {
      char *href = attr(n, "href");
      w->have_link = 1;
      w->f->pub.link = resolve_at(n, href);
      free(href);
    }
    free(rel);
  } else if (!w->feed_author && is_named(n, "author", NULL)) {
    w->feed_author = node_text(child(n, "name", NULL));
  }
  return 0;
}

/* Whether the element the reader is on (depth >= 1) is one to expand and
 * hand to `take`; 2 means step into it instead. */
static int wanted(walker *w, const xmlNode *cur, int depth) {
  switch (w->kind) {
  case K_RSS:
  case K_RDF:
    if (depth == 1) {
      w->in_channel = 0;
      if (is_named(cur, "channel", NS_RSS)) {
        w->in_channel = ++w->channels == 1;
        return w->in_channel ? 2 : 0;
      }
      return w->kind == K_RDF && is_named(cur, "item", NS_RSS);
    }
    return depth == 2 && w->in_channel;
  case K_ATOM:
    return depth == 1;
  case K_URLSET:
    return depth == 1 && is_named(cur, "url", NULL);
  case K_INDEX:
    return depth == 1 && is_named(cur, "sitemap", NULL);
  default:
    return 0;
  }
}

static int take(walker *w, xmlNode *n) {
  switch (w->kind) {
  case K_RSS:
  case K_RDF:
    if (is_named(n, "item", NS_RSS))
      return rss_item(w->f, n);
    return channel_field(w, n);
  case K_ATOM:
    return atom_feed_field(w, n);
  default:
    return sitemap_entry(w->f, n);
  }
}

/* Reads the whole document; 0, AF_ENOMEM, or AF_EPARSE with err set (a
 * fatal XML error is left in pe for the caller to report). */
static int stream(walker *w, char *err, size_t errlen) {
  xmlTextReaderPtr r = w->r;
  int ret = xmlTextReaderRead(r);
  while (ret == 1) {
    xmlNode *cur;
    int depth, want;
    if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
        !(cur = xmlTextReaderCurrentNode(r))) {
      ret = xmlTextReaderRead(r);
      continue;
    }
    depth = xmlTextReaderDepth(r);
    if (depth == 0) {
      int rc = root_kind(w, cur, err, errlen);
      if (rc)
        return rc;
      ret = xmlTextReaderRead(r);
      continue;
    }
    want = wanted(w, cur, depth);
    if (want == 2) {
      ret = xmlTextReaderRead(r);
      continue;
    }
    if (want) {
      xmlNode *sub = xmlTextReaderExpand(r);
      if (!sub)
        return -1; /* the XML error is in pe */
      if (take(w, sub) == AF_ENOMEM) {
        snprintf(err, errlen, "out of memory");
        return AF_ENOMEM;
      }
    }
    ret = xmlTextReaderNext(r);
  }
  if (ret < 0)
    return -1;
  if (w->kind == K_NONE) {
    snprintf(err, errlen, "empty document");
    return AF_EPARSE;
  }
  if (w->feed_author)
    for (size_t i = 0; i < w->f->n; i++)
      if (!w->f->entries[i].author &&
          !(w->f->entries[i].author = strdup(w->feed_author))) {
        snprintf(err, errlen, "out of memory");
        return AF_ENOMEM;
      }
  return 0;
}

/* One pass over body: the entries in *out, or an error.  -1 means the XML
 * was malformed, with the error in pe. */
static int parse_feed(const char *body, size_t len, const char *base_url,
                      feed_impl **out, perr *pe, char *err, size_t errlen) {
  walker w = {0};
  int rc;
  memset(pe, 0, sizeof(*pe));
  *out = NULL;
  w.f = calloc(1, sizeof(*w.f));
  if (!w.f) {
    snprintf(err, errlen, "out of memory");
    return AF_ENOMEM;
  }
  w.r = xmlReaderForMemory(body, (int)len, base_url, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOWARNING);
  if (!w.r) {
    af__feed_free(&w.f->pub);
    snprintf(err, errlen, "out of memory");
    return AF_ENOMEM;
  }
  xmlTextReaderSetStructuredErrorHandler(w.r, on_xml_error, pe);
  xmlResetLastError(); /* so a failure below is never blamed on an earlier one */
  rc = stream(&w, err, errlen);
  if (rc == -1 && !pe->set) {
    /* Not reported through the handler: take libxml2's last error, and
     * failing that call it what it most likely is. */
    const xmlError *e = xmlGetLastError();
    if (e && e->message && e->level >= XML_ERR_ERROR) {
      pe->set = 1;
      pe->code = e->code;
      pe->line = e->line;
      snprintf(pe->msg, sizeof(pe->msg), "%s", e->message);
      pe->msg[strcspn(pe->msg, "\n")] = '\0';
    } else {
      snprintf(err, errlen, "out of memory");
      rc = AF_ENOMEM;
    }
  }
  xmlFreeTextReader(w.r);
  free(w.feed_author);
  if (rc) {
    af__feed_free(&w.f->pub);
    return rc;
  }
  /* Entries are final now: no more reallocation can move them. */
  w.f->ptrs = calloc(w.f->n ? w.f->n : 1, sizeof(*w.f->ptrs));
  if (!w.f->ptrs) {
    af__feed_free(&w.f->pub);
    return AF_ENOMEM;
  }
  for (size_t i = 0; i < w.f->n; i++)
    w.f->ptrs[i] = &w.f->entries[i];
  w.f->pub.size = sizeof(af_feed);
  w.f->pub.entries = w.f->ptrs;
  w.f->pub.n_entries = w.f->n;
  *out = w.f;
  return 0;
}

int af__feed_parse(const char *body, size_t len, const char *base_url,
                  af_feed **out, char *err, size_t errlen) {
  feed_impl *f = NULL;
  char *inflated = NULL;
  perr pe = {0};
  int rc = 0;

  *out = NULL;
  if (err && errlen)
    err[0] = '\0';
  pthread_once(&g_xml_once, xml_init);
  if (!body) {
    snprintf(err, errlen, "no input");
    return AF_EINVAL;
  }
  if (af__is_gzip(body, len)) {
    rc = af__inflate(body, len, AF__INFLATE_AUTO, AF_FEED_MAX_INFLATED,
                     &inflated, &len, err, errlen);
    if (rc)
      return rc == AF_E2BIG ? AF_ELIMIT : rc;
    body = inflated;
  }
  if (len > INT_MAX) {
    snprintf(err, errlen, "document too large (%zu bytes)", len);
    rc = AF_ELIMIT;
    goto out;
  }
  rc = parse_feed(body, len, base_url, &f, &pe, err, errlen);
  if (rc == -1 && (pe.code == XML_ERR_UNDECLARED_ENTITY ||
                   pe.code == XML_WAR_UNDECLARED_ENTITY)) {
    size_t fixed_len = 0;
    char *fixed = html_entities_to_refs(body, len, &fixed_len);
    if (fixed && fixed_len <= INT_MAX) {
      perr first = pe;
      rc = parse_feed(fixed, fixed_len, base_url, &f, &pe, err, errlen);
      if (rc == -1)
        pe = first; /* report the original problem */
    }
    free(fixed);
  }
  if (rc == -1) {
    /* The reader's words for input with no element at all are odd ("Extra
     * content at the end of the document" for blanks): say it plainly. */
    size_t i = 0;
    while (i < len && isspace((unsigned char)body[i]))
      i++;
    if (i == len)
      snprintf(pe.msg, sizeof(pe.msg), "Document is empty");
    else if (pe.code == XML_ERR_DOCUMENT_EMPTY && body[i] != '<')
      snprintf(pe.msg, sizeof(pe.msg), "Start tag expected, '<' not found");
  }
  if (rc == -1) {
    snprintf(err, errlen, "malformed XML at line %d: %s", pe.line,
             pe.msg[0] ? pe.msg : "unknown error");
    rc = AF_EPARSE;
    goto out;
  }
  if (rc)
    goto out;
  *out = &f->pub;
out:
  free(inflated);
  return rc;
}

void af__feed_free(af_feed *feed) {
  feed_impl *f = (feed_impl *)feed;
  if (!f)
    return;
  for (size_t i = 0; i < f->n; i++)
    entry_clear(&f->entries[i]);
  free(f->entries);
  free(f->ptrs);
  free((char *)f->pub.title);
  free((char *)f->pub.link);
  free(f);
}
