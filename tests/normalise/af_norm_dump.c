/* Development driver: run the normaliser on a plain-text article and print
 * {"findings": [...]} as `auditfeed extract` would.  The first non-empty
 * line is the title; paragraphs are separated by blank lines.
 *
 *   af_norm_dump RULES_DIR FILE.txt
 */
#include "normalise.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/test_util.h"

/* A line of spaces, tabs and no-break spaces separates paragraphs. */
static int blank_line(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\r')
      continue;
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
      i++;
      continue;
    }
    return 0;
  }
  return 1;
}

static json_t *figures_json(const af_finding *f) {
  json_t *a = json_array();

  for (size_t k = 0; k < f->n_figures; k++) {
    const af_figure *g = f->figures[k];
    json_t *o = json_pack("{s:s, s:f, s:s, s:[I,I]}", "raw", g->raw, "value",
                          g->value, "unit", g->unit, "span",
                          (json_int_t)g->start, (json_int_t)g->end);
    if (g->scale)
      json_object_set_new(o, "scale", json_string(g->scale));
    if (g->per)
      json_object_set_new(o, "per", json_string(g->per));
    if (g->qualifier)
      json_object_set_new(o, "qualifier", json_string(g->qualifier));
    if (g->range)
      json_object_set_new(o, "range", json_string(g->range));
    if (g->role)
      json_object_set_new(o, "role", json_string(g->role));
    if (g->measure)
      json_object_set_new(o, "measure", json_string(g->measure));
    if (g->period)
      json_object_set_new(o, "period", json_string(g->period));
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *finding_json(const af_finding *f) {
  json_t *o = json_pack("{s:s, s:s, s:[I,I], s:s}", "kind", f->kind, "text",
                        f->text, "span", (json_int_t)f->span_start,
                        (json_int_t)f->span_end, "attributed_to",
                        f->attributed_to ? f->attributed_to : "nao");
  json_t *b = json_array();

  for (size_t k = 0; k < f->n_bodies; k++)
    json_array_append_new(b, json_string(f->bodies[k]));
  json_object_set_new(o, "bodies", b);
  json_object_set_new(o, "figures", figures_json(f));
  if (f->topic)
    json_object_set_new(o, "topic", json_string(f->topic));
  if (f->speaker && f->speaker->name) {
    json_t *s = json_pack("{s:s}", "name", f->speaker->name);
    if (f->speaker->role)
      json_object_set_new(s, "role", json_string(f->speaker->role));
    if (f->speaker->organisation)
      json_object_set_new(s, "organisation",
                          json_string(f->speaker->organisation));
    if (f->speaker->as_written)
      json_object_set_new(s, "as_written", json_string(f->speaker->as_written));
    json_object_set_new(o, "speaker", s);
  }
  if (f->report && (f->report->title || f->report->hc)) {
    json_t *r = json_object();
    if (f->report->title)
      json_object_set_new(r, "title", json_string(f->report->title));
    if (f->report->published)
      json_object_set_new(r, "published", json_string(f->report->published));
    if (f->report->hc)
      json_object_set_new(r, "hc", json_string(f->report->hc));
    json_object_set_new(o, "report", r);
  }
  return o;
}

int main(int argc, char **argv) {
  af__norm_rules *rules = NULL;
  char err[512], *raw, *text, *title = NULL;
  af_para *paras;
  size_t len = 0, tl = 0, np = 0, i = 0;
  af__norm_input in;
  af__findings out;
  json_t *doc, *arr;
  int rc;

  if (argc != 3) {
    fprintf(stderr, "usage: %s RULES_DIR FILE.txt\n", argv[0]);
    return 2;
  }
  rc = af__norm_rules_load(argv[1], &rules, err, sizeof(err));
  if (rc) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  raw = tu_slurp(argv[2], &len);
  text = malloc(len + 1);
  paras = calloc(len / 2 + 2, sizeof(*paras));
  if (!raw || !text || !paras) {
    fprintf(stderr, "%s: cannot read\n", argv[2]);
    return 1;
  }
  /* Paragraphs: runs of non-blank lines; the first line is the title. */
  while (i < len) {
    size_t j = i, start;
    while (j < len && raw[j] != '\n')
      j++;
    if (blank_line(raw + i, j - i)) {
      i = j + 1;
      continue;
    }
    if (!title) {
      title = strndup(raw + i, j - i);
      i = j + 1;
      continue;
    }
    start = i;
    while (j < len) {
      size_t k = j + 1, m = k;
      while (m < len && raw[m] != '\n')
        m++;
      if (k >= len || blank_line(raw + k, m - k))
        break;
      j = m;
    }
    if (np)
      tl += (size_t)sprintf(text + tl, "\n\n");
    paras[np].offset = tl;
    paras[np].kind = AF_PARA_TEXT;
    memcpy(text + tl, raw + start, j - start);
    tl += j - start;
    np++;
    i = j + 1;
  }
  text[tl] = '\0';
  for (size_t k = 0; k < np; k++)
    paras[k].text = text + paras[k].offset;
  memset(&in, 0, sizeof(in));
  in.title = title;
  in.text = text;
  in.paras = paras;
  in.n_paras = np;
  rc = af__normalise(rules, &in, &out);
  if (rc < 0) {
    fprintf(stderr, "normalise failed: %d\n", rc);
    return 1;
  }
  arr = json_array();
  for (size_t k = 0; k < out.n; k++)
    json_array_append_new(arr, finding_json(out.v[k]));
  doc = json_pack("{s:s?, s:o}", "title", title, "findings", arr);
  json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_ENSURE_ASCII * 0);
  putchar('\n');
  json_decref(doc);
  af__findings_free(&out);
  af__norm_rules_free(rules);
  free(title);
  free(paras);
  free(text);
  free(raw);
  return 0;
}
