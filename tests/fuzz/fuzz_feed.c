/* RSS, Atom, RDF and sitemap parsing (gzip included) on arbitrary bytes. */
#include "feed.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  af_feed *f = NULL;
  char err[256];
  if (af__feed_parse((const char *)data, size, "https://fuzz.test/feed.xml", &f,
                     err, sizeof(err)) == 0)
    af__feed_free(f);
  return 0;
}
