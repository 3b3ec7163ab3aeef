/* Baseline for the extraction benchmark: read, gunzip and parse every
 * page with libxml2's HTML parser and nothing else, in one process, with
 * the same parser options the extractor uses.  Prints pages per second. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "bench_util.h"

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bare_parse DIR [ROUNDS]\n");
    return 2;
  }
  int rounds = argc > 2 ? atoi(argv[2]) : 1;
  if (rounds < 1)
    rounds = 1;
  xmlInitParser();
  char **names;
  size_t n, pages = 0, bytes = 0;
  double total = 0;
  if (bench_pages(argv[1], &names, &n))
    return 1;
  int opts = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
             HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT;
  for (int r = 0; r < rounds; r++) {
    for (size_t i = 0; i < n; i++) {
      double t0 = now();
      size_t len;
      char *html = bench_read_page(argv[1], names[i], &len);
      if (html) {
        htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, "UTF-8", opts);
        if (doc)
          xmlFreeDoc(doc);
        bytes += len;
      }
      free(html);
      total += now() - t0;
      pages++;
    }
  }
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
  printf("pages %zu seconds %.3f pages_per_s %.1f MB %.1f\n", pages, total,
         total > 0 ? (double)pages / total : 0.0, (double)bytes / 1e6);
  return 0;
}
