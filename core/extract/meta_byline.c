/* The byline choice: bylines the page prints (marked-up author elements,
 * lines that open with "By", "Von", "Par"..., a label and its value) near
 * the article first, weighed against the authors declared in metadata,
 * and for personal sites the owner named in <title> or the footer. */
#include "meta.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Words that open a byline line, in the languages we meet: the names
 * follow ("By Jane Smith", "Von Anna Berger", "Par Claire Dumont",
 * "Written by ..."), possibly in links after a lone "By". */
static const char *const by_leads[] = {
    "by", "written by", "posted by", "authored by", "words by", "story by",
    "reporting by", "von", "par", NULL};
/* Nouns that label a name ("Text: Anna Berg", "Author: Kim Lee"); without
 * their colon they open ordinary lines and headings ("Text Messaging",
 * "Author Tools"). */
static const char *const label_leads[] = {
    "texte", "text", "autor", "autorin", "autoren", "auteur", "auteure",
    "auteurs", "author", "authors", "author(s)", "contributor",
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

/* Past a lead word at the start of t (by_leads, then label_leads), or
 * NULL: a label noun takes its colon when a name follows it on the line;
 * alone it is a label whose value comes after it. */
static const char *after_lead(const char *t) {
  for (size_t i = 0; by_leads[i]; i++) {
    const char *r = after_word(t, by_leads[i]);
    if (r)
      return r;
  }
  for (size_t i = 0; label_leads[i]; i++) {
    const char *r = after_word(t, label_leads[i]);
    if (!r)
      continue;
    if (!*r)
      return r;
    const char *colon = t + strlen(label_leads[i]);
    while (*colon == ' ')
      colon++;
    if (*colon == ':')
      return r;
  }
  return NULL;
}

/* Where the names start in a byline line, or NULL when the line is not
 * one.  An empty result means the names are still to come (a lone "By"
 * before links is caught by the caller through the element's text). */
static const char *byline_names(const char *t) {
  while (*t == ' ' || *t == '\n' || *t == '\t')
    t++;
  const char *names = after_lead(t);
  if (names)
    return names;
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

/* Whether a node holds nothing a reader sees: a comment, or text of
 * white space only (the indentation between tags). */
static int blank_node(const xmlNode *c) {
  if (c->type == XML_COMMENT_NODE)
    return 1;
  if (c->type != XML_TEXT_NODE)
    return 0;
  for (const xmlChar *p = c->content; p && *p; p++)
    if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r')
      return 0;
  return 1;
}

/* The first node under n that a reader sees, skipping indentation. */
static const xmlNode *first_seen(const xmlNode *n) {
  const xmlNode *c = n->children;
  while (c && blank_node(c))
    c = c->next;
  return c;
}

/* A short block whose first words open a byline (no marked-up byline).
 * The words are found past the indentation a template puts before the
 * first inline element ("<p>\n  <span>By Kim Lee</span>"). */
static int by_line(const af__xdoc *d, const af__xn *x, unsigned bad) {
  if (!af__tag_is_block(x->tag) || x->text < 5 || x->text > 160 ||
      (x->flags & bad) || (x->flags & F_BLOCKKID))
    return 0;
  const xmlNode *c = first_seen(x->node);
  while (c && c->type == XML_ELEMENT_NODE && c->children) {
    const af__xn *y = af__xn_of(d, c);
    if (y && af__tag_is_block(y->tag))
      break;
    c = first_seen(c);
  }
  if (!c || c->type != XML_TEXT_NODE || !c->content)
    return 0;
  const char *t = (const char *)c->content;
  while (*t == ' ' || *t == '\n' || *t == '\t')
    t++;
  if (after_lead(t))
    return 1;
  for (size_t i = 0; date_leads[i]; i++)
    if (after_word(t, date_leads[i]))
      return 1;
  return 0;
}

/* A name has at least one word that is not a date word or a byline lead:
 * "By", "Updated" or "Sep" alone are what is left of a line that held no
 * name. */
int af__byline_plausible(const char *s) {
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

/* Words that stay lower case inside a person's name or between names. */
static int name_particle(const char *w, size_t n) {
  static const char *const k[] = {"and", "und", "et", "von", "van", "der",
                                  "den", "de", "du", "da", "di", "del",
                                  "della", "la", "le", "ter", "bin", "ibn",
                                  "al", "el", "y", "zu", "vom", "the", NULL};
  for (size_t i = 0; k[i]; i++)
    if (strlen(k[i]) == n && !strncmp(w, k[i], n))
      return 1;
  return 0;
}

/* A printed name is capitalised: after a capital, a second word of
 * three letters or more written in lower case that is no particle
 * ("Insights from", "Personal finance") says the element holds a label
 * or a section name; words after the name may be anything ("Kim Lee
 * reviewed by ...").  Names written all in lower case are handles
 * ("jdoe", "crazy lennys") and stay. */
static int name_cased(const char *s) {
  size_t words = 0;
  int lower = 0;
  if (!isupper((unsigned char)*s))
    return 1;
  for (const char *p = s; *p && words < 2;) {
    while (*p == ' ' || *p == ',')
      p++;
    const char *w = p;
    while (*p && *p != ' ' && *p != ',')
      p++;
    size_t n = (size_t)(p - w);
    if (!n)
      break;
    words++;
    if (n >= 3 && islower((unsigned char)*w) && !name_particle(w, n))
      lower = 1;
  }
  return !lower || words < 2;
}

/* The names after "by" as the second or third word of a marked-up
 * author element ("Article by: Kim Lee", "Photos and words by Kim"). */
static const char *after_by_word(const char *s) {
  const char *p = s;
  for (int wi = 0; wi < 3 && *p; wi++) {
    while (*p == ' ')
      p++;
    const char *w = p;
    while (*p && *p != ' ')
      p++;
    size_t n = (size_t)(p - w);
    if (wi && ((n == 2 && !strncasecmp(w, "by", 2)) ||
               (n == 3 && !strncasecmp(w, "by:", 3)))) {
      while (*p == ' ')
        p++;
      return *p ? p : s;
    }
  }
  return s;
}

/* Whether s opens with a word a date starts with: a number, or a month
 * ("Dec", "März", "févr."); the parser itself finds a date anywhere. */
static int date_first_word(const char *s) {
  static const char *const months[] = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
      "nov", "dec", "j\xC3\xA4n", "m\xC3\xA4r", "mai", "okt", "dez",
      "f\xC3\xA9v", "avr", "jui", "ao\xC3\xBB", "d\xC3\xA9" "c", NULL};
  if (isdigit((unsigned char)*s))
    return 1;
  for (size_t i = 0; months[i]; i++)
    if (!strncasecmp(s, months[i], strlen(months[i])))
      return 1;
  return 0;
}

/* The names after a date that opens the line and a separator ("Dec 19,
 * 2025 · Kim Lee", "2025-12-17 | Kim Lee"), or NULL. */
static const char *after_date(const char *s) {
  static const char *const seps[] = {" \xC2\xB7 ", " \xE2\x80\xA2 ", " | ",
                                     " \xE2\x80\x94 ", " \xE2\x80\x93 ", " - ",
                                     NULL};
  for (size_t i = 0; seps[i]; i++) {
    const char *p = strstr(s, seps[i]);
    if (!p || p == s || p - s > 40)
      continue;
    char head[48], iso[40];
    memcpy(head, s, (size_t)(p - s));
    head[p - s] = '\0';
    if (af__meta_words(head) <= 5 && af__date_parse(head, iso, sizeof(iso)))
      return p + strlen(seps[i]);
  }
  /* No separator, the day and the name in elements side by side ("Dec
   * 17, 2025 Kim Lee"): the longest opening of five words at most that
   * starts and ends like a date and reads as one, then a capitalised
   * word. */
  if (!date_first_word(s))
    return NULL;
  const char *best = NULL;
  const char *p = s;
  for (int w = 0; w < 5 && *p; w++) {
    while (*p && *p != ' ')
      p++;
    if (p > s && (size_t)(p - s) < 40 && isdigit((unsigned char)p[-1])) {
      char head[48], iso[40];
      memcpy(head, s, (size_t)(p - s));
      head[p - s] = '\0';
      if (af__date_parse(head, iso, sizeof(iso)))
        best = p;
    }
    while (*p == ' ')
      p++;
  }
  while (best && *best == ' ')
    best++;
  /* a capitalised word, not a zone or an hour's "GMT", "PM" */
  return best && isupper((unsigned char)best[0]) &&
                 islower((unsigned char)best[1])
             ? best
             : NULL;
}

/* A byline element in a list of other posts ("Related", "More from",
 * cards): it sits in a box with two or more like boxes beside it (same
 * tag and class), each holding a byline element of its own.  Their
 * authors are theirs. */
static int in_byline_list(const af__xdoc *d, uint32_t i) {
  uint32_t a = i;
  for (int up = 0; up < 8 && a != AF_XNONE; up++, a = d->n[a].parent) {
    uint32_t p = d->n[a].parent;
    if (p == AF_XNONE)
      break;
    const char *ca = af__attr(d->n[a].node, "class");
    uint32_t seen = AF_XNONE;
    int like = 0;
    for (size_t k = 0; k < d->n_byl && like < 2; k++) {
      uint32_t b = d->byl[k];
      for (int u = 0; u < 12 && b != AF_XNONE && d->n[b].parent != p; u++)
        b = d->n[b].parent;
      if (b == AF_XNONE || b == a || b == seen || d->n[b].tag != d->n[a].tag)
        continue;
      const char *cb = af__attr(d->n[b].node, "class");
      if (ca && cb ? strcmp(ca, cb) : ca != cb)
        continue;
      seen = b;
      like++;
    }
    if (like >= 2)
      return 1;
  }
  return 0;
}

/* A date written into the byline line is kept aside: a <time> or a date
 * element elsewhere in the header is more precise. */
static void take_byline(af__xdoc *d, af__meta *m, const af__xn *x, int by,
                        char **bydate) {
  char *s = af__date_text(d, x->node, 400);
  if (!s)
    return;
  /* each element apart ("By<a>Kim</a>"), but no space before a comma
   * that sits in an element of its own */
  char *w = s;
  for (const char *r = s; *r; r++)
    if (!(*r == ' ' && (r[1] == ',' || r[1] == ';')))
      *w++ = *r;
  *w = '\0';
  const char *names = s;
  if (!by) {
    const char *ad = after_date(s);
    names = after_by_word(ad ? ad : s);
  }
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
  if (!af__byline_plausible(m->byline) || !name_cased(m->byline)) {
    free(m->byline);
    m->byline = NULL;
  }
  af__tags_set_date(bydate, s);
  free(s);
}

/* The value after a label element: the text that follows it in the
 * same line ("<strong>Contributors:</strong> Ann Roe"), else the next
 * element ("<h6>Author</h6><p>Ann Roe</p>"). */
static char *label_value(af__xdoc *d, const xmlNode *label) {
  const xmlNode *n = label->next;
  while (n && blank_node(n))
    n = n->next;
  if (n && n->type == XML_TEXT_NODE)
    return af__xdup((const char *)n->content);
  while (n && n->type != XML_ELEMENT_NODE)
    n = n->next;
  return n ? af__node_text(d, n, 120) : NULL;
}

/* "Written by" or "Contributors:" alone in an element, the name after it
 * (a label and its value).  The longest lead with its colon is 13
 * characters. */
static void label_byline(af__xdoc *d, af__meta *m, size_t from, size_t to,
                         unsigned bad, int anywhere) {
  for (size_t i = from; i < to && !m->byline; i++) {
    af__xn *x = &d->n[i];
    if (x->text < 2 || x->text > 16 || (x->flags & bad) ||
        (!anywhere && !af__in_region(d, (uint32_t)i)))
      continue;
    char *s = af__node_text(d, x->node, 40);
    const char *r = s ? byline_names(s) : NULL;
    int label = r && !*r;
    free(s);
    if (!label)
      continue;
    char *v = label_value(d, x->node);
    if (v && (isupper((unsigned char)*v) || (unsigned char)*v >= 0xC3)) {
      m->byline = af__clean_byline(v);
      if (!af__byline_plausible(m->byline)) {
        free(m->byline);
        m->byline = NULL;
      }
    }
    free(v);
  }
}

static int person_like(const char *s);
static int common_words(af__xdoc *d, const char *n);

/* The line under the headline that gives the day and then a person's
 * name with no "By" and no author markup ("Dec 26, 2025 \xE2\x80\xA2 Kim
 * Lee in Roads", "2025-12-17 \xC2\xB7 Kim Lee"): a line of the article's
 * header that opens with its date names its author after it.  Only two
 * or three capitalised words the article does not use as common words
 * count as a name ("Road Safety Week" is a section); the line's other
 * words ("in Roads", "5 min read") are cut as in any byline. */
static char *dated_name_line(af__xdoc *d, uint32_t h, size_t to) {
  for (size_t i = h + 1; i < to; i++) {
    const af__xn *x = &d->n[i];
    if (x->text < 12 || x->text > 100 || (x->flags & F_INVIS) ||
        af__in_comments(d, (uint32_t)i))
      continue;
    char *s = af__date_text(d, x->node, 200);
    const char *ad = s ? after_date(s) : NULL;
    char *name = ad ? af__clean_byline(ad) : NULL;
    free(s);
    if (name && person_like(name) && name_cased(name) &&
        !common_words(d, name))
      return name;
    free(name);
  }
  return NULL;
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
          (pass || af__in_region(d, d->byl[i])) &&
          !in_byline_list(d, d->byl[i]))
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
    if (!m->byline)
      m->byline = dated_name_line(d, h, to);
  }
  af__pub_printed(d, m, bydate);
}

/* The byline line printed under the headline: a line that opens with a
 * byline word ("By Kim Lee") among the elements after the headline and
 * before the article's first long paragraph, or NULL. */
static char *header_byline(af__xdoc *d, af__meta *m) {
  uint32_t h = af__headline_of(d, m);
  if (h == AF_XNONE)
    return NULL;
  size_t to = h + 40 < d->nn ? h + 40 : d->nn;
  af__meta tmp;
  memset(&tmp, 0, sizeof(tmp));
  char *date = NULL;
  for (size_t i = h + 1; i < to && !tmp.byline; i++) {
    if (d->n[i].tag == T_P && d->n[i].own >= 80)
      break;
    if (by_line(d, &d->n[i], F_INVIS) && !af__in_comments(d, (uint32_t)i))
      take_byline(d, &tmp, &d->n[i], 1, &date);
  }
  free(date);
  return tmp.byline;
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
  if (!n || n > 40 || af__meta_words(o) > 4 || !af__byline_plausible(o)) {
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

/* A login or a template key rather than a printed name: one word joined
 * by dots or underscores ("jane.roe", "page.head.author", "jroe_2").
 * Declared so, it waits until the page has shown no name. */
static int account_name(const char *s) {
  if (strchr(s, ' '))
    return 0;
  for (const char *p = s + 1; *p && p[1]; p++)
    if ((*p == '.' || *p == '_') && isalnum((unsigned char)p[-1]) &&
        isalnum((unsigned char)p[1]))
      return 1;
  return 0;
}

/* The author: JSON-LD's unless it is a link or the site's own name, then
 * the author <meta> keys, then the visible byline lines, and last the
 * site's name, the owner named in <title> or the copyright holder.  An
 * author the publisher declared that is the site's own name waits until
 * the page has shown no person: on a personal blog or a company page
 * without bylines the site is the author. */
void af__byline_choose(af__xdoc *d, af__meta *m, const af__tiers *t) {
  char *site_author = NULL, *account = NULL;
  if (m->byline && strstr(m->byline, "://")) {
    free(m->byline);
    m->byline = NULL;
  } else if (m->byline && account_name(m->byline)) {
    account = m->byline;
    m->byline = NULL;
  } else if (m->byline && m->site && af__same_site(m->byline, m->site)) {
    site_author = m->byline;
    m->byline = NULL;
  }
  if (!m->byline) {
    const char *a = t->author;
    if (a && m->site && af__same_site(a, m->site)) {
      if (!site_author)
        site_author = af__xdup(a);
      a = NULL;
    }
    if (!a)
      a = t->cite_author ? t->cite_author : t->dc_author;
    if (a && account_name(a)) {
      if (!account)
        account = af__xdup(a);
      a = NULL;
    }
    if (a)
      m->byline = strdup(a);
  }
  /* The name the page prints under the headline against the author the
   * metadata declares: when they share no word and the printed one reads
   * as a person's name, the metadata holds the account that posted the
   * page (an editor, a login), the line the writer. */
  if (m->byline) {
    char *hb = header_byline(d, m);
    if (hb && person_like(hb) && af__word_overlap(hb, m->byline) == 0.0 &&
        af__word_overlap(m->byline, hb) == 0.0) {
      free(m->byline);
      m->byline = hb;
      hb = NULL;
    }
    free(hb);
  }
  visible(d, m);
  if (!m->byline) {
    m->byline = account;
    account = NULL;
  }
  if (!m->byline) {
    m->byline = site_author;
    site_author = NULL;
  }
  if (!m->byline)
    m->byline = site_owner(d);
  if (!m->byline)
    m->byline = copyright_owner(d);
  free(site_author);
  free(account);
}
