#include "outbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include <auditfeed/errno.h>

int outbuf_put(char **buf, size_t *len, size_t *cap, size_t first,
               const char *s, size_t n) {
  if (*len + n + 1 > *cap) {
    size_t nc = *cap ? *cap : first;
    while (nc < *len + n + 1)
      nc *= 2;
    char *nb = realloc(*buf, nc);
    if (!nb)
      return AF_ENOMEM;
    *buf = nb;
    *cap = nc;
  }
  memcpy(*buf + *len, s, n);
  *len += n;
  return 0;
}

int outbuf_gzip(char **buf, size_t *len, size_t *cap, int level) {
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return AF_ENOMEM;
  uLong bound = deflateBound(&zs, (uLong)*len);
  char *out = malloc(bound);
  if (!out) {
    deflateEnd(&zs);
    return AF_ENOMEM;
  }
  zs.next_in = (Bytef *)*buf;
  zs.avail_in = (uInt)*len;
  zs.next_out = (Bytef *)out;
  zs.avail_out = (uInt)bound;
  int zrc = deflate(&zs, Z_FINISH);
  size_t outlen = zs.total_out;
  deflateEnd(&zs);
  if (zrc != Z_STREAM_END) {
    free(out);
    return AF_EIO;
  }
  free(*buf);
  *buf = out;
  *len = *cap = outlen;
  return 0;
}

int outbuf_write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      return -errno;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

int outbuf_append_synced(int fd, const struct stat *st, const char *p,
                         size_t n, int sync, const char **step,
                         int *truncate_err) {
  int rc = outbuf_write_all(fd, p, n);
  if (rc == 0 && sync && fdatasync(fd) != 0 && errno != EINVAL &&
      errno != EROFS) {
    /* EINVAL/EROFS: a pipe or device that cannot be synced at all;
     * anything else means the bytes may not be on disk. */
    rc = -errno;
    *step = "fdatasync";
  } else if (rc < 0) {
    *step = "write";
  }
  if (rc < 0 && S_ISREG(st->st_mode) && ftruncate(fd, st->st_size) != 0)
    *truncate_err = errno;
  return rc;
}

int outbuf_job_fail(outbuf_job *j, const char *step, int rc, int is_errno) {
  j->verdict = rc;
  j->err = is_errno ? -rc : 0;
  j->step = step;
  return rc;
}

int outbuf_job_stat(outbuf_job *j, int fd, struct stat *st) {
  return fstat(fd, st) == 0 ? 0 : outbuf_job_fail(j, "stat", -errno, 1);
}

void outbuf_job_append(outbuf_job *j, int fd, const struct stat *st, int sync) {
  int rc = outbuf_append_synced(fd, st, j->buf, j->len, sync, &j->step, &j->truncate_err);
  if (rc < 0)
    outbuf_job_fail(j, j->step, rc, 1);
  else
    j->verdict = AF_DONE;
}

int outbuf_job_verdict(const af_api *api, af_inst *inst, const char *sink,
                       const char *path, const outbuf_job *j, int status) {
  int verdict = status < 0 ? status : j->verdict;
  char event[64];
  if (verdict >= 0)
    return verdict;
  snprintf(event, sizeof event, "%s.write_failed", sink);
  api->log(inst, AF_LOG_ERROR, event, "path=%s step=%s error=\"%s\"", path,
           j->step ? j->step : "queue", j->err ? strerror(j->err) : api->strerror(verdict));
  if (j->truncate_err) {
    snprintf(event, sizeof event, "%s.truncate_failed", sink);
    api->log(inst, AF_LOG_ERROR, event,
             "path=%s error=\"%s\" msg=\"the file may end in part of a batch\"", path,
             strerror(j->truncate_err));
  }
  return verdict;
}

void outbuf_job_free(outbuf_job *j) { free(j->buf); }

void outbuf_close(int *fd) {
  if (*fd >= 0)
    close(*fd);
  *fd = -1;
}

int outbuf_flush(const af_api *api, af_inst *inst, const char *sink, const char *path,
                 int fd, int fsync) {
  char event[64];
  /* With fsync on, every acknowledged batch is already on disk. */
  if (fd < 0 || fsync || fdatasync(fd) == 0 || errno == EINVAL)
    return 0;
  int rc = -errno;
  snprintf(event, sizeof event, "%s.flush_failed", sink);
  api->log(inst, AF_LOG_ERROR, event, "path=%s error=\"%s\"", path, strerror(-rc));
  return rc;
}
