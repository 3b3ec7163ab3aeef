/* `auditfeed plugins`: list what the plugin directory offers, or run the
 * conformance check on one plugin file (--check FILE.so). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "commands.h"
#include "conformance.h"
#include "engine.h"
#include "errors.h"
#include "loader.h"
#include "log.h"
#include "paths.h"

static const char *type_word(int t) {
  switch (t) {
  case AF_OPT_STR: return "string";
  case AF_OPT_INT: return "int";
  case AF_OPT_BOOL: return "bool";
  case AF_OPT_MSEC: return "duration";
  case AF_OPT_SIZE: return "size";
  case AF_OPT_LIST: return "list";
  default: return "?";
  }
}

static void print_opts(const af_opt *opts) {
  for (const af_opt *o = opts; o && o->key; o++)
    printf("    %-16s %-8s %-9s %s%s%s%s\n", o->key, type_word(o->type),
           o->required ? "required" : "", o->help ? o->help : "",
           o->dflt ? " [default: " : "", o->dflt ? o->dflt : "", o->dflt ? "]" : "");
  (void)0;
}

static void usage(FILE *f) {
  fprintf(f,
          "Usage: auditfeed plugins [--plugin-dir DIR]\n"
          "       auditfeed plugins --check FILE.so [-p key=value]...\n\n"
          "Lists every plugin in the plugin directory with its kind, version,\n"
          "ABI, description and configuration keys; or loads one plugin file\n"
          "and runs the conformance checks a plugin author needs (descriptor,\n"
          "declared keys, create/start/stop/destroy against a throwaway\n"
          "configuration and the bundled sample), printing pass/fail per check.\n");
}

int af__cmd_plugins(int argc, char **argv) {
  static const struct option opts[] = {
      {"plugin-dir", required_argument, NULL, 'P'},
      {"check", required_argument, NULL, 'C'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  const char *dir = NULL, *check = NULL;
  const char *params[32];
  size_t n_params = 0;
  int c;

  optind = 1;
  while ((c = getopt_long(argc, argv, "hp:", opts, NULL)) != -1) {
    switch (c) {
    case 'P': dir = optarg; break;
    case 'C': check = optarg; break;
    case 'p':
      if (n_params < 32)
        params[n_params++] = optarg;
      break;
    case 'h': usage(stdout); return 0;
    default: usage(stderr); return 2;
    }
  }
  if (check)
    return af__conformance_run(check, dir, params, n_params);

  af__registry reg = {0};
  char err[1024];
  if (!dir)
    dir = af__default_plugin_dir();
  af__log_set_level(AF_LOG_ERROR);
  af__builtin_register(&reg);
  int rc = af__registry_scan(&reg, dir, af__host_api(), err, sizeof(err));
  if (rc < 0) {
    fprintf(stderr, "auditfeed plugins: %s\n", err);
    af__registry_free(&reg);
    return 2;
  }
  printf("Plugins in %s (core ABI %d.%d):\n\n", dir, AF_ABI_MAJOR, AF_ABI_MINOR);
  for (size_t i = 0; i < reg.n; i++) {
    const af_plugin *p = &reg.v[i].desc;
    printf("%-10s %-6s %-8s ABI %u.%u  %s\n", p->name,
           p->kind == AF_KIND_SOURCE ? "source" : "sink",
           p->version ? p->version : "?", p->abi_major, p->abi_minor,
           p->summary ? p->summary : "");
    print_opts(p->opts);
    print_opts(p->kind == AF_KIND_SOURCE ? af__core_source_opts : af__core_sink_opts);
    if (p->kind == AF_KIND_SOURCE && !(p->flags & AF_PLUGIN_NO_FETCH))
      print_opts(af__http_limit_opts);
    printf("\n");
  }
  if (reg.refused)
    printf("%d plugin file(s) refused (see the log lines above)\n", reg.refused);
  int refused = reg.refused;
  af__registry_free(&reg);
  return refused ? 2 : 0;
}
