/* Output pass: walks the chosen container(s) in document order, leaves out
 * what reads as boilerplate, and turns block structure into typed
 * paragraphs.  Decisions use the subtree statistics from walk.c, so each
 * element is judged in O(1) and the whole pass stays linear. */
#include "xint.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <auditfeed/errno.h>


#define HEADS_MIN 2
#define PROSE_PER_BUTTON 100u
#define BOX_OUT_PROSE 300u
typedef struct em {
  af__xdoc *d;
  af__plist *out;
  af__tbuf cur;
  size_t cur_link; /* bytes of cur that came from link text */
  size_t link_at;  /* where in cur the first link's text begins */
  int kinds[32], levels[32];
  size_t nk, kover;
  int last_br;
  size_t texts;   /* non-heading paragraphs emitted so far */
  int cell;       /* cells seen in the current data-table row */
  int head_prose; /* the open heading heads the prose that follows it */
  const af__xn *checklist; /* the mixed list being emitted, if any */
  int strict;
  uint32_t root_text, root_ptext, root_prose;
  const char *title, *byline;
  int rc;
} em;

static float density(const af__xn *x) {
  return x->text ? (float)x->link / (float)x->text : 0.0f;
}

static int data_table(const af__xn *x) {
  return x->tag == T_TABLE && x->n_block == x->n_p;
}

static int in_data_table(const af__xdoc *d, const af__xn *x) {
  for (uint32_t p = x->parent; p != AF_XNONE; p = d->n[p].parent)
    if (d->n[p].tag == T_TABLE)
      return data_table(&d->n[p]);
  return 0;
}

/* A short paragraph that is mostly a link, behind a label that names it
 * another page to read ("Also read <a>...</a>", "Must read: <a>...</a>",
 * "Lesen Sie auch: <a>...</a>"): a pointer set between the article's
 * paragraphs, whatever the box around it is called. */
static int crosslink_line(const em *e, const char *s, size_t n, int kind) {
  char label[64];
  if (!e->strict || (kind != AF_PARA_TEXT && kind != AF_PARA_ITEM) ||
      !e->cur_link || n >= 250 ||
      e->cur_link * 2 < n || e->link_at >= sizeof(label))
    return 0;
  memcpy(label, s, e->link_at);
  label[e->link_at] = '\0';
  return af__crosslink_label(label);
}

static void flush(em *e) {
  if (e->rc)
    return;
  af__tbuf *b = &e->cur;
  size_t n = b->len;
  while (n && b->p[n - 1] == ' ')
    n--;
  int kind = e->nk && !e->kover ? e->kinds[e->nk - 1] : AF_PARA_TEXT;
  int level = e->nk && !e->kover ? e->levels[e->nk - 1] : 0;
  int drop = n == 0;
  if (!drop)
    b->p[n] = '\0';
  if (!drop && (af__line_junk(b->p, n, kind, e->title, e->byline) ||
                crosslink_line(e, b->p, n, kind)))
    drop = 1;
  /* A paragraph that is nothing but a link points elsewhere; an item of
   * a checklist (see mixed_items) names a thing where to get it. */
  if (!drop && e->strict && e->cur_link * 10 >= n * 9 && n < 300 &&
      !(e->checklist && kind == AF_PARA_ITEM))
    drop = 1;
  /* A top-level heading before any text is the headline (metadata); later
   * ones are section heads on pages that misuse <h1>. */
  if (!drop && kind == AF_PARA_HEADING &&
      ((level == 1 && !e->texts) || af__same_text(b->p, e->title) ||
       (e->cur_link * 2 > n && !(e->head_prose && e->texts))))
    drop = 1;
  if (!drop && kind != AF_PARA_HEADING)
    e->texts++;
  if (!drop)
    e->rc = af__plist_push(e->out, b->p, n, kind, level);
  b->len = 0;
  b->sp = 0;
  if (b->p)
    b->p[0] = '\0';
  e->cur_link = 0;
  e->last_br = 0;
}

static void push_kind(em *e, int kind, int level) {
  if (e->nk < sizeof(e->kinds) / sizeof(e->kinds[0])) {
    e->kinds[e->nk] = kind;
    e->levels[e->nk] = level;
    e->nk++;
  } else {
    e->kover++;
  }
}

static void pop_kind(em *e) {
  if (e->kover)
    e->kover--;
  else if (e->nk)
    e->nk--;
}

/* An embedded post: a box whose text is mostly one block quotation, maybe
 * behind a few wrappers. */
static int quote_box(const af__xdoc *d, const af__xn *x) {
  const af__xn *cur = x;
  for (int lvl = 0; lvl < 4; lvl++) {
    const af__xn *next = NULL;
    for (xmlNode *c = cur->node->children; c && !next; c = c->next) {
      af__xn *q = c->type == XML_ELEMENT_NODE ? af__xn_of(d, c) : NULL;
      if (q && q->text * 2 >= x->text && q->text)
        next = q;
    }
    if (!next)
      return 0;
    if (next->tag == T_BLOCKQUOTE)
      return 1;
    cur = next;
  }
  return 0;
}

/* A list's items (li, dd, dt): how many, how many carry `min_own` or more
 * characters of text outside links, and how many have no link at all. */
typedef struct {
  uint32_t items, own, plain;
} item_counts;

static item_counts count_items(const af__xdoc *d, const af__xn *x, uint32_t min_own) {
  item_counts n = {0, 0, 0};
  for (xmlNode *c = x->node->children; c; c = c->next) {
    const af__xn *q = c->type == XML_ELEMENT_NODE ? af__xn_of(d, c) : NULL;
    if (!q || (q->tag != T_LI && q->tag != T_DD && q->tag != T_DT))
      continue;
    n.items++;
    n.own += q->text >= q->link + min_own;
    n.plain += q->text && !q->link;
  }
  return n;
}

/* More than half of a list's items (and at least two) carry 25 or more
 * characters of text outside links. */
static int prose_items(const af__xdoc *d, const af__xn *x) {
  item_counts n = count_items(d, x, 25);
  return n.own >= 2 && n.own * 2 > n.items;
}

/* A checklist inside the article: items linked to where to buy a thing,
 * others plain ("Spare socks"), some both ("<a>Water filter</a> or
 * tablets").  At least a third of the items (two or more) carry words
 * outside their links and at least one has no link at all.  A list of
 * other pages links every item, whatever words sit beside the links. */
static int mixed_items(const af__xdoc *d, const af__xn *x) {
  item_counts n = count_items(d, x, 4);
  return n.own >= 2 && n.own * 3 >= n.items && n.plain;
}

/* The last visible character of a subtree, skipping trailing spaces. */
static int last_char(const xmlNode *n, int depth) {
  for (const xmlNode *c = n->last; c; c = c->prev) {
    if (c->type == XML_TEXT_NODE && c->content) {
      const char *t = (const char *)c->content;
      size_t k = strlen(t);
      while (k && (t[k - 1] == ' ' || t[k - 1] == '\n' || t[k - 1] == '\t' ||
                   t[k - 1] == '\r'))
        k--;
      if (k)
        return (unsigned char)t[k - 1];
    } else if (c->type == XML_ELEMENT_NODE && depth < 8) {
      int ch = last_char(c, depth + 1);
      if (ch)
        return ch;
    }
  }
  return 0;
}

/* A list the article introduces: its previous sibling is a paragraph of
 * the article's own words (40 characters or more outside links) that ends
 * with a colon ("The release fixes these bugs:", "Sources:" is too short).
 * A list of links so announced is what the sentence promised, not a list
 * of other pages; "Read more:" and "Related:" are too short to count. */
static int introduced_list(const af__xdoc *d, const af__xn *x) {
  const xmlNode *c = x->node->prev;
  while (c && c->type != XML_ELEMENT_NODE)
    c = c->prev;
  const af__xn *q = c ? af__xn_of(d, c) : NULL;
  if (!q || (q->tag != T_P && q->tag != T_DIV) || (q->flags & F_INVIS) ||
      q->text - q->link < 40 || q->link * 2 > q->text)
    return 0;
  if (last_char(c, 0) != ':')
    return 0;
  /* The article goes on after it: a list closing the text is where
   * pointers to other pages sit. */
  uint32_t own = 0, blocks = 0;
  for (const xmlNode *n = x->node->next; n && blocks < 3; n = n->next) {
    const af__xn *r = n->type == XML_ELEMENT_NODE ? af__xn_of(d, n) : NULL;
    if (!r || !r->text || (r->flags & F_INVIS))
      continue;
    own += r->text - r->link;
    blocks++;
  }
  return own >= 80;
}

/* A heading that is mostly a link usually points elsewhere (a teaser's
 * title, the next post, the headline linking to itself).  When the blocks
 * after it, up to the next heading (three at most), say something of
 * their own (80 characters or more outside links), it heads that text: a
 * round-up's "1. <a>Product</a>" followed by what the product is.  Only
 * once the article's text has begun (see flush): before it, a linked
 * heading is the headline. */
static int head_of_prose(const af__xdoc *d, const af__xn *x) {
  uint32_t own = 0, blocks = 0;
  for (xmlNode *c = x->node->next; c && blocks < 3; c = c->next) {
    const af__xn *q = c->type == XML_ELEMENT_NODE ? af__xn_of(d, c) : NULL;
    if (!q || !q->text)
      continue;
    if (!af__tag_is_block(q->tag) || (q->tag >= T_H1 && q->tag <= T_H6))
      break;
    own += q->text - q->link;
    blocks++;
  }
  return own >= 80;
}

/* Readability-style conditional cleaning: containers that carry few
 * commas and are mostly links, images or form fields are not prose. */
static int junk_container(const em *e, const af__xn *x) {
  int t = x->tag;
  int is_list = t == T_UL || t == T_OL || t == T_DL;
  float ld = density(x);
  if (is_list) {
    if (!e->strict || x->text * 2 >= e->root_text)
      return 0;
    /* Most items say something beside their links ("Official website:
     * <link>", a linked name and what it did): a list of facts. */
    if (prose_items(e->d, x))
      return 0;
    /* Once the article's text has begun, a list that mixes plain items
     * with linked ones is part of it. */
    if (e->texts && mixed_items(e->d, x))
      return 0;
    if (e->texts && introduced_list(e->d, x))
      return 0;
    /* Every item a link: a list of other pages. */
    return ld > 0.5f || (x->n_li && x->n_a >= x->n_li && ld > 0.3f);
  }
  if (t != T_DIV && t != T_SECTION && t != T_FORM && t != T_TABLE &&
      t != T_CENTER && t != T_DETAILS)
    return 0;
  if (t == T_TABLE && data_table(x))
    return ld > 0.5f;
  /* Embedded posts are quotations: their links are citations. */
  if (quote_box(e->d, x))
    return ld > 0.6f;
  if ((x->flags & F_SCORED) && x->weight + x->score < 0 &&
      !af__builder_piece(x, e->root_prose) &&
      !af__most_prose(x, e->root_prose))
    return 1;
  if (!e->strict || x->commas >= 10)
    return 0;
  uint32_t p = x->n_p, img = x->n_img, li = x->n_li, inp = x->n_input;
  /* Pictures outnumber paragraphs: a gallery, unless it holds a good
   * deal of unlinked text per picture (prose set in boxes, not <p>). */
  if (img > 1 && p * 2 < img && x->text - x->link < img * 200)
    return 1;
  if (li > p + 1 && x->n_li * 20 > x->text && !(e->texts && x->link == 0))
    return 1;
  /* Form fields outnumber paragraphs: a form.  A button only opens,
   * copies or plays, so buttons count as fields unless the box holds a
   * paragraph's worth of prose for each (an FAQ whose questions are
   * toggles, a code listing with a Copy button). */
  if (x->prose >= PROSE_PER_BUTTON * x->n_button)
    inp -= x->n_button;
  if (inp * 3 > p)
    return 1;
  /* A short box with nothing but text is a short paragraph (a one-line
   * answer, a label, a heading styled as a box), not furniture. */
  if (x->text < 25 && x->n_h == 0 && (img == 0 || img > 2))
    return x->text > 0 && !(x->link == 0 && img == 0 && x->n_input == 0 &&
                            x->n_embed == 0);
  if (x->weight < 25 && ld > 0.2f && x->text < 400)
    return 1;
  if (x->weight < 25 && ld > 0.33f)
    return 1;
  if (x->weight >= 25 && ld > 0.5f)
    return 1;
  if ((x->n_embed == 1 && x->text < 75) || x->n_embed > 1)
    return 1;
  return 0;
}

/* Pop-up cards inside a sentence: a picture and nothing but links. */
static int popup_card(const af__xn *x) {
  return !af__tag_is_block(x->tag) && x->tag != T_A && x->n_img &&
         x->text >= 60 && x->link * 10 >= x->text * 8;
}

/* An <aside> inside the article that holds a few paragraphs of prose and
 * hardly a link is the article's box-out (a note, an explanation set
 * apart), whatever it is called; the site's sidebar is mostly links. */
static int box_out(const af__xn *x) {
  return x->tag == T_ASIDE && x->prose >= BOX_OUT_PROSE &&
         x->link * 10 <= x->text;
}

static int skip_el(const em *e, const af__xn *x, int is_root) {
  int t = x->tag;
  if (x->flags & F_INVIS)
    return 1;
  switch (t) {
  case T_BUTTON:
    return !(x->flags & F_BLOCKKID); /* see walk.c: a button holding blocks */
  case T_SKIP: case T_SCRIPT: case T_INPUT: case T_EMBED:
  case T_IMG: case T_FIGCAPTION: case T_META: case T_LINK: case T_TITLE:
  case T_HEAD:
    return 1;
  case T_FIGURE:
    /* Pictures and their credits go; a table, quotation or code listing
     * presented as a figure stays (its caption still goes). */
    for (xmlNode *c = x->node->children; c; c = c->next) {
      af__xn *q = c->type == XML_ELEMENT_NODE ? af__xn_of(e->d, c) : NULL;
      if (q && (q->tag == T_TABLE || q->tag == T_BLOCKQUOTE ||
                q->tag == T_PRE))
        return 0;
    }
    return 1;
  case T_ASIDE:
    if (box_out(x))
      break;
    return !is_root;
  case T_NAV: case T_FOOTER:
    return !is_root;
  default:
    break;
  }
  if (is_root)
    return 0;
  if (popup_card(x)) {
    /* Innermost only: the link that opens the card is part of the text. */
    for (xmlNode *c = x->node->children; c; c = c->next) {
      af__xn *q = c->type == XML_ELEMENT_NODE ? af__xn_of(e->d, c) : NULL;
      if (q && popup_card(q))
        return 0;
    }
    return 1;
  }
  /* Inline elements named like metadata ("productTitle") are part of a
   * sentence; only blocks are dropped for metadata names. */
  unsigned bad = af__tag_is_block(t) ? (F_BOILER | F_META) : F_BOILER;
  /* Metadata lines (bylines, dates, headlines) are short; a long block
   * with such a name is a lede or standfirst. */
  if ((x->flags & (F_BOILER | F_META)) == F_META && x->text > 150)
    bad = 0;
  /* A heading named as a title once the article's text has begun is a
   * section head (page builders call every heading "title"); the
   * headline itself comes before the text. */
  if ((x->flags & (F_BOILER | F_META | F_BYLINE | F_DATE)) == F_META &&
      e->texts && x->link * 2 < x->text && x->text < 200 &&
      (x->tag >= T_H1 && x->tag <= T_H6 ? 1 : x->n_h == 0 && x->n_p <= 1))
    bad = 0;
  /* Inline markup inside running text ("auto-tag" links on names) is part
   * of the sentence whatever it is called. */
  if (!af__tag_is_block(t) && x->blk != AF_XNONE && x->text < 80 &&
      e->d->n[x->blk].own > x->text + 20)
    bad = 0;
  /* Mixed names ("entry-content-read-more", "article-author-bio"): only a
   * minor share of the article's prose can be boilerplate. */
  if ((x->flags & F_POS) &&
      (x->ptext * 4 >= e->root_ptext || quote_box(e->d, x)))
    bad = 0;
  if (af__builder_piece(x, e->root_prose) || af__most_prose(x, e->root_prose))
    bad &= ~(unsigned)F_BOILER;
  if (box_out(x))
    bad &= ~(unsigned)F_BOILER;
  if ((x->flags & bad) && x->text * 2 < e->root_text)
    return 1;
  if (t == T_HEADER && x->text * 3 < e->root_text)
    return 1;
  return junk_container(e, x);
}

static int enter(em *e, xmlNode *node, int is_root) {
  af__xn *x = af__xn_of(e->d, node);
  if (!x)
    return 0;
  if (skip_el(e, x, is_root)) {
    x->flags |= F_DROP;
    return 0;
  }
  int t = x->tag;
  if (t == T_BR) {
    if (e->last_br)
      flush(e);
    else
      e->cur.sp = 1;
    e->last_br = 1;
    return 0;
  }
  if ((t == T_TD || t == T_TH) && in_data_table(e->d, x)) {
    if (e->cell++ && e->cur.len) {
      e->rc = af__tb_raw(&e->cur, " | ", 3);
      e->cur.sp = 0;
    }
    return 1;
  }
  if (!af__tag_is_block(t))
    return 1;
  flush(e);
  if ((t == T_UL || t == T_OL || t == T_DL) && !e->checklist && e->texts &&
      (mixed_items(e->d, x) || introduced_list(e->d, x)))
    e->checklist = x;
  switch (t) {
  case T_LI: push_kind(e, AF_PARA_ITEM, 0); break;
  case T_BLOCKQUOTE: push_kind(e, AF_PARA_QUOTE, 0); break;
  case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
    push_kind(e, AF_PARA_HEADING, t - T_H1 + 1);
    e->head_prose = head_of_prose(e->d, x);
    break;
  case T_TR:
    if (in_data_table(e->d, x)) {
      push_kind(e, AF_PARA_TABLE, 0);
      e->cell = 0;
    }
    break;
  default: break;
  }
  return 1;
}

static void leave(em *e, xmlNode *node) {
  af__xn *x = af__xn_of(e->d, node);
  if (!x)
    return;
  if (x->flags & F_DROP) {
    x->flags &= (uint16_t)~F_DROP;
    return;
  }
  int t = x->tag;
  if ((t == T_TD || t == T_TH) && in_data_table(e->d, x))
    return;
  if (!af__tag_is_block(t))
    return;
  flush(e);
  if (x == e->checklist)
    e->checklist = NULL;
  if (t == T_LI || t == T_BLOCKQUOTE || (t >= T_H1 && t <= T_H6) ||
      (t == T_TR && in_data_table(e->d, x)))
    pop_kind(e);
}

static void text(em *e, xmlNode *node) {
  if (!node->content)
    return;
  size_t before = e->cur.len;
  e->rc = af__tb_text(&e->cur, (const char *)node->content,
                     strlen((const char *)node->content));
  if (e->cur.len != before) {
    e->last_br = 0;
    af__xn *p = node->parent ? af__xn_of(e->d, node->parent) : NULL;
    if (p && (p->flags & F_INLINK)) {
      if (!e->cur_link)
        e->link_at = before;
      e->cur_link += e->cur.len - before;
    }
  }
}

static int walk(em *e, uint32_t ri) {
  xmlNode *root = e->d->n[ri].node;
  xmlNode *cur = root;
  while (cur && !e->rc) {
    int down = 0;
    if (cur->type == XML_ELEMENT_NODE)
      down = enter(e, cur, cur == root);
    else if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE)
      text(e, cur);
    if (down && cur->children) {
      cur = cur->children;
      continue;
    }
    for (;;) {
      if (cur->type == XML_ELEMENT_NODE)
        leave(e, cur);
      if (cur == root) {
        cur = NULL;
        break;
      }
      if (cur->next) {
        cur = cur->next;
        break;
      }
      cur = cur->parent;
    }
  }
  flush(e);
  return e->rc;
}

/* A call to the reader, in English, German or French: sign up, follow,
 * share, try, donate.  Words an article's closing sentence seldom needs. */
static int reader_prompt(const char *s) {
  static const char *const k[] = {
      "sign up", "signup", "subscribe ", "free trial",
      "our newsletter", "the newsletter", "newsletter sign",
      "follow me", "follow us", "join our",
      "join me on", "join the facebook", "patreon",
      "share this with", "share it with", "tell your friends",
      "to your inbox", "mailing list",
      "abonnieren", "folgen sie uns", "folge uns", "folgt uns",
      "jetzt anmelden", "kostenlos testen", "jetzt testen", "abonnez-vous",
      "inscrivez-vous", "suivez-nous", "essai gratuit",
      "lettre d'information", NULL};
  return af__ci_has_any(s, k);
}

/* Drops l->v[i] (a line this pass put out), keeping the order. */
static void drop_line(af__plist *l, size_t i) {
  l->total -= strlen(l->v[i].text) + 2;
  free(l->v[i].text);
  memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof(l->v[0]));
  l->n--;
}

/* The lines a page's template sets around the article's text.  Last:
 * calls to the reader ("Sign up for our newsletter", "Follow us on ...",
 * "Start a free trial"), whatever the box holding them is named; from
 * the end of what this pass put out, short lines (under 300 bytes) that
 * carry such words go, one by one, up to the first line that does not,
 * and a heading over them goes with them.  First and last: the site's
 * affiliate disclosure or opinion disclaimer (af__site_note), which
 * templates set just before or just after the text; inside it such
 * words are the article's.  The closing run never reaches the first
 * three lines: a short page that is itself a sign-up notice keeps its
 * text. */
static void cut_template_lines(af__plist *l, size_t start) {
  size_t cut = l->n;
  while (cut > start + 3) {
    const af__xpara *p = &l->v[cut - 1];
    size_t n = strlen(p->text);
    if (p->kind == AF_PARA_HEADING && cut < l->n) {
      cut--; /* it headed the lines just cut */
      continue;
    }
    if (n >= 300 || p->kind == AF_PARA_QUOTE || p->kind == AF_PARA_TABLE ||
        !(reader_prompt(p->text) || af__site_note(p->text, n)))
      break;
    cut--;
  }
  while (l->n > cut)
    drop_line(l, l->n - 1);
  /* Before the text: one of the first three lines, with more after. */
  size_t i = start;
  while (i < start + 3 && i + 3 < l->n) {
    if (l->v[i].kind == AF_PARA_TEXT &&
        af__site_note(l->v[i].text, strlen(l->v[i].text)))
      drop_line(l, i);
    else
      i++;
  }
}

int af__emit(af__xdoc *d, const af__pick *pk, int strict, const char *title,
            const char *byline, af__plist *out, char *err, size_t errlen) {
  em e;
  memset(&e, 0, sizeof(e));
  e.d = d;
  e.out = out;
  e.strict = strict;
  e.title = title;
  e.byline = byline;
  af__tb_init(&e.cur, d->max_text);
  size_t first = out->n;
  for (size_t i = 0; i < pk->n_roots; i++) {
    e.root_text += d->n[pk->roots[i]].text;
    e.root_ptext += d->n[pk->roots[i]].ptext;
    e.root_prose += d->n[pk->roots[i]].prose;
  }
  for (size_t i = 0; i < pk->n_roots && !e.rc; i++) {
    e.nk = e.kover = 0;
    walk(&e, pk->roots[i]);
  }
  af__tb_free(&e.cur);
  if (!e.rc && strict)
    cut_template_lines(out, first);
  if (e.rc == AF_ELIMIT && err)
    snprintf(err, errlen, "extracted text exceeds %zu bytes", d->max_text);
  return e.rc;
}
