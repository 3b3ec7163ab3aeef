/* Placeholder until the URL helpers land: identity. */
#include "url.h"

#include <string.h>

char *af_url_resolve(const char *base, const char *ref) {
  (void)base;
  return ref ? strdup(ref) : NULL;
}

char *af_url_canonical(const char *url) { return url ? strdup(url) : NULL; }
