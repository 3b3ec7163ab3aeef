/* Shared by the landing page and PDF parsers: one group of a regular
 * expression's first match.  Any thread. */
#ifndef AF_NAO_MATCH_H
#define AF_NAO_MATCH_H

/* Group `group` (at most 3) of the first case-insensitive match of the
 * extended regular expression `pattern` in `text`, malloc'd; NULL when it
 * does not match, the group took no part, or the pattern is bad. */
char *nao_match(const char *text, const char *pattern, int group);

#endif /* AF_NAO_MATCH_H */
