/* schema.org JSON-LD.  Publishers describe the article for search engines
 * here, so when present it is the most reliable metadata on the page.  The
 * blocks are parsed with jansson; we only look at article-like objects,
 * reached directly, through arrays, or through @graph. */
#include "xint.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* How article-like a schema.org type is: 3 article, 2 report/blog, 1 page. */
static int type_rank(const char *t) {
  static const char *const art[] = {
      "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
      "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle",
      "LiveBlogPosting", "ScholarlyArticle", "TechArticle", "Report",
      "BlogPosting", "SatiricalArticle", "AdvertiserContentArticle"};
  if (!t)
    return 0;
  if (!strncmp(t, "http://schema.org/", 18))
    t += 18;
  else if (!strncmp(t, "https://schema.org/", 19))
    t += 19;
  for (size_t i = 0; i < sizeof(art) / sizeof(art[0]); i++)
    if (!strcmp(t, art[i]))
      return i < 11 ? 3 : 2;
  if (!strcmp(t, "WebPage") || !strcmp(t, "ItemPage"))
    return 1;
  return 0;
}

static int obj_rank(json_t *o, const char **kind) {
  json_t *t = json_object_get(o, "@type");
  int best = 0;
  const char *bt = NULL;
  if (json_is_string(t)) {
    bt = json_string_value(t);
    best = type_rank(bt);
  } else if (json_is_array(t)) {
    size_t i;
    json_t *v;
    json_array_foreach(t, i, v) {
      int r = type_rank(json_string_value(v));
      if (r > best) {
        best = r;
        bt = json_string_value(v);
      }
    }
  }
  if (kind)
    *kind = bt;
  return best;
}

static const char *str_of(json_t *v) {
  if (json_is_string(v))
    return json_string_value(v);
  if (json_is_array(v) && json_array_size(v))
    return str_of(json_array_get(v, 0));
  if (json_is_object(v)) {
    const char *s = json_string_value(json_object_get(v, "name"));
    if (!s)
      s = json_string_value(json_object_get(v, "@value"));
    return s;
  }
  return NULL;
}

static void set_once(char **dst, const char *v) {
  if (*dst || !v || !*v)
    return;
  *dst = strdup(v);
}

/* "A", "A and B", "A, B and C"; skips URLs and repeats. */
static char *authors(json_t *a) {
  const char *names[8];
  size_t n = 0;
  json_t *one[1] = {a};
  size_t cnt = json_is_array(a) ? json_array_size(a) : 1;
  for (size_t i = 0; i < cnt && n < 8; i++) {
    json_t *v = json_is_array(a) ? json_array_get(a, i) : one[0];
    const char *s = str_of(v);
    if (!s || !*s || !strncmp(s, "http", 4))
      continue;
    int dup = 0;
    for (size_t k = 0; k < n; k++)
      dup |= !strcmp(names[k], s);
    if (!dup)
      names[n++] = s;
  }
  if (!n)
    return NULL;
  size_t len = 1;
  for (size_t i = 0; i < n; i++)
    len += strlen(names[i]) + 5;
  char *o = malloc(len);
  if (!o)
    return NULL;
  o[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    if (i)
      strcat(o, i == n - 1 ? " and " : ", ");
    strcat(o, names[i]);
  }
  return o;
}

static void take(json_t *o, af__meta *m) {
  const char *kind = NULL;
  int rank = obj_rank(o, &kind);
  set_once(&m->title, str_of(json_object_get(o, "headline")));
  if (!m->byline) {
    json_t *a = json_object_get(o, "author");
    if (!a)
      a = json_object_get(o, "creator");
    if (a)
      m->byline = authors(a);
  }
  const char *dp = str_of(json_object_get(o, "datePublished"));
  if (!dp)
    dp = str_of(json_object_get(o, "dateCreated"));
  if (dp && !m->published) {
    char iso[40];
    if (af__date_parse(dp, iso, sizeof(iso)))
      m->published = strdup(iso);
  }
  set_once(&m->publisher, str_of(json_object_get(o, "publisher")));
  set_once(&m->description, str_of(json_object_get(o, "description")));
  set_once(&m->language, str_of(json_object_get(o, "inLanguage")));
  set_once(&m->body, str_of(json_object_get(o, "articleBody")));
  if (kind && rank >= 2 && !m->doc_kind)
    m->doc_kind = strdup(!strcmp(kind, "Report") ? "report" : "news");
}

/* Collect candidate objects (bounded: JSON-LD nests shallowly). */
static void gather(json_t *v, json_t **out, size_t *n, size_t cap, int depth) {
  if (depth > 4 || *n >= cap)
    return;
  if (json_is_array(v)) {
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) gather(e, out, n, cap, depth + 1);
    return;
  }
  if (!json_is_object(v))
    return;
  json_t *g = json_object_get(v, "@graph");
  if (g)
    gather(g, out, n, cap, depth + 1);
  if (obj_rank(v, NULL) && *n < cap)
    out[(*n)++] = v;
  json_t *me = json_object_get(v, "mainEntity");
  if (json_is_object(me))
    gather(me, out, n, cap, depth + 1);
}

static json_t *load(const char *s) {
  size_t n = strlen(s);
  /* Pages wrap blocks in comment or CDATA markers. */
  while (n && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')) {
    s++;
    n--;
  }
  if (n >= 4 && !strncmp(s, "<!--", 4)) {
    s += 4;
    n -= 4;
  }
  json_error_t jerr;
  return json_loadb(s, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
}

#define MAX_OBJS 64

int af__jsonld(const char *const *src, size_t nsrc, const char *page_title,
              af__meta *m) {
  json_t *roots[16];
  size_t nr = 0;
  json_t *objs[MAX_OBJS];
  size_t no = 0;
  for (size_t i = 0; i < nsrc && nr < 16; i++) {
    json_t *r = load(src[i]);
    if (!r)
      continue;
    roots[nr++] = r;
    gather(r, objs, &no, MAX_OBJS, 0);
  }
  /* Order by rank, then by how well the headline matches the page title;
   * a stable insertion sort keeps document order among equals. */
  double fit[MAX_OBJS];
  int rank[MAX_OBJS];
  for (size_t i = 0; i < no; i++) {
    rank[i] = obj_rank(objs[i], NULL);
    const char *h = str_of(json_object_get(objs[i], "headline"));
    fit[i] = (h && page_title) ? af__word_overlap(h, page_title) : 0.0;
  }
  for (size_t i = 1; i < no; i++) {
    json_t *o = objs[i];
    double f = fit[i];
    int r = rank[i];
    size_t j = i;
    while (j > 0 && (rank[j - 1] < r || (rank[j - 1] == r && fit[j - 1] < f))) {
      objs[j] = objs[j - 1];
      fit[j] = fit[j - 1];
      rank[j] = rank[j - 1];
      j--;
    }
    objs[j] = o;
    fit[j] = f;
    rank[j] = r;
  }
  for (size_t i = 0; i < no; i++)
    take(objs[i], m);
  for (size_t i = 0; i < nr; i++)
    json_decref(roots[i]);
  return (int)no;
}
