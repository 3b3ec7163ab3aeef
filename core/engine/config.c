/* Configuration files (inih) and command-line pipelines, checked against
 * the plugins' declared schemas. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <auditfeed/array.h>

#include <ini.h>

/* inih as Debian builds it reports no line numbers to the handler and cuts
 * lines at 200 bytes.  Our reader counts lines and refuses long ones, so
 * every message can still say file:line. */
#define CFG_MAX_LINE 200

typedef struct parse_ctx {
  af__config *cfg;
  FILE *f;
  const char *path;
  int line;
  char *err;
  size_t errlen;
  int failed;
  int header_line; /* the line of the last [section] header read */
  int headers;     /* headers read so far; a repeated name is still new */
  int cur_header;
  af__cfg_section *cur;
  char cur_name[256];
} parse_ctx;

static char *cfg_reader(char *str, int num, void *stream) {
  parse_ctx *pc = stream;
  char *r = fgets(str, num, pc->f);
  if (!r)
    return NULL;
  pc->line++;
  const char *t = str;
  while (*t == ' ' || *t == '\t')
    t++;
  if (*t == '[') {
    pc->header_line = pc->line;
    pc->headers++;
  }
  size_t n = strlen(str);
  if (n == (size_t)num - 1 && str[n - 1] != '\n' && !feof(pc->f)) {
    if (!pc->failed)
      snprintf(pc->err, pc->errlen,
               "%s:%d: line longer than %d characters (split a list over "
               "several 'key = value' lines)",
               pc->path, pc->line, CFG_MAX_LINE - 1);
    pc->failed = 1;
    int c;
    while ((c = fgetc(pc->f)) != EOF && c != '\n')
      ;
    str[0] = '\n';
    str[1] = '\0';
  }
  return r;
}

static af__cfg_section *add_section(af__config *cfg, int kind, const char *name,
                                   const char *plugin, const char *file,
                                   int line) {
  if (af_grow(&cfg->sec, &cfg->cap, cfg->n, sizeof(*cfg->sec), 8))
    return NULL;
  af__cfg_section *s = &cfg->sec[cfg->n];
  memset(s, 0, sizeof(*s));
  s->kind = kind;
  s->line = line;
  s->name = strdup(name);
  s->file = strdup(file);
  s->plugin = plugin ? strdup(plugin) : NULL;
  if (!s->name || !s->file || (plugin && !s->plugin)) {
    free(s->name);
    free(s->file);
    free(s->plugin);
    return NULL;
  }
  cfg->n++;
  return s;
}

static int add_value(af__cfg_section *s, const char *key, const char *value,
                     int line) {
  if (af_grow(&s->v, &s->cap, s->n, sizeof(*s->v), 8))
    return AF_ENOMEM;
  af__cfg_value *v = &s->v[s->n];
  v->key = strdup(key);
  v->value = strdup(value);
  v->line = line;
  v->used = 0;
  if (!v->key || !v->value) {
    free(v->key);
    free(v->value);
    return AF_ENOMEM;
  }
  s->n++;
  return 0;
}

static int valid_name(const char *s) {
  if (!*s)
    return 0;
  for (; *s; s++)
    if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.')
      return 0;
  return 1;
}

/* Sections are "core", "source NAME" or "sink NAME". */
static int open_section(parse_ctx *pc, const char *section) {
  char kindw[32], name[200], extra[8];
  int kind;
  int n = sscanf(section, "%31s %199s %7s", kindw, name, extra);

  if (n == 1 && (strcmp(kindw, "core") == 0 || strcmp(kindw, "service") == 0)) {
    af__cfg_section *o = af__config_core(pc->cfg);
    if (o) {
      /* Two [core] sections would merge silently, the later value of a
       * key hiding the earlier: say so instead. */
      snprintf(pc->err, pc->errlen, "%s:%d: [%s] given twice (first at %s:%d)",
               pc->path, pc->header_line, kindw, o->file, o->line);
      return AF_ECONFIG;
    }
    pc->cur = add_section(pc->cfg, AF_SEC_CORE, "core", NULL, pc->path,
                          pc->header_line);
    return pc->cur ? 0 : AF_ENOMEM;
  }
  if (n == 2 && strcmp(kindw, "source") == 0)
    kind = AF_SEC_SOURCE;
  else if (n == 2 && strcmp(kindw, "sink") == 0)
    kind = AF_SEC_SINK;
  else {
    snprintf(pc->err, pc->errlen,
             "%s:%d: bad section [%s] (expected [core], [source NAME] or "
             "[sink NAME])",
             pc->path, pc->header_line, section);
    return AF_ECONFIG;
  }
  if (!valid_name(name)) {
    snprintf(pc->err, pc->errlen,
             "%s:%d: bad instance name '%s' (letters, digits, '-', '_', '.')",
             pc->path, pc->header_line, name);
    return AF_ECONFIG;
  }
  for (size_t i = 0; i < pc->cfg->n; i++) {
    af__cfg_section *o = &pc->cfg->sec[i];
    if (o->kind != AF_SEC_CORE && strcmp(o->name, name) == 0) {
      snprintf(pc->err, pc->errlen,
               "%s:%d: instance name '%s' already used at %s:%d (each "
               "[source NAME] and [sink NAME] once)", pc->path,
               pc->header_line, name, o->file, o->line);
      return AF_ECONFIG;
    }
  }
  pc->cur = add_section(pc->cfg, kind, name, NULL, pc->path, pc->header_line);
  return pc->cur ? 0 : AF_ENOMEM;
}

static int cfg_handler(void *user, const char *section, const char *name,
                       const char *value) {
  parse_ctx *pc = user;
  int rc;

  if (pc->failed)
    return 0;
  if (!pc->cur || strcmp(section, pc->cur_name) != 0 ||
      pc->cur_header != pc->headers) {
    pc->cur_header = pc->headers;
    snprintf(pc->cur_name, sizeof(pc->cur_name), "%s", section);
    if (!*section) {
      snprintf(pc->err, pc->errlen,
               "%s:%d: key '%s' outside any section (start with [core], "
               "[source NAME] or [sink NAME])",
               pc->path, pc->line, name);
      pc->failed = 1;
      return 0;
    }
    rc = open_section(pc, section);
    if (rc) {
      if (rc == AF_ENOMEM)
        snprintf(pc->err, pc->errlen, "out of memory");
      pc->failed = 1;
      return 0;
    }
  }
  if (strcmp(name, "plugin") == 0 && pc->cur->kind != AF_SEC_CORE) {
    free(pc->cur->plugin);
    pc->cur->plugin = strdup(value);
    if (!pc->cur->plugin) {
      pc->failed = 1;
      snprintf(pc->err, pc->errlen, "out of memory");
    }
    return 1;
  }
  if (add_value(pc->cur, name, value, pc->line)) {
    pc->failed = 1;
    snprintf(pc->err, pc->errlen, "out of memory");
  }
  return 1;
}

int af__config_load(af__config *cfg, const char *path, char *err, size_t errlen) {
  parse_ctx pc = {.cfg = cfg, .path = path, .err = err, .errlen = errlen};

  pc.f = fopen(path, "r");
  if (!pc.f) {
    snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
    return AF_ECONFIG;
  }
  int rc = ini_parse_stream(cfg_reader, &pc, cfg_handler, &pc);
  fclose(pc.f);
  if (pc.failed)
    return AF_ECONFIG;
  if (rc > 0) {
    snprintf(err, errlen,
             "%s:%d: cannot parse this line (expected 'key = value', "
             "'[source NAME]' or a comment starting with '#' or ';')",
             path, rc);
    return AF_ECONFIG;
  }
  if (rc < 0) {
    snprintf(err, errlen, "%s: read error", path);
    return AF_ECONFIG;
  }
  for (size_t i = 0; i < cfg->n; i++) {
    af__cfg_section *s = &cfg->sec[i];
    if (s->kind != AF_SEC_CORE && !s->plugin) {
      snprintf(err, errlen,
               "%s:%d: [%s %s] has no 'plugin = NAME' (see auditfeed plugins)",
               s->file, s->line, s->kind == AF_SEC_SOURCE ? "source" : "sink",
               s->name);
      return AF_ECONFIG;
    }
  }
  return 0;
}

int af__config_add_cli(af__config *cfg, int kind, const char *plugin, char *err,
                      size_t errlen) {
  char name[128];
  int suffix = 1;

  snprintf(name, sizeof(name), "%s", plugin);
  for (size_t i = 0; i < cfg->n; i++) {
    if (strcmp(cfg->sec[i].name, name) == 0) {
      snprintf(name, sizeof(name), "%s.%d", plugin, ++suffix);
      i = (size_t)-1; /* rescan for the new name */
    }
  }
  if (!valid_name(plugin)) {
    snprintf(err, errlen, "command line: bad plugin name '%s'", plugin);
    return AF_ECONFIG;
  }
  if (!add_section(cfg, kind, name, plugin, "command line", cfg->cli_pos)) {
    snprintf(err, errlen, "out of memory");
    return AF_ENOMEM;
  }
  return 0;
}

int af__config_add_cli_param(af__config *cfg, const char *kv, char *err,
                            size_t errlen) {
  const char *eq = strchr(kv, '=');
  af__cfg_section *s = NULL;

  for (size_t i = cfg->n; i-- > 0;)
    if (cfg->sec[i].kind != AF_SEC_CORE && strcmp(cfg->sec[i].file, "command line") == 0) {
      s = &cfg->sec[i];
      break;
    }
  if (!s) {
    snprintf(err, errlen, "command line: -p %s comes before any -i or -o", kv);
    return AF_ECONFIG;
  }
  if (!eq || eq == kv) {
    snprintf(err, errlen, "command line: -p %s: expected key=value", kv);
    return AF_ECONFIG;
  }
  char key[128];
  size_t kn = (size_t)(eq - kv);
  if (kn >= sizeof(key)) {
    snprintf(err, errlen, "command line: -p %s: key too long", kv);
    return AF_ECONFIG;
  }
  memcpy(key, kv, kn);
  key[kn] = '\0';
  if (add_value(s, key, eq + 1, cfg->cli_pos)) {
    snprintf(err, errlen, "out of memory");
    return AF_ENOMEM;
  }
  return 0;
}

void af__config_free(af__config *cfg) {
  if (!cfg)
    return;
  for (size_t i = 0; i < cfg->n; i++) {
    af__cfg_section *s = &cfg->sec[i];
    for (size_t j = 0; j < s->n; j++) {
      free(s->v[j].key);
      free(s->v[j].value);
    }
    free(s->v);
    free(s->name);
    free(s->plugin);
    free(s->file);
  }
  free(cfg->sec);
  memset(cfg, 0, sizeof(*cfg));
}

af__cfg_section *af__config_core(af__config *cfg) {
  for (size_t i = 0; i < cfg->n; i++)
    if (cfg->sec[i].kind == AF_SEC_CORE)
      return &cfg->sec[i];
  return NULL;
}

const af__cfg_value *af__cfg_find(const af__cfg_section *s, const char *key) {
  if (!s)
    return NULL;
  for (size_t i = s->n; i-- > 0;) /* the last one wins */
    if (strcmp(s->v[i].key, key) == 0)
      return &s->v[i];
  return NULL;
}

const char *af__cfg_get(const af__cfg_section *s, const char *key, size_t idx) {
  if (!s)
    return NULL;
  for (size_t i = 0; i < s->n; i++)
    if (strcmp(s->v[i].key, key) == 0 && idx-- == 0)
      return s->v[i].value;
  return NULL;
}

int af__parse_bool(const char *v, int *out) {
  static const char *const yes[] = {"true", "yes", "on", "1"};
  static const char *const no[] = {"false", "no", "off", "0"};
  for (int i = 0; i < 4; i++) {
    if (strcasecmp(v, yes[i]) == 0) {
      *out = 1;
      return 0;
    }
    if (strcasecmp(v, no[i]) == 0) {
      *out = 0;
      return 0;
    }
  }
  return AF_EINVAL;
}

/* "250ms", "2s", "1.5s", "5m", "1h", "2d", or bare milliseconds. */
int af__parse_msec(const char *v, long *out) {
  char *end;
  errno = 0;
  double x = strtod(v, &end);
  if (end == v || errno || x < 0)
    return AF_EINVAL;
  while (*end == ' ')
    end++;
  double mult;
  if (!*end || strcmp(end, "ms") == 0)
    mult = 1;
  else if (strcmp(end, "s") == 0)
    mult = 1000;
  else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
    mult = 60000;
  else if (strcmp(end, "h") == 0)
    mult = 3600000;
  else if (strcmp(end, "d") == 0)
    mult = 86400000;
  else
    return AF_EINVAL;
  /* (double)LONG_MAX rounds up to 2^63, which no long holds; the negated
   * test also turns away the NaN that strtod accepts as "nan". */
  double ms = x * mult;
  if (!(ms < (double)LONG_MAX))
    return AF_EINVAL;
  *out = (long)ms;
  return 0;
}

/* "512", "64k", "10M", "1G" (powers of 1024; a trailing B is allowed). */
int af__parse_size(const char *v, size_t *out) {
  char *end;
  errno = 0;
  unsigned long long x = strtoull(v, &end, 10);
  if (end == v || errno || *v == '-')
    return AF_EINVAL;
  unsigned long long mult = 1;
  switch (toupper((unsigned char)*end)) {
  case '\0': break;
  case 'K': mult = 1ull << 10; end++; break;
  case 'M': mult = 1ull << 20; end++; break;
  case 'G': mult = 1ull << 30; end++; break;
  default: return AF_EINVAL;
  }
  if (toupper((unsigned char)*end) == 'B')
    end++;
  if (*end || x > SIZE_MAX / mult)
    return AF_EINVAL;
  *out = (size_t)(x * mult);
  return 0;
}

static const char *type_name(int t) {
  switch (t) {
  case AF_OPT_STR: return "a string";
  case AF_OPT_INT: return "an integer";
  case AF_OPT_BOOL: return "true or false";
  case AF_OPT_MSEC: return "a duration such as 500ms, 30s or 5m";
  case AF_OPT_SIZE: return "a size such as 512k or 10M";
  case AF_OPT_LIST: return "a list (repeat the key)";
  default: return "a value";
  }
}

static int store(const af_opt *o, const char *v, void *ctx) {
  char *dst = (char *)ctx + o->offset;
  switch (o->type) {
  case AF_OPT_STR:
    memcpy(dst, &v, sizeof(v));
    return 0;
  case AF_OPT_INT: {
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (end == v || *end || errno)
      return AF_EINVAL;
    memcpy(dst, &x, sizeof(x));
    return 0;
  }
  case AF_OPT_BOOL: {
    int b;
    if (af__parse_bool(v, &b))
      return AF_EINVAL;
    memcpy(dst, &b, sizeof(b));
    return 0;
  }
  case AF_OPT_MSEC: {
    long ms;
    if (af__parse_msec(v, &ms))
      return AF_EINVAL;
    memcpy(dst, &ms, sizeof(ms));
    return 0;
  }
  case AF_OPT_SIZE: {
    size_t sz;
    if (af__parse_size(v, &sz))
      return AF_EINVAL;
    memcpy(dst, &sz, sizeof(sz));
    return 0;
  }
  default:
    return AF_EINVAL;
  }
}

static size_t edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  size_t row[64];
  if (la >= 63 || lb >= 63)
    return 99;
  for (size_t j = 0; j <= lb; j++)
    row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t prev = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t cur = row[j];
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t best = prev + cost;
      if (row[j] + 1 < best)
        best = row[j] + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      row[j] = best;
      prev = cur;
    }
  }
  return row[lb];
}

/* "[core]", "[sink db]", or "[db]" for a command-line instance. */
static const char *section_label(const af__cfg_section *s, char *buf, size_t n) {
  if (s->kind == AF_SEC_CORE)
    snprintf(buf, n, "[core]");
  else
    snprintf(buf, n, "[%s %s]", s->kind == AF_SEC_SOURCE ? "source" : "sink",
             s->name);
  return buf;
}

/* "line 4", or "argument 4" on the command line. */
static void at_line(const af__cfg_section *s, int line, char *buf, size_t n) {
  snprintf(buf, n, "%s %d",
           strcmp(s->file, "command line") == 0 ? "argument" : "line", line);
}

static int in_schema(const af_opt *opts, const char *key) {
  for (const af_opt *o = opts; o && o->key; o++)
    if (strcmp(o->key, key) == 0)
      return 1;
  return 0;
}

/* The one message for a key no schema claims; `best` is the hint. */
static void unknown_key_message(const af__cfg_section *s, const af__cfg_value *v,
                                const char *best, char *err, size_t errlen) {
  char hint[160];
  if (best)
    snprintf(hint, sizeof(hint), " (did you mean '%s'?)", best);
  else
    snprintf(hint, sizeof(hint), " (see: auditfeed plugins)");
  if (s->kind == AF_SEC_CORE)
    snprintf(err, errlen, "%s:%d: unknown key '%s' in [core]%s", s->file,
             v->line, v->key, hint);
  else
    snprintf(err, errlen, "%s:%d: unknown key '%s' for plugin '%s' in [%s %s]%s",
             s->file, v->line, v->key, s->plugin,
             s->kind == AF_SEC_SOURCE ? "source" : "sink", s->name, hint);
}

int af__config_apply_opts(af__cfg_section *s, const af_opt *opts, void *ctx,
                         af__opt_lists *lists, char *err, size_t errlen) {
  if (!opts)
    return 0;
  for (const af_opt *o = opts; o->key; o++) {
    if (o->type == AF_OPT_LIST) {
      size_t n = 0;
      for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i].key, o->key) == 0)
          n++;
      if (n == 0 && o->dflt)
        n = 1;
      if (n == 0 && o->required)
        goto missing;
      if (lists->n == sizeof(lists->ptrs) / sizeof(lists->ptrs[0])) {
        snprintf(err, errlen, "%s:%d: too many list options", s->file, s->line);
        return AF_ECONFIG;
      }
      const char **v = calloc(n + 1, sizeof(char *));
      if (!v)
        return AF_ENOMEM;
      lists->ptrs[lists->n++] = v;
      size_t k = 0;
      for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i].key, o->key) == 0) {
          v[k++] = s->v[i].value;
          s->v[i].used = 1;
        }
      if (k == 0 && o->dflt)
        v[k++] = o->dflt;
      af_strlist l = {.v = v, .n = k};
      memcpy((char *)ctx + o->offset, &l, sizeof(l));
      continue;
    }
    af__cfg_value *found = NULL;
    for (size_t i = 0; i < s->n; i++) {
      if (strcmp(s->v[i].key, o->key) != 0)
        continue;
      if (found) {
        /* A second value for a one-value key is a mistake more often than
         * an override (a copied block, a forgotten line). */
        char where[64], label[160];
        at_line(s, found->line, where, sizeof(where));
        snprintf(err, errlen, "%s:%d: '%s' given twice in %s (first at %s); it "
                 "takes one value", s->file, s->v[i].line, o->key,
                 section_label(s, label, sizeof(label)), where);
        return AF_ECONFIG;
      }
      found = &s->v[i];
    }
    const char *v = found ? found->value : o->dflt;
    if (!v) {
      if (o->required)
        goto missing;
      continue;
    }
    if (store(o, v, ctx)) {
      if (found)
        snprintf(err, errlen, "%s:%d: %s = %s: expected %s", s->file,
                 found->line, o->key, v, type_name(o->type));
      else
        snprintf(err, errlen, "built-in default %s = %s is not %s", o->key, v,
                 type_name(o->type));
      return AF_ECONFIG;
    }
    for (size_t i = 0; i < s->n; i++)
      if (strcmp(s->v[i].key, o->key) == 0)
        s->v[i].used = 1;
    continue;
  missing:
    /* Missing, but a key near its name is there: that is the typo. */
    for (size_t i = 0; i < s->n; i++) {
      if (s->v[i].used || in_schema(opts, s->v[i].key) ||
          edit_distance(s->v[i].key, o->key) > 2)
        continue;
      unknown_key_message(s, &s->v[i], o->key, err, errlen);
      return AF_ECONFIG;
    }
    snprintf(err, errlen,
             "%s:%d: [%s] (plugin %s) needs '%s' (%s)%s%s", s->file, s->line,
             s->name, s->plugin ? s->plugin : "core", o->key,
             o->help ? o->help : type_name(o->type),
             strcmp(s->file, "command line") == 0 ? "; add -p " : "",
             strcmp(s->file, "command line") == 0 ? o->key : "");
    return AF_ECONFIG;
  }
  return 0;
}

void af__opt_lists_free(af__opt_lists *lists) {
  for (size_t i = 0; i < lists->n; i++)
    free(lists->ptrs[i]);
  lists->n = 0;
}

int af__config_check_unused(const af__cfg_section *s, const af_opt *const *schemas,
                           size_t n_schemas, char *err, size_t errlen) {
  for (size_t i = 0; i < s->n; i++) {
    if (s->v[i].used)
      continue;
    const char *best = NULL;
    size_t best_d = 3;
    for (size_t k = 0; k < n_schemas; k++)
      for (const af_opt *o = schemas[k]; o && o->key; o++) {
        size_t d = edit_distance(s->v[i].key, o->key);
        if (d < best_d) {
          best_d = d;
          best = o->key;
        }
      }
    unknown_key_message(s, &s->v[i], best, err, errlen);
    return AF_ECONFIG;
  }
  return 0;
}

int af__config_check_bounds(const af__cfg_section *s, const af_opt *opts,
                            const af__int_bound *bounds, const void *ctx,
                            char *err, size_t errlen) {
  for (const af__int_bound *b = bounds; b && b->key; b++) {
    const af_opt *o = opts;
    while (o->key && strcmp(o->key, b->key) != 0)
      o++;
    if (!o->key || o->type != AF_OPT_INT)
      continue; /* a bound for a key the schema lacks: nothing to check */
    long x;
    memcpy(&x, (const char *)ctx + o->offset, sizeof(x));
    if (x >= b->min && x <= b->max)
      continue;
    const af__cfg_value *v = af__cfg_find(s, b->key);
    if (b->max == LONG_MAX)
      snprintf(err, errlen, "%s:%d: %s = %ld: expected %ld or more%s%s", s->file,
               v ? v->line : s->line, b->key, x, b->min, b->why ? " " : "",
               b->why ? b->why : "");
    else
      snprintf(err, errlen, "%s:%d: %s = %ld: expected %ld to %ld%s%s", s->file,
               v ? v->line : s->line, b->key, x, b->min, b->max,
               b->why ? " " : "", b->why ? b->why : "");
    return AF_ECONFIG;
  }
  return 0;
}
