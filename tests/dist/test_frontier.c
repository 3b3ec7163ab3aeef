/* The frontier's pure parts: shard of a host, message JSON, dedup ids. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "frontier.h"

static void test_host(void **state) {
  (void)state;
  char h[64];
  af__frontier_host("https://User:pw@WWW.Example.ORG:8443/a?b#c", h, sizeof(h));
  assert_string_equal(h, "www.example.org");
  af__frontier_host("http://[::1]:8080/x", h, sizeof(h));
  assert_string_equal(h, "[::1]");
  af__frontier_host("file:///tmp/x", h, sizeof(h));
  assert_string_equal(h, "");
  af__frontier_host("no scheme", h, sizeof(h));
  assert_string_equal(h, "");
}

static void test_shard(void **state) {
  (void)state;
  /* one host, one shard, whatever the path, port, case or credentials */
  long s = af__frontier_shard("http://news.example/a", 32);
  assert_true(s >= 0 && s < 32);
  assert_int_equal(af__frontier_shard("HTTP://NEWS.EXAMPLE:80/b?x=1", 32), s);
  assert_int_equal(af__frontier_shard("https://u@news.example/c", 32), s);
  assert_int_equal(af__frontier_shard("http://news.example/a", 1), 0);
  /* FNV-1a 32 of "news.example", computed independently */
  uint32_t h = 2166136261u;
  for (const char *p = "news.example"; *p; p++)
    h = (h ^ (unsigned char)*p) * 16777619u;
  assert_int_equal(s, (long)(h % 32));
  /* many hosts spread over the shards */
  int used[32] = {0}, n = 0;
  char url[64];
  for (int i = 0; i < 200; i++) {
    snprintf(url, sizeof(url), "http://host%d.example/", i);
    used[af__frontier_shard(url, 32)] = 1;
  }
  for (int i = 0; i < 32; i++)
    n += used[i];
  assert_true(n >= 28);
}

static void test_roundtrip(void **state) {
  (void)state;
  af__frontier_msg m = {.source = "news", .kind = AF_FRONTIER_PAGE,
                        .url = "http://a.example/x", .tag = "{\"t\":\"T\\u00e9\"}",
                        .tick = 29943276, .conditional = 1};
  char *j = af__frontier_encode(&m);
  assert_non_null(j);
  af__frontier_msg back;
  char err[256];
  assert_int_equal(af__frontier_decode(j, strlen(j), &back, err, sizeof(err)), 0);
  assert_string_equal(back.source, "news");
  assert_int_equal(back.kind, AF_FRONTIER_PAGE);
  assert_string_equal(back.url, m.url);
  assert_string_equal(back.tag, m.tag);
  assert_int_equal(back.tick, 29943276);
  assert_int_equal(back.conditional, 1);
  af__frontier_msg_free(&back);
  free(j);
}

static void test_decode_errors(void **state) {
  (void)state;
  af__frontier_msg m;
  char err[256];
  const char *bad[] = {"", "[]", "{\"kind\":\"seed\"}", "{\"source\":\"s\"}",
                       "{\"source\":\"s\",\"kind\":\"page\"}",
                       "{\"source\":\"s\",\"kind\":\"evil\",\"url\":\"u\"}",
                       "{\"source\":3,\"kind\":\"seed\"}", "{\"source\":\"s\",\"kind\":\"seed\""};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    err[0] = '\0';
    assert_int_not_equal(af__frontier_decode(bad[i], strlen(bad[i]), &m, err, sizeof(err)), 0);
    assert_non_null(strstr(err, "frontier message"));
    assert_null(m.source);
  }
  const char *seed = "{\"source\":\"s\",\"kind\":\"seed\",\"tick\":5}";
  assert_int_equal(af__frontier_decode(seed, strlen(seed), &m, err, sizeof(err)), 0);
  assert_int_equal(m.kind, AF_FRONTIER_SEED);
  assert_null(m.url);
  af__frontier_msg_free(&m);
}

static void test_ids(void **state) {
  (void)state;
  char a[128], b[128];
  af__frontier_msg s = {.source = "news", .kind = AF_FRONTIER_SEED, .tick = 7};
  af__frontier_msg_id(&s, a, sizeof(a));
  assert_string_equal(a, "seed:news:7");
  s.tick = 8; /* the next tick is a new crawl */
  af__frontier_msg_id(&s, b, sizeof(b));
  assert_string_not_equal(a, b);
  af__frontier_msg p = {.source = "news", .kind = AF_FRONTIER_PAGE,
                        .url = "http://a.example/1", .tick = 7};
  af__frontier_msg_id(&p, a, sizeof(a));
  p.url = "http://a.example/2";
  af__frontier_msg_id(&p, b, sizeof(b));
  assert_string_not_equal(a, b);
  assert_int_equal(strncmp(a, "page:news:7:", 12), 0);
  /* ticks: a period groups the seconds inside it */
  assert_int_equal(af__frontier_tick(3599, 3600000), 0);
  assert_int_equal(af__frontier_tick(3600, 3600000), 1);
  assert_int_equal(af__frontier_tick(61, 0), 61);
}

/* The pull order's claim: queue length times the wait. */
static void test_claim(void **state) {
  (void)state;
  /* a longer queue that has waited as long comes first */
  assert_true(af__frontier_claim(10, 1000, 1100) > af__frontier_claim(2, 1000, 1100));
  /* equal queues: the one served longer ago */
  assert_true(af__frontier_claim(3, 500, 2000) > af__frontier_claim(3, 900, 2000));
  /* a single message (a feed) that has waited 2 s beats a queue of 10
   * served 100 ms ago: no starvation */
  assert_true(af__frontier_claim(1, 0, 2000) > af__frontier_claim(10, 1900, 2000));
  /* near miss: the same feed after 50 ms does not */
  assert_true(af__frontier_claim(1, 1950, 2000) < af__frontier_claim(10, 1900, 2000));
  /* empty: no claim; served this very ms or "in the future": waited 1 ms */
  assert_int_equal(af__frontier_claim(0, 0, 5000), 0);
  assert_int_equal(af__frontier_claim(4, 5000, 5000), 4);
  assert_int_equal(af__frontier_claim(4, 6000, 5000), 4);
  /* saturates */
  assert_true(af__frontier_claim(UINT64_MAX / 2, 0, 1000) == UINT64_MAX);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_host),      cmocka_unit_test(test_shard),
      cmocka_unit_test(test_roundtrip), cmocka_unit_test(test_decode_errors),
      cmocka_unit_test(test_ids),       cmocka_unit_test(test_claim),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
