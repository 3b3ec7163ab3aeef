/* csv sink through its real entry point, driven by the mock core.  The
 * output is read back with an RFC 4180 reader written here, so quoting
 * mistakes show up as wrong cells, not only as wrong bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "mock_host.h"
#include "plugin_fixture.h"

#define NCOLS 20

static int setup(void **state) {
  *state = fixture_new("csv", "=gamma,delta");
  return 0;
}

static void open_path(fixture *f, const char *name, const char *extra) {
  snprintf(f->path, sizeof f->path, "%s/%s", f->dir, name);
  fixture_start(f, f->path, (const char *const[]){extra, NULL});
}

/* RFC 4180 reader: fills cells[row][col] (malloc'd) for up to 16 rows and
 * checks that every record has NCOLS fields and ends in CRLF. */
typedef struct table {
  char *cell[16][NCOLS];
  size_t rows;
} table;

static void parse(const char *s, table *t) {
  memset(t, 0, sizeof *t);
  size_t col = 0;
  while (*s) {
    char buf[1024];
    size_t n = 0;
    if (*s == '"') {
      for (s++;; s++) {
        assert_true(*s != '\0'); /* unterminated quote */
        if (*s == '"' && s[1] == '"')
          buf[n++] = *s++;
        else if (*s == '"')
          break;
        else
          buf[n++] = *s;
      }
      s++;
    } else {
      while (*s && *s != ',' && *s != '\r' && *s != '\n')
        buf[n++] = *s++;
    }
    buf[n] = '\0';
    assert_true(col < NCOLS);
    assert_true(t->rows < 16);
    t->cell[t->rows][col] = strdup(buf);
    if (*s == ',') {
      s++;
      col++;
      continue;
    }
    assert_memory_equal(s, "\r\n", 2); /* every record ends in CRLF */
    s += 2;
    assert_int_equal(col, NCOLS - 1);
    col = 0;
    t->rows++;
  }
  assert_int_equal(col, 0);
}

static void table_free(table *t) {
  for (size_t r = 0; r < 16; r++)
    for (size_t c = 0; c < NCOLS; c++)
      free(t->cell[r][c]);
}

/* The number of rows (header included) of the CSV file at path, after its
 * byte order mark. */
static size_t rows_in(const char *path) {
  char *text = fixture_slurp(path, NULL);
  table t;
  parse(text + 3, &t);
  size_t n = t.rows;
  table_free(&t);
  free(text);
  return n;
}

static void test_rows_header_quoting(void **state) {
  fixture *f = *state;
  open_path(f, "out/findings.csv", NULL);
  assert_int_equal(fixture_write_first(f, 3), AF_DONE);
  fixture_write_first(f, 1);

  char *text = fixture_slurp(f->path, NULL);
  assert_memory_equal(text, "\xef\xbb\xbf" "finding_id,document_id,", 26);
  table t;
  parse(text + 3, &t);
  assert_int_equal(t.rows, 1 + 5 + 2); /* header, 2 + 0 + 3 findings, then 2 again */
  assert_string_equal(t.cell[0][0], "finding_id");
  assert_string_equal(t.cell[0][17], "report_url");
  assert_string_equal(t.cell[0][18], "report_type");
  assert_string_equal(t.cell[0][NCOLS - 1], "discrepancies");
  assert_string_equal(t.cell[1][0], "doc-a-f0-alpha");
  assert_string_equal(t.cell[1][1], "doc-a");
  assert_string_equal(t.cell[1][4], "file:///sample/doc-a.html");
  /* A quote inside the text survives the round trip, and so does UTF-8. */
  assert_string_equal(t.cell[1][8],
                      "Councils spent \"alpha\" \xc2\xa3" "4.2bn on children in care.");
  assert_string_equal(t.cell[1][11], "DfE;LA");
  assert_string_equal(t.cell[1][12], "4200000000");
  assert_string_equal(t.cell[1][13], "GBP");
  assert_string_equal(t.cell[1][16], "Pressures on children's social care");
  /* A cell starting with "=" is not left for a spreadsheet to run. */
  assert_string_equal(t.cell[3][0], "doc-c-f0-=gamma,delta");
  assert_string_equal(t.cell[3][3], "Title of doc-c (=gamma,delta)");
  assert_string_equal(t.cell[6][1], "doc-a");
  table_free(&t);
  free(text);
}

static void test_formula_guard(void **state) {
  fixture *f = *state;
  af_document *d = mock_doc_new("doc-f", 1, 1, "x");
  free((char *)d->title);
  d->title = strdup("=HYPERLINK(\"http://example.invalid\")");
  open_path(f, "guard.csv", "bom=false");
  af_batch b = {.docs = (const af_document *const *)&d, .n = 1};
  fixture_write_batch(f, &b);
  char *text = fixture_slurp(f->path, NULL);
  table t;
  parse(text, &t);
  assert_string_equal(t.cell[1][3], "'=HYPERLINK(\"http://example.invalid\")");
  table_free(&t);
  free(text);
  mock_doc_free(d);
}

static void test_append_without_second_header(void **state) {
  fixture *f = *state;
  open_path(f, "again.csv", NULL);
  fixture_write_first(f, 1);
  mock_unload(f->p, f->ctx);
  f->p = mock_load("csv");
  open_path(f, "again.csv", NULL);
  fixture_write_first(f, 3);
  char *text = fixture_slurp(f->path, NULL);
  table t;
  parse(text + 3, &t);
  assert_int_equal(t.rows, 1 + 2 + 5);
  size_t headers = 0;
  for (size_t r = 0; r < t.rows; r++)
    headers += strcmp(t.cell[r][0], "finding_id") == 0;
  assert_int_equal(headers, 1);
  assert_null(strstr(text + 3, "\xef\xbb\xbf")); /* one BOM, at the start */
  table_free(&t);
  free(text);
}

static void test_gzip_members(void **state) {
  fixture *f = *state;
  open_path(f, "findings.csv.gz", NULL);
  fixture_write_two_gzip_batches(f);
  assert_int_equal(rows_in(f->path), 1 + 5 + 2);
}

static void test_foreign_file_refused(void **state) {
  fixture *f = *state;
  snprintf(f->path, sizeof f->path, "%s/theirs.csv", f->dir);
  FILE *fp = fopen(f->path, "w");
  assert_non_null(fp);
  fputs("name,amount\r\nx,1\r\n", fp);
  fclose(fp);
  fixture_start_rc(f, f->path, NULL, AF_ECONFIG);
  assert_true(mock_log_has("csv.foreign_file"));
  assert_true(mock_log_has(f->path));
}

static void test_partial_row_dropped(void **state) {
  fixture *f = *state;
  open_path(f, "crashed.csv", "bom=false");
  fixture_write_first(f, 1);
  mock_unload(f->p, f->ctx);
  size_t good;
  free(fixture_slurp(f->path, &good));
  /* A crash in the middle of a row whose text holds a line break. */
  FILE *fp = fopen(f->path, "a");
  assert_non_null(fp);
  fputs("doc-z-f0,doc-z,1,\"half a\nrow", fp);
  fclose(fp);
  f->p = mock_load("csv");
  open_path(f, "crashed.csv", "bom=false");
  af_batch b2 = {.docs = (const af_document *const *)&f->docs[2], .n = 1};
  fixture_write_batch(f, &b2);
  size_t len;
  char *text = fixture_slurp(f->path, &len);
  assert_int_equal(len > good, 1);
  table t;
  parse(text, &t);
  assert_int_equal(t.rows, 1 + 2 + 3);
  assert_null(strstr(text, "half a"));
  table_free(&t);
  free(text);
}

/* A path that cannot be opened is not a startup error: every batch fails
 * with a line naming the path (the core spools it), and once the cause is
 * gone the next batch is written. */
static void test_unwritable_then_fixed(void **state) {
  fixture *f = *state;
  char blocker[128];
  snprintf(blocker, sizeof blocker, "%s/blocked", f->dir);
  assert_int_equal(mkdir(blocker, 0755), 0); /* a directory where the file should be */
  snprintf(f->path, sizeof f->path, "%s", blocker);
  fixture_start(f, blocker, NULL);
  assert_int_equal(fixture_write_first(f, 3), -EISDIR);
  assert_true(mock_log_has("csv.write_failed"));
  assert_true(mock_log_has("step=open"));
  assert_true(mock_log_has(blocker));

  assert_int_equal(rmdir(blocker), 0);
  assert_int_equal(fixture_write_first(f, 3), AF_DONE);
  assert_int_equal(rows_in(blocker), 1 + 5);
}

static void test_file_too_big_rolled_back(void **state) {
  fixture *f = *state;
  open_path(f, "limited.csv", NULL);
  fixture_check_too_big_rolled_back(f);
}

static void test_stop_drains(void **state) {
  fixture *f = *state;
  open_path(f, "drain.csv", NULL);
  fixture_check_stop_drains(f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      fixture_test(test_rows_header_quoting),
      fixture_test(test_formula_guard),
      fixture_test(test_append_without_second_header),
      fixture_test(test_gzip_members),
      fixture_test(test_foreign_file_refused),
      fixture_test(test_partial_row_dropped),
      fixture_test(test_unwritable_then_fixed),
      fixture_test(test_file_too_big_rolled_back),
      fixture_test(test_stop_drains),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
