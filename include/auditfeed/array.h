/* auditfeed: growing an array one element at a time.
 *
 * Header-only (nothing in the ABI): for the core and for plugins alike, so
 * that every list the project builds doubles the same way and checks the
 * size arithmetic once. */
#ifndef AUDITFEED_ARRAY_H
#define AUDITFEED_ARRAY_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* af_grow(&v, &cap, n, sizeof(*v), first): makes room for element n of
 * the array v (a T *, passed by address as T **) that holds cap elements.
 * Nothing happens while n < cap; otherwise v is reallocated to twice cap
 * (first when cap is 0) and cap updated.  Returns 0, or -1 when memory or
 * the size arithmetic runs out: v and cap are then left as they were, so
 * the caller still owns (and frees) the old array. */
static inline int af_grow(void *vp, size_t *cap, size_t n, size_t elem,
                          size_t first) {
  void *v, *nv;
  size_t nc;
  if (n < *cap)
    return 0;
  nc = *cap ? *cap * 2 : first;
  if (nc < *cap || nc > SIZE_MAX / elem)
    return -1;
  memcpy(&v, vp, sizeof(v));
  nv = realloc(v, nc * elem);
  if (!nv)
    return -1;
  memcpy(vp, &nv, sizeof(nv));
  *cap = nc;
  return 0;
}

#endif /* AUDITFEED_ARRAY_H */
