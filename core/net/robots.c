/* robots.txt parsing and matching, per RFC 9309: the most specific (longest)
 * matching rule wins, allow wins a tie, '*' matches any run of characters and
 * a trailing '$' anchors the end. */
#include "robots.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <auditfeed/array.h>

typedef struct rule {
  char *pat;
  int allow;
} rule;

struct af__robots {
  rule *rules;
  size_t n, cap;
  int deny_all;
  long delay_ms; /* Crawl-delay of the group, -1 when it has none */
};

static void rules_clear(af__robots *r) {
  for (size_t i = 0; i < r->n; i++)
    free(r->rules[i].pat);
  r->n = 0;
}

static int rules_add(af__robots *r, const char *p, size_t n, int allow) {
  char *pat;
  if (af_grow(&r->rules, &r->cap, r->n, sizeof(*r->rules), 16))
    return -1;
  pat = malloc(n + 1);
  if (!pat)
    return -1;
  memcpy(pat, p, n);
  pat[n] = '\0';
  r->rules[r->n].pat = pat;
  r->rules[r->n].allow = allow;
  r->n++;
  return 0;
}

af__robots *af__robots_fixed(int allow_all) {
  af__robots *r = calloc(1, sizeof(*r));
  if (r) {
    r->deny_all = !allow_all;
    r->delay_ms = -1;
  }
  return r;
}

/* "10", "0.5": seconds, as Crawl-delay is written; -1 if not a number. */
static long delay_of(const char *v, const char *ve) {
  double sec = 0, scale = 1;
  int digits = 0, frac = 0;
  for (; v < ve; v++) {
    if (*v == '.' && !frac) {
      frac = 1;
      continue;
    }
    if (*v < '0' || *v > '9')
      return -1;
    digits++;
    if (frac)
      sec += (scale /= 10) * (*v - '0');
    else if (sec < 1e7)
      sec = sec * 10 + (*v - '0');
  }
  return digits ? (long)(sec * 1000 + 0.5) : -1;
}

static int agent_matches(const char *v, size_t n, const char *agent) {
  size_t al = strlen(agent);
  if (n == 1 && *v == '*')
    return 0;
  /* "auditfeed/0.1" and "AuditFeed" both name us: compare the token only */
  for (size_t i = 0; i < n; i++)
    if (v[i] == '/') {
      n = i;
      break;
    }
  return n == al && !strncasecmp(v, agent, n);
}

af__robots *af__robots_parse(const char *txt, size_t len, const char *agent) {
  af__robots *mine = calloc(1, sizeof(*mine)), *star = calloc(1, sizeof(*star));
  const char *p = txt, *end = txt + len;
  int in_agents = 0, g_mine = 0, g_star = 0, have_mine = 0;
  if (!mine || !star)
    goto oom;
  mine->delay_ms = star->delay_ms = -1;
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p)), *k, *ke, *v, *ve;
    if (!eol)
      eol = end;
    k = p;
    p = eol + (eol < end);
    ve = memchr(k, '#', (size_t)(eol - k));
    if (!ve)
      ve = eol;
    while (k < ve && isspace((unsigned char)*k))
      k++;
    ke = memchr(k, ':', (size_t)(ve - k));
    if (!ke)
      continue;
    v = ke + 1;
    while (ke > k && isspace((unsigned char)ke[-1]))
      ke--;
    while (v < ve && isspace((unsigned char)*v))
      v++;
    while (ve > v && isspace((unsigned char)ve[-1]))
      ve--;
    if ((size_t)(ke - k) == 10 && !strncasecmp(k, "user-agent", 10)) {
      if (!in_agents)
        g_mine = g_star = 0; /* a new group starts */
      in_agents = 1;
      if (ve - v == 1 && *v == '*')
        g_star = 1;
      else if (agent_matches(v, (size_t)(ve - v), agent))
        g_mine = have_mine = 1;
      continue;
    }
    in_agents = 0;
    if ((size_t)(ke - k) == 11 && !strncasecmp(k, "crawl-delay", 11)) {
      long ms = delay_of(v, ve);
      if (g_mine && ms >= 0)
        mine->delay_ms = ms;
      if (g_star && ms >= 0)
        star->delay_ms = ms;
      continue;
    }
    if (((size_t)(ke - k) == 5 && !strncasecmp(k, "allow", 5)) ||
        ((size_t)(ke - k) == 8 && !strncasecmp(k, "disallow", 8))) {
      int allow = (ke - k) == 5;
      if (ve == v) /* "Disallow:" with no path allows everything */
        continue;
      if (g_mine && rules_add(mine, v, (size_t)(ve - v), allow))
        goto oom;
      if (g_star && rules_add(star, v, (size_t)(ve - v), allow))
        goto oom;
    }
  }
  if (have_mine) {
    af__robots_free(star);
    return mine;
  }
  af__robots_free(mine);
  return star;
oom:
  af__robots_free(mine);
  af__robots_free(star);
  return NULL;
}

/* Matches pattern against the start of path; returns 1 on a match.
 * Greedy with one backtrack point per '*', so a hostile pattern such as
 * "*a*a*a*a*b" costs O(pattern * path), not exponential time. */
static int pat_match(const char *pat, const char *path) {
  const char *star = NULL, *mark = NULL;
  for (;;) {
    if (*pat == '$' && !pat[1]) {
      if (!*path)
        return 1;
    } else if (!*pat) {
      return 1; /* a prefix match is enough */
    } else if (*pat == '*') {
      star = ++pat;
      mark = path;
      continue;
    } else if (*path && *pat == *path) {
      pat++;
      path++;
      continue;
    }
    if (!star || !*mark)
      return 0;
    pat = star;
    path = ++mark;
  }
}

int af__robots_allowed(const af__robots *r, const char *path) {
  size_t best = 0;
  int verdict = 1, found = 0;
  if (!r)
    return 1;
  if (r->deny_all)
    return 0;
  if (!path || !*path)
    path = "/";
  if (!strcmp(path, "/robots.txt"))
    return 1;
  for (size_t i = 0; i < r->n; i++) {
    size_t l = strlen(r->rules[i].pat);
    if (!pat_match(r->rules[i].pat, path))
      continue;
    if (!found || l > best || (l == best && r->rules[i].allow)) {
      best = l;
      verdict = r->rules[i].allow;
      found = 1;
    }
  }
  return verdict;
}

long af__robots_delay_ms(const af__robots *r) {
  return r && !r->deny_all ? r->delay_ms : -1;
}

void af__robots_free(af__robots *r) {
  if (!r)
    return;
  rules_clear(r);
  free(r->rules);
  free(r);
}
