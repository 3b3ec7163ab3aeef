/* The one retry backoff (base/retry.c): doubling, the cap, the jitter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "retry.h"

static void test_doubles_with_jitter_within_half(void **state) {
  (void)state;
  uint64_t rng = 12345;
  for (int round = 0; round < 200; round++)
    for (int attempt = 1; attempt <= 6; attempt++) {
      uint64_t want = 400u << (attempt - 1);
      uint64_t d = af__backoff_ms(400, attempt, 60000, &rng);
      if (d < want || d > want + want / 2)
        fail_msg("attempt %d: %llu ms, expected %llu..%llu", attempt,
                 (unsigned long long)d, (unsigned long long)want,
                 (unsigned long long)(want + want / 2));
    }
}

static void test_cap_and_zero(void **state) {
  (void)state;
  uint64_t rng = 99;
  for (int attempt = 8; attempt < 40; attempt++) {
    uint64_t d = af__backoff_ms(500, attempt, 60000, &rng);
    assert_true(d >= 60000 && d <= 90000);
  }
  assert_int_equal(af__backoff_ms(0, 3, 60000, &rng), 0);
  assert_int_equal(af__backoff_ms(-5, 1, 60000, &rng), 0);
}

/* Jitter: many retries of one attempt do not all wait the same; the same
 * seed gives the same waits (the draws come from the caller's state). */
static void test_jitter_spreads(void **state) {
  (void)state;
  uint64_t rng = af__rand_seed(), again = 777, again2 = 777;
  assert_true(rng != 0);
  uint64_t first = af__backoff_ms(1000, 1, 60000, &rng);
  int differ = 0;
  for (int i = 0; i < 100; i++)
    differ += af__backoff_ms(1000, 1, 60000, &rng) != first;
  assert_true(differ > 90);
  for (int i = 0; i < 20; i++)
    assert_int_equal(af__backoff_ms(300, 2, 60000, &again),
                     af__backoff_ms(300, 2, 60000, &again2));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_doubles_with_jitter_within_half),
      cmocka_unit_test(test_cap_and_zero),
      cmocka_unit_test(test_jitter_spreads),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
