#include "doc_kind.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

/* The NAO's URL scheme (../shared/findings/nao-site.md): report landing
 * pages at /reports/SLUG/ (older: /report/SLUG/), press releases at
 * /press-releases/SLUG/ (older: /press-release/SLUG/), with or without
 * www, a trailing slash or a query; files under /wp-content/.  A section
 * alone (/reports/) or its pages (/reports/page/2/) are listings. */
static const struct {
  const char *section, *kind;
} nao_sections[] = {
    {"reports", "nao_report_page"},
    {"report", "nao_report_page"},
    {"press-releases", "nao_press_release"},
    {"press-release", "nao_press_release"},
};

static int is_nao_host(const char *h, size_t n) {
  return (n == 10 && strncasecmp(h, "nao.org.uk", n) == 0) ||
         (n == 14 && strncasecmp(h, "www.nao.org.uk", n) == 0);
}

/* The next path segment at *p (after any '/'): its start and length. */
static size_t segment(const char **p, const char *end, const char **seg) {
  while (*p < end && **p == '/')
    (*p)++;
  *seg = *p;
  while (*p < end && **p != '/')
    (*p)++;
  return (size_t)(*p - *seg);
}

const char *af__doc_kind_from_url(const char *url) {
  if (!url)
    return NULL;
  const char *p;
  if (strncasecmp(url, "https://", 8) == 0)
    p = url + 8;
  else if (strncasecmp(url, "http://", 7) == 0)
    p = url + 7;
  else
    return NULL;
  size_t host_len = strcspn(p, ":/?#");
  if (!is_nao_host(p, host_len))
    return NULL;
  p += host_len;
  p += strcspn(p, "/?#"); /* a port */
  const char *end = p + strcspn(p, "?#");
  size_t len = (size_t)(end - p);
  if (len > 4 && strncasecmp(end - 4, ".pdf", 4) == 0)
    return "nao_pdf";
  const char *sec, *slug, *more;
  size_t n_sec = segment(&p, end, &sec);
  size_t n_slug = segment(&p, end, &slug);
  size_t n_more = segment(&p, end, &more);
  if (!n_sec || !n_slug || n_more || (n_slug == 4 && !strncmp(slug, "page", 4)))
    return NULL;
  for (size_t i = 0; i < sizeof(nao_sections) / sizeof(nao_sections[0]); i++)
    if (strlen(nao_sections[i].section) == n_sec &&
        strncasecmp(sec, nao_sections[i].section, n_sec) == 0)
      return nao_sections[i].kind;
  return NULL;
}
