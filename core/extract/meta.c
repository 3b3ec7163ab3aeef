/* Page metadata.  Sources are consulted in order of how deliberately the
 * publisher wrote them: JSON-LD, then OpenGraph/article:* meta, then
 * Dublin Core and citation_* meta, then markup (<time>, <h1>, <title>),
 * and last the visible byline and date lines.  This file gathers them and
 * tidies the result; meta_tags.c reads the <meta> candidates, meta_title.c
 * chooses the title, meta_byline.c the author, pubdate.c the dates. */
#include "meta.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/uri.h>

/* Inline markup that is part of a word ("22<sup>nd</sup>"). */
static int in_word(const xmlNode *n) {
  return n->type == XML_ELEMENT_NODE && n->name &&
         (!strcasecmp((const char *)n->name, "sup") ||
          !strcasecmp((const char *)n->name, "sub"));
}

/* Text that would run on at an element's edge: a word of two or more
 * letters ending in lower case, or a sentence's punctuation, before a
 * capital ("Alternatives<span>Top Tools</span>" read as one word). */
static int glued(const af__tbuf *b, const char *next) {
  if (b->sp || b->len < 2)
    return 0;
  while (*next == ' ' || *next == '\t' || *next == '\n' || *next == '\r')
    next++;
  if (*next < 'A' || *next > 'Z')
    return 0;
  unsigned char a = (unsigned char)b->p[b->len - 2],
                z = (unsigned char)b->p[b->len - 1];
  return (islower(z) && isalpha(a)) || strchr(".?!:;,)", z);
}

/* The text of node: blocks and <br> apart; with spaced 1, every element
 * apart but for <sup> and <sub>; with spaced 2, elements apart only where
 * their words would otherwise run together (glued()). */
static char *node_text(const af__xdoc *d, const xmlNode *node, size_t max,
                       int spaced) {
  af__tbuf b;
  af__tb_init(&b, max + 64);
  const xmlNode *cur = node;
  int edge = 0; /* an element's start or end since the last text */
  while (cur && b.len < max) {
    int down = 1;
    if (cur->type == XML_ELEMENT_NODE) {
      af__xn *x = af__xn_of(d, cur);
      int t = x ? x->tag : T_OTHER;
      if (t == T_SKIP || t == T_SCRIPT || (x && (x->flags & F_INVIS) &&
                                           t != T_TITLE && cur != node))
        down = 0;
      else if (af__tag_is_block(t) || t == T_BR ||
               (spaced == 1 && cur != node && !in_word(cur)))
        b.sp = 1;
      edge |= cur != node;
    } else if (cur->type == XML_TEXT_NODE ||
               cur->type == XML_CDATA_SECTION_NODE) {
      if (cur->content) {
        if (spaced == 2 && edge && glued(&b, (const char *)cur->content))
          b.sp = 1;
        edge = 0;
        size_t l = strlen((const char *)cur->content);
        if (l > max - b.len)
          l = max - b.len;
        /* Cutting a multibyte character is repaired as U+FFFD. */
        if (af__tb_text(&b, (const char *)cur->content, l))
          break;
      }
    }
    if (down && cur->type == XML_ELEMENT_NODE && cur->children) {
      cur = cur->children;
      continue;
    }
    /* leaving an element: what follows is another word */
    if (cur != node && cur->type == XML_ELEMENT_NODE) {
      edge = 1;
      if (spaced == 1 && !in_word(cur))
        b.sp = 1;
    }
    while (cur && cur != node && !cur->next) {
      cur = cur->parent;
      edge |= cur && cur != node;
      if (spaced == 1 && cur && cur != node && !in_word(cur))
        b.sp = 1;
    }
    if (!cur || cur == node)
      break;
    cur = cur->next;
  }
  char *o = b.len ? af__tb_dup(&b) : NULL;
  af__tb_free(&b);
  return o;
}

char *af__node_text(const af__xdoc *d, const xmlNode *node, size_t max) {
  return node_text(d, node, max, 0);
}

/* Dates are read from elements pages lay out apart ("<a>Health</a><span>
 * December 22, 2022</span>" shows as two items): each element is its own
 * words, so a month name is never glued to the word before it. */
char *af__date_text(const af__xdoc *d, const xmlNode *node, size_t max) {
  return node_text(d, node, max, 1);
}

/* Headlines are read with their parts apart where a part would run into
 * the next: a subtitle in a <span> styled as its own line, a kicker in a
 * <strong> ("Opinion:<strong>Why ..."). */
char *af__head_text(const af__xdoc *d, const xmlNode *node, size_t max) {
  return node_text(d, node, max, 2);
}

static char *resolve(const char *href, const char *base) {
  if (!href || !*href)
    return NULL;
  xmlChar *u = xmlBuildURI((const xmlChar *)href, (const xmlChar *)base);
  char *o = NULL;
  if (u && strstr((const char *)u, "://"))
    o = strdup((const char *)u);
  xmlFree(u);
  return o;
}

int af__in_region(const af__xdoc *d, uint32_t i) {
  if (d->region == AF_XNONE)
    return 1;
  for (uint32_t p = i; p != AF_XNONE; p = d->n[p].parent)
    if (p == d->region)
      return 1;
  return 0;
}

/* Inside a comment section: an ancestor named "comment..." (comments,
 * comment-list, commentlist, comments-area, French "commentaires") or
 * German "kommentar..." ("kommentare"). */
int af__in_comments(const af__xdoc *d, uint32_t i) {
  for (int up = 0; up < 12 && i != AF_XNONE; up++, i = d->n[i].parent) {
    /* the <body>'s classes describe the page ("has-comments",
     * "theme-comment-placeholder"), not a section in it */
    if (d->n[i].tag == T_BODY || d->n[i].tag == T_HTML)
      break;
    const char *c = af__attr(d->n[i].node, "class");
    const char *id = af__attr(d->n[i].node, "id");
    if ((c && (af__ci_has(c, "comment") || af__ci_has(c, "kommentar"))) ||
        (id && (af__ci_has(id, "comment") || af__ci_has(id, "kommentar"))))
      return 1;
  }
  return 0;
}

size_t af__meta_words(const char *s) {
  size_t n = 0;
  for (const char *p = s; p && *p;) {
    while (*p && (isspace((unsigned char)*p) || ispunct((unsigned char)*p)))
      p++;
    if (*p)
      n++;
    while (*p && !isspace((unsigned char)*p))
      p++;
  }
  return n;
}

static void fix_lang(char *l) {
  if (!l)
    return;
  for (char *p = l; *p; p++)
    if (*p == '_')
      *p = '-';
}

int af__meta_collect(af__xdoc *d, const char *url, af__meta *m) {
  af__tiers t;
  memset(&t, 0, sizeof(t));
  const char *src[sizeof(d->ld) / sizeof(d->ld[0])];
  size_t nsrc = 0;
  for (size_t i = 0; i < d->n_ld; i++) {
    xmlNode *c = d->ld[i]->children;
    if (c && c->content)
      src[nsrc++] = (const char *)c->content;
  }
  char *page_title = d->title ? af__node_text(d, d->title, 1000) : NULL;
  if (nsrc)
    af__jsonld(src, nsrc, page_title, m);
  free(page_title);
  /* JSON-LD language and publisher keep their place; og:* fills gaps. */
  af__tags_read(d, m, &t);
  if (d->htmlel) {
    const char *lang = af__attr(d->htmlel, "lang");
    if (!lang)
      lang = af__attr(d->htmlel, "xml:lang");
    if (lang && *lang) {
      free(m->language);
      m->language = af__xdup(lang);
    }
  }
  fix_lang(m->language);
  if (af__lang_month_first(m->language))
    af__tags_month_first(&t);
  m->site = m->publisher ? strdup(m->publisher) : NULL;

  af__title_choose(d, m, &t);
  int from_ld = m->published != NULL;
  if (!m->published && !t.og_date && t.other_date) {
    t.og_date = t.other_date;
    t.og_unsure = t.other_unsure;
    t.other_date = NULL;
  }
  int unsure = 0;
  if (!m->published) {
    unsure = t.og_date ? t.og_unsure : t.dc_date ? t.dc_unsure : 0;
    m->published = t.og_date ? strdup(t.og_date)
                             : t.dc_date ? strdup(t.dc_date) : NULL;
  }
  /* The page's address is known before the date is chosen: its day is a
   * witness in the comparison. */
  char *canon = NULL;
  if (d->canon)
    canon = resolve(af__attr(d->canon, "href"), url);
  if (!canon && m->canonical)
    canon = resolve(m->canonical, url);
  free(m->canonical);
  m->canonical = canon;
  af__pub_compare(d, m, m->canonical ? m->canonical : url, from_ld, t.og_date,
                  t.dc_date, unsure);
  af__byline_choose(d, m, &t);

  /* JSON-LD strings arrive raw, sometimes with entities or markup: give
   * every field plain text and the same spacing. */
  char **fields[] = {&m->title, &m->byline, &m->publisher, &m->description,
                     &m->language};
  for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
    if (!*fields[i])
      continue;
    af__decode_entities(*fields[i]);
    af__strip_tags(*fields[i]);
    char *c = af__xdup(*fields[i]);
    free(*fields[i]);
    *fields[i] = c;
  }
  /* Author names from structured data still carry "By", roles after a
   * bar, or a date. */
  if (m->byline) {
    char *c = af__tidy_byline(m->byline);
    free(m->byline);
    m->byline = af__byline_plausible(c) ? c : NULL;
    if (!m->byline)
      free(c);
  }
  af__pub_url(m->canonical ? m->canonical : url, &m->published);
  af__pub_updated(d, m, t.mod_date);

  af__tags_free(&t);
  return 0;
}

void af__meta_free(af__meta *m) {
  free(m->title);
  free(m->byline);
  free(m->published);
  free(m->publisher);
  free(m->language);
  free(m->canonical);
  free(m->description);
  free(m->doc_kind);
  free(m->body);
  free(m->site);
  memset(m, 0, sizeof(*m));
}
