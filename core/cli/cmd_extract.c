/* `auditfeed extract`: run the extractor and the normaliser over local
 * pages without any source, sink or state.  For checking a page, scoring
 * a benchmark in one process, or feeding another tool. */
#include <dirent.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <libxml/parser.h>

#include <auditfeed/array.h>

#include "commands.h"
#include "doc.h"
#include "errors.h"
#include "feed.h"
#include "paths.h"

#define EXTRACT_MAX_INPUT (64u << 20)

typedef struct input_list {
  char **v;
  size_t n, cap;
} input_list;

static int list_add(input_list *l, const char *path) {
  if (af_grow(&l->v, &l->cap, l->n, sizeof(*l->v), 64))
    return AF_ENOMEM;
  l->v[l->n] = strdup(path);
  if (!l->v[l->n])
    return AF_ENOMEM;
  l->n++;
  return 0;
}

static void list_free(input_list *l) {
  for (size_t i = 0; i < l->n; i++)
    free(l->v[i]);
  free(l->v);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int wanted_file(const char *name) {
  static const char *const ext[] = {".html", ".htm", ".txt", ".xml",
                                    ".xhtml", ".html.gz", ".htm.gz",
                                    ".txt.gz"};
  size_t n = strlen(name);
  if (name[0] == '.')
    return 0;
  for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
    size_t e = strlen(ext[i]);
    if (n > e && strcmp(name + n - e, ext[i]) == 0)
      return 1;
  }
  return 0;
}

/* The pages under a directory, recursively: entries sorted bytewise and
 * walked depth first, so output order does not depend on the filesystem;
 * hidden entries skipped; symlinked directories not followed (no loops). */
static int add_dir(input_list *l, const char *dir, int depth) {
  DIR *d = opendir(dir);
  input_list local = {0};
  struct dirent *e;
  int rc = 0;

  if (!d)
    return -errno;
  if (depth > 64) {
    closedir(d);
    return AF_ELIMIT;
  }
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    char path[4096];
    struct stat st;
    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
    if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
      char *mark = NULL; /* a trailing '/' tells directories apart below */
      if (asprintf(&mark, "%s/", path) < 0) {
        rc = AF_ENOMEM;
        break;
      }
      rc = list_add(&local, mark);
      free(mark);
    } else if (wanted_file(e->d_name)) {
      rc = list_add(&local, path);
    }
    if (rc)
      break;
  }
  closedir(d);
  if (!rc && local.n)
    qsort(local.v, local.n, sizeof(char *), cmp_str);
  for (size_t i = 0; i < local.n && !rc; i++) {
    size_t n = strlen(local.v[i]);
    if (local.v[i][n - 1] == '/') {
      local.v[i][n - 1] = '\0';
      rc = add_dir(l, local.v[i], depth + 1);
    } else {
      rc = list_add(l, local.v[i]);
    }
  }
  list_free(&local);
  return rc;
}

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void usage(FILE *f) {
  fprintf(f,
          "Usage: auditfeed extract [options] FILE|DIR|- ...\n"
          "Extract the article (title, byline, date, body) from HTML pages\n"
          "or plain-text files and the findings in it; prints JSON.\n"
          "One input prints one JSON object; several inputs or a directory\n"
          "print JSON Lines, one object per page in input order (a directory\n"
          "is read recursively, sorted by name, hidden entries skipped).\n\n"
          "  --url URL          the page's URL (resolves relative links)\n"
          "  --format FMT       json (default), jsonl, or text (body only)\n"
          "  --rules DIR        normaliser rules directory\n"
          "  --no-findings      skip the normaliser\n"
          "  --stats            print pages, seconds and pages/s to stderr\n"
          "  --comments         keep the page's reader comments, after the\n"
          "                     article, as paragraphs of kind \"comment\"\n"
          "  -j, --jobs N       extract on N threads (output order is kept)\n"
          "  -h, --help         this help\n\n"
          "Files ending in .txt are plain text (first non-empty line is the\n"
          "title); gzip-compressed inputs are recognised by their content.\n"
          "An .xml file that is a feed or sitemap is an error: it holds no\n"
          "article (auditfeed feed reads it).\n");
}

/* One page's work: read, extract, normalise, render.  Runs on any thread;
 * the rendered text waits in the job until the printer reaches it, so the
 * output order is the input order whatever the thread count. */
typedef struct job {
  const char *path;
  const char *url;
  int comments;   /* keep reader comments (--comments) */
  char *out;      /* what to print, with its newline; NULL on allocation failure */
  char *errline;  /* what to print on stderr, or NULL */
  int rc;
  double seconds;
  int done;
} job;

static char *dup_line(const char *s) {
  size_t n = strlen(s);
  char *o = malloc(n + 2);
  if (o) {
    memcpy(o, s, n);
    o[n] = '\n';
    o[n + 1] = '\0';
  }
  return o;
}

static void set_error(job *j, int format, const char *msg) {
  char line[1024];
  snprintf(line, sizeof(line), "auditfeed extract: %s: %s", j->path, msg);
  j->errline = dup_line(line);
  if (format == 1) {
    json_t *e = json_pack("{s:s, s:s}", "input", j->path, "error", msg);
    char *s = e ? json_dumps(e, JSON_COMPACT) : NULL;
    if (s)
      j->out = dup_line(s);
    free(s);
    json_decref(e);
  }
}

static void run_job(job *j, const af__norm_rules *rules, int format) {
  char *buf = NULL;
  size_t len = 0;
  struct timespec t0, t1;
  char file_url[4200];
  const char *url = j->url;

  clock_gettime(CLOCK_MONOTONIC, &t0);
  char why[300];
  j->rc = af__read_file_err(j->path, EXTRACT_MAX_INPUT, &buf, &len, why,
                            sizeof(why));
  if (j->rc) {
    set_error(j, format, why);
    return;
  }
  /* A feed is no article: pages built from its raw fields would only
   * mislead.  Only .xml names are tried, so pages cost nothing more. */
  if (ends_with(j->path, ".xml") || ends_with(j->path, ".xml.gz")) {
    af_feed *feed = NULL;
    char ferr[64];
    if (af__feed_parse(buf, len, NULL, &feed, ferr, sizeof(ferr)) == 0 && feed) {
      char msg[160];
      snprintf(msg, sizeof(msg), "a feed (%s, %zu entries), not an article: read it "
               "with auditfeed feed", feed->format ? feed->format : "?", feed->n_entries);
      af__feed_free(feed);
      free(buf);
      j->rc = AF_EPARSE;
      set_error(j, format, msg);
      return;
    }
    af__feed_free(feed);
  }
  if (!url) {
    char abs[4096];
    if (strcmp(j->path, "-") != 0 && realpath(j->path, abs))
      snprintf(file_url, sizeof(file_url), "file://%s", abs);
    else
      snprintf(file_url, sizeof(file_url), "file:///dev/stdin");
    url = file_url;
  }
  af__doc *d = af__doc_new(url);
  int is_text = ends_with(j->path, ".txt") || ends_with(j->path, ".txt.gz");
  if (!d || af__doc_set_body(d, is_text ? "text/plain" : "text/html", buf, len) ||
      (j->comments && af__doc_set(d, "comments", "true"))) {
    free(buf);
    af__doc_free(d);
    j->rc = AF_ENOMEM;
    set_error(j, format, af_strerror(j->rc));
    return;
  }
  free(buf);
  j->rc = af__doc_process(d, rules, AF_DEDUP_CANONICAL);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  j->seconds = (double)(t1.tv_sec - t0.tv_sec) +
               (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  if (j->rc) {
    set_error(j, format, d->errmsg);
    af__doc_free(d);
    return;
  }
  if (format == 2) {
    j->out = dup_line(d->pub.text ? d->pub.text : "");
  } else {
    json_t *js = af__doc_to_json(&d->pub, rules != NULL);
    if (js) {
      json_object_set_new(js, "input", json_string(j->path));
      char *s = json_dumps(js, format == 1 ? JSON_COMPACT : JSON_INDENT(2));
      if (s)
        j->out = dup_line(s);
      free(s);
      json_decref(js);
    }
  }
  af__doc_free(d);
}

typedef struct pool {
  job *jobs;
  size_t n, next;
  const af__norm_rules *rules;
  int format;
  pthread_mutex_t lock;
  pthread_cond_t ready;
} pool;

static void *worker(void *arg) {
  pool *p = arg;
  for (;;) {
    pthread_mutex_lock(&p->lock);
    size_t i = p->next < p->n ? p->next++ : p->n;
    pthread_mutex_unlock(&p->lock);
    if (i == p->n)
      return NULL;
    run_job(&p->jobs[i], p->rules, p->format);
    pthread_mutex_lock(&p->lock);
    p->jobs[i].done = 1;
    pthread_cond_broadcast(&p->ready);
    pthread_mutex_unlock(&p->lock);
  }
}

/* Runs every job on `threads` threads and prints results in input order.
 * Returns the number of failed pages. */
static int run_all(job *jobs, size_t n, const af__norm_rules *rules, int format,
                   int threads) {
  pool p = {.jobs = jobs, .n = n, .rules = rules, .format = format};
  pthread_t tid[64];
  int started = 0, failed = 0;

  pthread_mutex_init(&p.lock, NULL);
  pthread_cond_init(&p.ready, NULL);
  if (threads > 64)
    threads = 64;
  for (int t = 0; threads > 1 && t < threads; t++)
    if (pthread_create(&tid[started], NULL, worker, &p) == 0)
      started++;
  /* This thread works too when there is no other; else it prints. */
  if (started == 0)
    worker(&p);
  for (size_t i = 0; i < n; i++) {
    pthread_mutex_lock(&p.lock);
    while (!jobs[i].done)
      pthread_cond_wait(&p.ready, &p.lock);
    pthread_mutex_unlock(&p.lock);
    if (jobs[i].errline)
      fputs(jobs[i].errline, stderr);
    if (jobs[i].out)
      fputs(jobs[i].out, stdout);
    free(jobs[i].errline);
    free(jobs[i].out);
    jobs[i].errline = jobs[i].out = NULL;
    if (jobs[i].rc)
      failed++;
  }
  for (int t = 0; t < started; t++)
    pthread_join(tid[t], NULL);
  pthread_cond_destroy(&p.ready);
  pthread_mutex_destroy(&p.lock);
  return failed;
}

/* The inputs named on the command line, a directory read recursively.
 * 0, or the exit code (the list freed). */
static int collect_inputs(input_list *inputs, int argc, char **argv, int first) {
  int rc = 0;
  for (int i = first; i < argc && !rc; i++) {
    struct stat st;
    if (strcmp(argv[i], "-") != 0 && stat(argv[i], &st) == 0 &&
        S_ISDIR(st.st_mode)) {
      size_t before = inputs->n;
      rc = add_dir(inputs, argv[i], 0);
      if (rc) {
        fprintf(stderr, "auditfeed extract: %s: %s\n", argv[i], af_strerror(rc));
        list_free(inputs);
        return 2;
      }
      if (inputs->n == before) {
        fprintf(stderr, "auditfeed extract: %s: no .html, .htm, .xhtml, .xml or "
                        ".txt files (plain or .gz) in it or below it\n", argv[i]);
        list_free(inputs);
        return 1;
      }
    } else {
      rc = list_add(inputs, argv[i]);
    }
  }
  if (rc) {
    fprintf(stderr, "auditfeed extract: %s\n", af_strerror(rc));
    list_free(inputs);
    return 2;
  }
  return 0;
}

/* --format as run_all's number: 0 json, 1 jsonl (the default for several
 * inputs), 2 text; -1 for a name it does not know. */
static int format_number(const char *fmt, size_t n_inputs) {
  if (!fmt || strcmp(fmt, "json") == 0)
    return n_inputs > 1 ? 1 : 0;
  if (strcmp(fmt, "jsonl") == 0)
    return 1;
  if (strcmp(fmt, "text") == 0)
    return 2;
  return -1;
}

/* run_all, timed for --stats: wall time, and the pages' own time summed. */
static int run_timed(job *jobs, size_t n, const af__norm_rules *rules, int format,
                     int threads, int stats) {
  struct timespec w0, w1;
  clock_gettime(CLOCK_MONOTONIC, &w0);
  int failed = run_all(jobs, n, rules, format, threads);
  clock_gettime(CLOCK_MONOTONIC, &w1);
  double wall = (double)(w1.tv_sec - w0.tv_sec) + (double)(w1.tv_nsec - w0.tv_nsec) / 1e9;
  double busy = 0;
  for (size_t i = 0; i < n; i++)
    busy += jobs[i].seconds;
  fflush(stdout);
  if (stats)
    fprintf(stderr,
            "pages=%zu failed=%d threads=%d wall_s=%.3f pages_per_s=%.1f "
            "busy_s=%.3f pages_per_busy_s=%.1f\n",
            n, failed, threads, wall, wall > 0 ? (double)n / wall : 0.0,
            busy, busy > 0 ? (double)n / busy : 0.0);
  return failed;
}

int af__cmd_extract(int argc, char **argv) {
  static const struct option opts[] = {
      {"url", required_argument, NULL, 'u'},
      {"format", required_argument, NULL, 'f'},
      {"rules", required_argument, NULL, 'r'},
      {"no-findings", no_argument, NULL, 'n'},
      {"stats", no_argument, NULL, 's'},
      {"comments", no_argument, NULL, 'c'},
      {"jobs", required_argument, NULL, 'j'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  const char *url = NULL, *rules_dir = NULL, *fmt = NULL;
  int no_findings = 0, stats = 0, comments = 0, c, rc = 0, failed = 0,
      threads = 1;
  input_list inputs = {0};
  af__norm_rules *rules = NULL;
  char err[512];

  optind = 1;
  while ((c = getopt_long(argc, argv, "hj:", opts, NULL)) != -1) {
    switch (c) {
    case 'u': url = optarg; break;
    case 'f': fmt = optarg; break;
    case 'r': rules_dir = optarg; break;
    case 'n': no_findings = 1; break;
    case 's': stats = 1; break;
    case 'c': comments = 1; break;
    case 'j':
      threads = atoi(optarg);
      if (threads < 1 || threads > 64) {
        fprintf(stderr, "auditfeed extract: --jobs takes 1 to 64\n");
        return 2;
      }
      break;
    case 'h': usage(stdout); return 0;
    default: usage(stderr); return 2;
    }
  }
  if (optind >= argc) {
    usage(stderr);
    return 2;
  }
  rc = collect_inputs(&inputs, argc, argv, optind);
  if (rc)
    return rc;
  int format = format_number(fmt, inputs.n);
  if (format < 0) {
    fprintf(stderr, "auditfeed extract: unknown --format '%s' (json, jsonl, text)\n", fmt);
    list_free(&inputs);
    return 2;
  }
  if (!no_findings && format != 2) {
    const char *dir = rules_dir ? rules_dir : af__default_rules_dir();
    rc = af__norm_rules_load(dir, &rules, err, sizeof(err));
    if (rc) {
      fprintf(stderr, "auditfeed extract: normaliser rules %s: %s\n", dir, err);
      list_free(&inputs);
      return 2;
    }
  }
  xmlInitParser();
  job *jobs = calloc(inputs.n, sizeof(*jobs));
  if (!jobs) {
    af__norm_rules_free(rules);
    list_free(&inputs);
    return 2;
  }
  for (size_t i = 0; i < inputs.n; i++) {
    jobs[i].path = inputs.v[i];
    jobs[i].url = inputs.n == 1 ? url : NULL;
    jobs[i].comments = comments;
  }
  failed = run_timed(jobs, inputs.n, rules, format, threads, stats);
  free(jobs);
  af__norm_rules_free(rules);
  list_free(&inputs);
  return failed ? 1 : 0;
}
