/* Choosing the article container.  Paragraph-like blocks vote for their
 * ancestors (nearer ancestors get more of the vote), the votes are damped
 * by link density, and the best container is then widened to an ancestor
 * when the votes are spread across several of its children, and joined by
 * siblings that look like more of the same article. */
#include "xint.h"

#include <stdlib.h>
#include <string.h>

#define NBEST 12

static float tag_base(int tag) {
  switch (tag) {
  case T_DIV: return 5;
  case T_ARTICLE: return 8;
  case T_PRE: case T_TD: case T_BLOCKQUOTE: return 3;
  case T_ADDRESS: case T_OL: case T_UL: case T_DL: case T_DD: case T_DT:
  case T_LI: case T_FORM: return -3;
  case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
  case T_TH: return -5;
  default: return 0;
  }
}

static int scoreable(int tag) {
  switch (tag) {
  case T_P: case T_PRE: case T_TD: case T_DIV: case T_SECTION:
  case T_ARTICLE: case T_BLOCKQUOTE: case T_DD: case T_LI: case T_CENTER:
  case T_MAIN: case T_DETAILS:
    return 1;
  default:
    return 0;
  }
}

static float density(const af__xn *x) {
  return x->text ? (float)x->link / (float)x->text : 0.0f;
}

static int is_ancestor(const af__xdoc *d, uint32_t a, uint32_t n) {
  for (uint32_t p = n; p != AF_XNONE; p = d->n[p].parent)
    if (p == a)
      return 1;
  return 0;
}

/* ". " somewhere in a short block, or a final full stop. */
static int looks_like_sentence(const af__xdoc *d, const xmlNode *node) {
  char *t = af__node_text(d, node, 400);
  if (!t)
    return 0;
  size_t n = strlen(t);
  int ok = strstr(t, ". ") != NULL || (n && t[n - 1] == '.');
  free(t);
  return ok;
}

/* Returns 0 when the list is full. */
static int add_sibling(af__pick *pk, uint32_t i) {
  if (pk->n_roots == sizeof(pk->roots) / sizeof(pk->roots[0]))
    return 0;
  pk->roots[pk->n_roots++] = i;
  return 1;
}

/* Articles split into several sections (each with its own wrapper) leave
 * the best container holding only part of the text.  Climb to an ancestor
 * when what it adds is mostly prose, and stop once it adds mostly other
 * things. */
static uint32_t widen(const af__xdoc *d, uint32_t top, const uint32_t *cand,
                      size_t ncand) {
  uint32_t best = top;
  float tscore = d->n[top].score;
  int steps = 0;
  for (uint32_t p = d->n[top].parent;
       p != AF_XNONE && d->n[p].tag != T_BODY && d->n[p].tag != T_HTML &&
       steps < 8;
       p = d->n[p].parent, steps++) {
    const af__xn *b = &d->n[best], *x = &d->n[p];
    if (x->flags & F_UNLIKELY)
      break;
    uint32_t ex_p = x->ptext - b->ptext;
    uint32_t ex_t = x->text - b->text;
    uint32_t ex_l = x->link - b->link;
    if (ex_t > b->ptext + 2000 && ex_p * 2 < ex_t)
      break;
    if (ex_p < 200 || ex_p * 4 < b->ptext || ex_p * 10 < ex_t * 6 ||
        ex_l * 4 >= ex_t)
      continue;
    /* The added part must hold a strong container of its own, or it is
     * likely a run of teasers for other articles. */
    int strong = 0;
    for (size_t k = 0; k < ncand && !strong; k++)
      strong = d->n[cand[k]].score >= tscore * 0.3f &&
               is_ancestor(d, p, cand[k]) && !is_ancestor(d, best, cand[k]) &&
               !is_ancestor(d, cand[k], best);
    if (strong)
      best = p;
  }
  return best;
}

/* The votes count paragraphs near their containers, so an article cut
 * into many small pieces (a page builder's blocks, each with a paragraph
 * or two) can lose to a long menu or a box of teasers.  The page's prose
 * (unlinked paragraph text) says where the article is: follow the child
 * holding two thirds of it down from the body; if the winner lies outside
 * that box, the box is the article. */
static uint32_t prose_home(const af__xdoc *d, uint32_t top) {
  if (d->body == AF_XNONE)
    return top;
  uint32_t page = d->n[d->body].prose, cur = d->body;
  for (;;) {
    uint32_t next = AF_XNONE;
    for (const xmlNode *c = d->n[cur].node->children; c; c = c->next) {
      uint32_t ci = c->type == XML_ELEMENT_NODE ? af__xidx(c) : AF_XNONE;
      if (ci != AF_XNONE && (uint64_t)d->n[ci].prose * 3 >= (uint64_t)page * 2)
        next = ci;
    }
    if (next == AF_XNONE)
      break;
    cur = next;
  }
  if (cur == d->body || !af__most_prose(&d->n[cur], page) ||
      (d->n[cur].flags & F_INVIS) || is_ancestor(d, cur, top) ||
      is_ancestor(d, top, cur))
    return top;
  return cur;
}

/* Each paragraph-like element's own text scores its ancestors, up to
 * five levels, less the further up; ptext sums the text that scored. */
static void score_paragraphs(af__xdoc *d, int strip_unlikely) {
  for (size_t i = 0; i < d->nn; i++) {
    d->n[i].score = 0;
    d->n[i].ptext = 0;
    d->n[i].flags &= (uint16_t)~F_SCORED;
  }
  for (size_t i = 0; i < d->nn; i++) {
    af__xn *x = &d->n[i];
    if (!scoreable(x->tag) || x->own < 25 || (x->flags & F_INVIS))
      continue;
    if (strip_unlikely && (x->flags & F_UNLIKELY))
      continue;
    if (x->own_link * 2 > x->own)
      continue;
    x->ptext = x->own;
    float cs = 1.0f + (float)x->own_commas;
    cs += x->own >= 300 ? 3.0f : (float)(x->own / 100);
    if (x->tag == T_LI)
      cs *= 0.5f;
    /* Text sitting beside block children is an implicit paragraph of
     * this element, so the element itself is its container. */
    uint32_t a = x->parent;
    if ((x->flags & F_BLOCKKID) && x->tag != T_P && x->tag != T_LI &&
        x->tag != T_TD && x->tag != T_PRE)
      a = (uint32_t)i;
    for (int lvl = 0; lvl < 5 && a != AF_XNONE; lvl++, a = d->n[a].parent) {
      af__xn *y = &d->n[a];
      if (y->tag == T_HTML)
        break;
      if (!(y->flags & F_SCORED)) {
        y->flags |= F_SCORED;
        y->score = tag_base(y->tag) + y->weight;
      }
      float div = lvl == 0 ? 1.0f : lvl == 1 ? 2.0f : (float)lvl * 3.0f;
      y->score += cs / div;
    }
  }
  for (size_t i = d->nn; i-- > 1;)
    if (d->n[i].parent != AF_XNONE)
      d->n[d->n[i].parent].ptext += d->n[i].ptext;
}

/* Damps every score by link density and keeps the NBEST best, best first;
 * returns how many there are. */
static size_t keep_best(af__xdoc *d, uint32_t best[NBEST]) {
  size_t nbest = 0;
  for (size_t i = 0; i < d->nn; i++) {
    af__xn *x = &d->n[i];
    if (!(x->flags & F_SCORED))
      continue;
    x->score *= 1.0f - density(x);
    size_t k = nbest < NBEST ? nbest++ : NBEST;
    while (k > 0 && d->n[best[k - 1]].score < x->score) {
      if (k < NBEST)
        best[k] = best[k - 1];
      k--;
    }
    if (k < NBEST)
      best[k] = (uint32_t)i;
  }
  return nbest;
}

/* From the best candidate to the element that holds the whole article. */
static uint32_t choose_top(af__xdoc *d, const uint32_t *best, size_t nbest) {
  uint32_t top = best[0];
  float tscore = d->n[top].score;

  /* Several strong candidates under one ancestor: the article is split
   * into sections and the ancestor is the real container. */
  uint32_t alts[4];
  size_t nalt = 0;
  for (size_t k = 1; k < nbest && k < 5; k++)
    if (d->n[best[k]].score >= tscore * 0.75f)
      alts[nalt++] = best[k];
  if (nalt >= 3) {
    for (uint32_t p = d->n[top].parent;
         p != AF_XNONE && d->n[p].tag != T_BODY; p = d->n[p].parent) {
      size_t cnt = 0;
      for (size_t k = 0; k < nalt; k++)
        cnt += is_ancestor(d, p, alts[k]);
      if (cnt >= 3) {
        top = p;
        break;
      }
    }
  }
  /* Climb while the parent keeps scoring comparably well. */
  float last = d->n[top].score;
  float thresh = last / 3.0f;
  for (uint32_t p = d->n[top].parent;
       p != AF_XNONE && d->n[p].tag != T_BODY; p = d->n[p].parent) {
    if (!(d->n[p].flags & F_SCORED))
      continue;
    float ps = d->n[p].score;
    if (ps < thresh)
      break;
    if (ps > last) {
      top = p;
      break;
    }
    last = ps;
  }
  /* An only child is the same container as its parent. */
  for (;;) {
    uint32_t p = d->n[top].parent;
    if (p == AF_XNONE || d->n[p].tag == T_BODY)
      break;
    size_t kids = 0;
    for (xmlNode *c = d->n[p].node->children; c; c = c->next)
      if (c->type == XML_ELEMENT_NODE)
        kids++;
    if (kids != 1)
      break;
    top = p;
  }
  top = widen(d, top, best, nbest);
  return prose_home(d, top);
}

/* The top's siblings that belong to the article join it: strong scorers
 * (more so when they share its class) and prose paragraphs. */
static void add_siblings(af__xdoc *d, af__pick *pk, uint32_t top) {
  uint32_t par = d->n[top].parent;
  if (par == AF_XNONE) {
    add_sibling(pk, top);
    return;
  }
  float tscore = d->n[top].score;
  float thresh = tscore * 0.2f > 10.0f ? tscore * 0.2f : 10.0f;
  const char *tcls = af__attr(d->n[top].node, "class");
  int full = 0;
  for (xmlNode *c = d->n[par].node->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    uint32_t ci = af__xidx(c);
    if (ci == AF_XNONE)
      continue;
    if (ci == top) {
      full |= !add_sibling(pk, ci);
      continue;
    }
    af__xn *s = &d->n[ci];
    if (s->flags & (F_INVIS | F_UNLIKELY))
      continue;
    float bonus = 0;
    const char *scls = af__attr(c, "class");
    if (tcls && scls && *tcls && !strcmp(tcls, scls))
      bonus = tscore * 0.2f;
    if ((s->flags & F_SCORED) && s->score + bonus >= thresh) {
      full |= !add_sibling(pk, ci);
      continue;
    }
    if (s->tag == T_P || (scoreable(s->tag) && !(s->flags & F_BLOCKKID))) {
      float ld = density(s);
      if (s->text > 80 && ld < 0.25f)
        full |= !add_sibling(pk, ci);
      else if (s->text > 0 && s->text <= 80 && s->link == 0 &&
               looks_like_sentence(d, c))
        full |= !add_sibling(pk, ci);
    }
  }
  /* Too many pieces to list: the parent holds them all, and the output
   * pass cleans what else is in it. */
  if (full) {
    pk->roots[0] = par;
    pk->n_roots = 1;
  }
}

void af__score(af__xdoc *d, int strip_unlikely, af__pick *pk) {
  uint32_t best[NBEST];

  memset(pk, 0, sizeof(*pk));
  pk->top = AF_XNONE;
  score_paragraphs(d, strip_unlikely);
  size_t nbest = keep_best(d, best);
  if (!nbest) {
    if (d->body != AF_XNONE) {
      pk->top = d->body;
      add_sibling(pk, d->body);
    }
    return;
  }
  pk->top = choose_top(d, best, nbest);
  add_siblings(d, pk, pk->top);
}
