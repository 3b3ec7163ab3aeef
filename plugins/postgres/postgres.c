/* postgres sink: documents, their revision history, findings, figures,
 * bodies and reports in PostgreSQL, through libpq (schema: docs/schema.md).
 *
 * Threads.  Plugins reach the loop only through the af_api table, which
 * offers a thread pool (offload) but no way to watch a file descriptor, so
 * libpq's asynchronous API cannot be driven from the loop.  Each batch is
 * instead one job on the pool using libpq's blocking calls, on one
 * connection that only ever one job uses at a time, in arrival order (the
 * sqlite sink's model).  The loop never waits on the server; a batch
 * occupies one pool thread for its round trips.  Only start() talks to the
 * server on the loop: it has to answer "can we write there at all" before
 * the run begins (bounded by connect_timeout).
 *
 * A batch is one transaction: its records are COPYed into temporary
 * staging tables (COPY's text format carries the data, so no SQL is ever
 * built from record text), merged by the fixed statements of apply.sql,
 * and AF_DONE is reported only after COMMIT returned.  A connection that
 * is gone answers AF_RETRY, so the core retries the batch with backoff and
 * then spools it; the next batch reconnects.
 *
 * Schema: numbered migrations (sql/NNN_*.sql), applied at start in one
 * transaction under an advisory lock and recorded in auditfeed_schema; a
 * database whose schema is newer than the plugin is refused.
 */
#include <auditfeed/plugin.h>

#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "pg_sql.h"
#include "sinkq.h"
#include "sinkrec.h"

#define PG_SINK_VERSION "1.0.0"

AF_PLUGIN_HOST;

typedef struct migration {
  int version;
  const char *name;
  const char *sql;
} migration;

static const migration migrations[] = {
    {1, "relational schema: documents, revisions, reports, findings, figures, bodies, search",
     af_pg_001_relational},
    {2, "finding_discrepancies: the misquote check's figures that disagree",
     af_pg_002_discrepancies},
    {3, "LZ4 compression of the big text columns, where the server has it", af_pg_003_lz4},
    {4, "room on the pages of documents for HOT updates (fillfactor 50)", af_pg_004_fillfactor},
};
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof *migrations))

typedef struct pg_job pg_job;

typedef struct pg_ctx {
  /* options */
  const char *conninfo;
  long connect_timeout_ms;

  /* state */
  af_inst *inst;
  PGconn *conn;
  int staged;   /* the staging tables exist on this connection */
  char *target; /* "host:port/db user=..." for log lines, never a password */
  sinkq q;
} pg_ctx;

/* A growable buffer of COPY text-format rows. */
typedef struct sbuf {
  char *p;
  size_t len, cap;
  int oom;
} sbuf;

struct pg_job {
  sinkq_job link; /* first: the queue's part */
  pg_ctx *ctx;
  size_t n_docs;
  const af_document **docs; /* looked up on the loop */
  sbuf doc, finding, figure, body, report, discrepancy;
  int verdict;
  const char *step;
  char *errmsg;
};

static const af_opt pg_opts[] = {
    {"conninfo", AF_OPT_STR, 0, NULL, offsetof(pg_ctx, conninfo),
     "libpq connection string or URI; unset: the PG* environment variables"},
    {"connect_timeout", AF_OPT_MSEC, 0, "10s", offsetof(pg_ctx, connect_timeout_ms),
     "give up connecting after this long (unless conninfo sets its own)"},
    {NULL, 0, 0, NULL, 0, NULL}};

/* ---- COPY text format ---------------------------------------------------- */

static void sb_put(sbuf *b, const char *s, size_t n) {
  if (b->oom)
    return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 16384;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *np = realloc(b->p, cap);
    if (!np) {
      b->oom = 1;
      return;
    }
    b->p = np;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
}

/* A text field: \N for NULL; backslash, tab, newline and CR escaped. */
static void sb_str(sbuf *b, const char *s, int first) {
  if (!first)
    sb_put(b, "\t", 1);
  if (!s) {
    sb_put(b, "\\N", 2);
    return;
  }
  const char *run = s;
  for (; *s; s++) {
    const char *esc = *s == '\\' ? "\\\\" : *s == '\t' ? "\\t" : *s == '\n' ? "\\n"
                      : *s == '\r' ? "\\r" : NULL;
    if (!esc)
      continue;
    sb_put(b, run, (size_t)(s - run));
    sb_put(b, esc, 2);
    run = s + 1;
  }
  sb_put(b, run, (size_t)(s - run));
}

static void sb_int(sbuf *b, long long v) {
  char n[32];
  snprintf(n, sizeof n, "\t%lld", v);
  sb_put(b, n, strlen(n));
}

static void sb_dbl(sbuf *b, double v) {
  char n[40];
  if (isnan(v))
    snprintf(n, sizeof n, "\tNaN");
  else if (isinf(v))
    snprintf(n, sizeof n, "\t%sInfinity", v < 0 ? "-" : "");
  else
    snprintf(n, sizeof n, "\t%.17g", v);
  sb_put(b, n, strlen(n));
}

static void sb_end(sbuf *b) { sb_put(b, "\n", 1); }

/* The misquote check's discrepancies of a finding (ABI 2.1). */
static void render_discrepancies(pg_job *job, const af_finding *f) {
  size_t n = AF_HAS_MEMBER(f, af_finding, n_discrepancies) ? f->n_discrepancies : 0;
  sbuf *b = &job->discrepancy;
  for (size_t k = 0; k < n; k++) {
    const af_discrepancy *x = f->discrepancies[k];
    if (!x)
      continue;
    sb_str(b, f->id, 1);
    sb_int(b, (long long)k);
    const char *v[] = {x->report_id, x->other_finding, x->other_doc, x->raw, x->other_raw};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
      sb_str(b, v[i], 0);
    sb_dbl(b, x->value);
    sb_dbl(b, x->other_value);
    sb_str(b, x->unit, 0);
    sb_dbl(b, x->relative);
    sb_end(b);
  }
}

/* An NAO report's own document (ABI 2.1): its reports row, with the type
 * only the report itself knows. */
static void render_report(pg_job *job, const af_document *d) {
  const af_report_ref *r = AF_HAS_MEMBER(d, af_document, report_type) ? d->report : NULL;
  if (!r || !SINKREC_REPORT_ID(r))
    return;
  const char *v[] = {SINKREC_REPORT_ID(r), r->title, r->published, r->hc, r->url,
                     d->report_type};
  for (size_t i = 0; i < sizeof v / sizeof *v; i++)
    sb_str(&job->report, v[i], i == 0);
  sb_end(&job->report);
}

static void render_finding(pg_job *job, const af_document *d, const af_finding *f) {
  sbuf *b = &job->finding;
  const af_speaker *sp = sinkrec_speaker(f);
  const af_report_ref *r = sinkrec_report(f);
  sb_str(b, f->id, 1);
  sb_str(b, d->id, 0);
  sb_str(b, f->kind, 0);
  sb_str(b, f->text, 0);
  sb_int(b, (long long)f->span_start);
  sb_int(b, (long long)f->span_end);
  sb_str(b, f->attributed_to, 0);
  sb_str(b, f->topic, 0);
  sb_str(b, sp ? sp->name : NULL, 0);
  sb_str(b, sp ? sp->role : NULL, 0);
  sb_str(b, sp ? sp->organisation : NULL, 0);
  const char *rid = r ? SINKREC_REPORT_ID(r) : NULL;
  sb_str(b, rid, 0);
  sb_str(b, r ? r->title : NULL, 0);
  sb_str(b, r ? r->published : NULL, 0);
  sb_str(b, r ? r->hc : NULL, 0);
  sb_str(b, r ? r->url : NULL, 0);
  sb_str(b, r ? SINKREC_REPORT_BASIS(r) : NULL, 0);
  if (r && SINKREC_REPORT_BASIS(r))
    sb_dbl(b, r->confidence);
  else
    sb_str(b, NULL, 0); /* no tie was made, so no confidence in one */
  sb_end(b);

  for (size_t k = 0; k < f->n_figures; k++) {
    const af_figure *g = SINKREC_FIGURE(f, k);
    sbuf *fb = &job->figure;
    sb_str(fb, f->id, 1);
    sb_int(fb, (long long)k);
    sb_str(fb, g->raw, 0);
    sb_dbl(fb, g->value);
    const char *s[] = {g->unit, g->scale, g->per, g->qualifier, g->range, g->role, g->measure,
                       g->period};
    for (size_t i = 0; i < sizeof s / sizeof *s; i++)
      sb_str(fb, s[i], 0);
    sb_int(fb, (long long)g->start);
    sb_int(fb, (long long)g->end);
    sb_end(fb);
  }
  for (size_t k = 0; k < f->n_bodies; k++) {
    sb_str(&job->body, f->id, 1);
    sb_str(&job->body, f->bodies[k], 0);
    sb_end(&job->body);
  }
  render_discrepancies(job, f);
}

static void render_doc(pg_job *job, const af_document *d) {
  sbuf *b = &job->doc;
  const char *a[] = {d->id, d->canonical_url, d->url, d->final_url, d->source, d->plugin,
                     d->plugin_version};
  for (size_t i = 0; i < sizeof a / sizeof *a; i++)
    sb_str(b, a[i], i == 0);
  sb_int(b, d->http_status);
  const char *c[] = {d->fetched, d->published, d->publisher, d->title, d->byline, d->language,
                     d->doc_kind, d->summary, d->text, d->content_hash, d->prev_hash};
  for (size_t i = 0; i < sizeof c / sizeof *c; i++)
    sb_str(b, c[i], 0);
  sb_int(b, d->revision > 0 ? d->revision : 1);
  sb_str(b, d->trace_id, 0);
  sb_str(b, d->extractor_version, 0);
  sb_str(b, d->normaliser_version, 0);
  sb_end(b);
  render_report(job, d);

  for (size_t k = 0; k < d->n_findings; k++) {
    const af_finding *f = SINKREC_FINDING(d, k);
    int seen = 0; /* one row per id: two equal sentences give one finding */
    for (size_t j = 0; j < k && !seen; j++)
      seen = strcmp(SINKREC_FINDING(d, j)->id, f->id) == 0;
    if (!seen && f->id && f->kind && f->text)
      render_finding(job, d, f);
  }
}

/* A document twice in one batch (spool and a fresh copy): the highest
 * revision, last seen, wins. */
static int superseded(pg_job *job, size_t i) {
  const af_document *d = job->docs[i];
  for (size_t j = 0; j < job->n_docs; j++) {
    const af_document *o = job->docs[j];
    if (j == i || !o || strcmp(o->id, d->id) != 0)
      continue;
    if (o->revision > d->revision || (o->revision == d->revision && j > i))
      return 1;
  }
  return 0;
}

/* ---- the server (pool thread, and start) ------------------------------------ */

/* libpq's message as one line without double quotes, malloc'd. */
static char *one_line(const char *msg) {
  char *s = strdup(msg && *msg ? msg : "unknown error");
  if (!s)
    return NULL;
  for (char *p = s; *p; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      *p = ' ';
    else if (*p == '"')
      *p = '\'';
  size_t n = strlen(s);
  while (n > 0 && s[n - 1] == ' ')
    s[--n] = '\0';
  return s;
}

/* libpq prints NOTICEs to stderr by default; they are not ours to show. */
static void quiet(void *arg, const char *msg) {
  (void)arg;
  (void)msg;
}

static PGconn *connect_db(pg_ctx *c) {
  char timeout[24];
  long secs = (c->connect_timeout_ms + 999) / 1000;
  snprintf(timeout, sizeof timeout, "%ld", secs < 2 ? 2 : secs);
  /* Later entries win: the user's conninfo overrides our timeout, and the
   * encoding is forced because COPY sends the records' UTF-8 as it is. */
  const char *keys[] = {"connect_timeout", "application_name", "dbname", "client_encoding",
                        NULL};
  const char *vals[] = {timeout, "auditfeed", c->conninfo && *c->conninfo ? c->conninfo : NULL,
                        "UTF8", NULL};
  PGconn *conn = PQconnectdbParams(keys, vals, 1);
  if (conn)
    PQsetNoticeProcessor(conn, quiet, NULL);
  return conn;
}

static int exec_ok(PGconn *conn, const char *sql, char **err) {
  PGresult *r = PQexec(conn, sql);
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
  if (!ok && err && !*err)
    *err = one_line(r ? PQresultErrorMessage(r) : PQerrorMessage(conn));
  PQclear(r);
  return ok;
}

/* The verdict for a failed statement: a lost connection, a server going
 * down, a conflict or a lock time-out is worth retrying; a full disk and
 * anything else is a failure the core spools. */
static int verdict_for(PGconn *conn, const PGresult *r) {
  if (PQstatus(conn) == CONNECTION_BAD)
    return AF_RETRY;
  const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
  if (!state)
    return AF_EDB;
  if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
      strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
      strcmp(state, "55P03") == 0)
    return AF_RETRY;
  if (strcmp(state, "53100") == 0)
    return AF_ENOSPC;
  if (strncmp(state, "53", 2) == 0)
    return AF_RETRY;
  return AF_EDB;
}

static int job_fail(pg_job *job, const char *step, PGresult *r) {
  PGconn *conn = job->ctx->conn;
  job->step = step;
  free(job->errmsg);
  job->errmsg = one_line(r ? PQresultErrorMessage(r) : PQerrorMessage(conn));
  job->verdict = verdict_for(conn, r);
  PQclear(r);
  return job->verdict;
}

static int run_sql(pg_job *job, const char *step, const char *sql) {
  PGresult *r = PQexec(job->ctx->conn, sql);
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
    PQclear(r);
    return 0;
  }
  return job_fail(job, step, r);
}

/* An empty buffer is not sent: its staging table is empty already (emptied
 * at every commit), and a batch of news articles without findings then
 * costs one COPY, not six. */
static int copy_in(pg_job *job, const char *table_sql, const sbuf *b) {
  PGconn *conn = job->ctx->conn;
  if (b->len == 0)
    return 0;
  PGresult *r = PQexec(conn, table_sql);
  if (!r || PQresultStatus(r) != PGRES_COPY_IN)
    return job_fail(job, "copy", r);
  PQclear(r);
  int ok = PQputCopyData(conn, b->p, (int)b->len) == 1 &&
           PQputCopyEnd(conn, NULL) == 1;
  r = PQgetResult(conn);
  if (!ok || !r || PQresultStatus(r) != PGRES_COMMAND_OK) {
    job_fail(job, "copy", r);
    while ((r = PQgetResult(conn)))
      PQclear(r);
    return job->verdict;
  }
  PQclear(r);
  while ((r = PQgetResult(conn)))
    PQclear(r);
  return 0;
}

/* (Re)connects a connection that is gone and recreates the staging tables
 * on it.  0, or the job's verdict. */
static int ensure_conn(pg_job *job) {
  pg_ctx *c = job->ctx;
  if (c->conn && PQstatus(c->conn) == CONNECTION_OK && c->staged)
    return 0;
  if (c->conn && PQstatus(c->conn) != CONNECTION_OK)
    PQreset(c->conn);
  else if (!c->conn)
    c->conn = connect_db(c);
  c->staged = 0;
  if (!c->conn || PQstatus(c->conn) != CONNECTION_OK) {
    job->step = "connect";
    free(job->errmsg);
    job->errmsg = one_line(c->conn ? PQerrorMessage(c->conn) : "out of memory");
    job->verdict = AF_RETRY;
    return job->verdict;
  }
  if (run_sql(job, "staging", af_pg_staging) != 0)
    return job->verdict;
  c->staged = 1;
  return 0;
}

static void write_work(void *ud) {
  pg_job *job = ud;
  pg_ctx *c = job->ctx;
  job->verdict = AF_DONE;
  for (size_t i = 0; i < job->n_docs; i++)
    if (job->docs[i] && job->docs[i]->id && !superseded(job, i))
      render_doc(job, job->docs[i]);
  if (job->doc.oom || job->finding.oom || job->figure.oom || job->body.oom ||
      job->report.oom || job->discrepancy.oom) {
    job->verdict = AF_ENOMEM;
    job->step = "render";
    return;
  }
  if (ensure_conn(job) != 0)
    return;
  if (run_sql(job, "begin", "BEGIN") != 0 ||
      copy_in(job, "COPY st_doc FROM STDIN", &job->doc) != 0 ||
      copy_in(job, "COPY st_finding FROM STDIN", &job->finding) != 0 ||
      copy_in(job, "COPY st_figure FROM STDIN", &job->figure) != 0 ||
      copy_in(job, "COPY st_body FROM STDIN", &job->body) != 0 ||
      copy_in(job, "COPY st_report FROM STDIN", &job->report) != 0 ||
      copy_in(job, "COPY st_discrepancy FROM STDIN", &job->discrepancy) != 0 ||
      run_sql(job, "apply", af_pg_apply) != 0 || run_sql(job, "commit", "COMMIT") != 0) {
    /* A dead connection has no transaction left to roll back. */
    if (PQstatus(c->conn) == CONNECTION_OK && PQtransactionStatus(c->conn) != PQTRANS_IDLE) {
      PGresult *r = PQexec(c->conn, "ROLLBACK");
      PQclear(r);
    }
    return;
  }
  job->verdict = AF_DONE;
}

/* ---- loop side ---------------------------------------------------------------- */

static void job_free(void *ud) {
  pg_job *job = ud;
  free(job->docs);
  free(job->doc.p);
  free(job->finding.p);
  free(job->figure.p);
  free(job->body.p);
  free(job->report.p);
  free(job->discrepancy.p);
  free(job->errmsg);
  free(job);
}

static void db_close(void *ctxp) {
  pg_ctx *c = ctxp;
  if (c->conn)
    PQfinish(c->conn);
  c->conn = NULL;
  c->staged = 0;
}

static int write_finished(void *ctxp, void *ud, int status) {
  pg_ctx *c = ctxp;
  pg_job *job = ud;
  af_inst *inst = c->inst;

  int verdict = status < 0 ? status : job->verdict;
  if (verdict == AF_RETRY)
    af->log(inst, AF_LOG_WARN, "postgres.unavailable",
            "target=\"%s\" step=%s error=\"%s\" retry=true", c->target,
            job->step ? job->step : "?", job->errmsg ? job->errmsg : "connection lost");
  else if (verdict < 0)
    af->log(inst, AF_LOG_ERROR, "postgres.write_failed", "target=\"%s\" step=%s error=\"%s\"",
            c->target, job->step ? job->step : "queue",
            job->errmsg ? job->errmsg : af->strerror(verdict));
  return verdict;
}

/* Refuses a conninfo that libpq cannot parse, without connecting. */
static int pg_create(af_inst *inst, void *ctxp) {
  pg_ctx *c = ctxp;
  c->inst = inst;
  sinkq_init(&c->q, af, inst, c, write_work, write_finished, job_free, db_close);
  if (c->conninfo && *c->conninfo) {
    char *err = NULL;
    PQconninfoOption *o = PQconninfoParse(c->conninfo, &err);
    if (!o) {
      char *line = one_line(err ? err : "out of memory");
      af->log(inst, AF_LOG_ERROR, "postgres.bad_conninfo", "error=\"%s\"",
              line ? line : "out of memory");
      free(line);
      PQfreemem(err);
      return AF_ECONFIG;
    }
    PQconninfoFree(o);
  }
  if (c->connect_timeout_ms < 0) {
    af->log(inst, AF_LOG_ERROR, "postgres.bad_option", "connect_timeout must not be negative");
    return AF_ECONFIG;
  }
  return 0;
}

static int start_fail(pg_ctx *c, const char *event, const char *step, char *err) {
  af->log(c->inst, AF_LOG_ERROR, event, "target=\"%s\" step=%s error=\"%s\"", c->target, step,
          err ? err : "unknown error");
  free(err);
  db_close(c);
  return AF_EDB;
}

/* Applies the migrations the database lacks, in one transaction. */
static int migrate(pg_ctx *c) {
  char *err = NULL;
  if (!exec_ok(c->conn, "BEGIN", &err) ||
      !exec_ok(c->conn, "SELECT pg_advisory_xact_lock(7467317331)", &err) ||
      !exec_ok(c->conn,
               "CREATE TABLE IF NOT EXISTS auditfeed_schema (version integer PRIMARY KEY,"
               " description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
               &err))
    return start_fail(c, "postgres.migrate_failed", "schema_table", err);
  PGresult *r = PQexec(c->conn, "SELECT coalesce(max(version), 0) FROM auditfeed_schema");
  if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
    err = one_line(r ? PQresultErrorMessage(r) : PQerrorMessage(c->conn));
    PQclear(r);
    return start_fail(c, "postgres.migrate_failed", "schema_version", err);
  }
  int have = atoi(PQgetvalue(r, 0, 0));
  PQclear(r);
  if (have > SCHEMA_VERSION) {
    af->log(c->inst, AF_LOG_ERROR, "postgres.schema_too_new",
            "target=\"%s\" schema=%d supported=%d error=\"the database was written by a newer "
            "auditfeed; upgrade this one\"",
            c->target, have, SCHEMA_VERSION);
    db_close(c); /* rolls back */
    return AF_EDB;
  }
  for (int v = have + 1; v <= SCHEMA_VERSION; v++) {
    const migration *m = &migrations[v - 1];
    if (!exec_ok(c->conn, m->sql, &err))
      return start_fail(c, "postgres.migrate_failed", "migration", err);
    char ver[16];
    snprintf(ver, sizeof ver, "%d", m->version);
    const char *params[] = {ver, m->name};
    r = PQexecParams(c->conn,
                     "INSERT INTO auditfeed_schema (version, description) VALUES ($1, $2)", 2,
                     NULL, params, NULL, NULL, 0);
    if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
      err = one_line(r ? PQresultErrorMessage(r) : PQerrorMessage(c->conn));
      PQclear(r);
      return start_fail(c, "postgres.migrate_failed", "migration", err);
    }
    PQclear(r);
    af->log(c->inst, AF_LOG_INFO, "postgres.migrated", "target=\"%s\" version=%d", c->target,
            m->version);
  }
  if (!exec_ok(c->conn, "COMMIT", &err))
    return start_fail(c, "postgres.migrate_failed", "commit", err);
  return 0;
}

static void set_target(pg_ctx *c) {
  const char *host = PQhost(c->conn), *port = PQport(c->conn), *db = PQdb(c->conn),
             *user = PQuser(c->conn);
  size_t n = 64 + (host ? strlen(host) : 0) + (port ? strlen(port) : 0) +
             (db ? strlen(db) : 0) + (user ? strlen(user) : 0);
  free(c->target);
  c->target = malloc(n);
  if (c->target)
    snprintf(c->target, n, "%s:%s/%s user=%s", host && *host ? host : "(socket)",
             port && *port ? port : "5432", db ? db : "?", user ? user : "?");
}

static int pg_start(af_inst *inst, void *ctxp) {
  pg_ctx *c = ctxp;
  c->conn = connect_db(c);
  if (!c->conn) {
    af->log(inst, AF_LOG_ERROR, "postgres.connect_failed", "error=\"out of memory\"");
    return AF_ENOMEM;
  }
  set_target(c);
  if (!c->target)
    return start_fail(c, "postgres.connect_failed", "connect", NULL);
  if (PQstatus(c->conn) != CONNECTION_OK)
    return start_fail(c, "postgres.connect_failed", "connect",
                      one_line(PQerrorMessage(c->conn)));
  int rc = migrate(c);
  if (rc < 0)
    return rc;
  af->log(inst, AF_LOG_INFO, "postgres.ready", "target=\"%s\" schema=%d server=%d", c->target,
          SCHEMA_VERSION, PQserverVersion(c->conn));
  return 0;
}

/* check-config: the server answers with these credentials and the schema
 * is not newer than ours; nothing is created or written. */
static int pg_check(af_inst *inst, void *ctxp) {
  pg_ctx *c = ctxp;
  c->conn = connect_db(c);
  if (!c->conn)
    return AF_ENOMEM;
  set_target(c);
  if (!c->target || PQstatus(c->conn) != CONNECTION_OK)
    return start_fail(c, "postgres.connect_failed", "connect",
                      one_line(PQerrorMessage(c->conn)));
  /* Two statements: a query naming a missing table fails to plan even
   * in a branch that would not run. */
  PGresult *r = PQexec(c->conn, "SELECT to_regclass('auditfeed_schema') IS NOT NULL");
  if (r && PQresultStatus(r) == PGRES_TUPLES_OK && !strcmp(PQgetvalue(r, 0, 0), "t")) {
    PQclear(r);
    r = PQexec(c->conn, "SELECT coalesce(max(version), 0) FROM auditfeed_schema");
  } else if (r && PQresultStatus(r) == PGRES_TUPLES_OK) {
    PQclear(r);
    r = PQexec(c->conn, "SELECT 0");
  }
  if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
    char *err = one_line(r ? PQresultErrorMessage(r) : PQerrorMessage(c->conn));
    PQclear(r);
    return start_fail(c, "postgres.check_failed", "schema_version", err);
  }
  int have = atoi(PQgetvalue(r, 0, 0));
  PQclear(r);
  int rc = 0;
  if (have > SCHEMA_VERSION) {
    af->log(inst, AF_LOG_ERROR, "postgres.schema_too_new",
            "target=\"%s\" schema=%d supported=%d error=\"the database was written by a newer "
            "auditfeed; upgrade this one\"",
            c->target, have, SCHEMA_VERSION);
    rc = AF_EDB;
  }
  db_close(c);
  return rc;
}

static int pg_write(af_inst *inst, void *ctxp, af_batch *batch) {
  pg_ctx *c = ctxp;
  pg_job *job = sinkq_job_new(af, inst, batch, sizeof *job, offsetof(pg_job, docs),
                               offsetof(pg_job, n_docs));
  if (!job)
    return 0;
  job->ctx = c;
  sinkq_push(&c->q, job, batch);
  return 0;
}

/* Every acknowledged batch is already committed. */
static int pg_flush(af_inst *inst, void *ctxp) { return 0; }

static int pg_stop(af_inst *inst, void *ctxp) {
  pg_ctx *c = ctxp;
  return sinkq_stop(&c->q);
}

static void pg_destroy(af_inst *inst, void *ctxp) {
  pg_ctx *c = ctxp;
  /* Unless the pool still holds the head job and the connection. */
  if (!sinkq_destroy(&c->q)) {
    db_close(c);
    free(c->target);
    c->target = NULL;
  }
}

static const af_plugin pg_plugin = {
    AF_PLUGIN_INIT("postgres", PG_SINK_VERSION,
                   "store documents, revision history, findings, figures and reports in PostgreSQL",
                   AF_KIND_SINK),
    .opts = pg_opts,
    .ctx_size = sizeof(pg_ctx),
    .create = pg_create,
    .start = pg_start,
    .stop = pg_stop,
    .destroy = pg_destroy,
    .write = pg_write,
    .flush = pg_flush,
    .check = pg_check,
};

AF_PLUGIN(pg_plugin)
