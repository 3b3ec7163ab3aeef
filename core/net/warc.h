/* WARC 1.1 (ISO 28500) record and replay for the HTTP client (--record /
 * --replay).
 *
 * Recording writes one file per client, DIR/auditfeed-STAMP-PID-RAND.warc.gz,
 * each record its own gzip member: a warcinfo record, then for every HTTP
 * response the client accepted a `response` record and a `request` record
 * (WARC-Concurrent-To the response), each with WARC-Record-ID, WARC-Date,
 * WARC-Target-URI, WARC-Block-Digest and, for responses,
 * WARC-Payload-Digest (sha1, base32).  The payload is the response as
 * delivered: libcurl has already removed transfer and content codings, so
 * Content-Encoding and Transfer-Encoding are dropped and Content-Length
 * states the stored body.  A redirected request also gets a short
 * synthetic 302 response record for the URL that was asked for.
 *
 * Replay loads every *.warc and *.warc.gz file in DIR and answers fetches
 * from the response records, by exact URL, without touching the network;
 * the last record for a URL wins.
 *
 * Ownership: af__warc_lookup's hit points into the reader and stays valid
 * until af__warc_close.  Loop thread only.
 */
#ifndef AF_WARC_H
#define AF_WARC_H

#include <stddef.h>

typedef struct af__warc af__warc;

int af__warc_open_writer(const char *dir, af__warc **out, char *err,
                        size_t errlen);
int af__warc_open_reader(const char *dir, af__warc **out, char *err,
                        size_t errlen);
void af__warc_close(af__warc *w);

/* `headers`: the response's header block as received, status line first,
 * CRLF-separated (may be NULL: a minimal one is made from `status`).
 * `request`: the request's header block as sent, or NULL for an outline. */
int af__warc_write(af__warc *w, const char *url, const char *final_url,
                  long status, const char *headers, size_t hlen,
                  const char *body, size_t blen, const char *request,
                  size_t rlen);

typedef struct af__warc_hit {
  long status;
  const char *headers; /* header lines without the status line, CRLF-separated */
  size_t hlen;
  const char *body;
  size_t blen;
} af__warc_hit;

/* 1 and *hit when `url` was recorded, else 0. */
int af__warc_lookup(const af__warc *w, const char *url, af__warc_hit *hit);
/* The value of header `name` in a hit, copied into buf; NULL if absent. */
const char *af__warc_header(const af__warc_hit *hit, const char *name, char *buf,
                           size_t buflen);

#endif /* AF_WARC_H */
