/* Placeholder normaliser: no findings yet. */
#include "normalise.h"

#include <stdlib.h>
#include <string.h>

int af_normalise(const af_norm_rules *r, const af_norm_input *in,
                 af_findings *out) {
  (void)r; (void)in;
  memset(out, 0, sizeof(*out));
  return 0;
}

void af_findings_free(af_findings *f) {
  if (f)
    memset(f, 0, sizeof(*f));
}
