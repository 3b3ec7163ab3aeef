#include "paths.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include <auditfeed/errno.h>

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

const char *af__default_rules_dir(void) {
  const char *env = getenv("AF_RULES_DIR");
  if (env && *env)
    return env;
  if (running_from_build_tree() && is_dir(AF_SOURCE_DIR "/config/normaliser"))
    return AF_SOURCE_DIR "/config/normaliser";
  return AF_DEFAULT_DATA_DIR "/normaliser";
}

const char *af__default_plugin_dir(void) {
  const char *env = getenv("AF_PLUGIN_DIR");
  if (env && *env)
    return env;
  if (running_from_build_tree() && is_dir(AF_BUILD_DIR "/plugins"))
    return AF_BUILD_DIR "/plugins";
  return AF_DEFAULT_PLUGIN_DIR;
}

static int inflate_all(const char *in, size_t in_len, size_t max, char **out,
                       size_t *out_len) {
  z_stream z = {0};
  size_t cap = in_len * 4 + 1024, len = 0;
  char *buf = NULL;
  int zr;

  if (inflateInit2(&z, 15 + 32) != Z_OK) /* +32: gzip or zlib header */
    return AF_ENOMEM;
  z.next_in = (Bytef *)in;
  z.avail_in = (uInt)in_len;
  do {
    if (cap > max + 1)
      cap = max + 1;
    char *nb = realloc(buf, cap + 1);
    if (!nb) {
      inflateEnd(&z);
      free(buf);
      return AF_ENOMEM;
    }
    buf = nb;
    z.next_out = (Bytef *)buf + len;
    z.avail_out = (uInt)(cap - len);
    zr = inflate(&z, Z_NO_FLUSH);
    len = cap - z.avail_out;
    /* Concatenated gzip members: keep going after a member ends. */
    if (zr == Z_STREAM_END && z.avail_in > 0) {
      inflateReset(&z);
      zr = Z_OK;
    }
    if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) {
      inflateEnd(&z);
      free(buf);
      return AF_EPARSE;
    }
    if (len > max) {
      inflateEnd(&z);
      free(buf);
      return AF_E2BIG;
    }
    if (z.avail_out == 0)
      cap *= 2;
  } while (zr != Z_STREAM_END && (z.avail_in > 0 || z.avail_out == 0));
  inflateEnd(&z);
  buf[len] = '\0';
  *out = buf;
  *out_len = len;
  return 0;
}

int af__read_file(const char *path, size_t max, char **out, size_t *len) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  char *buf = NULL;
  size_t cap = 0, n = 0;
  int rc = 0;

  *out = NULL;
  *len = 0;
  if (!f)
    return -errno;
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
  if (n >= 2 && (unsigned char)buf[0] == 0x1f && (unsigned char)buf[1] == 0x8b) {
    char *plain;
    size_t plain_len;
    rc = inflate_all(buf, n, max, &plain, &plain_len);
    if (rc)
      goto out;
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
  return rc;
}
