/* Metadata candidates from <meta> tags: each tier of keys (OpenGraph and
 * article:*, Dublin Core and citation_*, a site's own keys) is kept apart
 * so that the title, date and byline choices can weigh them against each
 * other and against the page's visible markup. */
#include "meta.h"

#include <ctype.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

void af__tags_set_date(char **dst, const char *v) {
  char iso[40];
  if (!*dst && v && af__date_parse(v, iso, sizeof(iso)))
    *dst = strdup(iso);
}

/* A numeric date whose day and month could be either way round
 * ("03-09-2026", "9.3.2026"): read day-first, it may be a US page's 9
 * March.  An ISO date (year first) is never unsure.  Returns the
 * separator ('/', '.', '-'), or 0 when the date is not unsure. */
static int day_month_unsure(const char *v) {
  int f[2] = {0, 0};
  char sep = 0;
  while (*v == ' ')
    v++;
  for (int k = 0; k < 2; k++) {
    int n = 0;
    while (isdigit((unsigned char)*v) && n < 3) {
      f[k] = f[k] * 10 + (*v++ - '0');
      n++;
    }
    if (!n || n > 2 || (*v != '/' && *v != '.' && *v != '-') ||
        (sep && *v != sep))
      return 0;
    sep = *v++;
  }
  return isdigit((unsigned char)v[0]) && isdigit((unsigned char)v[1]) &&
                 f[0] >= 1 && f[0] <= 12 && f[1] >= 1 && f[1] <= 12 &&
                 f[0] != f[1]
             ? sep
             : 0;
}

/* af__tags_set_date, noting in *unsure whether the date it took could be
 * read with day and month the other way round. */
static void tier_date(char **dst, unsigned char *unsure, const char *v) {
  if (*dst)
    return;
  af__tags_set_date(dst, v);
  *unsure = *dst ? (unsigned char)day_month_unsure(v) : 0;
}

/* A date read day-first from "4/7/2025" read again month-first. */
static void month_first(char *iso, unsigned char unsure) {
  if (!iso || unsure != '/' || strlen(iso) < 10)
    return;
  char m0 = iso[5], m1 = iso[6];
  iso[5] = iso[8];
  iso[6] = iso[9];
  iso[8] = m0;
  iso[9] = m1;
}

void af__tags_month_first(af__tiers *t) {
  month_first(t->og_date, t->og_unsure);
  month_first(t->dc_date, t->dc_unsure);
  month_first(t->other_date, t->other_unsure);
}

/* A published-date key's value v into t->og_date.  A key that names
 * publication outranks a bare "date" key (bare: which may say when the
 * page was built, or hold a stale template's value), whichever comes
 * first in the page. */
static void pub_key_date(af__tiers *t, const char *v, int bare) {
  if (bare || !t->og_bare) {
    if (!t->og_date) {
      tier_date(&t->og_date, &t->og_unsure, v);
      t->og_bare = bare && t->og_date;
    }
    return;
  }
  char *was = t->og_date;
  unsigned char was_unsure = t->og_unsure;
  t->og_date = NULL;
  tier_date(&t->og_date, &t->og_unsure, v);
  if (t->og_date) {
    free(was);
    t->og_bare = 0;
  } else {
    t->og_date = was;
    t->og_unsure = was_unsure;
  }
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

void af__tags_read(af__xdoc *d, af__meta *m, af__tiers *t) {
  static const char *const k_title[] = {"og:title", "twitter:title",
                                        "headline", NULL};
  static const char *const k_dtitle[] = {"dc.title", "dcterms.title",
                                         "citation_title", NULL};
  static const char *const k_date[] = {
      "article:published_time", "og:published_time",
      "og:article:published_time",
      "datepublished", "article.published", "parsely-pub-date",
      "sailthru.date", "pubdate", "publishdate", "publish-date",
      "published_time", "publication_date", "og:pubdate",
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
      pub_key_date(t, v, 0);
      continue;
    }
    if (ip && af__ci_has(ip, "datemodified")) {
      af__tags_set_date(&t->mod_date, v);
      continue;
    }
    if (key_in(k, k_title))
      put(&t->og_title, v);
    else if (key_in(k, k_dtitle))
      put(&t->dc_title, v);
    else if (key_in(k, k_date))
      pub_key_date(t, v, 0);
    else if (!strcasecmp(k, "date"))
      pub_key_date(t, v, 1);
    else if (key_in(k, k_dcdate))
      tier_date(&t->dc_date, &t->dc_unsure, v);
    else if (key_in(k, k_mdate))
      af__tags_set_date(&t->mod_date, v);
    /* Sites name their own keys ("w-published-date", "page-publish-time"):
     * one that says publish and date or time, read as a date, is kin of
     * article:published_time, trusted after every known key. */
    else if (af__ci_has(k, "publish") &&
             (af__ci_has(k, "date") || af__ci_has(k, "time")))
      tier_date(&t->other_date, &t->other_unsure, v);
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

void af__tags_free(af__tiers *t) {
  free(t->og_title);
  free(t->dc_title);
  free(t->og_date);
  free(t->dc_date);
  free(t->author);
  free(t->cite_author);
  free(t->dc_author);
  free(t->mod_date);
  free(t->other_date);
  free(t->og_site);
  free(t->app_name);
  memset(t, 0, sizeof(*t));
}
