/* Shared by the csv and jsonl sinks: the buffer a batch is rendered into
 * on the pool thread, made one gzip member when the file is .gz, written
 * out whole, and the verdict and log lines of that write on the loop. */
#ifndef AF_PLUGIN_OUTBUF_H
#define AF_PLUGIN_OUTBUF_H

#include <stddef.h>
#include <sys/stat.h>

#include <auditfeed/plugin.h>

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

/* What a sink's job holds for this file: the bytes of one batch and how
 * writing them went.  The sink's own job (csv, jsonl) embeds one. */
typedef struct outbuf_job {
  char *buf; /* the rendered batch; replaced by its gzip member when .gz */
  size_t len, cap;
  int verdict;      /* AF_DONE, or the negative error of the failed step */
  int err;          /* errno of the failed step; 0 when it was no errno */
  const char *step; /* the failed step, for the log line */
  int truncate_err; /* errno when cutting the batch back out failed */
} outbuf_job;

/* Pool thread: the job fails at `step` with rc (< 0), an errno when
 * `is_errno`.  Returns rc. */
int outbuf_job_fail(outbuf_job *j, const char *step, int rc, int is_errno);

/* Pool thread: *st of the output fd before the batch; on failure the job
 * fails at "stat".  0 or a negative errno. */
int outbuf_job_stat(outbuf_job *j, int fd, struct stat *st);

/* Pool thread: appends the job's bytes to fd (fstat'd as *st) with
 * outbuf_append_synced; the verdict is AF_DONE or the failure. */
void outbuf_job_append(outbuf_job *j, int fd, const struct stat *st, int sync);

/* Loop: the verdict for the job's batch (status < 0: the pool could not
 * run the job), a failure logged through `api` as
 * `SINK.write_failed path=PATH step=... error="..."` and a failed cut as
 * `SINK.truncate_failed`. */
int outbuf_job_verdict(const af_api *api, af_inst *inst, const char *sink,
                       const char *path, const outbuf_job *j, int status);

/* The sink's flush: with fsync off, fdatasync of fd (when open) so what
 * was acknowledged reaches the disk now; a failure is logged as
 * `SINK.flush_failed path=PATH error="..."`.  0 or a negative errno. */
int outbuf_flush(const af_api *api, af_inst *inst, const char *sink, const char *path,
                 int fd, int fsync);

/* Frees the job's buffer. */
void outbuf_job_free(outbuf_job *j);

/* Closes *fd when open and marks it closed (-1). */
void outbuf_close(int *fd);

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
