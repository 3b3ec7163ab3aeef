/* Shared helpers of the normaliser tests: load the shipped rules once for
 * the group, run the normaliser over invented paragraphs, scan one sentence
 * for figures.  Include after <cmocka.h>. */
#ifndef AF_NORM_TEST_H
#define AF_NORM_TEST_H

#include "norm_internal.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct norm_run {
  char *text;
  af_para paras[32];
  af__findings out;
} norm_run;

/* The shipped rules of the test group: loaded by norm_rules_setup, freed
 * by norm_rules_teardown (cmocka group fixtures); tests only borrow them. */
static af__norm_rules *rules;

static inline af__norm_rules *norm_test_rules(void) {
  const char *src = getenv("AF_SOURCE_DIR");
  char dir[4096], err[512];
  af__norm_rules *r = NULL;

  snprintf(dir, sizeof(dir), "%s/config/normaliser", src ? src : ".");
  if (af__norm_rules_load(dir, &r, err, sizeof(err)) != 0) {
    fprintf(stderr, "rules: %s\n", err);
    return NULL;
  }
  return r;
}

static inline int norm_rules_setup(void **state) {
  (void)state;
  rules = norm_test_rules();
  return rules ? 0 : -1;
}

static inline int norm_rules_teardown(void **state) {
  (void)state;
  af__norm_rules_free(rules);
  rules = NULL;
  return 0;
}

/* Join the NULL-terminated paragraphs with blank lines and normalise. */
static inline int norm_test_run(const af__norm_rules *r, norm_run *run, ...) {
  va_list ap;
  const char *p;
  size_t len = 0, n = 0;
  af__norm_input in;

  memset(run, 0, sizeof(*run));
  va_start(ap, run);
  while ((p = va_arg(ap, const char *)) != NULL)
    len += strlen(p) + 2;
  va_end(ap);
  run->text = calloc(1, len + 1);
  if (!run->text)
    return -1;
  len = 0;
  va_start(ap, run);
  while ((p = va_arg(ap, const char *)) != NULL && n < 32) {
    if (n)
      len += (size_t)sprintf(run->text + len, "\n\n");
    run->paras[n].offset = len;
    run->paras[n].kind = AF_PARA_TEXT;
    len += (size_t)sprintf(run->text + len, "%s", p);
    n++;
  }
  va_end(ap);
  memset(&in, 0, sizeof(in));
  in.text = run->text;
  in.paras = run->paras;
  in.n_paras = n;
  return af__normalise(r, &in, &run->out);
}

static inline void norm_test_free(norm_run *run) {
  af__findings_free(&run->out);
  free(run->text);
}

/* The finding whose text contains `needle`, or NULL. */
static inline const af_finding *norm_find(const norm_run *run,
                                          const char *needle) {
  for (size_t k = 0; k < run->out.n; k++)
    if (strstr(run->out.v[k]->text, needle))
      return run->out.v[k];
  return NULL;
}

/* The finding containing `needle`, of `kind`, whose text is the exact
 * span it claims; fails the test otherwise. */
static inline const af_finding *norm_must_find(const norm_run *run,
                                               const char *needle,
                                               const char *kind) {
  const af_finding *f = norm_find(run, needle);

  if (!f)
    fail_msg("no finding containing \"%s\"", needle);
  assert_string_equal(f->kind, kind);
  assert_memory_equal(run->text + f->span_start, f->text,
                      f->span_end - f->span_start);
  return f;
}

static inline void norm_must_not_find(const norm_run *run,
                                      const char *needle) {
  const af_finding *f = norm_find(run, needle);

  if (f)
    fail_msg("unexpected %s finding: %s", f->kind, f->text);
}

/* The figures the shipped rules see in one sentence; norm_figs_free
 * releases them. */
typedef struct norm_figs {
  af__arena a;
  af__vec v;
} norm_figs;

static inline const af_figure *norm_scan(norm_figs *f, const char *text) {
  memset(f, 0, sizeof(*f));
  af__vec_init(&f->v, sizeof(af_figure));
  assert_int_equal(
      af__scan_figures(rules, &f->a, text, 0, strlen(text), &f->v), 0);
  return f->v.v;
}

static inline void norm_figs_free(norm_figs *f) {
  af__vec_free(&f->v);
  af__arena_free(&f->a);
}

/* The figure written `raw` in `text` (the last one, if written twice);
 * fails the test when there is none. */
static inline const af_figure *norm_must_scan(norm_figs *f, const char *text,
                                              const char *raw) {
  const af_figure *v = norm_scan(f, text), *g = NULL;

  for (size_t k = 0; k < f->v.n; k++)
    if (!strcmp(v[k].raw, raw))
      g = v + k;
  if (!g)
    fail_msg("no figure \"%s\" in \"%s\"", raw, text);
  return g;
}

#endif /* AF_NORM_TEST_H */
