/* Both date parsers: the extractor's (pages' dates in every human form)
 * and the feeds' (RFC 822, ISO 8601). */
#include "feed_date.h"
#include "fuzz_util.h"
#include "xint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char out[64];
  char *s = fz_str(data, size > 4096 ? 4096 : size);
  free(af__feed_date(s));
  af__date_parse(s, out, sizeof(out));
  af__date_parse(s, out, 8); /* a short buffer is refused, never overrun */
  free(s);
  return 0;
}
