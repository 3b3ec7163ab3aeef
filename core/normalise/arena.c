/* Arena and growable arrays: findings and rules are freed in one call. */
#include "norm_internal.h"

#include <stdlib.h>
#include <string.h>

#include <auditfeed/array.h>

#define AF_ARENA_BLOCK 16384

struct af__arena_block {
  af__arena_block *next;
  size_t used, cap;
  max_align_t data[];
};

void *af__arena_alloc(af__arena *a, size_t n) {
  af__arena_block *b = a->head;
  size_t need = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
  void *p;

  if (need == 0)
    need = sizeof(max_align_t);
  if (!b || b->cap - b->used < need) {
    size_t cap = need > AF_ARENA_BLOCK ? need : AF_ARENA_BLOCK;
    b = malloc(sizeof(*b) + cap);
    if (!b)
      return NULL;
    b->next = a->head;
    b->used = 0;
    b->cap = cap;
    a->head = b;
  }
  p = (char *)b->data + b->used;
  b->used += need;
  memset(p, 0, need);
  return p;
}

char *af__arena_strndup(af__arena *a, const char *s, size_t n) {
  char *p = af__arena_alloc(a, n + 1);

  if (!p)
    return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *af__arena_strdup(af__arena *a, const char *s) {
  return s ? af__arena_strndup(a, s, strlen(s)) : NULL;
}

void af__arena_free(af__arena *a) {
  af__arena_block *b = a->head;

  while (b) {
    af__arena_block *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
}

void af__vec_init(af__vec *v, size_t item) {
  v->v = NULL;
  v->n = v->cap = 0;
  v->item = item;
}

void *af__vec_push(af__vec *v) {
  char *slot;

  if (af_grow(&v->v, &v->cap, v->n, v->item, 16))
    return NULL;
  slot = (char *)v->v + v->n * v->item;
  memset(slot, 0, v->item);
  v->n++;
  return slot;
}

void af__vec_free(af__vec *v) {
  free(v->v);
  v->v = NULL;
  v->n = v->cap = 0;
}
