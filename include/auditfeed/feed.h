/* Parsed feeds and sitemaps, as the host's feed_parse service returns them.
 *
 * Ownership: an af_feed and everything it points to belong to the core;
 * release it with api->feed_free.  Dates are ISO 8601 UTC or NULL.
 * Growth follows record.h: `size` first, members appended, entries
 * reached through pointers.
 */
#ifndef AUDITFEED_FEED_H
#define AUDITFEED_FEED_H

#include <stddef.h>

#include "record.h" /* AF_HAS_MEMBER, AF__TEST_GROWN_MEMBER */

typedef struct af_feed_entry {
  size_t size;           /* sizeof(af_feed_entry) of the core that made it */
  const char *id;        /* guid / atom:id, or NULL */
  const char *title;     /* plain text: entities decoded, markup stripped */
  const char *link;      /* absolute (resolved against xml:base and the feed URL) */
  const char *published; /* "2019-01-24T09:30:00Z" */
  const char *updated;   /* atom:updated, sitemap lastmod */
  const char *author;    /* author/name, dc:creator, RSS author */
  const char *summary;   /* plain text */
  AF__TEST_GROWN_MEMBER
} af_feed_entry;

typedef struct af_feed {
  size_t size;           /* sizeof(af_feed) of the core that made it */
  const char *format;    /* "rss", "atom", "rdf", "json", "cdf", "urlset", "sitemapindex" */
  const char *title;
  const char *link;
  const af_feed_entry *const *entries;
  size_t n_entries;
  AF__TEST_GROWN_MEMBER
} af_feed;

#endif /* AUDITFEED_FEED_H */
