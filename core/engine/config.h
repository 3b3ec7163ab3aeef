/* Configuration: INI files ([core], [source NAME], [sink NAME]) read with
 * inih, or a pipeline given on the command line (-i/-o/-p), both into the
 * same af__config.  This module only records what was written and where;
 * keys are checked against each plugin's schema when instances are made
 * (af__config_apply_opts), so every error can name file:line.
 *
 * Ownership: an af__config owns all its strings; sections and values are
 * borrowed from it until af__config_free.
 */
#ifndef AF_CONFIG_H
#define AF_CONFIG_H

#include <stddef.h>

#include <auditfeed/plugin.h>

enum af__section_kind { AF_SEC_CORE = 0, AF_SEC_SOURCE = 1, AF_SEC_SINK = 2 };

typedef struct af__cfg_value {
  char *key, *value;
  int line;
  int used; /* set when some schema claimed it */
} af__cfg_value;

typedef struct af__cfg_section {
  int kind;
  char *name;   /* instance name; "core" for the core section */
  char *plugin; /* the plugin key, or NULL */
  char *file;   /* "sample.conf" or "command line" */
  int line;
  af__cfg_value *v;
  size_t n, cap;
} af__cfg_section;

typedef struct af__config {
  af__cfg_section *sec;
  size_t n, cap;
  int cli_pos; /* argument number of the flag being added, for messages */
} af__config;

/* Parse `path` into *cfg (which may already hold sections).  Syntax errors
 * go to err as "file:line: problem (hint)". */
int af__config_load(af__config *cfg, const char *path, char *err, size_t errlen);
/* -i PLUGIN / -o PLUGIN / -p key=value, Fluent Bit style.  argv points at
 * the first such flag; returns the number of argv entries consumed or an
 * AF_E* with err set. */
int af__config_add_cli(af__config *cfg, int kind, const char *plugin, char *err,
                      size_t errlen);
int af__config_add_cli_param(af__config *cfg, const char *kv, char *err,
                            size_t errlen);
void af__config_free(af__config *cfg);

af__cfg_section *af__config_core(af__config *cfg); /* NULL when absent */
const char *af__cfg_get(const af__cfg_section *s, const char *key, size_t idx);
const af__cfg_value *af__cfg_find(const af__cfg_section *s, const char *key);

/* Check and store every value of `s` that `opts` declares into `ctx`
 * (defaults first).  Lists are allocated into `lists` (freed by the
 * caller with af__opt_lists_free).  Values already claimed stay claimed;
 * a key that is not a list given twice is an error naming both lines.
 * Returns 0 or AF_ECONFIG with "file:line: problem" in err. */
typedef struct af__opt_lists {
  const char **ptrs[64];
  size_t n;
} af__opt_lists;
int af__config_apply_opts(af__cfg_section *s, const af_opt *opts, void *ctx,
                         af__opt_lists *lists, char *err, size_t errlen);
void af__opt_lists_free(af__opt_lists *lists);
/* After every schema had its say: the first unclaimed key is an error,
 * with the closest known key as a hint. */
int af__config_check_unused(const af__cfg_section *s, const af_opt *const *schemas,
                           size_t n_schemas, char *err, size_t errlen);

/* The range an integer key of a core schema accepts: the af_opt row
 * states only the type, and a negative queue or worker count parses as an
 * integer as well as any.  `why` (may be NULL) ends the message, e.g.
 * "(0: one per CPU)".  Arrays end with a NULL key. */
typedef struct af__int_bound {
  const char *key;
  long min, max;
  const char *why;
} af__int_bound;
/* After af__config_apply_opts(s, opts, ctx): the first value outside its
 * bound is AF_ECONFIG with "file:line: key = value: expected ..." in err. */
int af__config_check_bounds(const af__cfg_section *s, const af_opt *opts,
                            const af__int_bound *bounds, const void *ctx,
                            char *err, size_t errlen);

/* Value parsers shared with the rest of the core. */
int af__parse_bool(const char *v, int *out);
int af__parse_msec(const char *v, long *out);
int af__parse_size(const char *v, size_t *out);

#endif /* AF_CONFIG_H */
