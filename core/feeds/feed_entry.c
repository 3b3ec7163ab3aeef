/* Feed entries: the fields of one RSS item, Atom entry or sitemap url,
 * read from its expanded subtree, with the vocabularies feeds mix in
 * (Dublin Core and DCMI terms, Media RSS, iTunes, content:encoded) and
 * the shapes of old formats (RSS 0.9x, RSS 1.0, Atom 0.3).
 *
 * Where several elements could give a field, the preferred one is taken
 * when present: the entry's own title before dc:title before media:title,
 * the published date before a modified one, the latest of several updated
 * dates, an author's name before a bare e-mail address.
 */
#include "feed_int.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include <auditfeed/errno.h>

#include "charset.h"
#include "feed_date.h"
#include "url.h"

const char af__ns_rss[] = "rss";
const char af__ns_atom[] = "http://www.w3.org/2005/Atom";
static const char NS_DC[] = "http://purl.org/dc/elements/1.1/";
static const char NS_DCTERMS[] = "http://purl.org/dc/terms/";
static const char NS_CONTENT[] = "http://purl.org/rss/1.0/modules/content/";
static const char NS_MEDIA[] = "http://search.yahoo.com/mrss/";
static const char NS_MEDIA_OLD[] = "http://search.yahoo.com/mrss"; /* before 1.1.2 */
static const char NS_ITUNES_OLD[] = "http://example.com/DTDs/PodCast-1.0.dtd";
static const char NS_ITUNES[] = "http://www.itunes.com/dtds/podcast-1.0.dtd";

/* What "an RSS element" may be qualified with besides no namespace: RSS
 * 1.0, 0.90, and the default namespaces some RSS 2.0 feeds declare. */
static const char *const rss_ns[] = {
    "http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/",
    "http://backend.userland.com/rss2", "http://backend.userland.com/rss",
    "http://blogs.law.harvard.edu/tech/rss", "http://purl.org/rss/1.0/modules/rss091#",
    "http://purl.org/net/rss1.1#", NULL};

/* Atom 1.0 and 0.3, and the names the format went by before 0.3 (feeds
 * written then still say them). */
static const char *const atom_ns[] = {
    "http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#",
    "http://example.com/newformat#", "http://example.com/necho",
    "http://purl.org/echo/", "uri/of/echo/namespace#", "http://purl.org/pie/", NULL};

/* Namespace names compared without regard to case, as liberal readers do
 * ("http://www.itunes.com/DTDs/PodCast-1.0.dtd"); the old names of the
 * media and iTunes namespaces count as theirs. */
static int ns_is(const char *href, const char *ns) {
  if (!strcasecmp(href, ns))
    return 1;
  if (ns == NS_MEDIA)
    return !strcasecmp(href, NS_MEDIA_OLD);
  if (ns == NS_ITUNES)
    return !strcasecmp(href, NS_ITUNES_OLD);
  return 0;
}

static int ns_in(const char *href, const char *const *list) {
  for (size_t i = 0; list[i]; i++)
    if (!strcasecmp(href, list[i]))
      return 1;
  return 0;
}

/* ---- small string helpers ---------------------------------------------- */

/* C1 control characters (U+0080-U+009F) stand, in feeds, for the
 * Windows-1252 characters with those byte values ("&#150;" for an en
 * dash, "&#146;" for an apostrophe): taken as such.  Consumes s. */
static char *c1_as_cp1252(char *s) {
  af__sbuf b = {0};
  const char *p = s, *c;
  while ((c = strstr(p, "\xc2"))) {
    unsigned char x = (unsigned char)c[1];
    unsigned cp = x >= 0x80 && x <= 0x9F ? af__feed_cp1252(x) : 0;
    char u[3];
    if (!cp) {
      af__sb_add(&b, p, (size_t)(c - p) + 1);
      p = c + 1;
      continue;
    }
    af__sb_add(&b, p, (size_t)(c - p));
    if (cp < 0x800) { /* U+0152 and the like */
      u[0] = (char)(0xC0 | (cp >> 6));
      u[1] = (char)(0x80 | (cp & 0x3F));
      af__sb_add(&b, u, 2);
    } else {
      u[0] = (char)(0xE0 | (cp >> 12));
      u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
      u[2] = (char)(0x80 | (cp & 0x3F));
      af__sb_add(&b, u, 3);
    }
    p = c + 2;
  }
  af__sb_add(&b, p, strlen(p));
  if (b.oom) {
    free(b.p);
    return s; /* unchanged rather than lost */
  }
  free(s);
  return b.p;
}

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
  return memchr(s, 0xC2, (size_t)(w - s)) ? c1_as_cp1252(s) : s;
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

/* An entity the document declares in its own DTD, as plain text: one
 * whose replacement holds no markup and no further reference, so nothing
 * nests; at most AF_FEED_ENTITY_BUDGET bytes a text, so a reference
 * repeated many times cannot amplify (libxml2's limits guard the parse,
 * not this reading). */
#define AF_FEED_ENTITY_BUDGET 16384
static void add_entity(xmlNode *n, af__sbuf *b) {
  xmlEntityPtr ent = n->doc ? xmlGetDocEntity(n->doc, n->name) : NULL;
  size_t len;
  if (!ent || ent->etype != XML_INTERNAL_GENERAL_ENTITY || !ent->content)
    return;
  len = strlen((const char *)ent->content);
  if (strpbrk((const char *)ent->content, "<&") ||
      b->ent + len > AF_FEED_ENTITY_BUDGET)
    return;
  b->ent += len;
  af__sb_add(b, (const char *)ent->content, len);
}

/* Text of a subtree.  Entity references give their text only when the
 * document declares them as plain text (see add_entity). */
static void collect(xmlNode *n, af__sbuf *b);

static int is_code(const xmlNode *n) {
  return !strcasecmp((const char *)n->name, "script") ||
         !strcasecmp((const char *)n->name, "style");
}

/* A script's code is not text, but libxml2's HTML parser can nest what
 * follows a script inside it: its child elements are still read. */
static void collect_code(xmlNode *n, af__sbuf *b) {
  for (; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE) {
      if (is_code(n)) {
        collect_code(n->children, b);
      } else {
        collect(n->children, b);
        af__sb_add(b, " ", 1);
      }
    }
}

static void collect(xmlNode *n, af__sbuf *b) {
  for (; n; n = n->next) {
    switch (n->type) {
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
      if (n->content)
        af__sb_add(b, (const char *)n->content, strlen((const char *)n->content));
      break;
    case XML_ENTITY_REF_NODE:
      add_entity(n, b);
      break;
    case XML_ELEMENT_NODE:
      if (is_code(n)) {
        collect_code(n->children, b);
        break;
      }
      collect(n->children, b);
      if (!is_inline(n->name)) /* block ends separate words */
        af__sb_add(b, " ", 1);
      break;
    default:
      break;
    }
  }
}

char *af__feed_node_text(xmlNode *n) {
  af__sbuf b = {0};
  if (!n)
    return NULL;
  collect(n->children, &b);
  if (b.oom) {
    free(b.p);
    return NULL;
  }
  return squash(b.p);
}

char *af__feed_squash(char *s) { return squash(s); }

/* Escaped or CDATA-wrapped HTML ("&lt;b&gt;x&lt;/b&gt; &amp;eacute;") to
 * plain text, through libxml2's HTML parser. */
static char *html_to_text(const char *s) {
  htmlDocPtr d;
  af__sbuf b = {0}, src = {0};
  size_t n;
  if (!s)
    return NULL;
  if (!strpbrk(s, "<&"))
    return squash(strdup(s));
  /* A '<' that opens no tag ("<3", "a < b") is text; libxml2's HTML
   * parser would drop it. */
  for (const char *p = s, *lt; (lt = strchr(p, '<')); p = lt + 1) {
    af__sb_add(&src, p, (size_t)(lt - p));
    if (isalpha((unsigned char)lt[1]) || lt[1] == '/' || lt[1] == '!' || lt[1] == '?')
      af__sb_add(&src, "<", 1);
    else
      af__sb_add(&src, "&lt;", 4);
    if (!strchr(lt + 1, '<'))
      af__sb_add(&src, lt + 1, strlen(lt + 1));
  }
  if (!src.p)
    af__sb_add(&src, s, strlen(s));
  if (src.oom) {
    free(src.p);
    return NULL;
  }
  n = src.n;
  if (n > INT_MAX - 64) {
    free(src.p);
    return NULL;
  }
  d = htmlReadMemory(src.p, (int)n, NULL, "UTF-8",
                     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                         HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                         HTML_PARSE_NOIMPLIED);
  free(src.p);
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

char *af__feed_html_text(const char *html) { return html_to_text(html); }

int af__feed_is(const xmlNode *n, const char *name, const char *ns) {
  const char *nm;
  if (!n || n->type != XML_ELEMENT_NODE)
    return 0;
  /* Element names in any case: <PubDate> and <Title> are RSS too.  The
   * first letter rejects most names without the slower comparison. */
  nm = (const char *)n->name;
  if ((nm[0] | 0x20) != (name[0] | 0x20) || (strcmp(nm, name) && strcasecmp(nm, name)))
    return 0;
  if (!ns)
    return 1;
  if (ns == af__ns_rss)
    return !n->ns || !n->ns->href || ns_in((const char *)n->ns->href, rss_ns);
  return n->ns && n->ns->href && ns_is((const char *)n->ns->href, ns);
}

char *af__feed_attr(xmlNode *n, const char *name) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  char *s = v ? strdup((const char *)v) : NULL;
  xmlFree(v);
  return s;
}

char *af__feed_resolve(xmlNode *n, const char *ref) {
  xmlChar *base;
  char *out;
  if (!ref || !*ref)
    return NULL;
  base = xmlNodeGetBase(n->doc, n);
  out = af__url_resolve((const char *)base, ref);
  xmlFree(base);
  return out;
}

/* Atom elements may come in Atom 1.0's namespace, Atom 0.3's or none. */
static int is_atom(const xmlNode *n, const char *name) {
  if (!af__feed_is(n, name, NULL))
    return 0;
  return !n->ns || !n->ns->href || ns_in((const char *)n->ns->href, atom_ns);
}

/* ---- choosing among candidate elements ---------------------------------- */

static const char ATOMISH[] = "atom?"; /* a want's ns: see is_atom */

typedef struct want {
  const char *name, *ns;
} want;

typedef char *(*reader_fn)(xmlNode *);

static int matches(const xmlNode *c, const want *w) {
  return w->ns == ATOMISH ? is_atom(c, w->name) : af__feed_is(c, w->name, w->ns);
}

/* The first candidate, in the order of `w`, that gives a value. */
static char *first_value(xmlNode *p, const want *w, reader_fn rd) {
  for (; w->name; w++)
    for (xmlNode *c = p->children; c; c = c->next)
      if (matches(c, w)) {
        char *v = rd(c);
        if (v)
          return v;
      }
  return NULL;
}

static char *parse_date(xmlNode *n) {
  char *raw = af__feed_node_text(n), *out;
  if (!raw)
    return NULL;
  out = af__feed_date(raw);
  free(raw);
  return out;
}

/* The latest of every candidate date: an entry revised several times may
 * list each revision. */
static char *latest_date(xmlNode *p, const want *w) {
  char *best = NULL;
  for (; w->name; w++)
    for (xmlNode *c = p->children; c; c = c->next) {
      char *d;
      if (!matches(c, w) || !(d = parse_date(c)))
        continue;
      if (!best || strcmp(d, best) > 0) {
        free(best);
        best = d;
      } else {
        free(d);
      }
    }
  return best;
}

/* ---- text constructs ------------------------------------------------------ */

static int b64_val(int c) {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+' || c == '-')
    return 62;
  if (c == '/' || c == '_')
    return 63;
  return -1;
}

/* Base64 (whitespace ignored) to a NUL-terminated buffer; NULL when it is
 * not base64 or does not decode to UTF-8 text. */
static char *b64_text(const char *s) {
  size_t n = strlen(s), o = 0;
  unsigned acc = 0;
  int bits = 0;
  char *out = malloc(n / 4 * 3 + 4);
  if (!out)
    return NULL;
  for (; *s && *s != '='; s++) {
    int v;
    if (isspace((unsigned char)*s))
      continue;
    if ((v = b64_val((unsigned char)*s)) < 0) {
      free(out);
      return NULL;
    }
    acc = (acc << 6) | (unsigned)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (char)((acc >> bits) & 0xff);
    }
  }
  out[o] = '\0';
  if (memchr(out, '\0', o) || !af__utf8_valid(out, o)) {
    free(out);
    return NULL;
  }
  return out;
}

/* A media type Atom carries inline as text (RFC 4287 4.1.3.3): text/...,
 * XML types; anything else is base64. */
static int inline_type(const char *t) {
  size_t n = strlen(t);
  return !strncasecmp(t, "text/", 5) || (n > 4 && !strcasecmp(t + n - 4, "+xml")) ||
         (n > 4 && !strcasecmp(t + n - 4, "/xml"));
}

char *af__feed_atom_text(xmlNode *n) {
  char *type, *mode, *t = NULL, *raw;
  if (!n)
    return NULL;
  type = af__feed_attr(n, "type");
  mode = af__feed_attr(n, "mode"); /* Atom 0.3: xml, escaped, base64 */
  if ((mode && !strcasecmp(mode, "base64")) ||
      (type && strchr(type, '/') && !inline_type(type))) {
    raw = af__feed_node_text(n);
    t = raw ? b64_text(raw) : NULL;
    free(raw);
    raw = t;
    t = html_to_text(raw); /* decoded HTML or text */
    free(raw);
  } else if ((type && (!strcasecmp(type, "html") || !strcasecmp(type, "text/html"))) ||
             (mode && !strcasecmp(mode, "escaped"))) {
    raw = af__feed_node_text(n);
    t = html_to_text(raw);
    free(raw);
  } else { /* text, or xhtml: the markup is already elements */
    t = af__feed_node_text(n);
  }
  free(type);
  free(mode);
  return t;
}

char *af__feed_rss_text(xmlNode *n) {
  char *raw = af__feed_node_text(n), *t;
  if (!raw)
    return NULL;
  t = html_to_text(raw);
  free(raw);
  return t;
}

/* A person as feeds write one: "press@example.org (Press Office)",
 * "Press Office <press@example.org>" and "Press Office (press@example.org)"
 * give "Press Office"; a name with a parenthesis that is not next to an
 * address is kept whole. */
static char *person(char *a) {
  char *o, *c;
  if (!a)
    return NULL;
  if (!strncasecmp(a, "mailto:", 7) && a[7]) /* "mailto:desk@example.org" */
    memmove(a, a + 7, strlen(a + 7) + 1);
  if ((o = strchr(a, '(')) && (c = strrchr(o, ')')) && c > o + 1) {
    char *name = NULL;
    if (memchr(a, '@', (size_t)(o - a))) /* address (name) */
      name = squash(strndup(o + 1, (size_t)(c - o - 1)));
    else if (o > a && memchr(o, '@', (size_t)(c - o)) && !c[1]) /* name (address) */
      name = squash(strndup(a, (size_t)(o - a)));
    if (name) {
      free(a);
      return name;
    }
  }
  if (a[0] == '<' && (c = strchr(a, '>')) && !c[1] && memchr(a, '@', (size_t)(c - a))) {
    char *addr = squash(strndup(a + 1, (size_t)(c - a - 1))); /* "<address>" */
    if (addr) {
      free(a);
      return addr;
    }
  }
  if ((o = strchr(a, '<')) && o > a && strchr(o, '@')) {
    char *name = squash(strndup(a, (size_t)(o - a)));
    if (name) {
      free(a);
      return name;
    }
  }
  return a;
}

static char *person_text(xmlNode *n) { return person(af__feed_node_text(n)); }

char *af__feed_atom_person(xmlNode *n) {
  char *v;
  for (xmlNode *c = n->children; c; c = c->next)
    if (is_atom(c, "name") && (v = af__feed_node_text(c)))
      return v;
  for (xmlNode *c = n->children; c; c = c->next)
    if (is_atom(c, "email") && (v = af__feed_node_text(c)))
      return v;
  for (xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      return NULL; /* structured, but with neither */
  return person_text(n);
}

static char *atom_person(xmlNode *n) { return af__feed_atom_person(n); }

/* media:title on the item, or in a media:group or media:content. */
static char *media_title(xmlNode *p) {
  static const want w[] = {{"title", NS_MEDIA}, {NULL, NULL}};
  char *t = first_value(p, w, af__feed_rss_text);
  for (xmlNode *c = p->children; c && !t; c = c->next)
    if (af__feed_is(c, "group", NS_MEDIA) || af__feed_is(c, "content", NS_MEDIA))
      t = media_title(c);
  return t;
}

/* ---- links ------------------------------------------------------------- */

/* Whether a rel list names `tok`: tokens in any case, a registered name
 * also written as its IANA URI (RFC 4287 4.2.7.2). */
static int has_token(const char *list, const char *tok) {
  static const char iana[] = "http://www.iana.org/assignments/relation/";
  size_t n = strlen(tok);
  for (const char *p = list; *p;) {
    const char *e;
    while (isspace((unsigned char)*p))
      p++;
    for (e = p; *e && !isspace((unsigned char)*e); e++)
      ;
    if ((size_t)(e - p) > sizeof(iana) - 1 && !strncasecmp(p, iana, sizeof(iana) - 1))
      p += sizeof(iana) - 1;
    if ((size_t)(e - p) == n && !strncasecmp(p, tok, n))
      return 1;
    p = e;
  }
  return 0;
}

int af__feed_link_rank(xmlNode *l) {
  char *href = af__feed_attr(l, "href"), *rel, *type;
  int rank = 0;
  if (!href || !*href) {
    free(href);
    return 0;
  }
  free(href);
  rel = af__feed_attr(l, "rel");
  type = af__feed_attr(l, "type");
  /* Only an alternate (the default rel) is the entry's page: related,
   * self, enclosure, replies and the rest point elsewhere. */
  if (!rel || !*rel || has_token(rel, "alternate"))
    rank = (!type || strstr(type, "html")) ? 4 : 3;
  free(rel);
  free(type);
  return rank;
}

char *af__feed_atom_link(xmlNode *parent) {
  xmlNode *pick = NULL;
  int best = 0;
  char *href, *out;
  for (xmlNode *c = parent->children; c; c = c->next) {
    int r;
    if (!is_atom(c, "link"))
      continue;
    if ((r = af__feed_link_rank(c)) > best) {
      best = r;
      pick = c;
    }
  }
  if (!pick)
    return NULL;
  href = af__feed_attr(pick, "href");
  out = af__feed_resolve(pick, href);
  free(href);
  return out;
}

/* ---- entries ------------------------------------------------------------ */

void af__feed_entry_clear(af_feed_entry *e) {
  free((char *)e->id);
  free((char *)e->title);
  free((char *)e->link);
  free((char *)e->published);
  free((char *)e->updated);
  free((char *)e->author);
  free((char *)e->summary);
}

/* Candidates, best first.  "dc:creator" without a namespace: feeds that
 * forget to declare the prefix. */
static const want RSS_TITLE[] = {{"title", af__ns_rss}, {"title", NS_DC},
                                 {"title", NS_DCTERMS}, {"title", ATOMISH},
                                 {NULL, NULL}};
static const want RSS_PUBLISHED[] = {
    {"pubDate", af__ns_rss},   {"date", NS_DC},          {"dc:date", NULL},
    {"issued", NS_DCTERMS},    {"created", NS_DCTERMS},  {"date", NS_DCTERMS},
    {"published", af__ns_atom}, {NULL, NULL}};
static const want UPDATED[] = {{"updated", ATOMISH}, {"modified", ATOMISH},
                               {"modified", NS_DCTERMS}, {"modified", NS_DC},
                               {NULL, NULL}};
static const want RSS_AUTHOR[] = {
    {"creator", NS_DC},  {"dc:creator", NULL},   {"creator", NS_DCTERMS},
    {"author", NS_DC},   {"author", af__ns_rss}, {"author", NS_ITUNES},
    {NULL, NULL}};
static const want RSS_SUMMARY[] = {
    {"description", af__ns_rss}, {"encoded", NS_CONTENT},
    {"description", NS_DC},      {"abstract", NS_DCTERMS},
    {"summary", NS_ITUNES},      {"description", NS_MEDIA}, {NULL, NULL}};
static const want DC_ID[] = {{"identifier", NS_DC}, {"identifier", NS_DCTERMS},
                             {NULL, NULL}};

/* A guid taken for a permalink by default must still be a URL: an
 * absolute one ("http://...", "https://...") or a path ("/news/1"), not an
 * opaque id such as "abc-123" or "1234@example.org". */
static int looks_like_url(const char *s) {
  return !strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8) ||
         (s[0] == '/' && s[1] != '/');
}

int af__feed_rss_item(af_feed_entry *e, xmlNode *it) {
  static const want link[] = {{"link", af__ns_rss}, {NULL, NULL}};
  static const want guid_w[] = {{"guid", af__ns_rss}, {NULL, NULL}};
  xmlNode *guid = NULL;
  char *raw;
  for (xmlNode *c = it->children; c && !guid; c = c->next)
    if (matches(c, guid_w))
      guid = c;
  e->title = first_value(it, RSS_TITLE, af__feed_rss_text);
  if (!e->title)
    e->title = media_title(it);
  if (guid)
    e->id = af__feed_node_text(guid);
  if (!e->id)
    e->id = af__feed_attr(it, "about"); /* RSS 1.0 rdf:about */
  if (!e->id)
    e->id = first_value(it, DC_ID, af__feed_node_text);
  if ((raw = first_value(it, link, af__feed_node_text))) {
    for (xmlNode *c = it->children; c; c = c->next)
      if (matches(c, link)) {
        e->link = af__feed_resolve(c, raw);
        break;
      }
    free(raw);
  }
  if (!e->link)
    e->link = af__feed_atom_link(it); /* atom:link only, as RSS <link> has no href */
  if (!e->link && guid && e->id && looks_like_url(e->id)) {
    char *perma = af__feed_attr(guid, "isPermaLink");
    if (!perma || strcasecmp(perma, "false"))
      e->link = af__feed_resolve(guid, e->id);
    free(perma);
  }
  if (!e->link) { /* RSS 1.0: rdf:about names the item's page */
    char *about = af__feed_attr(it, "about");
    e->link = af__feed_resolve(it, about);
    free(about);
  }
  e->published = first_value(it, RSS_PUBLISHED, parse_date);
  e->updated = latest_date(it, UPDATED);
  e->author = first_value(it, RSS_AUTHOR, person_text);
  if (!e->author) {
    static const want atom_author[] = {{"author", af__ns_atom}, {NULL, NULL}};
    e->author = first_value(it, atom_author, atom_person);
  }
  e->summary = first_value(it, RSS_SUMMARY, af__feed_rss_text);
  return 0;
}

int af__feed_atom_entry(af_feed_entry *e, xmlNode *en) {
  static const want title[] = {{"title", ATOMISH}, {"title", NS_DC},
                               {"title", NS_DCTERMS}, {NULL, NULL}};
  static const want id[] = {{"id", ATOMISH}, {"identifier", NS_DC}, {NULL, NULL}};
  static const want published[] = {
      {"published", ATOMISH},  {"issued", ATOMISH}, {"created", ATOMISH},
      {"issued", NS_DCTERMS},  {"created", NS_DCTERMS}, {"date", NS_DC},
      {NULL, NULL}};
  static const want author[] = {{"creator", NS_DC}, {"creator", NS_DCTERMS},
                                {"author", NS_ITUNES}, {NULL, NULL}};
  static const want summary[] = {{"summary", ATOMISH}, {"content", ATOMISH},
                                 {"description", NS_DC}, {NULL, NULL}};
  static const want aut[] = {{"author", ATOMISH}, {NULL, NULL}};
  e->title = first_value(en, title, af__feed_atom_text);
  if (!e->title)
    e->title = media_title(en);
  e->link = af__feed_atom_link(en);
  e->id = first_value(en, id, af__feed_node_text);
  e->published = first_value(en, published, parse_date);
  e->updated = latest_date(en, UPDATED);
  e->author = first_value(en, aut, atom_person);
  if (!e->author)
    e->author = first_value(en, author, person_text);
  for (xmlNode *c = en->children; c && !e->author; c = c->next)
    if (is_atom(c, "source")) /* the feed it was copied from (RFC 4287 4.2.11) */
      e->author = first_value(c, aut, atom_person);
  e->summary = first_value(en, summary, af__feed_atom_text);
  return 0;
}

int af__feed_sitemap_entry(af_feed_entry *e, xmlNode *u) {
  static const want loc[] = {{"loc", NULL}, {NULL, NULL}};
  static const want lastmod[] = {{"lastmod", NULL}, {NULL, NULL}};
  for (xmlNode *c = u->children; c; c = c->next)
    if (matches(c, loc)) {
      char *raw = af__feed_node_text(c);
      e->link = af__feed_resolve(c, raw);
      free(raw);
      break;
    }
  e->updated = first_value(u, lastmod, parse_date);
  return 0;
}

/* CDF (Channel Definition Format): <ITEM HREF= LASTMOD=> with <TITLE> and
 * <ABSTRACT> children; element names in any case. */
int af__feed_cdf_item(af_feed_entry *e, xmlNode *it) {
  char *href = af__feed_attr(it, "HREF"), *mod;
  if (!href)
    href = af__feed_attr(it, "href");
  e->link = af__feed_resolve(it, href);
  free(href);
  e->id = e->link ? strdup(e->link) : NULL;
  for (xmlNode *c = it->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    if (!e->title && !strcasecmp((const char *)c->name, "title"))
      e->title = af__feed_rss_text(c);
    else if (!e->summary && !strcasecmp((const char *)c->name, "abstract"))
      e->summary = af__feed_rss_text(c);
  }
  mod = af__feed_attr(it, "LASTMOD");
  if (!mod)
    mod = af__feed_attr(it, "lastmod");
  if (mod) {
    e->updated = af__feed_date(mod);
    free(mod);
  }
  return 0;
}
