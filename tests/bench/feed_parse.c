/* Parses one feed file K times in one process: the feed reader's A/B
 * (tests/bench/feed_parse_ab.sh builds it twice, against two versions of
 * core/feeds/).  Prints the entries read, so a broken build shows. */
#include <stdio.h>
#include <stdlib.h>

#include "feed.h"

int main(int argc, char **argv) {
  static char buf[16 << 20];
  FILE *f;
  size_t n, total = 0;
  int k = argc > 2 ? atoi(argv[2]) : 10;
  if (argc < 2 || !(f = fopen(argv[1], "rb"))) {
    fprintf(stderr, "usage: feed_parse FEED.xml [TIMES]\n");
    return 2;
  }
  n = fread(buf, 1, sizeof(buf), f);
  fclose(f);
  for (int i = 0; i < k; i++) {
    af_feed *feed = NULL;
    char err[256];
    if (af__feed_parse(buf, n, "http://127.0.0.1:8080/feed.xml", &feed, err,
                       sizeof(err))) {
      fprintf(stderr, "feed_parse: %s\n", err);
      return 1;
    }
    total += feed->n_entries;
    af__feed_free(feed);
  }
  printf("%zu\n", total);
  return 0;
}
