/* The spool reader: a spool file (JSON Lines of processed documents) back
 * into documents, and each one out to JSON again. */
#include "doc.h"
#include "fuzz_util.h"
#include "spool.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  af__doc **docs = NULL;
  size_t n = 0;
  char err[256];
  const char *path = fz_file("spool.jsonl", data, size);
  if (af__spool_read(path, &docs, &n, err, sizeof(err)) == 0) {
    for (size_t i = 0; i < n; i++) {
      free(af__doc_to_json_str(&docs[i]->pub, 1));
      af__doc_free(docs[i]);
    }
    free(docs);
  }
  return 0;
}
