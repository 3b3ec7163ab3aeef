/* The HTML extractor on arbitrary bytes: pruning, libxml2's HTML parser,
 * the walk and scoring, metadata, reader comments (asked for when the
 * first byte is odd); and the plain-text path. */
#include "extract.h"
#include "fuzz_util.h"
#include "xint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  af__extracted x = {0};
  char err[256];
  char *pruned = NULL;
  size_t n = 0;
  if (af__xprune((const char *)data, size, &pruned, &n) == 0)
    free(pruned);
  af__extract_limits lim = {.comments = size && (data[0] & 1)};
  af__extract_html((const char *)data, size, "https://fuzz.test/a/b.html", &lim,
                   &x, err, sizeof(err));
  af__extracted_free(&x);
  memset(&x, 0, sizeof(x));
  af__extract_text((const char *)data, size, &x, err, sizeof(err));
  af__extracted_free(&x);
  return 0;
}
