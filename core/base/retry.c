#include "retry.h"

#include <time.h>

uint64_t af__rand_next(uint64_t *rng) {
  *rng ^= *rng << 13;
  *rng ^= *rng >> 7;
  *rng ^= *rng << 17;
  return *rng;
}

uint64_t af__rand_seed(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ((uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec) | 1;
}

uint64_t af__backoff_ms(long base_ms, int attempt, long cap_ms, uint64_t *rng) {
  long d = base_ms > 0 ? base_ms : 0;
  for (int i = 1; i < attempt && d < cap_ms; i++)
    d *= 2;
  if (d > cap_ms)
    d = cap_ms;
  if (d > 1)
    d += (long)(af__rand_next(rng) % (uint64_t)(d / 2 + 1));
  return (uint64_t)d;
}
