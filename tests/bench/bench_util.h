/* Shared by the extraction benchmark drivers (tests/bench/bare_parse.c,
 * tests/extract/xbench.c): the same page list, the same reading and the
 * same clock, so that their figures compare like with like. */
#ifndef AF_BENCH_UTIL_H
#define AF_BENCH_UTIL_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zlib.h>

#include <auditfeed/array.h>

/* The whole file, gunzipped when it is gzip (gzread passes plain files
 * through); NULL when it cannot be opened or memory runs out. */
static inline char *slurp_gz(const char *path, size_t *len) {
  gzFile f = gzopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 1 << 16, n = 0;
  char *b = malloc(cap);
  while (b) {
    if (n == cap) {
      char *nb = realloc(b, cap * 2);
      if (!nb) {
        free(b);
        b = NULL;
        break;
      }
      b = nb;
      cap *= 2;
    }
    int r = gzread(f, b + n, (unsigned)(cap - n));
    if (r <= 0)
      break;
    n += (size_t)r;
  }
  gzclose(f);
  *len = n;
  return b;
}

/* The page `name` of the benchmark directory `dir`, as slurp_gz reads it
 * (NULL when it cannot be read). */
static inline char *bench_read_page(const char *dir, const char *name,
                                    size_t *len) {
  char path[4096];
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  return slurp_gz(path, len);
}

static inline double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline int bench_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .html and .html.gz page names in dir, sorted, in *names (*n of
 * them; free each and the array).  0, or -1 (said on stderr) when dir
 * cannot be read or memory runs out. */
static inline int bench_pages(const char *dir, char ***names, size_t *n) {
  DIR *d = opendir(dir);
  size_t cap = 0;
  struct dirent *de;
  int rc = 0;
  if (!d) {
    perror(dir);
    return -1;
  }
  *names = NULL;
  *n = 0;
  while ((de = readdir(d))) {
    if (strlen(de->d_name) < 6 || !strstr(de->d_name, ".html"))
      continue;
    if (af_grow(names, &cap, *n, sizeof(**names), 256) ||
        !((*names)[*n] = strdup(de->d_name))) {
      fprintf(stderr, "%s: out of memory\n", dir);
      rc = -1;
      break;
    }
    (*n)++;
  }
  closedir(d);
  if (*n)
    qsort(*names, *n, sizeof(**names), bench_cmp);
  return rc;
}

#endif /* AF_BENCH_UTIL_H */
