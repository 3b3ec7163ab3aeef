/* Page metadata.  Sources are consulted in order of how deliberately the
 * publisher wrote them: JSON-LD, then OpenGraph/article:* meta, then
 * Dublin Core and citation_* meta, then markup (<time>, <h1>, <title>),
 * and last the visible byline and date lines. */
#include "xint.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/uri.h>

char *af__node_text(const af__xdoc *d, const xmlNode *node, size_t max) {
  af__tbuf b;
  af__tb_init(&b, max + 64);
  const xmlNode *cur = node;
  while (cur && b.len < max) {
    int down = 1;
    if (cur->type == XML_ELEMENT_NODE) {
      af__xn *x = af__xn_of(d, cur);
      int t = x ? x->tag : T_OTHER;
      if (t == T_SKIP || t == T_SCRIPT || (x && (x->flags & F_INVIS) &&
                                           t != T_TITLE && cur != node))
        down = 0;
      else if (af__tag_is_block(t) || t == T_BR)
        b.sp = 1;
    } else if (cur->type == XML_TEXT_NODE ||
               cur->type == XML_CDATA_SECTION_NODE) {
      if (cur->content) {
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
    while (cur && cur != node && !cur->next)
      cur = cur->parent;
    if (!cur || cur == node)
      break;
    cur = cur->next;
  }
  char *o = b.len ? af__tb_dup(&b) : NULL;
  af__tb_free(&b);
  return o;
}

static void put(char **dst, const char *v) {
  if (!*dst && v && *v)
    *dst = af__xdup(v);
}

static const char *meta_key(const xmlNode *n) {
  const char *k = af__attr(n, "property");
  if (!k)
    k = af__attr(n, "name");
  if (!k)
    k = af__attr(n, "itemprop");
  if (!k)
    k = af__attr(n, "http-equiv");
  return k;
}

static int key_in(const char *k, const char *const *list) {
  for (; *list; list++)
    if (!strcasecmp(k, *list))
      return 1;
  return 0;
}

static void set_date(char **dst, const char *v) {
  char iso[40];
  if (!*dst && v && af__date_parse(v, iso, sizeof(iso)))
    *dst = strdup(iso);
}

static void append_author(char **dst, const char *v) {
  if (!v || !*v || strstr(v, "://"))
    return;
  if (!*dst) {
    *dst = af__xdup(v);
    return;
  }
  if (strstr(*dst, v))
    return;
  size_t a = strlen(*dst), b = strlen(v);
  char *o = realloc(*dst, a + b + 6);
  if (!o)
    return;
  memcpy(o + a, " and ", 5);
  memcpy(o + a + 5, v, b + 1);
  *dst = o;
}

typedef struct tiers {
  char *og_title, *dc_title, *og_date, *dc_date, *author, *cite_author;
  char *dc_author;
  char *mod_date;   /* when the page was last changed: a last resort */
  char *other_date; /* a site's own published-date key ("w-published-date") */
  char *og_site, *app_name; /* other spellings of the site's name */
} tiers;

static void meta_tags(af__xdoc *d, af__meta *m, tiers *t) {
  static const char *const k_title[] = {"og:title", "twitter:title",
                                        "headline", NULL};
  static const char *const k_dtitle[] = {"dc.title", "dcterms.title",
                                         "citation_title", NULL};
  static const char *const k_date[] = {
      "article:published_time", "og:published_time",
      "og:article:published_time",
      "datepublished", "article.published", "parsely-pub-date",
      "sailthru.date", "pubdate", "publishdate", "publish-date",
      "published_time", "publication_date", "date", "og:pubdate",
      "article:published", "pdate", "ptime", "publish_date",
      "article.created", NULL};
  static const char *const k_dcdate[] = {
      "dc.date", "dc.date.issued", "dc.date.created", "dcterms.created",
      "dcterms.issued", "dcterms.date", "citation_publication_date",
      "citation_date", "citation_online_date", NULL};
  static const char *const k_mdate[] = {
      "article:modified_time", "og:updated_time", "datemodified",
      "dcterms.modified", "last-modified", NULL};
  static const char *const k_author[] = {
      "author", "article:author", "parsely-author", "sailthru.author",
      "byl", "twitter:creator:name", NULL};
  static const char *const k_dc_author[] = {"dc.creator", "dcterms.creator",
                                            NULL};
  static const char *const k_desc[] = {"description", "og:description",
                                       "twitter:description",
                                       "dc.description", NULL};
  static const char *const k_pub[] = {"og:site_name", "dc.publisher",
                                      "citation_publisher",
                                      "citation_journal_title",
                                      "application-name", NULL};
  for (size_t i = 0; i < d->n_meta; i++) {
    const xmlNode *n = d->meta[i];
    const char *k = meta_key(n);
    const char *v = af__attr(n, "content");
    if (!k || !v || !*v)
      continue;
    /* itemprop may list several names: "datePublished dateCreated" */
    const char *ip = af__attr(n, "itemprop");
    if (ip && af__ci_has(ip, "datepublished")) {
      set_date(&t->og_date, v);
      continue;
    }
    if (ip && af__ci_has(ip, "datemodified")) {
      set_date(&t->mod_date, v);
      continue;
    }
    if (key_in(k, k_title))
      put(&t->og_title, v);
    else if (key_in(k, k_dtitle))
      put(&t->dc_title, v);
    else if (key_in(k, k_date))
      set_date(&t->og_date, v);
    else if (key_in(k, k_dcdate))
      set_date(&t->dc_date, v);
    else if (key_in(k, k_mdate))
      set_date(&t->mod_date, v);
    /* Sites name their own keys ("w-published-date", "page-publish-time"):
     * one that says publish and date or time, read as a date, is kin of
     * article:published_time, trusted after every known key. */
    else if (af__ci_has(k, "publish") &&
             (af__ci_has(k, "date") || af__ci_has(k, "time")))
      set_date(&t->other_date, v);
    else if (key_in(k, k_author)) {
      char *c = af__clean_byline(v);
      put(&t->author, c);
      free(c);
    } else if (!strcasecmp(k, "citation_author"))
      append_author(&t->cite_author, v);
    else if (key_in(k, k_dc_author))
      append_author(&t->dc_author, v);
    else if (key_in(k, k_desc))
      put(&m->description, v);
    else if (key_in(k, k_pub)) {
      put(&m->publisher, v);
      if (!strcasecmp(k, "og:site_name"))
        put(&t->og_site, v);
      else if (!strcasecmp(k, "application-name"))
        put(&t->app_name, v);
    }
    else if (!strcasecmp(k, "og:url") && !m->canonical)
      put(&m->canonical, v);
    else if (!strcasecmp(k, "og:type") && !m->doc_kind &&
             !strcasecmp(v, "article"))
      m->doc_kind = strdup("news");
    else if ((!strcasecmp(k, "content-language") ||
              !strcasecmp(k, "dc.language") || !strcasecmp(k, "og:locale")) &&
             !m->language)
      put(&m->language, v);
  }
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

/* Words that open a byline line, in the languages we meet: the names
 * follow ("By Jane Smith", "Von Anna Berger", "Par Claire Dumont",
 * "Written by ..."), possibly in links after a lone "By". */
static const char *const by_leads[] = {
    "by", "written by", "posted by", "authored by", "words by", "story by",
    "reporting by",
    "von", "par", "texte", "text", "autor", "autorin", "autoren", "auteur",
    "auteure", "auteurs", "author", "authors", "author(s)", "contributor",
    "contributors", NULL};

/* Lines that give the date first and the author after it: "Posted on
 * March 3, 2025 by Kim Lee", "Publié le 3 mars 2025 par ...". */
static const char *const date_leads[] = {
    "posted on", "published on", "published", "posted", "updated on",
    "veröffentlicht am", "publié le", "mis en ligne le", NULL};
static const char *const mid_by[] = {" by ", " von ", " par ", NULL};

static const char *ci_find(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  for (; *hay; hay++)
    if (!strncasecmp(hay, needle, n))
      return hay;
  return NULL;
}

static const char *after_word(const char *t, const char *w) {
  size_t n = strlen(w);
  if (strncasecmp(t, w, n))
    return NULL;
  t += n;
  if (*t == ':')
    t++;
  if (*t && *t != ' ' && *t != '\n' && *t != '\t')
    return NULL;
  while (*t == ' ' || *t == '\n' || *t == '\t' || *t == ':')
    t++;
  return t;
}

/* Where the names start in a byline line, or NULL when the line is not
 * one.  An empty result means the names are still to come (a lone "By"
 * before links is caught by the caller through the element's text). */
static const char *byline_names(const char *t) {
  while (*t == ' ' || *t == '\n' || *t == '\t')
    t++;
  for (size_t i = 0; by_leads[i]; i++) {
    const char *r = after_word(t, by_leads[i]);
    if (r)
      return r;
  }
  for (size_t i = 0; date_leads[i]; i++) {
    if (!after_word(t, date_leads[i]))
      continue;
    for (size_t k = 0; mid_by[k]; k++) {
      const char *r = ci_find(t, mid_by[k]);
      if (r)
        return r + strlen(mid_by[k]);
    }
  }
  return NULL;
}

/* A short block whose first words open a byline (no marked-up byline). */
static int by_line(const af__xdoc *d, const af__xn *x, unsigned bad) {
  if (!af__tag_is_block(x->tag) || x->text < 5 || x->text > 160 ||
      (x->flags & bad) || (x->flags & F_BLOCKKID))
    return 0;
  const xmlNode *c = x->node->children;
  while (c && c->type == XML_ELEMENT_NODE && c->children) {
    const af__xn *y = af__xn_of(d, c);
    if (y && af__tag_is_block(y->tag))
      break;
    c = c->children;
  }
  if (!c || c->type != XML_TEXT_NODE || !c->content)
    return 0;
  const char *t = (const char *)c->content;
  while (*t == ' ' || *t == '\n' || *t == '\t')
    t++;
  for (size_t i = 0; by_leads[i]; i++)
    if (after_word(t, by_leads[i]))
      return 1;
  for (size_t i = 0; date_leads[i]; i++)
    if (after_word(t, date_leads[i]))
      return 1;
  return 0;
}

/* A name has at least one word that is not a date word or a byline lead:
 * "By", "Updated" or "Sep" alone are what is left of a line that held no
 * name. */
static int plausible_name(const char *s) {
  static const char *const stop[] = {
      "by", "updated", "posted", "published", "on", "von", "par", "am", "le",
      "and", "und", "et", "the", "top", "jan", "feb", "mar", "apr", "may",
      "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january",
      "february", "march", "april", "june", "july", "august", "september",
      "october", "november", "december", "mon", "tue", "wed", "thu", "fri",
      "sat", "sun", "monday", "tuesday", "wednesday", "thursday", "friday",
      "saturday", "sunday", "today", "yesterday", "min", "read", NULL};
  if (!s)
    return 0;
  for (const char *p = s; *p;) {
    while (*p && !isalpha((unsigned char)*p) && (unsigned char)*p < 0x80)
      p++;
    const char *w = p;
    while (*p && (isalpha((unsigned char)*p) || (unsigned char)*p >= 0x80))
      p++;
    size_t n = (size_t)(p - w);
    if (n < 2)
      continue;
    int is_stop = 0;
    for (size_t i = 0; stop[i] && !is_stop; i++)
      is_stop = strlen(stop[i]) == n && !strncasecmp(w, stop[i], n);
    if (!is_stop)
      return 1;
  }
  return 0;
}

/* A date written into the byline line is kept aside: a <time> or a date
 * element elsewhere in the header is more precise. */
static void take_byline(af__xdoc *d, af__meta *m, const af__xn *x, int by,
                        char **bydate) {
  char *s = af__node_text(d, x->node, 400);
  if (!s)
    return;
  const char *names = s;
  if (by) {
    names = byline_names(s);
    /* "By March the costs had doubled" is a sentence, not a byline. */
    if (!names || !*names ||
        !(isupper((unsigned char)*names) || (unsigned char)*names >= 0xC3)) {
      free(s);
      return;
    }
  }
  m->byline = af__clean_byline(names);
  if (!plausible_name(m->byline)) {
    free(m->byline);
    m->byline = NULL;
  }
  set_date(bydate, s);
  free(s);
}

/* "Written by" or "Autor" alone in an element, the name in the element
 * after it (a label and its value). */
static void label_byline(af__xdoc *d, af__meta *m, size_t from, size_t to,
                         unsigned bad, int anywhere) {
  for (size_t i = from; i < to && !m->byline; i++) {
    af__xn *x = &d->n[i];
    if (x->text < 2 || x->text > 12 || (x->flags & bad) ||
        (!anywhere && !af__in_region(d, (uint32_t)i)))
      continue;
    char *s = af__node_text(d, x->node, 40);
    const char *r = s ? byline_names(s) : NULL;
    int label = r && !*r;
    free(s);
    if (!label)
      continue;
    const xmlNode *n = x->node->next;
    while (n && n->type != XML_ELEMENT_NODE)
      n = n->next;
    if (!n)
      continue;
    char *v = af__node_text(d, n, 120);
    if (v && (isupper((unsigned char)*v) || (unsigned char)*v >= 0xC3)) {
      m->byline = af__clean_byline(v);
      if (!plausible_name(m->byline)) {
        free(m->byline);
        m->byline = NULL;
      }
    }
    free(v);
  }
}

/* Where the headline is: the <h1> whose text is the chosen title, else
 * another element that reads as it. */
static uint32_t headline_at(af__xdoc *d, const char *title) {
  for (size_t i = 0; title && i < d->n_h1; i++) {
    char *h = af__node_text(d, d->n[d->h1[i]].node, 1000);
    int same = h && af__word_overlap(h, title) >= 0.8 &&
               af__word_overlap(title, h) >= 0.8;
    free(h);
    if (same)
      return d->h1[i];
  }
  /* No <h1> carries it: the first heading or plain block whose words are
   * the title's (pages style a <div> or an <h2> as their headline). */
  size_t tl = title ? strlen(title) : 0, tried = 0;
  for (size_t i = 0; tl && i < d->nn && tried < 300; i++) {
    const af__xn *x = &d->n[i];
    int heading = x->tag >= T_H2 && x->tag <= T_H6;
    if ((!heading && (!af__tag_is_block(x->tag) || (x->flags & F_BLOCKKID))) ||
        (x->flags & F_INVIS) || x->text * 10 < tl * 7 || x->text > tl * 2 + 20)
      continue;
    tried++;
    char *h = af__node_text(d, x->node, 1000);
    int same = h && af__word_overlap(h, title) >= 0.8 &&
               af__word_overlap(title, h) >= 0.8;
    free(h);
    if (same)
      return (uint32_t)i;
  }
  return AF_XNONE;
}

uint32_t af__headline_of(af__xdoc *d, af__meta *m) {
  if (!m->head_done) {
    m->head = headline_at(d, m->title);
    m->head_done = 1;
  }
  return m->head;
}

/* Inside a comment section: an ancestor named "comment..." (comments,
 * comment-list, commentlist, comments-area). */
int af__in_comments(const af__xdoc *d, uint32_t i) {
  for (int up = 0; up < 12 && i != AF_XNONE; up++, i = d->n[i].parent) {
    const char *c = af__attr(d->n[i].node, "class");
    const char *id = af__attr(d->n[i].node, "id");
    if ((c && af__ci_has(c, "comment")) || (id && af__ci_has(id, "comment")))
      return 1;
  }
  return 0;
}

/* Visible byline and date lines: first those around the article body,
 * then anywhere, each in document order; last, the lines beside the
 * headline even where their markup is named like boilerplate (a header
 * laid out as a "sidebar" column, a "meta" strip): the byline sits by the
 * headline whatever the layout calls it.  Author elements in a comment
 * section name commenters, never the article's author. */
static void visible(af__xdoc *d, af__meta *m) {
  char *bydate = NULL;
  for (int pass = 0; pass < 2; pass++) {
    for (size_t i = 0; i < d->n_byl && !m->byline; i++) {
      af__xn *x = &d->n[d->byl[i]];
      if (x->text && x->text <= 200 && !af__in_comments(d, d->byl[i]) &&
          (pass || af__in_region(d, d->byl[i])))
        take_byline(d, m, x, 0, &bydate);
    }
    for (size_t i = 0; i < d->nn && !m->byline; i++)
      if (by_line(d, &d->n[i], F_INVIS | F_UNLIKELY) &&
          (pass || af__in_region(d, (uint32_t)i)))
        take_byline(d, m, &d->n[i], 1, &bydate);
    label_byline(d, m, 0, d->nn, F_INVIS | F_UNLIKELY, pass);
  }
  uint32_t h = m->byline ? AF_XNONE : af__headline_of(d, m);
  if (h != AF_XNONE) {
    size_t from = h > 20 ? h - 20 : 0;
    size_t to = h + 60 < d->nn ? h + 60 : d->nn;
    /* the header ends where the article's first long paragraph starts */
    for (size_t i = h + 1; i < to; i++)
      if (d->n[i].tag == T_P && d->n[i].own >= 80) {
        to = i;
        break;
      }
    for (size_t i = 0; i < d->n_byl && !m->byline; i++) {
      af__xn *x = &d->n[d->byl[i]];
      if (x->text && x->text <= 200 && d->byl[i] >= from && d->byl[i] < to &&
          !af__in_comments(d, d->byl[i]))
        take_byline(d, m, x, 0, &bydate);
    }
    for (size_t i = from; i < to && !m->byline; i++)
      if (by_line(d, &d->n[i], F_INVIS) && !af__in_comments(d, (uint32_t)i))
        take_byline(d, m, &d->n[i], 1, &bydate);
    label_byline(d, m, from, to, F_INVIS, 1);
  }
  af__pub_printed(d, m, bydate);
}

/* The headline <h1>: one that agrees with <title>, or the only one.  A
 * page may use <h1> for its logo or section name, so a lone disagreeing
 * <h1> loses to <title>. */
static char *pick_h1(af__xdoc *d, const char *site) {
  char *raw = d->title ? af__node_text(d, d->title, 1000) : NULL;
  char *title = raw ? af__clean_title(raw, site) : NULL;
  free(raw);
  char *best = NULL;
  for (size_t i = 0; i < d->n_h1 && !best; i++) {
    if (d->n[d->h1[i]].flags & F_UNLIKELY)
      continue;
    char *h = af__node_text(d, d->n[d->h1[i]].node, 1000);
    if (!h || strlen(h) < 4 || (site && af__same_site(h, site)) ||
        (title && (af__word_overlap(h, title) < 0.5 ||
                   (af__word_overlap(title, h) < 0.34 &&
                    strncasecmp(title, h, strlen(h)))))) {
      free(h);
      continue;
    }
    best = h;
  }
  free(title);
  return best;
}

/* How many <h1> a reader sees. */
static size_t visible_h1s(const af__xdoc *d) {
  size_t n = 0;
  for (size_t i = 0; i < d->n_h1; i++)
    n += !(d->n[d->h1[i]].flags & (F_UNLIKELY | F_INVIS));
  return n;
}

/* Paragraph text of the article region that comes before node i: a
 * headline comes before the text, a heading inside it does not. */
static size_t text_before(const af__xdoc *d, uint32_t i) {
  size_t n = 0;
  if (d->region == AF_XNONE || i <= d->region)
    return 0;
  for (uint32_t k = d->region + 1; k < i && k < d->nn; k++)
    if (d->n[k].tag == T_P && af__in_region(d, k))
      n += d->n[k].own;
  return n;
}

static size_t words_in(const char *s) {
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

/* An <h1> that is a title and, before or after it, only a date or the
 * site's name ("Dec 18 2025 Preparing a transition"). */
static int furniture_around(const char *h, const char *title,
                            const char *site) {
  size_t hl = strlen(h), tl = strlen(title);
  if (tl < 8 || hl <= tl)
    return 0;
  char rest[200];
  size_t rl = hl - tl;
  if (rl >= sizeof(rest))
    return 0;
  if (!strncasecmp(h, title, tl))
    memcpy(rest, h + tl, rl);
  else if (!strncasecmp(h + rl, title, tl))
    memcpy(rest, h, rl);
  else
    return 0;
  rest[rl] = '\0';
  char iso[40];
  /* only a date: a few words, not a sentence that mentions one */
  return (words_in(rest) <= 5 && af__date_parse(rest, iso, sizeof(iso))) ||
         (site && af__same_site(rest, site));
}

/* The visible headline: an <h1> near the article (inside the region
 * around the chosen container, or in a block just before it) or one that
 * agrees with a title the publisher wrote in metadata.  Readers take the
 * headline from the page, and og:title and <title> are often teasers or
 * SEO variants of it, so a plausible <h1> is compared with them rather
 * than ranked below them.  With several <h1>, the best placed and best
 * agreeing one wins; a lone <h1> far from the article that agrees with
 * nothing (a logo, a section name) is not a headline. */
static char *headline_h1(af__xdoc *d, const char *site,
                         const char *const *cands, size_t nc) {
  char *best = NULL;
  int best_score = 0;
  uint32_t best_at = AF_XNONE;
  for (size_t i = 0; i < d->n_h1; i++) {
    uint32_t hi = d->h1[i];
    if (d->n[hi].flags & (F_UNLIKELY | F_INVIS))
      continue;
    char *h = af__node_text(d, d->n[hi].node, 1000);
    if (!h || strlen(h) < 4 || strlen(h) > 300 ||
        (site && af__same_site(h, site) && strlen(h) < strlen(site) + 4)) {
      free(h);
      continue;
    }
    int score = 0;
    if (d->region != AF_XNONE && af__in_region(d, hi))
      score += 2;
    else if (d->region != AF_XNONE && hi < d->region) {
      /* before the article, under the same ancestor a few levels up */
      uint32_t a = d->n[d->region].parent;
      for (int up = 0; up < 3 && a != AF_XNONE && a != d->body; up++) {
        uint32_t p = hi;
        while (p != AF_XNONE && p != a)
          p = d->n[p].parent;
        if (p == a) {
          score += 1;
          break;
        }
        a = d->n[a].parent;
      }
    }
    for (size_t k = 0; k < nc; k++)
      if (cands[k] && af__word_overlap(h, cands[k]) >= 0.5 &&
          af__word_overlap(cands[k], h) >= 0.3) {
        score += 4;
        /* An <h1> that wraps the whole of a shorter title and more (a
         * date, a byline) carries page furniture: the title is cleaner. */
        if (af__word_overlap(cands[k], h) >= 0.99 &&
            (strlen(h) * 2 > strlen(cands[k]) * 3 ||
             furniture_around(h, cands[k], site))) {
          char *c = af__xdup(cands[k]);
          if (c) {
            free(h);
            h = c;
          }
        }
        break;
      }
    if (score > best_score) {
      free(best);
      best = h;
      best_score = score;
      best_at = hi;
    } else {
      free(h);
    }
  }
  /* Agreeing with the metadata is required when there is any: an <h1>
   * inside the article may be a section heading. */
  int have = 0;
  for (size_t k = 0; k < nc; k++)
    have |= cands[k] && *cands[k];
  /* The page's only <h1>, placed at the article and worded as a headline
   * (several words), is the headline even when the metadata words it
   * differently: og:title and <title> are rewritten for sharing and
   * search, the <h1> is what the reader sees. */
  if (have && best_score >= 1 && best_score < 4 && visible_h1s(d) == 1 &&
      words_in(best) >= 4 && text_before(d, best_at) < 200)
    return best;
  if (best_score < (have ? 4 : 1)) {
    free(best);
    return NULL;
  }
  return best;
}

static void fix_lang(char *l) {
  if (!l)
    return;
  for (char *p = l; *p; p++)
    if (*p == '_')
      *p = '-';
}

/* Whose site this is, from the <title>'s last part ("Headline | Jane
 * Roe", "Headline - Jane Roe's blog"): a short name after the last
 * separator.  A personal site names its owner there, a company its brand;
 * with no byline anywhere, that is who the page is by. */
static char *title_owner(const char *raw) {
  static const char *const seps[] = {" | ", " - ", " \xE2\x80\x93 ",
                                     " \xE2\x80\x94 ", " \xC2\xB7 ", NULL};
  const char *best = NULL;
  size_t bl = 0;
  for (size_t i = 0; seps[i]; i++) {
    const char *p = raw, *hit = NULL;
    while ((p = strstr(p, seps[i])))
      hit = p++;
    if (hit && hit > best) {
      best = hit;
      bl = strlen(seps[i]);
    }
  }
  if (!best || best == raw)
    return NULL;
  char *o = af__xdup(best + bl);
  if (!o)
    return NULL;
  static const char *const tails[] = {"'s blog", "\xE2\x80\x99s blog",
                                      "'s substack", "\xE2\x80\x99s substack",
                                      "'s newsletter", NULL};
  size_t n = strlen(o);
  for (size_t i = 0; tails[i]; i++) {
    size_t l = strlen(tails[i]);
    if (n > l && !strcasecmp(o + n - l, tails[i]))
      o[n -= l] = '\0';
  }
  if (!n || n > 40 || words_in(o) > 4 || !plausible_name(o)) {
    free(o);
    return NULL;
  }
  return o;
}

/* Two or three capitalised words of letters: "Jane Roe", "Ann M. Lee". */
static int person_like(const char *s) {
  size_t w = 0;
  for (const char *p = s; *p;) {
    while (*p == ' ')
      p++;
    if (!*p)
      break;
    if (!isupper((unsigned char)*p))
      return 0;
    for (; *p && *p != ' '; p++)
      if (!isalpha((unsigned char)*p) && *p != '.' && *p != '-' &&
          *p != '\'' && (unsigned char)*p < 0x80)
        return 0;
    w++;
  }
  return w >= 2 && w <= 3 && strncmp(s, "The ", 4);
}

/* Whether a word of name n occurs in lower case in the article's text: a
 * person's name is not made of words the text uses as common nouns
 * ("Park University", "Garden", "Health" are; "Spectre" is not). */
static int common_words(af__xdoc *d, const char *n) {
  uint32_t at = d->region != AF_XNONE ? d->region : d->body;
  char *text = at != AF_XNONE ? af__node_text(d, d->n[at].node, 60000) : NULL;
  if (!text)
    return 0;
  int hit = 0;
  for (const char *p = n; *p && !hit;) {
    while (*p == ' ')
      p++;
    const char *w = p;
    while (*p && *p != ' ')
      p++;
    size_t l = (size_t)(p - w);
    if (l < 3 || l > 30)
      continue;
    char lw[32];
    for (size_t i = 0; i < l; i++)
      lw[i] = (char)tolower((unsigned char)w[i]);
    lw[l] = '\0';
    for (const char *q = strstr(text, lw); q && !hit; q = strstr(q + 1, lw))
      hit = (q == text || !isalpha((unsigned char)q[-1])) &&
            !isalpha((unsigned char)q[l]);
  }
  free(text);
  return hit;
}

/* The owner named in the title is taken when it reads as a person's name
 * (two or three capitalised words the article does not use as common
 * words) or the title calls the site someone's blog: a personal site.  A
 * company's or a public body's name there is the publisher, not an
 * author. */
static char *site_owner(af__xdoc *d) {
  char *raw = d->title ? af__node_text(d, d->title, 1000) : NULL;
  char *o = raw ? title_owner(raw) : NULL;
  int blog = raw && (ci_find(raw, "'s blog") ||
                     ci_find(raw, "\xE2\x80\x99s blog") ||
                     ci_find(raw, "'s substack"));
  free(raw);
  if (o && (blog || (person_like(o) && !common_words(d, o))))
    return o;
  free(o);
  return NULL;
}

/* A personal site that signs nothing but its footer: the copyright
 * holder, when that reads as a person's name (two or three capitalised
 * words the article does not use as common words), is who the page is by.
 * A company's or a public body's name there is the publisher, not an
 * author.  Footers sit at the end: the last few hundred elements are
 * read, deepest first. */
static char *copyright_owner(af__xdoc *d) {
  size_t seen = 0;
  for (size_t i = d->nn; i-- > 0 && seen < 300;) {
    const af__xn *x = &d->n[i];
    if (x->text < 8 || x->text > 160 || (x->flags & F_INVIS))
      continue;
    seen++;
    char *s = af__node_text(d, x->node, 200);
    int mark = s && (strstr(s, "\xC2\xA9") || ci_find(s, "copyright"));
    char *o = mark ? af__copyright_person(s) : NULL;
    free(s);
    if (!mark)
      continue;
    if (o && !common_words(d, o))
      return o;
    free(o);
    return NULL; /* the page's copyright line names no person */
  }
  return NULL;
}

/* A title cleaned of every spelling of the site's name the page gives
 * (og:site_name "University of X", application-name "UX", the JSON-LD
 * publisher): <title> carries one of them, not always the first found. */
static char *clean_title_all(const char *title, const char *site,
                             const tiers *t) {
  char *c = af__clean_title(title, site);
  const char *alt[] = {t->og_site, t->app_name};
  for (size_t i = 0; i < 2 && c; i++) {
    if (!alt[i] || (site && !strcmp(alt[i], site)))
      continue;
    char *n = af__clean_title(c, alt[i]);
    free(c);
    c = n;
  }
  return c;
}

int af__meta_collect(af__xdoc *d, const char *url, af__meta *m) {
  tiers t;
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
  meta_tags(d, m, &t);
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
  m->site = m->publisher ? strdup(m->publisher) : NULL;

  {
    char *raw = d->title ? af__node_text(d, d->title, 1000) : NULL;
    char *tt = raw ? clean_title_all(raw, m->site, &t) : NULL;
    const char *cands[] = {m->title, t.og_title, t.dc_title, tt};
    char *h = headline_h1(d, m->site, cands, 4);
    free(raw);
    free(tt);
    if (h) {
      free(m->title);
      m->title = h;
    }
  }
  if (!m->title) {
    if (t.og_title)
      m->title = strdup(t.og_title);
    else if (t.dc_title)
      m->title = strdup(t.dc_title);
    else
      m->title = pick_h1(d, m->site);
    if (!m->title && d->title)
      m->title = af__node_text(d, d->title, 1000);
  }
  if (m->title) {
    char *c = clean_title_all(m->title, m->site, &t);
    if (c && *c) {
      free(m->title);
      m->title = c;
    } else {
      free(c);
    }
  }
  int from_ld = m->published != NULL;
  if (!m->published && !t.og_date && t.other_date) {
    t.og_date = t.other_date;
    t.other_date = NULL;
  }
  if (!m->published)
    m->published = t.og_date ? strdup(t.og_date)
                             : t.dc_date ? strdup(t.dc_date) : NULL;
  af__pub_compare(d, m, from_ld, t.og_date, t.dc_date);
  /* An author the publisher declared that is the site's own name waits
   * until the page has shown no person: on a personal blog or a company
   * page without bylines the site is the author. */
  char *site_author = NULL;
  if (m->byline && strstr(m->byline, "://")) {
    free(m->byline);
    m->byline = NULL;
  } else if (m->byline && m->site && af__same_site(m->byline, m->site)) {
    site_author = m->byline;
    m->byline = NULL;
  }
  if (!m->byline) {
    const char *a = t.author;
    if (a && m->site && af__same_site(a, m->site)) {
      if (!site_author)
        site_author = af__xdup(a);
      a = NULL;
    }
    if (!a)
      a = t.cite_author ? t.cite_author : t.dc_author;
    if (a)
      m->byline = strdup(a);
  }
  visible(d, m);
  if (!m->byline) {
    m->byline = site_author;
    site_author = NULL;
  }
  if (!m->byline)
    m->byline = site_owner(d);
  if (!m->byline)
    m->byline = copyright_owner(d);
  free(site_author);

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
    m->byline = plausible_name(c) ? c : NULL;
    if (!m->byline)
      free(c);
  }
  char *canon = NULL;
  if (d->canon)
    canon = resolve(af__attr(d->canon, "href"), url);
  if (!canon && m->canonical)
    canon = resolve(m->canonical, url);
  free(m->canonical);
  m->canonical = canon;
  af__pub_url(m->canonical ? m->canonical : url, &m->published);
  af__pub_updated(d, m, t.mod_date);

  free(t.og_title);
  free(t.dc_title);
  free(t.og_date);
  free(t.dc_date);
  free(t.author);
  free(t.cite_author);
  free(t.dc_author);
  free(t.mod_date);
  free(t.other_date);
  free(t.og_site);
  free(t.app_name);
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
