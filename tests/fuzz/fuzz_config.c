/* The INI configuration reader and the value parsers every key goes
 * through (durations, sizes, booleans). */
#include "config.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  af__config cfg = {0};
  char err[512];
  const char *path = fz_file("fuzz.conf", data, size);
  af__config_load(&cfg, path, err, sizeof(err));
  for (size_t i = 0; i < cfg.n; i++) {
    const af__cfg_section *s = &cfg.sec[i];
    for (size_t k = 0; k < s->n; k++) {
      long ms;
      size_t sz;
      int b;
      af__parse_msec(s->v[k].value, &ms);
      af__parse_size(s->v[k].value, &sz);
      af__parse_bool(s->v[k].value, &b);
    }
  }
  af__config_free(&cfg);
  return 0;
}
