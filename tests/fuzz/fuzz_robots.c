/* robots.txt: parsing, then matching a few paths against what was kept. */
#include "fuzz_util.h"
#include "robots.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const paths[] = {"/", "/a/b?x=1", "/private/", "/%7Efoo",
                                      "/a$", "/*"};
  af__robots *r = af__robots_parse((const char *)data, size, "auditfeed");
  if (!r)
    return 0;
  for (size_t i = 0; i < sizeof(paths) / sizeof(*paths); i++)
    af__robots_allowed(r, paths[i]);
  /* The input's first line as a path too: patterns against odd paths. */
  char *s = fz_str(data, size > 512 ? 512 : size);
  s[strcspn(s, "\r\n")] = '\0';
  af__robots_allowed(r, s);
  free(s);
  af__robots_delay_ms(r);
  af__robots_free(r);
  return 0;
}
