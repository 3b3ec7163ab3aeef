/* Helpers shared by the C tests and their test plugins and servers: temp
 * dirs, file I/O, a captured log. */
#ifndef AF_TEST_UTIL_H
#define AF_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline char *tu_tmpdir(void) {
  char tmpl[] = "/tmp/af-test-XXXXXX";
  char *d = mkdtemp(tmpl);
  return d ? strdup(d) : NULL;
}

static inline char *tu_path(const char *dir, const char *name) {
  size_t n = strlen(dir) + strlen(name) + 2;
  char *p = malloc(n);
  if (p)
    snprintf(p, n, "%s/%s", dir, name);
  return p;
}

static inline int tu_write(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f)
    return -1;
  fputs(text, f);
  return fclose(f);
}

/* The whole file, NUL-terminated and malloc'd, its size in *len; NULL
 * when it cannot be opened or read whole. */
static inline char *tu_slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  long n;
  if (!f)
    return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
      fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) &&
      fread(buf, 1, (size_t)n, f) == (size_t)n) {
    buf[n] = '\0';
    *len = (size_t)n;
  } else {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  return buf;
}

/* The whole file, malloc'd ("" when missing). */
static inline char *tu_read(const char *path) {
  size_t n;
  char *buf = tu_slurp(path, &n);
  return buf ? buf : strdup("");
}

static inline size_t tu_count_lines(const char *path) {
  char *s = tu_read(path);
  size_t n = 0;
  for (char *p = s; *p; p++)
    n += *p == '\n';
  free(s);
  return n;
}

static inline void tu_rm_rf(const char *dir) {
  char cmd[4200];
  if (!dir || strncmp(dir, "/tmp/af-test-", 13) != 0)
    return;
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  if (system(cmd) != 0)
    fprintf(stderr, "could not remove %s\n", dir);
}

#endif /* AF_TEST_UTIL_H */
