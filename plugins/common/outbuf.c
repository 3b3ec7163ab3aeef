#include "outbuf.h"

#include <errno.h>
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
