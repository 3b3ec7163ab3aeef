/* Feed and sitemap parsing: RSS 0.9x and 2.0, RSS 1.0 (RDF), Atom 1.0 and
 * 0.3, CDF, sitemap urlset and sitemapindex, optionally gzip-compressed.
 * The fields of one entry are read in feed_entry.c; a body whose first
 * byte is '{' is a JSON Feed, read in feed_json.c.
 *
 * Safety: libxml2 runs with XML_PARSE_NONET, without XML_PARSE_NOENT (no
 * entity substitution), without DTD loading and without XML_PARSE_HUGE, so
 * its entity-amplification limits reject "billion laughs" documents and
 * external entities are never fetched.  Entity references that survive in
 * the tree are skipped, not expanded, when text is collected.
 *
 * Malformed feeds: a feed that is not well-formed XML (a bare '&', an
 * undefined entity, bytes that are not the declared encoding, junk after
 * the root) is repaired byte-wise and read again; what still does not parse
 * is read by libxml2's recover mode.  The entries that can be read are
 * kept, the problem is logged with its line and the entries lost are
 * counted (event=feed_malformed).  An entity loop or amplification stays a
 * hard error: that is an attack, not a slip.
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

#include <auditfeed/array.h>
#include <auditfeed/errno.h>

#include "feed_int.h"
#include "gzip.h"
#include "log.h"

#define AF_FEED_MAX_INFLATED (64u << 20) /* sitemaps may be 50 MB unpacked */

typedef af__feed_impl feed_impl;

static pthread_once_t g_xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }

af_feed_entry *af__feed_new_entry(af__feed_impl *f) {
  if (af_grow(&f->entries, &f->cap, f->n, sizeof(*f->entries), 32))
    return NULL;
  memset(&f->entries[f->n], 0, sizeof(f->entries[0]));
  f->entries[f->n].size = sizeof(af_feed_entry);
  return &f->entries[f->n++];
}

int af__feed_seal(af__feed_impl *f) {
  /* Entries are final now: no more reallocation can move them. */
  if (!(f->ptrs = calloc(f->n ? f->n : 1, sizeof(*f->ptrs))))
    return AF_ENOMEM;
  for (size_t i = 0; i < f->n; i++)
    f->ptrs[i] = &f->entries[i];
  f->pub.size = sizeof(af_feed);
  f->pub.entries = f->ptrs;
  f->pub.n_entries = f->n;
  return 0;
}

typedef struct perr {
  int set;
  int code;
  int line;     /* in the document itself, not in an entity's text */
  int hostile;  /* an entity loop or amplification */
  int count;    /* errors seen */
  char msg[200];
} perr;

static int is_hostile(int code) {
#if LIBXML_VERSION >= 21100
  if (code == XML_ERR_ENTITY_AMPLIFICATION)
    return 1;
#endif
  return code == XML_ERR_ENTITY_LOOP;
}

/* Keeps the first error: later ones are usually consequences of it.  An
 * error raised while expanding an entity carries a line inside the
 * entity's text; the document's line comes with the error the outer parse
 * raises next, and is the one reported. */
#if LIBXML_VERSION >= 21200
static void on_xml_error(void *ud, const xmlError *e) {
#else
static void on_xml_error(void *ud, xmlErrorPtr e) {
#endif
  perr *pe = ud;
  const xmlParserCtxt *c;
  size_t n;
  /* Only fatal errors fail a feed: a namespace slip such as an undeclared
   * dc: prefix is an error libxml2 recovers from, and so do we. */
  if (!pe || !e || e->level < XML_ERR_FATAL)
    return;
  c = e->ctxt;
  pe->count++;
  if (is_hostile(e->code))
    pe->hostile = 1;
  if (pe->set) {
    if (pe->line <= 0 && (!c || c->depth == 0))
      pe->line = e->line;
    return;
  }
  pe->set = 1;
  pe->code = e->code;
  pe->line = c && c->depth > 0 ? 0 : e->line;
  snprintf(pe->msg, sizeof(pe->msg), "%s", e->message ? e->message : "error");
  pe->msg[strcspn(pe->msg, "\n")] = '\0'; /* one line, logfmt-safe */
  for (char *q = pe->msg; *q; q++)
    if (*q == '"' || *q == '\\')
      *q = '\'';
  n = strlen(pe->msg);
  while (n && (pe->msg[n - 1] == '\n' || pe->msg[n - 1] == ' '))
    pe->msg[--n] = '\0';
}

/* ---- walking the document ------------------------------------------------ *
 * The document is read with libxml2's streaming reader: each entry is
 * expanded into a small subtree, turned into an af_feed_entry and let go
 * before the next is read, so a 5,000-item feed never exists as one tree.
 * Only the path from the root to the current element is kept, which is
 * what xml:base resolution needs.  A malformed feed is read as a tree in
 * recover mode instead, by the same wanted/take decisions. */

enum feed_kind { K_NONE, K_RSS, K_RDF, K_ATOM, K_URLSET, K_INDEX, K_CDF };

typedef struct walker {
  feed_impl *f;
  enum feed_kind kind;
  int channels;    /* <channel> elements seen */
  int in_channel;  /* inside the first one */
  int have_title, link_rank;
  char *feed_author; /* Atom feed-level author, for entries without one */
} walker;

static int root_kind(walker *w, xmlNode *root, char *err, size_t errlen) {
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
  } else if (!strcasecmp(name, "channel")) {
    char *href = af__feed_attr(root, "HREF");
    w->kind = K_CDF;
    w->f->pub.format = "cdf";
    if (!href)
      href = af__feed_attr(root, "href");
    w->f->pub.link = af__feed_resolve(root, href);
    w->link_rank = w->f->pub.link ? 4 : 0;
    free(href);
  } else {
    snprintf(err, errlen,
             "not a feed or sitemap: root element <%s> (expected rss, "
             "rdf:RDF, feed, urlset, sitemapindex or CDF CHANNEL)",
             name);
    return AF_EPARSE;
  }
  return 0;
}

/* Channel-level <title> and <link> of RSS and RDF. */
static int channel_field(walker *w, xmlNode *n) {
  if (!w->have_title && af__feed_is(n, "title", af__ns_rss)) {
    w->have_title = 1;
    w->f->pub.title = af__feed_rss_text(n);
  } else if (!w->link_rank && af__feed_is(n, "link", af__ns_rss)) {
    char *raw = af__feed_node_text(n);
    w->f->pub.link = af__feed_resolve(n, raw);
    w->link_rank = w->f->pub.link ? 4 : 0;
    free(raw);
  }
  return 0;
}

static int atom_feed_field(walker *w, xmlNode *n) {
  if (!w->have_title && af__feed_is(n, "title", NULL)) {
    w->have_title = 1;
    w->f->pub.title = af__feed_atom_text(n);
  } else if (af__feed_is(n, "link", NULL)) {
    int rank = af__feed_link_rank(n);
    if (rank > w->link_rank) {
      char *href = af__feed_attr(n, "href"), *link = af__feed_resolve(n, href);
      free(href);
      if (link) {
        free((char *)w->f->pub.link);
        w->f->pub.link = link;
        w->link_rank = rank;
      }
    }
  } else if (!w->feed_author && af__feed_is(n, "author", NULL)) {
    w->feed_author = af__feed_atom_person(n);
  }
  return 0;
}

/* Whether the element at `depth` (>= 1) is one to hand to `take`; 2 means
 * step into it instead. */
static int wanted(walker *w, const xmlNode *cur, int depth) {
  switch (w->kind) {
  case K_RSS:
  case K_RDF:
    if (depth == 1) {
      w->in_channel = 0;
      if (af__feed_is(cur, "channel", af__ns_rss)) {
        w->in_channel = ++w->channels == 1;
        return w->in_channel ? 2 : 0;
      }
      /* RSS 1.0 items follow the channel; RSS 2.0 ones that do are
       * misplaced, and read all the same. */
      return af__feed_is(cur, "item", af__ns_rss);
    }
    return depth == 2 && w->in_channel;
  case K_ATOM:
    return depth == 1;
  case K_URLSET:
    return depth == 1 && af__feed_is(cur, "url", NULL);
  case K_INDEX:
    return depth == 1 && af__feed_is(cur, "sitemap", NULL);
  case K_CDF: /* items in the channel and in its sub-channels */
    if (!strcasecmp((const char *)cur->name, "channel"))
      return 2;
    return !strcasecmp((const char *)cur->name, "item") ||
           (depth == 1 && !strcasecmp((const char *)cur->name, "title"));
  default:
    return 0;
  }
}

static int add_entry(walker *w, xmlNode *n,
                     int (*read)(af_feed_entry *, xmlNode *)) {
  af_feed_entry *e = af__feed_new_entry(w->f);
  if (!e)
    return AF_ENOMEM;
  return read(e, n);
}

static int take(walker *w, xmlNode *n) {
  switch (w->kind) {
  case K_RSS:
  case K_RDF:
    if (af__feed_is(n, "item", af__ns_rss))
      return add_entry(w, n, af__feed_rss_item);
    return channel_field(w, n);
  case K_ATOM:
    if (af__feed_is(n, "entry", NULL))
      return add_entry(w, n, af__feed_atom_entry);
    return atom_feed_field(w, n);
  case K_CDF:
    if (!strcasecmp((const char *)n->name, "title")) {
      if (!w->have_title) {
        w->have_title = 1;
        w->f->pub.title = af__feed_rss_text(n);
      }
      return 0;
    }
    return add_entry(w, n, af__feed_cdf_item);
  default:
    return add_entry(w, n, af__feed_sitemap_entry);
  }
}

/* After the walk: the Atom feed author for entries without their own. */
static int finish(walker *w, char *err, size_t errlen) {
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

/* Reads the whole document; 0, AF_ENOMEM, AF_EPARSE with err set, or -1
 * for malformed XML (the error in pe). */
static int stream(walker *w, xmlTextReaderPtr r, char *err, size_t errlen) {
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
  return finish(w, err, errlen);
}

static int walk_tree(walker *w, xmlNode *n, int depth) {
  for (; n; n = n->next) {
    int want;
    if (n->type != XML_ELEMENT_NODE)
      continue;
    want = wanted(w, n, depth);
    if (want == 2) {
      if (walk_tree(w, n->children, depth + 1))
        return AF_ENOMEM;
    } else if (want && take(w, n) == AF_ENOMEM) {
      return AF_ENOMEM;
    }
  }
  return 0;
}

static walker *walker_new(char *err, size_t errlen) {
  walker *w = calloc(1, sizeof(*w));
  if (w && !(w->f = calloc(1, sizeof(*w->f)))) {
    free(w);
    w = NULL;
  }
  if (!w)
    snprintf(err, errlen, "out of memory");
  return w;
}

/* Frees the walker; hands its feed to *out when rc is 0. */
static int walker_done(walker *w, int rc, feed_impl **out) {
  free(w->feed_author);
  if (!rc)
    rc = af__feed_seal(w->f);
  if (rc)
    af__feed_free(&w->f->pub);
  else
    *out = w->f;
  free(w);
  return rc;
}

/* One streaming pass over body.  -1 means the XML was malformed, with the
 * error in pe. */
static int parse_feed(const char *body, size_t len, const char *base_url,
                      feed_impl **out, perr *pe, char *err, size_t errlen) {
  walker *w;
  xmlTextReaderPtr r;
  int rc;
  memset(pe, 0, sizeof(*pe));
  *out = NULL;
  if (!(w = walker_new(err, errlen)))
    return AF_ENOMEM;
  r = xmlReaderForMemory(body, (int)len, base_url, NULL,
                         XML_PARSE_NONET | XML_PARSE_NOWARNING);
  if (!r) {
    snprintf(err, errlen, "out of memory");
    return walker_done(w, AF_ENOMEM, out);
  }
  xmlTextReaderSetStructuredErrorHandler(r, on_xml_error, pe);
  xmlResetLastError(); /* so a failure below is never blamed on an earlier one */
  rc = stream(w, r, err, errlen);
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
  xmlFreeTextReader(r);
  return walker_done(w, rc, out);
}

/* Recover mode can leave an element that was an entry in name only (its
 * start tag broken): nothing to follow or tell apart, so it counts as
 * lost. */
static void drop_empty(feed_impl *f) {
  size_t k = 0;
  for (size_t i = 0; i < f->n; i++) {
    af_feed_entry *e = &f->entries[i];
    if (!e->title && !e->link && !e->id) {
      af__feed_entry_clear(e);
      continue;
    }
    f->entries[k++] = *e;
  }
  f->n = k;
}

/* The same, as a tree in libxml2's recover mode: whatever elements it can
 * make of the bytes.  -1 when not even a root element came out. */
static int parse_recovering(const char *body, size_t len, const char *base_url,
                            feed_impl **out, perr *pe, char *err,
                            size_t errlen) {
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;
  xmlNode *root;
  walker *w;
  int rc;
  memset(pe, 0, sizeof(*pe));
  *out = NULL;
  if (!(ctxt = xmlNewParserCtxt())) {
    snprintf(err, errlen, "out of memory");
    return AF_ENOMEM;
  }
  /* The structured handler is per thread in libxml2; set for this parse. */
  xmlSetStructuredErrorFunc(pe, on_xml_error);
  doc = xmlCtxtReadMemory(ctxt, body, (int)len, base_url, NULL,
                          XML_PARSE_NONET | XML_PARSE_NOWARNING |
                              XML_PARSE_RECOVER);
  xmlSetStructuredErrorFunc(NULL, NULL);
  xmlFreeParserCtxt(ctxt);
  root = doc ? xmlDocGetRootElement(doc) : NULL;
  if (!root || pe->hostile) {
    xmlFreeDoc(doc);
    return -1;
  }
  if (!(w = walker_new(err, errlen))) {
    xmlFreeDoc(doc);
    return AF_ENOMEM;
  }
  rc = root_kind(w, root, err, errlen);
  if (!rc && walk_tree(w, root->children, 1)) {
    snprintf(err, errlen, "out of memory");
    rc = AF_ENOMEM;
  }
  if (!rc)
    rc = finish(w, err, errlen);
  drop_empty(w->f);
  xmlFreeDoc(doc);
  return walker_done(w, rc, out);
}

/* A feed that failed to parse: repaired bytes, streamed again; failing
 * that, recover mode.  0 with *out set, or what parse_feed returns; pe
 * keeps the first problem found in the original bytes. */
static int parse_malformed(const char *body, size_t len, const char *base_url,
                           feed_impl **out, perr *pe, char *err,
                           size_t errlen) {
  char *fixed = NULL;
  size_t fixed_len = 0;
  perr again;
  int rc;
  if (af__feed_repair(body, len, &fixed, &fixed_len)) {
    snprintf(err, errlen, "out of memory");
    return AF_ENOMEM;
  }
  rc = fixed_len <= INT_MAX ? parse_feed(fixed, fixed_len, base_url, out,
                                         &again, err, errlen)
                            : -1;
  if (rc == -1)
    rc = parse_recovering(fixed, fixed_len, base_url, out, &again, err, errlen);
  if (rc == -1 && again.hostile)
    *pe = again;
  free(fixed);
  return rc;
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
  if (af__feed_is_json(body, len)) {
    rc = af__feed_json_parse(body, len, base_url, &f, err, errlen);
    if (!rc)
      *out = &f->pub;
    goto out;
  }
  rc = parse_feed(body, len, base_url, &f, &pe, err, errlen);
  if (rc == -1 && !pe.hostile) {
    rc = parse_malformed(body, len, base_url, &f, &pe, err, errlen);
    if (rc == 0) {
      const char *fmt = f->pub.format ? f->pub.format : "";
      const char *tag = !strcmp(fmt, "atom")           ? "entry"
                        : !strcmp(fmt, "urlset")       ? "url"
                        : !strcmp(fmt, "sitemapindex") ? "sitemap"
                                                       : "item";
      size_t tags = af__feed_count_items(body, len, tag);
      size_t lost = tags > f->n ? tags - f->n : 0;
      /* The feed is kept; the caller may show err as a warning. */
      snprintf(err, errlen,
               "malformed XML at line %d: %s (read %zu entries, %zu lost)",
               pe.line, pe.msg[0] ? pe.msg : "unknown error", f->n, lost);
      af__log_warn("feed", "feed_malformed",
                   "url=\"%s\" line=%d error=\"%s\" entries=%zu lost=%zu",
                   base_url ? base_url : "-", pe.line,
                   pe.msg[0] ? pe.msg : "unknown error", f->n, lost);
    }
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
    af__feed_entry_clear(&f->entries[i]);
  free(f->entries);
  free(f->ptrs);
  free((char *)f->pub.title);
  free((char *)f->pub.link);
  free(f);
}
