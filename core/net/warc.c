/* WARC 1.1 writer and replay index (see warc.h). */
#include "warc.h"

#include "paths.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <zlib.h>

#include <auditfeed/array.h>
#include <auditfeed/errno.h>

#define AF_WARC_MAX_FILE (2ul << 30) /* replay reads whole files */
#define AF_WARC_USER_AGENT "auditfeed/0.1"

typedef struct warc_entry {
  char *url;
  long status;
  char *headers;
  size_t hlen;
  char *body;
  size_t blen;
  size_t seq; /* load order: the last record for a URL wins */
} warc_entry;

struct af__warc {
  FILE *out;
  warc_entry *e;
  size_t n, cap;
};

/* ---- writing ----------------------------------------------------------- */

static void warc_date(char *buf, size_t n) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void uuid4(char *buf, size_t n) {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof(b)) != 1) { /* still unique enough per run */
    for (size_t i = 0; i < sizeof(b); i++)
      b[i] = (unsigned char)rand();
  }
  b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
  b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
  snprintf(buf, n,
           "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
           b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10],
           b[11], b[12], b[13], b[14], b[15]);
}

/* "sha1:" + RFC 4648 base32 of the SHA-1 of the two parts, the digest
 * form web-archive tools expect in WARC-*-Digest. */
static void sha1_base32(const char *b1, size_t l1, const char *b2, size_t l2,
                        char out[40]) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  unsigned char d[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  memcpy(out, "sha1:", 5);
  out[5] = '\0';
  if (!ctx)
    return;
  EVP_DigestInit_ex(ctx, EVP_sha1(), NULL);
  if (l1)
    EVP_DigestUpdate(ctx, b1, l1);
  if (l2)
    EVP_DigestUpdate(ctx, b2, l2);
  EVP_DigestFinal_ex(ctx, d, &n);
  EVP_MD_CTX_free(ctx);
  size_t o = 5;
  unsigned int buf = 0, bits = 0;
  for (unsigned int i = 0; i < n; i++) { /* 20 bytes -> 32 characters */
    buf = (buf << 8) | d[i];
    bits += 8;
    while (bits >= 5) {
      out[o++] = alphabet[(buf >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  out[o] = '\0';
}

/* One record, written as its own gzip member so readers can seek to any
 * record and a torn tail loses only the last one.  `id` (may be NULL) is
 * the record id to use; `concurrent` names a related record; `payload_at`
 * is where the HTTP payload starts inside the block (for its digest). */
static int write_record(af__warc *w, const char *type, const char *uri,
                        const char *ctype, const char *b1, size_t l1,
                        const char *b2, size_t l2, const char *id_in,
                        const char *concurrent, size_t payload_at) {
  char date[32], id[40], block_digest[40], payload_digest[40], head[10240];
  int hn;
  warc_date(date, sizeof(date));
  if (id_in)
    snprintf(id, sizeof(id), "%s", id_in);
  else
    uuid4(id, sizeof(id));
  sha1_base32(b1, l1, b2, l2, block_digest);
  hn = snprintf(head, sizeof(head),
                "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\n"
                "WARC-Date: %s\r\nWARC-Block-Digest: %s\r\n",
                type, id, date, block_digest);
  if (payload_at && payload_at <= l1) {
    sha1_base32(b1 + payload_at, l1 - payload_at, b2, l2, payload_digest);
    hn += snprintf(head + hn, sizeof(head) - (size_t)hn,
                   "WARC-Payload-Digest: %s\r\n", payload_digest);
  }
  if (uri)
    hn += snprintf(head + hn, sizeof(head) - (size_t)hn,
                   "WARC-Target-URI: %s\r\n", uri);
  if (concurrent)
    hn += snprintf(head + hn, sizeof(head) - (size_t)hn,
                   "WARC-Concurrent-To: <urn:uuid:%s>\r\n", concurrent);
  hn += snprintf(head + hn, sizeof(head) - (size_t)hn,
                 "Content-Type: %s\r\nContent-Length: %zu\r\n\r\n", ctype,
                 l1 + l2);
  if (hn < 0 || (size_t)hn >= sizeof(head))
    return AF_E2BIG;

  z_stream z = {0};
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return AF_ENOMEM;
  const struct { const char *p; size_t n; } parts[] = {
      {head, (size_t)hn}, {b1, l1}, {b2, l2}, {"\r\n\r\n", 4}};
  unsigned char out[65536];
  int rc = 0;
  for (size_t i = 0; i < 4 && !rc; i++) {
    z.next_in = (Bytef *)(uintptr_t)parts[i].p;
    z.avail_in = (uInt)parts[i].n;
    int flush = i == 3 ? Z_FINISH : Z_NO_FLUSH;
    int zr;
    do {
      z.next_out = out;
      z.avail_out = sizeof(out);
      zr = deflate(&z, flush);
      size_t have = sizeof(out) - z.avail_out;
      if (have && fwrite(out, 1, have, w->out) != have)
        rc = AF_EIO;
    } while (!rc && (z.avail_out == 0 || (flush == Z_FINISH && zr != Z_STREAM_END)));
  }
  deflateEnd(&z);
  if (!rc && fflush(w->out) != 0)
    rc = AF_EIO;
  return rc;
}

int af__warc_open_writer(const char *dir, af__warc **out, char *err,
                        size_t errlen) {
  char path[4096], stamp[32], id[40];
  static const char info[] = "software: auditfeed/0.1\r\n"
                             "format: WARC File Format 1.1\r\n";
  time_t t = time(NULL);
  struct tm tm;
  af__warc *w;
  *out = NULL;
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
    snprintf(err, errlen, "cannot create WARC directory %s: %s", dir,
             strerror(errno));
    return AF_EIO;
  }
  gmtime_r(&t, &tm);
  strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", &tm);
  uuid4(id, sizeof(id)); /* two clients in one second and process */
  snprintf(path, sizeof(path), "%s/auditfeed-%s-%ld-%.8s.warc.gz", dir, stamp,
           (long)getpid(), id);
  w = calloc(1, sizeof(*w));
  if (!w)
    return AF_ENOMEM;
  w->out = fopen(path, "wbx");
  if (!w->out) {
    snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
    free(w);
    return AF_EIO;
  }
  if (write_record(w, "warcinfo", NULL, "application/warc-fields", info,
                   sizeof(info) - 1, NULL, 0, NULL, NULL, 0)) {
    snprintf(err, errlen, "cannot write %s", path);
    af__warc_close(w);
    return AF_EIO;
  }
  *out = w;
  return 0;
}

/* The stored body is the payload as sent, content coding included, but
 * with libcurl's de-chunking done and a length of our own: those two
 * headers would no longer be true. */
static int drop_header(const char *line, size_t n) {
  static const char *const names[] = {"transfer-encoding:", "content-length:",
                                      NULL};
  for (size_t i = 0; names[i]; i++) {
    size_t l = strlen(names[i]);
    if (n >= l && !strncasecmp(line, names[i], l))
      return 1;
  }
  return 0;
}

int af__warc_write(af__warc *w, const char *url, const char *final_url,
                  long status, const char *headers, size_t hlen,
                  const char *body, size_t blen, const char *request,
                  size_t rlen) {
  char *blk, *o;
  const char *p = headers, *end = headers ? headers + hlen : NULL;
  int rc;
  if (!w || !w->out)
    return AF_EINVAL;
  blk = malloc(hlen + 128);
  if (!blk)
    return AF_ENOMEM;
  o = blk;
  if (!headers || hlen < 5 || strncmp(headers, "HTTP/", 5)) {
    o += sprintf(o, "HTTP/1.1 %ld X\r\n", status);
    p = end = NULL;
  }
  while (p && p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
    size_t t = n;
    while (t && (p[t - 1] == '\r'))
      t--;
    if (t && !drop_header(p, t)) {
      memcpy(o, p, t);
      o += t;
      *o++ = '\r';
      *o++ = '\n';
    }
    p += n + (eol != NULL);
  }
  o += sprintf(o, "Content-Length: %zu\r\n\r\n", blen);
  char resp_id[40];
  uuid4(resp_id, sizeof(resp_id));
  const char *target = final_url ? final_url : url;
  rc = write_record(w, "response", target, "application/http;msgtype=response",
                    blk, (size_t)(o - blk), body, blen, resp_id, NULL,
                    (size_t)(o - blk));
  free(blk);
  if (!rc && request && rlen > 4 && !memcmp(request + rlen - 4, "\r\n\r\n", 4)) {
    /* The request header block exactly as the client sent it. */
    rc = write_record(w, "request", target, "application/http;msgtype=request",
                      request, rlen, NULL, 0, NULL, resp_id, 0);
  } else if (!rc) {
    /* Unknown (an HTTP/2 exchange libcurl showed otherwise): in outline,
     * method, path, host. */
    char req[9000], host[1024] = "", path[8192] = "/";
    const char *hs = strstr(target, "://");
    if (hs) {
      hs += 3;
      const char *ps = strchr(hs, '/');
      size_t hl = ps ? (size_t)(ps - hs) : strlen(hs);
      snprintf(host, sizeof(host), "%.*s", (int)(hl < 1000 ? hl : 1000), hs);
      if (ps)
        snprintf(path, sizeof(path), "%s", ps);
    }
    char *frag = strchr(path, '#');
    if (frag)
      *frag = '\0';
    int rn = snprintf(req, sizeof(req),
                      "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\n"
                      "Accept-Encoding: gzip, deflate\r\n\r\n",
                      path, host, AF_WARC_USER_AGENT);
    if (rn > 0 && (size_t)rn < sizeof(req))
      rc = write_record(w, "request", target, "application/http;msgtype=request",
                        req, (size_t)rn, NULL, 0, NULL, resp_id, 0);
  }
  if (!rc && final_url && strcmp(url, final_url)) {
    char *redir = NULL;
    int n = asprintf(&redir, "HTTP/1.1 302 Found\r\nLocation: %s\r\n"
                             "Content-Length: 0\r\n\r\n", final_url);
    if (n < 0)
      return AF_ENOMEM;
    rc = write_record(w, "response", url, "application/http;msgtype=response",
                      redir, (size_t)n, NULL, 0, NULL, NULL, (size_t)n);
    free(redir);
  }
  return rc;
}

/* ---- replay -------------------------------------------------------------- */

static const char *find_crlf2(const char *p, const char *end) {
  for (; p + 3 < end; p++)
    if (p[0] == '\r' && p[1] == '\n' && p[2] == '\r' && p[3] == '\n')
      return p;
  return NULL;
}

/* Value of `name` in a CRLF header block [p, end), copied to buf. */
static const char *header_in(const char *p, const char *end, const char *name,
                             char *buf, size_t buflen) {
  size_t nl = strlen(name);
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    const char *le = eol ? eol : end;
    if ((size_t)(le - p) > nl && !strncasecmp(p, name, nl) && p[nl] == ':') {
      const char *v = p + nl + 1;
      size_t n;
      while (v < le && (*v == ' ' || *v == '\t'))
        v++;
      n = (size_t)(le - v);
      while (n && (v[n - 1] == '\r' || v[n - 1] == ' '))
        n--;
      if (n >= buflen)
        n = buflen - 1;
      memcpy(buf, v, n);
      buf[n] = '\0';
      return buf;
    }
    p = eol ? eol + 1 : end;
  }
  return NULL;
}

const char *af__warc_header(const af__warc_hit *hit, const char *name, char *buf,
                           size_t buflen) {
  return hit->headers ? header_in(hit->headers, hit->headers + hit->hlen, name,
                                  buf, buflen)
                      : NULL;
}

static int add_entry(af__warc *w, const char *uri, const char *blk, size_t n) {
  const char *end = blk + n, *hend, *eol;
  warc_entry *e;
  long status;
  if (n < 12 || strncmp(blk, "HTTP/", 5))
    return 0;
  eol = memchr(blk, '\n', n);
  hend = find_crlf2(blk, end);
  if (!eol || !hend || sscanf(strchr(blk, ' ') ? strchr(blk, ' ') : blk, "%ld",
                              &status) != 1)
    return 0;
  if (af_grow(&w->e, &w->cap, w->n, sizeof(*w->e), 256))
    return AF_ENOMEM;
  e = &w->e[w->n];
  memset(e, 0, sizeof(*e));
  e->status = status;
  e->url = strdup(uri);
  e->hlen = (size_t)(hend + 2 - (eol + 1));
  e->headers = malloc(e->hlen + 1);
  e->blen = (size_t)(end - (hend + 4));
  e->body = malloc(e->blen + 1);
  if (!e->url || !e->headers || !e->body) {
    free(e->url);
    free(e->headers);
    free(e->body);
    return AF_ENOMEM;
  }
  memcpy(e->headers, eol + 1, e->hlen);
  e->headers[e->hlen] = '\0';
  memcpy(e->body, hend + 4, e->blen);
  e->body[e->blen] = '\0';
  e->seq = w->n++;
  return 0;
}

static int load_file(af__warc *w, const char *path, char *err, size_t errlen) {
  /* Plain and gzip files alike, member after member (af__read_file). */
  char *buf = NULL, *p, *end, type[64], uri[8192], len[32];
  size_t size = 0;
  int rc = af__read_file(path, AF_WARC_MAX_FILE, &buf, &size);
  if (rc) {
    snprintf(err, errlen, "cannot read %s: %s", path,
             rc == AF_E2BIG    ? "larger than the replay limit unpacked"
             : rc == AF_EPARSE ? "corrupt gzip data"
                               : strerror(rc < 0 && rc > -4096 ? -rc : EIO));
    return rc;
  }
  p = buf;
  end = buf + size;
  while (p < end && !rc) {
    const char *hend;
    size_t cl;
    while (p < end && (*p == '\r' || *p == '\n'))
      p++;
    if (p >= end)
      break;
    hend = find_crlf2(p, end);
    if (strncmp(p, "WARC/1.", 7) || !hend ||
        !header_in(p, hend + 2, "Content-Length", len, sizeof(len))) {
      snprintf(err, errlen, "%s: not a WARC record at byte %ld", path,
               (long)(p - buf));
      rc = AF_EPARSE;
      break;
    }
    cl = strtoul(len, NULL, 10);
    if (cl > (size_t)(end - (hend + 4))) {
      snprintf(err, errlen, "%s: truncated record at byte %ld", path,
               (long)(p - buf));
      rc = AF_EPARSE;
      break;
    }
    if (header_in(p, hend + 2, "WARC-Type", type, sizeof(type)) &&
        !strcmp(type, "response") &&
        header_in(p, hend + 2, "WARC-Target-URI", uri, sizeof(uri)))
      rc = add_entry(w, uri, hend + 4, cl);
    p = (char *)hend + 4 + cl;
  }
  free(buf);
  return rc;
}

static int entry_cmp(const void *a, const void *b) {
  const warc_entry *x = a, *y = b;
  int c = strcmp(x->url, y->url);
  return c ? c : (x->seq < y->seq ? -1 : x->seq > y->seq);
}

int af__warc_open_reader(const char *dir, af__warc **out, char *err,
                        size_t errlen) {
  DIR *d = opendir(dir);
  struct dirent *de;
  af__warc *w;
  int rc = 0;
  *out = NULL;
  if (!d) {
    snprintf(err, errlen, "cannot open WARC directory %s: %s", dir,
             strerror(errno));
    return AF_ENOENT;
  }
  w = calloc(1, sizeof(*w));
  if (!w) {
    closedir(d);
    return AF_ENOMEM;
  }
  while (!rc && (de = readdir(d))) {
    size_t n = strlen(de->d_name);
    char path[4096];
    if (!(n > 5 && !strcmp(de->d_name + n - 5, ".warc")) &&
        !(n > 8 && !strcmp(de->d_name + n - 8, ".warc.gz")))
      continue;
    snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
    rc = load_file(w, path, err, errlen);
  }
  closedir(d);
  if (rc) {
    af__warc_close(w);
    return rc;
  }
  if (w->n)
    qsort(w->e, w->n, sizeof(*w->e), entry_cmp);
  *out = w;
  return 0;
}

int af__warc_lookup(const af__warc *w, const char *url, af__warc_hit *hit) {
  size_t lo = 0, hi = w ? w->n : 0;
  const warc_entry *e;
  while (lo < hi) { /* last index whose url <= target */
    size_t mid = (lo + hi) / 2;
    if (strcmp(w->e[mid].url, url) <= 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (!lo || strcmp(w->e[lo - 1].url, url))
    return 0;
  e = &w->e[lo - 1];
  hit->status = e->status;
  hit->headers = e->headers;
  hit->hlen = e->hlen;
  hit->body = e->body;
  hit->blen = e->blen;
  return 1;
}

void af__warc_close(af__warc *w) {
  if (!w)
    return;
  if (w->out)
    fclose(w->out);
  for (size_t i = 0; i < w->n; i++) {
    free(w->e[i].url);
    free(w->e[i].headers);
    free(w->e[i].body);
  }
  free(w->e);
  free(w);
}
