/* JSON views of documents and findings (jansson), and the way back from a
 * document's JSON for the spool.  The field names follow the finding schema
 * documented in the README. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"

static void put_str(json_t *o, const char *k, const char *v) {
  json_object_set_new(o, k, v ? json_string(v) : json_null());
}

/* A record's member under its JSON key: both directions (to JSON for the
 * sinks and the spool, back from the spool) read one table, so a member
 * added to a record is added in one place. */
typedef struct jfield {
  const char *key;
  size_t at;  /* offsetof the member */
  char is_num; /* 1: a double; 0: a const char * */
} jfield;
#define JSTR(T, m) {#m, offsetof(T, m), 0}
#define JNUM(T, m) {#m, offsetof(T, m), 1}

static const jfield figure_fields[] = {
    JSTR(af_figure, raw),      JNUM(af_figure, value),   JSTR(af_figure, unit),
    JSTR(af_figure, scale),    JSTR(af_figure, per),     JSTR(af_figure, qualifier),
    JSTR(af_figure, range),    JSTR(af_figure, role),    JSTR(af_figure, measure),
    JSTR(af_figure, period),   {NULL, 0, 0}};
static const jfield speaker_fields[] = {
    JSTR(af_speaker, name), JSTR(af_speaker, role), JSTR(af_speaker, organisation),
    JSTR(af_speaker, as_written), {NULL, 0, 0}};
static const jfield report_fields[] = {
    JSTR(af_report_ref, id),  JSTR(af_report_ref, title), JSTR(af_report_ref, published),
    JSTR(af_report_ref, hc),  JSTR(af_report_ref, url),   JSTR(af_report_ref, basis),
    {NULL, 0, 0}};
static const jfield discrepancy_fields[] = {
    JSTR(af_discrepancy, report_id), JSTR(af_discrepancy, other_finding),
    JSTR(af_discrepancy, other_doc), JSTR(af_discrepancy, raw),
    JSTR(af_discrepancy, other_raw), JNUM(af_discrepancy, value),
    JNUM(af_discrepancy, other_value), JSTR(af_discrepancy, unit),
    JNUM(af_discrepancy, relative), {NULL, 0, 0}};

static void put_fields(json_t *o, const void *rec, const jfield *t) {
  for (; t->key; t++) {
    const char *at = (const char *)rec + t->at;
    if (t->is_num) {
      double v;
      memcpy(&v, at, sizeof(v));
      json_object_set_new(o, t->key, json_real(v));
    } else {
      const char *v;
      memcpy(&v, at, sizeof(v));
      put_str(o, t->key, v);
    }
  }
}

static json_t *figure_json(const af_figure *g) {
  json_t *o = json_object();
  if (!o)
    return NULL;
  put_fields(o, g, figure_fields);
  json_t *span = json_pack("[II]", (json_int_t)g->start, (json_int_t)g->end);
  json_object_set_new(o, "span", span ? span : json_null());
  if (AF_HAS_MEMBER(g, af_figure, end_year)) {
    if (g->start_year)
      json_object_set_new(o, "start_year", json_integer(g->start_year));
    if (g->end_year)
      json_object_set_new(o, "end_year", json_integer(g->end_year));
  }
  return o;
}

json_t *af__finding_to_json(const af_document *doc, const af_finding *f) {
  json_t *o = json_object();
  json_t *bodies = json_array();
  json_t *figs = json_array();

  if (!o || !bodies || !figs) {
    json_decref(o);
    json_decref(bodies);
    json_decref(figs);
    return NULL;
  }
  put_str(o, "id", f->id);
  put_str(o, "doc", doc ? doc->id : NULL);
  put_str(o, "kind", f->kind);
  put_str(o, "text", f->text);
  json_object_set_new(o, "span", json_pack("[II]", (json_int_t)f->span_start,
                                           (json_int_t)f->span_end));
  put_str(o, "attributed_to", f->attributed_to);
  put_str(o, "topic", f->topic);
  for (size_t i = 0; i < f->n_bodies; i++)
    json_array_append_new(bodies, json_string(f->bodies[i]));
  json_object_set_new(o, "bodies", bodies);
  for (size_t i = 0; i < f->n_figures; i++) {
    json_t *g = figure_json(f->figures[i]);
    if (g)
      json_array_append_new(figs, g);
  }
  json_object_set_new(o, "figures", figs);
  if (f->speaker && f->speaker->name) {
    json_t *s = json_object();
    put_fields(s, f->speaker, speaker_fields);
    json_object_set_new(o, "speaker", s);
  } else {
    json_object_set_new(o, "speaker", json_null());
  }
  if (f->report && f->report->title) {
    json_t *r = json_object();
    put_fields(r, f->report, report_fields);
    if (f->report->basis)
      json_object_set_new(r, "confidence", json_real(f->report->confidence));
    /* The type only the report's own document knows: on its own findings,
     * so a line per finding (jsonl records = findings) carries it too. */
    if (doc && AF_HAS_MEMBER(doc, af_document, report_type) && doc->report &&
        doc->report->id && f->report->id && !strcmp(doc->report->id, f->report->id))
      put_str(r, "type", doc->report_type);
    json_object_set_new(o, "report", r);
  } else {
    json_object_set_new(o, "report", json_null());
  }
  if (AF_HAS_MEMBER(f, af_finding, n_discrepancies) && f->n_discrepancies) {
    json_t *a = json_array();
    for (size_t i = 0; a && i < f->n_discrepancies; i++) {
      const af_discrepancy *x = f->discrepancies[i];
      json_t *d = json_object();
      if (!d)
        continue;
      put_fields(d, x, discrepancy_fields);
      json_array_append_new(a, d);
    }
    if (a)
      json_object_set_new(o, "discrepancies", a);
  }
  if (doc) {
    json_t *src = json_object();
    put_str(src, "url", doc->canonical_url ? doc->canonical_url : doc->url);
    put_str(src, "publisher", doc->publisher);
    put_str(src, "title", doc->title);
    put_str(src, "byline", doc->byline);
    put_str(src, "published", doc->published);
    put_str(src, "doc_kind", doc->doc_kind);
    put_str(src, "source", doc->source);
    put_str(src, "trace_id", doc->trace_id);
    json_object_set_new(o, "source", src);
  }
  return o;
}

static const char *para_kind_name(int k) {
  switch (k) {
  case AF_PARA_HEADING: return "heading";
  case AF_PARA_ITEM: return "item";
  case AF_PARA_QUOTE: return "quote";
  case AF_PARA_TABLE: return "table";
  case AF_PARA_COMMENT: return "comment";
  default: return "text";
  }
}

json_t *af__doc_to_json(const af_document *d, int with_findings) {
  json_t *o = json_object();
  if (!o)
    return NULL;
  put_str(o, "id", d->id);
  put_str(o, "url", d->url);
  put_str(o, "final_url", d->final_url);
  put_str(o, "canonical_url", d->canonical_url);
  put_str(o, "title", d->title);
  put_str(o, "byline", d->byline);
  put_str(o, "published", d->published);
  put_str(o, "publisher", d->publisher);
  put_str(o, "language", d->language);
  put_str(o, "doc_kind", d->doc_kind);
  put_str(o, "summary", d->summary);
  put_str(o, "text", d->text);
  json_t *paras = json_array();
  for (size_t i = 0; paras && i < d->n_paras; i++) {
    json_t *p = json_pack("{s:s, s:s, s:I}", "kind",
                          para_kind_name(d->paras[i]->kind), "text",
                          d->paras[i]->text ? d->paras[i]->text : "", "offset",
                          (json_int_t)d->paras[i]->offset);
    if (p && d->paras[i]->kind == AF_PARA_HEADING)
      json_object_set_new(p, "level", json_integer(d->paras[i]->level));
    if (p && AF_HAS_MEMBER(d->paras[i], af_para, number) && d->paras[i]->number)
      json_object_set_new(p, "number", json_string(d->paras[i]->number));
    if (p)
      json_array_append_new(paras, p);
  }
  json_object_set_new(o, "paragraphs", paras ? paras : json_null());
  if (AF_HAS_MEMBER(d, af_document, n_audited_bodies) && d->report) {
    /* a report's own document: what it is, for the reports table */
    json_t *r = json_object(), *b = json_array();
    if (r && b) {
      put_str(r, "id", d->report->id);
      put_str(r, "title", d->report->title);
      put_str(r, "published", d->report->published);
      put_str(r, "hc", d->report->hc);
      put_str(r, "url", d->report->url);
      put_str(r, "type", d->report_type);
      put_str(r, "session", d->session);
      put_str(r, "pdf_url", d->pdf_url);
      put_str(r, "summary_pdf_url", d->summary_pdf_url);
      json_object_set_new(r, "pages", json_integer(d->pages));
      for (size_t i = 0; i < d->n_audited_bodies; i++)
        json_array_append_new(b, json_string(d->audited_bodies[i]));
      json_object_set_new(r, "bodies", b);
      b = NULL;
      json_object_set_new(o, "report", r);
      r = NULL;
    }
    json_decref(r);
    json_decref(b);
  }
  put_str(o, "content_hash", d->content_hash);
  json_object_set_new(o, "revision", json_integer(d->revision));
  put_str(o, "prev_hash", d->prev_hash);

  json_t *prov = json_object();
  if (prov) {
    put_str(prov, "source", d->source);
    put_str(prov, "plugin", d->plugin);
    put_str(prov, "plugin_version", d->plugin_version);
    put_str(prov, "url", d->url);
    put_str(prov, "final_url", d->final_url);
    json_object_set_new(prov, "http_status", json_integer(d->http_status));
    put_str(prov, "fetched", d->fetched);
    put_str(prov, "content_hash", d->content_hash);
    put_str(prov, "extractor", d->extractor_version);
    put_str(prov, "normaliser", d->normaliser_version);
    put_str(prov, "trace_id", d->trace_id);
    json_object_set_new(o, "provenance", prov);
  }
  if (with_findings) {
    json_t *fa = json_array();
    for (size_t i = 0; fa && i < d->n_findings; i++) {
      json_t *f = af__finding_to_json(NULL, d->findings[i]);
      if (f) {
        json_object_set_new(f, "doc", d->id ? json_string(d->id) : json_null());
        json_array_append_new(fa, f);
      }
    }
    json_object_set_new(o, "findings", fa ? fa : json_null());
  }
  return o;
}

static char *dump(json_t *j) {
  if (!j)
    return NULL;
  char *s = json_dumps(j, JSON_COMPACT);
  json_decref(j);
  return s;
}

char *af__doc_to_json_str(const af_document *doc, int with_findings) {
  return dump(af__doc_to_json(doc, with_findings));
}

char *af__finding_to_json_str(const af_document *doc, const af_finding *f) {
  return dump(af__finding_to_json(doc, f));
}

/* ---- back from JSON (the spool) ------------------------------------------ */

static const char *jstr(json_t *o, const char *k) {
  return json_string_value(json_object_get(o, k));
}

static void get_fields(json_t *o, void *rec, const jfield *t) {
  for (; t->key; t++) {
    char *at = (char *)rec + t->at;
    if (t->is_num) {
      double v = json_number_value(json_object_get(o, t->key));
      memcpy(at, &v, sizeof(v));
    } else {
      const char *v = jstr(o, t->key);
      memcpy(at, (const void *)&v, sizeof(v));
    }
  }
}

static size_t jsize(json_t *v) {
  json_int_t i = json_is_integer(v) ? json_integer_value(v) : 0;
  return i > 0 ? (size_t)i : 0;
}

static int para_kind_of(const char *k) {
  if (!k)
    return AF_PARA_TEXT;
  if (!strcmp(k, "heading"))
    return AF_PARA_HEADING;
  if (!strcmp(k, "item"))
    return AF_PARA_ITEM;
  if (!strcmp(k, "quote"))
    return AF_PARA_QUOTE;
  if (!strcmp(k, "table"))
    return AF_PARA_TABLE;
  if (!strcmp(k, "comment"))
    return AF_PARA_COMMENT;
  return AF_PARA_TEXT;
}

static int set_copy(const char **slot, const char *v) {
  if (!v)
    return 0;
  char *c = strdup(v);
  if (!c)
    return -1;
  *slot = c;
  return 0;
}

/* Where the next finding's bodies and figures go in the one allocation
 * of load_findings. */
typedef struct {
  const af_figure **figure_ptrs;
  const char **bodies;
  af_figure *figures;
} finding_cursor;

static void load_bodies(json_t *f, af_finding *o, finding_cursor *c) {
  json_t *b;
  size_t k;

  o->bodies = c->bodies;
  json_array_foreach(json_object_get(f, "bodies"), k, b) {
    if (json_is_string(b))
      c->bodies[o->n_bodies++] = json_string_value(b);
  }
  c->bodies += o->n_bodies;
}

static void load_figures(json_t *f, af_finding *o, finding_cursor *c) {
  json_t *g;
  size_t k;

  o->figures = c->figure_ptrs;
  json_array_foreach(json_object_get(f, "figures"), k, g) {
    af_figure *x = c->figures++;
    json_t *gs = json_object_get(g, "span");
    c->figure_ptrs[o->n_figures++] = x;
    x->size = sizeof(*x);
    get_fields(g, x, figure_fields);
    x->start = jsize(json_array_get(gs, 0));
    x->end = jsize(json_array_get(gs, 1));
    x->start_year = (int)json_integer_value(json_object_get(g, "start_year"));
    x->end_year = (int)json_integer_value(json_object_get(g, "end_year"));
  }
  c->figure_ptrs += o->n_figures;
}

/* Discrepancies are rare, so they get allocations of their own, owned by
 * the document. */
static int load_discrepancies(af__doc *d, json_t *f, af_finding *o) {
  json_t *all = json_object_get(f, "discrepancies"), *dj;
  size_t nd = json_array_size(all), k;

  if (!nd)
    return 0;
  af_discrepancy *xv = af__doc_alloc(d, nd * sizeof(*xv));
  const af_discrepancy **xp = af__doc_alloc(d, nd * sizeof(*xp));
  if (!xv || !xp)
    return -1;
  json_array_foreach(all, k, dj) {
    af_discrepancy *x = &xv[k];
    x->size = sizeof(*x);
    get_fields(dj, x, discrepancy_fields);
    xp[k] = x;
  }
  o->discrepancies = xp;
  o->n_discrepancies = nd;
  return 0;
}

static int load_finding(af__doc *d, json_t *f, af_finding *o, af_speaker *s,
                        af_report_ref *r, finding_cursor *c) {
  json_t *span = json_object_get(f, "span"), *sp, *rp;

  o->size = sizeof(*o);
  o->id = jstr(f, "id");
  o->kind = jstr(f, "kind");
  o->text = jstr(f, "text");
  o->span_start = jsize(json_array_get(span, 0));
  o->span_end = jsize(json_array_get(span, 1));
  o->attributed_to = jstr(f, "attributed_to");
  o->topic = jstr(f, "topic");
  load_bodies(f, o, c);
  load_figures(f, o, c);
  if (json_is_object(sp = json_object_get(f, "speaker"))) {
    s->size = sizeof(*s);
    get_fields(sp, s, speaker_fields);
    o->speaker = s;
  }
  if (json_is_object(rp = json_object_get(f, "report"))) {
    r->size = sizeof(*r);
    get_fields(rp, r, report_fields);
    r->confidence = json_number_value(json_object_get(rp, "confidence"));
    o->report = r;
  }
  return load_discrepancies(d, f, o);
}

/* Findings point into `o` (kept alive by the document); everything else
 * comes from one allocation, laid out as pointer arrays (findings,
 * figures, bodies) first, then the records (findings, figures, speakers,
 * reports), so every part is aligned for what it holds. */
static int load_findings(af__doc *d, json_t *fa) {
  size_t nf = json_array_size(fa), ng = 0, nb = 0, i;
  json_t *f;
  json_array_foreach(fa, i, f) {
    ng += json_array_size(json_object_get(f, "figures"));
    nb += json_array_size(json_object_get(f, "bodies"));
  }
  if (!nf)
    return 0;
  char *mem = calloc(1, (nf + ng + nb) * sizeof(void *) +
                            nf * (sizeof(af_finding) + sizeof(af_speaker) +
                                  sizeof(af_report_ref)) +
                            ng * sizeof(af_figure));
  if (!mem)
    return -1;
  af_finding **fp = (af_finding **)mem;
  finding_cursor c;
  c.figure_ptrs = (const af_figure **)(fp + nf);
  c.bodies = (const char **)(c.figure_ptrs + ng);
  af_finding *fv = (af_finding *)(c.bodies + nb);
  af_speaker *sv = (af_speaker *)(fv + nf);
  af_report_ref *rv = (af_report_ref *)(sv + nf);
  c.figures = (af_figure *)(rv + nf);
  json_array_foreach(fa, i, f) {
    fp[i] = &fv[i];
    if (load_finding(d, f, &fv[i], &sv[i], &rv[i], &c)) {
      free(mem);
      return -1;
    }
  }
  d->loaded_mem = mem;
  d->findings.v = fp;
  d->findings.n = nf;
  d->pub.findings = (const af_finding *const *)fp;
  d->pub.n_findings = nf;
  return 0;
}

/* The document's own strings, copied so they outlive the parsed JSON's
 * edits; findings alone point into it. */
static int load_header(af_document *p, json_t *o) {
  json_t *prov = json_object_get(o, "provenance");
  int bad = set_copy(&p->id, jstr(o, "id")) || set_copy(&p->url, jstr(o, "url")) ||
            set_copy(&p->final_url, jstr(o, "final_url")) ||
            set_copy(&p->canonical_url, jstr(o, "canonical_url")) ||
            set_copy(&p->title, jstr(o, "title")) ||
            set_copy(&p->byline, jstr(o, "byline")) ||
            set_copy(&p->published, jstr(o, "published")) ||
            set_copy(&p->publisher, jstr(o, "publisher")) ||
            set_copy(&p->language, jstr(o, "language")) ||
            set_copy(&p->doc_kind, jstr(o, "doc_kind")) ||
            set_copy(&p->summary, jstr(o, "summary")) ||
            set_copy(&p->text, jstr(o, "text")) ||
            set_copy(&p->content_hash, jstr(o, "content_hash")) ||
            set_copy(&p->prev_hash, jstr(o, "prev_hash")) ||
            set_copy(&p->source, jstr(prov, "source")) ||
            set_copy(&p->plugin, jstr(prov, "plugin")) ||
            set_copy(&p->plugin_version, jstr(prov, "plugin_version")) ||
            set_copy(&p->fetched, jstr(prov, "fetched")) ||
            set_copy(&p->extractor_version, jstr(prov, "extractor")) ||
            set_copy(&p->normaliser_version, jstr(prov, "normaliser")) ||
            set_copy(&p->trace_id, jstr(prov, "trace_id"));
  p->revision = (int)json_integer_value(json_object_get(o, "revision"));
  if (p->revision < 1)
    p->revision = 1;
  p->http_status = (long)json_integer_value(json_object_get(prov, "http_status"));
  return bad ? -1 : 0;
}

static int load_paras(af__doc *d, json_t *pa) {
  af_document *p = &d->pub;
  size_t n = json_array_size(pa), i;
  json_t *x;

  if (!n)
    return 0;
  d->paras = calloc(n, sizeof(*d->paras));
  if (!d->paras)
    return -1;
  json_array_foreach(pa, i, x) {
    af_para *q = &d->paras[p->n_paras];
    const char *t = jstr(x, "text");
    if (set_copy(&q->text, t ? t : ""))
      return -1;
    q->kind = para_kind_of(jstr(x, "kind"));
    q->level = (int)json_integer_value(json_object_get(x, "level"));
    q->offset = jsize(json_object_get(x, "offset"));
    if (jstr(x, "number") && set_copy(&q->number, jstr(x, "number")))
      return -1;
    p->n_paras++;
  }
  return af__doc_publish_paras(d, p->n_paras) ? -1 : 0;
}

/* A report's own document carries its catalogue entry. */
static int load_report(af__doc *d, json_t *rep) {
  af_document *p = &d->pub;
  json_t *b;
  size_t i;
  int bad;

  if (!json_is_object(rep))
    return 0;
  bad = set_copy(&p->report_type, jstr(rep, "type")) ||
        set_copy(&p->session, jstr(rep, "session")) ||
        set_copy(&p->pdf_url, jstr(rep, "pdf_url")) ||
        set_copy(&p->summary_pdf_url, jstr(rep, "summary_pdf_url")) ||
        af__doc_set(d, "hc", jstr(rep, "hc")) != 0;
  p->pages = (long)json_integer_value(json_object_get(rep, "pages"));
  json_array_foreach(json_object_get(rep, "bodies"), i, b) {
    if (!bad)
      bad = af__doc_set(d, "body", json_string_value(b)) != 0;
  }
  if (!bad)
    bad = af__doc_report_build(d) != 0;
  return bad ? -1 : 0;
}

af__doc *af__doc_from_json(const char *json, size_t len, char *err,
                         size_t errlen) {
  json_error_t je;
  json_t *o = json_loadb(json, len, 0, &je);
  if (!json_is_object(o)) {
    snprintf(err, errlen, "not a document: %s",
             o ? "not a JSON object" : je.text);
    json_decref(o);
    return NULL;
  }
  if (!jstr(o, "id") || !jstr(o, "url") || !jstr(o, "content_hash")) {
    snprintf(err, errlen, "not a document: no id, url or content_hash");
    json_decref(o);
    return NULL;
  }
  af__doc *d = calloc(1, sizeof(*d));
  if (!d) {
    json_decref(o);
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  d->pub.size = sizeof(af_document);
  d->loaded = o;
  json_t *fa = json_object_get(o, "findings");
  if (load_header(&d->pub, o) || load_paras(d, json_object_get(o, "paragraphs")) ||
      load_report(d, json_object_get(o, "report")) ||
      (json_is_array(fa) && load_findings(d, fa))) {
    af__doc_free(d);
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  return d;
}
