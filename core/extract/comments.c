/* Reader comments, when the caller asks for them: the page's comment
 * section, found by the names publishing systems and schema.org give it,
 * read as one paragraph per comment text block, after the article and
 * marked AF_PARA_COMMENT.  Who wrote a comment, when, and its reply and
 * vote buttons are left out: only what the reader wrote is kept. */
#include "xint.h"

#include <string.h>
#include <strings.h>

/* Class and id words that name a whole comment section (WordPress,
 * Drupal, Ghost, Discourse embeds, hand-written themes). */
static const char *const section_words[] = {
    "comments",        "comment-list",     "commentlist",  "comments-area",
    "comments-list",   "comment-section",  "comments-section",
    "comment-thread",  "comments-container", "comment-wrapper",
    "comments-wrapper", "article-comments", "post-comments", "kommentare",
    "commentaires", NULL};

/* Words of the furniture inside a comment: its author, date, avatar,
 * reply link, votes, and the form for a new comment. */
static const char *const furniture_words[] = {
    "meta", "author", "avatar", "vcard", "reply", "respond", "form", "date",
    "time", "footer", "actions", "vote", "like", "share", "count", "says",
    "login", "pagination", "nav", NULL};

/* 1 when one whitespace-separated word of v equals one of words. */
static int has_word(const char *v, const char *const *words) {
  if (!v)
    return 0;
  for (const char *p = v; *p;) {
    while (*p == ' ' || *p == '\t' || *p == '\n')
      p++;
    const char *w = p;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n')
      p++;
    size_t n = (size_t)(p - w);
    for (size_t i = 0; n && words[i]; i++)
      if (strlen(words[i]) == n && !strncasecmp(w, words[i], n))
        return 1;
  }
  return 0;
}

/* 1 when a word of v contains one of the fragments ("comment-meta",
 * "reply-link", "c-author__name"). */
static int has_part(const char *v, const char *const *parts) {
  for (size_t i = 0; v && parts[i]; i++)
    if (af__ci_has(v, parts[i]))
      return 1;
  return 0;
}

static int is_section(const xmlNode *n) {
  const char *id = af__attr(n, "id");
  const char *cls = af__attr(n, "class");
  const char *ip = af__attr(n, "itemprop");
  /* schema.org: a CreativeWork's "comment" property, one per comment */
  if (ip && has_word(ip, (const char *const[]){"comment", "comments", NULL}))
    return 1;
  return has_word(id, section_words) || has_word(cls, section_words);
}

static int furniture(const af__xn *x) {
  switch (x->tag) {
  case T_FORM: case T_BUTTON: case T_INPUT: case T_NAV: case T_FOOTER:
  case T_HEADER: case T_TIME: case T_IMG: case T_FIGURE: case T_SKIP:
  case T_SCRIPT: case T_H1: case T_H2: case T_H3: case T_H4: case T_H5:
  case T_H6:
    return 1;
  default:
    break;
  }
  if (x->flags & F_INVIS)
    return 1;
  const xmlNode *n = x->node;
  return has_part(af__attr(n, "class"), furniture_words) ||
         has_part(af__attr(n, "id"), furniture_words);
}

/* The comment section's own controls and notices, when a short line
 * holds one of these words: "5 Comments", "Load comments", "Newest",
 * "Liked by ...", "You must be logged in to post a comment." */
static int control_line(const char *s, size_t n) {
  static const char *const words[] = {
      "comment", "reply", "replies", "feedback", "logged in", "log in", "sign in",
      "liked by", "newest", "oldest", "sort by", "vote", "rating",
      "kommentar", "antwort",
      "commentaire", "répondre", "repondre", NULL};
  if (n >= 80)
    return 0;
  for (size_t i = 0; words[i]; i++)
    if (af__ci_has(s, words[i]))
      return 1;
  return 0;
}

/* One comment text block: a block without block children, or the text a
 * comment holds directly (a <div> with the words and a few <br>). */
static int read_section(af__xdoc *d, uint32_t ri, af__plist *out) {
  xmlNode *root = d->n[ri].node;
  xmlNode *cur = root->children;
  int rc = 0;
  while (cur && cur != root && !rc) {
    int down = 0;
    af__xn *x = cur->type == XML_ELEMENT_NODE ? af__xn_of(d, cur) : NULL;
    if (x && !furniture(x)) {
      if (af__tag_is_block(x->tag) && !(x->flags & F_BLOCKKID)) {
        char *s = x->text >= 2 ? af__node_text(d, cur, d->max_text) : NULL;
        size_t n = s ? strlen(s) : 0;
        /* a line that is all link ("Reply", "Load more") is not a comment */
        if (n >= 2 && x->link * 10 < x->text * 8 &&
            !af__line_junk(s, n, AF_PARA_TEXT, NULL, NULL) &&
            !control_line(s, n))
          rc = af__plist_push(out, s, n, AF_PARA_COMMENT, 0);
        free(s);
      } else {
        down = 1;
      }
    }
    if (down && cur->children) {
      cur = cur->children;
      continue;
    }
    while (cur != root && !cur->next)
      cur = cur->parent;
    if (cur == root)
      break;
    cur = cur->next;
  }
  return rc;
}

int af__comments(af__xdoc *d, af__plist *out) {
  int rc = 0;
  /* Nodes are numbered in document order: a section's descendants follow
   * it, so the outermost sections are those not inside an earlier one. */
  uint32_t last = AF_XNONE;
  for (size_t i = 0; i < d->nn && !rc; i++) {
    af__xn *x = &d->n[i];
    if (x->node->type != XML_ELEMENT_NODE || (x->flags & F_INVIS) ||
        x->text == 0 || !is_section(x->node))
      continue;
    int inside = 0;
    for (uint32_t p = x->parent; last != AF_XNONE && p != AF_XNONE && !inside;
         p = d->n[p].parent)
      inside = p == last;
    if (inside)
      continue;
    last = (uint32_t)i;
    rc = read_section(d, (uint32_t)i, out);
  }
  return rc;
}
