/* Article fetching shared by the feed and web sources (see crawl.h). */
#include "crawl.h"

#include <ctype.h>
#include <stdint.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <auditfeed/array.h>

#include "srcstop.h"

/* Article fetches handed to the core at once; the core's limits decide
 * how many really run, this only bounds the callbacks we hold. */
#define CRAWL_WINDOW 256

static int compile(crawl *c, const af_strlist *l, crawl_pat **out, size_t *n,
                   const char *key) {
  if (!l || !l->n)
    return 0;
  *out = calloc(l->n, sizeof(**out));
  if (!*out)
    return AF_ENOMEM;
  for (size_t i = 0; i < l->n; i++) {
    const char *p = l->v[i];
    crawl_pat *cp = &(*out)[i];
    if (!strncmp(p, "re:", 3)) {
      int rc = regcomp(&cp->re, p + 3, REG_EXTENDED | REG_NOSUB);
      if (rc) {
        char msg[128];
        regerror(rc, &cp->re, msg, sizeof(msg));
        c->api->log(c->inst, AF_LOG_ERROR, "bad_option",
                    "key=%s pattern=\"%s\" error=\"%s\"", key, p + 3, msg);
        return AF_ECONFIG;
      }
      cp->is_regex = 1;
    } else {
      cp->glob = p;
    }
    (*n)++;
  }
  return 0;
}

int crawl_init(crawl *c, const af_api *api, af_inst *inst, const char *prefix) {
  int rc;
  c->api = api;
  c->inst = inst;
  c->log_prefix = prefix;
  if (c->max_items < 0 || c->since_ms < 0 || c->revisit_ms < 0) {
    api->log(inst, AF_LOG_ERROR, "bad_option",
             "msg=\"max_items, since and revisit must not be negative\"");
    return AF_ECONFIG;
  }
  if ((rc = compile(c, &c->include, &c->inc, &c->n_inc, "include")) ||
      (rc = compile(c, &c->exclude, &c->exc, &c->n_exc, "exclude"))) {
    crawl_free(c); /* a refused create is never followed by destroy */
    return rc == AF_ENOMEM ? rc : AF_ECONFIG;
  }
  if (c->since_ms > 0)
    c->since_cutoff = (long)time(NULL) - c->since_ms / 1000;
  return 0;
}

/* A 304 means "you have this already", which is only true when the run
 * that fetched it also emitted everything.  So validators are used only
 * after a run that ended with no failures; a failed, stopped or crashed
 * run makes the next one fetch everything again (the core's content
 * hashes still report unchanged documents as unchanged). */
#define CRAWL_CLEAN_KEY "last_run_clean"

/* ---- revisit policy ------------------------------------------------------
 *
 * A feed that answers 304, or that no longer lists an article, would never
 * show that the article was edited.  With `revisit`, every article listed
 * within the window (by its date, or when first listed if undated) is
 * remembered in the instance's state, one "seconds<TAB>url" line each, and
 * fetched again with a conditional request on every run while it is
 * younger than the window: an unchanged page costs a 304, an edited one
 * comes back whole and the core records it as a revision.  Older articles
 * drop out of the list and are left alone. */
#define CRAWL_RECENT_KEY "revisit_recent"

static int recent_note(crawl *c, const char *url, long t) {
  for (size_t i = 0; i < c->n_recent; i++)
    if (!strcmp(c->recent[i].url, url)) {
      if (t < c->recent[i].t)
        c->recent[i].t = t;
      return 0;
    }
  if (c->n_recent == c->cap_recent) {
    size_t cap = c->cap_recent ? c->cap_recent * 2 : 64;
    crawl_seen_at *nv = realloc(c->recent, cap * sizeof(*nv));
    if (!nv)
      return AF_ENOMEM;
    c->recent = nv;
    c->cap_recent = cap;
  }
  char *u = strdup(url);
  if (!u)
    return AF_ENOMEM;
  c->recent[c->n_recent].url = u;
  c->recent[c->n_recent].t = t;
  c->n_recent++;
  return 0;
}

static void recent_load(crawl *c) {
  char *v = NULL;
  if (c->api->state_get(c->inst, CRAWL_RECENT_KEY, &v) != 1 || !v) {
    c->api->free(v);
    return;
  }
  for (char *line = v, *next; line && *line; line = next) {
    next = strchr(line, '\n');
    if (next)
      *next++ = '\0';
    char *tab = strchr(line, '\t');
    if (tab && recent_note(c, tab + 1, atol(line)) < 0)
      break;
  }
  c->api->free(v);
}

static long recent_cutoff(const crawl *c) { return (long)time(NULL) - c->revisit_ms / 1000; }

/* Keeps what is still inside the window for the next run. */
static void recent_save(crawl *c) {
  size_t len = 1;
  for (size_t i = 0; i < c->n_recent; i++)
    len += strlen(c->recent[i].url) + 24;
  char *out = malloc(len), *p = out;
  if (!out)
    return;
  *p = '\0';
  long cutoff = recent_cutoff(c);
  for (size_t i = 0; i < c->n_recent; i++)
    if (c->recent[i].t >= cutoff)
      p += sprintf(p, "%ld\t%s\n", c->recent[i].t, c->recent[i].url);
  if (c->api->state_put(c->inst, CRAWL_RECENT_KEY, out) < 0)
    c->api->log(c->inst, AF_LOG_WARN, "revisit_not_saved", "articles=%zu", c->n_recent);
  free(out);
}

static int push_item(crawl *c, const char *url, crawl_item **out);
static int seen_add(crawl *c, const char *canon);

/* Once the listings are done: queue every remembered article inside the
 * window that no listing offered this run.  Returns how many. */
static size_t queue_revisits(crawl *c) {
  long cutoff = recent_cutoff(c);
  size_t queued = 0;
  for (size_t i = 0; i < c->n_recent; i++) {
    if (c->recent[i].t < cutoff)
      continue;
    char *canon = c->api->url_canonical(c->recent[i].url);
    int rc = seen_add(c, canon ? canon : c->recent[i].url);
    c->api->free(canon);
    crawl_item *it;
    if (rc != 0 || push_item(c, c->recent[i].url, &it) < 0)
      continue; /* listed this run already, or out of memory */
    it->revisit = 1;
    queued++;
  }
  return queued;
}

void crawl_start(crawl *c) {
  char *v = NULL;
  if (c->api->state_get(c->inst, CRAWL_CLEAN_KEY, &v) == 1 && v &&
      !strcmp(v, "1"))
    c->conditional = 1;
  c->api->free(v);
  if (c->revisit_ms > 0)
    recent_load(c);
  c->api->state_put(c->inst, CRAWL_CLEAN_KEY, "0");
  c->api->log(c->inst, AF_LOG_DEBUG, "start", "conditional=%d", c->conditional);
}

static void item_free(crawl_item *it) {
  free(it->url);
  free(it->title);
  free(it->published);
  free(it->author);
  free(it->summary);
  memset(it, 0, sizeof(*it));
}

void crawl_free(crawl *c) {
  for (size_t i = 0; i < c->n_inc; i++)
    if (c->inc[i].is_regex)
      regfree(&c->inc[i].re);
  for (size_t i = 0; i < c->n_exc; i++)
    if (c->exc[i].is_regex)
      regfree(&c->exc[i].re);
  free(c->inc);
  free(c->exc);
  for (size_t i = 0; i < c->n; i++)
    item_free(&c->items[i]);
  free(c->items);
  for (size_t i = 0; i < c->n_seen; i++)
    free(c->seen[i]);
  free(c->seen);
  for (size_t i = 0; i < c->n_recent; i++)
    free(c->recent[i].url);
  free(c->recent);
  c->recent = NULL;
  c->n_recent = c->cap_recent = 0;
  c->inc = c->exc = NULL;
  c->items = NULL;
  c->seen = NULL;
  c->n = c->n_seen = c->n_inc = c->n_exc = 0;
}

static int matches(const crawl_pat *p, size_t n, const char *url) {
  for (size_t i = 0; i < n; i++)
    if (p[i].is_regex ? regexec(&p[i].re, url, 0, NULL, 0) == 0
                      : fnmatch(p[i].glob, url, 0) == 0)
      return 1;
  return 0;
}

/* "2024-01-10" or "2024-01-10T10:00:00Z" (the core gives UTC) -> time_t */
static long iso_seconds(const char *s) {
  struct tm tm = {0};
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!s || sscanf(s, "%4d-%2d-%2d", &y, &mo, &d) != 3)
    return -1;
  if (strlen(s) >= 19)
    sscanf(s + 11, "%2d:%2d:%2d", &h, &mi, &sec);
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  return (long)timegm(&tm);
}

int crawl_too_old(const crawl *c, const char *iso) {
  long t;
  if (!c->since_cutoff || !iso)
    return 0; /* undated items are kept: we cannot tell */
  t = iso_seconds(iso);
  return t >= 0 && t < c->since_cutoff;
}

/* 1 when already seen; otherwise records it (sorted insert). */
static int seen_add(crawl *c, const char *canon) {
  size_t lo = 0, hi = c->n_seen;
  char *copy;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int r = strcmp(c->seen[mid], canon);
    if (!r)
      return 1;
    if (r < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (af_grow(&c->seen, &c->cap_seen, c->n_seen, sizeof(*c->seen), 64))
    return AF_ENOMEM;
  copy = strdup(canon);
  if (!copy)
    return AF_ENOMEM;
  memmove(c->seen + lo + 1, c->seen + lo, (c->n_seen - lo) * sizeof(char *));
  c->seen[lo] = copy;
  c->n_seen++;
  return 0;
}

static char *dup_or_null(const char *s) { return s && *s ? strdup(s) : NULL; }

int crawl_offer(crawl *c, const char *url, int allow_file, const char *date,
                const char *title, const char *published, const char *author,
                const char *summary) {
  crawl_item *it;
  char *canon;
  int rc;
  if (!url || !*url)
    return 0;
  if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8) &&
      !(allow_file && !strncasecmp(url, "file://", 7))) {
    c->api->log(c->inst, AF_LOG_DEBUG, "skipped", "url=\"%s\" reason=scheme", url);
    c->skipped++;
    return 0;
  }
  if ((c->n_inc && !matches(c->inc, c->n_inc, url)) ||
      (c->n_exc && matches(c->exc, c->n_exc, url))) {
    c->skipped++;
    return 0;
  }
  if (crawl_too_old(c, date)) {
    c->skipped++;
    return 0;
  }
  if (c->max_items > 0 && c->accepted >= c->max_items) {
    c->skipped++;
    return 0;
  }
  canon = c->api->url_canonical(url);
  rc = seen_add(c, canon ? canon : url);
  c->api->free(canon);
  if (rc)
    return rc < 0 ? rc : 0; /* a duplicate across feeds or sitemaps */
  if ((rc = push_item(c, url, &it)) < 0)
    return rc;
  it->title = dup_or_null(title);
  it->published = dup_or_null(published);
  it->author = dup_or_null(author);
  it->summary = dup_or_null(summary);
  c->accepted++;
  if (c->revisit_ms > 0) {
    long t = iso_seconds(date);
    if (t < 0 || t > (long)time(NULL))
      t = (long)time(NULL); /* undated: the window starts when first listed */
    if (t >= recent_cutoff(c) && recent_note(c, url, t) < 0)
      return AF_ENOMEM;
  }
  return 1;
}

/* Appends an item for `url` to the queue. */
static int push_item(crawl *c, const char *url, crawl_item **out) {
  if (af_grow(&c->items, &c->cap, c->n, sizeof(*c->items), 64))
    return AF_ENOMEM;
  crawl_item *it = &c->items[c->n];
  memset(it, 0, sizeof(*it));
  if (!(it->url = strdup(url)))
    return AF_ENOMEM;
  c->n++;
  *out = it;
  return 0;
}

static void maybe_finish(crawl *c) {
  if (c->finished || c->listings)
    return;
  if (c->revisit_ms > 0 && !c->revisits_queued && !c->stopping) {
    c->revisits_queued = 1;
    if (queue_revisits(c) > 0) {
      crawl_pump(c);
      return;
    }
  }
  if (c->inflight)
    return;
  if (c->stopping) {
    c->finished = 1;
    c->api->stopped(c->inst);
    return;
  }
  if (c->next < c->n)
    return;
  c->finished = 1;
  c->api->state_put(c->inst, CRAWL_CLEAN_KEY, c->failed ? "0" : "1");
  if (c->revisit_ms > 0) {
    recent_save(c);
    c->api->log(c->inst, AF_LOG_INFO, "revisit",
                "window_s=%ld remembered=%zu revisited=%ld changed=%ld", c->revisit_ms / 1000,
                c->n_recent, c->revisited, c->revisit_changed);
  }
  c->api->log(c->inst, AF_LOG_INFO, "done",
              "articles=%ld emitted=%ld unchanged=%ld failed=%ld skipped=%ld handed=%ld",
              c->accepted, c->emitted, c->unchanged, c->failed, c->skipped, c->handed);
  c->api->source_done(c->inst, c->failed);
}

/* The listing's values stand in for what the page itself does not say. */
static void set_field(crawl *c, af_docb *d, const char *field, const char *v) {
  int (*set)(af_docb *, const char *, const char *) =
      AF_API_HAS(c->api, doc_set_fallback) ? c->api->doc_set_fallback
                                           : c->api->doc_set;
  if (v && *v && set(d, field, v) != 0)
    c->api->log(c->inst, AF_LOG_DEBUG, "field_refused", "field=%s", field);
}

static int body_type_ok(const char *t) {
  return t && (!strcmp(t, "text/html") || !strcmp(t, "application/xhtml+xml") ||
               !strcmp(t, "text/plain"));
}

/* One article's response: a document, or the reason there is none. */
static void article_response(crawl *c, crawl_item *it, const af_response *res) {
  af_docb *d;
  int rc;
  c->revisited += it->revisit;
  if (res->err) {
    if (res->err != AF_ECANCELED || !c->stopping) {
      c->failed++; /* the core already logged the give-up as fetch_failed */
      c->api->log(c->inst, AF_LOG_DEBUG, "article_failed",
                  "url=\"%s\" attempts=%d error=\"%s\"", it->url, res->attempts,
                  res->errmsg ? res->errmsg : c->api->strerror(res->err));
    }
    return;
  }
  if (res->not_modified) {
    c->unchanged++;
    c->api->log(c->inst, AF_LOG_DEBUG, "unchanged", "url=\"%s\"", it->url);
    return;
  }
  d = c->api->doc_new(c->inst, it->url);
  if (!d) {
    c->failed++;
    return;
  }
  rc = c->api->doc_set_response(d, res);
  if (!rc && body_type_ok(res->content_type))
    rc = c->api->doc_set_body(d, res->content_type, res->body, res->len);
  else if (!rc)
    c->api->log(c->inst, AF_LOG_INFO, "body_skipped",
                "url=\"%s\" content_type=\"%s\" msg=\"feed metadata only\"",
                it->url, res->content_type ? res->content_type : "");
  if (!rc && c->comments)
    rc = c->api->doc_set(d, "comments", "true");
  if (rc) {
    c->failed++;
    c->api->log(c->inst, AF_LOG_WARN, "article_failed", "url=\"%s\" error=\"%s\"",
                it->url, c->api->strerror(rc));
    c->api->doc_free(d);
    return;
  }
  /* The page's own metadata wins; the listing fills what it lacks. */
  set_field(c, d, "title", it->title);
  set_field(c, d, "published", it->published);
  set_field(c, d, "byline", it->author);
  set_field(c, d, "summary", it->summary);
  rc = c->api->emit(c->inst, d);
  if (rc < 0) {
    c->failed++;
    c->api->log(c->inst, AF_LOG_WARN, "emit_failed", "url=\"%s\" error=\"%s\"",
                it->url, c->api->strerror(rc));
  } else {
    c->emitted++;
    c->revisit_changed += it->revisit;
    if (rc == 1)
      c->paused = 1;
  }
}

static void on_article(af_inst *inst, void *ctx, const af_response *res,
                       void *ud) {
  crawl *c = ctx; /* each plugin's ctx starts with its crawl */
  crawl_item *it = &c->items[(size_t)(uintptr_t)ud];
  (void)inst;
  c->inflight--;
  article_response(c, it, res);
  item_free(it);
  crawl_pump(c);
}

/* ---- handing articles to the cluster (engine = nats) -----------------------
 *
 * The tag carries what the listing said about the article, so whichever
 * worker fetches it builds the same document: "1" then title, published,
 * author, summary and the revisit flag, each after a unit separator
 * (0x1F, which the values cannot contain: it is replaced by a space). */
#define TAG_SEP '\x1f'

static size_t tag_put(char *out, const char *v) {
  size_t n = 0;
  out[n++] = TAG_SEP;
  for (; v && *v; v++)
    out[n++] = *v == TAG_SEP ? ' ' : *v;
  return n;
}

static char *item_tag(const crawl_item *it) {
  const char *v[4] = {it->title, it->published, it->author, it->summary};
  size_t len = 8;
  for (int i = 0; i < 4; i++)
    len += (v[i] ? strlen(v[i]) : 0) + 1;
  char *out = malloc(len), *p = out;
  if (!out)
    return NULL;
  *p++ = '1';
  for (int i = 0; i < 4; i++)
    p += tag_put(p, v[i]);
  p += tag_put(p, it->revisit ? "r" : "");
  *p = '\0';
  return out;
}

/* The inverse of item_tag; 0, or AF_EPARSE / AF_ENOMEM. */
static int item_from_tag(crawl_item *it, const char *url, const char *tag) {
  char **slot[4] = {&it->title, &it->published, &it->author, &it->summary};
  memset(it, 0, sizeof(*it));
  if (!tag || tag[0] != '1' || tag[1] != TAG_SEP)
    return AF_EPARSE;
  if (!(it->url = strdup(url)))
    return AF_ENOMEM;
  const char *p = tag + 2;
  for (int i = 0; i < 5; i++) {
    const char *end = strchr(p, TAG_SEP);
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (i == 4)
      it->revisit = n == 1 && *p == 'r';
    else if (n && !(*slot[i] = strndup(p, n)))
      return AF_ENOMEM;
    if (!end && i < 4)
      return AF_EPARSE;
    p = end ? end + 1 : p + n;
  }
  return 0;
}

void crawl_deliver(af_inst *inst, void *ctx, const af_response *res, const char *tag) {
  crawl *c = ctx;
  (void)inst;
  crawl_item it;
  int rc = item_from_tag(&it, res->url, tag);
  if (rc) {
    c->failed++;
    c->api->log(c->inst, AF_LOG_ERROR, "article_failed",
                "url=\"%s\" error=\"%s\" msg=\"the frontier's tag is not ours\"",
                res->url, c->api->strerror(rc));
  } else {
    article_response(c, &it, res);
  }
  item_free(&it);
}

int crawl_hands_listings(const crawl *c) {
  return c->max_items <= 0 && c->revisit_ms <= 0;
}

/* A handed-on article the core fetched here after all (no cluster). */
static void on_lone_article(af_inst *inst, void *ctx, const af_response *res,
                            void *ud) {
  crawl_item *it = ud;
  (void)inst;
  article_response(ctx, it, res);
  item_free(it);
  free(it);
}

int crawl_hand(crawl *c, const char *url, int allow_file, const char *date,
               const char *title, const char *published, const char *author,
               const char *summary) {
  if (!url || !*url)
    return 0;
  if ((strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8) &&
       !(allow_file && !strncasecmp(url, "file://", 7))) ||
      (c->n_inc && !matches(c->inc, c->n_inc, url)) ||
      (c->n_exc && matches(c->exc, c->n_exc, url)) || crawl_too_old(c, date)) {
    c->skipped++;
    return 0;
  }
  crawl_item *it = calloc(1, sizeof(*it));
  if (!it || !(it->url = strdup(url))) {
    free(it);
    return AF_ENOMEM;
  }
  it->title = dup_or_null(title);
  it->published = dup_or_null(published);
  it->author = dup_or_null(author);
  it->summary = dup_or_null(summary);
  af_fetch_opts o = {.size = sizeof(o), .conditional = c->conditional};
  char *tag = item_tag(it);
  o.tag = tag;
  int rc = tag ? c->api->fetch(c->inst, url, &o, on_lone_article, it) : AF_ENOMEM;
  free(tag);
  if (rc == 0)
    return 1; /* on_lone_article owns it now */
  item_free(it);
  free(it);
  if (rc == 1) {
    c->accepted++;
    c->handed++;
    return 1;
  }
  c->failed++;
  c->api->log(c->inst, AF_LOG_WARN, "article_failed", "url=\"%s\" error=\"%s\"", url,
              c->api->strerror(rc));
  return rc;
}

void crawl_pump(crawl *c) {
  while (!c->stopping && !c->paused && c->next < c->n &&
         c->inflight < CRAWL_WINDOW) {
    size_t i = c->next++;
    af_fetch_opts o = {.size = sizeof(o), .conditional = c->conditional};
    char *tag = item_tag(&c->items[i]);
    o.tag = tag; /* NULL when out of memory: fetched here, as before 2.2 */
    int rc = c->api->fetch(c->inst, c->items[i].url, &o, on_article,
                         (void *)(uintptr_t)i);
    free(tag);
    if (rc == 1) { /* handed to the cluster: some worker's deliver has it */
      c->handed++;
      item_free(&c->items[i]);
      continue;
    }
    if (rc) {
      c->failed++;
      c->api->log(c->inst, AF_LOG_WARN, "article_failed", "url=\"%s\" error=\"%s\"",
                  c->items[i].url, c->api->strerror(rc));
      item_free(&c->items[i]);
      continue;
    }
    c->inflight++;
  }
  maybe_finish(c);
}

void crawl_listing_started(crawl *c) { c->listings++; }

void crawl_listing_finished(crawl *c, int failed) {
  c->listings--;
  if (failed)
    c->failed++;
  crawl_pump(c);
}

void crawl_resume(af_inst *inst, void *ctx) {
  crawl *c = ctx;
  (void)inst;
  if (!c->paused)
    return;
  c->paused = 0;
  crawl_pump(c);
}

int crawl_stop(af_inst *inst, void *ctx) {
  crawl *c = ctx;
  (void)inst;
  return src_stop(&c->stopping, &c->finished, c->listings || c->inflight);
}
