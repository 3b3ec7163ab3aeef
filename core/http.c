/* Placeholder until the HTTP client lands: every fetch fails. */
#include "http.h"

#include <stdio.h>
#include <stdlib.h>

const af_opt af_http_limit_opts[] = {{0}};

void af_http_limits_default(af_http_limits *lim) {
  *lim = (af_http_limits){.concurrency = 8, .per_host = 4, .timeout_ms = 30000,
                          .connect_timeout_ms = 10000, .max_body = 16u << 20,
                          .max_redirects = 5, .retries = 2, .backoff_ms = 500,
                          .robots = 1};
}

struct af_http { int unused; };

int af_http_new(uv_loop_t *loop, af_state *state, const af_http_config *cfg,
                af_http **out, char *err, size_t errlen) {
  (void)loop; (void)state; (void)cfg; (void)err; (void)errlen;
  *out = calloc(1, sizeof(**out));
  return *out ? 0 : AF_ENOMEM;
}

void af_http_free(af_http *h) { free(h); }

int af_http_fetch(af_http *h, const char *comp, const af_http_limits *lim,
                  const char *url, const af_fetch_opts *opts, af_http_cb cb,
                  void *ud) {
  (void)h; (void)comp; (void)lim; (void)url; (void)opts; (void)cb; (void)ud;
  return AF_ENOSYS;
}

void af_http_set_paused(af_http *h, int paused) { (void)h; (void)paused; }
size_t af_http_pending(const af_http *h) { (void)h; return 0; }
void af_http_cancel_all(af_http *h) { (void)h; }
