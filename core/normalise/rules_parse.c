/* Parsers for the rules files.  They take bytes, not paths, so the rules
 * can be built from memory in tests; rules_load.c does the file I/O. */
#include "norm_internal.h"

#include <auditfeed/errno.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const lex_names[AF_LEX__COUNT] = {
#define AF_LEX_NAME(id, name) name,
    AF_LEX_MAP(AF_LEX_NAME)
#undef AF_LEX_NAME
};

af__norm_rules *af__rules_new(void) { return calloc(1, sizeof(af__norm_rules)); }

static int fail(char *err, size_t errlen, const char *name, size_t line,
                const char *fmt, ...) {
  va_list ap;
  int n;

  if (err && errlen) {
    n = snprintf(err, errlen, "%s:%zu: ", name, line);
    if (n >= 0 && (size_t)n < errlen) {
      va_start(ap, fmt);
      vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
      va_end(ap);
    }
  }
  return AF_ECONFIG;
}

/* Split a line on TABs into at most `max` fields (arena copies, trimmed). */
static size_t split_tabs(af__arena *a, const char *s, size_t len,
                         const char **f, size_t max, bool *oom) {
  size_t n = 0, i = 0;

  while (n < max) {
    size_t j = i, b, e;
    while (j < len && s[j] != '\t')
      j++;
    b = i;
    e = j;
    while (b < e && (s[b] == ' ' || s[b] == '\r'))
      b++;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\r'))
      e--;
    f[n] = af__arena_strndup(a, s + b, e - b);
    if (!f[n])
      *oom = true;
    n++;
    if (j >= len)
      break;
    i = j + 1;
  }
  return n;
}

static int lex_add(af__norm_rules *r, af__lex_class c, const char *phrase,
                   const char *value) {
  af__lex_list *l = &r->lex[c];

  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 32;
    const char **p = af__arena_alloc(&r->arena, cap * sizeof(*p));
    const char **v = af__arena_alloc(&r->arena, cap * sizeof(*v));
    if (!p || !v)
      return AF_ENOMEM;
    if (l->n) {
      memcpy(p, l->phrase, l->n * sizeof(*p));
      memcpy(v, l->value, l->n * sizeof(*v));
    }
    l->phrase = p;
    l->value = v;
    l->cap = cap;
  }
  l->phrase[l->n] = phrase;
  l->value[l->n] = value;
  l->n++;
  return 0;
}

/* Iterate lines: calls fn for every non-blank, non-comment line. */
typedef int (*line_fn)(af__norm_rules *r, const char *name, size_t lineno,
                       const char *s, size_t len, char *err, size_t errlen);

static int each_line(af__norm_rules *r, const char *name, const char *buf,
                     size_t len, line_fn fn, char *err, size_t errlen) {
  size_t i = 0, lineno = 0;

  while (i < len) {
    size_t j = i, k;
    int rc;
    while (j < len && buf[j] != '\n')
      j++;
    lineno++;
    k = i;
    while (k < j && (buf[k] == ' ' || buf[k] == '\t' || buf[k] == '\r'))
      k++;
    if (k < j && buf[k] != '#') {
      rc = fn(r, name, lineno, buf + i, j - i, err, errlen);
      if (rc < 0)
        return rc;
    }
    i = j + 1;
  }
  return 0;
}

static int lexicon_line(af__norm_rules *r, const char *name, size_t lineno,
                        const char *s, size_t len, char *err, size_t errlen) {
  const char *f[3] = {NULL, NULL, NULL};
  bool oom = false;
  size_t n = split_tabs(&r->arena, s, len, f, 3, &oom);
  int c;

  if (oom)
    return AF_ENOMEM;
  if (n < 2 || !f[1][0])
    return fail(err, errlen, name, lineno, "expected class<TAB>phrase");
  for (c = 0; c < AF_LEX__COUNT; c++)
    if (strcmp(f[0], lex_names[c]) == 0)
      break;
  if (c == AF_LEX__COUNT)
    return fail(err, errlen, name, lineno, "unknown class \"%s\"", f[0]);
  if ((c == AF_LEX_NUMBER || c == AF_LEX_SCALE || c == AF_LEX_QUALIFIER ||
       c == AF_LEX_FRACTION || c == AF_LEX_MULTIPLE_WORD ||
       c == AF_LEX_ROLE_CUE || c == AF_LEX_BY_VERB || c == AF_LEX_TOPIC ||
       c == AF_LEX_REPRESENTS) &&
      (n < 3 || !f[2][0]))
    return fail(err, errlen, name, lineno, "class \"%s\" needs a value column",
                f[0]);
  if (c == AF_LEX_NUMBER || c == AF_LEX_SCALE || c == AF_LEX_FRACTION ||
      c == AF_LEX_MULTIPLE_WORD) {
    char *endp;
    strtod(f[2], &endp);
    if (*endp)
      return fail(err, errlen, name, lineno, "\"%s\" is not a number", f[2]);
  }
  return lex_add(r, (af__lex_class)c, f[1], n > 2 ? f[2] : NULL);
}

int af__rules_parse_lexicon(af__norm_rules *r, const char *name,
                           const char *buf, size_t len, char *err,
                           size_t errlen) {
  return each_line(r, name, buf, len, lexicon_line, err, errlen);
}

/* Split "a; b; c" into arena strings. */
static const char **split_list(af__arena *a, const char *s, size_t *n,
                               bool *oom) {
  size_t cnt = 1, k = 0;
  const char **out;
  const char *p = s;

  *n = 0;
  if (!s || !*s)
    return NULL;
  for (const char *q = s; *q; q++)
    cnt += *q == ';';
  out = af__arena_alloc(a, cnt * sizeof(*out));
  if (!out) {
    *oom = true;
    return NULL;
  }
  while (*p) {
    const char *q = strchr(p, ';');
    const char *e = q ? q : p + strlen(p);
    const char *b = p;
    while (b < e && *b == ' ')
      b++;
    while (e > b && e[-1] == ' ')
      e--;
    if (e > b) {
      out[k] = af__arena_strndup(a, b, (size_t)(e - b));
      if (!out[k])
        *oom = true;
      k++;
    }
    if (!q)
      break;
    p = q + 1;
  }
  *n = k;
  return out;
}

static bool starts_lower(const char *s) { return *s >= 'a' && *s <= 'z'; }

static int add_form(af__vec *forms, const char *form, const char *display) {
  af__body_form *f = af__vec_push(forms);

  if (!f)
    return AF_ENOMEM;
  f->form = form;
  f->display = display;
  f->fold = starts_lower(form);
  return 0;
}

static int body_line(af__norm_rules *r, const char *name, size_t lineno,
                     const char *s, size_t len, char *err, size_t errlen) {
  const char *f[6] = {0};
  bool oom = false;
  size_t n = split_tabs(&r->arena, s, len, f, 6, &oom), k, m;
  const char **list;
  af__vec forms;
  af__body *b;
  int rc = 0;

  if (oom)
    return AF_ENOMEM;
  if (n < 5 || !f[0][0] || !f[1][0])
    return fail(err, errlen, name, lineno,
                "expected id, name, abbreviations, former_names, type"
                "[, variants]");
  af__vec_init(&forms, sizeof(af__body_form));
  rc = add_form(&forms, f[1], f[1]);
  list = split_list(&r->arena, f[2], &m, &oom);
  for (k = 0; !rc && k < m; k++)
    rc = add_form(&forms, list[k], f[1]);
  list = split_list(&r->arena, f[3], &m, &oom);
  for (k = 0; !rc && k < m; k++) {
    char *eq = strchr(list[k], '=');
    char *full = (char *)list[k];
    if (eq) {
      *eq = '\0';
      rc = add_form(&forms, full, full);
      for (char *ab = eq + 1; !rc && ab && *ab;) {
        char *bar = strchr(ab, '|');
        if (bar)
          *bar = '\0';
        rc = add_form(&forms, ab, full);
        ab = bar ? bar + 1 : NULL;
      }
    } else {
      rc = add_form(&forms, full, full);
    }
  }
  list = n > 5 ? split_list(&r->arena, f[5], &m, &oom) : NULL;
  for (k = 0; !rc && list && k < m; k++)
    rc = add_form(&forms, list[k], f[1]);
  if (!rc && oom)
    rc = AF_ENOMEM;
  if (!rc && (r->n_bodies & (r->n_bodies + 1)) == 0) {
    /* Grow at powers of two; old arrays stay in the arena. */
    af__body *nb = af__arena_alloc(&r->arena, (r->n_bodies + 1) * 2 * sizeof(*nb));
    if (!nb)
      rc = AF_ENOMEM;
    else if (r->n_bodies)
      memcpy(nb, r->bodies, r->n_bodies * sizeof(*nb));
    if (nb)
      r->bodies = nb;
  }
  if (!rc) {
    b = &r->bodies[r->n_bodies++];
    b->id = f[0];
    b->name = f[1];
    b->type = f[4];
    b->forms = af__arena_alloc(&r->arena, forms.n * sizeof(af__body_form));
    if (!b->forms)
      rc = AF_ENOMEM;
    else {
      memcpy(b->forms, forms.v, forms.n * sizeof(af__body_form));
      b->n_forms = forms.n;
    }
  }
  af__vec_free(&forms);
  return rc;
}

int af__rules_parse_bodies(af__norm_rules *r, const char *name,
                          const char *buf, size_t len, char *err,
                          size_t errlen) {
  return each_line(r, name, buf, len, body_line, err, errlen);
}

static int person_line(af__norm_rules *r, const char *name, size_t lineno,
                       const char *s, size_t len, char *err, size_t errlen) {
  const char *f[5] = {0};
  bool oom = false;
  size_t n = split_tabs(&r->arena, s, len, f, 5, &oom);
  af__person *p;

  if (oom)
    return AF_ENOMEM;
  if (n < 4 || !f[0][0])
    return fail(err, errlen, name, lineno,
                "expected name, role, organisation, attribution[, variants]");
  if ((r->n_people & (r->n_people + 1)) == 0) {
    af__person *np =
        af__arena_alloc(&r->arena, (r->n_people + 1) * 2 * sizeof(*np));
    if (!np)
      return AF_ENOMEM;
    if (r->n_people)
      memcpy(np, r->people, r->n_people * sizeof(*np));
    r->people = np;
  }
  p = &r->people[r->n_people++];
  p->name = f[0];
  p->role = f[1][0] ? f[1] : NULL;
  p->org = f[2][0] ? f[2] : NULL;
  p->attribution = f[3][0] ? f[3] : "other_source";
  p->variants = n > 4 ? split_list(&r->arena, f[4], &p->n_variants, &oom)
                      : NULL;
  return oom ? AF_ENOMEM : 0;
}

int af__rules_parse_people(af__norm_rules *r, const char *name,
                          const char *buf, size_t len, char *err,
                          size_t errlen) {
  return each_line(r, name, buf, len, person_line, err, errlen);
}

/* "2017-09-13" or "2017-09". */
static bool iso_date(const char *s) {
  size_t n = strlen(s);

  if (n != 7 && n != 10)
    return false;
  for (size_t i = 0; i < n; i++)
    if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
      return false;
  return strncmp(s + 5, "01", 2) >= 0 && strncmp(s + 5, "12", 2) <= 0 &&
         (n == 7 || (strncmp(s + 8, "01", 2) >= 0 &&
                     strncmp(s + 8, "31", 2) <= 0));
}

static int report_line(af__norm_rules *r, const char *name, size_t lineno,
                       const char *s, size_t len, char *err, size_t errlen) {
  const char *f[5] = {0};
  bool oom = false;
  size_t n = split_tabs(&r->arena, s, len, f, 5, &oom), m = 0;
  af__norm_report *e;

  if (oom)
    return AF_ENOMEM;
  if (n < 4 || !f[0][0] || !f[3][0])
    return fail(err, errlen, name, lineno,
                "expected title, published, hc, url[, bodies]");
  if (!iso_date(f[1]))
    return fail(err, errlen, name, lineno,
                "published \"%s\" is not YYYY-MM-DD or YYYY-MM", f[1]);
  if (f[2][0] && (strncmp(f[2], "HC ", 3) != 0 || !f[2][3]))
    return fail(err, errlen, name, lineno, "hc \"%s\" is not \"HC <n>\"",
                f[2]);
  if (strncmp(f[3], "https://", 8) != 0 && strncmp(f[3], "http://", 7) != 0)
    return fail(err, errlen, name, lineno, "url \"%s\" is not http(s)",
                f[3]);
  if ((r->n_reports & (r->n_reports + 1)) == 0) {
    af__norm_report *nr =
        af__arena_alloc(&r->arena, (r->n_reports + 1) * 2 * sizeof(*nr));
    if (!nr)
      return AF_ENOMEM;
    if (r->n_reports)
      memcpy(nr, r->reports, r->n_reports * sizeof(*nr));
    r->reports = nr;
  }
  e = &r->reports[r->n_reports++];
  e->title = f[0];
  e->published = f[1];
  e->hc = f[2][0] ? f[2] : NULL;
  e->url = f[3];
  e->bodies = n > 4 ? split_list(&r->arena, f[4], &m, &oom) : NULL;
  e->n_bodies = m;
  return oom ? AF_ENOMEM : 0;
}

int af__rules_parse_reports(af__norm_rules *r, const char *name,
                           const char *buf, size_t len, char *err,
                           size_t errlen) {
  return each_line(r, name, buf, len, report_line, err, errlen);
}

void af__norm_rules_free(af__norm_rules *r) {
  if (!r)
    return;
  af__arena_free(&r->arena);
  free(r);
}
