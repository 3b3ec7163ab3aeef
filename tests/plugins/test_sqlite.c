/* sqlite sink through its real entry point, driven by the mock core. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <regex.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_host.h"
#include "plugin_fixture.h"

static int setup(void **state) {
  fixture *f = fixture_new("sqlite", "gamma");
  snprintf(f->path, sizeof f->path, "%s/var/auditfeed.db", f->dir);
  *state = f;
  return 0;
}

static void open_sink(fixture *f, const char *extra) {
  fixture_start(f, f->path, (const char *const[]){extra, NULL});
}

static int write_batch(fixture *f, const af_document *const *docs, size_t n) {
  af_batch b = {.docs = docs, .n = n};
  fixture_write_batch(f, &b);
  return b.verdict;
}

/* Reads one integer or text value with a separate connection, as another
 * process would see the committed state. */
static long long query_int(const char *path, const char *sql) {
  sqlite3 *db;
  assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  sqlite3_stmt *s;
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(s), SQLITE_ROW);
  long long v = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(db);
  return v;
}

static char *query_text(const char *path, const char *sql) {
  sqlite3 *db;
  assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  sqlite3_stmt *s;
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(s), SQLITE_ROW);
  const unsigned char *t = sqlite3_column_text(s, 0);
  char *v = strdup(t ? (const char *)t : "");
  sqlite3_finalize(s);
  sqlite3_close(db);
  return v;
}

static void test_schema_and_wal(void **state) {
  fixture *f = *state;
  open_sink(f, NULL);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM sqlite_master WHERE type='table'"
                                      " AND name IN ('documents','document_revisions','findings',"
                                      "'reports','finding_figures','finding_bodies',"
                                      "'findings_fts','documents_fts',"
                                      "'finding_discrepancies')"),
                   9);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM sqlite_master WHERE type='view'"
                                      " AND name = 'findings_view'"),
                   1);
  assert_int_equal(query_int(f->path, "PRAGMA user_version"), 4);
  char *mode = query_text(f->path, "PRAGMA journal_mode");
  assert_string_equal(mode, "wal");
  free(mode);
}

static void test_upsert_no_duplicates(void **state) {
  fixture *f = *state;
  open_sink(f, NULL);
  const af_document *const *docs = (const af_document *const *)f->docs;
  assert_int_equal(write_batch(f, docs, 3), AF_DONE);
  assert_int_equal(write_batch(f, docs, 3), AF_DONE);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM documents"), 3);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM findings"), 5);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM document_revisions"), 3);
  char *bodies = query_text(f->path, "SELECT bodies FROM findings WHERE doc_id='doc-a' LIMIT 1");
  assert_string_equal(bodies, "[\"DfE\",\"LA\"]");
  free(bodies);
  char *fig = query_text(f->path, "SELECT json_extract(figures,'$[0].unit') FROM findings"
                                  " WHERE doc_id='doc-c' LIMIT 1");
  assert_string_equal(fig, "GBP");
  free(fig);
  char *json = query_text(f->path, "SELECT json_extract(json,'$.id') FROM documents"
                                   " WHERE id='doc-b'");
  assert_string_equal(json, "doc-b");
  free(json);
}

/* A revision keeps history: the earlier revision's text stays in
 * document_revisions, the findings it no longer carries are marked
 * withdrawn_in, not deleted, and a finding still there keeps its id. */
static void test_revision_keeps_history(void **state) {
  fixture *f = *state;
  open_sink(f, NULL);
  assert_int_equal(write_batch(f, (const af_document *const *)f->docs, 3), AF_DONE);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM finding_figures"), 5);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM finding_bodies"), 10);

  /* Revision 2 of doc-a: its first finding survives (same id), the second
   * is gone, a new one appears. */
  af_document *rev = mock_doc_new("doc-a", 2, 2, "revised");
  af_finding *keep = (af_finding *)rev->findings[0];
  free((char *)keep->id);
  keep->id = strdup("doc-a-f0-alpha");
  free((char *)rev->text);
  rev->text = strdup("Councils spent \"revised\" on children in care.");
  const af_document *one[] = {rev};
  assert_int_equal(write_batch(f, one, 1), AF_DONE);
  assert_int_equal(query_int(f->path, "SELECT revision FROM documents WHERE id='doc-a'"), 2);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM findings WHERE doc_id='doc-a'"), 3);
  assert_int_equal(query_int(f->path, "SELECT withdrawn_in FROM findings"
                                      " WHERE id='doc-a-f1-alpha'"),
                   2);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM findings WHERE doc_id='doc-a'"
                                      " AND withdrawn_in IS NULL"),
                   2);
  assert_int_equal(query_int(f->path, "SELECT first_revision * 10 + last_revision FROM findings"
                                      " WHERE id='doc-a-f0-alpha' AND withdrawn_in IS NULL"),
                   12);
  assert_int_equal(query_int(f->path, "SELECT first_revision FROM findings"
                                      " WHERE id='doc-a-f1-revised'"),
                   2);
  char *old_text = query_text(f->path, "SELECT text FROM document_revisions"
                                       " WHERE doc_id='doc-a' AND revision=1");
  assert_non_null(strstr(old_text, "alpha"));
  free(old_text);
  char *prev = query_text(f->path, "SELECT prev_hash FROM document_revisions"
                                   " WHERE doc_id='doc-a' AND revision=2");
  assert_string_equal(prev, "hash-doc-a-1");
  free(prev);
  /* The withdrawn finding keeps its figures and bodies. */
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM finding_figures"
                                      " WHERE finding_id='doc-a-f1-alpha'"),
                   1);

  /* Replaying the old batch must not bring the old revision back, and
   * replaying the new one changes nothing. */
  const af_document *old[] = {f->docs[0]};
  assert_int_equal(write_batch(f, old, 1), AF_DONE);
  assert_int_equal(write_batch(f, one, 1), AF_DONE);
  assert_int_equal(query_int(f->path, "SELECT revision FROM documents WHERE id='doc-a'"), 2);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM findings WHERE doc_id='doc-a'"
                                      " AND withdrawn_in IS NULL"),
                   2);
  assert_int_equal(query_int(f->path, "SELECT withdrawn_in FROM findings"
                                      " WHERE id='doc-a-f1-alpha'"),
                   2);
  /* Search sees the new text, not the withdrawn one's replaced row. */
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM findings_fts"
                                      " WHERE findings_fts MATCH 'revised'"),
                   2);
  mock_doc_free(rev);
}

/* The fields of the mock log's line for `event` are pure logfmt: every
 * token key=value or key="quoted", nothing else (no free text after). */
static void assert_logfmt_line(const char *event) {
  const char *log = mock_log(), *p = strstr(log, event);
  assert_non_null(p);
  p += strlen(event) + 1;
  char line[1024];
  snprintf(line, sizeof line, "%.*s", (int)strcspn(p, "\n"), p);
  regex_t re;
  assert_int_equal(regcomp(&re,
                           "^([a-z_.]+=(\"([^\"\\\\]|\\\\.)*\"|[^ \"=]+)( |$))+$",
                           REG_EXTENDED | REG_NOSUB), 0);
  if (regexec(&re, line, 0, NULL, 0) != 0)
    fail_msg("not logfmt: %s", line);
  regfree(&re);
}

/* Runs SQL on a connection of its own (another writer, as a user's script
 * would be); fails the test on an error. */
static void exec_rw(const char *path, const char *sql) {
  sqlite3 *db;
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  char *err = NULL;
  int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
  if (rc != SQLITE_OK)
    fail_msg("%s: %s", sql, err ? err : "?");
  sqlite3_close(db);
}

/* Search entries of a batch's new rows are added at the batch's end, by
 * one statement per table (migrate_3_4.sql): the batch leaves one index
 * segment, not one per row, the index agrees with the tables, nothing is
 * left noted, and a document inserted and revised in one batch is found
 * by its final text only.  Another writer's rows are indexed by the
 * triggers as before. */
static void test_search_entries_at_batch_end(void **state) {
  fixture *f = *state;
  open_sink(f, NULL);
  enum { N = 12 };
  af_document *docs[N + 2];
  char id[32], tag[32];
  for (int i = 0; i < N; i++) {
    snprintf(id, sizeof id, "doc-%02d", i);
    snprintf(tag, sizeof tag, "word%02d", i);
    docs[i] = mock_doc_new(id, 1, 1, tag);
  }
  docs[N] = mock_doc_new("doc-twice", 1, 1, "earlier");
  docs[N + 1] = mock_doc_new("doc-twice", 2, 1, "later");
  assert_int_equal(write_batch(f, (const af_document *const *)docs, N + 2), AF_DONE);

  assert_int_equal(query_int(f->path, "SELECT count(*) FROM fts_pending"), 0);
  /* leaves of one level-0 segment: one row (ids below 10 are the index's
   * own records); indexed row by row, the 14 documents made several */
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM documents_fts_data WHERE id > 10"), 1);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM documents_fts"
                                      " WHERE documents_fts MATCH 'word07'"), 1);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM documents_fts"
                                      " WHERE documents_fts MATCH 'councils'"), N + 1);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM documents_fts"
                                      " WHERE documents_fts MATCH 'later'"), 1);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM documents_fts"
                                      " WHERE documents_fts MATCH 'earlier'"), 0);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM findings_fts"
                                      " WHERE findings_fts MATCH 'councils'"),
                   query_int(f->path, "SELECT count(*) FROM findings"));
  exec_rw(f->path, "INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check');"
                   "INSERT INTO findings_fts (findings_fts) VALUES ('integrity-check');");

  /* a revision of a document stored by an earlier batch: its old entries go */
  af_document *rev = mock_doc_new("doc-03", 2, 1, "revised");
  const af_document *one[] = {rev};
  assert_int_equal(write_batch(f, one, 1), AF_DONE);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM documents_fts"
                                      " WHERE documents_fts MATCH 'word03'"), 0);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM documents_fts"
                                      " WHERE documents_fts MATCH 'revised'"), 1);

  /* another writer: no mark, the triggers index its row at once */
  exec_rw(f->path, "INSERT INTO documents (id, url, title, text)"
                   " VALUES ('by-hand', 'file:///x', 'Typed in', 'an unusual aardvark')");
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM documents_fts"
                                      " WHERE documents_fts MATCH 'aardvark'"), 1);
  exec_rw(f->path, "INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check');"
                   "INSERT INTO findings_fts (findings_fts) VALUES ('integrity-check');");
  mock_doc_free(rev);
  for (int i = 0; i < N + 2; i++)
    mock_doc_free(docs[i]);
}

/* A database written by schema 1 is brought to 2 in place: new columns,
 * figures and bodies rebuilt from the JSON columns, search indexed. */
/* A version-2 database (schema.sql as it stood) takes migrate_2_3.sql:
 * the discrepancies table appears and the rows already there stay. */
static void test_migrates_version_2(void **state) {
  fixture *f = *state;
  char cmd[900];
  snprintf(cmd, sizeof cmd,
           "mkdir -p %s/var && sqlite3 %s < %s/plugins/sqlite/schema.sql && sqlite3 %s "
           "\"INSERT INTO reports (id, title) VALUES ('r1', 'A report')\"",
           f->dir, f->path, getenv("AF_SOURCE_DIR"), f->path);
  assert_int_equal(system(cmd), 0);
  assert_int_equal(query_int(f->path, "PRAGMA user_version"), 2);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM sqlite_master"
                                      " WHERE name = 'finding_discrepancies'"), 0);
  open_sink(f, NULL);
  assert_int_equal(query_int(f->path, "PRAGMA user_version"), 4);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM sqlite_master"
                                      " WHERE name = 'finding_discrepancies'"), 1);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM reports"), 1);
}

static void test_migrates_version_1(void **state) {
  fixture *f = *state;
  char cmd[600];
  snprintf(cmd, sizeof cmd, "mkdir -p %s/var && sqlite3 %s < %s/tests/plugins/fixtures/sqlite_v1.sql",
           f->dir, f->path, getenv("AF_SOURCE_DIR"));
  assert_int_equal(system(cmd), 0);
  assert_int_equal(query_int(f->path, "PRAGMA user_version"), 1);
  open_sink(f, NULL);
  assert_int_equal(query_int(f->path, "PRAGMA user_version"), 4);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM finding_discrepancies"), 0);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM finding_figures"), 2);
  assert_int_equal(query_int(f->path, "SELECT value FROM finding_figures WHERE ord = 1"), 87000);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM finding_bodies"), 2);
  assert_int_equal(query_int(f->path, "SELECT first_revision FROM findings"), 1);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM findings_fts"
                                      " WHERE findings_fts MATCH 'admissions'"),
                   1);
  char *t = query_text(f->path, "SELECT bodies FROM findings_view");
  assert_string_equal(t, "DHSC;NHSE");
  free(t);
  /* and it takes new batches */
  assert_int_equal(write_batch(f, (const af_document *const *)f->docs, 3), AF_DONE);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM findings"), 6);
}

static void test_busy_asks_for_retry(void **state) {
  fixture *f = *state;
  open_sink(f, "busy_timeout=0");
  sqlite3 *other;
  assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
  assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
  assert_int_equal(write_batch(f, (const af_document *const *)f->docs, 3), AF_RETRY);
  assert_true(mock_log_has("sqlite.busy"));
  assert_logfmt_line("sqlite.busy");
  assert_int_equal(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(other);
  /* The retry succeeds once the other writer is gone. */
  assert_int_equal(write_batch(f, (const af_document *const *)f->docs, 3), AF_DONE);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM documents"), 3);
}

/* An existing database opens while another process holds the write lock;
 * only the batch has to wait. */
static void test_start_while_locked(void **state) {
  fixture *f = *state;
  open_sink(f, NULL);
  mock_unload(f->p, f->ctx);
  f->ctx = NULL;
  sqlite3 *other;
  assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
  assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);

  f->p = mock_load("sqlite");
  assert_non_null(f->p);
  open_sink(f, "busy_timeout=0");
  assert_int_equal(write_batch(f, (const af_document *const *)f->docs, 1), AF_RETRY);
  assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(other);
  assert_int_equal(write_batch(f, (const af_document *const *)f->docs, 1), AF_DONE);
}

static void test_open_failure(void **state) {
  fixture *f = *state;
  fixture_check_open_failure(f, "x.db", "sqlite.open_failed");
}

/* A database written by a newer auditfeed is left alone. */
static void test_newer_schema_refused(void **state) {
  fixture *f = *state;
  open_sink(f, NULL);
  mock_unload(f->p, f->ctx);
  f->ctx = NULL;
  sqlite3 *db;
  assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);

  f->p = mock_load("sqlite");
  assert_non_null(f->p);
  fixture_start_rc(f, f->path, NULL, AF_EDB);
  assert_true(mock_log_has("sqlite.schema_too_new"));
  assert_int_equal(query_int(f->path, "PRAGMA user_version"), 99);
}

static void test_stop_drains(void **state) {
  fixture *f = *state;
  open_sink(f, NULL);
  fixture_check_stop_drains(f);
  assert_int_equal(query_int(f->path, "SELECT count(*) FROM documents"), 3);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      fixture_test(test_schema_and_wal),
      fixture_test(test_upsert_no_duplicates),
      fixture_test(test_revision_keeps_history),
      fixture_test(test_search_entries_at_batch_end),
      fixture_test(test_migrates_version_1),
      fixture_test(test_migrates_version_2),
      fixture_test(test_busy_asks_for_retry),
      fixture_test(test_start_while_locked),
      fixture_test(test_open_failure),
      fixture_test(test_newer_schema_refused),
      fixture_test(test_stop_drains),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
