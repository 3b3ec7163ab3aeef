/* Helpers shared by the core tests: temp dirs, file I/O, a captured log. */
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

/* The whole file, malloc'd ("" when missing). */
static inline char *tu_read(const char *path) {
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  size_t cap = 0, n = 0;
  if (!f)
    return strdup("");
  for (;;) {
    if (n + 4096 + 1 > cap) {
      cap = cap ? cap * 2 : 8192;
      char *nb = realloc(buf, cap);
      if (!nb)
        break;
      buf = nb;
    }
    size_t r = fread(buf + n, 1, 4096, f);
    if (!r)
      break;
    n += r;
  }
  fclose(f);
  if (!buf)
    return strdup("");
  buf[n] = '\0';
  return buf;
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
