/* Feed and sitemap parsing (libxml2, no network, no external entities).
 * The implementation behind api->feed_parse and `auditfeed feed`. */
#ifndef AF_FEED_H
#define AF_FEED_H

#include <stddef.h>

#include <auditfeed/feed.h>

int af__feed_parse(const char *body, size_t len, const char *base_url,
                  af_feed **out, char *err, size_t errlen);
void af__feed_free(af_feed *feed);

#endif /* AF_FEED_H */
