/* `auditfeed plugins --check FILE.so`: the conformance run for plugin
 * authors.  Prints one pass/fail line per check; returns the exit code. */
#ifndef AF_CONFORMANCE_H
#define AF_CONFORMANCE_H

#include <stddef.h>

int af__conformance_run(const char *path, const char *plugin_dir,
                       const char *const *params, size_t n_params);

#endif /* AF_CONFORMANCE_H */
