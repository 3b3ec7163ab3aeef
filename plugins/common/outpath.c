#include "outpath.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <auditfeed/errno.h>

/* `path` cut at its last '/' ("." when it has none, "/" for the root). */
static char *parent_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash)
    return strdup(".");
  size_t n = slash == path ? 1 : (size_t)(slash - path);
  char *p = malloc(n + 1);
  if (p) {
    memcpy(p, path, n);
    p[n] = '\0';
  }
  return p;
}

static int dir_usable(const char *dir, char *why, size_t n) {
  struct stat st;
  if (stat(dir, &st) != 0) {
    int e = errno;
    snprintf(why, n, "%s: %s", dir, strerror(e));
    return -e;
  }
  if (!S_ISDIR(st.st_mode)) {
    snprintf(why, n, "%s is not a directory", dir);
    return -ENOTDIR;
  }
  if (access(dir, W_OK | X_OK) != 0) {
    int e = errno;
    snprintf(why, n, "cannot create files in %s: %s", dir, strerror(e));
    return -e;
  }
  return 0;
}

int outpath_dir_writable(const char *path, char *why, size_t n) {
  char *dir = parent_of(path);
  if (!dir) {
    snprintf(why, n, "out of memory");
    return -ENOMEM;
  }
  int rc = dir_usable(dir, why, n);
  free(dir);
  return rc;
}

int outpath_check(const char *path, char *why, size_t n) {
  struct stat st;
  if (!path || !*path) {
    snprintf(why, n, "empty path");
    return -EINVAL;
  }
  if (stat(path, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      snprintf(why, n, "%s is a directory", path);
      return -EISDIR;
    }
    if (!S_ISREG(st.st_mode)) {
      snprintf(why, n, "%s is not a regular file", path);
      return -EINVAL;
    }
    if (access(path, W_OK) != 0) {
      int e = errno;
      snprintf(why, n, "%s cannot be written: %s", path, strerror(e));
      return -e;
    }
    return 0;
  }
  if (errno != ENOENT) {
    int e = errno;
    snprintf(why, n, "%s: %s", path, strerror(e));
    return -e;
  }
  /* Missing: climb to the nearest directory that exists; the run would
   * create the rest below it. */
  char *dir = parent_of(path);
  while (dir && stat(dir, &st) != 0 && errno == ENOENT && strcmp(dir, "/") != 0 &&
         strcmp(dir, ".") != 0) {
    char *up = parent_of(dir);
    free(dir);
    dir = up;
  }
  if (!dir) {
    snprintf(why, n, "out of memory");
    return -ENOMEM;
  }
  char reason[512];
  int rc = dir_usable(dir, reason, sizeof(reason));
  if (rc)
    snprintf(why, n, "cannot create %s: %s", path, reason);
  free(dir);
  return rc;
}

int outpath_make_parents(const char *path) {
  char *dup = strdup(path);
  if (!dup)
    return AF_ENOMEM;
  int rc = 0;
  for (char *p = dup + 1; *p; p++) {
    if (*p != '/')
      continue;
    *p = '\0';
    if (mkdir(dup, 0755) != 0 && errno != EEXIST) {
      rc = -errno;
      *p = '/';
      break;
    }
    *p = '/';
  }
  free(dup);
  return rc;
}

int outpath_is_gzip(const char *path) {
  size_t n = strlen(path);
  return n >= 3 && strcmp(path + n - 3, ".gz") == 0;
}
