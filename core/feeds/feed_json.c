/* JSON Feed, versions 1 and 1.1 (jsonfeed.org), read with jansson into the
 * same af_feed the XML formats give (format "json").
 *
 * Per item: id (a string, or a number written out), url resolved against
 * the feed's URL, else external_url (a link blog's item points at the page
 * it is about); title as plain text (the format says so: no entity or
 * markup is decoded); date_published and date_modified through the feed
 * date reader; the first named author of the item's `authors` (1.1), else
 * its `author` (1), else the feed's; summary, else content_text, else
 * content_html as text.
 *
 * Liberal where feeds slip: a byte-order mark and blanks before the
 * object, bytes after it, and bytes that are not UTF-8 (read as
 * Windows-1252, as in XML feeds) are accepted and logged as
 * event=feed_malformed; members of the wrong type are ignored.  A body that
 * is not a JSON object with an `items` array or a jsonfeed.org version is
 * not a feed.  jansson bounds nesting depth (2048), so a deeply nested body
 * is an error, not a stack overflow.
 */
#include "feed_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include <auditfeed/errno.h>

#include "charset.h"
#include "feed.h"
#include "feed_date.h"
#include "log.h"
#include "url.h"

static size_t skip_bom_blanks(const char *body, size_t len) {
  size_t i = 0;
  if (len >= 3 && !memcmp(body, "\xef\xbb\xbf", 3))
    i = 3;
  while (i < len && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' ||
                     body[i] == '\r'))
    i++;
  return i;
}

int af__feed_is_json(const char *body, size_t len) {
  size_t i = skip_bom_blanks(body, len);
  return i < len && body[i] == '{';
}

/* A string member, or NULL when absent or not a string. */
static const char *str(const json_t *o, const char *key) {
  return json_string_value(json_object_get(o, key));
}

static char *text_dup(const char *s) { return s ? af__feed_squash(strdup(s)) : NULL; }

/* The first person of `authors` (1.1) with a name, else `author` (1). */
static char *person(const json_t *o) {
  const json_t *list = json_object_get(o, "authors"), *one;
  size_t i;
  char *name;
  json_array_foreach(list, i, one) {
    if ((name = text_dup(str(one, "name"))))
      return name;
  }
  return text_dup(str(json_object_get(o, "author"), "name"));
}

static char *id_text(const json_t *v) {
  char buf[64];
  if (json_is_string(v))
    return text_dup(json_string_value(v));
  if (json_is_integer(v)) {
    snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    return strdup(buf);
  }
  if (json_is_real(v)) { /* printed, never converted to an integer */
    snprintf(buf, sizeof(buf), "%.17g", json_real_value(v));
    return strdup(buf);
  }
  return NULL;
}

static char *date(const json_t *o, const char *key) {
  const char *s = str(o, key);
  return s ? af__feed_date(s) : NULL;
}

/* A link: relative ones against the feed's URL. */
static char *link(const json_t *o, const char *key, const char *base_url) {
  const char *s = str(o, key);
  return s && *s ? af__url_resolve(base_url, s) : NULL;
}

/* Fills a zeroed entry; 0, or AF_ENOMEM (what was set is freed by the
 * caller).  A field that cannot be had is left NULL. */
static int read_item(af_feed_entry *e, const json_t *it, const char *base_url,
                     const char *feed_author) {
  const char *sum;
  e->id = id_text(json_object_get(it, "id"));
  e->title = text_dup(str(it, "title"));
  if (!(e->link = link(it, "url", base_url)))
    e->link = link(it, "external_url", base_url);
  e->published = date(it, "date_published");
  e->updated = date(it, "date_modified");
  if (!(e->author = person(it)) && feed_author && !(e->author = strdup(feed_author)))
    return AF_ENOMEM;
  if ((sum = str(it, "summary")) || (sum = str(it, "content_text")))
    e->summary = text_dup(sum);
  else if ((sum = str(it, "content_html")))
    e->summary = af__feed_html_text(sum);
  return 0;
}

static int read_feed(af__feed_impl *f, const json_t *root, const char *base_url,
                     char *err, size_t errlen) {
  const json_t *items = json_object_get(root, "items"), *it;
  const char *version = str(root, "version");
  char *feed_author;
  size_t i;
  int rc = 0;
  if (!json_is_array(items) &&
      !(version && !strncasecmp(version, "https://jsonfeed.org/version/", 29))) {
    snprintf(err, errlen, "not a feed: a JSON object without \"items\" or a "
                          "jsonfeed.org version");
    return AF_EPARSE;
  }
  f->pub.format = "json";
  f->pub.title = text_dup(str(root, "title"));
  f->pub.link = link(root, "home_page_url", base_url);
  feed_author = person(root);
  json_array_foreach(items, i, it) {
    af_feed_entry *e;
    if (!json_is_object(it))
      continue;
    if (!(e = af__feed_new_entry(f)) || read_item(e, it, base_url, feed_author)) {
      rc = AF_ENOMEM;
      break;
    }
  }
  free(feed_author);
  if (!rc)
    rc = af__feed_seal(f);
  if (rc == AF_ENOMEM)
    snprintf(err, errlen, "out of memory");
  return rc;
}

/* Loads the root object; NULL with err set when the body is not JSON. *
 * *slip names what was accepted that should not have been, or NULL. */
static json_t *load(const char *body, size_t len, const char **slip,
                    json_error_t *jerr) {
  json_t *root = json_loadb(body, len, JSON_DISABLE_EOF_CHECK, jerr);
  size_t end;
  if (!root)
    return NULL;
  if (!json_is_object(root)) {
    json_decref(root);
    snprintf(jerr->text, sizeof(jerr->text), "the document is not a JSON object");
    jerr->line = 1;
    return NULL;
  }
  /* With the EOF check off, position is where the object ended. */
  end = (size_t)jerr->position;
  while (end < len && (body[end] == ' ' || body[end] == '\t' ||
                       body[end] == '\n' || body[end] == '\r'))
    end++;
  if (end < len)
    *slip = "bytes after the JSON object";
  return root;
}

int af__feed_json_parse(const char *body, size_t len, const char *base_url,
                        af__feed_impl **out, char *err, size_t errlen) {
  size_t start = skip_bom_blanks(body, len);
  char *fixed = NULL;
  const char *slip = NULL;
  json_error_t jerr;
  json_t *root;
  int rc;
  *out = NULL;
  body += start;
  len -= start;
  if (!af__utf8_valid(body, len)) {
    af__sbuf b = {0};
    if (af__feed_mend_utf8(body, len, &b) || !b.p) {
      free(b.p);
      snprintf(err, errlen, "out of memory");
      return AF_ENOMEM;
    }
    body = fixed = b.p;
    len = b.n;
    slip = "bytes that are not UTF-8 (read as Windows-1252)";
  }
  if (!(root = load(body, len, &slip, &jerr))) {
    snprintf(err, errlen, "malformed JSON at line %d: %s", jerr.line, jerr.text);
    free(fixed);
    return AF_EPARSE;
  }
  if (!(*out = calloc(1, sizeof(**out)))) {
    snprintf(err, errlen, "out of memory");
    rc = AF_ENOMEM;
  } else {
    rc = read_feed(*out, root, base_url, err, errlen);
  }
  json_decref(root);
  free(fixed);
  if (rc) {
    af__feed_free(*out ? &(*out)->pub : NULL);
    *out = NULL;
    return rc;
  }
  if (slip) {
    snprintf(err, errlen, "malformed JSON: %s (read %zu entries)", slip, (*out)->n);
    af__log_warn("feed", "feed_malformed", "url=\"%s\" format=json error=\"%s\" entries=%zu",
                 base_url ? base_url : "-", slip, (*out)->n);
  }
  return 0;
}
