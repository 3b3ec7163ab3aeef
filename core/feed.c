/* Placeholder until the feed parser lands. */
#include "feed.h"

#include <stdio.h>

#include <auditfeed/errno.h>

int af_feed_parse(const char *body, size_t len, const char *base_url,
                  af_feed **out, char *err, size_t errlen) {
  (void)body; (void)len; (void)base_url;
  *out = NULL;
  snprintf(err, errlen, "feed parsing not available");
  return AF_ENOSYS;
}

void af_feed_free(af_feed *feed) { (void)feed; }
