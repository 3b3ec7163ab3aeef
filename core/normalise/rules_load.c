#include "normalise.h"

#include <stdlib.h>

struct af_norm_rules { int unused; };

int af_norm_rules_load(const char *dir, af_norm_rules **out, char *err,
                       size_t errlen) {
  (void)dir; (void)err; (void)errlen;
  *out = calloc(1, sizeof(**out));
  return *out ? 0 : -12;
}

void af_norm_rules_free(af_norm_rules *r) { free(r); }
