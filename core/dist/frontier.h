/* engine = nats: what travels on the frontier, and where.  Pure (no
 * network): unit-tested in tests/dist/test_frontier.c.
 *
 * A frontier message is one unit of work for whichever worker gets it:
 *   {"source":"news","kind":"seed","url":"https://...","tick":29413}
 *   {"source":"news","kind":"page","url":"https://...","tag":"...","tick":29413}
 * `seed`: run the source's listing (published by the schedulers, `run`);
 * `page`: fetch the URL and hand the response to the source's `deliver`
 * with `tag` (a fetch the source handed off: plugin.h, since 2.2).
 * Its subject is the shard of the URL's host, so the shard's consumer
 * (MaxAckPending 1) keeps one request per host in flight cluster-wide.
 *
 * Ownership: af__frontier_msg owns its strings (af__frontier_msg_free). */
#ifndef AF_FRONTIER_H
#define AF_FRONTIER_H

#include <stddef.h>
#include <stdint.h>

enum af__frontier_kind { AF_FRONTIER_SEED = 1, AF_FRONTIER_PAGE = 2 };

typedef struct af__frontier_msg {
  char *source;
  int kind;
  char *url;
  char *tag; /* page only: the source's own words about the URL; may be NULL */
  int64_t tick;
  int conditional; /* page: send the stored validators */
} af__frontier_msg;

/* FNV-1a (32 bit) of the lower-cased host of `url`, modulo `shards`.
 * A URL without a host (file://, a bare name) uses its whole text. */
long af__frontier_shard(const char *url, long shards);
/* The host part of url into buf ("" when none), lower-cased. */
void af__frontier_host(const char *url, char *buf, size_t len);

/* JSON text of m (api free: free()); NULL on allocation failure. */
char *af__frontier_encode(const af__frontier_msg *m);
/* 0 and *m filled, or AF_EPARSE with the reason in err. */
int af__frontier_decode(const char *data, size_t len, af__frontier_msg *m, char *err,
                        size_t errlen);
void af__frontier_msg_free(af__frontier_msg *m);

/* The Nats-Msg-Id: "seed:SOURCE:TICK" or "page:SOURCE:TICK:HASH(url)",
 * so the stream's duplicate window folds the copies several schedulers
 * publish for one tick, and a later tick (a legitimate re-crawl) is new. */
void af__frontier_msg_id(const af__frontier_msg *m, char *buf, size_t len);

/* A shard's claim to a worker's next pull (larger first): the messages it
 * holds times the ms they have waited for this worker, counted from the
 * later of `since` (this worker last took one of it, or saw it get
 * messages) and at least 1.  A host with a longer queue gets its turns
 * more often, in proportion, as a polite crawler's hosts share its
 * connections; a host with one message still comes first once it has
 * waited long enough.  Saturates; 0 for an empty shard. */
uint64_t af__frontier_claim(uint64_t msgs, uint64_t since_ms, uint64_t now_ms);

/* The tick of a source at `now_s` for a schedule of `period_ms` (> 0). */
int64_t af__frontier_tick(int64_t now_s, long period_ms);

#endif /* AF_FRONTIER_H */
