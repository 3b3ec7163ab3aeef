/* Feed conformance: many tiny feeds, each with the values its first entry
 * must have, read from tests/feeds/conformance/\*.cases, and the share of
 * entry titles, links, dates and authors the parser gets right.
 *
 * A case file holds cases of this form ('#' lines between cases are
 * comments):
 *
 *     === category/name
 *     base: http://feeds.test/news/feed.xml    (the feed's URL; optional)
 *     title: expected title                    ("~": no title)
 *     link: expected absolute link
 *     date: expected published date, else updated (ISO 8601 UTC)
 *     updated: expected updated date
 *     author: expected author
 *     ---
 *     <the feed, up to the next "=== " line>
 *
 * Only the fields a case names are scored.  "date" is what a reader of the
 * entry would show: the published date, or the updated one when there is
 * none.  A feed that does not parse at all scores every named field wrong.
 *
 * Usage: feed_conformance [--report] [-v] FILE...
 * Prints the figure per field and per file; exits 1 when any value is
 * wrong (printing each), unless --report (the benchmark's way) is given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/test_util.h"
#include "feed.h"

enum { F_TITLE, F_LINK, F_DATE, F_AUTHOR, F_N };
static const char *const field_names[F_N] = {"title", "link", "date", "author"};

typedef struct tally {
  unsigned right[F_N], total[F_N];
} tally;

typedef struct kase {
  char name[256];
  char base[512];
  int has[5]; /* title link date author updated */
  char *want[5];
} kase;

/* "~" in a case means the field must be absent. */
static int same(const char *got, const char *want) {
  if (!strcmp(want, "~"))
    return got == NULL;
  return got && !strcmp(got, want);
}

static void score(tally *t, int field, const char *casename, const char *what,
                  const char *got, const char *want, int *wrong, int verbose) {
  int ok = same(got, want);
  t->total[field]++;
  t->right[field] += (unsigned)ok;
  if (!ok) {
    (*wrong)++;
    if (verbose)
      printf("WRONG %s %s: got \"%s\" want \"%s\"\n", casename, what,
             got ? got : "~", want);
  }
}

/* Parses one case's feed and scores it. */
static void run_case(const kase *k, const char *xml, size_t len, tally *t,
                     int *wrong, int verbose) {
  static const char *const keys[5] = {"title", "link", "date", "author",
                                      "updated"};
  af_feed *feed = NULL;
  char err[256];
  const af_feed_entry *e = NULL;
  int rc = af__feed_parse(xml, len, k->base[0] ? k->base : NULL, &feed, err,
                          sizeof(err));
  if (rc == 0 && feed->n_entries > 0)
    e = feed->entries[0];
  else if (verbose)
    printf("NOENTRY %s: rc=%d %s\n", k->name, rc, err);
  for (int i = 0; i < 5; i++) {
    const char *got = NULL;
    if (!k->has[i])
      continue;
    if (e) {
      switch (i) {
      case 0: got = e->title; break;
      case 1: got = e->link; break;
      case 2: got = e->published ? e->published : e->updated; break;
      case 3: got = e->author; break;
      default: got = e->updated; break;
      }
    }
    if (!e && strcmp(k->want[i], "~")) /* absent because nothing parsed */
      got = NULL;
    score(t, i == 4 ? F_DATE : i, k->name, keys[i], got, k->want[i], wrong,
          verbose);
  }
  af__feed_free(feed);
}

static void kase_clear(kase *k) {
  for (int i = 0; i < 5; i++)
    free(k->want[i]);
  memset(k, 0, sizeof(*k));
}

/* Reads the header lines of a case (up to "---"); 0, or -1 when malformed. */
static int header_line(kase *k, const char *line, size_t n) {
  static const char *const keys[5] = {"title: ", "link: ", "date: ",
                                      "author: ", "updated: "};
  if (n > 6 && !strncmp(line, "base: ", 6)) {
    snprintf(k->base, sizeof(k->base), "%.*s", (int)(n - 6), line + 6);
    return 0;
  }
  for (int i = 0; i < 5; i++) {
    size_t kl = strlen(keys[i]);
    if (n >= kl && !strncmp(line, keys[i], kl)) {
      free(k->want[i]);
      if (!(k->want[i] = strndup(line + kl, n - kl)))
        return -1;
      k->has[i] = 1;
      return 0;
    }
  }
  return -1;
}

static int run_file(const char *path, tally *all, int *cases, int *wrong,
                    int verbose) {
  size_t len = 0;
  char *buf = tu_slurp(path, &len), *p, *end;
  const char *file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  tally t = {0};
  int n = 0, bad = 0;
  if (!buf) {
    fprintf(stderr, "cannot read %s\n", path);
    return -1;
  }
  end = buf + len;
  p = strstr(buf, "=== ");
  while (p && p < end) {
    kase k = {0};
    char *nl = memchr(p, '\n', (size_t)(end - p)), *body, *next;
    if (!nl)
      break;
    snprintf(k.name, sizeof(k.name), "%.*s:%.*s", (int)(strlen(file) - 6),
             file, (int)(nl - p - 4), p + 4);
    p = nl + 1;
    while (p < end && strncmp(p, "---\n", 4)) {
      nl = memchr(p, '\n', (size_t)(end - p));
      if (!nl || header_line(&k, p, (size_t)(nl - p))) {
        fprintf(stderr, "%s: bad header line in case %s\n", path, k.name);
        kase_clear(&k);
        free(buf);
        return -1;
      }
      p = nl + 1;
    }
    if (p >= end)
      break;
    body = p + 4;
    next = strstr(body, "\n=== ");
    if (!next)
      next = end;
    {
      const char *stop = next;
      while (stop > body && stop[-1] == '\n')
        stop--;
      run_case(&k, body, (size_t)(stop - body), &t, &bad, verbose);
    }
    kase_clear(&k);
    n++;
    p = next < end ? next + 1 : end;
  }
  free(buf);
  printf("%-16s %4d cases", file, n);
  for (int f = 0; f < F_N; f++) {
    all->right[f] += t.right[f];
    all->total[f] += t.total[f];
    if (t.total[f])
      printf("  %s %u/%u", field_names[f], t.right[f], t.total[f]);
  }
  printf("\n");
  *cases += n;
  *wrong += bad;
  return 0;
}

int main(int argc, char **argv) {
  tally all = {0};
  int report = 0, verbose = 1, cases = 0, wrong = 0, files = 0;
  unsigned r = 0, tot = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--report")) {
      report = 1;
      verbose = 0;
    } else if (!strcmp(argv[i], "-v")) {
      verbose = 1;
    } else {
      if (run_file(argv[i], &all, &cases, &wrong, verbose))
        return 2;
      files++;
    }
  }
  if (!files) {
    fprintf(stderr, "usage: feed_conformance [--report] [-v] FILE.cases...\n");
    return 2;
  }
  for (int f = 0; f < F_N; f++) {
    if (!all.total[f])
      continue; /* no case names this field */
    printf("%-7s %4u/%-4u %6.2f%%\n", field_names[f], all.right[f],
           all.total[f], 100.0 * all.right[f] / all.total[f]);
    r += all.right[f];
    tot += all.total[f];
  }
  printf("all     %4u/%-4u %6.2f%%  (%d cases)\n", r, tot,
         tot ? 100.0 * r / tot : 0.0, cases);
  return report || !wrong ? 0 : 1;
}
