/* URL helpers on libcurl's URL API (RFC 3986 resolution, dot segments). */
#include "url.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

/* Query parameters that identify a campaign or a click, not a document. */
static int is_tracking(const char *p, size_t n) {
  static const char *const names[] = {
      "fbclid", "gclid",  "dclid",   "gclsrc", "msclkid", "mc_cid",
      "mc_eid", "_ga",    "_gl",     "yclid",  "ref_src", "igshid",
      "mkt_tok", "_hsenc", "_hsmi",  "wt_mc",  "ocid",    "cmpid",
      NULL};
  if (n >= 4 && !strncasecmp(p, "utm_", 4))
    return 1;
  for (size_t i = 0; names[i]; i++)
    if (strlen(names[i]) == n && !strncasecmp(p, names[i], n))
      return 1;
  return 0;
}

static char *trim_dup(const char *s) {
  size_t n;
  while (*s && isspace((unsigned char)*s))
    s++;
  n = strlen(s);
  while (n && isspace((unsigned char)s[n - 1]))
    n--;
  return strndup(s, n);
}

char *af__url_resolve(const char *base, const char *ref) {
  const unsigned flags = CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE;
  CURLU *u;
  char *r, *out = NULL, *tmp = NULL;
  if (!ref)
    return NULL;
  r = trim_dup(ref);
  u = curl_url();
  if (!r || !u)
    goto done;
  if (base && *base &&
      curl_url_set(u, CURLUPART_URL, base, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
    goto done; /* a relative ref needs a usable base */
  /* "#part" keeps the base's path and query (RFC 3986 5.2.2); libcurl
   * takes it for a path segment. */
  if ((r[0] == '#' && base && *base
           ? curl_url_set(u, CURLUPART_FRAGMENT, r[1] ? r + 1 : NULL, flags)
           : curl_url_set(u, CURLUPART_URL, r, flags)) != CURLUE_OK ||
      curl_url_get(u, CURLUPART_URL, &tmp, 0) != CURLUE_OK)
    goto done;
  out = strdup(tmp);
done:
  curl_free(tmp);
  curl_url_cleanup(u);
  free(r);
  return out;
}

/* Drops tracking parameters; NULL when nothing is left. */
static char *filter_query(const char *q) {
  size_t n = strlen(q), o = 0;
  char *out = malloc(n + 1);
  const char *p = q;
  if (!out)
    return NULL;
  while (*p) {
    size_t len = strcspn(p, "&"), key = strcspn(p, "=&");
    if (len && !is_tracking(p, key)) {
      if (o)
        out[o++] = '&';
      memcpy(out + o, p, len);
      o += len;
    }
    p += len;
    if (*p == '&')
      p++;
  }
  out[o] = '\0';
  if (!o) {
    free(out);
    return NULL;
  }
  return out;
}

char *af__url_canonical(const char *url) {
  CURLU *u = curl_url();
  char *host = NULL, *query = NULL, *nq = NULL, *tmp = NULL, *out = NULL;
  if (!u || !url)
    goto done;
  if (curl_url_set(u, CURLUPART_URL, url,
                   CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE) != CURLUE_OK)
    goto done;
  if (curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host) {
    for (char *c = host; *c; c++)
      *c = (char)tolower((unsigned char)*c);
    if (curl_url_set(u, CURLUPART_HOST, host, 0) != CURLUE_OK)
      goto done;
  }
  curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0);
  if (curl_url_get(u, CURLUPART_QUERY, &query, 0) == CURLUE_OK && query) {
    nq = filter_query(query);
    if (curl_url_set(u, CURLUPART_QUERY, nq, 0) != CURLUE_OK)
      goto done;
  }
  if (curl_url_get(u, CURLUPART_URL, &tmp, CURLU_NO_DEFAULT_PORT) == CURLUE_OK)
    out = strdup(tmp);
done:
  curl_free(host);
  curl_free(query);
  curl_free(tmp);
  free(nq);
  curl_url_cleanup(u);
  return out;
}
