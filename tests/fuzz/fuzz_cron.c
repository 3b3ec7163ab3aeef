/* Cron expressions: parsing, and the next matching time from a fixed
 * instant for whatever parses. */
#include "cron.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  af__cron c;
  char err[256];
  char *s = fz_str(data, size > 300 ? 300 : size);
  if (af__cron_parse(s, &c, err, sizeof(err)) == 0)
    af__cron_next(&c, 1796472000LL);
  free(s);
  return 0;
}
