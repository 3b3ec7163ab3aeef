/* The plugin loader: dlopen every .so in a directory, call its one entry
 * symbol with the host table, and keep the descriptors that pass the ABI
 * checks.  A refused plugin is logged with its file and reason and never
 * crashes the core.
 *
 * Ownership: the registry owns the handles (closed only at exit: a plugin
 * may have left callbacks registered in shared libraries) and the copies
 * of the descriptors.
 */
#ifndef AF_LOADER_H
#define AF_LOADER_H

#include <stddef.h>

#include <auditfeed/plugin.h>

typedef struct af__module {
  char *path;
  void *handle;
  af_plugin desc; /* copied: at most the plugin's size, zero-filled beyond */
} af__module;

typedef struct af__registry {
  af__module *v;
  size_t n, cap;
  int refused; /* plugins refused during scans */
} af__registry;

/* Load every *.so in `dir`.  Returns the number loaded, or AF_E* when the
 * directory itself is unusable (missing, world-writable).  Each refused
 * file is logged and counted in reg->refused. */
int af__registry_scan(af__registry *reg, const char *dir, const af_api *api,
                     char *err, size_t errlen);
/* Load only the plugins a pipeline names, each from DIR/af_NAME.so (the
 * bundled plugins' file names), so a run does not map the libraries of
 * plugins it never uses (poppler for the nao source, libpq for postgres).
 * Returns 1 when every name was found that way, 0 when one was not (the
 * caller then scans the whole directory), or AF_E* for an unusable
 * directory or a named file that was refused (logged, counted). */
int af__registry_load_named(af__registry *reg, const char *dir,
                           const char *const *names, size_t n,
                           const af_api *api, char *err, size_t errlen);
/* Load one file; on refusal returns AF_E* with "file: reason" in err. */
int af__registry_load(af__registry *reg, const char *path, const af_api *api,
                     char *err, size_t errlen);
/* Register a plugin compiled into the core (path "(built-in)"). */
int af__registry_add_builtin(af__registry *reg, const af_plugin *desc);
const af__module *af__registry_find(const af__registry *reg, const char *name);
void af__registry_free(af__registry *reg);

/* Check a descriptor's declared options: keys, types, defaults, offsets
 * inside ctx_size.  0 or AF_EPLUGIN with the first problem in err. */
int af__plugin_check_opts(const af_plugin *p, char *err, size_t errlen);

#endif /* AF_LOADER_H */
