/* Baseline for the extraction benchmark: read, gunzip and parse every
 * page with libxml2's HTML parser and nothing else, in one process, with
 * the same parser options the extractor uses.  Prints pages per second. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <zlib.h>

static char *slurp_gz(const char *path, size_t *len) {
  gzFile f = gzopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 1 << 16, n = 0;
  char *b = malloc(cap);
  while (b) {
    if (n == cap) {
      char *nb = realloc(b, cap * 2);
      if (!nb) {
        free(b);
        b = NULL;
        break;
      }
      b = nb;
      cap *= 2;
    }
    int r = gzread(f, b + n, (unsigned)(cap - n));
    if (r <= 0)
      break;
    n += (size_t)r;
  }
  gzclose(f);
  *len = n;
  return b;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bare_parse DIR [ROUNDS]\n");
    return 2;
  }
  int rounds = argc > 2 ? atoi(argv[2]) : 1;
  if (rounds < 1)
    rounds = 1;
  xmlInitParser();
  DIR *dir = opendir(argv[1]);
  if (!dir) {
    perror(argv[1]);
    return 1;
  }
  size_t pages = 0, bytes = 0;
  double total = 0;
  struct dirent *de;
  char **names = NULL;
  size_t n = 0, cap = 0;
  while ((de = readdir(dir))) {
    if (!strstr(de->d_name, ".html"))
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 256;
      char **nn = realloc(names, cap * sizeof(*nn));
      if (!nn)
        return 1;
      names = nn;
    }
    names[n++] = strdup(de->d_name);
  }
  closedir(dir);
  int opts = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
             HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT;
  for (int r = 0; r < rounds; r++) {
    for (size_t i = 0; i < n; i++) {
      char path[4096];
      snprintf(path, sizeof(path), "%s/%s", argv[1], names[i]);
      double t0 = now();
      size_t len;
      char *html = slurp_gz(path, &len);
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
