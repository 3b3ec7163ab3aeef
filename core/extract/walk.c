/* Parsing and the statistics walk.  One iterative pass over the tree
 * gathers, for every element, the text and link length of its subtree, the
 * text that sits directly in it (paragraph text), a few element counts for
 * the cleaning rules, and the nodes the metadata pass will want.  Later
 * passes read these numbers instead of walking subtrees again. */
#include "xint.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <auditfeed/array.h>
#include <auditfeed/errno.h>

/* A charset other than UTF-8 declared near the top of the page. */
static int declares_legacy_charset(const char *s, size_t n) {
  size_t lim = n < 4096 ? n : 4096;
  for (size_t i = 0; i + 8 < lim; i++) {
    if ((s[i] | 32) != 'c' || strncasecmp(s + i, "charset", 7) != 0)
      continue;
    size_t j = i + 7;
    while (j < lim && (s[j] == ' ' || s[j] == '=' || s[j] == '"' ||
                       s[j] == '\''))
      j++;
    if (j + 4 <= lim && !strncasecmp(s + j, "utf", 3))
      return 0;
    if (j < lim && ((s[j] | 32) >= 'a' && (s[j] | 32) <= 'z'))
      return 1;
  }
  return 0;
}

int af__xdoc_parse(af__xdoc *d, const char *html, size_t len, const char *url,
                  char *err, size_t errlen) {
  if (len > INT_MAX) {
    snprintf(err, errlen, "page of %zu bytes exceeds the parser limit", len);
    return AF_ELIMIT;
  }
  /* libxml2 builds the whole tree before we can count it, so a page with
   * millions of tiny elements is refused from its tag count first. */
  size_t tags = 0;
  for (const char *p = html, *end = html + len;
       (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++) {
    if (p + 1 < end && ((p[1] | 32) >= 'a' && (p[1] | 32) <= 'z') &&
        ++tags > d->max_nodes) {
      snprintf(err, errlen, "page has more than %zu elements", d->max_nodes);
      return AF_ELIMIT;
    }
  }
  const char *buf = html;
  char *fixed = NULL;
  const char *enc = "UTF-8";
  if (!af__utf8_clean(html, len)) {
    if (declares_legacy_charset(html, len)) {
      /* Let libxml2 transcode; only NULs must go, they end its input. */
      enc = NULL;
      if (memchr(html, '\0', len)) {
        fixed = malloc(len ? len : 1);
        if (!fixed)
          return AF_ENOMEM;
        for (size_t i = 0; i < len; i++)
          fixed[i] = html[i] ? html[i] : ' ';
        buf = fixed;
      }
    } else {
      size_t fl;
      fixed = af__utf8_fix(html, len, &fl);
      if (!fixed)
        return AF_ENOMEM;
      if (fl > INT_MAX) {
        free(fixed);
        snprintf(err, errlen, "page too large after UTF-8 repair");
        return AF_ELIMIT;
      }
      buf = fixed;
      len = fl;
    }
  }
  char *pruned;
  if (af__xprune(buf, len, &pruned, &len) != 0) {
    free(fixed);
    return AF_ENOMEM;
  }
  buf = pruned;
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (!ctxt) {
    free(pruned);
    free(fixed);
    return AF_ENOMEM;
  }
  int opts = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
             HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT | XML_PARSE_HUGE;
  d->doc = htmlCtxtReadMemory(ctxt, buf, (int)len, url, enc, opts);
  htmlFreeParserCtxt(ctxt);
  free(pruned);
  free(fixed);
  if (!d->doc) {
    snprintf(err, errlen, "no HTML document could be parsed");
    return AF_EPARSE;
  }
  return 0;
}

static uint32_t count_text(const unsigned char *s, uint32_t *commas) {
  uint32_t n = 0, c = 0;
  int ws = 1;
  for (; *s; s++) {
    unsigned b = *s;
    if (b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f') {
      if (!ws)
        n++;
      ws = 1;
      continue;
    }
    if ((b & 0xC0) == 0x80)
      continue;
    ws = 0;
    n++;
    if (b == ',')
      c++;
    else if (b == 0xEF && s[1] == 0xBC && s[2] == 0x8C)
      c++; /* fullwidth comma */
    else if (b == 0xE3 && s[1] == 0x80 && s[2] == 0x81)
      c++; /* ideographic comma */
  }
  *commas += c;
  return n;
}

static int style_hidden(const char *st) {
  char b[160];
  size_t j = 0;
  for (const char *p = st; *p && j < sizeof(b) - 1; p++)
    if (*p != ' ' && *p != '\t')
      b[j++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
  b[j] = '\0';
  return strstr(b, "display:none") || strstr(b, "visibility:hidden");
}

static int role_boiler(const char *r) {
  static const char *const k[] = {"navigation", "banner", "contentinfo",
                                  "complementary", "search", "menu",
                                  "menubar", "dialog", "alertdialog",
                                  "toolbar", "tablist"};
  for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
    if (!strcmp(r, k[i]))
      return 1;
  return 0;
}

/* A collapsed disclosure panel (an accordion's answer, a "show more"
 * section): WAI-ARIA's pattern names it a region labelled by the button
 * that opens it.  Hidden until the reader clicks, it is part of the page's
 * text, unlike a dialog or a menu, which are labelled too but are not
 * regions. */
static int collapsed_panel(int labelled, const char *role) {
  return labelled && role && !strcmp(role, "region");
}

static void record(af__xdoc *d, xmlNode *cur, uint32_t idx, int tag,
                   unsigned flags, const char *rel, const char *itemprop) {
  switch (tag) {
  case T_TITLE:
    if (!d->title)
      d->title = cur;
    return;
  case T_META:
    if (d->n_meta < sizeof(d->meta) / sizeof(d->meta[0]))
      d->meta[d->n_meta++] = cur;
    return;
  case T_LINK:
    if (!d->canon && rel && af__ci_has(rel, "canonical"))
      d->canon = cur;
    return;
  case T_SCRIPT: {
    const char *ty = af__attr(cur, "type");
    if (ty && af__ci_has(ty, "ld+json") &&
        d->n_ld < sizeof(d->ld) / sizeof(d->ld[0]))
      d->ld[d->n_ld++] = cur;
    return;
  }
  case T_TIME:
    if (d->n_time < AF_XMAX_REF)
      d->time[d->n_time++] = cur;
    break;
  case T_H1:
    if (!(flags & F_INVIS) && d->n_h1 < 8)
      d->h1[d->n_h1++] = idx;
    break;
  case T_HTML:
    if (!d->htmlel)
      d->htmlel = cur;
    return;
  case T_BODY:
    if (d->body == AF_XNONE)
      d->body = idx;
    return;
  default:
    break;
  }
  if (flags & F_INVIS)
    return;
  int byl = (flags & F_BYLINE) || (rel && af__ci_has(rel, "author")) ||
            (itemprop && af__ci_has(itemprop, "author"));
  int dat = (flags & F_DATE) ||
            (itemprop && af__ci_has(itemprop, "datepublished"));
  if (byl && d->n_byl < AF_XMAX_REF)
    d->byl[d->n_byl++] = idx;
  if (dat && d->n_dat < AF_XMAX_REF)
    d->dat[d->n_dat++] = idx;
}

/* The attributes the walk reads, as the element gives them. */
typedef struct {
  const char *cls, *id, *style, *role, *itemprop, *rel;
  int hidden; /* 1 aria-hidden, 2 the hidden attribute */
  int labelled;
} elem_attrs;

/* Names are interned by libxml2's dictionary, so a name's address is
 * enough to look its tag up again. */
static int cached_tag(af__xdoc *d, const xmlNode *cur) {
  size_t slot = ((uintptr_t)cur->name >> 4) & 255;
  if (d->tc_name[slot] == cur->name)
    return d->tc_tag[slot];
  int tag = af__tag_of((const char *)cur->name);
  d->tc_name[slot] = cur->name;
  d->tc_tag[slot] = (uint8_t)tag;
  return tag;
}

static void read_attrs(const xmlNode *cur, int tag, elem_attrs *at) {
  memset(at, 0, sizeof(*at));
  for (const xmlAttr *a = cur->properties; a; a = a->next) {
    const char *an = (const char *)a->name;
    const char *v = (a->children && a->children->content)
                        ? (const char *)a->children->content : "";
    switch (an[0]) {
    case 'c': if (!strcmp(an, "class")) at->cls = v; break;
    case 'i':
      if (!strcmp(an, "id")) at->id = v;
      else if (!strcmp(an, "itemprop")) at->itemprop = v;
      break;
    case 's': if (!strcmp(an, "style")) at->style = v; break;
    case 'r':
      if (!strcmp(an, "role")) at->role = v;
      else if (!strcmp(an, "rel")) at->rel = v;
      break;
    case 'h':
      if (!strcmp(an, "hidden"))
        at->hidden |= 2;
      else if (tag == T_A && !strcmp(an, "href") && !at->rel &&
               af__author_href(v, strlen(v)))
        at->rel = "author"; /* a link to the author's page names the author */
      break;
    case 'a':
      if (!strcmp(an, "aria-hidden") && !strcmp(v, "true"))
        at->hidden = 1;
      else if (!strcmp(an, "aria-labelledby") && v[0])
        at->labelled = 1;
      break;
    default: break;
    }
  }
  /* React's streamed rendering sends each late part of the page in a
   * hidden <div id="S:n"> that a script swaps into its place on arrival:
   * the article itself, often, so it is read as shown. */
  if ((at->hidden & 2) && at->id && at->id[0] == 'S' && at->id[1] == ':' &&
      at->id[2] >= '0' && at->id[2] <= '9')
    at->hidden &= ~2;
}

/* Returns 1 when the walk should descend into the element. */
static int enter(af__xdoc *d, xmlNode *cur, uint32_t idx) {
  af__xn *x = &d->n[idx];
  memset(x, 0, sizeof(*x));
  x->node = cur;
  cur->_private = (void *)(uintptr_t)(idx + 1);
  uint32_t par = AF_XNONE;
  if (cur->parent && cur->parent->type == XML_ELEMENT_NODE)
    par = af__xidx(cur->parent);
  x->parent = par;
  unsigned flags = 0;
  if (par != AF_XNONE)
    flags = d->n[par].flags & (F_INVIS | F_INLINK);
  int tag = cached_tag(d, cur);
  x->tag = (uint8_t)tag;
  elem_attrs at;
  read_attrs(cur, tag, &at);
  const char *cls = at.cls, *id = at.id, *style = at.style, *role = at.role;
  const char *itemprop = at.itemprop, *rel = at.rel;
  int hidden = at.hidden, labelled = at.labelled;
  int weight = 0;
  unsigned hf = 0;
  if (cls)
    hf = af__class_hints(d, cls, &weight);
  if (id) {
    int wid;
    hf |= af__hints(NULL, id, &wid);
    weight += wid;
  }
  if (itemprop && af__ci_has(itemprop, "articlebody")) {
    hf |= F_POS;
    weight += 25;
  }
  if (role && role_boiler(role))
    hf |= F_BOILER | F_HARDB;
  if (tag == T_NAV || tag == T_ASIDE || tag == T_FOOTER)
    hf |= F_BOILER | F_HARDB;
  flags |= hf & (F_BOILER | F_POS | F_BYLINE | F_DATE | F_META | F_WIDGET |
                 F_HARDB | F_COMMENTS);
  if ((tag == T_HEAD || hidden || (hf & F_HIDECLS) ||
       (style && style_hidden(style))) &&
      !(tag != T_HEAD && collapsed_panel(labelled, role)))
    flags |= F_INVIS;
  if (tag == T_A)
    flags |= F_INLINK;
  x->flags = (uint16_t)flags;
  x->weight = (int16_t)weight;
  if (af__tag_is_block(tag)) {
    x->blk = idx;
    if (par != AF_XNONE)
      d->n[par].flags |= F_BLOCKKID;
  } else {
    x->blk = par != AF_XNONE ? d->n[par].blk : AF_XNONE;
  }
  record(d, cur, idx, tag, flags, rel, itemprop);
  /* A <button> is walked: when a page leaves one open, libxml2 puts the
   * rest of the page inside it, and emit keeps only such a button's
   * blocks (a plain button's label is dropped there). */
  if (tag == T_SKIP || tag == T_SCRIPT || tag == T_INPUT || tag == T_EMBED ||
      tag == T_META || tag == T_LINK)
    return 0;
  /* Hidden body content is not walked; the head is, for its metadata. */
  if (flags & F_INVIS)
    return tag == T_HEAD;
  return 1;
}

static void leave(af__xdoc *d, uint32_t idx) {
  af__xn *x = &d->n[idx];
  if (x->parent == AF_XNONE)
    return;
  af__xn *p = &d->n[x->parent];
  int t = x->tag;
  p->text += x->text;
  p->link += x->link;
  p->commas += x->commas;
  p->n_p += x->n_p + (t == T_P);
  /* A <picture> and the <img> inside it are one picture. */
  p->n_img += t == T_IMG ? 1u : x->n_img;
  p->n_li += x->n_li + (t == T_LI);
  p->n_input += x->n_input + (t == T_INPUT || t == T_BUTTON);
  p->n_button += x->n_button + (t == T_BUTTON);
  p->n_embed += x->n_embed + (t == T_EMBED);
  p->n_block += x->n_block + (t == T_P || t == T_DIV || t == T_UL ||
                              t == T_OL || t == T_TABLE || t == T_SECTION ||
                              t == T_BLOCKQUOTE);
  p->n_h += x->n_h + (t >= T_H1 && t <= T_H6);
  p->n_a += x->n_a + (t == T_A);
}

static void text_node(af__xdoc *d, xmlNode *cur) {
  if (!cur->content || !cur->parent || cur->parent->type != XML_ELEMENT_NODE)
    return;
  uint32_t pi = af__xidx(cur->parent);
  if (pi == AF_XNONE)
    return;
  af__xn *p = &d->n[pi];
  if (p->flags & F_INVIS)
    return;
  uint32_t commas = 0;
  uint32_t c = count_text(cur->content, &commas);
  if (!c)
    return;
  p->text += c;
  p->commas += commas;
  int inlink = (p->flags & F_INLINK) != 0;
  if (inlink)
    p->link += c;
  if (p->blk != AF_XNONE) {
    af__xn *b = &d->n[p->blk];
    b->own += c;
    b->own_commas += commas;
    if (inlink)
      b->own_link += c;
  }
}

/* Blocks whose own text reads as a paragraph (not a heading, list item
 * or link). */
static int prose_block(const af__xn *x) {
  switch (x->tag) {
  case T_P: case T_DIV: case T_PRE: case T_BLOCKQUOTE: case T_TD:
  case T_DD: case T_SECTION: case T_ARTICLE: case T_MAIN:
    return !(x->flags & F_INVIS) && x->own >= 25 && x->own_link * 2 <= x->own;
  default:
    return 0;
  }
}

/* Length of the first word of a class attribute, 0 without one. */
static size_t first_class(const char *c, const char **w) {
  while (c && (*c == ' ' || *c == '\t' || *c == '\n'))
    c++;
  size_t n = 0;
  while (c && c[n] && c[n] != ' ' && c[n] != '\t' && c[n] != '\n')
    n++;
  *w = c;
  return n;
}

static int like_sibling(const xmlNode *a, const xmlNode *b) {
  if (!a || !b || xmlStrcmp(a->name, b->name))
    return 0;
  const char *wa, *wb;
  size_t na = first_class(af__attr(a, "class"), &wa);
  size_t nb = first_class(af__attr(b, "class"), &wb);
  return na && na == nb && !memcmp(wa, wb, na);
}

/* Whether a parent holds the article's own blocks between its pieces: a
 * heading or a paragraph of prose not named like boilerplate.  A sidebar's
 * widgets sit among other widgets only. */
static int article_between(const af__xdoc *d, const af__xn *px) {
  for (const xmlNode *c = px->node->children; c; c = c->next) {
    uint32_t ci = c->type == XML_ELEMENT_NODE ? af__xidx(c) : AF_XNONE;
    if (ci == AF_XNONE)
      continue;
    const af__xn *x = &d->n[ci];
    if (x->flags & (F_WIDGET | F_BOILER | F_INVIS))
      continue;
    if ((x->tag >= T_H1 && x->tag <= T_H6) || x->prose >= 25)
      return 1;
  }
  return 0;
}

/* Page builders split one article over a run of sibling widgets (same tag,
 * same leading class word), each named like boilerplate ("widget") and
 * each holding only a piece.  The prose of the whole run is what tells
 * such a piece from a sidebar widget.  Parents precede children in d->n,
 * so a backward pass sums subtrees, each parent's children are then
 * grouped in one pass, and a forward pass hands a piece's measure down to
 * the wrapper inside it. */
static void measure_prose(af__xdoc *d) {
  for (size_t i = 0; i < d->nn; i++) {
    af__xn *x = &d->n[i];
    x->prose = prose_block(x) ? x->own - x->own_link : 0;
    x->gprose = 0;
  }
  for (size_t i = d->nn; i-- > 1;)
    if (d->n[i].parent != AF_XNONE && !(d->n[i].flags & F_INVIS))
      d->n[d->n[i].parent].prose += d->n[i].prose;
  for (size_t i = 0; i < d->nn; i++) {
    xmlNode *c = d->n[i].node->children;
    while (c) {
      if (c->type != XML_ELEMENT_NODE || af__xidx(c) == AF_XNONE) {
        c = c->next;
        continue;
      }
      /* The run starting at c: like element siblings, other nodes between
       * them (text, comments) skipped. */
      uint32_t sum = 0;
      xmlNode *end = c, *last = c;
      for (xmlNode *r = c; r; r = r->next) {
        if (r->type != XML_ELEMENT_NODE)
          continue;
        if (r != c && !like_sibling(last, r))
          break;
        if (af__xidx(r) != AF_XNONE)
          sum += d->n[af__xidx(r)].prose;
        last = r;
        end = r->next;
      }
      for (xmlNode *r = c; r != end; r = r->next)
        if (r->type == XML_ELEMENT_NODE && af__xidx(r) != AF_XNONE)
          d->n[af__xidx(r)].gprose = sum;
      c = end;
    }
  }
  /* Pieces set apart by the article's own headings and paragraphs (a
   * round-up: "<h2>", "<div class=product-widget>", "<p>", ...) are one
   * run too: a widget's run takes the prose of every like sibling of its
   * parent, not only the adjacent ones.  Bounded to parents of at most
   * 256 children, so a long list costs nothing. */
  for (size_t i = 0; i < d->nn; i++) {
    const af__xn *px = &d->n[i];
    if (px->n_block < 2)
      continue;
    size_t kids = 0;
    for (xmlNode *c = px->node->children; c && kids <= 256; c = c->next)
      kids++;
    if (kids > 256 || !article_between(d, px))
      continue;
    for (xmlNode *c = px->node->children; c; c = c->next) {
      uint32_t ci = c->type == XML_ELEMENT_NODE ? af__xidx(c) : AF_XNONE;
      if (ci == AF_XNONE || !(d->n[ci].flags & F_WIDGET))
        continue;
      uint32_t sum = 0;
      for (xmlNode *r = px->node->children; r; r = r->next)
        if (r->type == XML_ELEMENT_NODE && af__xidx(r) != AF_XNONE &&
            (r == c || like_sibling(c, r)))
          sum += d->n[af__xidx(r)].prose;
      if (sum > d->n[ci].gprose)
        d->n[ci].gprose = sum;
    }
  }
  /* What makes up most of a piece is the same piece: the wrapper inside
   * it ("widget-inner"), or a run of smaller blocks filling it. */
  for (size_t i = 1; i < d->nn; i++) {
    af__xn *x = &d->n[i];
    const af__xn *p = x->parent != AF_XNONE ? &d->n[x->parent] : NULL;
    if (p && (uint64_t)x->gprose * 2 >= p->prose && p->gprose > x->gprose)
      x->gprose = p->gprose;
  }
}

/* A box holding two thirds of the page's prose (unlinked paragraph text)
 * is the article whatever a stray word in its name says ("no-follow",
 * "share-wrapper"): the size test on all text misses it when a large
 * menu or link list fills the rest of the page.  Comment sections can
 * outgrow a short article, so they keep their name's verdict. */
int af__most_prose(const af__xn *x, uint32_t page_prose) {
  const char *role = af__attr(x->node, "role");
  if (x->tag == T_NAV || x->tag == T_ASIDE || x->tag == T_FOOTER ||
      x->tag == T_HEADER || (role && role_boiler(role)))
    return 0;
  return !(x->flags & F_COMMENTS) && x->prose >= 1000 &&
         (uint64_t)x->prose * 3 >= (uint64_t)page_prose * 2;
}

/* Boilerplate-named subtrees are not eligible as article containers.  A
 * content word next to a boilerplate word ("content-sidebar") keeps the
 * subtree eligible, and so does sheer size: a wrapper holding most of the
 * page ("page-ad-margins") is layout, not an advert.  Parents precede
 * children in d->n, so one forward pass propagates the flag. */
static void mark_unlikely(af__xdoc *d) {
  uint32_t page = d->body != AF_XNONE ? d->n[d->body].text : 0;
  uint32_t prose = d->body != AF_XNONE ? d->n[d->body].prose : 0;
  for (size_t i = 0; i < d->nn; i++) {
    af__xn *x = &d->n[i];
    if (x->parent != AF_XNONE && (d->n[x->parent].flags & F_UNLIKELY)) {
      x->flags |= F_UNLIKELY;
      continue;
    }
    int t = x->tag;
    if ((x->flags & F_BOILER) && !(x->flags & F_POS) && t != T_BODY &&
        t != T_HTML && t != T_ARTICLE && t != T_MAIN &&
        (uint64_t)x->text * 2 < page && !af__builder_piece(x, prose) &&
        !af__most_prose(x, prose))
      x->flags |= F_UNLIKELY;
  }
}

/* Blocks that keep their own paragraph when a too-deep subtree is
 * flattened. */
static int flat_block(const xmlNode *n) {
  static const char *const names[] = {"p", "h1", "h2", "h3", "h4", "h5", "h6",
                                      "li", "blockquote", "pre", "td", "th",
                                      "dd", "dt", "figcaption", NULL};
  if (n->type != XML_ELEMENT_NODE)
    return 0;
  for (size_t i = 0; names[i]; i++)
    if (!strcasecmp((const char *)n->name, names[i]))
      return 1;
  return 0;
}

/* The subtree under `top` nests deeper than the cap: it is rebuilt one
 * level deep, each outermost block (paragraph, heading, list item...) as
 * an element of its own holding its text, and the text between blocks as
 * text nodes, in document order.  The article's words and its paragraph
 * breaks are kept; inline markup below the cap (links, emphasis) is not.
 * Returns 0 or AF_ENOMEM. */
static int flatten(xmlNode *top) {
  xmlNode *first = NULL, *last = NULL, *cur = top->children;
  while (cur) {
    xmlNode *made = NULL;
    int down = 0;
    if (flat_block(cur)) {
      xmlChar *t = xmlNodeGetContent(cur);
      made = xmlNewDocNode(top->doc, NULL, cur->name, NULL);
      if (made && t && *t) {
        xmlNode *tn = xmlNewDocText(top->doc, t);
        if (!tn) {
          xmlFreeNode(made);
          made = NULL;
        } else {
          made->children = made->last = tn;
          tn->parent = made;
        }
      }
      xmlFree(t);
      if (!made)
        goto oom;
    } else if ((cur->type == XML_TEXT_NODE ||
                cur->type == XML_CDATA_SECTION_NODE) && cur->content) {
      if (!(made = xmlNewDocText(top->doc, cur->content)))
        goto oom;
    } else if (cur->type == XML_ELEMENT_NODE) {
      down = cur->children != NULL;
    }
    if (made) {
      made->parent = top;
      made->prev = last;
      if (last)
        last->next = made;
      else
        first = made;
      last = made;
    }
    if (down) {
      cur = cur->children;
      continue;
    }
    while (cur != top && !cur->next)
      cur = cur->parent;
    cur = cur == top ? NULL : cur->next;
  }
  xmlFreeNodeList(top->children);
  top->children = first;
  top->last = last;
  return 0;
oom:
  xmlFreeNodeList(first);
  return AF_ENOMEM;
}

static xmlNode *child_named(xmlNode *n, const char *name) {
  for (xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && !xmlStrcasecmp(c->name, BAD_CAST name))
      return c;
  return NULL;
}

/* Pages that close </body></html> early and carry on (a template's footer
 * printed before the article) leave libxml2 with a second <html> element
 * after the root.  Browsers render that text inside the body, and so do
 * we: its content moves to the end of the first body. */
static void adopt_strays(xmlNode *root) {
  xmlNode *body = child_named(root, "body");
  if (!body)
    body = root;
  xmlNode *next;
  for (xmlNode *s = root->next; s; s = next) {
    next = s->next;
    if (s->type != XML_ELEMENT_NODE || xmlStrcasecmp(s->name, BAD_CAST "html"))
      continue;
    xmlNode *from = child_named(s, "body");
    if (!from)
      from = s;
    xmlNode *k;
    while ((k = from->children) != NULL) {
      xmlUnlinkNode(k);
      if (k->type == XML_ELEMENT_NODE && !xmlStrcasecmp(k->name, BAD_CAST "head"))
        xmlFreeNode(k);
      else if (!xmlAddChild(body, k))
        xmlFreeNode(k);
    }
    xmlUnlinkNode(s);
    xmlFreeNode(s);
  }
}

int af__xdoc_walk(af__xdoc *d, char *err, size_t errlen) {
  d->body = AF_XNONE;
  xmlNode *root = xmlDocGetRootElement(d->doc);
  d->root = root;
  if (!root)
    return 0;
  adopt_strays(root);
  xmlNode *cur = root;
  size_t depth = 0, nodes = 0;
  while (cur) {
    int down = 0;
    if (++nodes > d->max_nodes) {
      snprintf(err, errlen, "page has more than %zu nodes", d->max_nodes);
      return AF_ELIMIT;
    }
    if (cur->type == XML_ELEMENT_NODE) {
      if (af_grow(&d->n, &d->ncap, d->nn, sizeof(*d->n), 1024))
        return AF_ENOMEM;
      down = enter(d, cur, (uint32_t)d->nn++);
    } else if (cur->type == XML_TEXT_NODE ||
               cur->type == XML_CDATA_SECTION_NODE) {
      text_node(d, cur);
    }
    if (down && cur->children && depth + 1 >= d->max_depth && flatten(cur)) {
      snprintf(err, errlen, "out of memory flattening a deep subtree");
      return AF_ENOMEM;
    }
    if (down && cur->children) {
      depth++;
      cur = cur->children;
      continue;
    }
    for (;;) {
      if (cur->type == XML_ELEMENT_NODE && cur->_private)
        leave(d, af__xidx(cur));
      if (cur == root) {
        cur = NULL;
        break;
      }
      if (cur->next) {
        cur = cur->next;
        break;
      }
      cur = cur->parent;
      depth--;
    }
  }
  measure_prose(d);
  mark_unlikely(d);
  return 0;
}

void af__xdoc_free(af__xdoc *d) {
  if (d->doc)
    xmlFreeDoc(d->doc);
  free(d->n);
  memset(d, 0, sizeof(*d));
}
