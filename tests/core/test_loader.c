/* The loader refuses what the ABI contract forbids, with a log line naming
 * the file and the reason, and keeps every good plugin. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "engine.h"
#include "loader.h"
#include "log.h"
#include "test_util.h"

static char *plugin_dir(const char *sub) {
  const char *base = getenv("AF_TEST_PLUGINS");
  assert_non_null(base);
  return tu_path(base, sub);
}

static void test_good_plugins_load(void **state) {
  (void)state;
  af__registry reg = {0};
  char err[512];
  char *good = plugin_dir("good");
  int n = af__registry_scan(&reg, good, af__host_api(), err, sizeof(err));
  assert_int_equal(n, 3);
  assert_int_equal(reg.refused, 0);
  const af__module *m = af__registry_find(&reg, "tsource");
  assert_non_null(m);
  assert_int_equal(m->desc.kind, AF_KIND_SOURCE);
  assert_string_equal(m->desc.version, "1.0");
  assert_non_null(af__registry_find(&reg, "tsink"));
  assert_null(af__registry_find(&reg, "nosuch"));
  af__registry_free(&reg);
  free(good);
}

static void test_bad_plugins_refused_with_reasons(void **state) {
  (void)state;
  af__registry reg = {0};
  char err[512];
  char *dir = tu_tmpdir();
  char *log = tu_path(dir, "log");
  char *good = plugin_dir("good");
  char *bad = plugin_dir("bad");

  assert_int_equal(af__log_open(log, AF_LOG_LOGFMT), 0);
  assert_int_equal(af__registry_scan(&reg, good, af__host_api(), err, sizeof(err)), 3);
  /* future.so (ABI 3), old.so (ABI 1), notaplugin.so (no entry), zdup.so
   * (name taken) */
  assert_int_equal(af__registry_scan(&reg, bad, af__host_api(), err, sizeof(err)), 0);
  assert_int_equal(reg.refused, 4);
  assert_int_equal(reg.n, 3);
  /* the impostor did not replace the real tsource */
  assert_string_equal(af__registry_find(&reg, "tsource")->desc.version, "1.0");
  af__log_close();

  char *text = tu_read(log);
  assert_non_null(strstr(text, "future.so: plugin ABI 3.0 is not compatible with this core's ABI 2."));
  char want[160];
  snprintf(want, sizeof want,
           "old.so: plugin built for ABI 1.0, which this core (ABI %d.%d) no longer loads",
           AF_ABI_MAJOR, AF_ABI_MINOR);
  assert_non_null(strstr(text, want));
  assert_non_null(strstr(text, "notaplugin.so: no 'af_plugin_entry' symbol"));
  assert_non_null(strstr(text, "zdup.so: a plugin named 'tsource' is already loaded"));
  assert_non_null(strstr(text, "event=plugin_refused"));
  free(text);
  af__registry_free(&reg);
  tu_rm_rf(dir);
  free(dir);
  free(log);
  free(good);
  free(bad);
}

static void copy_file(const char *from, const char *to) {
  char *data;
  FILE *in = fopen(from, "rb");
  assert_non_null(in);
  data = malloc(8 << 20);
  size_t n = fread(data, 1, 8 << 20, in);
  fclose(in);
  FILE *out = fopen(to, "wb");
  assert_non_null(out);
  assert_int_equal(fwrite(data, 1, n, out), n);
  fclose(out);
  free(data);
}

static void test_world_writable_refused(void **state) {
  (void)state;
  af__registry reg = {0};
  char err[512];
  char *dir = tu_tmpdir();
  char *good = plugin_dir("good");
  char *src = tu_path(good, "tsource.so");
  char *dst = tu_path(dir, "tsource.so");

  copy_file(src, dst);
  chmod(dir, 0755);
  chmod(dst, 0666);
  /* a world-writable file is refused... */
  assert_int_equal(af__registry_scan(&reg, dir, af__host_api(), err, sizeof(err)), 0);
  assert_int_equal(reg.refused, 1);
  assert_int_not_equal(af__registry_load(&reg, dst, af__host_api(), err, sizeof(err)), 0);
  assert_non_null(strstr(err, "world-writable plugin file"));
  /* ...and so is a world-writable directory, before anything is opened */
  chmod(dst, 0644);
  chmod(dir, 0777);
  assert_int_equal(af__registry_scan(&reg, dir, af__host_api(), err, sizeof(err)), AF_EACCES);
  assert_non_null(strstr(err, "world-writable plugin directory"));
  chmod(dir, 0755);
  assert_int_equal(af__registry_scan(&reg, dir, af__host_api(), err, sizeof(err)), 1);
  af__registry_free(&reg);
  tu_rm_rf(dir);
  free(dir);
  free(good);
  free(src);
  free(dst);
}

static void test_option_schema_checks(void **state) {
  (void)state;
  char err[256];
  typedef struct { long a; const char *b; } ctx_t;
  af_opt ok[] = {{"a", AF_OPT_INT, 0, "5", offsetof(ctx_t, a), "a"},
                 {"b", AF_OPT_STR, 0, NULL, offsetof(ctx_t, b), "b"},
                 {NULL, 0, 0, NULL, 0, NULL}};
  af_plugin p = {.opts = ok, .ctx_size = sizeof(ctx_t)};
  assert_int_equal(af__plugin_check_opts(&p, err, sizeof(err)), 0);

  af_opt outside[] = {{"a", AF_OPT_INT, 0, NULL, sizeof(ctx_t), "a"},
                      {NULL, 0, 0, NULL, 0, NULL}};
  p.opts = outside;
  assert_int_equal(af__plugin_check_opts(&p, err, sizeof(err)), AF_EPLUGIN);
  assert_non_null(strstr(err, "outside the"));

  af_opt twice[] = {{"a", AF_OPT_INT, 0, NULL, 0, "a"},
                    {"a", AF_OPT_INT, 0, NULL, 0, "a"},
                    {NULL, 0, 0, NULL, 0, NULL}};
  p.opts = twice;
  assert_int_equal(af__plugin_check_opts(&p, err, sizeof(err)), AF_EPLUGIN);
  assert_non_null(strstr(err, "declared twice"));

  af_opt bad_default[] = {{"a", AF_OPT_MSEC, 0, "soon", 0, "a"},
                          {NULL, 0, 0, NULL, 0, NULL}};
  p.opts = bad_default;
  assert_int_equal(af__plugin_check_opts(&p, err, sizeof(err)), AF_EPLUGIN);
  assert_non_null(strstr(err, "wrong type"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_good_plugins_load),
      cmocka_unit_test(test_bad_plugins_refused_with_reasons),
      cmocka_unit_test(test_world_writable_refused),
      cmocka_unit_test(test_option_schema_checks),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
