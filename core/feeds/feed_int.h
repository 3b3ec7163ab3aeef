/* Private to core/feeds: text and element helpers shared by the document
 * walk (feed.c), the entry readers (feed_entry.c) and the byte repairs of
 * malformed feeds (feed_repair.c). */
#ifndef AF_FEED_INT_H
#define AF_FEED_INT_H

#include <stddef.h>

#include <libxml/tree.h>

#include <auditfeed/feed.h>

extern const char af__ns_rss[]; /* sentinel: no namespace, RSS 1.0 or 0.90 */
extern const char af__ns_atom[];

typedef struct af__sbuf {
  char *p;
  size_t n, cap;
  size_t ent; /* bytes of entity text added (feed_entry.c) */
  int oom;
} af__sbuf;

void af__sb_add(af__sbuf *b, const char *s, size_t n);

/* A feed being built (feed.c): af__feed_free casts the public part back. */
typedef struct af__feed_impl {
  af_feed pub; /* first */
  af_feed_entry *entries;       /* contiguous while parsing */
  const af_feed_entry **ptrs;   /* what pub.entries points to */
  size_t n, cap;
} af__feed_impl;

/* A zeroed entry at the end of f's entries, or NULL when out of memory. */
af_feed_entry *af__feed_new_entry(af__feed_impl *f);
/* Makes pub.entries point at the entries once none will be added; 0 or
 * AF_ENOMEM. */
int af__feed_seal(af__feed_impl *f);

/* JSON Feed 1 and 1.1 (feed_json.c): 0, AF_ENOMEM, or AF_EPARSE with err
 * set.  *out is freed with af__feed_free. */
int af__feed_json_parse(const char *body, size_t len, const char *base_url,
                        af__feed_impl **out, char *err, size_t errlen);
/* Whether a body is JSON rather than XML: its first byte after a BOM and
 * blanks is '{'. */
int af__feed_is_json(const char *body, size_t len);

/* Element `name` in namespace ns (NULL: any; af__ns_rss: an RSS one). */
int af__feed_is(const xmlNode *n, const char *name, const char *ns);
/* Whitespace-squashed text of an element, entity references skipped;
 * malloc'd or NULL when empty. */
char *af__feed_node_text(xmlNode *n);
/* An attribute's value, malloc'd, or NULL. */
char *af__feed_attr(xmlNode *n, const char *name);
/* ref resolved against xml:base on the path to n and the document URL. */
char *af__feed_resolve(xmlNode *n, const char *ref);
/* Escaped or CDATA-wrapped HTML to whitespace-squashed plain text;
 * malloc'd, NULL when empty. */
char *af__feed_html_text(const char *html);
/* Whitespace runs collapsed to one space and trimmed; consumes s; NULL
 * when nothing is left. */
char *af__feed_squash(char *s);
/* An Atom text construct (type text, html, xhtml; base64 content). */
char *af__feed_atom_text(xmlNode *n);
/* RSS-style text that may carry escaped or CDATA-wrapped HTML. */
char *af__feed_rss_text(xmlNode *n);

/* Atom person construct: its name, else its e-mail, else its text. */
char *af__feed_atom_person(xmlNode *n);

/* The entry readers fill a zeroed entry from an element's subtree; they
 * return 0 or AF_ENOMEM.  af__feed_entry_clear frees what they set. */
int af__feed_rss_item(af_feed_entry *e, xmlNode *item);
int af__feed_atom_entry(af_feed_entry *e, xmlNode *entry);
int af__feed_sitemap_entry(af_feed_entry *e, xmlNode *url);
void af__feed_entry_clear(af_feed_entry *e);
/* Atom <link> choice among a parent's children: the first rel="alternate"
 * (or no rel) with an href and an HTML type (or none), else the first
 * alternate of another type; never related, self, enclosure and such. */
char *af__feed_atom_link(xmlNode *parent);
/* How good a page link an Atom <link> is: 0 none (no href, or a rel other
 * than alternate), 3 an alternate of another type, 4 best (rel alternate
 * or none, an HTML type or none). */
int af__feed_link_rank(xmlNode *link);
/* A CDF <ITEM>. */
int af__feed_cdf_item(af_feed_entry *e, xmlNode *item);

/* Byte repairs for a feed that is not well-formed XML (feed_repair.c):
 * the body as valid UTF-8 with its declaration saying so, HTML entities
 * as character references, a bare '&' and (when the document declares no
 * entities of its own) unknown entity names as literal text.  A malloc'd
 * copy in *out, or AF_ENOMEM. */
int af__feed_repair(const char *in, size_t len, char **out, size_t *outlen);
/* Appends in to b as UTF-8: well-formed sequences kept, each other byte
 * read as Windows-1252 (U+FFFD for its undefined ones).  0 or AF_ENOMEM. */
int af__feed_mend_utf8(const char *in, size_t len, af__sbuf *b);
/* The character Windows-1252 gives a byte (0 for its five undefined
 * ones in 0x80-0x9F). */
unsigned af__feed_cp1252(unsigned char byte);
/* How many start tags called `tag` (any prefix, any case) the bytes hold:
 * for counting the entries a malformed feed lost. */
size_t af__feed_count_items(const char *in, size_t len, const char *tag);

#endif /* AF_FEED_INT_H */
