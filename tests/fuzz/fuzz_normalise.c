/* The normaliser over arbitrary text, through the same path a document
 * takes on the thread pool (plain-text extraction, paragraphs, findings,
 * ids), with the project's own rules. */
#include "doc.h"
#include "fuzz_util.h"
#include "normalise.h"

static af__norm_rules *rules;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  char err[512];
  const char *dir = getenv("AF_RULES_DIR");
  (void)argc;
  (void)argv;
  if (af__norm_rules_load(dir ? dir : AF_SOURCE_DIR "/config/normaliser", &rules,
                          err, sizeof(err))) {
    fprintf(stderr, "fuzz_normalise: %s\n", err);
    abort();
  }
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  af__doc *d = af__doc_new("https://fuzz.test/news/a.txt");
  if (!d)
    return 0;
  if (af__doc_set_body(d, "text/plain", (const char *)data, size) == 0)
    af__doc_process(d, rules, AF_DEDUP_CANONICAL);
  af__doc_free(d);
  return 0;
}
