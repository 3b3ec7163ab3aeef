/* The wire form of an unprocessed document, its body aside (see doc.h). */
#include <stdlib.h>
#include <string.h>

#include "doc.h"

static void put(json_t *o, const char *k, const char *v) {
  if (v)
    json_object_set_new(o, k, json_string(v));
}

json_t *af__doc_raw_to_json(const af__doc *d) {
  json_t *o = json_object(), *f = json_object();
  if (!o || !f) {
    json_decref(o);
    json_decref(f);
    return NULL;
  }
#define PUT_FIELD(x) put(f, #x, d->pub.x);
  DOC_STRINGS(PUT_FIELD)
#undef PUT_FIELD
  json_object_set_new(o, "fields", f);
  json_object_set_new(o, "http_status", json_integer(d->pub.http_status));
  put(o, "content_type", d->content_type);
  put(o, "etag", d->etag);
  put(o, "last_modified", d->last_modified);
  json_t *bl = json_array(), *fb = json_array();
  for (size_t i = 0; bl && i < d->n_blocks; i++) {
    json_t *b = json_pack("{s:s,s:i,s:i}", "text", d->blocks[i].text, "kind",
                          d->blocks[i].kind, "level", d->blocks[i].level);
    if (b && d->blocks[i].number)
      json_object_set_new(b, "number", json_string(d->blocks[i].number));
    json_array_append_new(bl, b);
  }
  /* a report's own fields (af_document.report) */
  put(o, "hc", d->hc);
  json_object_set_new(o, "pages", json_integer(d->pub.pages));
  json_t *bodies = json_array();
  for (size_t i = 0; bodies && i < d->n_bodies; i++)
    json_array_append_new(bodies, json_string(d->bodies[i]));
  json_object_set_new(o, "bodies", bodies ? bodies : json_null());
  for (size_t i = 0; fb && i < d->n_fallbacks; i++)
    json_array_append_new(fb, json_pack("{s:s,s:s}", "field",
                                        d->fallbacks[i].field, "value",
                                        d->fallbacks[i].value));
  json_object_set_new(o, "blocks", bl ? bl : json_null());
  json_object_set_new(o, "fallbacks", fb ? fb : json_null());
  return o;
}

static char *dup_str(json_t *v) {
  const char *s = json_string_value(v);
  return s ? strdup(s) : NULL;
}

af__doc *af__doc_raw_from_json(json_t *o) {
  json_t *f = json_object_get(o, "fields");
  const char *url = json_string_value(json_object_get(f, "url"));
  if (!json_is_object(o) || !url)
    return NULL;
  af__doc *d = calloc(1, sizeof(*d));
  if (!d)
    return NULL;
  d->pub.size = sizeof(af_document);
  d->pub.revision = 1;
  int bad = 0;
#define GET_FIELD(x)                                                         \
  if (json_is_string(json_object_get(f, #x)) &&                              \
      !(d->pub.x = dup_str(json_object_get(f, #x))))                         \
    bad = 1;
  DOC_STRINGS(GET_FIELD)
#undef GET_FIELD
  d->pub.http_status = (long)json_integer_value(json_object_get(o, "http_status"));
  d->content_type = dup_str(json_object_get(o, "content_type"));
  d->etag = dup_str(json_object_get(o, "etag"));
  d->last_modified = dup_str(json_object_get(o, "last_modified"));
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(o, "blocks"), i, x) {
    if (bad)
      break;
    const char *t = json_string_value(json_object_get(x, "text"));
    if (!t || !*t)
      continue;
    if (af__doc_set(d, "paragraph", t) != 0) /* grows blocks */
      bad = 1;
    else {
      d->blocks[d->n_blocks - 1].kind = (int)json_integer_value(json_object_get(x, "kind"));
      d->blocks[d->n_blocks - 1].level = (int)json_integer_value(json_object_get(x, "level"));
      const char *num = json_string_value(json_object_get(x, "number"));
      if (num && af__doc_set(d, "number", num) != 0)
        bad = 1;
    }
  }
  d->pub.pages = (long)json_integer_value(json_object_get(o, "pages"));
  if (!bad && json_string_value(json_object_get(o, "hc")))
    bad = af__doc_set(d, "hc", json_string_value(json_object_get(o, "hc"))) != 0;
  json_array_foreach(json_object_get(o, "bodies"), i, x)
    if (!bad && json_string_value(x))
      bad = af__doc_set(d, "body", json_string_value(x)) != 0;
  json_array_foreach(json_object_get(o, "fallbacks"), i, x) {
    if (bad)
      break;
    const char *k = json_string_value(json_object_get(x, "field"));
    const char *v = json_string_value(json_object_get(x, "value"));
    if (k && v && af__doc_set_fallback(d, k, v) != 0)
      bad = 1;
  }
  if (bad) {
    af__doc_free(d);
    return NULL;
  }
  return d;
}
