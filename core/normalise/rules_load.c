/* The normaliser's only file I/O: read the rules directory. */
#include "norm_internal.h"

#include <auditfeed/errno.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AF_RULES_MAX_FILE (4u << 20)

typedef int (*parse_fn)(af__norm_rules *, const char *, const char *, size_t,
                        char *, size_t);

static const struct {
  const char *file;
  parse_fn parse;
} rule_files[] = {
    {"lexicon.tsv", af__rules_parse_lexicon},
    {"bodies.tsv", af__rules_parse_bodies},
    {"people.tsv", af__rules_parse_people},
    {"reports.tsv", af__rules_parse_reports},
};

static int read_file(const char *path, char **buf, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *b = NULL;
  size_t n = 0, cap = 0;
  int rc = 0;

  if (!f)
    return -errno;
  for (;;) {
    size_t got;
    if (cap - n < 4096) {
      char *nb;
      cap = cap ? cap * 2 : 65536;
      if (cap > AF_RULES_MAX_FILE) {
        rc = AF_E2BIG;
        break;
      }
      nb = realloc(b, cap);
      if (!nb) {
        rc = AF_ENOMEM;
        break;
      }
      b = nb;
    }
    got = fread(b + n, 1, cap - n, f);
    n += got;
    if (got == 0) {
      if (ferror(f))
        rc = AF_EIO;
      break;
    }
  }
  fclose(f);
  if (rc) {
    free(b);
    return rc;
  }
  *buf = b;
  *len = n;
  return 0;
}

int af__norm_rules_load(const char *dir, af__norm_rules **out, char *err,
                       size_t errlen) {
  af__norm_rules *r;
  int rc = 0;

  *out = NULL;
  if (err && errlen)
    err[0] = '\0';
  r = af__rules_new();
  if (!r)
    return AF_ENOMEM;
  for (size_t i = 0; i < sizeof(rule_files) / sizeof(rule_files[0]); i++) {
    char path[4096];
    char *buf = NULL;
    size_t len = 0;
    int n = snprintf(path, sizeof(path), "%s/%s", dir, rule_files[i].file);
    if (n < 0 || (size_t)n >= sizeof(path)) {
      rc = AF_EINVAL;
      if (err && errlen)
        snprintf(err, errlen, "%s: path too long", dir);
      break;
    }
    rc = read_file(path, &buf, &len);
    if (rc) {
      if (err && errlen)
        snprintf(err, errlen, "%s:0: cannot read: %s", path, strerror(-rc));
      break;
    }
    rc = rule_files[i].parse(r, path, buf, len, err, errlen);
    free(buf);
    if (rc)
      break;
  }
  if (rc) {
    af__norm_rules_free(r);
    return rc;
  }
  *out = r;
  return 0;
}
