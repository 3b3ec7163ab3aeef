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

typedef struct af_module {
  char *path;
  void *handle;
  af_plugin desc; /* copied: at most the plugin's size, zero-filled beyond */
} af_module;

typedef struct af_registry {
  af_module *v;
  size_t n, cap;
  int refused; /* plugins refused during scans */
} af_registry;

/* Load every *.so in `dir`.  Returns the number loaded, or AF_E* when the
 * directory itself is unusable (missing, world-writable).  Each refused
 * file is logged and counted in reg->refused. */
int af_registry_scan(af_registry *reg, const char *dir, const af_api *api,
                     char *err, size_t errlen);
/* Load one file; on refusal returns AF_E* with "file: reason" in err. */
int af_registry_load(af_registry *reg, const char *path, const af_api *api,
                     char *err, size_t errlen);
/* Register a plugin compiled into the core (path "(built-in)"). */
int af_registry_add_builtin(af_registry *reg, const af_plugin *desc);
const af_module *af_registry_find(const af_registry *reg, const char *name);
void af_registry_free(af_registry *reg);

/* Check a descriptor's declared options: keys, types, defaults, offsets
 * inside ctx_size.  0 or AF_EPLUGIN with the first problem in err. */
int af_plugin_check_opts(const af_plugin *p, char *err, size_t errlen);

#endif /* AF_LOADER_H */
