/* Shared by the csv and jsonl sinks: the buffer a batch is rendered into
 * on the pool thread, made one gzip member when the file is .gz, and
 * written out whole. */
#ifndef AF_PLUGIN_OUTBUF_H
#define AF_PLUGIN_OUTBUF_H

#include <stddef.h>
#include <sys/stat.h>

/* Appends n bytes of s to *buf (*len used, *cap allocated; `first` the
 * capacity of a new buffer), always keeping room for a terminating NUL.
 * 0, or AF_ENOMEM with the buffer unchanged. */
int outbuf_put(char **buf, size_t *len, size_t *cap, size_t first,
               const char *s, size_t n);

/* Replaces the *len bytes of *buf with one gzip member (compression
 * `level`) holding them.  0, AF_ENOMEM or AF_EIO (the buffer unchanged). */
int outbuf_gzip(char **buf, size_t *len, size_t *cap, int level);

/* Writes all n bytes of p to fd, again after EINTR.  0 or a negative
 * errno. */
int outbuf_write_all(int fd, const char *p, size_t n);

/* Appends all n bytes of p to fd, whose fstat before the batch is *st,
 * and syncs them (fdatasync) when `sync`; a pipe or device that cannot be
 * synced at all is fine.  On any failure a regular file is cut back to its
 * size before, so no partial batch stays behind.  0, or a negative errno
 * with *step naming the failed step ("write" or "fdatasync") and
 * *truncate_err the errno of a failed cut (left alone otherwise). */
int outbuf_append_synced(int fd, const struct stat *st, const char *p,
                         size_t n, int sync, const char **step,
                         int *truncate_err);

/* The option rows of what this file does for a sink, for a context
 * `type` with members path, fsync and level; one definition, so the csv
 * and jsonl sinks document them alike. */
#define OUTBUF_OPT_PATH(type)                                                \
  {"path", AF_OPT_STR, 1, NULL, offsetof(type, path),                        \
   "output file; a name ending in .gz is written gzip-compressed"}
#define OUTBUF_OPT_FSYNC(type)                                               \
  {"fsync", AF_OPT_BOOL, 0, "true", offsetof(type, fsync),                   \
   "fdatasync after every batch before acknowledging it"}
#define OUTBUF_OPT_COMPRESSION(type)                                         \
  {"compression", AF_OPT_INT, 0, "6", offsetof(type, level),                 \
   "gzip level 1-9 for .gz paths"}

#endif /* AF_PLUGIN_OUTBUF_H */
