/* The fixture server's generated multi-host site: see fixture_site.h. */
#include "fixture_site.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_HOSTS 99
#define MAX_THROTTLE 16

static int g_hosts;           /* h01..hNN.localhost; 0 = no site */
static int g_articles = 10;   /* per host */
static int g_articles_of[MAX_HOSTS + 1]; /* --host-articles: 0 = g_articles */
static FILE *g_log;
static long g_next_id;
static long g_count[MAX_HOSTS + 1]; /* requests per host, robots.txt aside */
static struct {
  int host;
  long nth, secs;
} g_throttle[MAX_THROTTLE];
static int g_nthrottle;

/* "h07.localhost" -> 7; 0 when not a site host. */
static int host_no(const char *host) {
  int n = 0, used = 0;
  if (sscanf(host, "h%2d.localhost%n", &n, &used) != 1 || host[used] ||
      n < 1 || n > g_hosts)
    return 0;
  return n;
}

int fsite_option(const char *opt, const char *val) {
  if (!strcmp(opt, "--site")) {
    g_hosts = atoi(val);
    if (g_hosts < 1 || g_hosts > MAX_HOSTS) {
      fprintf(stderr, "fixture_server: --site wants 1..%d hosts, not %s\n",
              MAX_HOSTS, val);
      return -1;
    }
    return 1;
  }
  if (!strcmp(opt, "--articles")) {
    g_articles = atoi(val);
    return g_articles > 0 ? 1 : -1;
  }
  if (!strcmp(opt, "--host-articles")) {
    int h = 0, k = 0;
    if (sscanf(val, "h%d.localhost:%d", &h, &k) != 2 || h < 1 ||
        h > MAX_HOSTS || k < 1) {
      fprintf(stderr,
              "fixture_server: --host-articles wants hNN.localhost:COUNT, "
              "not %s\n",
              val);
      return -1;
    }
    g_articles_of[h] = k;
    return 1;
  }
  if (!strcmp(opt, "--throttle")) {
    int h = 0;
    long nth = 0, secs = 0;
    if (g_nthrottle == MAX_THROTTLE ||
        sscanf(val, "h%d.localhost:%ld:%ld", &h, &nth, &secs) != 3 || h < 1 ||
        nth < 1 || secs < 0) {
      fprintf(stderr,
              "fixture_server: --throttle wants hNN.localhost:NTH:SECONDS, "
              "not %s\n",
              val);
      return -1;
    }
    g_throttle[g_nthrottle].host = h;
    g_throttle[g_nthrottle].nth = nth;
    g_throttle[g_nthrottle++].secs = secs;
    return 1;
  }
  if (!strcmp(opt, "--reqlog")) {
    if (!(g_log = fopen(val, "a"))) {
      perror(val);
      return -1;
    }
    return 1;
  }
  return 0;
}

int fsite_is_host(const char *host) { return host_no(host) > 0; }

/* Seconds on the monotonic clock, with microseconds: a log's times are
 * comparable with each other, not with the wall clock. */
static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

long fsite_log_start(const char *host, const char *path) {
  long id = ++g_next_id;
  if (g_log) {
    fprintf(g_log, "event=req_start id=%ld host=%s path=%s t=%.6f\n", id, host,
            path, now_s());
    fflush(g_log);
  }
  return id;
}

void fsite_log_end(long id, const char *host, int status) {
  if (g_log) {
    fprintf(g_log, "event=req_end id=%ld host=%s status=%d t=%.6f\n", id, host,
            status, now_s());
    fflush(g_log);
  }
}

static const char *const k_bodies[] = {
    "Department for Transport",   "Ministry of Defence",
    "Home Office",                "Department of Health and Social Care",
    "Department for Education",   "HM Revenue and Customs",
    "Ministry of Justice",        "Department for Work and Pensions",
};
static const char *const k_topics[] = {
    "rail signalling upgrades", "equipment contracts",  "asylum accommodation",
    "hospital building",        "school rebuilding",    "tax debt collection",
    "prison maintenance",       "benefit payment errors",
};

static char *article(int h, int i, const char *hostport, size_t *len) {
  int k = (h * 7 + i) % 8, year = 2019 + (h + i) % 5;
  long spent = 40 + (long)h * 13 + (long)i * 7, budget = spent * 4 / 5;
  char *out = NULL;
  int n = asprintf(
      &out,
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>Watchdog questions %s costs (h%02d story %d)</title>"
      "<link rel=\"canonical\" href=\"http://%s/news/%d.html\">"
      "<meta property=\"article:published_time\" content=\"%d-0%d-1%dT09:00:00Z\">"
      "</head><body><header><nav><a href=\"/\">Home</a></nav></header>"
      "<article><h1>Watchdog questions %s costs</h1>"
      "<p class=\"byline\">By our public spending reporter, desk %d</p>"
      "<p>The National Audit Office found that the %s spent &pound;%ld million on "
      "%s in %d-%02d, against a budget of &pound;%ld million, according to a "
      "report published this week.</p>"
      "<p>Auditors said the department had not kept a full record of why the "
      "work overran, and that %d of the %d projects it examined were late. "
      "Officials told the committee that lessons had been learned (item %d.%d).</p>"
      "<p>The report recommends that the department publishes a single "
      "timetable for the remaining work and reports its progress to "
      "Parliament every six months.</p></article>"
      "<footer>Copyright the fixture press</footer></body></html>",
      k_topics[k], h, i, hostport, i, year, 1 + i % 9, i % 10, k_topics[k], h,
      k_bodies[k], spent, k_topics[k], year, (year + 1) % 100, budget,
      3 + i % 5, 10 + h % 7, h, i);
  if (n < 0)
    return NULL;
  *len = (size_t)n;
  return out;
}

static int articles_of(int h) {
  return g_articles_of[h] ? g_articles_of[h] : g_articles;
}

static char *feed(int h, const char *hostport, size_t *len) {
  size_t cap = 512 + (size_t)articles_of(h) * 320, o = 0;
  char *b = malloc(cap);
  if (!b)
    return NULL;
  o += (size_t)snprintf(b + o, cap - o,
                        "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                        "<rss version=\"2.0\"><channel><title>Outlet h%02d"
                        "</title><link>http://%s/</link>",
                        h, hostport);
  for (int i = 1; i <= articles_of(h); i++)
    o += (size_t)snprintf(
        b + o, cap - o,
        "<item><title>Outlet %02d story %d</title>"
        "<link>http://%s/news/%d.html</link>"
        "<guid>http://%s/news/%d.html</guid>"
        "<pubDate>Mon, 0%d Jan 2024 1%d:00:00 GMT</pubDate></item>",
        h, i, hostport, i, hostport, i, 1 + i % 9, i % 10);
  o += (size_t)snprintf(b + o, cap - o, "</channel></rss>");
  *len = o;
  return b;
}

int fsite_serve(const char *host, const char *hostport, const char *path,
                fsite_reply *r) {
  int h = host_no(host), i = 0, used = 0;
  memset(r, 0, sizeof(*r));
  r->status = 200;
  if (!strcmp(path, "/robots.txt")) {
    r->ctype = "text/plain";
    r->body = strdup("User-agent: *\nAllow: /\n");
    r->len = r->body ? strlen(r->body) : 0;
    return r->body ? 0 : -1;
  }
  g_count[h]++;
  for (int t = 0; t < g_nthrottle; t++)
    if (g_throttle[t].host == h && g_throttle[t].nth == g_count[h]) {
      r->status = 429;
      r->ctype = "text/plain";
      snprintf(r->extra, sizeof(r->extra), "Retry-After: %ld\r\n",
               g_throttle[t].secs);
      r->body = strdup("slow down\n");
      r->len = r->body ? strlen(r->body) : 0;
      return r->body ? 0 : -1;
    }
  if (!strcmp(path, "/feed.xml")) {
    r->ctype = "application/rss+xml";
    r->body = feed(h, hostport, &r->len);
  } else if (sscanf(path, "/news/%d.html%n", &i, &used) == 1 && !path[used] &&
             i >= 1 && i <= articles_of(h)) {
    r->ctype = "text/html; charset=utf-8";
    r->body = article(h, i, hostport, &r->len);
  } else {
    r->status = 404;
    r->ctype = "text/plain";
    r->body = strdup("not found\n");
    r->len = r->body ? strlen(r->body) : 0;
  }
  return r->body ? 0 : -1;
}
