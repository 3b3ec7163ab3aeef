/* The disk spool: batches a sink could not commit, kept until it can.
 *
 * Layout: STATE_DIR/spool/SINK/<ms>-<pid>-<seq>.jsonl, one processed
 * document per line as af__doc_to_json(doc, 1) writes it.  A file is
 * written whole under a temporary name, synced, renamed and its directory
 * synced, so a file with the final name is complete; the engine removes
 * it only after the sink committed every document in it.
 *
 * Any thread, no shared state.  Ownership: arrays and documents returned
 * here belong to the caller (af__spool_list_free, af__doc_free). */
#ifndef AF_SPOOL_H
#define AF_SPOOL_H

#include <stddef.h>

#include "doc.h"

/* Writes docs[0..n) to a new spool file of `sink`; its path goes to path.
 * 0, or AF_EIO / AF_ENOMEM with the reason (and the path) in err. */
int af__spool_write(const char *state_dir, const char *sink,
                   const af_document *const *docs, size_t n, char *path,
                   size_t pathlen, char *err, size_t errlen);

/* The spool files of `sink`, oldest first (none: *n = 0). */
int af__spool_list(const char *state_dir, const char *sink, char ***files,
                  size_t *n);
void af__spool_list_free(char **files, size_t n);

/* The documents of one spool file.  A line that is not a document fails
 * the whole file with its line number in err: a damaged spool is never
 * half delivered and never deleted. */
int af__spool_read(const char *path, af__doc ***docs, size_t *n, char *err,
                  size_t errlen);

#endif /* AF_SPOOL_H */
