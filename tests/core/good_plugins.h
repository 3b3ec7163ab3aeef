/* Shared by the config and engine tests: a temp directory and the three
 * test plugins of $AF_TEST_PLUGINS/good, loaded through the core's host
 * table.  Include after engine.h, log.h and test_util.h. */
#ifndef AF_TEST_GOOD_PLUGINS_H
#define AF_TEST_GOOD_PLUGINS_H

#include <stdio.h>
#include <stdlib.h>

/* A fresh temp directory in *dir and the good plugins in reg: 0, or -1
 * (said on stderr) with nothing left to release. */
static inline int good_plugins_open(char **dir, af__registry *reg) {
  char err[512];
  char *good = tu_path(getenv("AF_TEST_PLUGINS"), "good");
  int n = af__registry_scan(reg, good, af__host_api(), err, sizeof(err));
  free(good);
  if (n != 3) {
    fprintf(stderr, "good plugins: %d loaded: %s\n", n, err);
    af__registry_free(reg);
    return -1;
  }
  *dir = tu_tmpdir();
  return 0;
}

/* Unloads the plugins and removes the directory. */
static inline void good_plugins_close(char **dir, af__registry *reg) {
  af__registry_free(reg);
  tu_rm_rf(*dir);
  free(*dir);
  *dir = NULL;
}

/* What a test fixture on the good plugins starts with. */
typedef struct good_fixture {
  char *dir;
  af__registry reg;
} good_fixture;

/* A calloc'd fixture of `size` bytes (a struct starting with a
 * good_fixture) with its directory made and the plugins loaded; the log
 * shows errors only, everything when TLOG is set.  NULL when that fails. */
static inline void *good_fixture_new(size_t size) {
  good_fixture *g = calloc(1, size);
  af__log_set_level(getenv("TLOG") ? AF_LOG_DEBUG : AF_LOG_ERROR);
  if (!g || good_plugins_open(&g->dir, &g->reg) != 0) {
    free(g);
    return NULL;
  }
  return g;
}

/* Closes what good_fixture_new opened and frees the fixture (NULL, when
 * the setup failed: nothing). */
static inline void good_fixture_free(void *f) {
  good_fixture *g = f;
  if (!g)
    return;
  good_plugins_close(&g->dir, &g->reg);
  free(g);
}

#endif /* AF_TEST_GOOD_PLUGINS_H */
