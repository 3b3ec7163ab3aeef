/* The state store: what earlier runs saw, in one SQLite file
 * (STATE_DIR/state.db, WAL).  Loop thread only.
 *
 * Ownership: strings returned through char ** are malloc'd and owned by the
 * caller (free()).  Functions return 0 / 1 (found) or a negative AF_E*.
 */
#ifndef AF_STATE_H
#define AF_STATE_H

#include <stddef.h>

typedef struct af__state af__state;
struct sqlite3;

/* Create `dir` and its missing parents (0755): 0 or -errno.  The state
 * directory is made by whoever needs it first (the store, the run lock). */
int af__mkdir_p(const char *dir);

int af__state_open(const char *dir, af__state **out, char *err, size_t errlen);
/* run --dry-run: the store as an in-memory copy of DIR/state.db (empty
 * when there is none), read without writing or creating anything in DIR;
 * every later write goes to the copy and is gone on af__state_close. */
int af__state_open_snapshot(const char *dir, af__state **out, char *err,
                           size_t errlen);
/* check-config: whether af__state_open could open `dir`, found out without
 * creating or opening anything.  0 or AF_E* with the reason in err. */
int af__state_check(const char *dir, char *err, size_t errlen);
void af__state_close(af__state *s);
const char *af__state_path(const af__state *s);
/* The database handle, for the store's other modules (reports.c). */
struct sqlite3 *af__state_db(af__state *s);

/* Free-form per-scope key/value (plugins' api->state_get/put). */
int af__state_kv_get(af__state *s, const char *scope, const char *key, char **out);
int af__state_kv_put(af__state *s, const char *scope, const char *key, const char *value);
int af__state_kv_del(af__state *s, const char *scope, const char *key);

/* Every key of `scope` in key order: cb(key, value, ud) until it returns
 * non-zero.  0, or AF_E*. */
int af__state_kv_list(af__state *s, const char *scope,
                     int (*cb)(const char *key, const char *value, void *ud),
                     void *ud);

/* For each sink, how many document versions it holds: cb(sink, n, ud)
 * until it returns non-zero.  0, or AF_E*. */
int af__state_sink_counts(af__state *s, int (*cb)(const char *sink, long n, void *ud),
                         void *ud);

/* HTTP validators for conditional requests, by URL. */
int af__state_validators_get(af__state *s, const char *url, char **etag,
                            char **last_modified);
int af__state_validators_put(af__state *s, const char *url, const char *etag,
                            const char *last_modified);

/* Documents: the last content hash and revision seen for a document id.
 * 1 when known (with *hash malloc'd and *revision set), 0 when new. */
int af__state_doc_get(af__state *s, const char *doc_id, char **hash, int *revision);
int af__state_doc_put(af__state *s, const char *doc_id, const char *url,
                     const char *hash, int revision);

/* What each sink holds: acknowledged (committed) document versions. */
int af__state_sink_has(af__state *s, const char *sink, const char *doc_id,
                      const char *hash);
int af__state_sink_ack(af__state *s, const char *sink, const char *doc_id,
                      const char *hash);

/* Group many writes into one transaction (begin/commit nest by count). */
int af__state_begin(af__state *s);
int af__state_commit(af__state *s);

#endif /* AF_STATE_H */
