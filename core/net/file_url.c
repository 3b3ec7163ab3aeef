#include "file_url.h"

#include <curl/curl.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <auditfeed/errno.h>

int af__path_below(const char *path, const char *root) {
  size_t n = strlen(root);
  while (n > 1 && root[n - 1] == '/') /* "/srv/x/" and "/" alike */
    n--;
  if (n == 1 && root[0] == '/')
    return path[0] == '/';
  return !strncmp(path, root, n) && (path[n] == '\0' || path[n] == '/');
}

/* The local path a file:// URL names, percent-decoded; NULL (with err) when
 * it names another host or cannot be parsed. */
static char *url_path(const char *url, int *rc, char *err, size_t errlen) {
  CURLU *u = curl_url();
  char *host = NULL, *path = NULL, *out = NULL;
  *rc = AF_EINVAL;
  if (!u) {
    *rc = AF_ENOMEM;
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
      curl_url_get(u, CURLUPART_PATH, &path, CURLU_URLDECODE) != CURLUE_OK) {
    snprintf(err, errlen, "malformed file URL");
    goto out;
  }
  if (curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host &&
      *host && strcasecmp(host, "localhost")) {
    snprintf(err, errlen, "a file URL must name no host (found %.100s)", host);
    goto out;
  }
  if (strlen(path) != strcspn(path, "\n")) {
    snprintf(err, errlen, "malformed file URL");
    goto out;
  }
  out = strdup(path);
  *rc = out ? 0 : AF_ENOMEM;
  if (!out)
    snprintf(err, errlen, "out of memory");
out:
  curl_free(host);
  curl_free(path);
  curl_url_cleanup(u);
  return out;
}

/* file:// plus the path with everything but unreserved characters and '/'
 * escaped, so curl reads exactly the path that was checked. */
static char *path_url(const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  size_t n = strlen(path);
  char *u = malloc(7 + 3 * n + 1), *p;
  if (!u)
    return NULL;
  p = stpcpy(u, "file://");
  for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
    if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
        (*s >= '0' && *s <= '9') || strchr("-._~/", *s)) {
      *p++ = (char)*s;
    } else {
      *p++ = '%';
      *p++ = hex[*s >> 4];
      *p++ = hex[*s & 15];
    }
  }
  *p = '\0';
  return u;
}

int af__file_url_resolve(const char *url, const char *root, char **resolved,
                         char *err, size_t errlen) {
  char *path, *real = NULL, *real_root = NULL;
  int rc;
  *resolved = NULL;
  if (!root || !*root) {
    snprintf(err, errlen, "file URLs need file_root");
    return AF_EREFUSED;
  }
  path = url_path(url, &rc, err, errlen);
  if (!path)
    return rc;
  rc = AF_EREFUSED;
  if (!(real_root = realpath(root, NULL))) {
    snprintf(err, errlen, "file_root %.200s: %s", root, strerror(errno));
  } else if (!(real = realpath(path, NULL))) {
    int e = errno;
    snprintf(err, errlen, "%s", strerror(e));
    rc = e == ENOMEM ? AF_ENOMEM : e == ENOENT ? AF_ENOENT : AF_EIO;
  } else if (!af__path_below(real, real_root)) {
    snprintf(err, errlen, "resolves to %.200s, outside file_root %.200s", real,
             real_root);
  } else if (!(*resolved = path_url(real))) {
    snprintf(err, errlen, "out of memory");
    rc = AF_ENOMEM;
  } else {
    rc = 0;
  }
  free(path);
  free(real);
  free(real_root);
  return rc;
}
