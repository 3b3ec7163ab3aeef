/* Document building and processing: from a source's raw body to the
 * af_document a sink reads (text, paragraphs, ids, hash, findings). */
#include "doc.h"
#include "catalogue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <libxml/xmlerror.h>
#include <openssl/evp.h>

#include "doc_kind.h"
#include "extract.h"
#include "url.h"

static int set_owned(const char **slot, const char *value) {
  char *copy = NULL;
  if (value) {
    copy = strdup(value);
    if (!copy)
      return AF_ENOMEM;
  }
  free((char *)*slot);
  *slot = copy;
  return 0;
}

/* Takes ownership of `value` (may be NULL). */
static void set_taken(const char **slot, char *value) {
  free((char *)*slot);
  *slot = value;
}

void af__random_id(char out[17]) {
  unsigned char b[8];
  if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b)) {
    /* getrandom cannot fail for 8 bytes after boot; keep ids unique anyway */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned long long v = (unsigned long long)ts.tv_nsec ^
                           ((unsigned long long)ts.tv_sec << 20) ^
                           (unsigned long long)(uintptr_t)out;
    memcpy(b, &v, sizeof(b));
  }
  for (int i = 0; i < 8; i++)
    snprintf(out + 2 * i, 3, "%02x", b[i]);
}

static void digest_hex(const EVP_MD *md, const void *data, size_t len,
                       char *out) {
  unsigned char d[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!EVP_Digest(data, len, d, &n, md, NULL))
    n = 0;
  for (unsigned int i = 0; i < n; i++)
    snprintf(out + 2 * i, 3, "%02x", d[i]);
  out[2 * n] = '\0';
}

void af__sha1_hex(const void *data, size_t len, char out[41]) {
  digest_hex(EVP_sha1(), data, len, out);
}

void af__sha256_hex(const void *data, size_t len, char out[65]) {
  digest_hex(EVP_sha256(), data, len, out);
}

void af__iso_time(long long t, char out[32]) {
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

af__doc *af__doc_new(const char *url) {
  af__doc *d = calloc(1, sizeof(*d));
  char trace[17];
  char now[32];

  if (!d)
    return NULL;
  d->pub.size = sizeof(af_document);
  d->pub.revision = 1;
  af__random_id(trace);
  af__iso_time((long long)time(NULL), now);
  if (set_owned(&d->pub.url, url) || set_owned(&d->pub.trace_id, trace) ||
      set_owned(&d->pub.fetched, now)) {
    af__doc_free(d);
    return NULL;
  }
  return d;
}

static void free_findings(af__doc *d) {
  if (d->finding_ids) {
    for (size_t i = 0; i < d->findings.n; i++)
      free(d->finding_ids[i]);
    free(d->finding_ids);
    d->finding_ids = NULL;
  }
  af__findings_free(&d->findings);
  d->pub.findings = NULL;
  d->pub.n_findings = 0;
}

int af__doc_publish_paras(af__doc *d, size_t n) {
  const af_para **v = calloc(n ? n : 1, sizeof(*v));
  if (!v)
    return AF_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    d->paras[i].size = sizeof(af_para);
    v[i] = &d->paras[i];
  }
  free(d->para_ptrs);
  d->para_ptrs = v;
  d->pub.paras = v;
  d->pub.n_paras = n;
  return 0;
}

static void free_paras(af__doc *d) {
  if (d->paras)
    for (size_t i = 0; i < d->pub.n_paras; i++) {
      free((char *)d->paras[i].text);
      free((char *)d->paras[i].number);
    }
  free(d->paras);
  free(d->para_ptrs);
  d->paras = NULL;
  d->para_ptrs = NULL;
  d->pub.paras = NULL;
  d->pub.n_paras = 0;
}

int af__doc_keep(af__doc *d, void *p) {
  void **v;

  if (!p)
    return AF_ENOMEM;
  v = realloc(d->kept, (d->n_kept + 1) * sizeof(*v));
  if (!v) {
    free(p);
    return AF_ENOMEM;
  }
  d->kept = v;
  d->kept[d->n_kept++] = p;
  return 0;
}

void *af__doc_alloc(af__doc *d, size_t n) {
  void *p = calloc(1, n ? n : 1);
  return af__doc_keep(d, p) ? NULL : p;
}

char *af__doc_strdup(af__doc *d, const char *s) {
  char *c;

  if (!s)
    return NULL;
  c = strdup(s);
  return af__doc_keep(d, c) ? NULL : c;
}

static void free_kept(af__doc *d) {
  for (size_t i = 0; i < d->n_kept; i++)
    free(d->kept[i]);
  free(d->kept);
  d->kept = NULL;
  d->n_kept = 0;
}

/* The normaliser links a finding to a catalogue entry that may have no id
 * yet (the seed list's): give the reference the id its landing page has. */
static int report_ids(af__doc *d) {
  for (size_t i = 0; i < d->findings.n; i++) {
    af_finding *f = d->findings.v[i];
    af_report_ref *r;
    char id[17];
    if (!f->report || f->report->id || !f->report->url)
      continue;
    r = af__doc_alloc(d, sizeof(*r));
    if (!r)
      return AF_ENOMEM;
    *r = *f->report;
    af__report_id(r->url, id);
    r->id = af__doc_strdup(d, id);
    if (!r->id)
      return AF_ENOMEM;
    f->report = r;
  }
  return 0;
}

void af__doc_free(af__doc *d) {
  if (!d)
    return;
  free_kept(d);
#define FREE_FIELD(f) free((char *)d->pub.f);
  DOC_STRINGS(FREE_FIELD)
#undef FREE_FIELD
  free(d->body);
  free(d->content_type);
  free(d->etag);
  free(d->last_modified);
  for (size_t i = 0; i < d->n_blocks; i++) {
    free(d->blocks[i].text);
    free(d->blocks[i].number);
  }
  free(d->blocks);
  free(d->hc);
  free(d->report_id);
  for (size_t i = 0; i < d->n_bodies; i++)
    free(d->bodies[i]);
  free(d->bodies);
  for (size_t i = 0; i < d->n_fallbacks; i++) {
    free(d->fallbacks[i].field);
    free(d->fallbacks[i].value);
  }
  free(d->fallbacks);
  free_paras(d);
  free_findings(d);
  free(d->loaded_mem);
  json_decref(d->loaded);
  free(d);
}

static int add_block(af__doc *d, const char *text, int kind, int level) {
  if (!text || !*text)
    return 0;
  if (d->n_blocks == d->cap_blocks) {
    size_t cap = d->cap_blocks ? d->cap_blocks * 2 : 8;
    void *nb = realloc(d->blocks, cap * sizeof(*d->blocks));
    if (!nb)
      return AF_ENOMEM;
    d->blocks = nb;
    d->cap_blocks = cap;
  }
  char *copy = strdup(text);
  if (!copy)
    return AF_ENOMEM;
  d->blocks[d->n_blocks].text = copy;
  d->blocks[d->n_blocks].kind = kind;
  d->blocks[d->n_blocks].level = level;
  d->blocks[d->n_blocks].number = NULL;
  d->n_blocks++;
  return 0;
}

static const char **field_slot(af__doc *d, const char *field) {
  static const struct {
    const char *name;
    size_t off;
  } fields[] = {
#define F(n) {#n, offsetof(af_document, n)}
      F(title),     F(byline),   F(published), F(publisher),
      F(language),  F(summary),  F(canonical_url), F(final_url),
      F(fetched),   F(doc_kind), F(source),    F(plugin),
      F(plugin_version), F(url), F(report_type), F(session), F(pdf_url),
      F(summary_pdf_url),
#undef F
  };
  for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
    if (strcmp(field, fields[i].name) == 0)
      return (const char **)((char *)&d->pub + fields[i].off);
  return NULL;
}

int af__doc_set(af__doc *d, const char *field, const char *value) {
  if (!d || !field)
    return AF_EINVAL;
  if (strcmp(field, "paragraph") == 0)
    return add_block(d, value, AF_PARA_TEXT, 0);
  if (strcmp(field, "heading") == 0)
    return add_block(d, value, AF_PARA_HEADING, 2);
  if (strcmp(field, "heading1") == 0)
    return add_block(d, value, AF_PARA_HEADING, 1);
  if (strcmp(field, "number") == 0) /* the last block's paragraph number */
    return d->n_blocks ? set_owned((const char **)&d->blocks[d->n_blocks - 1].number, value)
                       : AF_EINVAL;
  if (strcmp(field, "hc") == 0)
    return set_owned((const char **)&d->hc, value);
  if (strcmp(field, "comments") == 0) { /* keep the page's reader comments */
    d->comments = value && (!strcmp(value, "true") || !strcmp(value, "1"));
    return 0;
  }
  if (strcmp(field, "pages") == 0) {
    d->pub.pages = value ? strtol(value, NULL, 10) : 0;
    return 0;
  }
  if (strcmp(field, "body") == 0) { /* an audited body; repeatable */
    if (!value || !*value)
      return 0;
    char **nb = realloc(d->bodies, (d->n_bodies + 1) * sizeof(*nb));
    if (!nb)
      return AF_ENOMEM;
    d->bodies = nb;
    if (!(nb[d->n_bodies] = strdup(value)))
      return AF_ENOMEM;
    d->n_bodies++;
    return 0;
  }
  if (strcmp(field, "item") == 0)
    return add_block(d, value, AF_PARA_ITEM, 0);
  if (strcmp(field, "etag") == 0)
    return set_owned((const char **)&d->etag, value);
  if (strcmp(field, "last_modified") == 0)
    return set_owned((const char **)&d->last_modified, value);
  const char **slot = field_slot(d, field);
  return slot ? set_owned(slot, value) : AF_EINVAL;
}

int af__doc_set_fallback(af__doc *d, const char *field, const char *value) {
  if (!d || !field || !field_slot(d, field))
    return AF_EINVAL;
  if (!value)
    return 0;
  void *nv = realloc(d->fallbacks, (d->n_fallbacks + 1) * sizeof(*d->fallbacks));
  if (!nv)
    return AF_ENOMEM;
  d->fallbacks = nv;
  char *f = strdup(field), *v = strdup(value);
  if (!f || !v) {
    free(f);
    free(v);
    return AF_ENOMEM;
  }
  d->fallbacks[d->n_fallbacks].field = f;
  d->fallbacks[d->n_fallbacks].value = v;
  d->n_fallbacks++;
  return 0;
}

/* After extraction: what is still unknown takes the source's fallback. */
static int apply_fallbacks(af__doc *d) {
  for (size_t i = 0; i < d->n_fallbacks; i++) {
    const char **slot = field_slot(d, d->fallbacks[i].field);
    if (slot && !*slot) {
      *slot = d->fallbacks[i].value;
      d->fallbacks[i].value = NULL;
    }
  }
  return 0;
}

int af__doc_set_body(af__doc *d, const char *content_type, const char *body,
                    size_t len) {
  char *copy = malloc(len + 1);
  if (!copy)
    return AF_ENOMEM;
  memcpy(copy, body, len);
  copy[len] = '\0';
  int rc = set_owned((const char **)&d->content_type,
                     content_type ? content_type : "text/html");
  if (rc) {
    free(copy);
    return rc;
  }
  free(d->body);
  d->body = copy;
  d->body_len = len;
  return 0;
}

int af__doc_set_response(af__doc *d, const af_response *res) {
  int rc = 0;
  if (!res)
    return AF_EINVAL;
  d->pub.http_status = res->status;
  if (res->final_url)
    rc = rc ? rc : set_owned(&d->pub.final_url, res->final_url);
  if (res->fetched)
    rc = rc ? rc : set_owned(&d->pub.fetched, res->fetched);
  if (res->etag)
    rc = rc ? rc : set_owned((const char **)&d->etag, res->etag);
  if (AF_HAS_MEMBER(res, af_response, trace_id) && res->trace_id)
    rc = rc ? rc : set_owned(&d->pub.trace_id, res->trace_id);
  if (res->last_modified)
    rc = rc ? rc
            : set_owned((const char **)&d->last_modified, res->last_modified);
  return rc;
}

/* A source's own value wins; the extractor fills what it left unknown. */
static void fill_missing(const char **slot, char **extracted) {
  if (!*slot && *extracted && **extracted) {
    *slot = *extracted;
    *extracted = NULL;
  }
}

/* Join blocks into pub.text ("\n\n" between) and pub.paras with offsets.
 * Consumes the block texts. */
static int build_text(af__doc *d, af__xpara *blocks, size_t n) {
  size_t total = 1;
  for (size_t i = 0; i < n; i++)
    total += strlen(blocks[i].text) + 2;
  char *text = malloc(total);
  af_para *paras = calloc(n ? n : 1, sizeof(*paras));
  if (!text || !paras) {
    free(text);
    free(paras);
    return AF_ENOMEM;
  }
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(blocks[i].text);
    if (i) {
      text[o++] = '\n';
      text[o++] = '\n';
    }
    paras[i].offset = o;
    paras[i].kind = blocks[i].kind;
    paras[i].level = blocks[i].level;
    paras[i].text = blocks[i].text; /* ownership moves to paras */
    blocks[i].text = NULL;
    memcpy(text + o, paras[i].text, len);
    o += len;
  }
  text[o] = '\0';
  free_paras(d);
  set_taken(&d->pub.text, text);
  d->paras = paras;
  d->pub.n_paras = n; /* owned now, even if publishing fails */
  return af__doc_publish_paras(d, n);
}

int af__doc_report_build(af__doc *d) {
  char hex[41];
  d->pub.audited_bodies = (const char *const *)d->bodies;
  d->pub.n_audited_bodies = d->n_bodies;
  if (!d->pub.doc_kind || strcmp(d->pub.doc_kind, "nao_report") != 0)
    return 0;
  const char *u = d->pub.canonical_url ? d->pub.canonical_url : d->pub.url;
  if (!u)
    return 0;
  af__sha1_hex(u, strlen(u), hex);
  hex[16] = '\0';
  int rc = set_owned((const char **)&d->report_id, hex);
  if (rc)
    return rc;
  d->report = (af_report_ref){.size = sizeof(af_report_ref), .id = d->report_id,
                              .title = d->pub.title, .published = d->pub.published,
                              .hc = d->hc, .url = u, .basis = "self", .confidence = 1.0};
  d->pub.report = &d->report;
  return 0;
}

static int is_http_url(const char *u) {
  return u && (strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0);
}

static int assign_ids(af__doc *d, int dedup) {
  char hex[65];
  const char *basis = d->pub.url;
  char *canon = NULL;

  /* The canonical URL: the page's own claim when it is a web URL, else the
   * cleaned URL we ended up at. */
  if (!d->pub.canonical_url || !is_http_url(d->pub.canonical_url)) {
    const char *u = d->pub.final_url ? d->pub.final_url : d->pub.url;
    canon = af__url_canonical(u);
    /* Not a URL the canonicaliser knows (a plugin's own scheme): it is
     * its own canonical form. */
    if (!canon && u && !(canon = strdup(u)))
      return AF_ENOMEM;
    set_taken(&d->pub.canonical_url, canon);
  }
  if (dedup == AF_DEDUP_CANONICAL)
    basis = d->pub.canonical_url;
  char item_basis[4200];
  if (basis && d->pub.doc_kind && strcmp(d->pub.doc_kind, "feed_item") == 0) {
    /* A feed item describes a page without being it: it must not share
     * the page's identity, or the two would replace each other. */
    snprintf(item_basis, sizeof(item_basis), "feed-item:%s", basis);
    basis = item_basis;
  }
  if (dedup == AF_DEDUP_OFF)
    basis = d->pub.trace_id; /* every emitted document is its own record */
  if (!basis)
    basis = "";
  af__sha1_hex(basis, strlen(basis), hex);
  hex[16] = '\0';
  int rc = set_owned(&d->pub.id, hex);
  if (rc)
    return rc;

  const char *t = d->pub.text ? d->pub.text : "";
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  unsigned char dg[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!ctx)
    return AF_ENOMEM;
  /* The title is part of the content: a retitled article is a revision. */
  EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
  if (d->pub.title)
    EVP_DigestUpdate(ctx, d->pub.title, strlen(d->pub.title));
  EVP_DigestUpdate(ctx, "\n", 1);
  EVP_DigestUpdate(ctx, t, strlen(t));
  EVP_DigestFinal_ex(ctx, dg, &n);
  EVP_MD_CTX_free(ctx);
  for (unsigned int i = 0; i < n; i++)
    snprintf(hex + 2 * i, 3, "%02x", dg[i]);
  return set_owned(&d->pub.content_hash, hex);
}

/* Finding ids: the document id and the finding's text with case and
 * whitespace folded, so a re-run (or a cosmetic re-spacing) keeps ids. */
static int finding_ids(af__doc *d) {
  if (!d->findings.n)
    return 0;
  d->finding_ids = calloc(d->findings.n, sizeof(char *));
  if (!d->finding_ids)
    return AF_ENOMEM;
  for (size_t i = 0; i < d->findings.n; i++) {
    af_finding *f = d->findings.v[i];
    const char *t = f->text ? f->text : "";
    size_t n = strlen(d->pub.id) + strlen(f->kind ? f->kind : "") + strlen(t) + 3;
    char *norm = malloc(n);
    char hex[41];
    if (!norm)
      return AF_ENOMEM;
    size_t o = (size_t)snprintf(norm, n, "%s|%s|", d->pub.id, f->kind ? f->kind : "");
    int space = 0;
    for (const char *p = t; *p; p++) {
      unsigned char c = (unsigned char)*p;
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
        space = 1;
        continue;
      }
      if (space && o > 0 && norm[o - 1] != '|')
        norm[o++] = ' ';
      space = 0;
      norm[o++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    af__sha1_hex(norm, o, hex);
    free(norm);
    hex[16] = '\0';
    d->finding_ids[i] = strdup(hex);
    if (!d->finding_ids[i])
      return AF_ENOMEM;
    f->id = d->finding_ids[i];
  }
  return 0;
}

static int media_is(const char *ct, const char *want) {
  size_t n = strlen(want);
  return ct && strncmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';');
}

/* The text from a fetched body: the extractor's paragraphs and the
 * metadata it found where the source left a field empty.  The body is
 * freed here either way. */
static int text_from_body(af__doc *d) {
  af__extracted x = {0};
  int rc;

  if (media_is(d->content_type, "text/plain"))
    rc = af__extract_text(d->body, d->body_len, &x, d->errmsg,
                         sizeof(d->errmsg));
  else {
    af__extract_limits lim = {.comments = d->comments};
    rc = af__extract_html(d->body, d->body_len,
                         d->pub.final_url ? d->pub.final_url : d->pub.url,
                         &lim, &x, d->errmsg, sizeof(d->errmsg));
  }
  /* libxml2 keeps the last parse error in thread-local storage; drop it
   * so pool threads do not hold one page's strings until exit. */
  xmlResetLastError();
  size_t body_len = d->body_len;
  free(d->body);
  d->body = NULL;
  d->body_len = 0;
  if (rc < 0)
    goto out;
  fill_missing(&d->pub.title, &x.title);
  fill_missing(&d->pub.byline, &x.byline);
  fill_missing(&d->pub.published, &x.published);
  fill_missing(&d->pub.publisher, &x.publisher);
  fill_missing(&d->pub.language, &x.language);
  fill_missing(&d->pub.summary, &x.description);
  fill_missing(&d->pub.doc_kind, &x.doc_kind);
  if (x.canonical_url && is_http_url(x.canonical_url))
    fill_missing(&d->pub.canonical_url, &x.canonical_url);
  apply_fallbacks(d);
  if (x.n_paras == 0 && !d->pub.summary) {
    snprintf(d->errmsg, sizeof(d->errmsg),
             "no article text found in the %zu-byte %s body", body_len,
             d->content_type ? d->content_type : "");
    rc = AF_EPARSE;
    goto out;
  }
  if (x.n_paras == 0) {
    /* The page had no article text: the feed's summary stands in. */
    af__xpara *one = calloc(1, sizeof(*one));
    char *t = strdup(d->pub.summary);
    if (!one || !t) {
      free(one);
      free(t);
      rc = AF_ENOMEM;
      goto out;
    }
    one->text = t;
    free(x.paras);
    x.paras = one;
    x.n_paras = 1;
  }
  rc = set_owned(&d->pub.extractor_version, AF_EXTRACTOR_VERSION);
  if (!rc)
    rc = build_text(d, x.paras, x.n_paras);
out:
  af__extracted_free(&x);
  return rc;
}

/* Structured documents: the source supplied the blocks itself. */
static int text_from_blocks(af__doc *d) {
  int rc;

  apply_fallbacks(d);
  af__xpara *b = calloc(d->n_blocks ? d->n_blocks : 1, sizeof(*b));
  if (!b)
    return AF_ENOMEM;
  int numbered = 0;
  for (size_t i = 0; i < d->n_blocks; i++) {
    b[i].text = d->blocks[i].text;
    b[i].kind = d->blocks[i].kind;
    b[i].level = d->blocks[i].level;
    d->blocks[i].text = NULL;
    numbered |= d->blocks[i].number != NULL;
  }
  size_t n = d->n_blocks;
  if (n == 0 && d->pub.summary) {
    /* A feed item with no page: its summary is the body. */
    b[0].text = strdup(d->pub.summary);
    n = b[0].text ? 1 : 0;
  }
  rc = build_text(d, b, n);
  for (size_t i = 0; i < n; i++)
    free(b[i].text);
  free(b);
  /* paragraph numbers move to the paragraphs they were set on */
  for (size_t i = 0; numbered && !rc && i < d->n_blocks && i < d->pub.n_paras; i++) {
    d->paras[i].number = d->blocks[i].number;
    d->blocks[i].number = NULL;
  }
  for (size_t i = 0; i < d->n_blocks; i++) {
    free(d->blocks[i].number);
    d->blocks[i].number = NULL;
  }
  d->n_blocks = 0;
  return rc;
}

/* The kind, the ids and the report, once the text is built.  A kind the
 * source set is its knowledge; one the extractor guessed ("news" from
 * og:type) gives way to what the URL says. */
static int settle_identity(af__doc *d, int dedup, int kind_from_source) {
  int rc = 0;

  if (!d->pub.doc_kind)
    rc = set_owned(&d->pub.doc_kind, "news");
  if (!rc)
    rc = assign_ids(d, dedup);
  if (!rc && !kind_from_source) {
    /* The canonical URL is settled now (assign_ids). */
    const char *kind = af__doc_kind_from_url(d->pub.canonical_url);
    if (kind && strcmp(kind, d->pub.doc_kind) != 0)
      rc = set_owned(&d->pub.doc_kind, kind);
  }
  if (!rc)
    rc = af__doc_report_build(d);
  return rc;
}

/* The normaliser's findings over the article, with their ids and the
 * report they cite. */
static int find_findings(af__doc *d, const af__norm_rules *rules) {
  int rc;

  /* Findings come from the article, never from its readers' comments
   * (they follow the article, so the article is a prefix). */
  size_t n_article = d->pub.n_paras;
  while (n_article && d->paras[n_article - 1].kind == AF_PARA_COMMENT)
    n_article--;
  char *article = NULL;
  if (n_article < d->pub.n_paras) {
    size_t end = d->paras[n_article].offset;
    end = end >= 2 ? end - 2 : 0; /* the "\n\n" before the first comment */
    article = strndup(d->pub.text, end);
    if (!article)
      return AF_ENOMEM;
  }
  af__norm_input in = {.title = d->pub.title,
                      .publisher = d->pub.publisher,
                      .published = d->pub.published,
                      .url = d->pub.canonical_url,
                      .doc_kind = d->pub.doc_kind,
                      .text = article ? article : d->pub.text,
                      .paras = d->paras,
                      .n_paras = n_article,
                      .reports = d->reports,
                      .n_reports = d->n_reports};
  rc = af__normalise(rules, &in, &d->findings);
  free(article);
  if (rc < 0) {
    snprintf(d->errmsg, sizeof(d->errmsg), "normaliser failed: %d", rc);
    return rc;
  }
  rc = finding_ids(d);
  if (!rc)
    rc = report_ids(d);
  if (rc)
    return rc;
  /* A report's own findings cite it, unless tied to another report by
   * id; what the normaliser guessed from the text (no id) gives way. */
  for (size_t i = 0; d->pub.report && i < d->findings.n; i++) {
    af_finding *f = d->findings.v[i];
    if (!f->report || !f->report->id)
      f->report = d->pub.report;
  }
  d->pub.findings = (const af_finding *const *)d->findings.v;
  d->pub.n_findings = d->findings.n;
  return set_owned(&d->pub.normaliser_version, AF_NORMALISER_VERSION);
}

int af__doc_process(af__doc *d, const af__norm_rules *rules, int dedup) {
  /* Before the extractor can fill the kind in. */
  int kind_from_source = d->pub.doc_kind != NULL;
  int rc = d->body ? text_from_body(d) : text_from_blocks(d);

  if (!rc)
    rc = settle_identity(d, dedup, kind_from_source);
  if (!rc) {
    free_findings(d);
    if (rules)
      rc = find_findings(d, rules);
  }
  if (rc < 0 && !d->errmsg[0])
    snprintf(d->errmsg, sizeof(d->errmsg), "processing failed (%d)", rc);
  d->error = rc < 0 ? rc : 0;
  return rc < 0 ? rc : 0;
}
