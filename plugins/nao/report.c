/* One report: landing page, then its PDF, then one document. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <auditfeed/array.h>

#include "nao.h"

#define RETRY_PREFIX "pdf_retry:"

int nao_grow(nao_ctx *c) {
  return af_grow(&c->reports, &c->cap, c->cap, sizeof(*c->reports), 32)
             ? AF_ENOMEM
             : 0;
}

int nao_add_str(char ***v, size_t *n, const char *s) {
  if (!s || !*s)
    return 0;
  for (size_t i = 0; i < *n; i++)
    if (!strcasecmp((*v)[i], s))
      return 0;
  char **nv = realloc(*v, (*n + 1) * sizeof(char *));
  if (!nv)
    return AF_ENOMEM;
  *v = nv;
  if (!(nv[*n] = strdup(s)))
    return AF_ENOMEM;
  (*n)++;
  return 1;
}

char *nao_iso_date(const char *s) { return landing_date(s); }

void nao_report_free(nao_report *r) {
  free(r->key);
  free(r->url);
  free(r->title);
  free(r->published);
  free(r->type);
  for (size_t i = 0; i < r->n_bodies; i++)
    free(r->bodies[i]);
  free(r->bodies);
  if (r->doc && r->c)
    r->c->api->doc_free(r->doc);
  free(r->final_url);
  free(r->body);
  free(r->pdf_url);
  landing_free(&r->page);
  nao_pdf_free(&r->pdf);
  memset(r, 0, sizeof(*r));
}

/* Frees what a report held while in progress; keeps it listed. */
static void done(nao_report *r) {
  nao_ctx *c = r->c;
  if (r->doc)
    c->api->doc_free(r->doc);
  r->doc = NULL;
  free(r->body);
  free(r->final_url);
  free(r->pdf_url);
  r->body = r->final_url = r->pdf_url = NULL;
  landing_free(&r->page);
  nao_pdf_free(&r->pdf);
  nao_report_finished(c, r);
}

static void retry_mark(nao_report *r, int on) {
  char key[4200];
  snprintf(key, sizeof(key), RETRY_PREFIX "%s", r->key);
  r->c->api->state_put(r->c->inst, key, on ? "1" : "0");
}

/* Fields the core may not know (older cores): a refusal is not an error. */
static void set(nao_report *r, const char *field, const char *value) {
  if (!value || !*value)
    return;
  int rc = r->c->api->doc_set(r->doc, field, value);
  if (rc)
    r->c->api->log(r->c->inst, AF_LOG_DEBUG, "field_refused", "field=%s error=\"%s\"",
                   field, r->c->api->strerror(rc));
}

static void block(nao_report *r, int kind, int level, const char *text,
                  const char *number) {
  const char *field = kind == AF_PARA_HEADING ? (level <= 1 ? "heading1" : "heading")
                      : kind == AF_PARA_ITEM  ? "item"
                                              : "paragraph";
  if (r->c->api->doc_set(r->doc, field, text) && kind == AF_PARA_HEADING)
    r->c->api->doc_set(r->doc, "heading", text);
  if (number)
    set(r, "number", number);
}

/* Checks the required fields, fills the document, emits it. */
static void emit(nao_report *r) {
  nao_ctx *c = r->c;
  const af_api *api = c->api;
  nao_landing *p = &r->page;
  const char *title = p->title ? p->title : r->title;
  const char *published = p->published ? p->published
                          : r->published ? r->published : r->pdf.date;
  const char *missing = !title ? "title" : !published ? "published" : NULL;
  if (missing) {
    api->log(c->inst, AF_LOG_ERROR, "report_invalid",
             "field=%s url=\"%s\" msg=\"a report needs a title, a publication date "
             "and a landing URL\"", missing, r->url);
    c->failed++;
    return;
  }
  set(r, "doc_kind", "nao_report");
  set(r, "title", title);
  set(r, "published", published);
  set(r, "publisher", "National Audit Office");
  if (p->canonical && nao_same_site(c, p->canonical))
    set(r, "canonical_url", p->canonical);
  set(r, "summary", p->summary);
  set(r, "report_type", p->report_type ? p->report_type : r->type);
  set(r, "hc", p->hc ? p->hc : r->pdf.hc);
  set(r, "session", p->session ? p->session : r->pdf.session);
  set(r, "pdf_url", p->pdf_url);
  set(r, "summary_pdf_url", p->summary_pdf_url);
  /* audited bodies: the listing's terms, the page's, the cover's */
  char **bodies = NULL;
  size_t nb = 0;
  for (size_t i = 0; i < r->n_bodies; i++)
    nao_add_str(&bodies, &nb, r->bodies[i]);
  for (size_t i = 0; i < p->n_bodies; i++)
    nao_add_str(&bodies, &nb, p->bodies[i]);
  for (size_t i = 0; i < r->pdf.n_bodies; i++)
    nao_add_str(&bodies, &nb, r->pdf.bodies[i]);
  for (size_t i = 0; i < nb; i++) {
    set(r, "body", bodies[i]);
    free(bodies[i]);
  }
  free(bodies);
  if (r->pdf.n) {
    char pages[32];
    snprintf(pages, sizeof(pages), "%d", r->pdf.pages);
    set(r, "pages", pages);
  }
  for (size_t i = 0; i < p->n_blocks; i++)
    block(r, p->blocks[i].kind, p->blocks[i].level, p->blocks[i].text, NULL);
  for (size_t i = 0; i < r->pdf.n; i++)
    block(r, r->pdf.blocks[i].kind, r->pdf.blocks[i].level, r->pdf.blocks[i].text,
          r->pdf.blocks[i].number);
  af_docb *d = r->doc;
  r->doc = NULL;
  int rc = api->emit(c->inst, d);
  if (rc < 0) {
    c->failed++;
    api->log(c->inst, AF_LOG_WARN, "emit_failed", "url=\"%s\" error=\"%s\"", r->url,
             api->strerror(rc));
    return;
  }
  c->emitted++;
  api->log(c->inst, AF_LOG_INFO, "report", "url=\"%s\" pdf=%s paragraphs=%zu pages=%d",
           r->url, r->pdf.n ? "parsed" : "none", p->n_blocks + r->pdf.n, r->pdf.pages);
  if (rc == 1)
    c->paused = 1;
}

static void pdf_unusable(nao_report *r, const char *reason, int transient) {
  nao_ctx *c = r->c;
  c->pdf_unusable++;
  c->api->log(c->inst, AF_LOG_WARN, "pdf_unusable",
              "url=\"%s\" report=\"%s\" reason=\"%s\" msg=\"report emitted from its "
              "landing page\"", r->pdf_url, r->url, reason);
  if (transient) { /* fetch the page again next run, so the PDF is tried again */
    c->failed++;
    retry_mark(r, 1);
  }
}

static void pdf_work(void *ud) {
  nao_report *r = ud;
  r->pdf_rc = nao_pdf_parse(r->body, r->len, &r->pdf, r->err, sizeof(r->err));
}

static void pdf_done(af_inst *inst, void *ctx, void *ud, int status) {
  nao_report *r = ud;
  (void)inst;
  (void)ctx;
  free(r->body);
  r->body = NULL;
  if (status == 0) {
    if (r->pdf_rc) {
      char reason[400];
      snprintf(reason, sizeof(reason), "%s: %s", nao_pdf_strerror(r->pdf_rc), r->err);
      pdf_unusable(r, reason, r->pdf_rc == NAO_PDF_NOMEM);
    }
    if (!r->c->stopping)
      emit(r);
  }
  done(r);
}

static int looks_like_pdf(const char *b, size_t len) {
  /* the header may follow a little junk, as readers allow */
  size_t lim = len < 1024 ? len : 1024;
  for (size_t i = 0; i + 5 <= lim; i++)
    if (!memcmp(b + i, "%PDF-", 5))
      return 1;
  return 0;
}

static void on_pdf(af_inst *inst, void *ctx, const af_response *res, void *ud) {
  nao_report *r = ud;
  nao_ctx *c = r->c;
  char reason[400] = "";
  int transient = 0;
  (void)inst;
  (void)ctx;
  if (res->err == AF_ECANCELED && c->stopping) {
    done(r);
    return;
  }
  if (res->err == AF_ELIMIT)
    snprintf(reason, sizeof(reason), "over the size limit (max_body)");
  else if (res->err) {
    snprintf(reason, sizeof(reason), "%s", res->errmsg ? res->errmsg : c->api->strerror(res->err));
    transient = 1;
  } else if (res->status != 200) {
    snprintf(reason, sizeof(reason), "HTTP status %ld", res->status);
    transient = res->status >= 500 || res->status == 429;
  } else if (res->len > c->max_pdf)
    snprintf(reason, sizeof(reason), "over the size limit (%zu bytes, max_pdf %zu)",
             res->len, c->max_pdf);
  else if (!looks_like_pdf(res->body, res->len))
    snprintf(reason, sizeof(reason), "soft 404: %s served where a PDF was expected",
             res->content_type ? res->content_type : "a body without a type");
  if (reason[0]) {
    pdf_unusable(r, reason, transient);
    emit(r);
    done(r);
    return;
  }
  r->body = malloc(res->len ? res->len : 1);
  if (!r->body) {
    pdf_unusable(r, "out of memory", 1);
    done(r);
    return;
  }
  memcpy(r->body, res->body, res->len);
  r->len = res->len;
  int rc = c->api->offload(c->inst, pdf_work, pdf_done, r);
  if (rc) {
    pdf_unusable(r, c->api->strerror(rc), 1);
    emit(r);
    done(r);
  }
}

static void landing_work(void *ud) {
  nao_report *r = ud;
  if (landing_parse(r->body, r->len, r->final_url, &r->page, r->err, sizeof(r->err)))
    r->pdf_rc = -1;
  free(r->body);
  r->body = NULL;
}

static void landing_done(af_inst *inst, void *ctx, void *ud, int status) {
  nao_report *r = ud;
  nao_ctx *c = r->c;
  (void)inst;
  (void)ctx;
  if (status || c->stopping) {
    done(r);
    return;
  }
  if (r->pdf_rc) {
    c->api->log(c->inst, AF_LOG_ERROR, "report_failed", "url=\"%s\" reason=\"%s\"",
                r->url, r->err);
    c->failed++;
    done(r);
    return;
  }
  r->pdf_rc = 0;
  const char *type = r->page.report_type ? r->page.report_type : r->type;
  if (!nao_type_wanted(c, type)) {
    c->skipped++;
    c->api->log(c->inst, AF_LOG_DEBUG, "skipped", "url=\"%s\" reason=type type=\"%s\"",
                r->url, type);
    done(r);
    return;
  }
  const char *pdf = r->page.pdf_url ? r->page.pdf_url : r->page.summary_pdf_url;
  if (!pdf) {
    c->api->log(c->inst, AF_LOG_INFO, "pdf_missing",
                "report=\"%s\" msg=\"the page links no PDF yet; emitted from the landing "
                "page, completed when the page links one\"", r->url);
    emit(r);
    done(r);
    return;
  }
  r->pdf_url = strdup(pdf);
  if (!r->pdf_url || !nao_same_site(c, pdf)) {
    pdf_unusable(r, r->pdf_url ? "on another site than base_url" : "out of memory", 0);
    emit(r);
    done(r);
    return;
  }
  retry_mark(r, 0);
  af_fetch_opts o = {.size = sizeof(o), .accept_any_status = 1,
                     .accept = "application/pdf,*/*;q=0.5"};
  int rc = c->api->fetch(c->inst, r->pdf_url, &o, on_pdf, r);
  if (rc) {
    pdf_unusable(r, c->api->strerror(rc), 1);
    emit(r);
    done(r);
  }
}

static void on_landing(af_inst *inst, void *ctx, const af_response *res, void *ud) {
  nao_report *r = ud;
  nao_ctx *c = r->c;
  (void)ctx;
  if (res->err || (!res->not_modified && res->status != 200)) {
    if (!(res->err == AF_ECANCELED && c->stopping)) {
      char reason[300];
      if (res->err)
        snprintf(reason, sizeof(reason), "%s",
                 res->errmsg ? res->errmsg : c->api->strerror(res->err));
      else
        snprintf(reason, sizeof(reason), "HTTP status %ld", res->status);
      c->api->log(inst, AF_LOG_ERROR, "report_failed", "url=\"%s\" reason=\"%s\"", r->url,
                  reason);
      c->failed++;
    }
    done(r);
    return;
  }
  if (res->not_modified) {
    c->unchanged++;
    c->api->log(inst, AF_LOG_DEBUG, "unchanged", "url=\"%s\"", r->url);
    done(r);
    return;
  }
  r->doc = c->api->doc_new(inst, r->url);
  r->body = malloc(res->len + 1);
  r->final_url = strdup(res->final_url ? res->final_url : r->url);
  if (!r->doc || !r->body || !r->final_url ||
      c->api->doc_set_response(r->doc, res) != 0) {
    c->failed++;
    done(r);
    return;
  }
  memcpy(r->body, res->body, res->len);
  r->body[res->len] = '\0';
  r->len = res->len;
  if (c->api->offload(inst, landing_work, landing_done, r) != 0) {
    c->failed++;
    done(r);
  }
}

int nao_report_start(nao_ctx *c, nao_report *r) {
  char key[4200], *v = NULL;
  int conditional = c->conditional;
  r->c = c;
  snprintf(key, sizeof(key), RETRY_PREFIX "%s", r->key);
  if (conditional && c->api->state_get(c->inst, key, &v) == 1 && v && !strcmp(v, "1"))
    conditional = 0; /* its PDF failed last time: fetch the page in full */
  c->api->free(v);
  af_fetch_opts o = {.size = sizeof(o), .conditional = conditional,
                     .accept_any_status = 1, .accept = "text/html,*/*;q=0.5"};
  int rc = c->api->fetch(c->inst, r->url, &o, on_landing, r);
  if (rc)
    c->api->log(c->inst, AF_LOG_ERROR, "report_failed", "url=\"%s\" reason=\"%s\"", r->url,
                c->api->strerror(rc));
  return rc;
}
