#include "gzip.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include <auditfeed/errno.h>

int af__is_gzip(const void *p, size_t len) {
  const unsigned char *b = p;
  return len >= 2 && b[0] == 0x1f && b[1] == 0x8b;
}

static int fail(z_stream *z, char *buf, int rc, char *err, size_t errlen,
                const char *what) {
  inflateEnd(z);
  free(buf);
  if (err && errlen)
    snprintf(err, errlen, "%s", what);
  return rc;
}

int af__inflate(const void *in, size_t len, int mode, size_t max, char **out,
                size_t *out_len, char *err, size_t errlen) {
  z_stream z = {0};
  const unsigned char *next = in;
  size_t left = len, cap, n = 0;
  char *buf = NULL, msg[160];
  int zr = Z_OK;

  *out = NULL;
  *out_len = 0;
  if (max > SIZE_MAX / 4)
    max = SIZE_MAX / 4; /* so max + 1 and doubling cannot wrap */
  /* +32: a gzip or a zlib header, told apart by zlib; -15: none at all */
  if (inflateInit2(&z, mode == AF__INFLATE_RAW ? -15 : 15 + 32) != Z_OK)
    return fail(&z, NULL, AF_ENOMEM, err, errlen, "out of memory");
  cap = len < (SIZE_MAX - 1024) / 4 ? len * 4 + 1024 : SIZE_MAX / 2;
  for (;;) {
    if (cap > max + 1)
      cap = max + 1; /* one byte over the limit tells "too big" apart */
    if (!buf || n == cap) {
      size_t ncap = !buf ? cap : cap * 2 > max + 1 ? max + 1 : cap * 2;
      char *nb = realloc(buf, ncap + 1);
      if (!nb)
        return fail(&z, buf, AF_ENOMEM, err, errlen, "out of memory");
      buf = nb;
      cap = ncap;
    }
    /* avail_in/avail_out are 32-bit: feed large inputs in slices */
    if (!z.avail_in && left) {
      z.next_in = (Bytef *)next;
      z.avail_in = left > UINT_MAX ? UINT_MAX : (uInt)left;
      next += z.avail_in;
      left -= z.avail_in;
    }
    z.next_out = (Bytef *)buf + n;
    z.avail_out = cap - n > UINT_MAX ? UINT_MAX : (uInt)(cap - n);
    size_t before = z.avail_out;
    zr = inflate(&z, Z_NO_FLUSH);
    n += before - z.avail_out;
    if (n > max)
      return fail(&z, buf, AF_E2BIG, err, errlen,
                  "compressed data inflates beyond the size limit");
    if (zr == Z_STREAM_END) {
      /* Concatenated gzip members are one file (RFC 1952 2.2); bytes after
       * the last member that start no new member are ignored, as gzip -d
       * does. */
      const unsigned char *rest = z.avail_in ? z.next_in : next;
      if (mode != AF__INFLATE_RAW &&
          af__is_gzip(rest, z.avail_in ? z.avail_in : left)) {
        inflateReset(&z);
        continue;
      }
      break;
    }
    if (zr == Z_NEED_DICT || zr == Z_DATA_ERROR || zr == Z_MEM_ERROR ||
        zr == Z_STREAM_ERROR) {
      snprintf(msg, sizeof(msg), "corrupt compressed data: %s",
               z.msg ? z.msg : "invalid stream");
      return fail(&z, buf, zr == Z_MEM_ERROR ? AF_ENOMEM : AF_EPARSE, err,
                  errlen, msg);
    }
    if (!z.avail_in && !left && z.avail_out) {
      snprintf(msg, sizeof(msg),
               "truncated %s data: the input ends after %zu bytes, before "
               "the compressed stream does",
               af__is_gzip(in, len) ? "gzip" : "compressed", len);
      return fail(&z, buf, AF_EPARSE, err, errlen, msg);
    }
  }
  inflateEnd(&z);
  buf[n] = '\0';
  *out = buf;
  *out_len = n;
  return 0;
}
