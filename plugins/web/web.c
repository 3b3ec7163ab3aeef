/* web source: fetch listed pages and the pages of sitemaps (sitemap
 * indexes followed, gzip sitemaps inflated, lastmod checked against
 * `since`), and emit each page as a document.
 *
 *   [source nao-site]
 *   plugin = web
 *   sitemap = https://www.nao.org.uk/sitemap_index.xml
 *   include = re:^https://www[.]nao[.]org[.]uk/reports/
 *   since = 2160h
 */
#include <auditfeed/plugin.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crawl.h"

#define WEB_VERSION "1.0.0"
#define WEB_MAX_DEPTH 3     /* index -> index -> urlset is already unusual */
#define WEB_MAX_SITEMAPS 1000

AF_PLUGIN_HOST;

typedef struct web_ctx {
  crawl cr; /* first: fetch callbacks receive ctx as the crawl */
  af_strlist urls, sitemaps;
  char **maps_seen; /* sitemap URLs already requested (loops) */
  size_t n_maps;
} web_ctx;

typedef struct map_req {
  char *url;
  int depth;
} map_req;

static const af_opt web_opts[] = {
    {"url", AF_OPT_LIST, 0, NULL, offsetof(web_ctx, urls),
     "page URL to fetch as an article; repeat for several"},
    {"sitemap", AF_OPT_LIST, 0, NULL, offsetof(web_ctx, sitemaps),
     "sitemap or sitemap index URL (.xml or .xml.gz); repeat for several"},
    {"max_items", AF_OPT_INT, 0, "0", offsetof(web_ctx, cr.max_items),
     "pages to fetch per run (0: no limit)"},
    {"since", AF_OPT_MSEC, 0, "0", offsetof(web_ctx, cr.since_ms),
     "skip sitemap entries whose lastmod is older than this, e.g. 720h"},
    CRAWL_FILTER_OPTS(web_ctx, "page"),
    {"comments", AF_OPT_BOOL, 0, "false", offsetof(web_ctx, cr.comments),
     "keep each page's reader comments, after the article, as paragraphs of kind comment (no findings come from them)"},
    {NULL, 0, 0, NULL, 0, NULL}};

static void on_sitemap(af_inst *inst, void *ctxp, const af_response *res,
                       void *ud);

/* Requests one sitemap unless it was requested before. */
static void fetch_map(web_ctx *c, const char *url, int depth) {
  af_fetch_opts o = {.size = sizeof(o), .conditional = c->cr.conditional,
                     .accept = "application/xml,text/xml;q=0.9,*/*;q=0.5"};
  map_req *m;
  char **nv;
  int rc;
  for (size_t i = 0; i < c->n_maps; i++)
    if (!strcmp(c->maps_seen[i], url))
      return;
  if (c->n_maps >= WEB_MAX_SITEMAPS || depth > WEB_MAX_DEPTH) {
    af->log(c->cr.inst, AF_LOG_WARN, "sitemap_skipped",
            "url=\"%s\" reason=\"more than %d sitemaps or %d levels\"", url,
            WEB_MAX_SITEMAPS, WEB_MAX_DEPTH);
    return;
  }
  nv = realloc(c->maps_seen, (c->n_maps + 1) * sizeof(*nv));
  m = calloc(1, sizeof(*m));
  if (nv)
    c->maps_seen = nv;
  if (!nv || !m || !(nv[c->n_maps] = strdup(url)) || !(m->url = strdup(url))) {
    if (m)
      free(m->url);
    free(m);
    c->cr.failed++;
    return;
  }
  c->n_maps++;
  m->depth = depth;
  crawl_listing_started(&c->cr);
  rc = af->fetch(c->cr.inst, url, &o, on_sitemap, m);
  if (rc) {
    af->log(c->cr.inst, AF_LOG_ERROR, "sitemap_failed", "url=\"%s\" error=\"%s\"",
            url, af->strerror(rc));
    free(m->url);
    free(m);
    c->cr.listings--;
    c->cr.failed++;
  }
}

static void on_sitemap(af_inst *inst, void *ctxp, const af_response *res,
                       void *ud) {
  web_ctx *c = ctxp;
  map_req *m = ud;
  af_feed *map = NULL;
  char err[512];
  int failed = 0;

  if (res->err) {
    if (!(res->err == AF_ECANCELED && c->cr.stopping)) {
      af->log(inst, AF_LOG_ERROR, "sitemap_failed",
              "url=\"%s\" attempts=%d error=\"%s\"", m->url, res->attempts,
              res->errmsg ? res->errmsg : af->strerror(res->err));
      failed = 1;
    }
  } else if (res->not_modified) {
    af->log(inst, AF_LOG_INFO, "sitemap_unchanged", "url=\"%s\"", m->url);
  } else if (af->feed_parse(res->body, res->len, res->final_url, &map, err,
                            sizeof(err)) != 0) {
    af->log(inst, AF_LOG_ERROR, "sitemap_invalid", "url=\"%s\" error=\"%s\"",
            m->url, err);
    failed = 1;
  } else {
    int idx = !strcmp(map->format, "sitemapindex"), n = 0;
    int allow_file = !strncasecmp(m->url, "file:", 5);
    for (size_t i = 0; i < map->n_entries; i++) {
      const af_feed_entry *e = map->entries[i];
      const char *date = e->updated ? e->updated : e->published;
      if (idx) {
        if (e->link && !crawl_too_old(&c->cr, date))
          fetch_map(c, e->link, m->depth + 1);
        continue;
      }
      /* a feed given as a sitemap still works: its items are pages too */
      int rc = crawl_offer(&c->cr, e->link, allow_file, date, e->title,
                           e->published, e->author, e->summary);
      if (rc < 0) {
        failed = 1;
        break;
      }
      n += rc;
    }
    af->log(inst, AF_LOG_INFO, "sitemap_read",
            "url=\"%s\" format=%s entries=%zu accepted=%d", m->url, map->format,
            map->n_entries, n);
    af->feed_free(map);
  }
  free(m->url);
  free(m);
  crawl_listing_finished(&c->cr, failed);
}

static int web_create(af_inst *inst, void *ctxp) {
  web_ctx *c = ctxp;
  if (!c->urls.n && !c->sitemaps.n) {
    af->log(inst, AF_LOG_ERROR, "bad_option",
            "msg=\"give at least one url or sitemap\"");
    return AF_ECONFIG;
  }
  return crawl_init(&c->cr, af, inst, "web");
}

static int web_start(af_inst *inst, void *ctxp) {
  web_ctx *c = ctxp;
  (void)inst;
  crawl_start(&c->cr);
  crawl_listing_started(&c->cr); /* hold the run open while we queue */
  for (size_t i = 0; i < c->urls.n; i++)
    if (crawl_offer(&c->cr, c->urls.v[i], !strncasecmp(c->urls.v[i], "file:", 5),
                    NULL, NULL, NULL, NULL, NULL) < 0)
      c->cr.failed++;
  for (size_t i = 0; i < c->sitemaps.n; i++)
    fetch_map(c, c->sitemaps.v[i], 0);
  crawl_listing_finished(&c->cr, 0);
  return 0;
}

static void web_destroy(af_inst *inst, void *ctxp) {
  web_ctx *c = ctxp;
  (void)inst;
  crawl_free(&c->cr);
  for (size_t i = 0; i < c->n_maps; i++)
    free(c->maps_seen[i]);
  free(c->maps_seen);
  c->maps_seen = NULL;
  c->n_maps = 0;
}

static const af_plugin web_plugin = {
    AF_PLUGIN_INIT("web", WEB_VERSION,
                   "fetch listed pages and the pages of sitemaps",
                   AF_KIND_SOURCE),
    .opts = web_opts,
    .ctx_size = sizeof(web_ctx),
    .create = web_create,
    .start = web_start,
    .stop = crawl_stop,
    .destroy = web_destroy,
    .resume = crawl_resume,
    .deliver = crawl_deliver,
};

AF_PLUGIN(web_plugin)
