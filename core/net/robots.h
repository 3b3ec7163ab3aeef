/* robots.txt (RFC 9309): parse once per host, then answer "may this agent
 * fetch this path?".  Any thread; an af__robots is immutable once parsed.
 */
#ifndef AF_ROBOTS_H
#define AF_ROBOTS_H

#include <stddef.h>

typedef struct af__robots af__robots;

/* Keeps the rules of the group that names `agent` (the product token, e.g.
 * "auditfeed", matched case-insensitively), else those of "*".  NULL only
 * when out of memory. */
af__robots *af__robots_parse(const char *txt, size_t len, const char *agent);
/* A policy with no rules: allow_all 1 allows everything, 0 nothing. */
af__robots *af__robots_fixed(int allow_all);
/* `path` is the path plus query of the URL ("/a/b?x=1").  1 = allowed. */
int af__robots_allowed(const af__robots *r, const char *path);
/* The group's Crawl-delay in milliseconds, or -1 when it gives none. */
long af__robots_delay_ms(const af__robots *r);
void af__robots_free(af__robots *r);

#endif /* AF_ROBOTS_H */
