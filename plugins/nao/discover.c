/* Finding the reports: REST API, then RSS feed, then the listing page.
 *
 * Each listing response is reduced to one JSON form ({"items": [{"u": url,
 * "t": title, "d": date, "k": type, "b": [bodies]}], "total": pages} or
 * {"rest_base": route}) and kept in the instance's state under "list:URL",
 * so that a listing that answers 304 on the next run is replayed from
 * there: an unchanged site costs one 304 per listing and per report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "nao.h"

enum { S_TYPES, S_REST, S_RSS, S_LIST };
static const char *const step_names[] = {"types", "rest", "rss", "listing"};

typedef struct step {
  nao_ctx *c;
  int kind;
  long page;
  char *url;
} step;

static void fetch_step(nao_ctx *c, int kind, long page, int conditional);

/* WordPress renders titles as HTML: "Tom &amp; Jerry&#8217;s <em>x</em>". */
static char *html_text(const char *s) {
  static const struct { const char *name, *utf8; } ents[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"},
      {"nbsp", " "}, {"rsquo", "\xE2\x80\x99"}, {"lsquo", "\xE2\x80\x98"},
      {"ldquo", "\xE2\x80\x9C"}, {"rdquo", "\xE2\x80\x9D"},
      {"ndash", "\xE2\x80\x93"}, {"mdash", "\xE2\x80\x94"}, {"pound", "\xC2\xA3"}};
  size_t n = strlen(s), o = 0;
  char *out = malloc(n * 4 + 1);
  if (!out)
    return NULL;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '<') {
      const char *e = strchr(s + i, '>');
      if (e) {
        i = (size_t)(e - s);
        continue;
      }
    }
    if (s[i] == '&') {
      const char *semi = strchr(s + i, ';');
      if (semi && semi - (s + i) < 10) {
        size_t nl = (size_t)(semi - (s + i) - 1);
        if (s[i + 1] == '#') {
          unsigned long cp = s[i + 2] == 'x' || s[i + 2] == 'X'
                                 ? strtoul(s + i + 3, NULL, 16)
                                 : strtoul(s + i + 2, NULL, 10);
          if (cp > 0 && cp < 0x110000) {
            if (cp < 0x80) {
              out[o++] = (char)cp;
            } else if (cp < 0x800) {
              out[o++] = (char)(0xC0 | (cp >> 6));
              out[o++] = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
              out[o++] = (char)(0xE0 | (cp >> 12));
              out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
              out[o++] = (char)(0x80 | (cp & 0x3F));
            } else {
              out[o++] = (char)(0xF0 | (cp >> 18));
              out[o++] = (char)(0x80 | ((cp >> 12) & 0x3F));
              out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
              out[o++] = (char)(0x80 | (cp & 0x3F));
            }
            i = (size_t)(semi - s);
            continue;
          }
        }
        for (size_t k = 0; k < sizeof(ents) / sizeof(ents[0]); k++)
          if (strlen(ents[k].name) == nl && !strncmp(s + i + 1, ents[k].name, nl)) {
            size_t ul = strlen(ents[k].utf8);
            memcpy(out + o, ents[k].utf8, ul);
            o += ul;
            i = (size_t)(semi - s);
            goto next;
          }
      }
    }
    out[o++] = s[i];
  next:;
  }
  out[o] = '\0';
  /* trim */
  while (o && (out[o - 1] == ' ' || out[o - 1] == '\n'))
    out[--o] = '\0';
  size_t lead = strspn(out, " \n");
  memmove(out, out + lead, o - lead + 1);
  return out;
}

static json_t *item(const char *u, const char *t, const char *d, const char *k,
                    json_t *bodies) {
  json_t *o = json_object();
  if (!o) {
    json_decref(bodies);
    return NULL;
  }
  json_object_set_new(o, "u", json_string(u));
  if (t)
    json_object_set_new(o, "t", json_string(t));
  if (d)
    json_object_set_new(o, "d", json_string(d));
  if (k)
    json_object_set_new(o, "k", json_string(k));
  json_object_set_new(o, "b", bodies ? bodies : json_array());
  return o;
}

/* The post type whose name says "report" (and not a press release). */
static json_t *norm_types(nao_ctx *c, const char *body, size_t len) {
  json_error_t je;
  json_t *root = json_loadb(body, len, 0, &je), *best = NULL;
  const char *key;
  json_t *v;
  (void)c;
  if (!json_is_object(root)) {
    json_decref(root);
    return NULL;
  }
  json_object_foreach(root, key, v) {
    const char *rb = json_string_value(json_object_get(v, "rest_base"));
    const char *slug = json_string_value(json_object_get(v, "slug"));
    if (!rb)
      continue;
    if (!strcasecmp(rb, "report") || !strcasecmp(rb, "reports") ||
        (slug && !strcasecmp(slug, "report"))) {
      best = json_string(rb);
      break;
    }
    if (!best && strcasestr(rb, "report") && !strcasestr(rb, "press"))
      best = json_string(rb);
  }
  json_decref(root);
  if (!best)
    return NULL;
  json_t *o = json_object();
  json_object_set_new(o, "rest_base", best);
  return o;
}

static json_t *norm_rest(nao_ctx *c, const char *body, size_t len) {
  json_error_t je;
  json_t *root = json_loadb(body, len, 0, &je), *items = root, *out, *arr;
  json_int_t total = 0;
  if (json_is_object(root)) { /* ?_envelope: {"body": [...], "headers": {...}} */
    items = json_object_get(root, "body");
    json_t *h = json_object_get(root, "headers");
    const char *key;
    json_t *v;
    json_object_foreach(h, key, v) {
      if (strcasecmp(key, "X-WP-TotalPages"))
        continue;
      total = json_is_integer(v) ? json_integer_value(v)
              : json_is_string(v) ? strtol(json_string_value(v), NULL, 10) : 0;
    }
  }
  if (!json_is_array(items)) {
    json_decref(root);
    return NULL;
  }
  out = json_object();
  arr = json_array();
  json_object_set_new(out, "items", arr);
  if (total > 0)
    json_object_set_new(out, "total", json_integer(total));
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it) {
    const char *link = json_string_value(json_object_get(it, "link"));
    const char *date = json_string_value(json_object_get(it, "date"));
    const char *rt = json_string_value(json_object_get(json_object_get(it, "title"), "rendered"));
    char *abs = link ? c->api->url_resolve(c->base, link) : NULL;
    char *title = rt ? html_text(rt) : NULL;
    const char *type = NULL;
    json_t *bodies = json_array(), *groups = json_object_get(
        json_object_get(it, "_embedded"), "wp:term"), *g, *term;
    size_t gi, ti;
    json_array_foreach(groups, gi, g) {
      json_array_foreach(g, ti, term) {
        const char *tax = json_string_value(json_object_get(term, "taxonomy"));
        const char *name = json_string_value(json_object_get(term, "name"));
        if (!tax || !name)
          continue;
        if (!strcmp(tax, "report_type") && !type)
          type = name;
        else if (!strcmp(tax, "department")) {
          char *nm = html_text(name);
          if (nm)
            json_array_append_new(bodies, json_string(nm));
          free(nm);
        }
      }
    }
    char *ty = type ? html_text(type) : NULL;
    /* an item without a link is kept: the run reports it as an error */
    json_t *o = item(abs ? abs : "", title, date, ty, bodies);
    if (o && !abs) {
      json_int_t id = json_integer_value(json_object_get(it, "id"));
      json_object_set_new(o, "id", json_integer(id));
    }
    if (o)
      json_array_append_new(arr, o);
    c->api->free(abs);
    free(title);
    free(ty);
  }
  json_decref(root);
  return out;
}

static json_t *norm_rss(nao_ctx *c, const char *body, size_t len, const char *url) {
  af_feed *f = NULL;
  char err[256];
  if (c->api->feed_parse(body, len, url, &f, err, sizeof(err)) != 0)
    return NULL;
  json_t *out = json_object(), *arr = json_array();
  json_object_set_new(out, "items", arr);
  for (size_t i = 0; i < f->n_entries; i++) {
    const af_feed_entry *e = f->entries[i];
    if (e->link && landing_is_report_url(e->link)) {
      json_t *o = item(e->link, e->title, e->published, NULL, NULL);
      if (o)
        json_array_append_new(arr, o);
    }
  }
  c->api->feed_free(f);
  return out;
}

static json_t *norm_list(const char *body, size_t len, const char *url) {
  char **urls = NULL, **dates = NULL;
  size_t n = landing_listing(body, len, url, &urls, &dates);
  json_t *out = json_object(), *arr = json_array();
  json_object_set_new(out, "items", arr);
  for (size_t i = 0; i < n; i++) {
    json_t *o = item(urls[i], NULL, dates[i], NULL, NULL);
    if (o)
      json_array_append_new(arr, o);
    free(urls[i]);
    free(dates[i]);
  }
  free(urls);
  free(dates);
  return out;
}

/* Offers the items; returns how many were new, *old how many were older
 * than `since`. */
static long offer_items(nao_ctx *c, json_t *items, long *old) {
  size_t i;
  json_t *it;
  long added = 0;
  *old = 0;
  json_array_foreach(items, i, it) {
    const char *u = json_string_value(json_object_get(it, "u"));
    const char *d = json_string_value(json_object_get(it, "d"));
    if (!u || !*u) {
      c->api->log(c->inst, AF_LOG_ERROR, "report_invalid",
                  "field=url listing_id=%lld msg=\"a listed report without a landing URL\"",
                  (long long)json_integer_value(json_object_get(it, "id")));
      c->failed++;
      continue;
    }
    if (d && c->since_iso) {
      char *iso = nao_iso_date(d);
      if (iso && strcmp(iso, c->since_iso) < 0)
        (*old)++;
      free(iso);
    }
    json_t *b = json_object_get(it, "b");
    size_t nb = json_array_size(b);
    const char **bodies = nb ? calloc(nb, sizeof(char *)) : NULL;
    for (size_t k = 0; bodies && k < nb; k++)
      bodies[k] = json_string_value(json_array_get(b, k));
    int rc = nao_offer(c, u, json_string_value(json_object_get(it, "t")), d,
                       json_string_value(json_object_get(it, "k")),
                       (const char *const *)bodies, bodies ? nb : 0);
    free(bodies);
    if (rc > 0)
      added++;
    else if (rc < 0)
      c->failed++;
  }
  return added;
}

static void fallback(nao_ctx *c, int from) {
  if (from == S_TYPES || from == S_REST)
    fetch_step(c, S_RSS, 0, c->conditional);
  else if (from == S_RSS)
    fetch_step(c, S_LIST, 0, c->conditional);
  else {
    c->api->log(c->inst, AF_LOG_ERROR, "discovery_failed",
                "base_url=\"%s\" msg=\"no REST API, feed or listing page gave reports\"",
                c->base);
    c->failed++;
  }
}

static void handle(step *s, json_t *norm) {
  nao_ctx *c = s->c;
  long old = 0;
  if (s->kind == S_TYPES) {
    const char *rb = json_string_value(json_object_get(norm, "rest_base"));
    free(c->rest_base);
    c->rest_base = rb ? strdup(rb) : NULL;
    if (c->rest_base)
      fetch_step(c, S_REST, 1, c->conditional);
    else
      fallback(c, S_TYPES);
    return;
  }
  json_t *items = json_object_get(norm, "items");
  long added = offer_items(c, items, &old);
  long n = (long)json_array_size(items);
  c->api->log(c->inst, AF_LOG_INFO, "listing_read", "via=%s url=\"%s\" items=%ld new=%ld",
              step_names[s->kind], s->url, n, added);
  if (s->kind == S_REST) {
    json_int_t total = json_integer_value(json_object_get(norm, "total"));
    int more = total > 0 ? s->page < total : n >= c->per_page && added > 0;
    if (old == n && n > 0)
      more = 0; /* newest first: the rest is older still */
    if (c->max_reports > 0 && (long)c->n >= c->max_reports)
      more = 0;
    if (s->page == 1 && n == 0 && total == 0 && !c->since_iso) {
      fallback(c, S_REST); /* an empty report type: try the feed */
      return;
    }
    c->via = "rest";
    if (more && s->page < NAO_MAX_PAGES)
      fetch_step(c, S_REST, s->page + 1, c->conditional);
    return;
  }
  if (s->kind == S_RSS && n == 0) {
    fallback(c, S_RSS);
    return;
  }
  c->via = step_names[s->kind];
}

static void on_step(af_inst *inst, void *ctxp, const af_response *res, void *ud) {
  step *s = ud;
  nao_ctx *c = s->c;
  json_t *norm = NULL;
  char key[4200], reason[300] = "";
  (void)inst;
  (void)ctxp;
  snprintf(key, sizeof(key), "list:%s", s->url);
  if (res->err) {
    if (res->err == AF_ECANCELED && c->stopping)
      goto out;
    snprintf(reason, sizeof(reason), "%s", res->errmsg ? res->errmsg : c->api->strerror(res->err));
  } else if (res->not_modified) {
    char *v = NULL;
    if (c->api->state_get(c->inst, key, &v) == 1 && v)
      norm = json_loads(v, 0, NULL);
    c->api->free(v);
    if (!norm) { /* no copy kept: ask again without validators */
      fetch_step(c, s->kind, s->page, 0);
      goto out;
    }
    c->api->log(c->inst, AF_LOG_DEBUG, "listing_unchanged", "url=\"%s\"", s->url);
  } else if (res->status != 200) {
    snprintf(reason, sizeof(reason), "HTTP status %ld", res->status);
  } else {
    if (s->kind == S_TYPES)
      norm = norm_types(c, res->body, res->len);
    else if (s->kind == S_REST)
      norm = norm_rest(c, res->body, res->len);
    else if (s->kind == S_RSS)
      norm = norm_rss(c, res->body, res->len, res->final_url ? res->final_url : s->url);
    else
      norm = norm_list(res->body, res->len, res->final_url ? res->final_url : s->url);
    if (!norm)
      snprintf(reason, sizeof(reason), "%s",
               s->kind == S_TYPES ? "no report post type" : "not the expected format");
    else {
      char *dump = json_dumps(norm, JSON_COMPACT);
      if (dump)
        c->api->state_put(c->inst, key, dump);
      free(dump);
    }
  }
  if (norm) {
    handle(s, norm);
    json_decref(norm);
  } else {
    int level = s->kind == S_LIST || (s->kind == S_REST && s->page > 1) ? AF_LOG_ERROR
                                                                          : AF_LOG_INFO;
    c->api->log(c->inst, level, "listing_unusable", "via=%s url=\"%s\" reason=\"%s\"",
                step_names[s->kind], s->url, reason);
    if (s->kind == S_REST && s->page > 1)
      c->failed++;
    else
      fallback(c, s->kind);
  }
out:
  free(s->url);
  free(s);
  nao_listing_done(c);
}

static void fetch_step(nao_ctx *c, int kind, long page, int conditional) {
  step *s = calloc(1, sizeof(*s));
  char path[512];
  const af_api *api = c->api;
  if (kind == S_TYPES)
    snprintf(path, sizeof(path), "wp-json/wp/v2/types");
  else if (kind == S_REST)
    snprintf(path, sizeof(path),
             "wp-json/wp/v2/%s?per_page=%ld&page=%ld&orderby=date&order=desc"
             "&_embed=wp:term&_envelope%s%s",
             c->rest_base, c->per_page, page, c->since_iso ? "&after=" : "",
             c->since_iso ? c->since_iso : "");
  else if (kind == S_RSS)
    snprintf(path, sizeof(path), "feed/");
  else
    snprintf(path, sizeof(path), "reports/");
  if (c->since_iso && kind == S_REST)
    strncat(path, "T00:00:00", sizeof(path) - strlen(path) - 1);
  if (!s || !(s->url = api->url_resolve(c->base, path))) {
    free(s);
    c->failed++;
    return;
  }
  /* url_resolve's result is freed with api->free; keep our own copy */
  char *own = strdup(s->url);
  api->free(s->url);
  s->url = own;
  s->c = c;
  s->kind = kind;
  s->page = page;
  if (!own) {
    free(s);
    c->failed++;
    return;
  }
  af_fetch_opts o = {.size = sizeof(o), .conditional = conditional,
                     .accept_any_status = 1,
                     .accept = kind == S_RSS   ? "application/rss+xml,application/xml;q=0.9,*/*;q=0.5"
                               : kind == S_LIST ? "text/html,*/*;q=0.5"
                                                : "application/json,*/*;q=0.5"};
  c->listings++;
  int rc = api->fetch(c->inst, s->url, &o, on_step, s);
  if (rc) {
    api->log(c->inst, AF_LOG_ERROR, "listing_unusable", "via=%s url=\"%s\" reason=\"%s\"",
             step_names[kind], s->url, api->strerror(rc));
    c->listings--;
    c->failed++;
    free(s->url);
    free(s);
  }
}

void nao_discover(nao_ctx *c) {
  c->listings++; /* held until the first step is under way */
  fetch_step(c, S_TYPES, 0, c->conditional);
  nao_listing_done(c);
}
