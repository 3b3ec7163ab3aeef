/* The nao source's shared state (nao.c: options and the run; discover.c:
 * finding reports; report.c: one report's page and PDF).  Loop thread
 * only, except where a function says otherwise.
 */
#ifndef AF_NAO_H
#define AF_NAO_H

#include <auditfeed/plugin.h>

#include "landing.h"
#include "pdf.h"

#define NAO_VERSION "1.0.0"
#define NAO_WINDOW 4          /* reports in progress at once */
#define NAO_MAX_PAGES 200     /* REST pages per run */
#define NAO_CLEAN_KEY "last_run_clean"

typedef struct nao_ctx nao_ctx;

typedef struct nao_report {
  char *key;        /* canonical landing URL, /report/ read as /reports/ */
  char *url;        /* as listed */
  char *title, *published, *type; /* from the listing, NULL when it had none */
  char **bodies;
  size_t n_bodies;

  /* in progress */
  nao_ctx *c;
  af_docb *doc;     /* built from the landing page response */
  char *final_url;
  char *body;       /* the landing page, then the PDF, while parsed */
  size_t len;
  nao_landing page;
  nao_pdf pdf;
  int pdf_rc;
  char err[256];
  char *pdf_url;    /* the one fetched */
} nao_report;

struct nao_ctx {
  /* options (filled by the core) */
  const char *base_url;
  long since_ms;
  af_strlist include_type, exclude_type;
  size_t max_pdf;
  long per_page, max_reports;

  const af_api *api;
  af_inst *inst;
  char *base;      /* base_url ending in '/' */
  char *origin;    /* scheme://host[:port] */
  char *since_iso; /* cut-off date, or NULL */
  char *rest_base; /* the report post type's REST route */
  const char *via; /* "rest", "rss" or "listing" */

  nao_report *reports;
  size_t n, cap, next;
  int conditional, listings, inflight, paused, stopping, finished;
  long emitted, unchanged, failed, skipped, pdf_unusable;
};

/* nao.c */
int nao_offer(nao_ctx *c, const char *url, const char *title, const char *date,
              const char *type, const char *const *bodies, size_t n_bodies);
int nao_type_wanted(const nao_ctx *c, const char *type);
int nao_same_site(const nao_ctx *c, const char *url);
void nao_pump(nao_ctx *c);
void nao_listing_done(nao_ctx *c);
void nao_report_finished(nao_ctx *c, nao_report *r);

/* discover.c */
void nao_discover(nao_ctx *c);

/* report.c */
int nao_report_start(nao_ctx *c, nao_report *r);
void nao_report_free(nao_report *r);
int nao_grow(nao_ctx *c);
int nao_add_str(char ***v, size_t *n, const char *s); /* skips duplicates */
char *nao_iso_date(const char *s); /* any thread */

#endif
