/* Where the core finds its data when the user did not say. */
#ifndef AF_PATHS_H
#define AF_PATHS_H

#include <stddef.h>

/* The normaliser's rules directory: $AF_RULES_DIR, else the source tree's
 * config/normaliser (a build that has not been installed), else the
 * installed data directory.  Static storage; never NULL. */
const char *af__default_rules_dir(void);
/* The plugin directory: the build tree's plugins/ when running from it,
 * else the installed one. */
const char *af__default_plugin_dir(void);

/* Read a whole file (at most `max` bytes, AF_E2BIG beyond); gzip input
 * (by magic bytes) is inflated, bounded by the same limit.  *out is
 * malloc'd and NUL-terminated. */
int af__read_file(const char *path, size_t max, char **out, size_t *len);
/* The same, with what went wrong in err (a truncated or corrupt gzip file,
 * a file over the limit), for callers that name the file in a message. */
int af__read_file_err(const char *path, size_t max, char **out, size_t *len,
                      char *err, size_t errlen);

#endif /* AF_PATHS_H */
