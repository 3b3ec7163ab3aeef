/* The title choice: the page's visible headline (<h1>) weighed against
 * the titles the publisher wrote in metadata (JSON-LD, og:title, Dublin
 * Core, <title>), and where the chosen headline stands on the page. */
#include "meta.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Where the headline is: the <h1> whose text is the chosen title, else
 * another element that reads as it. */
static uint32_t headline_at(af__xdoc *d, const char *title) {
  for (size_t i = 0; title && i < d->n_h1; i++) {
    char *h = af__head_text(d, d->n[d->h1[i]].node, 1000);
    int same = h && af__word_overlap(h, title) >= 0.8 &&
               af__word_overlap(title, h) >= 0.8;
    free(h);
    if (same)
      return d->h1[i];
  }
  /* No <h1> carries it: the first heading or plain block whose words are
   * the title's (pages style a <div> or an <h2> as their headline). */
  size_t tl = title ? strlen(title) : 0, tried = 0;
  for (size_t i = 0; tl && i < d->nn && tried < 300; i++) {
    const af__xn *x = &d->n[i];
    int heading = x->tag >= T_H2 && x->tag <= T_H6;
    if ((!heading && (!af__tag_is_block(x->tag) || (x->flags & F_BLOCKKID))) ||
        (x->flags & F_INVIS) || x->text * 10 < tl * 7 || x->text > tl * 2 + 20)
      continue;
    tried++;
    char *h = af__head_text(d, x->node, 1000);
    int same = h && af__word_overlap(h, title) >= 0.8 &&
               af__word_overlap(title, h) >= 0.8;
    free(h);
    if (same)
      return (uint32_t)i;
  }
  return AF_XNONE;
}

uint32_t af__headline_of(af__xdoc *d, af__meta *m) {
  if (!m->head_done) {
    m->head = headline_at(d, m->title);
    m->head_done = 1;
  }
  return m->head;
}

/* The headline <h1>: one that agrees with <title>, or the only one.  A
 * page may use <h1> for its logo or section name, so a lone disagreeing
 * <h1> loses to <title>. */
static char *pick_h1(af__xdoc *d, const char *site) {
  char *raw = d->title ? af__node_text(d, d->title, 1000) : NULL;
  char *title = raw ? af__clean_title(raw, site) : NULL;
  free(raw);
  char *best = NULL;
  for (size_t i = 0; i < d->n_h1 && !best; i++) {
    if (d->n[d->h1[i]].flags & F_UNLIKELY)
      continue;
    char *h = af__head_text(d, d->n[d->h1[i]].node, 1000);
    if (!h || strlen(h) < 4 || (site && af__same_site(h, site)) ||
        (title && (af__word_overlap(h, title) < 0.5 ||
                   (af__word_overlap(title, h) < 0.34 &&
                    strncasecmp(title, h, strlen(h)))))) {
      free(h);
      continue;
    }
    best = h;
  }
  free(title);
  return best;
}

/* How many <h1> a reader sees. */
static size_t visible_h1s(const af__xdoc *d) {
  size_t n = 0;
  for (size_t i = 0; i < d->n_h1; i++)
    n += !(d->n[d->h1[i]].flags & (F_UNLIKELY | F_INVIS));
  return n;
}

/* Paragraph text of the article region that comes before node i: a
 * headline comes before the text, a heading inside it does not. */
static size_t text_before(const af__xdoc *d, uint32_t i) {
  size_t n = 0;
  if (d->region == AF_XNONE || i <= d->region)
    return 0;
  for (uint32_t k = d->region + 1; k < i && k < d->nn; k++)
    if (d->n[k].tag == T_P && af__in_region(d, k))
      n += d->n[k].own;
  return n;
}

/* An <h1> that is a title and, before or after it, only a date or the
 * site's name ("Dec 18 2025 Preparing a transition"). */
static int furniture_around(const char *h, const char *title,
                            const char *site) {
  size_t hl = strlen(h), tl = strlen(title);
  if (tl < 8 || hl <= tl)
    return 0;
  char rest[200];
  size_t rl = hl - tl;
  if (rl >= sizeof(rest))
    return 0;
  if (!strncasecmp(h, title, tl))
    memcpy(rest, h + tl, rl);
  else if (!strncasecmp(h + rl, title, tl))
    memcpy(rest, h, rl);
  else
    return 0;
  rest[rl] = '\0';
  char iso[40];
  /* only a date: a few words, not a sentence that mentions one */
  return (af__meta_words(rest) <= 5 && af__date_parse(rest, iso, sizeof(iso))) ||
         (site && af__same_site(rest, site));
}

/* Another of the publisher's titles gives the <h1> word for word: the
 * <h1> is the headline as written, and a shorter title (og:title "Pool:
 * the bill soars" beside <h1> and <title> "Pool: the bill soars in
 * Kenton") is a teaser cut from it, not the <h1> without furniture. */
static int said_whole(const char *h, const char *const *cands, size_t nc) {
  for (size_t k = 0; k < nc; k++)
    if (cands[k] && af__same_text(h, cands[k]))
      return 1;
  return 0;
}

/* The visible headline: an <h1> near the article (inside the region
 * around the chosen container, or in a block just before it) or one that
 * agrees with a title the publisher wrote in metadata.  Readers take the
 * headline from the page, and og:title and <title> are often teasers or
 * SEO variants of it, so a plausible <h1> is compared with them rather
 * than ranked below them.  With several <h1>, the best placed and best
 * agreeing one wins; a lone <h1> far from the article that agrees with
 * nothing (a logo, a section name) is not a headline. */
static char *headline_h1(af__xdoc *d, const char *site,
                         const char *const *cands, size_t nc) {
  char *best = NULL;
  int best_score = 0;
  uint32_t best_at = AF_XNONE;
  for (size_t i = 0; i < d->n_h1; i++) {
    uint32_t hi = d->h1[i];
    int unlikely = (d->n[hi].flags & F_UNLIKELY) != 0;
    if (d->n[hi].flags & F_INVIS)
      continue;
    char *h = af__head_text(d, d->n[hi].node, 1000);
    if (!h || strlen(h) < 4 || strlen(h) > 300 ||
        (site && af__same_site(h, site) && strlen(h) < strlen(site) + 4)) {
      free(h);
      continue;
    }
    int score = 0;
    if (d->region != AF_XNONE && af__in_region(d, hi))
      score += 2;
    else if (d->region != AF_XNONE && hi < d->region) {
      /* before the article, under the same ancestor a few levels up */
      uint32_t a = d->n[d->region].parent;
      for (int up = 0; up < 3 && a != AF_XNONE && a != d->body; up++) {
        uint32_t p = hi;
        while (p != AF_XNONE && p != a)
          p = d->n[p].parent;
        if (p == a) {
          score += 1;
          break;
        }
        a = d->n[a].parent;
      }
    }
    for (size_t k = 0; k < nc; k++)
      if (cands[k] && af__word_overlap(h, cands[k]) >= 0.5 &&
          af__word_overlap(cands[k], h) >= 0.3) {
        score += 4;
        /* An <h1> that wraps the whole of a shorter title and more (a
         * date, a byline) carries page furniture: the title is cleaner. */
        if (af__word_overlap(cands[k], h) >= 0.99 &&
            !said_whole(h, cands, nc) &&
            (strlen(h) * 2 > strlen(cands[k]) * 3 ||
             furniture_around(h, cands[k], site))) {
          char *c = af__xdup(cands[k]);
          if (c) {
            free(h);
            h = c;
          }
        }
        break;
      }
    /* An <h1> in a block named like furniture ("hero-banner",
     * "masthead") is the headline only when the metadata says so, and
     * its place counts for nothing. */
    if (unlikely)
      score = score >= 4 ? 4 : 0;
    if (score > best_score) {
      free(best);
      best = h;
      best_score = score;
      best_at = hi;
    } else {
      free(h);
    }
  }
  /* Agreeing with the metadata is required when there is any: an <h1>
   * inside the article may be a section heading. */
  int have = 0;
  for (size_t k = 0; k < nc; k++)
    have |= cands[k] && *cands[k];
  /* The page's only <h1>, placed at the article and worded as a headline
   * (several words), is the headline even when the metadata words it
   * differently: og:title and <title> are rewritten for sharing and
   * search, the <h1> is what the reader sees. */
  if (have && best_score >= 1 && best_score < 4 && visible_h1s(d) == 1 &&
      af__meta_words(best) >= 4 && text_before(d, best_at) < 200)
    return best;
  if (best_score < (have ? 4 : 1)) {
    free(best);
    return NULL;
  }
  return best;
}

/* A title cleaned of every spelling of the site's name the page gives
 * (og:site_name "University of X", application-name "UX", the JSON-LD
 * publisher): <title> carries one of them, not always the first found. */
static char *clean_title_all(const char *title, const char *site,
                             const af__tiers *t) {
  char *c = af__clean_title(title, site);
  const char *alt[] = {t->og_site, t->app_name};
  for (size_t i = 0; i < 2 && c; i++) {
    if (!alt[i] || (site && !strcmp(alt[i], site)))
      continue;
    char *n = af__clean_title(c, alt[i]);
    free(c);
    c = n;
  }
  return c;
}

/* The headline <h1> when it agrees with the metadata or stands at the
 * article; else the publisher's titles in their order, an <h1> that agrees
 * with <title>, or <title>; cleaned of the site's name. */
void af__title_choose(af__xdoc *d, af__meta *m, const af__tiers *t) {
  char *raw = d->title ? af__node_text(d, d->title, 1000) : NULL;
  char *tt = raw ? clean_title_all(raw, m->site, t) : NULL;
  const char *cands[] = {m->title, t->og_title, t->dc_title, tt};
  char *h = headline_h1(d, m->site, cands, 4);
  free(raw);
  free(tt);
  if (h) {
    free(m->title);
    m->title = h;
  }
  if (!m->title) {
    if (t->og_title)
      m->title = strdup(t->og_title);
    else if (t->dc_title)
      m->title = strdup(t->dc_title);
    else
      m->title = pick_h1(d, m->site);
    if (!m->title && d->title)
      m->title = af__node_text(d, d->title, 1000);
  }
  if (m->title) {
    char *c = clean_title_all(m->title, m->site, t);
    if (c && *c) {
      free(m->title);
      m->title = c;
    } else {
      free(c);
    }
  }
}
