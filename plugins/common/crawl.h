/* Shared by the feed and web sources: a queue of article URLs found in
 * feeds or sitemaps, filtered (scheme, include/exclude, since, max_items,
 * duplicates), fetched through api->fetch and emitted as documents with
 * the listing's metadata as fallbacks.  Loop thread only.
 *
 * Ownership: the crawl copies every string it is given.
 */
#ifndef AF_PLUGIN_CRAWL_H
#define AF_PLUGIN_CRAWL_H

#include <regex.h>

#include <auditfeed/plugin.h>

typedef struct crawl_item {
  char *url, *title, *published, *author, *summary;
  int revisit; /* queued by the revisit policy, not by a listing */
} crawl_item;

/* An article the revisit policy re-checks: when it was published (or
 * first listed, when undated), as time_t seconds. */
typedef struct crawl_seen_at {
  char *url;
  long t;
} crawl_seen_at;

typedef struct crawl_pat {
  int is_regex;
  const char *glob;
  regex_t re;
} crawl_pat;

typedef struct crawl {
  const af_api *api;
  af_inst *inst;
  const char *log_prefix; /* "feed" or "web": event names */

  /* filters, set by the plugin before crawl_init */
  long max_items;
  long since_ms;
  long revisit_ms; /* re-check articles younger than this every run; 0 = off */
  int comments;    /* keep the pages' reader comments (option "comments") */
  af_strlist include, exclude; /* filled by the core (AF_OPT_LIST) */

  crawl_pat *inc, *exc;
  size_t n_inc, n_exc;
  long since_cutoff; /* time_t seconds, 0 = no cutoff */

  crawl_item *items;
  size_t n, cap, next;
  char **seen; /* canonical URLs accepted so far, sorted */
  size_t n_seen, cap_seen;
  long accepted, skipped, unchanged, emitted, failed;
  long handed; /* articles handed to the cluster (engine = nats) */

  int conditional; /* the last run finished cleanly: conditional GETs are safe */
  int listings;  /* listing fetches in flight */
  int inflight;  /* article fetches in flight */
  int paused, stopping, finished;

  /* revisit policy: articles listed within the window, kept in the
   * instance's state between runs */
  crawl_seen_at *recent;
  size_t n_recent, cap_recent;
  int revisits_queued;
  long revisited, revisit_changed;
} crawl;

/* The option rows of the crawl's own filters, for a source whose context
 * `type` embeds the crawl as `cr`; `what` names what the URL filters'
 * help speaks of ("article", "page").  One definition, so both sources
 * document them alike. */
#define CRAWL_FILTER_OPTS(type, what)                                        \
  {"revisit", AF_OPT_MSEC, 0, "0", offsetof(type, cr.revisit_ms),            \
   "re-check every article younger than this (by its date) on each run "    \
   "with a conditional request, even when its listing is unchanged; 0: off"}, \
  {"include", AF_OPT_LIST, 0, NULL, offsetof(type, cr.include),              \
   what " URL must match one: a glob, or re:EXTENDED-REGEX"},                \
  {"exclude", AF_OPT_LIST, 0, NULL, offsetof(type, cr.exclude),              \
   what " URLs matching any of these are skipped (glob or re:REGEX)"}

/* Compiles include/exclude; 0 or AF_ECONFIG (logged). */
int crawl_init(crawl *c, const af_api *api, af_inst *inst, const char *prefix);
void crawl_free(crawl *c);

/* Call from the plugin's start: decides whether this run may use
 * conditional requests (see crawl.c), marks the run as unfinished, and
 * loads the articles the revisit policy is to re-check. */
void crawl_start(crawl *c);

/* Offers one article.  `allow_file`: the listing was itself a local file,
 * so file:// links are passed on (the core reads them only when the
 * source's schemes names file, below its file_root).  `date` is the item's date (ISO 8601)
 * or NULL.  Returns 1 accepted, 0 filtered out, or AF_ENOMEM. */
int crawl_offer(crawl *c, const char *url, int allow_file, const char *date,
                const char *title, const char *published, const char *author,
                const char *summary);
/* 1 when `iso` is older than the since window. */
int crawl_too_old(const crawl *c, const char *iso);

/* Starts article fetches while there is room; ends the run when nothing is
 * left (source_done, or stopped when stopping). */
void crawl_pump(crawl *c);
void crawl_listing_started(crawl *c);
void crawl_listing_finished(crawl *c, int failed);

/* The source's own callbacks, for a ctx whose first member is its crawl
 * (feed, web): the descriptor names them as they are. */
/* af_plugin.resume: emitting may go on. */
void crawl_resume(af_inst *inst, void *ctx);
/* af_plugin.deliver (engine = nats): an article fetched by whichever
 * worker got it, with the tag crawl_pump gave it; emitted like one this
 * instance fetched itself. */
void crawl_deliver(af_inst *inst, void *ctx, const af_response *res, const char *tag);
/* engine = nats: may this crawl's listings be handed to the cluster (so
 * each is fetched on its host's shard, by whichever worker is free)?
 * Only when nothing run-wide needs every listing read on one worker:
 * no max_items (counted across listings) and no revisit window. */
int crawl_hands_listings(const crawl *c);
/* An entry of a listing this worker was handed (its source's seed ran
 * elsewhere): filtered like crawl_offer (scheme, include/exclude, since)
 * and handed on at once as an article.  Duplicates across listings fold
 * on the frontier (the message id names the source, the tick and the
 * URL).  Returns 1 handed, 0 filtered out, or AF_E*. */
int crawl_hand(crawl *c, const char *url, int allow_file, const char *date,
               const char *title, const char *published, const char *author,
               const char *summary);
/* af_plugin.stop: 0 = stopped now, 1 = api->stopped will follow. */
int crawl_stop(af_inst *inst, void *ctx);

#endif /* AF_PLUGIN_CRAWL_H */
