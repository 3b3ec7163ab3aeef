/* csv sink: one row per finding, appended to a CSV file a spreadsheet opens.
 *
 * Format: RFC 4180 (comma separated, CRLF after every row, a field with a
 * comma, quote or line break in double quotes, quotes doubled), UTF-8 with
 * a header row written once, when the file is empty.  Line breaks inside a
 * field are written as a bare LF, so CRLF only ever ends a row: that is how
 * a partial last row (a crash in the middle of a write) is found and cut
 * off at start.  A cell that a spreadsheet would run as a formula (starting
 * with = + - @ TAB CR) gets a leading apostrophe unless formula_guard=false.
 *
 * Durability: as the jsonl sink.  A batch is acknowledged only after its
 * bytes were synced; a batch that cannot be written whole is cut back out.
 * A file that cannot be opened (read-only path, missing permission) is not
 * a startup error: each batch tries again, fails with a log line naming
 * the path, and the core spools it, so fixing the path delivers everything.
 * Every row starts with the finding id, so rows written twice (a batch
 * re-delivered after a crash between sync and acknowledgement, or an
 * unchanged finding of a revised document) fold by that column; the
 * `revision` column tells which row is the newer.
 *
 * With a path ending in ".gz" every batch is one complete gzip member, as
 * in the jsonl sink.  All file I/O runs on the thread pool, one batch at a
 * time, in the order the core handed them over.
 */
#include <auditfeed/plugin.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "outbuf.h"
#include "outpath.h"
#include "sinkq.h"
#include "sinkrec.h"

#define CSV_VERSION "1.0.0"

AF_PLUGIN_HOST;

/* The columns, in order; docs/plugins.md says what each holds.  A file
 * begun with the first 18 columns (CSV_HEADER_1, before report_type and
 * discrepancies) goes on with those: a column added under an existing
 * header would shift every cell a reader expects. */
#define CSV_HEADER_1                                                           \
  "finding_id,document_id,revision,title,url,published,publisher,kind,text,"   \
  "attributed_to,topic,bodies,figure_value,figure_unit,figure_role,speaker,"   \
  "report_title,report_url"
#define CSV_HEADER CSV_HEADER_1 ",report_type,discrepancies"

static const char utf8_bom[] = "\xef\xbb\xbf";

typedef struct csv_job csv_job;

typedef struct csv_ctx {
  sinkq q; /* first: the sink's stop and destroy are the queue's */

  /* options */
  const char *path;
  int fsync;
  int bom;
  int formula_guard;
  long level;

  /* state */
  af_inst *inst;
  int fd;     /* -1 until opened; opened again by the next batch on failure */
  int gz;
  int old_columns; /* the file has CSV_HEADER_1: write those columns only */
} csv_ctx;

struct csv_job {
  sinkq_job link; /* first: the queue's part */
  csv_ctx *ctx;
  const af_document **docs; /* looked up on the loop */
  size_t n_docs;
  outbuf_job out; /* the rendered rows and how writing them went */
  size_t rows;
};

static const af_opt csv_opts[] = {
    OUTBUF_OPT_PATH(csv_ctx),
    OUTBUF_OPT_FSYNC(csv_ctx),
    {"bom", AF_OPT_BOOL, 0, "true", offsetof(csv_ctx, bom),
     "start a new file with a UTF-8 byte order mark (so spreadsheets read it as UTF-8)"},
    {"formula_guard", AF_OPT_BOOL, 0, "true", offsetof(csv_ctx, formula_guard),
     "prefix an apostrophe to text cells a spreadsheet would run as a formula"},
    OUTBUF_OPT_COMPRESSION(csv_ctx),
    {NULL, 0, 0, NULL, 0, NULL}};

/* ---- rendering (pool thread) ------------------------------------------ */

static int put(csv_job *job, const char *s, size_t n) {
  return outbuf_put(&job->out.buf, &job->out.len, &job->out.cap, 8192, s, n);
}

/* One field, quoted when RFC 4180 needs it; NULL is an empty field.  CRLF
 * and lone CR inside the value become LF (see the file comment). */
static int put_field(csv_job *job, const char *v, int first) {
  int rc = first ? 0 : put(job, ",", 1);
  if (rc < 0 || !v || !*v)
    return rc;
  int guard = job->ctx->formula_guard && strchr("=+-@\t\r", v[0]) != NULL;
  int quote = guard || strpbrk(v, ",\"\r\n") != NULL;
  if (!quote)
    return put(job, v, strlen(v));
  if ((rc = put(job, "\"", 1)) < 0 || (guard && (rc = put(job, "'", 1)) < 0))
    return rc;
  for (const char *p = v; *p; p++) {
    if (*p == '"')
      rc = put(job, "\"\"", 2);
    else if (*p == '\r')
      rc = p[1] == '\n' ? 0 : put(job, "\n", 1);
    else
      rc = put(job, p, 1);
    if (rc < 0)
      return rc;
  }
  return put(job, "\"", 1);
}

/* Gazetteer ids joined by ";" (ids never contain one). */
static int put_bodies(csv_job *job, const af_finding *f) {
  size_t n = 0;
  for (size_t i = 0; i < f->n_bodies; i++)
    n += f->bodies[i] ? strlen(f->bodies[i]) + 1 : 0;
  char *s = malloc(n + 1);
  if (!s)
    return AF_ENOMEM;
  s[0] = '\0';
  for (size_t i = 0, at = 0; i < f->n_bodies; i++) {
    if (!f->bodies[i])
      continue;
    at += (size_t)sprintf(s + at, "%s%s", at ? ";" : "", f->bodies[i]);
  }
  int rc = put_field(job, s, 0);
  free(s);
  return rc;
}

/* The misquote check's discrepancies of a finding (ABI 2.1) as one cell a
 * reader can take in: "£8.1bn against £1.8 billion (77.8% apart) in
 * finding ID", several joined by "; ".  Empty when there are none. */
static int put_discrepancies(csv_job *job, const af_finding *f) {
  size_t n = AF_HAS_MEMBER(f, af_finding, n_discrepancies) ? f->n_discrepancies : 0;
  size_t cap = 1, at = 0;
  for (size_t i = 0; i < n; i++) {
    const af_discrepancy *x = f->discrepancies[i];
    if (x)
      cap += 64 + strlen(x->raw ? x->raw : "") + strlen(x->other_raw ? x->other_raw : "") +
             strlen(x->other_finding ? x->other_finding : "");
  }
  char *cell = malloc(cap);
  if (!cell)
    return AF_ENOMEM;
  cell[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    const af_discrepancy *x = f->discrepancies[i];
    if (!x)
      continue;
    at += (size_t)snprintf(cell + at, cap - at, "%s%s against %s (%.1f%% apart) in finding %s",
                           at ? "; " : "", x->raw ? x->raw : "?",
                           x->other_raw ? x->other_raw : "?", x->relative * 100.0,
                           x->other_finding ? x->other_finding : "?");
  }
  int rc = put_field(job, cell, 0);
  free(cell);
  return rc;
}

/* The report's type: known to the report's own document only (ABI 2.1),
 * so given on the findings that document makes in its own name. */
static const char *report_type(const af_document *d, const af_finding *f) {
  if (!AF_HAS_MEMBER(d, af_document, report_type) || !d->report || !d->report->id)
    return NULL;
  const af_report_ref *r = sinkrec_report(f);
  return r && r->id && strcmp(r->id, d->report->id) == 0 ? d->report_type : NULL;
}

static int put_row(csv_job *job, const af_document *d, const af_finding *f) {
  char rev[24], val[40] = "";
  snprintf(rev, sizeof rev, "%d", d->revision > 0 ? d->revision : 1);
  const af_figure *g = f->n_figures ? SINKREC_FIGURE(f, 0) : NULL;
  if (g)
    snprintf(val, sizeof val, "%.15g", g->value);
  const af_speaker *sp = sinkrec_speaker(f);
  const af_report_ref *r = sinkrec_report(f);
  const char *url = d->canonical_url ? d->canonical_url : d->final_url ? d->final_url : d->url;
  const char *before[] = {f->id, d->id, rev, d->title, url, d->published, d->publisher,
                          f->kind, f->text, f->attributed_to, f->topic};
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < sizeof before / sizeof *before; i++)
    rc = put_field(job, before[i], i == 0);
  if (rc == 0)
    rc = put_bodies(job, f);
  /* The value is a number, never guarded: "-3.5" must stay a number. */
  if (rc == 0 && (rc = put(job, ",", 1)) == 0)
    rc = put(job, val, strlen(val));
  const char *after[] = {g ? g->unit : NULL, g ? g->role : NULL, sp ? sp->name : NULL,
                         r ? r->title : NULL, r ? r->url : NULL};
  for (size_t i = 0; rc == 0 && i < sizeof after / sizeof *after; i++)
    rc = put_field(job, after[i], 0);
  if (rc == 0 && !job->ctx->old_columns && (rc = put_field(job, report_type(d, f), 0)) == 0)
    rc = put_discrepancies(job, f);
  if (rc == 0)
    rc = put(job, "\r\n", 2);
  job->rows++;
  return rc;
}

static int render(csv_job *job, int with_header) {
  int rc = 0;
  if (with_header) {
    if (job->ctx->bom)
      rc = put(job, utf8_bom, 3);
    if (rc == 0)
      rc = put(job, CSV_HEADER "\r\n", sizeof CSV_HEADER + 1);
  }
  for (size_t i = 0; rc == 0 && i < job->n_docs; i++) {
    const af_document *d = job->docs[i];
    for (size_t k = 0; d && rc == 0 && k < d->n_findings; k++)
      rc = put_row(job, d, SINKREC_FINDING(d, k));
  }
  return rc;
}

/* ---- file I/O (pool thread) ------------------------------------------- */

/* A crash in the middle of a write can leave a partial row at the end of
 * a plain file; cut back to the last CRLF so the next row starts clean.
 * Returns the bytes removed. */
static off_t drop_partial_row(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 2)
    return 0;
  char buf[4096];
  off_t end = st.st_size;
  if (pread(fd, buf, 2, end - 2) != 2 || (buf[0] == '\r' && buf[1] == '\n'))
    return 0;
  off_t keep = 0;
  char next = 0; /* the byte after the current window */
  for (off_t pos = end; pos > 0 && keep == 0;) {
    size_t n = pos > (off_t)sizeof buf ? sizeof buf : (size_t)pos;
    pos -= (off_t)n;
    if (pread(fd, buf, n, pos) != (ssize_t)n)
      return 0;
    for (size_t i = n; i > 0; i--) {
      char after = i < n ? buf[i] : next;
      if (buf[i - 1] == '\r' && after == '\n' && pos + (off_t)i + 1 <= end) {
        keep = pos + (off_t)i + 1;
        break;
      }
    }
    next = buf[0];
  }
  return ftruncate(fd, keep) == 0 ? end - keep : 0;
}

static int open_file(csv_ctx *c, csv_job *job) {
  int fd = open(c->path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0)
    return outbuf_job_fail(&job->out, "open", -errno, 1);
  if (!c->gz)
    drop_partial_row(fd);
  c->fd = fd;
  return 0;
}

static void write_work(void *ud) {
  csv_job *job = ud;
  csv_ctx *c = job->ctx;
  struct stat st;
  int rc;
  if ((c->fd < 0 && open_file(c, job) < 0) || outbuf_job_stat(&job->out, c->fd, &st) < 0)
    return;
  if ((rc = render(job, st.st_size == 0)) < 0 ||
      (c->gz && (rc = outbuf_gzip(&job->out.buf, &job->out.len, &job->out.cap, (int)c->level)) < 0))
    outbuf_job_fail(&job->out, "render", rc, 0);
  else
    outbuf_job_append(&job->out, c->fd, &st, c->fsync);
}

/* ---- loop side -------------------------------------------------------- */

static void job_free(void *ud) {
  csv_job *job = ud;
  free(job->docs);
  outbuf_job_free(&job->out);
  free(job);
}

static void close_file(void *ctxp) { outbuf_close(&((csv_ctx *)ctxp)->fd); }

static int write_finished(void *ctxp, void *ud, int status) {
  csv_ctx *c = ctxp;
  int verdict = outbuf_job_verdict(af, c->inst, "csv", c->path, &((csv_job *)ud)->out, status);
  if (verdict < 0)
    close_file(c); /* opened again by the next batch: the cause may be gone by then */
  return verdict;
}

static int csv_create(af_inst *inst, void *ctxp) {
  csv_ctx *c = ctxp;
  c->inst = inst;
  c->fd = -1;
  sinkq_init(&c->q, af, inst, c, write_work, write_finished, job_free, close_file);
  if (c->level < 1 || c->level > 9) {
    af->log(inst, AF_LOG_ERROR, "csv.bad_option", "compression=%ld: expected 1-9", c->level);
    return AF_ECONFIG;
  }
  if (!*c->path) {
    af->log(inst, AF_LOG_ERROR, "csv.bad_option", "path is empty");
    return AF_ECONFIG;
  }
  c->gz = outpath_is_gzip(c->path);
  return 0;
}

/* An existing file must have our header: appending rows of other columns
 * under it would silently shift every cell.  Returns 0 when the file is
 * absent, empty or ours; 2 when it has our first 18 columns only (an older
 * file, continued with those); 1 when it is someone else's; -errno when
 * it cannot be read (left to the batches to report). */
static int header_differs(csv_ctx *c) {
  char line[1024];
  gzFile gz = gzopen(c->path, "rb"); /* reads plain files as they are */
  if (!gz)
    return errno == ENOENT ? 0 : -errno;
  char *got = gzgets(gz, line, sizeof line);
  gzclose(gz);
  if (!got)
    return 0; /* empty */
  const char *p = line;
  if (strncmp(p, utf8_bom, 3) == 0)
    p += 3;
  if (strcmp(p, CSV_HEADER "\r\n") == 0)
    return 0;
  return strcmp(p, CSV_HEADER_1 "\r\n") == 0 ? 2 : 1;
}

static int csv_start(af_inst *inst, void *ctxp) {
  csv_ctx *c = ctxp;
  int rc = outpath_make_parents(c->path);
  if (rc < 0)
    af->log(inst, AF_LOG_ERROR, "csv.open_failed",
            "path=%s error=\"cannot create parent directory: %s\" then=spool",
            c->path, strerror(-rc));
  rc = header_differs(c);
  c->old_columns = rc == 2;
  if (c->old_columns)
    af->log(inst, AF_LOG_WARN, "csv.old_columns",
            "path=%s msg=\"the file has the first 18 columns only: rows go on without "
            "report_type and discrepancies; start a new file to get them\"",
            c->path);
  else if (rc > 0) {
    af->log(inst, AF_LOG_ERROR, "csv.foreign_file",
            "path=%s error=\"the file's first line is not this sink's header; "
            "choose another path\"",
            c->path);
    return AF_ECONFIG;
  }
  if (rc < 0 && rc != -ENOENT)
    af->log(inst, AF_LOG_ERROR, "csv.open_failed",
            "path=%s error=\"%s\" then=spool", c->path,
            strerror(-rc));
  return 0;
}

static int csv_write(af_inst *inst, void *ctxp, af_batch *batch) {
  csv_ctx *c = ctxp;
  size_t nf = 0;
  csv_job *job = sinkq_job_new(af, inst, batch, sizeof *job, offsetof(csv_job, docs),
                               offsetof(csv_job, n_docs));
  if (!job)
    return 0;
  job->ctx = c;
  for (size_t i = 0; i < job->n_docs; i++)
    nf += job->docs[i] ? job->docs[i]->n_findings : 0;
  /* Rows are rendered on the pool; a batch without findings has none. */
  return sinkq_push_rendered(&c->q, job, batch, 0, nf == 0, "csv", c->path);
}

static int csv_flush(af_inst *inst, void *ctxp) {
  csv_ctx *c = ctxp;
  /* A batch with the pool owns the file until it is written. */
  return c->q.busy ? 0 : outbuf_flush(af, inst, "csv", c->path, c->fd, c->fsync);
}

static const af_plugin csv_plugin = {
    AF_PLUGIN_INIT("csv", CSV_VERSION,
                   "append one row per finding to a CSV file (RFC 4180, UTF-8, optionally gzip)",
                   AF_KIND_SINK),
    .opts = csv_opts,
    .ctx_size = sizeof(csv_ctx),
    .create = csv_create,
    .start = csv_start,
    .stop = sinkq_plugin_stop,
    .destroy = sinkq_plugin_destroy,
    .write = csv_write,
    .flush = csv_flush,
};

AF_PLUGIN(csv_plugin)
