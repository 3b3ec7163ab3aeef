/* NAO reports and their quoted figures in the state store (reports.h). */
#include "reports.h"

#include <sqlite3.h>

#include <auditfeed/errno.h>

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS reports(id TEXT PRIMARY KEY, title TEXT,"
    " published TEXT, hc TEXT, url TEXT, bodies TEXT, seen TEXT);"
    "CREATE TABLE IF NOT EXISTS report_figures(report_id TEXT NOT NULL,"
    " doc_id TEXT NOT NULL, finding_id TEXT, own INTEGER NOT NULL, raw TEXT,"
    " value REAL, unit TEXT, role TEXT, measure TEXT, qualifier TEXT,"
    " from_year INTEGER, to_year INTEGER);"
    "CREATE INDEX IF NOT EXISTS report_figures_by_report"
    " ON report_figures(report_id, own);";

int af__reports_init(af__state *s) {
  return sqlite3_exec(af__state_db(s), schema, NULL, NULL, NULL) == SQLITE_OK
             ? 0
             : AF_ESTATE;
}

static void text(sqlite3_stmt *st, int i, const char *v) {
  if (v)
    sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(st, i);
}

/* A statement of the state store's database; NULL when it cannot be
 * prepared.  The caller finalizes it. */
static sqlite3_stmt *prepare(af__state *s, const char *sql) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(af__state_db(s), sql, -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return NULL;
  }
  return st;
}

static const char *col(sqlite3_stmt *st, int i) {
  return (const char *)sqlite3_column_text(st, i);
}

int af__reports_put(af__state *s, const char *id, const char *title,
                    const char *published, const char *hc, const char *url,
                    const char *bodies) {
  sqlite3_stmt *st = prepare(
      s, "INSERT INTO reports(id,title,published,hc,url,bodies,seen) "
         "VALUES(?1,?2,?3,?4,?5,?6,strftime('%Y-%m-%dT%H:%M:%SZ','now')) "
         "ON CONFLICT(id) DO UPDATE SET title=excluded.title, "
         "published=excluded.published, hc=coalesce(excluded.hc, hc), "
         "url=excluded.url, bodies=coalesce(excluded.bodies, bodies), "
         "seen=excluded.seen");
  const char *const v[] = {id, title, published, hc, url, bodies};
  int rc;

  if (!st)
    return AF_ESTATE;
  for (int i = 0; i < 6; i++)
    text(st, i + 1, v[i]);
  rc = sqlite3_step(st) == SQLITE_DONE ? 0 : AF_ESTATE;
  sqlite3_finalize(st);
  return rc;
}

int af__reports_each(af__state *s, af__report_fn fn, void *ctx) {
  sqlite3_stmt *st =
      prepare(s, "SELECT id,title,published,hc,url,bodies FROM reports ORDER BY published");
  int rc = 0, step;

  if (!st)
    return AF_ESTATE;
  while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
    rc = fn(ctx, col(st, 0), col(st, 1), col(st, 2), col(st, 3), col(st, 4),
            col(st, 5));
  if (!rc && step != SQLITE_DONE)
    rc = AF_ESTATE;
  sqlite3_finalize(st);
  return rc;
}

int af__report_figs_replace(af__state *s, const char *report_id,
                            const char *doc_id, int own,
                            const af__fig_fact *f, size_t n) {
  sqlite3_stmt *del =
      prepare(s, "DELETE FROM report_figures WHERE report_id=?1 AND doc_id=?2 AND own=?3");
  sqlite3_stmt *ins =
      prepare(s, "INSERT INTO report_figures(report_id,doc_id,finding_id,own,raw,"
                 "value,unit,role,measure,qualifier,from_year,to_year) "
                 "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)");
  int rc = 0;

  if (!del || !ins) {
    sqlite3_finalize(del);
    sqlite3_finalize(ins);
    return AF_ESTATE;
  }
  text(del, 1, report_id);
  text(del, 2, doc_id);
  sqlite3_bind_int(del, 3, own);
  if (sqlite3_step(del) != SQLITE_DONE)
    rc = AF_ESTATE;
  for (size_t k = 0; !rc && k < n; k++) {
    sqlite3_reset(ins);
    sqlite3_clear_bindings(ins);
    text(ins, 1, report_id);
    text(ins, 2, doc_id);
    text(ins, 3, f[k].finding_id);
    sqlite3_bind_int(ins, 4, own);
    text(ins, 5, f[k].raw);
    sqlite3_bind_double(ins, 6, f[k].value);
    text(ins, 7, f[k].unit);
    text(ins, 8, f[k].role);
    text(ins, 9, f[k].measure);
    text(ins, 10, f[k].qualifier);
    sqlite3_bind_int(ins, 11, f[k].from);
    sqlite3_bind_int(ins, 12, f[k].to);
    if (sqlite3_step(ins) != SQLITE_DONE)
      rc = AF_ESTATE;
  }
  sqlite3_finalize(del);
  sqlite3_finalize(ins);
  return rc;
}

int af__report_figs_each(af__state *s, const char *report_id, int own,
                         const char *skip_doc, af__fig_fn fn, void *ctx) {
  sqlite3_stmt *st = prepare(s, "SELECT finding_id,doc_id,raw,value,unit,role,measure,"
                                "qualifier,from_year,to_year FROM report_figures "
                                "WHERE report_id=?1 AND own=?2 AND doc_id IS NOT ?3");
  int rc = 0, step;

  if (!st)
    return AF_ESTATE;
  text(st, 1, report_id);
  sqlite3_bind_int(st, 2, own);
  text(st, 3, skip_doc);
  while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
    af__fig_fact f = {.finding_id = col(st, 0),
                      .doc_id = col(st, 1),
                      .raw = col(st, 2),
                      .value = sqlite3_column_double(st, 3),
                      .unit = col(st, 4),
                      .role = col(st, 5),
                      .measure = col(st, 6),
                      .qualifier = col(st, 7),
                      .from = sqlite3_column_int(st, 8),
                      .to = sqlite3_column_int(st, 9)};
    rc = fn(ctx, &f);
  }
  if (!rc && step != SQLITE_DONE)
    rc = AF_ESTATE;
  sqlite3_finalize(st);
  return rc;
}
