/* The disk spool (see spool.h). */
#include "spool.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <auditfeed/array.h>
#include <auditfeed/errno.h>

#include "paths.h"

/* A spool file never holds more than one batch; this bounds what reading
 * one back may cost. */
#define AF_SPOOL_MAX_FILE (512u << 20)

/* STATE_DIR/spool/SINK, with anything but [A-Za-z0-9._-] in the sink's
 * name replaced, so a name can never leave the spool directory. */
static int spool_dir(const char *state_dir, const char *sink, char *out,
                     size_t n) {
  int w = snprintf(out, n, "%s/spool/", state_dir);
  if (w < 0 || (size_t)w >= n)
    return -1;
  size_t o = (size_t)w;
  for (const char *p = sink; *p && o + 1 < n; p++) {
    char c = *p;
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
             (c >= '0' && c <= '9') || c == '-' || c == '_' ||
             (c == '.' && p != sink);
    out[o++] = ok ? c : '_';
  }
  out[o] = '\0';
  return *sink ? 0 : -1;
}

static int mkdir_p(const char *dir) {
  char tmp[4096];
  snprintf(tmp, sizeof(tmp), "%s", dir);
  for (char *p = tmp + 1; *p; p++) {
    if (*p != '/')
      continue;
    *p = '\0';
    if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
      return -1;
    *p = '/';
  }
  return mkdir(tmp, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

static int sync_dir(const char *dir) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  int rc = fsync(fd);
  close(fd);
  return rc;
}

static int write_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

int af__spool_write(const char *state_dir, const char *sink,
                   const af_document *const *docs, size_t n, char *path,
                   size_t pathlen, char *err, size_t errlen) {
  static unsigned seq;
  char dir[4096], tmp[4200];
  struct timespec ts;
  if (spool_dir(state_dir, sink, dir, sizeof(dir)) != 0) {
    snprintf(err, errlen, "spool directory name too long");
    return AF_EINVAL;
  }
  if (mkdir_p(dir) != 0) {
    snprintf(err, errlen, "%s: %s", dir, strerror(errno));
    return AF_EIO;
  }
  clock_gettime(CLOCK_REALTIME, &ts);
  /* Zero-padded milliseconds sort by time; pid and a counter keep two
   * batches of one millisecond (or two processes) apart. */
  snprintf(path, pathlen, "%s/%013lld-%ld-%u.jsonl", dir,
           (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, (long)getpid(),
           __atomic_fetch_add(&seq, 1u, __ATOMIC_RELAXED));
  snprintf(tmp, sizeof(tmp), "%s.tmp", path);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
    return AF_EIO;
  }
  int rc = 0;
  for (size_t i = 0; i < n && !rc; i++) {
    char *line = af__doc_to_json_str(docs[i], 1);
    if (!line) {
      rc = AF_ENOMEM;
      snprintf(err, errlen, "out of memory");
      break;
    }
    if (write_all(fd, line, strlen(line)) != 0 || write_all(fd, "\n", 1) != 0) {
      rc = AF_EIO;
      snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
    }
    free(line);
  }
  if (!rc && fsync(fd) != 0) {
    rc = AF_EIO;
    snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
  }
  close(fd);
  if (!rc && rename(tmp, path) != 0) {
    rc = AF_EIO;
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
  }
  if (rc) {
    unlink(tmp); /* a full disk must not leave half a batch behind */
    return rc;
  }
  sync_dir(dir);
  return 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int af__spool_list(const char *state_dir, const char *sink, char ***files,
                  size_t *n) {
  char dir[4096];
  *files = NULL;
  *n = 0;
  if (spool_dir(state_dir, sink, dir, sizeof(dir)) != 0)
    return AF_EINVAL;
  DIR *d = opendir(dir);
  if (!d)
    return errno == ENOENT ? 0 : AF_EIO;
  size_t cap = 0;
  char **v = NULL;
  struct dirent *e;
  int rc = 0;
  while ((e = readdir(d)) != NULL) {
    size_t l = strlen(e->d_name);
    if (l < 7 || strcmp(e->d_name + l - 6, ".jsonl") || e->d_name[0] == '.')
      continue;
    if (af_grow(&v, &cap, *n, sizeof(*v), 16)) {
      rc = AF_ENOMEM;
      break;
    }
    if (asprintf(&v[*n], "%s/%s", dir, e->d_name) < 0) {
      rc = AF_ENOMEM;
      break;
    }
    (*n)++;
  }
  closedir(d);
  if (rc) {
    af__spool_list_free(v, *n);
    *n = 0;
    return rc;
  }
  if (*n)
    qsort(v, *n, sizeof(*v), by_name);
  *files = v;
  return 0;
}

void af__spool_list_free(char **files, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(files[i]);
  free(files);
}

int af__spool_read(const char *path, af__doc ***docs, size_t *n, char *err,
                  size_t errlen) {
  char *buf = NULL, why[200];
  size_t len = 0, cap = 0, line = 0;
  af__doc **v = NULL;
  *docs = NULL;
  *n = 0;
  int rc = af__read_file(path, AF_SPOOL_MAX_FILE, &buf, &len);
  if (rc) {
    snprintf(err, errlen, "%s: cannot read it (%s)", path,
             rc == AF_E2BIG ? "too large" : strerror(errno));
    return rc;
  }
  for (char *p = buf, *end = buf + len; p < end;) {
    char *eol = memchr(p, '\n', (size_t)(end - p));
    size_t l = eol ? (size_t)(eol - p) : (size_t)(end - p);
    line++;
    if (l) {
      if (af_grow(&v, &cap, *n, sizeof(*v), 64)) {
        rc = AF_ENOMEM;
        snprintf(err, errlen, "out of memory");
        break;
      }
      af__doc *d = af__doc_from_json(p, l, why, sizeof(why));
      if (!d) {
        rc = AF_EPARSE;
        snprintf(err, errlen, "%s:%zu: %s", path, line, why);
        break;
      }
      v[(*n)++] = d;
    }
    p += l + 1;
  }
  free(buf);
  if (rc) {
    for (size_t i = 0; i < *n; i++)
      af__doc_free(v[i]);
    free(v);
    *n = 0;
    return rc;
  }
  *docs = v;
  return 0;
}
