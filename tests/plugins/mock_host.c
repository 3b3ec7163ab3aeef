/* Mock core for plugin tests; see mock_host.h. */
#include "mock_host.h"
#include "mock_int.h"

#include <dlfcn.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The core's own feed parser, URL helpers, gzip reader and text decoder
 * (af_core).  For the feed parser especially: a toy RSS reader
 * here would have had to grow sitemaps, sitemap indexes, Atom, xml:base
 * and date normalisation to ISO 8601 (which `since` compares) -- a second
 * feed parser, tested by nothing, that could agree with the plugin and
 * disagree with the core.  Linking the real one keeps the mock honest:
 * the plugin sees exactly the af_feed a run gives it. */
#include "charset.h"
#include "feed.h"
#include "gzip.h"
#include "url.h"

struct af_docb {
  char *url;
  char *content_type;
  char *body;
  size_t len;
  char *fields;
};

af_inst mock__inst = {"test"};
void *mock__ctx;
static void *g_dl;
static char *g_log;
static size_t g_log_len;
static mock_emitted *g_emitted;
static size_t g_n_emitted, g_cap_emitted;
static size_t g_emit_calls, g_emit_full_at;
static int g_source_done_calls, g_stopped_calls;
static long g_source_failed;
static char **g_strs; /* config strings the mock owns */
static size_t g_n_strs;
static const char **g_lists[16]; /* AF_OPT_LIST arrays (values in g_strs) */
static size_t g_n_lists;
static int g_stop_called; /* mock_stop ran: unload does not stop again */
int mock__stopping;

void *mock__xmalloc(size_t n) {
  void *p = calloc(1, n ? n : 1);
  if (!p)
    abort();
  return p;
}

char *mock__xstrdup(const char *s) {
  char *d = strdup(s ? s : "");
  if (!d)
    abort();
  return d;
}

static void append(char **buf, size_t *len, const char *s) {
  size_t n = strlen(s);
  char *nb = realloc(*buf, *len + n + 1);
  if (!nb)
    abort();
  memcpy(nb + *len, s, n + 1);
  *buf = nb;
  *len += n;
}

/* ---- af_api ------------------------------------------------------------ */

__attribute__((format(printf, 4, 5))) static void m_log(af_inst *inst, int level,
                                                        const char *event,
                                                        const char *fmt, ...) {
  static const char *const names[] = {"error", "warn", "info", "debug"};
  char line[2048];
  int n = snprintf(line, sizeof line, "%s %s ", names[level & 3], event);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
  va_end(ap);
  strcat(line, "\n");
  append(&g_log, &g_log_len, line);
  if (getenv("AF_TEST_VERBOSE"))
    fputs(line, stderr);
}

const char *mock__strerror(int err) {
#define GEN(name, val, msg) \
  if (err == (val))         \
    return msg;
  AF_ERRNO_MAP(GEN)
#undef GEN
  return "unknown error";
}

static void m_free(void *p) { free(p); }
static const char *m_instance_name(af_inst *inst) { return inst->name; }

static af_docb *m_doc_new(af_inst *inst, const char *url) {
  af_docb *d = mock__xmalloc(sizeof *d);
  d->url = mock__xstrdup(url);
  return d;
}

static int doc_field(af_docb *doc, const char *mark, const char *field,
                     const char *value) {
  static const char *const known[] = {
      "title", "byline", "published", "publisher", "language", "summary",
      "canonical_url", "final_url", "fetched", "doc_kind", "etag", "last_modified",
      "paragraph", "heading", "item", "comments", NULL};
  int ok = 0;
  for (size_t i = 0; known[i]; i++)
    ok |= strcmp(known[i], field) == 0;
  if (!ok || !value)
    return AF_EINVAL;
  size_t len = doc->fields ? strlen(doc->fields) : 0;
  append(&doc->fields, &len, mark);
  append(&doc->fields, &len, field);
  append(&doc->fields, &len, "=");
  append(&doc->fields, &len, value);
  append(&doc->fields, &len, "\n");
  return 0;
}

static int m_doc_set(af_docb *doc, const char *field, const char *value) {
  return doc_field(doc, "", field, value);
}

static int m_doc_set_fallback(af_docb *doc, const char *field, const char *value) {
  return doc_field(doc, "fallback:", field, value);
}

static int m_doc_set_body(af_docb *doc, const char *ct, const char *body, size_t len) {
  free(doc->content_type);
  free(doc->body);
  doc->content_type = mock__xstrdup(ct);
  doc->body = mock__xmalloc(len + 1);
  memcpy(doc->body, body, len);
  doc->len = len;
  return 0;
}

static int m_doc_set_response(af_docb *doc, const af_response *res) { return 0; }

static void m_doc_free(af_docb *doc) {
  if (!doc)
    return;
  free(doc->url);
  free(doc->content_type);
  free(doc->body);
  free(doc->fields);
  free(doc);
}

static int m_emit(af_inst *inst, af_docb *doc) {
  if (g_n_emitted == g_cap_emitted) {
    g_cap_emitted = g_cap_emitted ? 2 * g_cap_emitted : 16;
    g_emitted = realloc(g_emitted, g_cap_emitted * sizeof *g_emitted);
    if (!g_emitted)
      abort();
  }
  mock_emitted *e = &g_emitted[g_n_emitted++];
  e->url = doc->url;
  e->content_type = doc->content_type;
  e->body = doc->body;
  e->len = doc->len;
  e->fields = doc->fields;
  free(doc);
  return ++g_emit_calls == g_emit_full_at ? 1 : 0;
}

static void m_source_done(af_inst *inst, long failed) {
  g_source_done_calls++;
  g_source_failed = failed;
}

static size_t m_batch_len(const af_batch *b) { return b->n; }
static const af_document *m_batch_doc(const af_batch *b, size_t i) {
  return i < b->n ? b->docs[i] : NULL;
}
static void m_batch_done(af_inst *inst, af_batch *b, int verdict) {
  b->done_calls++;
  b->verdict = verdict;
}

static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *finding_json(const af_finding *f) {
  json_t *bodies = json_array();
  for (size_t i = 0; i < f->n_bodies; i++)
    json_array_append_new(bodies, jstr(f->bodies[i]));
  json_t *figs = json_array();
  for (size_t i = 0; i < f->n_figures; i++)
    json_array_append_new(figs, json_pack("{s:o,s:f,s:o}", "raw", jstr(f->figures[i]->raw),
                                          "value", f->figures[i]->value, "unit",
                                          jstr(f->figures[i]->unit)));
  return json_pack("{s:o,s:o,s:o,s:I,s:I,s:o,s:o,s:o}", "id", jstr(f->id), "kind",
                   jstr(f->kind), "text", jstr(f->text), "span_start",
                   (json_int_t)f->span_start, "span_end", (json_int_t)f->span_end,
                   "bodies", bodies, "figures", figs, "speaker",
                   f->speaker && f->speaker->name
                       ? json_pack("{s:s}", "name", f->speaker->name)
                       : json_null());
}

static char *m_doc_to_json(const af_document *d, int with_findings) {
  json_t *o = json_pack("{s:o,s:o,s:o,s:i}", "id", jstr(d->id), "url", jstr(d->url),
                        "title", jstr(d->title), "revision", d->revision);
  if (with_findings) {
    json_t *a = json_array();
    for (size_t i = 0; i < d->n_findings; i++)
      json_array_append_new(a, finding_json(d->findings[i]));
    json_object_set_new(o, "findings", a);
  }
  char *s = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  return s;
}

static char *m_finding_to_json(const af_document *d, const af_finding *f) {
  json_t *o = finding_json(f);
  json_object_set_new(o, "doc_id", jstr(d->id));
  char *s = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  return s;
}

static void m_stopped(af_inst *inst) { g_stopped_calls++; }

static int m_gunzip(const void *in, size_t len, size_t max, char **out, size_t *out_len,
                    char *err, size_t errlen) {
  return af__inflate(in, len, AF__INFLATE_AUTO, max, out, out_len, err, errlen);
}

static int m_text_to_utf8(const char *in, size_t len, const char *media_type,
                          const char *charset, char **out, size_t *out_len) {
  char *used = NULL;
  int rc = af__charset_to_utf8(in, len, media_type, charset, out, out_len, &used);
  free(used);
  return rc;
}

static const af_api g_api = {
    .abi_major = AF_ABI_MAJOR,
    .abi_minor = AF_ABI_MINOR,
    .size = sizeof(af_api),
    .log = m_log,
    .strerror = mock__strerror,
    .free = m_free,
    .instance_name = m_instance_name,
    .doc_new = m_doc_new,
    .doc_set = m_doc_set,
    .doc_set_body = m_doc_set_body,
    .doc_set_response = m_doc_set_response,
    .emit = m_emit,
    .doc_free = m_doc_free,
    .source_done = m_source_done,
    .offload = mock__offload,
    .batch_len = m_batch_len,
    .batch_doc = m_batch_doc,
    .batch_done = m_batch_done,
    .doc_to_json = m_doc_to_json,
    .finding_to_json = m_finding_to_json,
    .stopped = m_stopped,
    .fetch = mock__fetch,
    .timer_start = mock__timer_start,
    .timer_cancel = mock__timer_cancel,
    .state_get = mock__state_get,
    .state_put = mock__state_put,
    .feed_parse = af__feed_parse,
    .feed_free = af__feed_free,
    .url_resolve = af__url_resolve,
    .url_canonical = af__url_canonical,
    .doc_set_fallback = m_doc_set_fallback,
    .gunzip = m_gunzip,
    .text_to_utf8 = m_text_to_utf8,
};

const af_api *mock_api(void) { return &g_api; }
af_inst *mock_inst(void) { return &mock__inst; }

/* ---- loading and configuring ------------------------------------------ */

const af_plugin *mock_load(const char *name) {
  const char *dir = getenv("AF_BUILD_DIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/plugins/af_%s.so", dir ? dir : ".", name);
  return mock_load_path(path, name);
}

const af_plugin *mock_load_path(const char *path, const char *name) {
  g_dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!g_dl) {
    fprintf(stderr, "dlopen %s: %s\n", path, dlerror());
    return NULL;
  }
  af_plugin_entry_fn entry;
  *(void **)&entry = dlsym(g_dl, AF_PLUGIN_ENTRY);
  if (!entry)
    return NULL;
  const af_plugin *p = entry(&g_api);
  if (!p || p->abi_major != AF_ABI_MAJOR || strcmp(p->name, name) != 0)
    return NULL;
  return p;
}

static const char *own(const char *s) {
  g_strs = realloc(g_strs, (g_n_strs + 1) * sizeof *g_strs);
  if (!g_strs)
    abort();
  return g_strs[g_n_strs++] = mock__xstrdup(s);
}

static long parse_scaled(const char *v, int msec) {
  char *end;
  double x = strtod(v, &end);
  if (msec) {
    if (strcmp(end, "s") == 0) x *= 1000;
    else if (strcmp(end, "m") == 0) x *= 60000;
    else if (strcmp(end, "h") == 0) x *= 3600000;
  } else {
    switch (*end) {
    case 'k': case 'K': x *= 1024; break;
    case 'M': x *= 1024 * 1024; break;
    case 'G': x *= 1024.0 * 1024 * 1024; break;
    default: break;
    }
  }
  return (long)x;
}

static void set_value(void *ctx, const af_opt *o, const char *v) {
  char *at = (char *)ctx + o->offset;
  switch (o->type) {
  case AF_OPT_STR: *(const char **)at = own(v); break;
  case AF_OPT_INT: *(long *)at = strtol(v, NULL, 10); break;
  case AF_OPT_BOOL:
    *(int *)at = !strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on") ||
                 !strcmp(v, "1");
    break;
  case AF_OPT_MSEC: *(long *)at = parse_scaled(v, 1); break;
  case AF_OPT_SIZE: *(size_t *)at = (size_t)parse_scaled(v, 0); break;
  default: break;
  }
}

/* Every "key=value" entry for `key`, in order, as the core builds an
 * AF_OPT_LIST from repeated lines; n == 0 when the key was not given. */
static af_strlist collect_list(const char *const *kv, const char *key) {
  size_t klen = strlen(key), n = 0;
  for (size_t i = 0; kv && kv[i]; i++)
    n += strncmp(kv[i], key, klen) == 0 && kv[i][klen] == '=';
  if (!n)
    return (af_strlist){NULL, 0};
  if (g_n_lists == sizeof g_lists / sizeof *g_lists)
    abort();
  const char **v = mock__xmalloc(n * sizeof *v);
  g_lists[g_n_lists++] = v;
  n = 0;
  for (size_t i = 0; kv[i]; i++)
    if (strncmp(kv[i], key, klen) == 0 && kv[i][klen] == '=')
      v[n++] = own(kv[i] + klen + 1);
  return (af_strlist){v, n};
}

void *mock_create(const af_plugin *p, const char *const *kv, int *rc) {
  void *ctx = mock__xmalloc(p->ctx_size);
  for (const af_opt *o = p->opts; o && o->key; o++) {
    if (o->type == AF_OPT_LIST) {
      af_strlist l = collect_list(kv, o->key);
      if (!l.n && o->required) {
        free(ctx);
        return NULL;
      }
      *(af_strlist *)((char *)ctx + o->offset) = l;
      continue;
    }
    const char *val = o->dflt;
    size_t klen = strlen(o->key);
    for (size_t i = 0; kv && kv[i]; i++)
      if (strncmp(kv[i], o->key, klen) == 0 && kv[i][klen] == '=')
        val = kv[i] + klen + 1;
    if (!val && o->required) {
      free(ctx);
      return NULL;
    }
    if (val)
      set_value(ctx, o, val);
  }
  int r = p->create ? p->create(&mock__inst, ctx) : 0;
  if (rc)
    *rc = r;
  if (r != 0) {
    free(ctx);
    return NULL;
  }
  mock__ctx = ctx;
  return ctx;
}

int mock_stop(const af_plugin *p, void *ctx) {
  mock__stopping = 1;
  g_stop_called = 1;
  return p->stop ? p->stop(&mock__inst, ctx) : 0;
}

void mock_unload(const af_plugin *p, void *ctx) {
  if (ctx) {
    if (!g_stop_called && mock_stop(p, ctx) == 1)
      mock_run();
    /* Whatever a stopped plugin left queued is answered as cancelled, as
     * the core does, so every callback runs once and nothing leaks. */
    mock__stopping = 1;
    mock_run();
    if (p->destroy)
      p->destroy(&mock__inst, ctx);
    free(ctx);
  }
  mock__ctx = NULL;
  mock__stopping = g_stop_called = 0;
  mock__drop_timers();
  for (size_t i = 0; i < g_n_strs; i++)
    free(g_strs[i]);
  free(g_strs);
  g_strs = NULL;
  g_n_strs = 0;
  for (size_t i = 0; i < g_n_lists; i++)
    free(g_lists[i]);
  g_n_lists = 0;
  /* ASan reports leaks with unknown frames if the .so is gone by then. */
  if (g_dl && !getenv("AF_TEST_KEEP_DL"))
    dlclose(g_dl);
  g_dl = NULL;
}

/* ---- captured output --------------------------------------------------- */

const char *mock_log(void) { return g_log ? g_log : ""; }
int mock_log_has(const char *needle) { return strstr(mock_log(), needle) != NULL; }
size_t mock_n_emitted(void) { return g_n_emitted; }
const mock_emitted *mock_emitted_at(size_t i) { return i < g_n_emitted ? &g_emitted[i] : NULL; }
const mock_emitted *mock_emitted_for(const char *url) {
  for (size_t i = 0; i < g_n_emitted; i++)
    if (!strcmp(g_emitted[i].url, url))
      return &g_emitted[i];
  return NULL;
}
void mock_set_emit_full_at(size_t n) { g_emit_full_at = n; }
int mock_source_done_calls(void) { return g_source_done_calls; }
long mock_source_failed(void) { return g_source_failed; }
int mock_stopped_calls(void) { return g_stopped_calls; }

void mock_reset(void) {
  free(g_log);
  g_log = NULL;
  g_log_len = 0;
  for (size_t i = 0; i < g_n_emitted; i++) {
    free(g_emitted[i].url);
    free(g_emitted[i].content_type);
    free(g_emitted[i].body);
    free(g_emitted[i].fields);
  }
  free(g_emitted);
  g_emitted = NULL;
  g_n_emitted = g_cap_emitted = 0;
  g_emit_calls = g_emit_full_at = 0;
  g_source_done_calls = g_stopped_calls = 0;
  g_source_failed = 0;
  mock__loop_reset();
}

/* ---- test documents ---------------------------------------------------- */

static const char *const g_bodies[] = {"DfE", "LA"};

af_document *mock_doc_new(const char *id, int revision, size_t n_findings, const char *tag) {
  af_document *d = mock__xmalloc(sizeof *d);
  char buf[512];
  d->size = sizeof *d;
  d->id = mock__xstrdup(id);
  snprintf(buf, sizeof buf, "file:///sample/%s.html", id);
  d->url = mock__xstrdup(buf);
  d->canonical_url = mock__xstrdup(buf);
  d->source = "sample";
  d->plugin = "files";
  d->revision = revision;
  d->doc_kind = "news";
  snprintf(buf, sizeof buf, "Title of %s (%s)", id, tag);
  d->title = mock__xstrdup(buf);
  snprintf(buf, sizeof buf, "Councils spent \"%s\" \xc2\xa3" "4.2bn on children in care.", tag);
  d->text = mock__xstrdup(buf);
  snprintf(buf, sizeof buf, "hash-%s-%d", id, revision);
  d->content_hash = mock__xstrdup(buf);
  if (revision > 1) {
    snprintf(buf, sizeof buf, "hash-%s-%d", id, revision - 1);
    d->prev_hash = mock__xstrdup(buf);
  }
  static const af_report_ref report = {
      .size = sizeof(af_report_ref),
      .title = "Pressures on children's social care",
      .published = "2019-01-23"};
  af_finding *f = mock__xmalloc((n_findings ? n_findings : 1) * sizeof *f);
  const af_finding **fp = mock__xmalloc((n_findings ? n_findings : 1) * sizeof *fp);
  memset(f, 0, (n_findings ? n_findings : 1) * sizeof *f);
  for (size_t i = 0; i < n_findings; i++) {
    fp[i] = &f[i];
    f[i].size = sizeof f[i];
    snprintf(buf, sizeof buf, "%s-f%zu-%s", id, i, tag);
    f[i].id = mock__xstrdup(buf);
    f[i].kind = i % 2 ? "verdict" : "figure";
    f[i].text = mock__xstrdup(d->text);
    f[i].span_end = strlen(d->text);
    f[i].attributed_to = "nao";
    f[i].topic = "children_social_care";
    f[i].bodies = g_bodies;
    f[i].n_bodies = 2;
    /* One allocation: the pointer array, then the figure it points to. */
    const af_figure **gp = mock__xmalloc(sizeof *gp + sizeof(af_figure));
    af_figure *g = (af_figure *)(gp + 1);
    memset(g, 0, sizeof *g);
    *gp = g;
    g->size = sizeof *g;
    g->raw = "\xc2\xa3" "4.2bn";
    g->value = 4.2e9;
    g->unit = "GBP";
    g->scale = "billion";
    f[i].figures = gp;
    f[i].n_figures = 1;
    f[i].report = &report;
  }
  if (!n_findings)
    free(f); /* mock_doc_free reaches the array through findings[0] */
  d->findings = fp;
  d->n_findings = n_findings;
  return d;
}

void mock_doc_free(af_document *d) {
  if (!d)
    return;
  for (size_t i = 0; i < d->n_findings; i++) {
    free((char *)d->findings[i]->id);
    free((char *)d->findings[i]->text);
    free((void *)d->findings[i]->figures);
  }
  if (d->n_findings)
    free((void *)d->findings[0]); /* the array of findings */
  free((void *)d->findings);
  free((char *)d->id);
  free((char *)d->url);
  free((char *)d->canonical_url);
  free((char *)d->title);
  free((char *)d->text);
  free((char *)d->content_hash);
  free((char *)d->prev_hash);
  free(d);
}
