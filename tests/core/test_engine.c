/* The engine end to end with test plugins: incremental runs, revisions,
 * retries, failed sinks that lose nothing, backpressure, routing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>

#include "config.h"
#include "engine.h"
#include "log.h"
#include "test_util.h"
#include "good_plugins.h"

typedef struct fixture {
  good_fixture g; /* first: good_fixture_new makes it */
  char *state;
  char *out;
} fixture;

static int setup(void **state) {
  fixture *f = good_fixture_new(sizeof(*f));
  if (!f)
    return -1;
  f->state = tu_path(f->g.dir, "state");
  f->out = tu_path(f->g.dir, "out.txt");
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  if (f) {
    free(f->state);
    free(f->out);
  }
  good_fixture_free(f);
  return 0;
}

static int run_limited(fixture *f, const char *src_params,
                       const char *sink_params, size_t queue, long timeout_ms,
                       af__run_stats *st);

/* Runs "-i tsource <src> -o tsink path=OUT <snk>" once. */
static int run(fixture *f, const char *src_params, const char *sink_params,
               size_t queue, af__run_stats *st) {
  return run_limited(f, src_params, sink_params, queue, 0, st);
}

/* The same, stopped by the engine's time limit after timeout_ms (and
 * forced to stop after twice that). */
static int run_limited(fixture *f, const char *src_params,
                       const char *sink_params, size_t queue, long timeout_ms,
                       af__run_stats *st) {
  af__config cfg = {0};
  char err[512], buf[512];
  af__engine *e = NULL;

  assert_int_equal(af__config_add_cli(&cfg, AF_SEC_SOURCE, "tsource", err, sizeof(err)), 0);
  snprintf(buf, sizeof(buf), "%s", src_params);
  for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " "))
    assert_int_equal(af__config_add_cli_param(&cfg, tok, err, sizeof(err)), 0);
  assert_int_equal(af__config_add_cli(&cfg, AF_SEC_SINK, "tsink", err, sizeof(err)), 0);
  snprintf(buf, sizeof(buf), "path=%s %s", f->out, sink_params);
  for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " "))
    assert_int_equal(af__config_add_cli_param(&cfg, tok, err, sizeof(err)), 0);
  af__engine_opts o = {.state_dir = f->state, .queue_size = queue,
                      .timeout_ms = timeout_ms};
  int rc = af__engine_new(&o, &cfg, &f->g.reg, &e, err, sizeof(err));
  if (rc)
    fprintf(stderr, "engine: %s\n", err);
  assert_int_equal(rc, 0);
  memset(st, 0, sizeof(*st));
  rc = af__engine_run(e, st);
  af__engine_free(e);
  af__config_free(&cfg);
  return rc;
}

static void test_incremental_runs(void **state) {
  fixture *f = *state;
  af__run_stats st;
  assert_int_equal(run(f, "count=5", "", 0, &st), 0);
  assert_int_equal(st.docs_new, 5);
  assert_int_equal(tu_count_lines(f->out), 5);
  /* nothing changed: nothing written again */
  assert_int_equal(run(f, "count=5", "", 0, &st), 0);
  assert_int_equal(st.docs_seen, 5);
  assert_int_equal(st.docs_unchanged, 5);
  assert_int_equal(st.docs_new, 0);
  assert_int_equal(tu_count_lines(f->out), 5);
  /* changed content: each document comes back as revision 2 */
  assert_int_equal(run(f, "count=5 variant=+", "", 0, &st), 0);
  assert_int_equal(st.docs_revised, 5);
  char *text = tu_read(f->out);
  assert_non_null(strstr(text, " 2 0 https://example.org/doc/4"));
  free(text);
  assert_int_equal(tu_count_lines(f->out), 10);
}

static void test_retry_then_commit(void **state) {
  fixture *f = *state;
  af__run_stats st;
  assert_int_equal(run(f, "count=3", "retry_first=2 deferred=true", 0, &st), 0);
  assert_int_equal(st.sink_failed, 0);
  assert_int_equal(tu_count_lines(f->out), 3);
}

static void test_failed_sink_loses_nothing(void **state) {
  fixture *f = *state;
  af__run_stats st;
  assert_int_equal(run(f, "count=4", "fail=true", 0, &st), 0);
  assert_int_equal(st.sink_failed, 4);
  assert_int_equal(tu_count_lines(f->out), 0);
  /* The documents are known now, but the sink never acknowledged them:
   * the next run delivers them although their content is unchanged. */
  assert_int_equal(run(f, "count=4", "", 0, &st), 0);
  assert_int_equal(st.sink_failed, 0);
  assert_int_equal(tu_count_lines(f->out), 4);
  assert_int_equal(run(f, "count=4", "", 0, &st), 0);
  assert_int_equal(st.docs_unchanged, 4);
  assert_int_equal(tu_count_lines(f->out), 4);
}

static size_t spool_files(fixture *f) {
  char *dir = tu_path(f->state, "spool/tsink");
  size_t n = 0;
  DIR *d = opendir(dir);
  for (struct dirent *e; d && (e = readdir(d));)
    n += strstr(e->d_name, ".jsonl") != NULL;
  if (d)
    closedir(d);
  free(dir);
  return n;
}

/* The one spool file of tsink (caller frees). */
static char *spool_path(fixture *f) {
  char *dir = tu_path(f->state, "spool/tsink"), *path = NULL;
  DIR *d = opendir(dir);
  for (struct dirent *e; d && (e = readdir(d));)
    if (strstr(e->d_name, ".jsonl") && !path)
      path = tu_path(dir, e->d_name);
  if (d)
    closedir(d);
  free(dir);
  assert_non_null(path);
  return path;
}

/* What a sink could not commit waits in the spool and reaches the sink on
 * a later run even when no source offers it any more; a sink that fails
 * again keeps the file; nothing is delivered twice. */
static void test_spool_delivers_what_sources_no_longer_offer(void **state) {
  fixture *f = *state;
  af__run_stats st;
  assert_int_equal(run(f, "count=4", "fail=true", 0, &st), 0);
  assert_int_equal(st.sink_failed, 4);
  assert_int_equal(st.spooled, 4);
  assert_int_equal(spool_files(f), 1);
  char *spooled = spool_path(f);
  char *saved = tu_read(spooled);
  /* still failing: the file stays, and is not copied into a second one */
  assert_int_equal(run(f, "count=0", "fail=true", 0, &st), 0);
  assert_int_equal(st.unspooled, 0);
  assert_int_equal(st.spooled, 0);
  assert_int_equal(spool_files(f), 1);
  assert_int_equal(tu_count_lines(f->out), 0);
  /* the sink works again; the source has nothing: the spool delivers */
  assert_int_equal(run(f, "count=0", "", 0, &st), 0);
  assert_int_equal(st.unspooled, 4);
  assert_int_equal(spool_files(f), 0);
  assert_int_equal(tu_count_lines(f->out), 4);
  char *text = tu_read(f->out);
  assert_non_null(strstr(text, " 1 0 https://example.org/doc/3\n"));
  free(text);
  /* the source offers them again, unchanged: the sink holds them */
  assert_int_equal(run(f, "count=4", "", 0, &st), 0);
  assert_int_equal(st.docs_unchanged, 4);
  assert_int_equal(tu_count_lines(f->out), 4);
  /* a crash after the sink's commit and before the file's removal leaves
   * the file: the next run finds the sink holds it all and removes it */
  FILE *w = fopen(spooled, "w");
  assert_non_null(w);
  fputs(saved, w);
  fclose(w);
  assert_int_equal(run(f, "count=0", "", 0, &st), 0);
  assert_int_equal(st.unspooled, 0);
  assert_int_equal(spool_files(f), 0);
  assert_int_equal(tu_count_lines(f->out), 4);
  free(saved);
  free(spooled);
}

/* A sink that never answers: the time limit stops the run, then forces
 * the stop.  What the sink was given but never committed goes to the
 * spool, and the next run delivers it: a forced stop loses nothing. */
static void test_forced_stop_spools_what_was_not_committed(void **state) {
  fixture *f = *state;
  af__run_stats st;
  run_limited(f, "count=5", "hang=true", 0, 150, &st);
  assert_true(st.timed_out);
  assert_int_equal(spool_files(f), 1);
  assert_int_equal(tu_count_lines(f->out), 0);
  assert_int_equal(run(f, "count=0", "", 0, &st), 0);
  assert_int_equal(st.unspooled, 5);
  assert_int_equal(tu_count_lines(f->out), 5);
  assert_int_equal(spool_files(f), 0);
}

static void test_backpressure_bounds_memory(void **state) {
  fixture *f = *state;
  af__run_stats st;
  assert_int_equal(run(f, "count=2000", "deferred=true batch_size=16", 32, &st), 0);
  assert_int_equal(st.docs_new, 2000);
  assert_int_equal(tu_count_lines(f->out), 2000);
  /* queue_size, one batch queued behind the one being written, and it */
  assert_true(st.peak_in_flight <= 32 + 2 * 16);
}

/* A sink slower than the pipeline (it answers 5 ms after each write)
 * gets full batches even when batch_size is larger than queue_size: its
 * next batch fills while the current one is written (group commit), and
 * the documents in flight stay bounded. */
static void test_slow_sink_gets_full_batches(void **state) {
  fixture *f = *state;
  af__run_stats st;
  char params[512];
  char *sizes = tu_path(f->g.dir, "sizes.txt");
  snprintf(params, sizeof(params), "deferred=true batch_size=64 sizes=%s", sizes);
  assert_int_equal(run(f, "count=600", params, 8, &st), 0);
  assert_int_equal(st.docs_new, 600);
  assert_int_equal(tu_count_lines(f->out), 600);
  assert_true(st.peak_in_flight <= 8 + 2 * 64);
  FILE *in = fopen(sizes, "r");
  assert_non_null(in);
  long n, total = 0, batches = 0;
  while (fscanf(in, "%ld", &n) == 1) {
    total += n;
    batches++;
  }
  fclose(in);
  free(sizes);
  assert_int_equal(total, 600);
  /* Ten batches ideally; one started early (the run saturated, a
   * flush_interval passed) is smaller.  Batches bounded by queue_size
   * would be 75 or more. */
  assert_true(batches <= 20);
}

static void test_failed_documents_do_not_stop_the_run(void **state) {
  fixture *f = *state;
  af__run_stats st;
  assert_int_equal(run(f, "count=10 fail_every=5", "", 0, &st), 0);
  assert_int_equal(st.docs_failed, 2);
  assert_int_equal(st.docs_new, 8);
  assert_int_equal(tu_count_lines(f->out), 8);
}

static void test_match_routes(void **state) {
  fixture *f = *state;
  af__run_stats st;
  assert_int_equal(run(f, "count=3", "match=other*", 0, &st), 0);
  assert_int_equal(st.docs_new, 3);
  assert_int_equal(tu_count_lines(f->out), 0);
}

static void test_dedup_modes(void **state) {
  fixture *f = *state;
  af__run_stats st;
  /* dedup=off: every emitted document is its own record, run after run */
  assert_int_equal(run(f, "count=3 dedup=off", "", 0, &st), 0);
  assert_int_equal(run(f, "count=3 dedup=off", "", 0, &st), 0);
  assert_int_equal(st.docs_new, 3);
  assert_int_equal(tu_count_lines(f->out), 6);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_incremental_runs, setup, teardown),
      cmocka_unit_test_setup_teardown(test_retry_then_commit, setup, teardown),
      cmocka_unit_test_setup_teardown(test_spool_delivers_what_sources_no_longer_offer, setup, teardown),
      cmocka_unit_test_setup_teardown(test_forced_stop_spools_what_was_not_committed, setup, teardown),
      cmocka_unit_test_setup_teardown(test_failed_sink_loses_nothing, setup, teardown),
      cmocka_unit_test_setup_teardown(test_backpressure_bounds_memory, setup, teardown),
      cmocka_unit_test_setup_teardown(test_slow_sink_gets_full_batches, setup, teardown),
      cmocka_unit_test_setup_teardown(test_failed_documents_do_not_stop_the_run, setup, teardown),
      cmocka_unit_test_setup_teardown(test_match_routes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dedup_modes, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
