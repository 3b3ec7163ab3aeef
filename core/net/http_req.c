/* One request of the HTTP client: easy-handle setup, the body sink with its
 * ceiling, classification of the outcome (deliver, retry or give up) and
 * the af_response handed to the caller. */
#include "http_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "charset.h"
#include "errors.h"
#include "gzip.h"
#include "log.h"
#include "retry.h"
#include "url.h"

/* A server asking for more than this gets it capped: one slow host must not
 * hold a run for an hour. */
#define AF_RETRY_AFTER_CAP_MS 120000L
#define AF_BACKOFF_CAP_MS 60000L

static size_t on_write(char *p, size_t sz, size_t nm, void *ud) {
  af__http_req *r = ud;
  size_t n = sz * nm;
  if (r->len + n > r->lim.max_body) {
    r->over_limit = 1;
    return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
  }
  if (r->len + n + 1 > r->cap) {
    size_t cap = r->cap ? r->cap : 16384;
    curl_off_t announced = -1;
    /* First chunk: size the buffer from Content-Length when it is given
     * (and sane), so a page is not copied through every doubling. */
    if (!r->cap && r->easy &&
        curl_easy_getinfo(r->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T,
                          &announced) == CURLE_OK &&
        announced > 0 && (size_t)announced < r->lim.max_body &&
        (size_t)announced + 1 > cap)
      cap = (size_t)announced + 1;
    char *nb;
    while (cap < r->len + n + 1)
      cap *= 2;
    if (cap > r->lim.max_body + 1)
      cap = r->lim.max_body + 1;
    nb = realloc(r->buf, cap);
    if (!nb)
      return 0;
    r->buf = nb;
    r->cap = cap;
  }
  memcpy(r->buf + r->len, p, n);
  r->len += n;
  return n;
}

/* Keeps the header block of the latest response (a redirect or a 100
 * starts a new one) so --record can store what the server said. */
static void keep_raw_header(af__http_req *r, const char *p, size_t n) {
  if (n >= 5 && !strncmp(p, "HTTP/", 5))
    r->raw_len = 0;
  if (r->raw_len + n > 65536)
    return;
  if (r->raw_len + n > r->raw_cap) {
    size_t cap = r->raw_cap ? r->raw_cap * 2 : 2048;
    char *nb;
    while (cap < r->raw_len + n)
      cap *= 2;
    nb = realloc(r->raw_hdrs, cap);
    if (!nb)
      return;
    r->raw_hdrs = nb;
    r->raw_cap = cap;
  }
  memcpy(r->raw_hdrs + r->raw_len, p, n);
  r->raw_len += n;
}

/* --record: the request header block exactly as libcurl sent it (the
 * last one, after any redirect), for the WARC request record. */
static int on_debug(CURL *e, curl_infotype type, char *p, size_t n, void *ud) {
  af__http_req *r = ud;
  (void)e;
  if (type != CURLINFO_HEADER_OUT || n > 65536)
    return 0;
  if (n > r->req_cap) {
    char *nb = realloc(r->req_hdrs, n);
    if (!nb)
      return 0;
    r->req_hdrs = nb;
    r->req_cap = n;
  }
  memcpy(r->req_hdrs, p, n);
  r->req_len = n;
  return 0;
}

static size_t on_header(char *p, size_t sz, size_t nm, void *ud) {
  af__http_req *r = ud;
  size_t n = sz * nm;
  if (r->h->rec)
    keep_raw_header(r, p, n);
  if (n > 9 && !strncasecmp(p, "location:", 9)) {
    size_t i = 9, l = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t'))
      i++;
    while (i + l < n && p[i + l] != '\r' && p[i + l] != '\n' &&
           l + 1 < sizeof(r->location))
      l++;
    memcpy(r->location, p + i, l);
    r->location[l] = '\0';
  }
  return n;
}

/* "http,https" minus file: a redirect may never land on a local file. */
static void redir_schemes(const char *in, char *out, size_t outlen) {
  const char *p = in;
  size_t o = 0;
  out[0] = '\0';
  while (*p) {
    size_t n;
    while (*p == ',' || *p == ' ')
      p++;
    n = strcspn(p, ", ");
    if (n && !(n == 4 && !strncasecmp(p, "file", 4)) && o + n + 2 < outlen) {
      if (o)
        out[o++] = ',';
      memcpy(out + o, p, n);
      o += n;
      out[o] = '\0';
    }
    p += n;
  }
}

static int add_header(af__http_req *r, const char *name, const char *value) {
  char line[1024];
  struct curl_slist *l;
  snprintf(line, sizeof(line), "%s: %s", name, value);
  l = curl_slist_append(r->hdrs, line);
  if (!l)
    return AF_ENOMEM;
  r->hdrs = l;
  return 0;
}

int af__http_req_start(af__http_req *r) {
  char redir[128], protos[160];
  CURL *e = curl_easy_init();
  CURLMcode mc;
  if (!e) {
    r->err = AF_ENOMEM;
    snprintf(r->errmsg, sizeof(r->errmsg), "curl_easy_init failed");
    return AF_ENOMEM;
  }
  r->easy = e;
  r->errbuf[0] = '\0';
  redir_schemes(r->schemes, redir, sizeof(redir));
  /* Defence in depth: curl itself refuses file unless schemes names it. */
  snprintf(protos, sizeof(protos), "%s%s%s", redir, redir[0] ? "," : "",
           r->is_file && af__http_scheme_allowed(r->schemes, "file") ? "file"
                                                                    : "");
  if (add_header(r, "Accept",
                 r->accept ? r->accept
                           : "text/html,application/xhtml+xml,application/xml;"
                             "q=0.9,*/*;q=0.8"))
    goto oom;
  if (r->conditional && r->h->state && !r->is_file) {
    char *etag = NULL, *lm = NULL;
    if (af__state_validators_get(r->h->state, r->url, &etag, &lm) > 0) {
      if ((etag && *etag && add_header(r, "If-None-Match", etag)) ||
          (lm && *lm && add_header(r, "If-Modified-Since", lm))) {
        free(etag);
        free(lm);
        goto oom;
      }
    }
    free(etag);
    free(lm);
  }
  curl_easy_setopt(e, CURLOPT_URL, r->file_url ? r->file_url : r->url);
  curl_easy_setopt(e, CURLOPT_PRIVATE, (char *)r);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  if (r->h->rec && !r->is_file) {
    /* --record keeps the body as it came over the wire, so curl must not
     * decode it; we do, after the archive has its copy.  Only the codings
     * zlib reads are offered. */
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "gzip, deflate");
    curl_easy_setopt(e, CURLOPT_HTTP_CONTENT_DECODING, 0L);
    curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, on_debug);
    curl_easy_setopt(e, CURLOPT_DEBUGDATA, r);
    curl_easy_setopt(e, CURLOPT_VERBOSE, 1L); /* feeds on_debug only */
  } else {
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
  }
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
  /* with HTTP/2, share one connection rather than opening one per stream */
  curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(e, CURLOPT_MAXREDIRS, r->lim.max_redirects);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, r->lim.connect_timeout_ms);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, r->lim.timeout_ms);
  curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)r->lim.max_body);
  curl_easy_setopt(e, CURLOPT_USERAGENT, r->ua);
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->hdrs);
  if (!redir[0]) /* schemes = file: nothing a redirect may go to */
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  if (curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, protos) != CURLE_OK ||
      (redir[0] &&
       curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, redir) != CURLE_OK)) {
    r->err = AF_EREFUSED;
    snprintf(r->errmsg, sizeof(r->errmsg), "unusable schemes setting \"%s\"",
             r->schemes);
    goto fail;
  }
  mc = curl_multi_add_handle(r->h->multi, e);
  if (mc != CURLM_OK) {
    r->err = AF_ENET;
    snprintf(r->errmsg, sizeof(r->errmsg), "curl_multi_add_handle: %s",
             curl_multi_strerror(mc));
    goto fail;
  }
  return 0;
oom:
  r->err = AF_ENOMEM;
  snprintf(r->errmsg, sizeof(r->errmsg), "out of memory");
fail:
  curl_easy_cleanup(e);
  r->easy = NULL;
  curl_slist_free_all(r->hdrs);
  r->hdrs = NULL;
  return r->err;
}

static char *header_dup(CURL *e, const char *name) {
  struct curl_header *hh = NULL;
  long nredir = 0;
  /* index of the last response received (-1 may name a refused redirect) */
  curl_easy_getinfo(e, CURLINFO_REDIRECT_COUNT, &nredir);
  if (curl_easy_header(e, name, 0, CURLH_HEADER, (int)nredir, &hh) !=
          CURLHE_OK ||
      !hh)
    return NULL;
  return strdup(hh->value);
}

/* Undoes a gzip or deflate Content-Encoding on r->buf (a body recorded or
 * replayed as it came over the wire), bounded by max_body.  0, or an
 * error set on r. */
static int decode_body(af__http_req *r, const char *coding) {
  int gzip = !strcasecmp(coding, "gzip") || !strcasecmp(coding, "x-gzip");
  if (!gzip && strcasecmp(coding, "deflate")) {
    if (!strcasecmp(coding, "identity"))
      return 0;
    r->err = AF_EPARSE;
    snprintf(r->errmsg, sizeof(r->errmsg),
             "unsupported Content-Encoding \"%.60s\"", coding);
    return r->err;
  }
  /* "deflate" is meant to be zlib-wrapped, but servers send it raw too. */
  for (int attempt = 0; attempt < 2; attempt++) {
    char *out, why[256];
    size_t n;
    int rc = af__inflate(r->buf, r->len,
                         attempt ? AF__INFLATE_RAW : AF__INFLATE_AUTO,
                         r->lim.max_body, &out, &n, why, sizeof(why));
    if (rc == 0) {
      free(r->buf);
      r->buf = out;
      r->len = n;
      r->cap = n + 1;
      return 0;
    }
    if (rc == AF_E2BIG || rc == AF_ENOMEM) {
      r->err = rc == AF_E2BIG ? AF_ELIMIT : rc;
      if (rc == AF_E2BIG)
        snprintf(r->errmsg, sizeof(r->errmsg),
                 "body exceeds max_body (%zu bytes) once decoded",
                 r->lim.max_body);
      else
        snprintf(r->errmsg, sizeof(r->errmsg), "out of memory decoding the body");
      return r->err;
    }
    if (gzip || attempt) {
      r->err = AF_EPARSE;
      snprintf(r->errmsg, sizeof(r->errmsg), "%s body that does not decode: %s",
               coding, why);
      return r->err;
    }
  }
  return 0; /* not reached */
}

/* Retry-After: delta-seconds or an HTTP-date; -1 when absent or unusable. */
static long retry_after_ms(CURL *e) {
  char *v = header_dup(e, "Retry-After");
  long ms = -1;
  if (v) {
    char *end;
    long s = strtol(v, &end, 10);
    if (end != v && !*end && s >= 0)
      ms = s > AF_RETRY_AFTER_CAP_MS / 1000 ? AF_RETRY_AFTER_CAP_MS : s * 1000;
    else {
      time_t t = curl_getdate(v, NULL), now = time(NULL);
      if (t != (time_t)-1)
        ms = t <= now ? 0
             : (t - now) > AF_RETRY_AFTER_CAP_MS / 1000
                 ? AF_RETRY_AFTER_CAP_MS
                 : (long)(t - now) * 1000;
    }
    free(v);
  }
  return ms;
}

/* Maps a curl failure to our code; sets *retry for transient ones. */
static int map_curl(af__http_req *r, CURLcode rc, int *retry) {
  *retry = 0;
  switch (rc) {
  case CURLE_OPERATION_TIMEDOUT:
    *retry = 1;
    return AF_ETIMEDOUT;
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_RESOLVE_PROXY:
  case CURLE_COULDNT_CONNECT:
  case CURLE_SEND_ERROR:
  case CURLE_RECV_ERROR:
  case CURLE_GOT_NOTHING:
  case CURLE_PARTIAL_FILE:
  case CURLE_HTTP2:
  case CURLE_HTTP2_STREAM:
  case CURLE_SSL_CONNECT_ERROR:
    *retry = 1;
    return AF_ENET;
  case CURLE_TOO_MANY_REDIRECTS:
    return AF_ELIMIT;
  case CURLE_UNSUPPORTED_PROTOCOL:
    return AF_EREFUSED;
  case CURLE_WRITE_ERROR:
    return r->over_limit ? AF_ELIMIT : AF_EIO;
  case CURLE_FILESIZE_EXCEEDED:
    return AF_ELIMIT;
  case CURLE_FILE_COULDNT_READ_FILE:
    return AF_ENOENT;
  case CURLE_BAD_CONTENT_ENCODING:
    return AF_EPARSE;
  case CURLE_URL_MALFORMAT:
    return AF_EINVAL;
  case CURLE_OUT_OF_MEMORY:
    return AF_ENOMEM;
  default:
    return AF_ENET;
  }
}

static void describe_curl(af__http_req *r, CURLcode rc, CURL *e) {
  if (rc == CURLE_UNSUPPORTED_PROTOCOL) {
    snprintf(r->errmsg, sizeof(r->errmsg),
             "redirect to a disallowed scheme refused: %.300s (schemes=%.100s)",
             r->location[0] ? r->location : r->errbuf, r->schemes);
  } else if (rc == CURLE_TOO_MANY_REDIRECTS) {
    snprintf(r->errmsg, sizeof(r->errmsg), "more than %ld redirects",
             r->lim.max_redirects);
  } else if (r->over_limit || rc == CURLE_FILESIZE_EXCEEDED) {
    snprintf(r->errmsg, sizeof(r->errmsg), "body exceeds max_body (%zu bytes)",
             r->lim.max_body);
  } else {
    snprintf(r->errmsg, sizeof(r->errmsg), "%s%s%s", curl_easy_strerror(rc),
             r->errbuf[0] ? ": " : "", r->errbuf);
  }
}

void af__http_req_finish(af__http_req *r, CURLcode rc) {
  af__http *h = r->h;
  CURL *e = r->easy;
  char *s = NULL;
  long ra = -1;
  int retry = 0;

  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r->status);
  /* A file is named as asked, not by the real path it was read from. */
  if (r->file_url)
    r->final_url = strdup(r->url);
  else if (curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &s) == CURLE_OK && s)
    r->final_url = strdup(s);
  s = NULL;
  if (curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &s) == CURLE_OK && s)
    r->ctype = strdup(s);
  r->etag = header_dup(e, "ETag");
  r->last_modified = header_dup(e, "Last-Modified");
  r->err = 0;
  r->errmsg[0] = '\0';
  r->not_modified = 0;

  if (rc != CURLE_OK) {
    r->err = map_curl(r, rc, &retry);
    describe_curl(r, rc, e);
  } else if (r->is_file) {
    r->status = 0;
  } else if (r->status == 304 && r->conditional) {
    r->not_modified = 1;
  } else if (r->status < 200 || r->status >= 300) {
    r->err = AF_EHTTP;
    snprintf(r->errmsg, sizeof(r->errmsg), "HTTP status %ld", r->status);
    if (r->status == 429 || r->status >= 500) {
      retry = 1;
      ra = retry_after_ms(e);
    }
  }

  r->retry_after = ra;

  if (h->rec && rc == CURLE_OK && !r->is_file) {
    if (af__warc_write(h->rec, r->url, r->final_url, r->status, r->raw_hdrs,
                      r->raw_len, r->buf ? r->buf : "", r->len, r->req_hdrs,
                      r->req_len) != 0)
      af__log_error(r->comp, "warc_write_failed", "url=\"%s\"", r->url);
    char *coding = header_dup(e, "Content-Encoding");
    if (coding && r->len && !r->err)
      decode_body(r, coding); /* sets r->err when the body is unusable */
    free(coding);
  }

  curl_multi_remove_handle(h->multi, e);
  curl_easy_cleanup(e);
  r->easy = NULL;
  curl_slist_free_all(r->hdrs);
  r->hdrs = NULL;
  r->src->active--;
  r->host->active--;
  af__http_unlink(h, r);

  if (retry && r->attempts <= r->lim.retries && !h->closing) {
    long d = (long)af__backoff_ms(r->lim.backoff_ms, r->attempts,
                                  AF_BACKOFF_CAP_MS, &h->rng);
    if (ra > d)
      d = ra;
    if (ra > 0) { /* the server asked the whole host to slow down */
      uint64_t until = uv_now(h->loop) + (uint64_t)ra;
      if (r->host->next_start < until)
        r->host->next_start = until;
    }
    af__log_debug(r->comp, "fetch_retry",
                 "trace=%s url=\"%s\" attempt=%d error=\"%s\" delay_ms=%ld",
                 r->trace, r->url, r->attempts, r->errmsg, d);
    af__http_req_reset(r);
    r->state = AF_RQ_WAIT;
    r->not_before = uv_now(h->loop) + (uint64_t)d;
    af__http_link(h, r, 1); /* it already waited its turn once */
    af__http_schedule(h);
    return;
  }
  if (r->err == AF_EHTTP && r->accept_any)
    r->err = 0, r->errmsg[0] = '\0';
  af__http_req_deliver(r);
  af__http_schedule(h); /* a slot is free */
}

static int redirect_allowed(const af__http_req *r, const char *url) {
  char redir[128];
  size_t n = strcspn(url, ":");
  const char *p;
  redir_schemes(r->schemes, redir, sizeof(redir));
  for (p = redir; *p;) {
    size_t l = strcspn(p, ",");
    if (l == n && !strncasecmp(p, url, n))
      return 1;
    p += l + (p[l] == ',');
  }
  return 0;
}

/* --replay: answer from the archive, following recorded redirects, with
 * the same outcome rules as a live transfer but no retries. */
void af__http_req_replay(af__http_req *r) {
  af__warc_hit hit;
  char buf[2048], *url = strdup(r->url);
  long hops = 0;
  r->err = 0;
  r->state = AF_RQ_DONE;
  while (url) {
    if (!af__warc_lookup(r->h->replay, url, &hit)) {
      r->err = AF_ENET;
      snprintf(r->errmsg, sizeof(r->errmsg), "not in the replay archive: %.400s",
               url);
      break;
    }
    if (hit.status >= 300 && hit.status < 400 &&
        af__warc_header(&hit, "Location", buf, sizeof(buf))) {
      char *next = af__url_resolve(url, buf);
      free(url);
      url = next;
      if (!url || ++hops > r->lim.max_redirects) {
        r->err = url ? AF_ELIMIT : AF_EINVAL;
        snprintf(r->errmsg, sizeof(r->errmsg), "more than %ld redirects",
                 r->lim.max_redirects);
        break;
      }
      if (!redirect_allowed(r, url)) {
        r->err = AF_EREFUSED;
        snprintf(r->errmsg, sizeof(r->errmsg),
                 "redirect to a disallowed scheme refused: %.300s", url);
        break;
      }
      continue;
    }
    r->status = hit.status;
    r->final_url = url;
    url = NULL;
    if (af__warc_header(&hit, "Content-Type", buf, sizeof(buf)))
      r->ctype = strdup(buf);
    if (af__warc_header(&hit, "ETag", buf, sizeof(buf)))
      r->etag = strdup(buf);
    if (af__warc_header(&hit, "Last-Modified", buf, sizeof(buf)))
      r->last_modified = strdup(buf);
    if (hit.blen > r->lim.max_body) {
      r->err = AF_ELIMIT;
      snprintf(r->errmsg, sizeof(r->errmsg), "body exceeds max_body (%zu bytes)",
               r->lim.max_body);
      break;
    }
    free(r->buf);
    r->buf = malloc(hit.blen + 1);
    if (!r->buf) {
      r->err = AF_ENOMEM;
      snprintf(r->errmsg, sizeof(r->errmsg), "out of memory");
      break;
    }
    memcpy(r->buf, hit.body, hit.blen);
    r->len = hit.blen;
    r->cap = hit.blen + 1;
    /* Archives keep bodies as they came over the wire. */
    if (r->len && af__warc_header(&hit, "Content-Encoding", buf, sizeof(buf)) &&
        decode_body(r, buf) != 0)
      break;
    if (r->status == 304 && r->conditional) {
      r->not_modified = 1;
    } else if (r->status < 200 || r->status >= 300) {
      r->err = r->accept_any ? 0 : AF_EHTTP;
      if (r->err)
        snprintf(r->errmsg, sizeof(r->errmsg), "HTTP status %ld", r->status);
    }
  }
  free(url);
}

/* "text/HTML; charset=ISO-8859-1" -> media "text/html", charset "ISO-8859-1" */
static void split_ctype(const char *ct, char *media, size_t ml, char *cs,
                        size_t cl) {
  size_t n = 0;
  const char *p;
  media[0] = cs[0] = '\0';
  if (!ct)
    return;
  while (*ct == ' ')
    ct++;
  while (ct[n] && ct[n] != ';' && ct[n] != ' ' && n + 1 < ml) {
    media[n] = (char)tolower((unsigned char)ct[n]);
    n++;
  }
  media[n] = '\0';
  p = strcasestr(ct, "charset=");
  if (p) {
    p += 8;
    while (*p == '"' || *p == '\'' || *p == ' ')
      p++;
    n = 0;
    while (p[n] && !strchr("\"'; ", p[n]) && n + 1 < cl) {
      cs[n] = p[n];
      n++;
    }
    cs[n] = '\0';
  }
}

static const char *guess_type(const char *url) {
  static const struct {
    const char *ext, *type;
  } map[] = {{".html", "text/html"},         {".htm", "text/html"},
             {".xhtml", "application/xhtml+xml"}, {".xml", "application/xml"},
             {".rss", "application/rss+xml"}, {".atom", "application/atom+xml"},
             {".txt", "text/plain"},         {".gz", "application/gzip"},
             {".json", "application/json"}};
  size_t ul = strcspn(url, "?#");
  for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
    size_t el = strlen(map[i].ext);
    if (ul > el && !strncasecmp(url + ul - el, map[i].ext, el))
      return map[i].type;
  }
  return "application/octet-stream";
}

void af__http_req_deliver(af__http_req *r) {
  af__http *h = r->h;
  af_response res = {.size = sizeof(res)};
  char media[128], cs[64], fetched[32], *conv = NULL, *used = NULL;
  size_t convlen = 0;
  time_t now = time(NULL);
  struct tm tm;

  gmtime_r(&now, &tm);
  strftime(fetched, sizeof(fetched), "%Y-%m-%dT%H:%M:%SZ", &tm);
  split_ctype(r->ctype, media, sizeof(media), cs, sizeof(cs));
  if (!media[0] && r->is_file && r->err == 0)
    snprintf(media, sizeof(media), "%s", guess_type(r->url));

  res.err = r->err;
  res.errmsg = r->err ? r->errmsg : NULL;
  res.status = r->status;
  res.not_modified = r->not_modified;
  res.url = r->url;
  res.final_url = r->final_url ? r->final_url : r->url;
  res.content_type = media[0] ? media : NULL;
  res.charset = cs[0] ? cs : NULL;
  res.etag = r->etag;
  res.last_modified = r->last_modified;
  res.fetched = fetched;
  res.attempts = r->attempts;
  res.seconds = (double)(uv_hrtime() - r->t0) / 1e9;
  res.trace_id = r->trace;
  res.retry_after_ms = (r->status == 429 || r->status >= 500) ? r->retry_after : -1;
  res.body = "";
  res.len = 0;

  if (r->err == 0 && r->len && !r->not_modified && af__charset_is_text(media)) {
    if (af__charset_to_utf8(r->buf, r->len, media, cs[0] ? cs : NULL, &conv,
                           &convlen, &used) == 0) {
      res.body = conv;
      res.len = convlen;
      if (used)
        res.charset = used;
    } else {
      res.err = AF_ENOMEM;
      res.errmsg = "out of memory decoding the body";
    }
  } else if (r->err == 0 && r->buf) {
    r->buf[r->len] = '\0'; /* on_write always leaves room for this */
    res.body = r->buf;
    res.len = r->len;
  }

  if (res.err == 0 && r->status == 200 && !r->is_robots &&
      (r->etag || r->last_modified)) {
    if (h->on_validators)
      h->on_validators(r->url, r->etag, r->last_modified, h->validators_ud);
  }

  if (res.err && res.err != AF_ECANCELED && !r->is_robots)
    af__log(res.err == AF_EROBOTS ? AF_LOG_INFO : AF_LOG_WARN, r->comp,
           "fetch_failed", "trace=%s url=\"%s\" attempts=%d error=%s reason=\"%s\"",
           r->trace, r->url, r->attempts, af_err_name(res.err),
           res.errmsg ? res.errmsg : "");
  if (!res.err && !r->is_robots)
    af__log_debug(r->comp, "fetched", "trace=%s url=\"%s\" status=%ld bytes=%zu attempts=%d ms=%.0f",
                 r->trace, r->url, res.status, res.len, res.attempts, res.seconds * 1000);
  r->cb(&res, r->ud);
  free(conv);
  free(used);
  af__http_req_free(r);
}

/* Forget the last attempt's outcome before trying again. */
void af__http_req_reset(af__http_req *r) {
  r->len = 0;
  r->over_limit = 0;
  r->location[0] = '\0';
  r->raw_len = 0;
  free(r->final_url);
  free(r->ctype);
  free(r->etag);
  free(r->last_modified);
  r->final_url = r->ctype = r->etag = r->last_modified = NULL;
}

void af__http_req_free(af__http_req *r) {
  if (!r)
    return;
  if (r->easy)
    curl_easy_cleanup(r->easy);
  curl_slist_free_all(r->hdrs);
  af__http_req_reset(r);
  free(r->raw_hdrs);
  free(r->req_hdrs);
  free(r->buf);
  free(r->url);
  free(r->comp);
  free(r->ua);
  free(r->schemes);
  free(r->file_url);
  free(r->accept);
  free(r);
}
