/* af__normalise only reads the rules: several threads may share them. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "norm_test.h"

#define THREADS 4
#define ROUNDS 40

typedef struct job {
  size_t n;
  int rc;
  char first_kind[32];
} job;

static void *worker(void *arg) {
  job *j = arg;

  for (int k = 0; k < ROUNDS; k++) {
    norm_run run;
    j->rc = norm_test_run(
        rules, &run,
        "The NAO found the tagging contract had cost £153m more than "
        "planned.",
        "Gareth Davies, head of the NAO, said: “The ministry did not "
        "understand what it was buying.”",
        "A Ministry of Justice spokesperson said: “We have learned the "
        "lessons.”",
        NULL);
    if (j->rc != 0)
      return NULL;
    j->n = run.out.n;
    if (run.out.n)
      snprintf(j->first_kind, sizeof(j->first_kind), "%s", run.out.v[0]->kind);
    norm_test_free(&run);
  }
  return NULL;
}

static void test_shared_rules(void **state) {
  pthread_t t[THREADS];
  job jobs[THREADS];
  job base;

  (void)state;
  memset(&base, 0, sizeof(base));
  worker(&base);
  assert_int_equal(base.rc, 0);
  assert_int_equal(base.n, 3);
  for (int k = 0; k < THREADS; k++) {
    memset(&jobs[k], 0, sizeof(jobs[k]));
    assert_int_equal(pthread_create(&t[k], NULL, worker, &jobs[k]), 0);
  }
  for (int k = 0; k < THREADS; k++) {
    assert_int_equal(pthread_join(t[k], NULL), 0);
    assert_int_equal(jobs[k].rc, 0);
    assert_int_equal(jobs[k].n, base.n);
    assert_string_equal(jobs[k].first_kind, base.first_kind);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_shared_rules),
  };
  return cmocka_run_group_tests(tests, norm_rules_setup, norm_rules_teardown);
}
