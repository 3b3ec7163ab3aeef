/* sqlite sink: documents, their revision history and their findings in one
 * SQLite database (schema in schema.sql, documented in docs/plugins.md).
 *
 * Every batch is one transaction.  AF_DONE is reported only after COMMIT
 * returned, with synchronous=FULL, so an acknowledged batch survives a power
 * cut.  Writing the same batch twice changes nothing: documents and
 * findings are upserted by their stable ids, and a document's findings are
 * replaced as a whole inside the transaction that stores it.
 *
 * Transactions run on the thread pool, one at a time and in arrival order;
 * the connection is only ever used by one thread at a time.  The JSON
 * columns are rendered on the loop first because doc_to_json and
 * finding_to_json are not marked "any thread".
 */
#include <auditfeed/plugin.h>

#include <errno.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "outpath.h"
#include "schema_sql.h"
#include "sinkq.h"
#include "sinkrec.h"

#define SQLITE_SINK_VERSION "2.0.0"
#define SCHEMA_VERSION 4

AF_PLUGIN_HOST;

enum {
  ST_BEGIN,
  ST_COMMIT,
  ST_ROLLBACK,
  ST_UPSERT_DOC,
  ST_INSERT_REV,
  ST_WITHDRAW,
  ST_UPSERT_REPORT,
  ST_UPSERT_FINDING,
  ST_DELETE_FIGURES,
  ST_INSERT_FIGURE,
  ST_DELETE_BODIES,
  ST_INSERT_BODY,
  ST_DELETE_DISCREPANCIES,
  ST_INSERT_DISCREPANCY,
  ST_FTS_MARK,
  ST_FTS_DOCS,
  ST_FTS_FINDINGS,
  ST_FTS_CLEAR,
  ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    /* An older revision arriving late (a replayed batch) must not
     * overwrite a newer one: the WHERE makes such an upsert a no-op, and
     * sqlite3_changes() then tells the caller to keep the findings too. */
    [ST_UPSERT_DOC] =
        "INSERT INTO documents (id, canonical_url, url, final_url, source, plugin,"
        " plugin_version, http_status, fetched, published, publisher, title, byline,"
        " language, doc_kind, summary, text, content_hash, revision, trace_id,"
        " extractor_version, normaliser_version, json)"
        " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,"
        "?20,?21,?22,?23)"
        " ON CONFLICT (id) DO UPDATE SET canonical_url=excluded.canonical_url,"
        " url=excluded.url, final_url=excluded.final_url, source=excluded.source,"
        " plugin=excluded.plugin, plugin_version=excluded.plugin_version,"
        " http_status=excluded.http_status, fetched=excluded.fetched,"
        " published=excluded.published, publisher=excluded.publisher,"
        " title=excluded.title, byline=excluded.byline, language=excluded.language,"
        " doc_kind=excluded.doc_kind, summary=excluded.summary, text=excluded.text,"
        " content_hash=excluded.content_hash, revision=excluded.revision,"
        " trace_id=excluded.trace_id, extractor_version=excluded.extractor_version,"
        " normaliser_version=excluded.normaliser_version, json=excluded.json"
        " WHERE excluded.revision >= documents.revision",
    [ST_INSERT_REV] =
        "INSERT OR IGNORE INTO document_revisions (doc_id, revision, content_hash,"
        " prev_hash, fetched, title, text) VALUES (?1,?2,?3,?4,?5,?6,?7)",
    /* History: every current finding of the document is marked withdrawn
     * by this revision, then each finding the revision still carries is
     * upserted with withdrawn_in cleared; what stays marked is what the
     * revision dropped.  Re-applying the same revision changes nothing. */
    [ST_WITHDRAW] =
        "UPDATE findings SET withdrawn_in = ?2 WHERE doc_id = ?1 AND withdrawn_in IS NULL",
    [ST_UPSERT_REPORT] =
        "INSERT INTO reports (id, title, published, hc, url, type) VALUES (?1,?2,?3,?4,?5,?6)"
        " ON CONFLICT (id) DO UPDATE SET title = coalesce(excluded.title, reports.title),"
        " published = coalesce(excluded.published, reports.published),"
        " hc = coalesce(excluded.hc, reports.hc), url = coalesce(excluded.url, reports.url),"
        " type = coalesce(excluded.type, reports.type)",
    /* An upsert, never INSERT OR REPLACE: a replace deletes the row, and
     * with it (ON DELETE CASCADE) the figures and bodies. */
    [ST_UPSERT_FINDING] =
        "INSERT INTO findings (id, doc_id, kind, text, span_start, span_end,"
        " attributed_to, topic, bodies, figures, speaker_name, speaker_role,"
        " report_title, report_published, json, speaker_organisation, report_id,"
        " report_basis, report_confidence, first_revision, last_revision, withdrawn_in)"
        " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?20,"
        "NULL)"
        " ON CONFLICT (id) DO UPDATE SET doc_id = excluded.doc_id, kind = excluded.kind,"
        " text = excluded.text, span_start = excluded.span_start,"
        " span_end = excluded.span_end, attributed_to = excluded.attributed_to,"
        " topic = excluded.topic, bodies = excluded.bodies, figures = excluded.figures,"
        " speaker_name = excluded.speaker_name, speaker_role = excluded.speaker_role,"
        " report_title = excluded.report_title, report_published = excluded.report_published,"
        " json = excluded.json, speaker_organisation = excluded.speaker_organisation,"
        " report_id = excluded.report_id, report_basis = excluded.report_basis,"
        " report_confidence = excluded.report_confidence,"
        " first_revision = min(coalesce(findings.first_revision, excluded.first_revision),"
        " excluded.first_revision),"
        " last_revision = excluded.last_revision, withdrawn_in = NULL",
    [ST_DELETE_FIGURES] = "DELETE FROM finding_figures WHERE finding_id = ?1",
    [ST_INSERT_FIGURE] =
        "INSERT OR REPLACE INTO finding_figures (finding_id, ord, raw, value, unit, scale, per,"
        " qualifier, bound, role, measure, period, span_start, span_end)"
        " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)",
    [ST_DELETE_BODIES] = "DELETE FROM finding_bodies WHERE finding_id = ?1",
    [ST_INSERT_BODY] =
        "INSERT OR IGNORE INTO finding_bodies (finding_id, body) VALUES (?1,?2)",
    [ST_DELETE_DISCREPANCIES] = "DELETE FROM finding_discrepancies WHERE finding_id = ?1",
    [ST_INSERT_DISCREPANCY] =
        "INSERT OR REPLACE INTO finding_discrepancies (finding_id, ord, report_id,"
        " other_finding, other_doc, raw, other_raw, value, other_value, unit, relative)"
        " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
    /* The full-text entries of the rows the batch inserted, added by one
     * statement per table at its end (migrate_3_4.sql says why): the mark
     * makes the insert triggers note rowids instead of indexing, and the
     * table is emptied again before COMMIT. */
    [ST_FTS_MARK] = "INSERT OR IGNORE INTO fts_pending (tbl, row) VALUES ('', 0)",
    [ST_FTS_DOCS] =
        "INSERT INTO documents_fts (rowid, title, text)"
        " SELECT d.rowid, d.title, d.text FROM fts_pending p JOIN documents d ON d.rowid = p.row"
        " WHERE p.tbl = 'documents' ORDER BY p.row",
    [ST_FTS_FINDINGS] =
        "INSERT INTO findings_fts (rowid, text)"
        " SELECT f.rowid, f.text FROM fts_pending p JOIN findings f ON f.rowid = p.row"
        " WHERE p.tbl = 'findings' ORDER BY p.row",
    [ST_FTS_CLEAR] = "DELETE FROM fts_pending",
};

typedef struct sq_job sq_job;

typedef struct sq_ctx {
  sinkq q; /* first: the sink's stop and destroy are the queue's */

  /* options */
  const char *path;
  long busy_ms;

  /* state */
  af_inst *inst;
  sqlite3 *db;
  sqlite3_stmt *st[ST_COUNT];
} sq_ctx;

struct sq_job {
  sinkq_job link; /* first: the queue's part */
  sq_ctx *ctx;
  size_t n_docs;
  const af_document **docs; /* [n_docs], looked up on the loop: batch_doc is loop-only */
  char **doc_json;     /* [n_docs], from doc_to_json(doc, 0) */
  char **finding_json; /* all findings of the batch, in document order */
  size_t n_findings;
  int verdict;
  char *errmsg; /* sqlite's message for the log line, malloc'd */
};

static const af_opt sq_opts[] = {
    {"path", AF_OPT_STR, 1, NULL, offsetof(sq_ctx, path), "database file (created if missing)"},
    {"busy_timeout", AF_OPT_MSEC, 0, "5s", offsetof(sq_ctx, busy_ms),
     "how long to wait for another writer before asking the core to retry the batch"},
    {NULL, 0, 0, NULL, 0, NULL}};

static void job_free(void *ud) {
  sq_job *job = ud;
  for (size_t i = 0; i < job->n_docs; i++)
    af->free(job->doc_json[i]);
  for (size_t i = 0; i < job->n_findings; i++)
    af->free(job->finding_json[i]);
  free(job->docs);
  free(job->doc_json);
  free(job->finding_json);
  free(job->errmsg);
  free(job);
}

static int render_batch(sq_job *job, const af_batch *batch) {
  size_t n = af->batch_len(batch), nf = 0;
  for (size_t i = 0; i < n; i++) {
    const af_document *doc = af->batch_doc(batch, i);
    nf += doc ? doc->n_findings : 0;
  }
  job->docs = calloc(n ? n : 1, sizeof *job->docs);
  job->doc_json = calloc(n ? n : 1, sizeof *job->doc_json);
  job->finding_json = calloc(nf ? nf : 1, sizeof *job->finding_json);
  if (!job->docs || !job->doc_json || !job->finding_json)
    return AF_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    const af_document *doc = af->batch_doc(batch, i);
    job->docs[i] = doc;
    job->n_docs = i + 1;
    if (!doc)
      continue;
    if (!(job->doc_json[i] = af->doc_to_json(doc, 0)))
      return AF_ENOMEM;
    for (size_t k = 0; k < doc->n_findings; k++) {
      char *j = af->finding_to_json(doc, SINKREC_FINDING(doc, k));
      if (!j)
        return AF_ENOMEM;
      job->finding_json[job->n_findings++] = j;
    }
  }
  return 0;
}

/* ---- pool side -------------------------------------------------------- */

static int bind_str(sqlite3_stmt *s, int i, const char *v) {
  return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(s, i);
}

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

/* JSON text for the bodies and figures columns; caller frees with free(). */
static char *bodies_json(const af_finding *f) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < f->n_bodies; i++)
    json_array_append_new(a, str_or_null(f->bodies[i]));
  char *s = a ? json_dumps(a, JSON_COMPACT) : NULL;
  json_decref(a);
  return s;
}

static char *figures_json(const af_finding *f) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < f->n_figures; i++) {
    const af_figure *g = SINKREC_FIGURE(f, i);
    json_t *o = json_object();
    if (!o)
      break;
    json_object_set_new(o, "raw", str_or_null(g->raw));
    json_object_set_new(o, "value", json_real(g->value));
    json_object_set_new(o, "unit", str_or_null(g->unit));
    json_object_set_new(o, "scale", str_or_null(g->scale));
    json_object_set_new(o, "per", str_or_null(g->per));
    json_object_set_new(o, "qualifier", str_or_null(g->qualifier));
    json_object_set_new(o, "range", str_or_null(g->range));
    json_object_set_new(o, "role", str_or_null(g->role));
    json_object_set_new(o, "measure", str_or_null(g->measure));
    json_object_set_new(o, "period", str_or_null(g->period));
    json_object_set_new(o, "start", json_integer((json_int_t)g->start));
    json_object_set_new(o, "end", json_integer((json_int_t)g->end));
    json_array_append_new(a, o);
  }
  char *s = a ? json_dumps(a, JSON_COMPACT) : NULL;
  json_decref(a);
  return s;
}

/* Steps a statement to completion and resets it for the next use. */
static int run(sqlite3_stmt *s) {
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW)
    ;
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The misquote check's discrepancies of a finding (ABI 2.1), replaced as
 * a whole: a revision whose figure now agrees leaves none. */
static int store_discrepancies(sq_ctx *c, const af_finding *f) {
  sqlite3_stmt *s = c->st[ST_DELETE_DISCREPANCIES];
  bind_str(s, 1, f->id);
  int rc = run(s);
  size_t n = AF_HAS_MEMBER(f, af_finding, n_discrepancies) ? f->n_discrepancies : 0;
  s = c->st[ST_INSERT_DISCREPANCY];
  for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
    const af_discrepancy *x = f->discrepancies[i];
    if (!x)
      continue;
    bind_str(s, 1, f->id);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
    const char *v[] = {x->report_id, x->other_finding, x->other_doc, x->raw, x->other_raw};
    for (int j = 0; j < 5; j++)
      bind_str(s, 3 + j, v[j]);
    sqlite3_bind_double(s, 8, x->value);
    sqlite3_bind_double(s, 9, x->other_value);
    bind_str(s, 10, x->unit);
    sqlite3_bind_double(s, 11, x->relative);
    rc = run(s);
  }
  return rc;
}

/* The finding's figures, bodies and discrepancies, replaced as a whole. */
static int store_children(sq_ctx *c, const af_finding *f) {
  sqlite3_stmt *s = c->st[ST_DELETE_FIGURES];
  bind_str(s, 1, f->id);
  int rc = run(s);
  s = c->st[ST_INSERT_FIGURE];
  for (size_t i = 0; rc == SQLITE_OK && i < f->n_figures; i++) {
    const af_figure *g = SINKREC_FIGURE(f, i);
    bind_str(s, 1, f->id);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
    bind_str(s, 3, g->raw);
    sqlite3_bind_double(s, 4, g->value);
    const char *v[] = {g->unit, g->scale, g->per, g->qualifier, g->range, g->role, g->measure,
                       g->period};
    for (int j = 0; j < 8; j++)
      bind_str(s, 5 + j, v[j]);
    sqlite3_bind_int64(s, 13, (sqlite3_int64)g->start);
    sqlite3_bind_int64(s, 14, (sqlite3_int64)g->end);
    rc = run(s);
  }
  if (rc != SQLITE_OK)
    return rc;
  s = c->st[ST_DELETE_BODIES];
  bind_str(s, 1, f->id);
  rc = run(s);
  s = c->st[ST_INSERT_BODY];
  for (size_t i = 0; rc == SQLITE_OK && i < f->n_bodies; i++) {
    if (!f->bodies[i])
      continue;
    bind_str(s, 1, f->id);
    bind_str(s, 2, f->bodies[i]);
    rc = run(s);
  }
  return rc == SQLITE_OK ? store_discrepancies(c, f) : rc;
}

/* A report (`type` NULL when a finding cites it: only the report's own
 * document knows its type), merged into what is known of it. */
static int upsert_report(sq_ctx *c, const af_report_ref *r, const char *type) {
  sqlite3_stmt *s = c->st[ST_UPSERT_REPORT];
  const char *v[] = {SINKREC_REPORT_ID(r), r->title, r->published, r->hc, r->url, type};
  for (int i = 0; i < 6; i++)
    bind_str(s, i + 1, v[i]);
  return run(s);
}

static int store_finding(sq_ctx *c, const af_document *d, const af_finding *f, int rev,
                         const char *fjson) {
  const af_speaker *sp = sinkrec_speaker(f);
  const af_report_ref *r = sinkrec_report(f);
  const char *rid = r ? SINKREC_REPORT_ID(r) : NULL;
  int rc;
  if (rid && (rc = upsert_report(c, r, NULL)) != SQLITE_OK)
    return rc;
  char *bodies = bodies_json(f), *figures = figures_json(f);
  if (!bodies || !figures) {
    free(bodies);
    free(figures);
    return SQLITE_NOMEM;
  }
  sqlite3_stmt *s = c->st[ST_UPSERT_FINDING];
  bind_str(s, 1, f->id);
  bind_str(s, 2, d->id);
  bind_str(s, 3, f->kind);
  bind_str(s, 4, f->text);
  sqlite3_bind_int64(s, 5, (sqlite3_int64)f->span_start);
  sqlite3_bind_int64(s, 6, (sqlite3_int64)f->span_end);
  bind_str(s, 7, f->attributed_to);
  bind_str(s, 8, f->topic);
  bind_str(s, 9, bodies);
  bind_str(s, 10, figures);
  bind_str(s, 11, sp ? sp->name : NULL);
  bind_str(s, 12, sp ? sp->role : NULL);
  bind_str(s, 13, r ? r->title : NULL);
  bind_str(s, 14, r ? r->published : NULL);
  bind_str(s, 15, fjson);
  bind_str(s, 16, sp ? sp->organisation : NULL);
  bind_str(s, 17, rid);
  bind_str(s, 18, r ? SINKREC_REPORT_BASIS(r) : NULL);
  if (r && SINKREC_REPORT_BASIS(r))
    sqlite3_bind_double(s, 19, r->confidence);
  else
    sqlite3_bind_null(s, 19); /* no tie was made, so no confidence in one */
  sqlite3_bind_int(s, 20, rev);
  rc = run(s);
  free(bodies);
  free(figures);
  return rc == SQLITE_OK ? store_children(c, f) : rc;
}

static int store_doc(sq_ctx *c, const af_document *d, const char *json,
                     char *const *fjson) {
  sqlite3_stmt *s = c->st[ST_UPSERT_DOC];
  const char *v[] = {d->id, d->canonical_url, d->url, d->final_url, d->source,
                     d->plugin, d->plugin_version};
  for (int i = 0; i < 7; i++)
    bind_str(s, i + 1, v[i]);
  sqlite3_bind_int64(s, 8, d->http_status);
  const char *w[] = {d->fetched, d->published, d->publisher, d->title, d->byline,
                     d->language, d->doc_kind, d->summary, d->text, d->content_hash};
  for (int i = 0; i < 10; i++)
    bind_str(s, i + 9, w[i]);
  sqlite3_bind_int(s, 19, d->revision > 0 ? d->revision : 1);
  bind_str(s, 20, d->trace_id);
  bind_str(s, 21, d->extractor_version);
  bind_str(s, 22, d->normaliser_version);
  bind_str(s, 23, json);
  int rc = run(s);
  if (rc != SQLITE_OK)
    return rc;
  if (sqlite3_changes(c->db) == 0)
    return SQLITE_OK; /* an older revision than the stored one */

  int rev = d->revision > 0 ? d->revision : 1;
  s = c->st[ST_INSERT_REV];
  bind_str(s, 1, d->id);
  sqlite3_bind_int(s, 2, rev);
  bind_str(s, 3, d->content_hash);
  bind_str(s, 4, d->prev_hash);
  bind_str(s, 5, d->fetched);
  bind_str(s, 6, d->title);
  bind_str(s, 7, d->text);
  if ((rc = run(s)) != SQLITE_OK)
    return rc;

  s = c->st[ST_WITHDRAW];
  bind_str(s, 1, d->id);
  sqlite3_bind_int(s, 2, rev);
  if ((rc = run(s)) != SQLITE_OK)
    return rc;
  /* An NAO report's own document (ABI 2.1): the reports row with its type. */
  const af_report_ref *self = AF_HAS_MEMBER(d, af_document, report_type) ? d->report : NULL;
  if (self && SINKREC_REPORT_ID(self) &&
      (rc = upsert_report(c, self, d->report_type)) != SQLITE_OK)
    return rc;

  for (size_t k = 0; k < d->n_findings; k++) {
    const af_finding *f = SINKREC_FINDING(d, k);
    if ((rc = store_finding(c, d, f, rev, fjson[k])) != SQLITE_OK)
      return rc;
  }
  return SQLITE_OK;
}

static void write_work(void *ud) {
  sq_job *job = ud;
  sq_ctx *c = job->ctx;
  int rc = run(c->st[ST_BEGIN]);
  if (rc == SQLITE_OK)
    rc = run(c->st[ST_FTS_MARK]);
  size_t fi = 0;
  for (size_t i = 0; rc == SQLITE_OK && i < job->n_docs; i++) {
    const af_document *d = job->docs[i];
    if (!d)
      continue;
    rc = store_doc(c, d, job->doc_json[i], job->finding_json + fi);
    fi += d->n_findings;
  }
  for (int k = ST_FTS_DOCS; rc == SQLITE_OK && k <= ST_FTS_CLEAR; k++)
    rc = run(c->st[k]);
  if (rc == SQLITE_OK)
    rc = run(c->st[ST_COMMIT]);
  if (rc == SQLITE_OK) {
    job->verdict = AF_DONE;
    return;
  }
  const char *msg = sqlite3_errmsg(c->db);
  job->errmsg = strdup(msg ? msg : sqlite3_errstr(rc));
  if (!sqlite3_get_autocommit(c->db))
    run(c->st[ST_ROLLBACK]);
  int prim = rc & 0xff;
  job->verdict = (prim == SQLITE_BUSY || prim == SQLITE_LOCKED) ? AF_RETRY
                 : prim == SQLITE_FULL                          ? AF_ENOSPC
                 : prim == SQLITE_NOMEM                         ? AF_ENOMEM
                                                                : AF_EDB;
}

/* ---- loop side -------------------------------------------------------- */

static void db_close(void *ctxp) {
  sq_ctx *c = ctxp;
  for (int i = 0; i < ST_COUNT; i++) {
    sqlite3_finalize(c->st[i]);
    c->st[i] = NULL;
  }
  if (c->db)
    sqlite3_close(c->db);
  c->db = NULL;
}

static int write_finished(void *ctxp, void *ud, int status) {
  sq_ctx *c = ctxp;
  sq_job *job = ud;
  af_inst *inst = c->inst;

  int verdict = status < 0 ? status : job->verdict;
  if (verdict == AF_RETRY)
    af->log(inst, AF_LOG_WARN, "sqlite.busy", "path=\"%s\" error=\"%s\" retry=true",
            c->path, job->errmsg ? job->errmsg : "busy");
  else if (verdict < 0)
    af->log(inst, AF_LOG_ERROR, "sqlite.write_failed", "path=%s error=\"%s\"", c->path,
            job->errmsg ? job->errmsg : af->strerror(verdict));
  return verdict;
}

static int sq_create(af_inst *inst, void *ctxp) {
  sq_ctx *c = ctxp;
  c->inst = inst;
  sinkq_init(&c->q, af, inst, c, write_work, write_finished, job_free, db_close);
  if (c->busy_ms < 0) {
    af->log(inst, AF_LOG_ERROR, "sqlite.bad_option", "busy_timeout must not be negative");
    return AF_ECONFIG;
  }
  return 0;
}

/* check-config: whether start() could open the database, found out
 * without opening it (opening creates the file, or a journal).  An
 * existing file must be a database this process can write, in a directory
 * where SQLite can put its journal and WAL. */
static int sq_check(af_inst *inst, void *ctxp) {
  sq_ctx *c = ctxp;
  char why[1024];
  struct stat st;
  int rc = outpath_check(c->path, why, sizeof(why));
  if (!rc && stat(c->path, &st) == 0) {
    rc = outpath_dir_writable(c->path, why, sizeof(why));
    if (!rc && st.st_size > 0) {
      static const char magic[16] = "SQLite format 3"; /* and its NUL */
      char head[16] = {0};
      FILE *f = fopen(c->path, "rb");
      size_t got = f ? fread(head, 1, sizeof(head), f) : 0;
      if (f)
        fclose(f);
      if (!f) {
        snprintf(why, sizeof(why), "%s cannot be read: %s", c->path, strerror(errno));
        rc = -1;
      } else if (got != sizeof(head) || memcmp(head, magic, sizeof(magic)) != 0) {
        snprintf(why, sizeof(why), "%s is not an SQLite database", c->path);
        rc = -1;
      }
    }
  }
  if (rc) {
    af->log(inst, AF_LOG_ERROR, "sqlite.check_failed", "path=%s error=\"%s\"", c->path,
            why);
    return AF_ECONFIG;
  }
  return 0;
}

static int open_fail(sq_ctx *c, const char *what, int rc) {
  af->log(c->inst, AF_LOG_ERROR, "sqlite.open_failed", "path=%s step=%s error=\"%s\"",
          c->path, what, c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
  db_close(c);
  return AF_EDB;
}

static int sq_start(af_inst *inst, void *ctxp) {
  sq_ctx *c = ctxp;
  int rc = outpath_make_parents(c->path);
  if (rc < 0) {
    af->log(inst, AF_LOG_ERROR, "sqlite.open_failed",
            "path=%s error=\"cannot create parent directory: %s\"", c->path, strerror(-rc));
    return rc;
  }
  rc = sqlite3_open_v2(c->path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    return open_fail(c, "open", rc);
  sqlite3_extended_result_codes(c->db, 1);
  sqlite3_busy_timeout(c->db, c->busy_ms > 0x7fffffffL ? 0x7fffffff : (int)c->busy_ms);

  /* journal_mode answers with the mode actually in force; a database on a
   * filesystem without shared memory silently stays in rollback mode. */
  sqlite3_stmt *s = NULL;
  rc = sqlite3_prepare_v2(c->db, "PRAGMA journal_mode=WAL", -1, &s, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
    const char *mode = (const char *)sqlite3_column_text(s, 0);
    if (!mode || strcmp(mode, "wal") != 0)
      af->log(inst, AF_LOG_WARN, "sqlite.no_wal", "path=%s journal_mode=%s", c->path,
              mode ? mode : "?");
    rc = SQLITE_OK;
  }
  sqlite3_finalize(s);
  if (rc != SQLITE_OK)
    return open_fail(c, "journal_mode", rc);

  rc = sqlite3_exec(c->db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", NULL, NULL,
                    NULL);
  if (rc != SQLITE_OK)
    return open_fail(c, "pragma", rc);

  int version = 0;
  rc = sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &s, NULL);
  if (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
    version = sqlite3_column_int(s, 0);
  sqlite3_finalize(s);
  if (rc != SQLITE_OK)
    return open_fail(c, "user_version", rc);
  if (version > SCHEMA_VERSION) {
    af->log(inst, AF_LOG_ERROR, "sqlite.schema_too_new",
            "path=%s schema=%d supported=%d: upgrade auditfeed", c->path, version,
            SCHEMA_VERSION);
    db_close(c);
    return AF_EDB;
  }
  /* Only a new or older database is written to here: applying the schema
   * takes the write lock, and a current one must open even while another
   * process is writing (its batches then wait or retry, start does not). */
  if (version < SCHEMA_VERSION) {
    /* A version-1 database gets the new columns first, the new tables
     * from the schema, then rows for them from what version 1 kept; every
     * older one then takes the steps to versions 3 and 4. */
    rc = sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc == SQLITE_OK && version == 1)
      rc = sqlite3_exec(c->db, af_sqlite_migrate_1_2, NULL, NULL, NULL);
    if (rc == SQLITE_OK && version < 2)
      rc = sqlite3_exec(c->db, af_sqlite_schema, NULL, NULL, NULL);
    if (rc == SQLITE_OK && version == 1)
      rc = sqlite3_exec(c->db, af_sqlite_backfill_1_2, NULL, NULL, NULL);
    if (rc == SQLITE_OK && version < 3)
      rc = sqlite3_exec(c->db, af_sqlite_migrate_2_3, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
      rc = sqlite3_exec(c->db, af_sqlite_migrate_3_4, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
      rc = sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
      return open_fail(c, "schema", rc); /* closing the handle rolls back */
  }

  for (int i = 0; i < ST_COUNT; i++) {
    rc = sqlite3_prepare_v3(c->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &c->st[i],
                            NULL);
    if (rc != SQLITE_OK)
      return open_fail(c, "prepare", rc);
  }
  return 0;
}

static int sq_write(af_inst *inst, void *ctxp, af_batch *batch) {
  sq_ctx *c = ctxp;
  if (!c->db)
    return sinkq_refuse_closed(af, inst, batch, "sqlite.not_open", c->path, AF_EDB);
  sq_job *job = sinkq_job_alloc(af, inst, batch, sizeof *job);
  if (!job)
    return 0;
  job->ctx = c;
  int rc = render_batch(job, batch);
  return sinkq_push_rendered(&c->q, job, batch, rc, 0, "sqlite", c->path);
}

/* Every acknowledged batch is already committed with synchronous=FULL. */
static int sq_flush(af_inst *inst, void *ctxp) { return 0; }

static const af_plugin sq_plugin = {
    AF_PLUGIN_INIT("sqlite", SQLITE_SINK_VERSION,
                   "store documents, revisions and findings in a SQLite database (WAL)",
                   AF_KIND_SINK),
    .opts = sq_opts,
    .ctx_size = sizeof(sq_ctx),
    .create = sq_create,
    .start = sq_start,
    .stop = sinkq_plugin_stop,
    .destroy = sinkq_plugin_destroy,
    .write = sq_write,
    .flush = sq_flush,
    .check = sq_check,
};

AF_PLUGIN(sq_plugin)
