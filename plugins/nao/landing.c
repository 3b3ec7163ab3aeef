/* NAO report landing pages and listings (see landing.h). */
#include "landing.h"
#include "match.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/uri.h>

#include <auditfeed/record.h>

#define MAX_BLOCKS 400

static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};

char *landing_date(const char *s) {
  int y, m, d;
  char mon[32];
  char *out;
  if (!s)
    return NULL;
  while (*s && isspace((unsigned char)*s))
    s++;
  if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 && m <= 12 && d >= 1 &&
      d <= 31)
    goto ok;
  /* "14 March 2024", "Thu, 14 Mar 2024 00:01:00 +0000", "Date: 14 March 2024" */
  for (const char *p = s; *p; p++) {
    if (!isdigit((unsigned char)*p) || (p > s && isdigit((unsigned char)p[-1])))
      continue;
    if (sscanf(p, "%2d %31[A-Za-z] %4d", &d, mon, &y) == 3 && y > 1900 && d >= 1 &&
        d <= 31) {
      for (m = 1; m <= 12; m++)
        if (strlen(mon) >= 3 && !strncasecmp(mon, months[m - 1], 3))
          goto ok;
    }
  }
  return NULL;
ok:
  out = malloc(11);
  if (out)
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
  return out;
}

int landing_is_report_url(const char *url) {
  const char *p = strstr(url, "://");
  p = p ? strchr(p + 3, '/') : url;
  if (!p)
    return 0;
  const char *slug;
  if (!strncmp(p, "/reports/", 9))
    slug = p + 9;
  else if (!strncmp(p, "/report/", 8))
    slug = p + 8;
  else
    return 0;
  size_t n = strcspn(slug, "/?#");
  if (n == 0)
    return 0;
  return slug[n] != '/' || slug[n + 1] == '\0' || slug[n + 1] == '?' ||
         slug[n + 1] == '#';
}

static char *squeeze(const char *s) {
  size_t n = strlen(s), o = 0;
  char *out = malloc(n + 1);
  int sp = 0;
  if (!out)
    return NULL;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' ||
        (c == 0xC2 && (unsigned char)s[i + 1] == 0xA0)) {
      if (c == 0xC2)
        i++;
      sp = o > 0;
      continue;
    }
    if (sp)
      out[o++] = ' ';
    sp = 0;
    out[o++] = (char)c;
  }
  out[o] = '\0';
  return out;
}

static char *node_text(xmlNode *n) {
  xmlChar *c = xmlNodeGetContent(n);
  char *t = c ? squeeze((const char *)c) : NULL;
  xmlFree(c);
  return t;
}

static int name_is(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, name);
}

static char *prop(xmlNode *n, const char *name) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  char *out = v ? strdup((const char *)v) : NULL;
  xmlFree(v);
  return out;
}

static int attr_has(xmlNode *n, const char *attr, const char *word) {
  char *v = prop(n, attr);
  int has = v && strcasestr(v, word);
  free(v);
  return has;
}

static char *resolve(const char *base, const char *href) {
  xmlChar *u = xmlBuildURI((const xmlChar *)href, (const xmlChar *)base);
  char *out = u ? strdup((const char *)u) : NULL;
  xmlFree(u);
  return out;
}

/* Parts of a page that are not the report's own text. */
static int chrome(xmlNode *n) {
  static const char *const tags[] = {"nav", "footer", "script", "style", "form",
                                     "noscript", "aside", "button", NULL};
  static const char *const marks[] = {"meta", "download", "share", "breadcrumb",
                                      "cookie", "site-header", NULL};
  for (int i = 0; tags[i]; i++)
    if (name_is(n, tags[i]))
      return 1;
  for (int i = 0; marks[i]; i++)
    if (attr_has(n, "class", marks[i]) || attr_has(n, "id", marks[i]))
      return 1;
  return 0;
}

static int add_body(nao_landing *l, const char *name) {
  for (size_t i = 0; i < l->n_bodies; i++)
    if (!strcasecmp(l->bodies[i], name))
      return 0;
  char **nb = realloc(l->bodies, (l->n_bodies + 1) * sizeof(char *));
  if (!nb)
    return -1;
  l->bodies = nb;
  if (!(nb[l->n_bodies] = strdup(name)))
    return -1;
  l->n_bodies++;
  return 0;
}

static int add_block(nao_landing *l, char *text, int kind, int level) {
  if (!text || !*text || l->n_blocks >= MAX_BLOCKS) {
    free(text);
    return 0;
  }
  nao_text *nb = realloc(l->blocks, (l->n_blocks + 1) * sizeof(*nb));
  if (!nb) {
    free(text);
    return -1;
  }
  l->blocks = nb;
  nb[l->n_blocks++] = (nao_text){text, kind, level};
  return 0;
}

typedef struct walk {
  nao_landing *l;
  const char *url;
  int after_h1; /* the report's own text starts after its title */
  xmlNode *h1;
} walk;

/* A paragraph that is only a link ("Jump to downloads") is navigation. */
static int link_only(xmlNode *n) {
  int links = 0;
  for (xmlNode *c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE) {
      for (const xmlChar *t = c->content; t && *t; t++)
        if (!isspace(*t))
          return 0;
    } else if (name_is(c, "a")) {
      links++;
    } else if (c->type == XML_ELEMENT_NODE) {
      return 0;
    }
  }
  return links > 0;
}

static void links(walk *w, xmlNode *n) {
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    if (name_is(n, "a")) {
      char *href = prop(n, "href");
      char *abs = href ? resolve(w->url, href) : NULL;
      char *text = node_text(n);
      if (abs && text) {
        size_t pl = strcspn(abs, "?#");
        int pdf = pl > 4 && !strncasecmp(abs + pl - 4, ".pdf", 4);
        if (pdf) {
          int summary = strcasestr(text, "summary") ||
                        (strcasestr(abs, "summary") != NULL);
          char **slot = summary ? &w->l->summary_pdf_url : &w->l->pdf_url;
          if (!*slot) {
            *slot = abs;
            abs = NULL;
          }
        } else if (strstr(abs, "/report-type/") && !w->l->report_type && *text) {
          w->l->report_type = strdup(text);
        } else if (strstr(abs, "/department/") && *text) {
          add_body(w->l, text);
        }
      }
      free(href);
      free(abs);
      free(text);
    }
    links(w, n->children);
  }
}

static void content(walk *w, xmlNode *n) {
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    if (n == w->h1) {
      w->after_h1 = 1;
      continue;
    }
    if (chrome(n))
      continue;
    int level = 0;
    if (n->name[0] == 'h' && n->name[1] >= '2' && n->name[1] <= '4' && !n->name[2])
      level = n->name[1] - '0';
    if (w->after_h1 && (level || name_is(n, "p") || name_is(n, "li"))) {
      if (name_is(n, "p") && link_only(n))
        continue;
      int kind = level ? AF_PARA_HEADING : name_is(n, "li") ? AF_PARA_ITEM : AF_PARA_TEXT;
      char *t = node_text(n);
      if (t && kind == AF_PARA_TEXT && !w->l->summary && strlen(t) > 40)
        w->l->summary = strdup(t);
      add_block(w->l, t, kind, level);
      continue;
    }
    content(w, n->children);
  }
}

static xmlNode *find(xmlNode *n, const char *name) {
  for (; n; n = n->next) {
    if (name_is(n, name))
      return n;
    xmlNode *f = find(n->children, name);
    if (f)
      return f;
  }
  return NULL;
}

static void head(nao_landing *l, xmlNode *n, const char *url) {
  for (; n; n = n->next) {
    if (name_is(n, "link") && attr_has(n, "rel", "canonical") && !l->canonical) {
      char *href = prop(n, "href");
      if (href)
        l->canonical = resolve(url, href);
      free(href);
    }
    if (name_is(n, "time") && !l->published) {
      char *dt = prop(n, "datetime");
      l->published = landing_date(dt);
      free(dt);
    }
    if (name_is(n, "meta") && !l->published &&
        attr_has(n, "property", "article:published_time")) {
      char *c = prop(n, "content");
      l->published = landing_date(c);
      free(c);
    }
    head(l, n->children, url);
  }
}

/* Strips " - National Audit Office ..." / " | National Audit Office ..." */
static char *clean_title(const char *t) {
  char *c = strdup(t);
  if (!c)
    return NULL;
  char *cut = strstr(c, " - National Audit Office");
  if (!cut)
    cut = strstr(c, " | National Audit Office");
  if (cut)
    *cut = '\0';
  return c;
}

static void labelled(nao_landing *l, const char *all) {
  char *v;
  if (!l->hc && (v = nao_match(all, "(^|[^A-Za-z])HC ?([0-9]{1,4})([^0-9]|$)", 2))) {
    l->hc = malloc(strlen(v) + 4);
    if (l->hc)
      sprintf(l->hc, "HC %s", v);
    free(v);
  }
  if (!l->session)
    l->session = nao_match(all, "session:? ?([0-9]{4}-[0-9]{2,4})", 1);
  if (!l->published &&
      (v = nao_match(all, "(publication date|published|date):? ?([0-9]{1,2} [A-Za-z]+ [0-9]{4})",
                 2))) {
    l->published = landing_date(v);
    free(v);
  }
  if (!l->report_type)
    l->report_type = nao_match(all, "report type: ?([A-Za-z][A-Za-z ]{2,60}[a-z])", 1);
  if (!l->n_bodies && (v = nao_match(all, "departments?(\\(s\\))?: ?([^\n]{3,300})", 2))) {
    /* a plain list: "Ministry of Justice, HM Prison and Probation Service" */
    char *save = NULL;
    for (char *tok = strtok_r(v, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
      while (*tok == ' ')
        tok++;
      size_t n = strlen(tok);
      while (n && tok[n - 1] == ' ')
        tok[--n] = '\0';
      if (n)
        add_body(l, tok);
    }
    free(v);
  }
}

/* Text of the page with one line per block element, for the labels. */
static void lines(xmlNode *n, char **buf, size_t *len, size_t *cap) {
  for (; n; n = n->next) {
    if (n->type == XML_TEXT_NODE && n->content) {
      size_t tl = strlen((const char *)n->content);
      if (*len + tl + 2 > *cap) {
        size_t nc = (*cap + tl + 2) * 2;
        char *nb = realloc(*buf, nc);
        if (!nb)
          return;
        *buf = nb;
        *cap = nc;
      }
      for (size_t i = 0; i < tl; i++) {
        char c = (char)n->content[i];
        (*buf)[(*len)++] = (c == '\n' || c == '\t' || c == '\r') ? ' ' : c;
      }
      (*buf)[*len] = '\0';
    } else if (n->type == XML_ELEMENT_NODE && !name_is(n, "script") &&
               !name_is(n, "style")) {
      lines(n->children, buf, len, cap);
      if ((name_is(n, "p") || name_is(n, "li") || name_is(n, "div") ||
           name_is(n, "h1") || name_is(n, "h2") || name_is(n, "h3") ||
           name_is(n, "br") || name_is(n, "tr")) && *len + 2 <= *cap && *buf) {
        (*buf)[(*len)++] = '\n';
        (*buf)[*len] = '\0';
      }
    }
  }
}

int landing_parse(const char *html, size_t len, const char *url,
                  nao_landing *out, char *err, size_t errlen) {
  memset(out, 0, sizeof(*out));
  if (len > (size_t)1 << 30) {
    snprintf(err, errlen, "page too large");
    return -1;
  }
  htmlDocPtr doc = htmlReadMemory(html, (int)len, url, "UTF-8",
                                  HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                      HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
  if (!root) {
    snprintf(err, errlen, "not an HTML page");
    if (doc)
      xmlFreeDoc(doc);
    return -1;
  }
  head(out, root, url);
  xmlNode *main = find(root, "main");
  if (!main)
    main = find(root, "article");
  if (!main)
    main = root;
  walk w = {.l = out, .url = url, .h1 = find(main, "h1")};
  if (w.h1) {
    out->title = node_text(w.h1);
  } else {
    xmlNode *t = find(root, "title");
    char *tt = t ? node_text(t) : NULL;
    w.after_h1 = 1;
    if (tt && *tt)
      out->title = clean_title(tt);
    free(tt);
  }
  if (out->title && !*out->title) {
    free(out->title);
    out->title = NULL;
  }
  links(&w, main);
  content(&w, main);
  char *all = NULL;
  size_t n = 0, cap = 0;
  lines(main, &all, &n, &cap);
  if (all)
    labelled(out, all);
  free(all);
  xmlFreeDoc(doc);
  return 0;
}

void landing_free(nao_landing *l) {
  free(l->title);
  free(l->canonical);
  free(l->published);
  free(l->report_type);
  free(l->hc);
  free(l->session);
  free(l->summary);
  free(l->pdf_url);
  free(l->summary_pdf_url);
  for (size_t i = 0; i < l->n_bodies; i++)
    free(l->bodies[i]);
  free(l->bodies);
  for (size_t i = 0; i < l->n_blocks; i++)
    free(l->blocks[i].text);
  free(l->blocks);
  memset(l, 0, sizeof(*l));
}

static void listing_walk(xmlNode *n, const char *url, char ***urls, char ***dates,
                         size_t *cnt, char **pending_date) {
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    if (chrome(n) && !attr_has(n, "class", "card"))
      continue;
    if (name_is(n, "article") || name_is(n, "li")) {
      /* a card: its link and its own <time> */
      char *before = *pending_date;
      *pending_date = NULL;
      xmlNode *t = find(n->children, "time");
      if (t) {
        char *dt = prop(t, "datetime");
        *pending_date = landing_date(dt);
        free(dt);
      }
      listing_walk(n->children, url, urls, dates, cnt, pending_date);
      free(*pending_date);
      *pending_date = before;
      continue;
    }
    if (name_is(n, "a")) {
      char *href = prop(n, "href");
      char *abs = href ? resolve(url, href) : NULL;
      free(href);
      int dup = 0;
      for (size_t i = 0; abs && i < *cnt; i++)
        dup |= !strcmp((*urls)[i], abs);
      if (abs && !dup && landing_is_report_url(abs)) {
        char **nu = realloc(*urls, (*cnt + 1) * sizeof(char *));
        if (nu)
          *urls = nu;
        char **nd = nu ? realloc(*dates, (*cnt + 1) * sizeof(char *)) : NULL;
        if (nd) {
          *dates = nd;
          nu[*cnt] = abs;
          nd[*cnt] = *pending_date ? strdup(*pending_date) : NULL;
          (*cnt)++;
          abs = NULL;
        }
      }
      free(abs);
      continue;
    }
    listing_walk(n->children, url, urls, dates, cnt, pending_date);
  }
}

size_t landing_listing(const char *html, size_t len, const char *url,
                       char ***urls, char ***dates) {
  size_t cnt = 0;
  char *pending = NULL;
  *urls = NULL;
  *dates = NULL;
  if (len > (size_t)1 << 30)
    return 0;
  htmlDocPtr doc = htmlReadMemory(html, (int)len, url, "UTF-8",
                                  HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                      HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  if (!doc)
    return 0;
  listing_walk(xmlDocGetRootElement(doc), url, urls, dates, &cnt, &pending);
  free(pending);
  xmlFreeDoc(doc);
  return cnt;
}
