/* jsonl sink: one JSON object per line, appended to a file.
 *
 * Durability contract: a batch is acknowledged with AF_DONE only after its
 * bytes have reached the disk (fdatasync).  A batch that cannot be written
 * whole is cut back out of the file, so a reader never sees half a line and
 * a retried batch is not duplicated.
 *
 * The file I/O and gzip compression run on the thread pool, one batch at a
 * time, in the order the core handed them over; the JSON is rendered on the
 * loop because doc_to_json is not marked "any thread".
 *
 * With a path ending in ".gz" every batch becomes one complete gzip member.
 * Concatenated members are a valid gzip stream (RFC 1952 §2.2), so the file
 * is readable by zcat at every batch boundary, even after a crash.
 */
#include <auditfeed/plugin.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "outbuf.h"
#include "outpath.h"
#include "sinkq.h"

#define JSONL_VERSION "1.0.0"

AF_PLUGIN_HOST;

typedef struct jsonl_job jsonl_job;

typedef struct jsonl_ctx {
  sinkq q; /* first: the sink's stop and destroy are the queue's */

  /* options */
  const char *path;
  const char *records; /* "documents" | "findings" */
  int fsync;
  long level;

  /* state */
  af_inst *inst;
  int fd;
  int gz;
  int findings_mode;
} jsonl_ctx;

struct jsonl_job {
  sinkq_job link; /* first: the queue's part */
  jsonl_ctx *ctx;
  outbuf_job out; /* the rendered lines and how writing them went */
};

static const af_opt jsonl_opts[] = {
    OUTBUF_OPT_PATH(jsonl_ctx),
    {"records", AF_OPT_STR, 0, "documents", offsetof(jsonl_ctx, records),
     "documents: one line per document with its findings; findings: one line per finding"},
    OUTBUF_OPT_FSYNC(jsonl_ctx),
    OUTBUF_OPT_COMPRESSION(jsonl_ctx),
    {NULL, 0, 0, NULL, 0, NULL}};

static int job_append(jsonl_job *job, const char *s, size_t n) {
  return outbuf_put(&job->out.buf, &job->out.len, &job->out.cap, 4096, s, n);
}

static int job_append_json(jsonl_job *job, char *json) {
  if (!json)
    return AF_ENOMEM;
  int rc = job_append(job, json, strlen(json));
  if (rc == 0)
    rc = job_append(job, "\n", 1);
  af->free(json);
  return rc;
}

static int render_batch(jsonl_ctx *c, jsonl_job *job, const af_batch *batch) {
  size_t n = af->batch_len(batch);
  for (size_t i = 0; i < n; i++) {
    const af_document *doc = af->batch_doc(batch, i);
    if (!doc)
      continue;
    if (!c->findings_mode) {
      int rc = job_append_json(job, af->doc_to_json(doc, 1));
      if (rc < 0)
        return rc;
      continue;
    }
    for (size_t k = 0; k < doc->n_findings; k++) {
      int rc = job_append_json(job, af->finding_to_json(doc, doc->findings[k]));
      if (rc < 0)
        return rc;
    }
  }
  return 0;
}

/* Pool thread: compress, append, sync; undo the append on any failure. */
static void write_work(void *ud) {
  jsonl_job *job = ud;
  jsonl_ctx *c = job->ctx;
  struct stat st;
  int rc;
  if (c->gz && (rc = outbuf_gzip(&job->out.buf, &job->out.len, &job->out.cap, (int)c->level)) < 0)
    outbuf_job_fail(&job->out, "compress", rc, 0);
  else if (outbuf_job_stat(&job->out, c->fd, &st) == 0)
    outbuf_job_append(&job->out, c->fd, &st, c->fsync);
}

static void job_free(void *ud) {
  jsonl_job *job = ud;
  outbuf_job_free(&job->out);
  free(job);
}

static void close_file(void *ctxp) { outbuf_close(&((jsonl_ctx *)ctxp)->fd); }

static int write_finished(void *ctxp, void *ud, int status) {
  jsonl_ctx *c = ctxp;
  return outbuf_job_verdict(af, c->inst, "jsonl", c->path, &((jsonl_job *)ud)->out, status);
}

static int jsonl_create(af_inst *inst, void *ctxp) {
  jsonl_ctx *c = ctxp;
  c->inst = inst;
  c->fd = -1;
  sinkq_init(&c->q, af, inst, c, write_work, write_finished, job_free, close_file);
  if (strcmp(c->records, "documents") == 0) {
    c->findings_mode = 0;
  } else if (strcmp(c->records, "findings") == 0) {
    c->findings_mode = 1;
  } else {
    af->log(inst, AF_LOG_ERROR, "jsonl.bad_option",
            "records=%s: expected documents or findings", c->records);
    return AF_ECONFIG;
  }
  if (c->level < 1 || c->level > 9) {
    af->log(inst, AF_LOG_ERROR, "jsonl.bad_option", "compression=%ld: expected 1-9",
            c->level);
    return AF_ECONFIG;
  }
  c->gz = outpath_is_gzip(c->path);
  return 0;
}

/* check-config: whether start() could open the file for appending (and
 * create it and its directories), without creating anything. */
static int jsonl_check(af_inst *inst, void *ctxp) {
  jsonl_ctx *c = ctxp;
  char why[1024];
  if (outpath_check(c->path, why, sizeof(why)) != 0) {
    af->log(inst, AF_LOG_ERROR, "jsonl.check_failed", "path=%s error=\"%s\"", c->path,
            why);
    return AF_ECONFIG;
  }
  return 0;
}

/* A crash between write() and the truncate that undoes a failed batch can
 * leave half a line at the end of a plain file; readers that stop at the
 * first bad line would lose everything after it once we append, so cut it
 * off now.  (A .gz file ends in a truncated member instead, which zcat
 * reports but reads up to.) */
static void drop_partial_line(jsonl_ctx *c) {
  struct stat st;
  if (c->gz || fstat(c->fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0)
    return;
  char buf[4096];
  off_t end = st.st_size;
  if (pread(c->fd, buf, 1, end - 1) != 1 || buf[0] == '\n')
    return;
  off_t keep = 0;
  for (off_t pos = end; pos > 0 && keep == 0;) {
    size_t n = pos > (off_t)sizeof buf ? sizeof buf : (size_t)pos;
    pos -= (off_t)n;
    if (pread(c->fd, buf, n, pos) != (ssize_t)n)
      return;
    for (size_t i = n; i > 0; i--) {
      if (buf[i - 1] == '\n') {
        keep = pos + (off_t)i;
        break;
      }
    }
  }
  if (ftruncate(c->fd, keep) != 0) {
    af->log(c->inst, AF_LOG_WARN, "jsonl.partial_line", "path=%s error=\"%s\"", c->path,
            strerror(errno));
    return;
  }
  af->log(c->inst, AF_LOG_WARN, "jsonl.partial_line_removed", "path=%s bytes=%lld",
          c->path, (long long)(end - keep));
}

/* fdatasync makes a file's bytes durable but not its name: a file created
 * just before a crash can vanish with every batch acknowledged in it,
 * unless the directory entry is synced too.  Once per new file is enough. */
static void sync_parent_dir(jsonl_ctx *c) {
  char *dir = strdup(c->path);
  if (!dir)
    return;
  char *slash = strrchr(dir, '/');
  const char *name = slash ? (slash == dir ? "/" : dir) : ".";
  if (slash && slash != dir)
    *slash = '\0';
  int dfd = open(name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0 || fsync(dfd) != 0)
    af->log(c->inst, AF_LOG_WARN, "jsonl.dir_sync_failed", "path=%s error=\"%s\"", c->path,
            strerror(errno));
  if (dfd >= 0)
    close(dfd);
  free(dir);
}

static int jsonl_start(af_inst *inst, void *ctxp) {
  jsonl_ctx *c = ctxp;
  int rc = outpath_make_parents(c->path);
  if (rc < 0) {
    af->log(inst, AF_LOG_ERROR, "jsonl.open_failed",
            "path=%s error=\"cannot create parent directory: %s\"", c->path,
            strerror(-rc));
    return rc;
  }
  struct stat st;
  int existed = stat(c->path, &st) == 0;
  c->fd = open(c->path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (c->fd < 0) {
    rc = -errno;
    af->log(inst, AF_LOG_ERROR, "jsonl.open_failed", "path=%s error=\"%s\"", c->path,
            strerror(errno));
    return rc;
  }
  if (!existed && c->fsync)
    sync_parent_dir(c);
  drop_partial_line(c);
  return 0;
}

static int jsonl_write(af_inst *inst, void *ctxp, af_batch *batch) {
  jsonl_ctx *c = ctxp;
  if (c->fd < 0)
    return sinkq_refuse_closed(af, inst, batch, "jsonl.not_open", c->path, AF_EIO);
  jsonl_job *job = sinkq_job_alloc(af, inst, batch, sizeof *job);
  if (!job)
    return 0;
  job->ctx = c;
  int rc = render_batch(c, job, batch);
  /* Nothing to append in findings mode when there are no findings. */
  return sinkq_push_rendered(&c->q, job, batch, rc, job->out.len == 0, "jsonl", c->path);
}

static int jsonl_flush(af_inst *inst, void *ctxp) {
  jsonl_ctx *c = ctxp;
  return outbuf_flush(af, inst, "jsonl", c->path, c->fd, c->fsync);
}

static const af_plugin jsonl_plugin = {
    AF_PLUGIN_INIT("jsonl", JSONL_VERSION,
                   "append documents or findings as JSON lines (optionally gzip)",
                   AF_KIND_SINK),
    .opts = jsonl_opts,
    .ctx_size = sizeof(jsonl_ctx),
    .create = jsonl_create,
    .start = jsonl_start,
    .stop = sinkq_plugin_stop,
    .destroy = sinkq_plugin_destroy,
    .write = jsonl_write,
    .flush = jsonl_flush,
    .check = jsonl_check,
};

AF_PLUGIN(jsonl_plugin)
