/* auditfeed feed FILE|URL: parse one feed or sitemap and print its entries
 * as JSON Lines, without fetching the articles.  A URL is fetched with a
 * private loop and the same HTTP client a run uses (no state store). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <jansson.h>
#include <uv.h>

#include "commands.h"
#include "errors.h"
#include "feed.h"
#include "http.h"

#define AF_FEED_CMD_MAX_FILE (64u << 20)

static void usage(FILE *out) {
  fprintf(out,
          "Usage: auditfeed feed [options] FILE|URL\n\n"
          "Parse one RSS, Atom, RDF feed or sitemap (gzip accepted) and print\n"
          "one JSON object per entry: title, link, published, updated,\n"
          "author, summary, id.  Articles are not fetched.\n\n"
          "  FILE                  a local file, or - for standard input\n"
          "  URL                   http://, https:// or file:// URL\n"
          "  --base URL            resolve relative links against URL\n"
          "                        (default: the feed's own URL or path)\n"
          "  --timeout MS          whole-fetch timeout (default 30000)\n"
          "  --no-robots           ignore robots.txt for this one fetch\n"
          "  -h, --help            show this help\n\n"
          "Exit status: 0 ok, 1 fetch or parse error, 2 usage error.\n");
}

typedef struct fetched {
  int done, err;
  char *body, *final_url, *msg;
  size_t len;
} fetched;

static void on_fetched(const af_response *res, void *ud) {
  fetched *f = ud;
  f->done = 1;
  f->err = res->err;
  if (res->err) {
    f->msg = strdup(res->errmsg ? res->errmsg : af_strerror(res->err));
    return;
  }
  f->body = malloc(res->len + 1);
  if (!f->body) {
    f->err = AF_ENOMEM;
    return;
  }
  memcpy(f->body, res->body, res->len);
  f->body[res->len] = '\0';
  f->len = res->len;
  f->final_url = strdup(res->final_url ? res->final_url : res->url);
}

static int fetch_url(const char *url, long timeout_ms, int robots,
                     fetched *out) {
  uv_loop_t loop;
  af__http *h = NULL;
  af__http_limits lim;
  af_fetch_opts opts = {.size = sizeof(opts),
                        .accept = "application/rss+xml,application/atom+xml,"
                                  "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"};
  char err[256];
  int rc;

  af__http_limits_default(&lim);
  if (!strncasecmp(url, "file:", 5)) { /* named on the command line: trusted */
    lim.schemes = "file";
    lim.file_root = "/";
  }
  lim.timeout_ms = timeout_ms;
  lim.robots = robots;
  if (uv_loop_init(&loop) != 0)
    return AF_ENOMEM;
  rc = af__http_new(&loop, NULL, NULL, &h, err, sizeof(err));
  if (rc) {
    fprintf(stderr, "auditfeed feed: %s\n", err);
    uv_loop_close(&loop);
    return rc;
  }
  rc = af__http_fetch(h, "feed", &lim, url, &opts, on_fetched, out);
  if (rc == 0)
    uv_run(&loop, UV_RUN_DEFAULT);
  af__http_free(h);
  uv_run(&loop, UV_RUN_DEFAULT);
  uv_loop_close(&loop);
  if (rc)
    fprintf(stderr, "auditfeed feed: cannot fetch %s: %s\n", url,
            af_strerror(rc));
  else if (out->err)
    fprintf(stderr, "auditfeed feed: cannot fetch %s: %s\n", url,
            out->msg ? out->msg : af_strerror(out->err));
  return rc ? rc : out->err;
}

static char *read_all(FILE *f, size_t *len) {
  size_t cap = 65536, n = 0, r;
  char *b = malloc(cap);
  while (b && (r = fread(b + n, 1, cap - n - 1, f)) > 0) {
    n += r;
    if (n + 1 == cap) {
      char *nb;
      if (cap >= AF_FEED_CMD_MAX_FILE) {
        free(b);
        return NULL;
      }
      nb = realloc(b, cap *= 2);
      if (!nb) {
        free(b);
        return NULL;
      }
      b = nb;
    }
  }
  if (b)
    b[n] = '\0';
  *len = n;
  return b;
}

static int print_entries(const af_feed *feed) {
  for (size_t i = 0; i < feed->n_entries; i++) {
    const af_feed_entry *e = feed->entries[i];
    json_t *o = json_object();
    char *line;
#define SET(k) json_object_set_new(o, #k, e->k ? json_string(e->k) : json_null())
    SET(title);
    SET(link);
    SET(published);
    SET(updated);
    SET(author);
    SET(summary);
    SET(id);
#undef SET
    line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!line)
      return AF_ENOMEM;
    puts(line);
    free(line);
  }
  return fflush(stdout) == 0 ? 0 : AF_EIO;
}

int af__cmd_feed(int argc, char **argv) {
  static const struct option longopts[] = {
      {"base", required_argument, NULL, 'b'},
      {"timeout", required_argument, NULL, 't'},
      {"no-robots", no_argument, NULL, 'R'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  const char *base = NULL, *src;
  char *body = NULL, *own_base = NULL, err[512];
  size_t len = 0;
  long timeout_ms = 30000;
  int robots = 1, c, rc;
  fetched fx = {0};
  af_feed *feed = NULL;

  optind = 1;
  while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    switch (c) {
    case 'b':
      base = optarg;
      break;
    case 't':
      timeout_ms = strtol(optarg, NULL, 10);
      if (timeout_ms <= 0) {
        fprintf(stderr, "auditfeed feed: --timeout wants milliseconds > 0\n");
        return 2;
      }
      break;
    case 'R':
      robots = 0;
      break;
    case 'h':
      usage(stdout);
      return 0;
    default:
      usage(stderr);
      return 2;
    }
  }
  if (optind != argc - 1) {
    usage(stderr);
    return 2;
  }
  src = argv[optind];

  if (!strncasecmp(src, "http://", 7) || !strncasecmp(src, "https://", 8) ||
      !strncasecmp(src, "file://", 7)) {
    if (fetch_url(src, timeout_ms, robots, &fx) != 0) {
      free(fx.msg);
      return 1;
    }
    body = fx.body;
    len = fx.len;
    if (!base)
      base = fx.final_url;
  } else {
    struct stat st;
    if (strcmp(src, "-") && stat(src, &st) == 0 && S_ISDIR(st.st_mode)) {
      fprintf(stderr, "auditfeed feed: %s: is a directory (give a feed file, "
                      "- for stdin, or a URL)\n", src);
      return 1;
    }
    FILE *f = strcmp(src, "-") ? fopen(src, "rb") : stdin;
    if (!f) {
      fprintf(stderr, "auditfeed feed: %s: %s\n", src, strerror(errno));
      return 1;
    }
    body = read_all(f, &len);
    if (f != stdin)
      fclose(f);
    if (!body) {
      fprintf(stderr, "auditfeed feed: cannot read %s (out of memory or "
                      "larger than %u bytes)\n", src, AF_FEED_CMD_MAX_FILE);
      return 1;
    }
    if (!base && f != stdin) {
      char *real = realpath(src, NULL);
      if (real && asprintf(&own_base, "file://%s", real) < 0)
        own_base = NULL;
      free(real);
      base = own_base;
    }
  }

  rc = af__feed_parse(body, len, base, &feed, err, sizeof(err));
  if (rc) {
    fprintf(stderr, "auditfeed feed: %s: %s\n", src, err);
  } else {
    rc = print_entries(feed);
    if (rc)
      fprintf(stderr, "auditfeed feed: writing output: %s\n", af_strerror(rc));
  }
  af__feed_free(feed);
  free(body);
  free(fx.final_url);
  free(fx.msg);
  free(own_base);
  return rc ? 1 : 0;
}
