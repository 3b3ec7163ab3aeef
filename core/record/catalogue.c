/* The run's catalogue of NAO reports (catalogue.h). */
#include "catalogue.h"

#include <stdlib.h>
#include <string.h>

#include <auditfeed/errno.h>

#include "doc.h"
#include "url.h"

void af__report_id(const char *url, char out[17]) {
  char hex[41];
  char *canon = url ? af__url_canonical(url) : NULL;
  const char *basis = canon ? canon : url ? url : "";

  af__sha1_hex(basis, strlen(basis), hex);
  memcpy(out, hex, 16);
  out[16] = '\0';
  free(canon);
}

const af__norm_report *af__catalogue_find(const af__catalogue *c,
                                          const char *id) {
  for (size_t k = 0; id && k < c->n; k++)
    if (c->v[k]->id && strcmp(c->v[k]->id, id) == 0)
      return c->v[k];
  return NULL;
}

static void entry_free(af__norm_report *r) {
  if (!r)
    return;
  free((char *)r->id);
  free((char *)r->title);
  free((char *)r->published);
  free((char *)r->hc);
  free((char *)r->url);
  for (size_t k = 0; k < r->n_bodies; k++)
    free((char *)r->bodies[k]);
  free((void *)r->bodies);
  free(r);
}

static char *dup_or_null(const char *s, int *oom) {
  char *d = s ? strdup(s) : NULL;
  if (s && !d)
    *oom = 1;
  return d;
}

/* "DfE; LA" into a malloc'd array of malloc'd ids. */
static int split_bodies(af__norm_report *r, const char *s) {
  const char **v;
  size_t n = 0, cnt = 1;

  if (!s || !*s)
    return 0;
  for (const char *p = s; *p; p++)
    cnt += *p == ';';
  v = calloc(cnt, sizeof(*v));
  if (!v)
    return AF_ENOMEM;
  r->bodies = v;
  while (*s) {
    const char *e = strchr(s, ';'), *b = s;
    size_t len;
    if (!e)
      e = s + strlen(s);
    while (b < e && *b == ' ')
      b++;
    len = (size_t)(e - b);
    while (len && b[len - 1] == ' ')
      len--;
    if (len) {
      char *id = strndup(b, len);
      if (!id)
        return AF_ENOMEM;
      v[n++] = id;
      r->n_bodies = n;
    }
    s = *e ? e + 1 : e;
  }
  return 0;
}

int af__catalogue_add(af__catalogue *c, const char *id, const char *title,
                      const char *published, const char *hc, const char *url,
                      const char *bodies) {
  af__norm_report *r;
  int oom = 0;

  if (!id || !title || af__catalogue_find(c, id))
    return 0;
  if (c->n == c->cap) {
    /* A new array; the old one stays for snapshots still being read. */
    size_t cap = c->cap ? c->cap * 2 : 64;
    af__norm_report **v = malloc(cap * sizeof(*v));
    void **old = realloc(c->old, (c->n_old + 1) * sizeof(*old));
    if (!v || !old) {
      free(v);
      if (old)
        c->old = old;
      return AF_ENOMEM;
    }
    c->old = old;
    if (c->v) {
      memcpy(v, c->v, c->n * sizeof(*v));
      c->old[c->n_old++] = c->v;
    }
    c->v = v;
    c->cap = cap;
  }
  r = calloc(1, sizeof(*r));
  if (!r)
    return AF_ENOMEM;
  r->id = dup_or_null(id, &oom);
  r->title = dup_or_null(title, &oom);
  r->published = dup_or_null(published, &oom);
  r->hc = dup_or_null(hc, &oom);
  r->url = dup_or_null(url, &oom);
  if (oom || split_bodies(r, bodies)) {
    entry_free(r);
    return AF_ENOMEM;
  }
  c->v[c->n++] = r;
  return 0;
}

void af__catalogue_free(af__catalogue *c) {
  if (!c)
    return;
  for (size_t k = 0; k < c->n; k++)
    entry_free(c->v[k]);
  for (size_t k = 0; k < c->n_old; k++)
    free(c->old[k]);
  free(c->old);
  free(c->v);
  memset(c, 0, sizeof(*c));
}
