/* The documents already routed in this run, by id with their content
 * hash: an open-addressing table that doubles when half full.  Loop
 * thread only. */
#include <stdlib.h>
#include <string.h>

#include "engine_int.h"

static size_t hash_str(const char *s) {
  size_t h = 1469598103934665603ull;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

/* Returns 1 when `id` was already routed in this run with `hash`. */
int af__engine_seen_check_add(af__engine *e, const char *id, const char *hash) {
  if (e->seen_n * 2 >= e->seen_cap) {
    size_t cap = e->seen_cap ? e->seen_cap * 2 : 1024;
    void *nv = calloc(cap, sizeof(*e->seen));
    if (!nv)
      return 0; /* without the set we may deliver twice; sinks upsert */
    __typeof__(e->seen) old = e->seen;
    size_t old_cap = e->seen_cap;
    e->seen = nv;
    e->seen_cap = cap;
    for (size_t i = 0; i < old_cap; i++) {
      if (!old[i].id)
        continue;
      size_t j = hash_str(old[i].id) & (cap - 1);
      while (e->seen[j].id)
        j = (j + 1) & (cap - 1);
      e->seen[j] = old[i];
    }
    free(old);
  }
  size_t j = hash_str(id) & (e->seen_cap - 1);
  while (e->seen[j].id) {
    if (strcmp(e->seen[j].id, id) == 0) {
      if (strcmp(e->seen[j].hash, hash) == 0)
        return 1;
      char *h = strdup(hash);
      if (h) {
        free(e->seen[j].hash);
        e->seen[j].hash = h;
      }
      return 0;
    }
    j = (j + 1) & (e->seen_cap - 1);
  }
  e->seen[j].id = strdup(id);
  e->seen[j].hash = strdup(hash);
  if (!e->seen[j].id || !e->seen[j].hash) {
    free(e->seen[j].id);
    free(e->seen[j].hash);
    e->seen[j].id = e->seen[j].hash = NULL;
    return 0;
  }
  e->seen_n++;
  return 0;
}
