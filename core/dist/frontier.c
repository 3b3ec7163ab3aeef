/* Frontier messages: shard, JSON form, deduplication id (frontier.h). */
#include "frontier.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <auditfeed/errno.h>

static uint32_t fnv1a(const char *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 16777619u;
  }
  return h;
}

void af__frontier_host(const char *url, char *buf, size_t len) {
  const char *p = url ? strstr(url, "://") : NULL;
  size_t n = 0;
  if (!len)
    return;
  buf[0] = '\0';
  if (!p)
    return;
  p += 3;
  const char *at = p + strcspn(p, "/?#");
  for (const char *q = p; q < at; q++) /* user:pass@ is not the host */
    if (*q == '@')
      p = q + 1;
  size_t hl = strcspn(p, ":/?#");
  if (*p == '[') /* an IPv6 literal keeps its colons */
    hl = strcspn(p, "]/?#") + (p[strcspn(p, "]/?#")] == ']');
  for (; n < hl && n + 1 < len; n++)
    buf[n] = (char)tolower((unsigned char)p[n]);
  buf[n] = '\0';
}

long af__frontier_shard(const char *url, long shards) {
  char host[256];
  if (shards <= 1)
    return 0;
  af__frontier_host(url, host, sizeof(host));
  if (!*host)
    return (long)(fnv1a(url ? url : "", url ? strlen(url) : 0) % (uint32_t)shards);
  return (long)(fnv1a(host, strlen(host)) % (uint32_t)shards);
}

char *af__frontier_encode(const af__frontier_msg *m) {
  json_t *o = json_object();
  char *out = NULL;
  if (!o)
    return NULL;
  if (json_object_set_new(o, "source", json_string(m->source)) == 0 &&
      json_object_set_new(o, "kind", json_string(m->kind == AF_FRONTIER_SEED
                                                     ? "seed" : "page")) == 0 &&
      json_object_set_new(o, "url", json_string(m->url ? m->url : "")) == 0 &&
      (!m->tag || json_object_set_new(o, "tag", json_string(m->tag)) == 0) &&
      json_object_set_new(o, "tick", json_integer(m->tick)) == 0 &&
      (!m->conditional || json_object_set_new(o, "conditional", json_true()) == 0))
    out = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  return out;
}

static int take_str(json_t *o, const char *k, int required, char **out, char *err,
                    size_t errlen) {
  json_t *v = json_object_get(o, k);
  *out = NULL;
  if (!v && !required)
    return 0;
  if (!json_is_string(v) || (required && !*json_string_value(v))) {
    snprintf(err, errlen, "frontier message: \"%s\" %s", k,
             v ? "is not a non-empty string" : "is missing");
    return AF_EPARSE;
  }
  return (*out = strdup(json_string_value(v))) ? 0 : AF_ENOMEM;
}

int af__frontier_decode(const char *data, size_t len, af__frontier_msg *m, char *err,
                        size_t errlen) {
  json_error_t je;
  char *kind = NULL;
  int rc;
  memset(m, 0, sizeof(*m));
  json_t *o = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
  if (!json_is_object(o)) {
    snprintf(err, errlen, "frontier message: not a JSON object (%s at column %d)",
             o ? "another type" : je.text, je.column);
    json_decref(o);
    return AF_EPARSE;
  }
  if ((rc = take_str(o, "source", 1, &m->source, err, errlen)) ||
      (rc = take_str(o, "kind", 1, &kind, err, errlen)) ||
      (rc = take_str(o, "url", 0, &m->url, err, errlen)) ||
      (rc = take_str(o, "tag", 0, &m->tag, err, errlen)))
    goto out;
  if (!strcmp(kind, "seed"))
    m->kind = AF_FRONTIER_SEED;
  else if (!strcmp(kind, "page") && m->url && *m->url)
    m->kind = AF_FRONTIER_PAGE;
  else {
    snprintf(err, errlen, "frontier message: kind \"%s\" (expected seed, or page "
                          "with a url)", kind);
    rc = AF_EPARSE;
    goto out;
  }
  json_t *t = json_object_get(o, "tick");
  m->tick = json_is_integer(t) ? (int64_t)json_integer_value(t) : 0;
  m->conditional = json_is_true(json_object_get(o, "conditional"));
out:
  free(kind);
  json_decref(o);
  if (rc)
    af__frontier_msg_free(m);
  return rc;
}

void af__frontier_msg_free(af__frontier_msg *m) {
  free(m->source);
  free(m->url);
  free(m->tag);
  memset(m, 0, sizeof(*m));
}

void af__frontier_msg_id(const af__frontier_msg *m, char *buf, size_t len) {
  if (m->kind == AF_FRONTIER_SEED) {
    snprintf(buf, len, "seed:%s:%lld", m->source, (long long)m->tick);
    return;
  }
  /* Two independent hashes: a 64-bit id keeps collisions out of reach. */
  const char *u = m->url ? m->url : "";
  size_t n = strlen(u);
  uint32_t a = fnv1a(u, n), b = n ? fnv1a(u + n / 2, n - n / 2) ^ (uint32_t)n : 0;
  snprintf(buf, len, "page:%s:%lld:%08x%08x", m->source, (long long)m->tick, a, b);
}

int64_t af__frontier_tick(int64_t now_s, long period_ms) {
  int64_t p = period_ms >= 1000 ? period_ms / 1000 : 1;
  return now_s / p;
}

uint64_t af__frontier_claim(uint64_t msgs, uint64_t since_ms, uint64_t now_ms) {
  uint64_t waited = now_ms > since_ms ? now_ms - since_ms : 1;
  if (msgs && waited > UINT64_MAX / msgs)
    return UINT64_MAX;
  return msgs * waited;
}
