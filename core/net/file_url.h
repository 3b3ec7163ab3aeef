/* The file:// policy of the HTTP client: a file:// URL is read only when
 * the source's `schemes` names file and the path, resolved with realpath
 * (symlinks, "." and ".." followed), lies below the source's `file_root`.
 * A feed read from disk therefore cannot make the rest of the disk
 * readable by listing file:///etc/passwd or ../../secret.
 *
 * Ownership: *resolved is malloc'd and owned by the caller.
 */
#ifndef AF_FILE_URL_H
#define AF_FILE_URL_H

#include <stddef.h>

/* `url` is a file:// URL.  On success 0 and *resolved is a file:// URL of
 * the real path (the one curl is given, so what was checked is what is
 * read).  Otherwise AF_EREFUSED (outside the root, no root, unresolvable)
 * or AF_EINVAL (a remote host, a malformed URL), with why in err. */
int af__file_url_resolve(const char *url, const char *root, char **resolved,
                         char *err, size_t errlen);

/* 1 when `path` is `root` or lies below it (both already real paths). */
int af__path_below(const char *path, const char *root);

#endif /* AF_FILE_URL_H */
