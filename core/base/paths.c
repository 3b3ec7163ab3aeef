#include "paths.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <auditfeed/errno.h>

#include "errors.h"
#include "gzip.h"

static int is_dir(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Whether this binary is the one in the build tree (not an installed
 * copy): then the data beside the source tree is the current data. */
static int running_from_build_tree(void) {
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
  if (n <= 0)
    return 0;
  self[n] = '\0';
  char *slash = strrchr(self, '/');
  if (!slash)
    return 0;
  *slash = '\0';
  size_t n_build = strlen(AF_BUILD_DIR);
  /* The binary itself, or a test program somewhere below it. */
  return strncmp(self, AF_BUILD_DIR, n_build) == 0 &&
         (self[n_build] == '\0' || self[n_build] == '/');
}

/* The directory named by the environment variable `env` when set; else
 * `in_tree` when this binary runs from the build tree and it exists; else
 * the installed one. */
static const char *default_dir(const char *env, const char *in_tree,
                               const char *installed) {
  const char *v = getenv(env);
  if (v && *v)
    return v;
  if (running_from_build_tree() && is_dir(in_tree))
    return in_tree;
  return installed;
}

const char *af__default_rules_dir(void) {
  return default_dir("AF_RULES_DIR", AF_SOURCE_DIR "/config/normaliser",
                     AF_DEFAULT_DATA_DIR "/normaliser");
}

const char *af__default_plugin_dir(void) {
  return default_dir("AF_PLUGIN_DIR", AF_BUILD_DIR "/plugins",
                     AF_DEFAULT_PLUGIN_DIR);
}

int af__read_file(const char *path, size_t max, char **out, size_t *len) {
  return af__read_file_err(path, max, out, len, NULL, 0);
}

int af__read_file_err(const char *path, size_t max, char **out, size_t *len,
                      char *err, size_t errlen) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  char *buf = NULL;
  size_t cap = 0, n = 0;
  int rc = 0;

  *out = NULL;
  *len = 0;
  if (err && errlen)
    err[0] = '\0';
  if (!f) {
    rc = -errno;
    if (err && errlen)
      snprintf(err, errlen, "%s", strerror(errno));
    return rc;
  }
  for (;;) {
    if (n == cap) {
      cap = cap ? cap * 2 : 65536;
      if (cap > max + 1)
        cap = max + 1;
      char *nb = realloc(buf, cap + 1);
      if (!nb) {
        rc = AF_ENOMEM;
        goto out;
      }
      buf = nb;
    }
    size_t r = fread(buf + n, 1, cap - n, f);
    n += r;
    if (n > max) {
      rc = AF_E2BIG;
      goto out;
    }
    if (r == 0) {
      if (ferror(f))
        rc = AF_EIO;
      break;
    }
  }
  if (!buf) {
    buf = malloc(1);
    if (!buf) {
      rc = AF_ENOMEM;
      goto out;
    }
  }
  buf[n] = '\0';
  if (af__is_gzip(buf, n)) {
    char *plain, why[256];
    size_t plain_len;
    rc = af__inflate(buf, n, AF__INFLATE_AUTO, max, &plain, &plain_len, why,
                     sizeof(why));
    if (rc) {
      if (err && errlen)
        snprintf(err, errlen, "%s", why);
      goto out;
    }
    free(buf);
    buf = plain;
    n = plain_len;
  }
  *out = buf;
  *len = n;
  buf = NULL;
out:
  free(buf);
  if (f != stdin)
    fclose(f);
  if (rc && err && errlen && !err[0]) {
    if (rc == AF_E2BIG)
      snprintf(err, errlen, "larger than the limit of %zu bytes", max);
    else
      snprintf(err, errlen, "%s", af_strerror(rc));
  }
  return rc;
}
