/* Retry backoff, one policy for the whole core: HTTP retries
 * (net/http_req.c) and sink batch retries (engine/sinks.c) both wait
 * af__backoff_ms before trying again. */
#ifndef AF_RETRY_H
#define AF_RETRY_H

#include <stdint.h>

/* The delay before retry number `attempt` (1: the first retry): `base_ms`
 * doubled for each retry after the first, at most `cap_ms`, plus 0..50%
 * jitter drawn from *rng, so that many sources or sinks failing together
 * do not retry in lockstep.  base_ms <= 0 means no delay. */
uint64_t af__backoff_ms(long base_ms, int attempt, long cap_ms, uint64_t *rng);

/* xorshift64 over *rng (any nonzero seed): jitter needs no quality. */
uint64_t af__rand_next(uint64_t *rng);
/* A nonzero seed from the system's random source (or the clock). */
uint64_t af__rand_seed(void);

#endif /* AF_RETRY_H */
