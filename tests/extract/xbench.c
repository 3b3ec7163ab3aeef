/* Development and benchmark driver for the article extractor.
 *
 *   xbench DIR OUT.json     extract every DIR/<id>.html[.gz] in one
 *                           process, write {"meta":..,"output":{id:{..}}}
 *   xbench -p FILE          print metadata and paragraphs of one page
 *
 * Timing covers read, gunzip, parse and extract of each page; process
 * start-up and JSON output are left out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/parser.h>

#include "extract.h"
#include "../bench/bench_util.h"

static char *join(const af__extracted *x) {
  size_t n = 1;
  for (size_t i = 0; i < x->n_paras; i++)
    n += strlen(x->paras[i].text) + 2;
  char *o = malloc(n), *p = o;
  if (!o)
    return NULL;
  for (size_t i = 0; i < x->n_paras; i++) {
    if (i) {
      memcpy(p, "\n\n", 2);
      p += 2;
    }
    size_t l = strlen(x->paras[i].text);
    memcpy(p, x->paras[i].text, l);
    p += l;
  }
  *p = '\0';
  return o;
}

static int print_one(const char *path) {
  size_t len;
  char *html = slurp_gz(path, &len);
  if (!html) {
    fprintf(stderr, "cannot read %s\n", path);
    return 1;
  }
  af__extracted x;
  char err[256];
  int rc = af__extract_html(html, len, "https://example.org/a/b", NULL, &x,
                           err, sizeof(err));
  free(html);
  if (rc) {
    fprintf(stderr, "%s: error %d: %s\n", path, rc, err);
    return 1;
  }
  printf("title: %s\nbyline: %s\npublished: %s\npublisher: %s\n"
         "language: %s\ncanonical: %s\nkind: %s\n\n",
         x.title ? x.title : "-", x.byline ? x.byline : "-",
         x.published ? x.published : "-", x.publisher ? x.publisher : "-",
         x.language ? x.language : "-",
         x.canonical_url ? x.canonical_url : "-",
         x.doc_kind ? x.doc_kind : "-");
  static const char *const kn[] = {"P", "H", "LI", "Q", "TR"};
  for (size_t i = 0; i < x.n_paras; i++)
    printf("[%s%d] %s\n", kn[x.paras[i].kind], x.paras[i].level,
           x.paras[i].text);
  af__extracted_free(&x);
  return 0;
}

int main(int argc, char **argv) {
  xmlInitParser();
  if (argc == 3 && !strcmp(argv[1], "-p"))
    return print_one(argv[2]);
  if (argc != 3) {
    fprintf(stderr, "usage: xbench DIR OUT.json | xbench -p FILE\n");
    return 2;
  }
  char **names;
  size_t n;
  if (bench_pages(argv[1], &names, &n))
    return 1;
  json_t *outj = json_object();
  double total = 0;
  size_t bytes = 0, fails = 0;
  for (size_t i = 0; i < n; i++) {
    double t0 = now();
    size_t len;
    char *html = bench_read_page(argv[1], names[i], &len);
    af__extracted x;
    char err[256];
    int rc = html ? af__extract_html(html, len, NULL, NULL, &x, err,
                                    sizeof(err))
                  : -1;
    total += now() - t0;
    bytes += html ? len : 0;
    free(html);
    char id[512];
    snprintf(id, sizeof(id), "%s", names[i]);
    char *dot = strchr(id, '.');
    if (dot)
      *dot = '\0';
    char *body = rc ? NULL : join(&x);
    if (rc) {
      fails++;
      fprintf(stderr, "%s: error %d\n", names[i], rc);
    }
    json_t *o = json_object();
    json_object_set_new(o, "articleBody", json_string(body ? body : ""));
    if (!rc) {
      json_object_set_new(o, "title", json_string(x.title ? x.title : ""));
      json_object_set_new(o, "byline", json_string(x.byline ? x.byline : ""));
      json_object_set_new(o, "published",
                          json_string(x.published ? x.published : ""));
      af__extracted_free(&x);
    }
    json_object_set_new(outj, id, o);
    free(body);
    free(names[i]);
  }
  free(names);
  double pps = total > 0 ? (double)n / total : 0;
  json_t *root = json_object();
  json_object_set_new(root, "version", json_string(AF_EXTRACTOR_VERSION));
  json_t *meta = json_object();
  json_object_set_new(meta, "pages_per_s", json_real(pps));
  json_object_set_new(root, "meta", meta);
  json_object_set_new(root, "output", outj);
  if (json_dump_file(root, argv[2], JSON_COMPACT)) {
    fprintf(stderr, "cannot write %s\n", argv[2]);
    json_decref(root);
    return 1;
  }
  json_decref(root);
  printf("pages %zu failed %zu seconds %.3f pages_per_s %.1f MB %.1f\n", n,
         fails, total, pps, (double)bytes / 1e6);
  return fails ? 1 : 0;
}
