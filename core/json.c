/* JSON views of documents and findings (jansson).  The field names follow
 * the finding schema documented in the README. */
#include <stdlib.h>
#include <string.h>

#include "doc.h"

static void put_str(json_t *o, const char *k, const char *v) {
  json_object_set_new(o, k, v ? json_string(v) : json_null());
}

static json_t *figure_json(const af_figure *g) {
  json_t *o = json_object();
  if (!o)
    return NULL;
  put_str(o, "raw", g->raw);
  json_object_set_new(o, "value", json_real(g->value));
  put_str(o, "unit", g->unit);
  put_str(o, "scale", g->scale);
  put_str(o, "per", g->per);
  put_str(o, "qualifier", g->qualifier);
  put_str(o, "range", g->range);
  put_str(o, "role", g->role);
  put_str(o, "measure", g->measure);
  put_str(o, "period", g->period);
  json_t *span = json_pack("[II]", (json_int_t)g->start, (json_int_t)g->end);
  json_object_set_new(o, "span", span ? span : json_null());
  return o;
}

json_t *af_finding_to_json(const af_document *doc, const af_finding *f) {
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
    json_t *g = figure_json(&f->figures[i]);
    if (g)
      json_array_append_new(figs, g);
  }
  json_object_set_new(o, "figures", figs);
  if (f->speaker.name) {
    json_t *s = json_object();
    put_str(s, "name", f->speaker.name);
    put_str(s, "role", f->speaker.role);
    put_str(s, "organisation", f->speaker.organisation);
    put_str(s, "as_written", f->speaker.as_written);
    json_object_set_new(o, "speaker", s);
  } else {
    json_object_set_new(o, "speaker", json_null());
  }
  if (f->report.title) {
    json_t *r = json_object();
    put_str(r, "title", f->report.title);
    put_str(r, "published", f->report.published);
    put_str(r, "hc", f->report.hc);
    put_str(r, "url", f->report.url);
    json_object_set_new(o, "report", r);
  } else {
    json_object_set_new(o, "report", json_null());
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
  default: return "text";
  }
}

json_t *af_doc_to_json(const af_document *d, int with_findings) {
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
                          para_kind_name(d->paras[i].kind), "text",
                          d->paras[i].text ? d->paras[i].text : "", "offset",
                          (json_int_t)d->paras[i].offset);
    if (p && d->paras[i].kind == AF_PARA_HEADING)
      json_object_set_new(p, "level", json_integer(d->paras[i].level));
    if (p)
      json_array_append_new(paras, p);
  }
  json_object_set_new(o, "paragraphs", paras ? paras : json_null());
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
      json_t *f = af_finding_to_json(NULL, &d->findings[i]);
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

char *af_doc_to_json_str(const af_document *doc, int with_findings) {
  return dump(af_doc_to_json(doc, with_findings));
}

char *af_finding_to_json_str(const af_document *doc, const af_finding *f) {
  return dump(af_finding_to_json(doc, f));
}
