/* The state store: what earlier runs saw, in one SQLite file
 * (STATE_DIR/state.db, WAL).  Loop thread only.
 *
 * Ownership: strings returned through char ** are malloc'd and owned by the
 * caller (free()).  Functions return 0 / 1 (found) or a negative AF_E*.
 */
#ifndef AF_STATE_H
#define AF_STATE_H

#include <stddef.h>

typedef struct af_state af_state;

int af_state_open(const char *dir, af_state **out, char *err, size_t errlen);
void af_state_close(af_state *s);
const char *af_state_path(const af_state *s);

/* Free-form per-scope key/value (plugins' api->state_get/put). */
int af_state_kv_get(af_state *s, const char *scope, const char *key, char **out);
int af_state_kv_put(af_state *s, const char *scope, const char *key, const char *value);

/* HTTP validators for conditional requests, by URL. */
int af_state_validators_get(af_state *s, const char *url, char **etag,
                            char **last_modified);
int af_state_validators_put(af_state *s, const char *url, const char *etag,
                            const char *last_modified);

/* Documents: the last content hash and revision seen for a document id.
 * 1 when known (with *hash malloc'd and *revision set), 0 when new. */
int af_state_doc_get(af_state *s, const char *doc_id, char **hash, int *revision);
int af_state_doc_put(af_state *s, const char *doc_id, const char *url,
                     const char *hash, int revision);

/* What each sink holds: acknowledged (committed) document versions. */
int af_state_sink_has(af_state *s, const char *sink, const char *doc_id,
                      const char *hash);
int af_state_sink_ack(af_state *s, const char *sink, const char *doc_id,
                      const char *hash);

/* Group many writes into one transaction (begin/commit nest by count). */
int af_state_begin(af_state *s);
int af_state_commit(af_state *s);

#endif /* AF_STATE_H */
