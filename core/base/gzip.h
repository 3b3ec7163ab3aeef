/* The core's one gzip reader: files (`extract`, `feed`, spool and WARC
 * files), gzip-compressed feeds and sitemaps, and HTTP bodies whose
 * Content-Encoding the core undoes itself all inflate through here, so a
 * truncated or corrupt stream is an error everywhere, never a short text.
 * Pure: bytes in, bytes out; any thread.
 *
 * Ownership: *out is malloc'd, NUL-terminated (not counted in *out_len) and
 * owned by the caller; nothing is allocated on error.
 */
#ifndef AF_GZIP_H
#define AF_GZIP_H

#include <stddef.h>

enum {
  AF__INFLATE_AUTO = 0, /* a gzip (every member, in order) or zlib stream */
  AF__INFLATE_RAW = 1   /* raw deflate, no header (some "deflate" servers) */
};

/* 1 when the bytes start with the gzip magic number. */
int af__is_gzip(const void *p, size_t len);

/* Inflates `in` whole, at most `max` bytes out.  0; AF_EPARSE (corrupt, or
 * truncated: the input ends before the stream does); AF_E2BIG (more than
 * `max` bytes); AF_ENOMEM.  err says which, without naming the input
 * (the caller knows its name). */
int af__inflate(const void *in, size_t len, int mode, size_t max, char **out,
                size_t *out_len, char *err, size_t errlen);

#endif /* AF_GZIP_H */
