/* Placeholder: the conformance run lands next. */
#include <stdio.h>

#include "conformance.h"

int af_conformance_run(const char *path, const char *plugin_dir,
                       const char *const *params, size_t n_params) {
  (void)plugin_dir; (void)params; (void)n_params;
  fprintf(stderr, "auditfeed plugins --check %s: not available yet\n", path);
  return 2;
}
