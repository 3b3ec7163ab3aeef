/* URL helpers.  Returned strings are malloc'd; the caller frees them. */
#ifndef AF_URL_H
#define AF_URL_H

char *af__url_resolve(const char *base, const char *ref);
/* Lower-cased scheme and host, default port dropped, fragment and tracking
 * parameters (utm_*, fbclid, gclid, mc_cid, ...) removed. */
char *af__url_canonical(const char *url);

#endif /* AF_URL_H */
