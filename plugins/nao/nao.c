/* nao source: National Audit Office reports, landing page and PDF, as one
 * document of kind "nao_report" per report.
 *
 *   [source nao]
 *   plugin = nao
 *   base_url = https://www.nao.org.uk/
 *   since = 2160h
 *   exclude_type = Departmental overview
 *
 * Discovery: the WordPress REST API first (the report post type found in
 * /wp-json/wp/v2/types, listed newest first, per_page at most 100, pages
 * counted from X-WP-TotalPages, read from the `_envelope` form of the
 * response so that no header access is needed, or until a short page when
 * the server drops the envelope); then the RSS feed (/feed/); then the
 * /reports/ listing page.  Every fetch is conditional after a clean run:
 * a listing that answers 304 is replayed from the copy kept in the
 * instance's state, and an unchanged report costs one 304.
 *
 * A report: its landing page (title, date, type, HC number, session,
 * audited bodies, the page's text and its links to the full report PDF
 * and the summary PDF), then the PDF, parsed on the thread pool (pdf.c).
 * A PDF that is missing, not a PDF, encrypted, damaged, textless or over
 * max_pdf is logged (pdf_unusable, with URL and reason) and the report is
 * emitted from its landing page alone; when the page later links a PDF,
 * the page changes and the next run completes the report.
 */
#include <auditfeed/plugin.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "srcstop.h"
#include "nao.h"

AF_PLUGIN_HOST;

static const af_opt nao_opts[] = {
    {"base_url", AF_OPT_STR, 0, "https://www.nao.org.uk/", offsetof(nao_ctx, base_url),
     "the site's root; every URL fetched is on this host"},
    {"since", AF_OPT_MSEC, 0, "0", offsetof(nao_ctx, since_ms),
     "only reports published within this window, e.g. 2160h (0: all)"},
    {"include_type", AF_OPT_LIST, 0, NULL, offsetof(nao_ctx, include_type),
     "report types to keep, e.g. \"Value for money report\" (default: all)"},
    {"exclude_type", AF_OPT_LIST, 0, NULL, offsetof(nao_ctx, exclude_type),
     "report types to skip, e.g. \"Departmental overview\""},
    {"max_pdf", AF_OPT_SIZE, 0, "16M", offsetof(nao_ctx, max_pdf),
     "larger PDFs are not parsed (logged; the landing page is still emitted)"},
    {"per_page", AF_OPT_INT, 0, "100", offsetof(nao_ctx, per_page),
     "reports per REST API page, 1..100"},
    {"max_reports", AF_OPT_INT, 0, "0", offsetof(nao_ctx, max_reports),
     "reports per run, newest first (0: no limit)"},
    {NULL, 0, 0, NULL, 0, NULL}};

/* ---- the run ---------------------------------------------------------- */

static void maybe_finish(nao_ctx *c) {
  if (c->finished || c->listings || c->inflight)
    return;
  if (c->stopping) {
    c->finished = 1;
    af->stopped(c->inst);
    return;
  }
  if (c->next < c->n)
    return;
  c->finished = 1;
  af->state_put(c->inst, NAO_CLEAN_KEY, c->failed ? "0" : "1");
  af->log(c->inst, AF_LOG_INFO, "done",
          "via=%s reports=%zu emitted=%ld unchanged=%ld failed=%ld skipped=%ld "
          "pdf_unusable=%ld",
          c->via ? c->via : "none", c->n, c->emitted, c->unchanged, c->failed,
          c->skipped, c->pdf_unusable);
  af->source_done(c->inst, c->failed);
}

void nao_pump(nao_ctx *c) {
  while (!c->stopping && !c->paused && c->next < c->n && c->inflight < NAO_WINDOW &&
         !c->listings) {
    nao_report *r = &c->reports[c->next++];
    c->inflight++;
    if (nao_report_start(c, r) < 0) {
      c->inflight--;
      c->failed++;
    }
  }
  maybe_finish(c);
}

void nao_report_finished(nao_ctx *c, nao_report *r) {
  (void)r;
  c->inflight--;
  nao_pump(c);
}

void nao_listing_done(nao_ctx *c) {
  c->listings--;
  nao_pump(c);
}

/* ---- offering reports -------------------------------------------------- */

static int list_has(const af_strlist *l, const char *v) {
  for (size_t i = 0; i < l->n; i++)
    if (!strcasecmp(l->v[i], v))
      return 1;
  return 0;
}

int nao_type_wanted(const nao_ctx *c, const char *type) {
  if (!type)
    return 1; /* unknown yet: decided on the landing page */
  if (c->include_type.n && !list_has(&c->include_type, type))
    return 0;
  return !list_has(&c->exclude_type, type);
}

int nao_same_site(const nao_ctx *c, const char *url) {
  size_t n = strlen(c->origin);
  return url && !strncasecmp(url, c->origin, n) &&
         (url[n] == '/' || url[n] == '\0');
}

/* The key that makes /report/x/?utm_source=... and /reports/x/ one report. */
static char *dedup_key(const char *url) {
  char *canon = af->url_canonical(url);
  char *k = canon ? strdup(canon) : strdup(url);
  af->free(canon);
  if (!k)
    return NULL;
  char *p = strstr(k, "://");
  p = p ? strchr(p + 3, '/') : NULL;
  if (p && !strncmp(p, "/report/", 8)) {
    char *nk = malloc(strlen(k) + 2);
    if (nk) {
      size_t pre = (size_t)(p - k);
      memcpy(nk, k, pre);
      strcpy(nk + pre, "/reports/");
      strcat(nk, p + 8);
    }
    free(k);
    k = nk;
  }
  return k;
}

int nao_offer(nao_ctx *c, const char *url, const char *title, const char *date,
              const char *type, const char *const *bodies, size_t n_bodies) {
  if (!url || !*url)
    return 0;
  if (!nao_same_site(c, url)) {
    af->log(c->inst, AF_LOG_DEBUG, "skipped", "url=\"%s\" reason=\"another site\"", url);
    c->skipped++;
    return 0;
  }
  char *iso = date ? nao_iso_date(date) : NULL;
  int old = iso && c->since_iso && strcmp(iso, c->since_iso) < 0;
  if (old || !nao_type_wanted(c, type) ||
      (c->max_reports > 0 && (long)c->n >= c->max_reports)) {
    af->log(c->inst, AF_LOG_DEBUG, "skipped", "url=\"%s\" reason=%s", url,
            old ? "since" : !nao_type_wanted(c, type) ? "type" : "max_reports");
    free(iso);
    c->skipped++;
    return 0;
  }
  char *key = dedup_key(url);
  for (size_t i = 0; key && i < c->n; i++)
    if (!strcmp(c->reports[i].key, key)) {
      free(key);
      free(iso);
      return 0;
    }
  if (!key || (c->n == c->cap && nao_grow(c) < 0)) {
    free(key);
    free(iso);
    return AF_ENOMEM;
  }
  nao_report *r = &c->reports[c->n];
  memset(r, 0, sizeof(*r));
  r->key = key;
  r->url = strdup(url);
  r->title = title && *title ? strdup(title) : NULL;
  r->published = iso;
  r->type = type && *type ? strdup(type) : NULL;
  for (size_t i = 0; i < n_bodies; i++)
    nao_add_str(&r->bodies, &r->n_bodies, bodies[i]);
  if (!r->url) {
    nao_report_free(r);
    return AF_ENOMEM;
  }
  c->n++;
  return 1;
}

/* ---- plugin callbacks -------------------------------------------------- */

static int nao_create(af_inst *inst, void *ctxp) {
  nao_ctx *c = ctxp;
  c->inst = inst;
  c->api = af;
  const char *b = c->base_url ? c->base_url : "https://www.nao.org.uk/";
  if (strncasecmp(b, "http://", 7) && strncasecmp(b, "https://", 8)) {
    af->log(inst, AF_LOG_ERROR, "bad_option",
            "key=base_url value=\"%s\" msg=\"an http:// or https:// URL\"", b);
    return AF_ECONFIG;
  }
  if (c->per_page < 1 || c->per_page > 100 || c->since_ms < 0 || c->max_reports < 0) {
    af->log(inst, AF_LOG_ERROR, "bad_option",
            "msg=\"per_page must be 1..100; since and max_reports not negative\"");
    return AF_ECONFIG;
  }
  size_t n = strlen(b);
  c->base = malloc(n + 2);
  if (!c->base)
    return AF_ENOMEM;
  memcpy(c->base, b, n + 1);
  if (b[n - 1] != '/')
    strcat(c->base, "/");
  const char *host = strstr(c->base, "://") + 3;
  size_t ol = (size_t)(strchr(host, '/') - c->base);
  c->origin = strndup(c->base, ol);
  if (!c->origin)
    return AF_ENOMEM;
  if (c->since_ms > 0) {
    time_t t = time(NULL) - (time_t)(c->since_ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    c->since_iso = malloc(11);
    if (!c->since_iso)
      return AF_ENOMEM;
    strftime(c->since_iso, 11, "%Y-%m-%d", &tm);
  }
  return 0;
}

static int nao_start(af_inst *inst, void *ctxp) {
  nao_ctx *c = ctxp;
  char *v = NULL;
  (void)inst;
  if (af->state_get(c->inst, NAO_CLEAN_KEY, &v) == 1 && v && !strcmp(v, "1"))
    c->conditional = 1;
  af->free(v);
  af->state_put(c->inst, NAO_CLEAN_KEY, "0");
  nao_discover(c);
  return 0;
}

static void nao_resume(af_inst *inst, void *ctxp) {
  nao_ctx *c = ctxp;
  (void)inst;
  if (!c->paused)
    return;
  c->paused = 0;
  nao_pump(c);
}

static int nao_stop(af_inst *inst, void *ctxp) {
  nao_ctx *c = ctxp;
  (void)inst;
  return src_stop(&c->stopping, &c->finished, c->listings || c->inflight);
}

static void nao_destroy(af_inst *inst, void *ctxp) {
  nao_ctx *c = ctxp;
  (void)inst;
  for (size_t i = 0; i < c->n; i++)
    nao_report_free(&c->reports[i]);
  free(c->reports);
  free(c->base);
  free(c->origin);
  free(c->since_iso);
  free(c->rest_base);
  c->reports = NULL;
  c->base = c->origin = c->since_iso = c->rest_base = NULL;
}

static const af_plugin nao_plugin = {
    AF_PLUGIN_INIT("nao", NAO_VERSION,
                   "National Audit Office reports: landing pages and their PDFs",
                   AF_KIND_SOURCE),
    .opts = nao_opts,
    .ctx_size = sizeof(nao_ctx),
    .create = nao_create,
    .start = nao_start,
    .stop = nao_stop,
    .destroy = nao_destroy,
    .resume = nao_resume,
    .flags = AF_PLUGIN_REPORTS,
};

AF_PLUGIN(nao_plugin)
