/* `auditfeed spool`: what waits in the disk spool, per sink, for a cron job
 * or a monitoring check to read (exit 1 while anything waits). */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "commands.h"
#include "paths.h"
#include "spool.h"

static void usage(FILE *f) {
  fprintf(f,
          "Usage: auditfeed spool [--state-dir DIR] [-v]\n\n"
          "Lists the batches sinks could not commit, kept in DIR/spool/ for the\n"
          "next run to deliver first: one line per sink (-v: per file).\n\n"
          "  --state-dir DIR   the run state directory (default var/state)\n"
          "  -v, --verbose     one line per spool file as well\n"
          "  -h, --help        this help\n\n"
          "Exit codes: 0 nothing waits, 1 documents wait, 2 error.\n");
}

static size_t count_lines(const char *path, size_t *bytes) {
  char *buf = NULL;
  size_t len = 0, n = 0;
  *bytes = 0;
  if (af__read_file(path, (size_t)1 << 30, &buf, &len) != 0)
    return 0;
  for (size_t i = 0; i < len; i++)
    n += buf[i] == '\n';
  if (len && buf[len - 1] != '\n')
    n++;
  free(buf);
  *bytes = len;
  return n;
}

/* The file name starts with the milliseconds it was written at. */
static void written_at(const char *path, char out[32]) {
  const char *base = strrchr(path, '/');
  long long ms = atoll(base ? base + 1 : path);
  struct tm tm;
  time_t t = (time_t)(ms / 1000);
  gmtime_r(&t, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int af__cmd_spool(int argc, char **argv) {
  const char *state_dir = "var/state";
  int verbose = 0, c;
  static const struct option longs[] = {{"state-dir", required_argument, 0, 'S'},
                                        {"verbose", no_argument, 0, 'v'},
                                        {"help", no_argument, 0, 'h'},
                                        {0, 0, 0, 0}};
  optind = 1;
  while ((c = getopt_long(argc, argv, "vh", longs, NULL)) != -1) {
    switch (c) {
    case 'S': state_dir = optarg; break;
    case 'v': verbose = 1; break;
    case 'h': usage(stdout); return 0;
    default: usage(stderr); return 2;
    }
  }
  if (optind < argc) {
    fprintf(stderr, "auditfeed spool: unexpected argument '%s'\n", argv[optind]);
    return 2;
  }
  char dir[4096];
  snprintf(dir, sizeof(dir), "%s/spool", state_dir);
  DIR *d = opendir(dir);
  if (!d) {
    struct stat st;
    if (stat(state_dir, &st) != 0) {
      fprintf(stderr, "auditfeed spool: no state directory %s\n", state_dir);
      return 2;
    }
    printf("spool=empty state_dir=%s\n", state_dir);
    return 0;
  }
  size_t total = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    char **files = NULL;
    size_t n = 0, docs = 0, bytes = 0;
    if (af__spool_list(state_dir, e->d_name, &files, &n) != 0) {
      fprintf(stderr, "auditfeed spool: cannot read %s/%s\n", dir, e->d_name);
      closedir(d);
      return 2;
    }
    for (size_t i = 0; i < n; i++) {
      size_t b, k = count_lines(files[i], &b);
      docs += k;
      bytes += b;
      if (verbose) {
        char at[32];
        written_at(files[i], at);
        printf("sink=%s file=%s docs=%zu bytes=%zu written=%s\n", e->d_name,
               files[i], k, b, at);
      }
    }
    if (n) {
      char oldest[32];
      written_at(files[0], oldest);
      printf("sink=%s files=%zu docs=%zu bytes=%zu oldest=%s\n", e->d_name, n,
             docs, bytes, oldest);
    }
    total += docs;
    af__spool_list_free(files, n);
  }
  closedir(d);
  if (!total)
    printf("spool=empty state_dir=%s\n", state_dir);
  return total ? 1 : 0;
}
