/* robots.txt (RFC 9309): parse once per host, then answer "may this agent
 * fetch this path?".  Any thread; an af_robots is immutable once parsed.
 */
#ifndef AF_ROBOTS_H
#define AF_ROBOTS_H

#include <stddef.h>

typedef struct af_robots af_robots;

/* Keeps the rules of the group that names `agent` (the product token, e.g.
 * "auditfeed", matched case-insensitively), else those of "*".  NULL only
 * when out of memory. */
af_robots *af_robots_parse(const char *txt, size_t len, const char *agent);
/* A policy with no rules: allow_all 1 allows everything, 0 nothing. */
af_robots *af_robots_fixed(int allow_all);
/* `path` is the path plus query of the URL ("/a/b?x=1").  1 = allowed. */
int af_robots_allowed(const af_robots *r, const char *path);
/* The group's Crawl-delay in milliseconds, or -1 when it gives none. */
long af_robots_delay_ms(const af_robots *r);
void af_robots_free(af_robots *r);

#endif /* AF_ROBOTS_H */
