/* Fetch-only benchmark: N article fetches through af__http against the
 * fixture server, no pipeline behind them.
 *
 *   fetch_bench BASE_URL N CONCURRENCY
 * prints "fetch_ms=... ok=... failed=..." */
#include <stdio.h>
#include <stdlib.h>

#include "http.h"

static int ok, failed;

static void on_done(const af_response *res, void *ud) {
  (void)ud;
  if (res->err)
    failed++;
  else
    ok++;
}

int main(int argc, char **argv) {
  uv_loop_t loop;
  af__http *h;
  af__http_limits lim;
  char err[256], url[512];
  long n, conc;
  uint64_t t0;
  if (argc != 4) {
    fprintf(stderr, "usage: fetch_bench BASE_URL N CONCURRENCY\n");
    return 2;
  }
  n = atol(argv[2]);
  conc = atol(argv[3]);
  af__http_limits_default(&lim);
  lim.concurrency = lim.per_host = conc;
  lim.robots = 0;
  uv_loop_init(&loop);
  if (af__http_new(&loop, NULL, NULL, &h, err, sizeof(err)) != 0) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  t0 = uv_hrtime();
  for (long i = 0; i < n; i++) {
    snprintf(url, sizeof(url), "%s/gen/%ld.html", argv[1], i);
    if (af__http_fetch(h, "bench", &lim, url, NULL, on_done, NULL) != 0)
      failed++;
  }
  uv_run(&loop, UV_RUN_DEFAULT);
  printf("fetch_ms=%.0f ok=%d failed=%d\n", (double)(uv_hrtime() - t0) / 1e6,
         ok, failed);
  af__http_free(h);
  uv_run(&loop, UV_RUN_DEFAULT);
  uv_loop_close(&loop);
  return failed ? 1 : 0;
}
