/* feed source: read RSS/Atom/RDF feeds, fetch every linked article and emit
 * it, with the feed item's title, date, author and summary as fallbacks.
 *
 *   [source news]
 *   plugin = feed
 *   url = https://www.nao.org.uk/feed/
 *   url = https://example.org/atom.xml
 *   since = 720h
 *   exclude = *.pdf
 */
#include <auditfeed/plugin.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crawl.h"

#define FEED_VERSION "1.0.0"

AF_PLUGIN_HOST;

typedef struct feed_ctx {
  crawl cr; /* first: fetch callbacks receive ctx as the crawl */
  af_strlist urls;
} feed_ctx;

static const af_opt feed_opts[] = {
    {"url", AF_OPT_LIST, 1, NULL, offsetof(feed_ctx, urls),
     "feed URL; repeat for several (file:// needs schemes and file_root)"},
    {"max_items", AF_OPT_INT, 0, "0", offsetof(feed_ctx, cr.max_items),
     "articles to fetch per run across all feeds (0: no limit)"},
    {"since", AF_OPT_MSEC, 0, "0", offsetof(feed_ctx, cr.since_ms),
     "skip items dated earlier than this long ago, e.g. 720h (0: keep all)"},
    CRAWL_FILTER_OPTS(feed_ctx, "article"),
    {"comments", AF_OPT_BOOL, 0, "false", offsetof(feed_ctx, cr.comments),
     "keep each page's reader comments, after the article, as paragraphs of kind comment (no findings come from them)"},
    {NULL, 0, 0, NULL, 0, NULL}};

/* engine = nats: the tag of a feed handed to the cluster, so that it is
 * fetched on its host's shard like any page of that host (article tags
 * begin with "1"). */
#define LISTING_TAG "L"

/* One feed's response: its entries offered to the crawl (`hand`: handed
 * on to the cluster at once, on a worker that was handed the feed).
 * Returns 1 when the feed failed. */
static int read_feed(af_inst *inst, feed_ctx *c, const char *url,
                     const af_response *res, int hand) {
  af_feed *feed = NULL;
  char err[512];
  int failed = 0;

  if (res->err) {
    if (!(res->err == AF_ECANCELED && c->cr.stopping)) {
      af->log(inst, AF_LOG_ERROR, "feed_failed",
              "url=\"%s\" attempts=%d error=\"%s\"", url, res->attempts,
              res->errmsg ? res->errmsg : af->strerror(res->err));
      failed = 1;
    }
  } else if (res->not_modified) {
    af->log(inst, AF_LOG_INFO, "feed_unchanged", "url=\"%s\"", url);
  } else if (af->feed_parse(res->body, res->len, res->final_url, &feed, err,
                            sizeof(err)) != 0) {
    af->log(inst, AF_LOG_ERROR, "feed_invalid", "url=\"%s\" error=\"%s\"", url,
            err);
    failed = 1;
  } else {
    /* Only a feed on disk may list files; the core then still reads them
     * only when schemes names file, below file_root. */
    int allow_file = !strncasecmp(url, "file:", 5), n = 0;
    for (size_t i = 0; i < feed->n_entries; i++) {
      const af_feed_entry *e = feed->entries[i];
      const char *date = e->published ? e->published : e->updated;
      int rc = hand ? crawl_hand(&c->cr, e->link, allow_file, date, e->title, date,
                                 e->author, e->summary)
                    : crawl_offer(&c->cr, e->link, allow_file, date, e->title, date,
                                  e->author, e->summary);
      if (rc == AF_ENOMEM) {
        af->log(inst, AF_LOG_ERROR, "nomem", "url=\"%s\"", url);
        failed = 1;
        break;
      }
      failed |= rc < 0;
      n += rc > 0;
    }
    af->log(inst, AF_LOG_INFO, "feed_read",
            "url=\"%s\" format=%s entries=%zu accepted=%d", url, feed->format,
            feed->n_entries, n);
    af->feed_free(feed);
  }
  return failed;
}

static void on_feed(af_inst *inst, void *ctxp, const af_response *res,
                    void *ud) {
  feed_ctx *c = ctxp;
  int failed = read_feed(inst, c, c->urls.v[(size_t)(uintptr_t)ud], res, 0);
  crawl_listing_finished(&c->cr, failed);
}

static int feed_create(af_inst *inst, void *ctxp) {
  feed_ctx *c = ctxp;
  if (!c->urls.n) {
    af->log(inst, AF_LOG_ERROR, "bad_option", "msg=\"at least one url is required\"");
    return AF_ECONFIG;
  }
  return crawl_init(&c->cr, af, inst, "feed");
}

static int feed_start(af_inst *inst, void *ctxp) {
  feed_ctx *c = ctxp;
  af_fetch_opts o = {.size = sizeof(o),
                     .conditional = c->cr.conditional,
                     .accept = "application/rss+xml,application/atom+xml,"
                               "application/rdf+xml,application/feed+json,"
                               "application/xml;q=0.9,application/json;q=0.9,"
                               "text/xml;q=0.9,*/*;q=0.5"};
  crawl_start(&c->cr);
  o.conditional = c->cr.conditional;
  /* On a cluster each feed is fetched by whichever worker holds its host
   * (politeness across workers), and its articles go out from there. */
  o.tag = crawl_hands_listings(&c->cr) ? LISTING_TAG : NULL;
  /* Counted before any fetch so an early failure cannot end the run. */
  crawl_listing_started(&c->cr);
  for (size_t i = 0; i < c->urls.n; i++) {
    int rc;
    crawl_listing_started(&c->cr);
    rc = af->fetch(inst, c->urls.v[i], &o, on_feed, (void *)(uintptr_t)i);
    if (rc == 1) { /* handed to the cluster: feed_deliver reads it */
      c->cr.listings--;
      continue;
    }
    if (rc) {
      af->log(inst, AF_LOG_ERROR, "feed_failed", "url=\"%s\" error=\"%s\"",
              c->urls.v[i], af->strerror(rc));
      c->cr.listings--;
      c->cr.failed++;
    }
  }
  crawl_listing_finished(&c->cr, 0);
  return 0;
}

/* engine = nats: a feed or an article some worker's instance handed off. */
static void feed_deliver(af_inst *inst, void *ctxp, const af_response *res,
                         const char *tag) {
  feed_ctx *c = ctxp;
  if (tag && !strcmp(tag, LISTING_TAG)) {
    if (read_feed(inst, c, res->url, res, 1))
      c->cr.failed++;
    return;
  }
  crawl_deliver(inst, ctxp, res, tag);
}

static void feed_destroy(af_inst *inst, void *ctxp) {
  (void)inst;
  crawl_free(&((feed_ctx *)ctxp)->cr);
}

static const af_plugin feed_plugin = {
    AF_PLUGIN_INIT("feed", FEED_VERSION,
                   "fetch the articles linked from RSS, Atom and RDF feeds",
                   AF_KIND_SOURCE),
    .opts = feed_opts,
    .ctx_size = sizeof(feed_ctx),
    .create = feed_create,
    .start = feed_start,
    .stop = crawl_stop,
    .destroy = feed_destroy,
    .resume = crawl_resume,
    .deliver = feed_deliver,
};

AF_PLUGIN(feed_plugin)
