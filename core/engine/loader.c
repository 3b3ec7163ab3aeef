/* Plugin loading with the checks of the ABI contract (include/auditfeed/
 * plugin.h): one entry symbol, major equal, minor not newer than ours, a
 * size we can read, a unique name, the callbacks its kind needs, and no
 * file anyone could have replaced. */
#include "loader.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <auditfeed/array.h>

#include "config.h"
#include "log.h"

/* The part of af_plugin every 1.x plugin must have. */
/* Every member of ABI 2.0's descriptor. */
#define AF_PLUGIN_MIN_SIZE (offsetof(af_plugin, check) + sizeof(void (*)(void)))

static int world_writable(const char *path, char *err, size_t errlen,
                          const char *what) {
  struct stat st;
  if (stat(path, &st) != 0) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return -errno;
  }
  if (st.st_mode & S_IWOTH) {
    snprintf(err, errlen,
             "%s: refusing a world-writable %s (anyone could replace the code "
             "it loads; chmod o-w %s)",
             path, what, path);
    return AF_EACCES;
  }
  return 0;
}

static int valid_plugin_name(const char *s) {
  if (!s || !*s || strlen(s) > 64)
    return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
          *s == '-'))
      return 0;
  return 1;
}

int af__plugin_check_opts(const af_plugin *p, char *err, size_t errlen) {
  if (!p->opts)
    return 0;
  for (const af_opt *o = p->opts; o->key; o++) {
    size_t width;
    switch (o->type) {
    case AF_OPT_STR: width = sizeof(const char *); break;
    case AF_OPT_INT: width = sizeof(long); break;
    case AF_OPT_BOOL: width = sizeof(int); break;
    case AF_OPT_MSEC: width = sizeof(long); break;
    case AF_OPT_SIZE: width = sizeof(size_t); break;
    case AF_OPT_LIST: width = sizeof(af_strlist); break;
    default:
      snprintf(err, errlen, "option '%s' has unknown type %d", o->key, o->type);
      return AF_EPLUGIN;
    }
    if (!*o->key || strcmp(o->key, "plugin") == 0) {
      snprintf(err, errlen, "option name '%s' is reserved or empty", o->key);
      return AF_EPLUGIN;
    }
    if (o->offset + width > p->ctx_size) {
      snprintf(err, errlen,
               "option '%s' is stored at offset %zu (+%zu bytes) outside the "
               "%zu-byte context",
               o->key, o->offset, width, p->ctx_size);
      return AF_EPLUGIN;
    }
    for (const af_opt *q = p->opts; q != o; q++)
      if (strcmp(q->key, o->key) == 0) {
        snprintf(err, errlen, "option '%s' is declared twice", o->key);
        return AF_EPLUGIN;
      }
    if (o->dflt && o->type != AF_OPT_STR && o->type != AF_OPT_LIST) {
      int ok = 1;
      long l;
      size_t z;
      int b;
      char *end;
      if (o->type == AF_OPT_INT) {
        strtol(o->dflt, &end, 10);
        ok = end != o->dflt && !*end;
      } else if (o->type == AF_OPT_BOOL)
        ok = af__parse_bool(o->dflt, &b) == 0;
      else if (o->type == AF_OPT_MSEC)
        ok = af__parse_msec(o->dflt, &l) == 0;
      else if (o->type == AF_OPT_SIZE)
        ok = af__parse_size(o->dflt, &z) == 0;
      if (!ok) {
        snprintf(err, errlen, "option '%s' has a default '%s' of the wrong type",
                 o->key, o->dflt);
        return AF_EPLUGIN;
      }
    }
  }
  return 0;
}

static int check_descriptor(const af_plugin *d, const char *path, char *err,
                            size_t errlen) {
  if (!d) {
    snprintf(err, errlen, "%s: " AF_PLUGIN_ENTRY "() returned no descriptor", path);
    return AF_EPLUGIN;
  }
  if (d->abi_major < AF_ABI_MAJOR) {
    snprintf(err, errlen,
             "%s: plugin built for ABI %u.%u, which this core (ABI %d.%d) no "
             "longer loads: records are reached through pointers since 2.0 "
             "(rebuild the plugin against the installed headers)",
             path, d->abi_major, d->abi_minor, AF_ABI_MAJOR, AF_ABI_MINOR);
    return AF_EABI;
  }
  if (d->abi_major != AF_ABI_MAJOR || d->abi_minor > AF_ABI_MINOR) {
    snprintf(err, errlen,
             "%s: plugin ABI %u.%u is not compatible with this core's ABI "
             "%d.%d (rebuild the plugin against the installed headers)",
             path, d->abi_major, d->abi_minor, AF_ABI_MAJOR, AF_ABI_MINOR);
    return AF_EABI;
  }
  if (d->size < AF_PLUGIN_MIN_SIZE) {
    snprintf(err, errlen, "%s: descriptor size %zu is smaller than ABI %d.0 requires (%zu)",
             path, d->size, AF_ABI_MAJOR, AF_PLUGIN_MIN_SIZE);
    return AF_EABI;
  }
  /* No ABI up to ours has a descriptor larger than ours: a bigger size is
   * a lie (built against other headers), and trusting it would let the
   * core read members the plugin never had. */
  if (d->size > sizeof(af_plugin)) {
    snprintf(err, errlen, "%s: descriptor size %zu is larger than ABI %u.%u defines (%zu)",
             path, d->size, d->abi_major, d->abi_minor, sizeof(af_plugin));
    return AF_EABI;
  }
  if (!valid_plugin_name(d->name)) {
    snprintf(err, errlen, "%s: bad plugin name '%s' (use [a-z0-9_-]+)", path,
             d->name ? d->name : "(null)");
    return AF_EPLUGIN;
  }
  if (d->kind != AF_KIND_SOURCE && d->kind != AF_KIND_SINK) {
    snprintf(err, errlen, "%s: plugin '%s' has unknown kind %d", path, d->name,
             d->kind);
    return AF_EPLUGIN;
  }
  if (d->kind == AF_KIND_SINK && !d->write) {
    snprintf(err, errlen, "%s: sink plugin '%s' has no write callback", path,
             d->name);
    return AF_EPLUGIN;
  }
  if (d->kind == AF_KIND_SOURCE && !d->start) {
    snprintf(err, errlen, "%s: source plugin '%s' has no start callback", path,
             d->name);
    return AF_EPLUGIN;
  }
  char why[256];
  if (af__plugin_check_opts(d, why, sizeof(why))) {
    snprintf(err, errlen, "%s: plugin '%s': %s", path, d->name, why);
    return AF_EPLUGIN;
  }
  return 0;
}

int af__registry_load(af__registry *reg, const char *path, const af_api *api,
                     char *err, size_t errlen) {
  int rc = world_writable(path, err, errlen, "plugin file");
  if (rc)
    return rc;
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    snprintf(err, errlen,
             "%s: cannot load: %s (a missing dependency? check with ldd)", path,
             dlerror());
    return AF_EPLUGIN;
  }
  af_plugin_entry_fn entry;
  void *sym = dlsym(h, AF_PLUGIN_ENTRY);
  if (!sym) {
    snprintf(err, errlen,
             "%s: no '" AF_PLUGIN_ENTRY "' symbol: not an auditfeed plugin "
             "(declare it with AF_PLUGIN(descriptor))",
             path);
    dlclose(h);
    return AF_EPLUGIN;
  }
  memcpy(&entry, &sym, sizeof(entry)); /* object-to-function pointer, as POSIX allows */
  const af_plugin *d = entry(api);
  rc = check_descriptor(d, path, err, errlen);
  if (rc) {
    dlclose(h);
    return rc;
  }
  const af__module *dup = af__registry_find(reg, d->name);
  if (dup) {
    snprintf(err, errlen, "%s: a plugin named '%s' is already loaded from %s",
             path, d->name, dup->path);
    dlclose(h);
    return AF_EEXIST;
  }
  if (af_grow(&reg->v, &reg->cap, reg->n, sizeof(*reg->v), 8)) {
    dlclose(h);
    return AF_ENOMEM;
  }
  af__module *m = &reg->v[reg->n];
  memset(m, 0, sizeof(*m));
  m->path = strdup(path);
  if (!m->path) {
    dlclose(h);
    return AF_ENOMEM;
  }
  m->handle = h;
  /* Never read past what the plugin declared it has. */
  memcpy(&m->desc, d, d->size < sizeof(af_plugin) ? d->size : sizeof(af_plugin));
  reg->n++;
  return 0;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int af__registry_scan(af__registry *reg, const char *dir, const af_api *api,
                     char *err, size_t errlen) {
  int rc = world_writable(dir, err, errlen, "plugin directory");
  if (rc)
    return rc;
  DIR *d = opendir(dir);
  if (!d) {
    snprintf(err, errlen, "%s: cannot open plugin directory: %s", dir,
             strerror(errno));
    return -errno;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t len = strlen(e->d_name);
    if (len < 4 || strcmp(e->d_name + len - 3, ".so") != 0 || e->d_name[0] == '.')
      continue;
    if (af_grow(&names, &cap, n, sizeof(*names), 16))
      break;
    names[n] = strdup(e->d_name);
    if (names[n])
      n++;
  }
  closedir(d);
  /* Sorted, so which of two same-named plugins wins does not depend on the
   * filesystem's order. */
  if (n)
    qsort(names, n, sizeof(char *), cmp_names);
  int loaded = 0;
  for (size_t i = 0; i < n; i++) {
    char path[4096], why[1024];
    snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
    if (af__registry_load(reg, path, api, why, sizeof(why)) == 0) {
      loaded++;
      af__log_debug("loader", "plugin_loaded", "file=%s name=%s", path,
                   reg->v[reg->n - 1].desc.name);
    } else {
      reg->refused++;
      af__log_error("loader", "plugin_refused", "file=%s error=\"%s\"", path, why);
    }
    free(names[i]);
  }
  free(names);
  return loaded;
}

int af__registry_load_named(af__registry *reg, const char *dir,
                           const char *const *names, size_t n,
                           const af_api *api, char *err, size_t errlen) {
  int rc = world_writable(dir, err, errlen, "plugin directory");
  if (rc)
    return rc;
  for (size_t i = 0; i < n; i++) {
    char path[4096], why[1024];
    if (af__registry_find(reg, names[i]))
      continue;
    if (!valid_plugin_name(names[i]))
      return 0;
    snprintf(path, sizeof(path), "%s/af_%s.so", dir, names[i]);
    if (access(path, F_OK) != 0)
      return 0;
    rc = af__registry_load(reg, path, api, why, sizeof(why));
    if (rc) {
      reg->refused++;
      af__log_error("loader", "plugin_refused", "file=%s error=\"%s\"", path, why);
      snprintf(err, errlen, "%s", why);
      return rc;
    }
    af__log_debug("loader", "plugin_loaded", "file=%s name=%s", path,
                  reg->v[reg->n - 1].desc.name);
    if (strcmp(reg->v[reg->n - 1].desc.name, names[i]) != 0)
      return 0; /* the file holds another plugin: only a scan can tell */
  }
  return 1;
}

int af__registry_add_builtin(af__registry *reg, const af_plugin *desc) {
  char err[256];
  if (check_descriptor(desc, "(built-in)", err, sizeof(err)) ||
      af__registry_find(reg, desc->name))
    return AF_EPLUGIN;
  if (af_grow(&reg->v, &reg->cap, reg->n, sizeof(*reg->v), 8))
    return AF_ENOMEM;
  af__module *m = &reg->v[reg->n];
  memset(m, 0, sizeof(*m));
  m->path = strdup("(built-in)");
  if (!m->path)
    return AF_ENOMEM;
  m->desc = *desc;
  reg->n++;
  return 0;
}

const af__module *af__registry_find(const af__registry *reg, const char *name) {
  for (size_t i = 0; i < reg->n; i++)
    if (strcmp(reg->v[i].desc.name, name) == 0)
      return &reg->v[i];
  return NULL;
}

void af__registry_free(af__registry *reg) {
  for (size_t i = 0; i < reg->n; i++) {
    /* Handles stay open: see loader.h. Sanitizer builds report them as
     * still reachable, not leaked. */
    free(reg->v[i].path);
  }
  free(reg->v);
  memset(reg, 0, sizeof(*reg));
}
