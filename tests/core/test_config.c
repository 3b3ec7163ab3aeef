/* Configuration errors name file:line and give a hint; good files load. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "config.h"
#include "engine.h"
#include "log.h"
#include "test_util.h"
#include "good_plugins.h"

typedef good_fixture fixture;

static int setup(void **state) {
  *state = good_fixture_new(sizeof(fixture));
  return *state ? 0 : -1;
}

static int teardown(void **state) {
  good_fixture_free(*state);
  return 0;
}

/* Loads `text` as x.conf and builds an engine; returns the code, with the
 * message in err. */
static int try_config(fixture *f, const char *text, char *err, size_t errlen) {
  char *path = tu_path(f->dir, "x.conf");
  char *st = tu_path(f->dir, "state");
  af__config cfg = {0};
  af__engine *e = NULL;
  tu_write(path, text);
  err[0] = '\0';
  int rc = af__config_load(&cfg, path, err, errlen);
  if (!rc) {
    af__engine_opts o = {.state_dir = st};
    rc = af__engine_new(&o, &cfg, &f->reg, &e, err, errlen);
    af__engine_free(e);
  }
  af__config_free(&cfg);
  free(path);
  free(st);
  return rc;
}

/* err is the whole message `want`, after the temp directory's path. */
static void assert_msg(const char *err, const char *want) {
  size_t n = strlen(err), m = strlen(want);
  if (n < m || strcmp(err + n - m, want) != 0 || (n > m && err[n - m - 1] != '/'))
    fail_msg("message \"%s\", expected \".../%s\"", err, want);
}

static const char good_pipeline[] =
    "# a comment\n"
    "[source a]\n"
    "plugin = tsource\n"
    "count = 4\n"
    "\n"
    "[sink out]\n"
    "plugin = tsink\n"
    "path = /dev/null\n";

static void test_good_config(void **state) {
  char err[512];
  assert_int_equal(try_config(*state, good_pipeline, err, sizeof(err)), 0);
}

static void test_unknown_key_with_hint(void **state) {
  char err[512];
  int rc = try_config(*state,
                      "[source a]\nplugin = tsource\n\n[sink out]\nplugin = tsink\n"
                      "pth = /tmp/x\npath = /dev/null\n",
                      err, sizeof(err));
  assert_int_equal(rc, AF_ECONFIG);
  assert_non_null(strstr(err, "x.conf:6: unknown key 'pth' for plugin 'tsink'"));
  assert_non_null(strstr(err, "did you mean 'path'?"));
}

static void test_bad_type(void **state) {
  char err[512];
  int rc = try_config(*state,
                      "[source a]\nplugin = tsource\ncount = lots\n[sink out]\n"
                      "plugin = tsink\npath = /dev/null\n",
                      err, sizeof(err));
  assert_int_equal(rc, AF_ECONFIG);
  assert_non_null(strstr(err, "x.conf:3: count = lots: expected an integer"));
  rc = try_config(*state,
                  "[source a]\nplugin = tsource\n[sink out]\nplugin = tsink\n"
                  "path = /dev/null\nflush_interval = whenever\n",
                  err, sizeof(err));
  assert_int_equal(rc, AF_ECONFIG);
  assert_non_null(strstr(err, "x.conf:6: flush_interval = whenever: expected a duration"));
}

static void test_missing_required(void **state) {
  char err[512];
  int rc = try_config(*state, "[source a]\nplugin = tsource\n[sink out]\nplugin = tsink\n",
                      err, sizeof(err));
  assert_int_equal(rc, AF_ECONFIG);
  assert_non_null(strstr(err, "x.conf:3: [out] (plugin tsink) needs 'path'"));
}

static void test_unknown_plugin_lists_known(void **state) {
  char err[512];
  int rc = try_config(*state,
                      "[source a]\nplugin = tsorce\n[sink out]\nplugin = tsink\npath=/dev/null\n",
                      err, sizeof(err));
  assert_int_equal(rc, AF_ECONFIG);
  assert_non_null(strstr(err, "x.conf:1: unknown plugin 'tsorce'"));
  assert_non_null(strstr(err, "tsource"));
}

static void test_kind_mismatch(void **state) {
  char err[512];
  int rc = try_config(*state,
                      "[source a]\nplugin = tsink\npath=/dev/null\n[sink out]\nplugin = tsink\npath=/dev/null\n",
                      err, sizeof(err));
  assert_int_equal(rc, AF_ECONFIG);
  assert_non_null(strstr(err, "plugin 'tsink' is a sink, not a source"));
}

static void test_syntax_errors(void **state) {
  char err[512];
  assert_int_equal(try_config(*state, "[source a]\nplugin = tsource\nthis line is wrong\n",
                              err, sizeof(err)),
                   AF_ECONFIG);
  assert_non_null(strstr(err, "x.conf:3: cannot parse this line"));
  assert_int_equal(try_config(*state, "[pipeline]\nx = 1\n", err, sizeof(err)), AF_ECONFIG);
  assert_non_null(strstr(err, "x.conf:1: bad section [pipeline]"));
  assert_int_equal(try_config(*state, "[source a]\ncount = 1\n", err, sizeof(err)), AF_ECONFIG);
  assert_non_null(strstr(err, "has no 'plugin = NAME'"));
  assert_int_equal(try_config(*state, "[source a]\nplugin=tsource\n[source a]\nplugin=tsource\n",
                              err, sizeof(err)),
                   AF_ECONFIG);
  assert_non_null(strstr(err, "x.conf:3: instance name 'a' already used at"));
}

static void test_isolate_and_values(void **state) {
  char err[512];
  /* An isolated source's keys are still checked here, in the parent,
   * against its plugin's schema: a typo never reaches the child. */
  assert_int_equal(try_config(*state,
                              "[source a]\nplugin = tsource\nisolate = true\n[sink o]\n"
                              "plugin = tsink\npath = /dev/null\n",
                              err, sizeof(err)),
                   0);
  assert_int_equal(try_config(*state,
                              "[source a]\nplugin = tsource\nisolate = true\n"
                              "cuont = 3\n[sink o]\nplugin = tsink\npath = /dev/null\n",
                              err, sizeof(err)),
                   AF_ECONFIG);
  assert_non_null(strstr(err, "x.conf:4: unknown key 'cuont'"));
  assert_int_equal(try_config(*state,
                              "[source a]\nplugin = tsource\ndedup = maybe\n[sink o]\n"
                              "plugin = tsink\npath = /dev/null\n",
                              err, sizeof(err)),
                   AF_ECONFIG);
  assert_non_null(strstr(err, "x.conf:3: dedup = maybe: expected canonical, url or off"));
}

static void test_create_failure(void **state) {
  char err[512];
  assert_int_equal(try_config(*state,
                              "[source a]\nplugin = tsource\n[sink g]\nplugin = grumpy\n",
                              err, sizeof(err)),
                   AF_ECONFIG);
  assert_non_null(strstr(err, "x.conf:3: [sink g] plugin 'grumpy' refused its configuration"));
}

static void test_value_parsers(void **state) {
  (void)state;
  long ms;
  size_t sz;
  int b;
  assert_int_equal(af__parse_msec("250ms", &ms), 0);
  assert_int_equal(ms, 250);
  assert_int_equal(af__parse_msec("1.5s", &ms), 0);
  assert_int_equal(ms, 1500);
  assert_int_equal(af__parse_msec("5m", &ms), 0);
  assert_int_equal(ms, 300000);
  assert_int_equal(af__parse_msec("-1s", &ms), AF_EINVAL);
  /* 2^63 ms is one past LONG_MAX once rounded to a double; NaN compares
   * false with everything: both must be refused, not converted. */
  assert_int_equal(af__parse_msec("9223372036854775807", &ms), AF_EINVAL);
  assert_int_equal(af__parse_msec("nan", &ms), AF_EINVAL);
  assert_int_equal(af__parse_msec("inf s", &ms), AF_EINVAL);
  assert_int_equal(af__parse_size("64k", &sz), 0);
  assert_int_equal(sz, 65536);
  assert_int_equal(af__parse_size("10MB", &sz), 0);
  assert_int_equal(sz, 10u << 20);
  assert_int_equal(af__parse_size("ten", &sz), AF_EINVAL);
  assert_int_equal(af__parse_bool("Yes", &b), 0);
  assert_int_equal(b, 1);
  assert_int_equal(af__parse_bool("off", &b), 0);
  assert_int_equal(b, 0);
  assert_int_equal(af__parse_bool("maybe", &b), AF_EINVAL);
}

static void test_command_line_pipeline(void **state) {
  fixture *f = *state;
  af__config cfg = {0};
  char err[512];
  assert_int_equal(af__config_add_cli_param(&cfg, "count=2", err, sizeof(err)), AF_ECONFIG);
  assert_non_null(strstr(err, "comes before any -i or -o"));
  assert_int_equal(af__config_add_cli(&cfg, AF_SEC_SOURCE, "tsource", err, sizeof(err)), 0);
  assert_int_equal(af__config_add_cli_param(&cfg, "count=2", err, sizeof(err)), 0);
  assert_int_equal(af__config_add_cli_param(&cfg, "novalue", err, sizeof(err)), AF_ECONFIG);
  assert_int_equal(af__config_add_cli(&cfg, AF_SEC_SINK, "tsink", err, sizeof(err)), 0);
  assert_int_equal(af__config_add_cli_param(&cfg, "pathh=/dev/null", err, sizeof(err)), 0);
  af__engine *e = NULL;
  char *st = tu_path(f->dir, "state");
  af__engine_opts o = {.state_dir = st};
  assert_int_equal(af__engine_new(&o, &cfg, &f->reg, &e, err, sizeof(err)), AF_ECONFIG);
  /* A near miss of the missing required key is named as the typo. */
  assert_non_null(strstr(err, "command line:0: unknown key 'pathh' for plugin 'tsink'"));
  assert_non_null(strstr(err, "did you mean 'path'?"));
  af__config_free(&cfg);
  /* Without one, the missing key is named with the flag that gives it. */
  assert_int_equal(af__config_add_cli(&cfg, AF_SEC_SOURCE, "tsource", err, sizeof(err)), 0);
  assert_int_equal(af__config_add_cli(&cfg, AF_SEC_SINK, "tsink", err, sizeof(err)), 0);
  assert_int_equal(af__engine_new(&o, &cfg, &f->reg, &e, err, sizeof(err)), AF_ECONFIG);
  assert_non_null(strstr(err, "needs 'path'"));
  assert_non_null(strstr(err, "add -p path"));
  af__config_free(&cfg);
  /* -p key twice for one instance: both arguments named. */
  cfg.cli_pos = 2;
  assert_int_equal(af__config_add_cli(&cfg, AF_SEC_SOURCE, "tsource", err, sizeof(err)), 0);
  cfg.cli_pos = 4;
  assert_int_equal(af__config_add_cli_param(&cfg, "count=2", err, sizeof(err)), 0);
  cfg.cli_pos = 6;
  assert_int_equal(af__config_add_cli_param(&cfg, "count=3", err, sizeof(err)), 0);
  assert_int_equal(af__config_add_cli(&cfg, AF_SEC_SINK, "tsink", err, sizeof(err)), 0);
  assert_int_equal(af__config_add_cli_param(&cfg, "path=/dev/null", err, sizeof(err)), 0);
  assert_int_equal(af__engine_new(&o, &cfg, &f->reg, &e, err, sizeof(err)), AF_ECONFIG);
  assert_string_equal(err, "command line:6: 'count' given twice in [source tsource] "
                           "(first at argument 4); it takes one value");
  af__config_free(&cfg);
  free(st);
}

/* A one-value key given twice is refused, naming both lines; a list key
 * may repeat. */
static void test_scalar_given_twice(void **state) {
  char err[512];
  int rc = try_config(*state,
                      "[source a]\nplugin = tsource\n[sink out]\nplugin = tsink\n"
                      "path = /dev/null\nbatch_size = 4\npath = /tmp\n",
                      err, sizeof(err));
  assert_int_equal(rc, AF_ECONFIG);
  assert_msg(err, "x.conf:7: 'path' given twice in [sink out] (first at "
                           "line 5); it takes one value");
  /* Core keys too (here a sink's own). */
  rc = try_config(*state,
                  "[source a]\nplugin = tsource\n[sink out]\nplugin = tsink\n"
                  "path = /dev/null\nbatch_size = 4\nbatch_size = 8\n",
                  err, sizeof(err));
  assert_int_equal(rc, AF_ECONFIG);
  assert_non_null(strstr(err, "x.conf:7: 'batch_size' given twice in [sink out] (first at line 6)"));
  /* page is a list: repeating it is how a list is written. */
  assert_int_equal(try_config(*state,
                              "[source a]\nplugin = tsource\npage = /dev/null\n"
                              "page = /dev/null\n[sink out]\nplugin = tsink\npath = /dev/null\n",
                              err, sizeof(err)),
                   0);
}

/* A section given twice would merge or shadow silently: refused, naming
 * both headers. */
static void test_section_given_twice(void **state) {
  char err[512];
  int rc = try_config(*state,
                      "[core]\nqueue_size = 8\n[source a]\nplugin = tsource\n[core]\n"
                      "workers = 2\n[sink out]\nplugin = tsink\npath = /dev/null\n",
                      err, sizeof(err));
  assert_int_equal(rc, AF_ECONFIG);
  assert_non_null(strstr(err, "x.conf:5: [core] given twice (first at "));
  assert_non_null(strstr(err, "x.conf:1)"));
  rc = try_config(*state,
                  "[source a]\nplugin = tsource\n[sink a]\nplugin = tsink\npath = /dev/null\n",
                  err, sizeof(err));
  assert_int_equal(rc, AF_ECONFIG);
  assert_non_null(strstr(err, "x.conf:3: instance name 'a' already used at "));
  assert_non_null(strstr(err, "x.conf:1"));
}

/* Integers that parse but make no sense are refused with their line. */
static void test_integer_bounds(void **state) {
  char err[512];
  static const struct {
    const char *line, *msg;
  } cases[] = {
      {"batch_size = 0", "x.conf:6: batch_size = 0: expected 1 to 100000"},
      {"retries = -1", "x.conf:6: retries = -1: expected 0 to 100"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char text[256];
    snprintf(text, sizeof(text),
             "[source a]\nplugin = tsource\n[sink out]\nplugin = tsink\n"
             "path = /dev/null\n%s\n", cases[i].line);
    assert_int_equal(try_config(*state, text, err, sizeof(err)), AF_ECONFIG);
    assert_msg(err, cases[i].msg);
  }
  static const struct {
    const char *line, *msg;
  } src_cases[] = {
      {"concurrency = 0", "x.conf:3: concurrency = 0: expected 1 to 1000"},
      {"per_host = -2", "x.conf:3: per_host = -2: expected 1 to 1000"},
      {"retries = -3", "x.conf:3: retries = -3: expected 0 to 100"},
      {"max_redirects = -1", "x.conf:3: max_redirects = -1: expected 0 to 50"},
  };
  for (size_t i = 0; i < sizeof(src_cases) / sizeof(src_cases[0]); i++) {
    char text[256];
    snprintf(text, sizeof(text),
             "[source a]\nplugin = tsource\n%s\n[sink out]\nplugin = tsink\n"
             "path = /dev/null\n", src_cases[i].line);
    assert_int_equal(try_config(*state, text, err, sizeof(err)), AF_ECONFIG);
    assert_msg(err, src_cases[i].msg);
  }
}

/* A misspelt required key: the message names the typo and the key it
 * should be, not only the missing key. */
static void test_misspelt_required_key(void **state) {
  char err[512];
  int rc = try_config(*state,
                      "[source a]\nplugin = tsource\n[sink out]\nplugin = tsink\npth = /tmp/x\n",
                      err, sizeof(err));
  assert_int_equal(rc, AF_ECONFIG);
  assert_msg(err, "x.conf:5: unknown key 'pth' for plugin 'tsink' in [sink out] "
                           "(did you mean 'path'?)");
  /* A core key near the name is not taken for the typo. */
  rc = try_config(*state,
                  "[source a]\nplugin = tsource\n[sink out]\nplugin = tsink\nmatch = a\n",
                  err, sizeof(err));
  assert_int_equal(rc, AF_ECONFIG);
  assert_non_null(strstr(err, "x.conf:3: [out] (plugin tsink) needs 'path'"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_good_config),
      cmocka_unit_test(test_unknown_key_with_hint),
      cmocka_unit_test(test_bad_type),
      cmocka_unit_test(test_missing_required),
      cmocka_unit_test(test_unknown_plugin_lists_known),
      cmocka_unit_test(test_kind_mismatch),
      cmocka_unit_test(test_syntax_errors),
      cmocka_unit_test(test_isolate_and_values),
      cmocka_unit_test(test_create_failure),
      cmocka_unit_test(test_value_parsers),
      cmocka_unit_test(test_command_line_pipeline),
      cmocka_unit_test(test_scalar_given_twice),
      cmocka_unit_test(test_section_given_twice),
      cmocka_unit_test(test_integer_bounds),
      cmocka_unit_test(test_misspelt_required_key),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
