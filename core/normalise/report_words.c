/* Report links from how an article words a report, beyond its exact
 * title: a title in quotation marks with its punctuation or small words
 * changed, the subject named after "a report into", and, for an article
 * with no date, the years its own text allows. */
#include "report_link.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A title in quotation marks, its punctuation or small words changed
 * ("‘Housing in England – an overview’"): the quotation's content words
 * are the title's, in order, and nothing else. */
int af__rl_find_quoted(linker *L) {
  const char *t = L->d->t;
  const tok *tk = L->toks.v;
  size_t q = 0;
  int rc = 0;

  for (size_t i = 0; !rc && i < L->d->len;) {
    size_t l, j, cl = 0;
    unsigned c = af__cp_at(t, i, L->d->len, &l);
    bool open = af__is_dquote(c) || c == 0x2018;
    if (!open) {
      i += l ? l : 1;
      continue;
    }
    /* The closing mark on the same line. */
    for (j = i + l; j < L->d->len && t[j] != '\n'; j += cl ? cl : 1) {
      unsigned cc = af__cp_at(t, j, L->d->len, &cl);
      if (af__is_dquote(cc) || cc == 0x2019)
        break;
    }
    if (j >= L->d->len || t[j] == '\n') {
      i = j;
      continue;
    }
    while (q < L->toks.n && tk[q].s < i)
      q++;
    size_t a = q, b = q;
    while (b < L->toks.n && tk[b].e <= j)
      b++;
    for (size_t k = 0; b - a <= 16 && k < L->n; k++) {
      const cand *c2 = &L->c[k];
      const tok *w = c2->words.v;
      size_t x = 0, y = a;
      bool ok = c2->n_content >= 1;
      while (ok) {
        while (x < c2->words.n && af__rl_is_stop(w[x].w))
          x++;
        while (y < b && af__rl_is_stop(tk[y].w))
          y++;
        if (x == c2->words.n || y == b) {
          ok = x == c2->words.n && y == b;
          break;
        }
        ok = strcmp(w[x].w, tk[y].w) == 0;
        x++;
        y++;
      }
      if (ok && af__rl_date_fits(L, c2, 3 * 366))
        rc = af__rl_mention(L, i, c2, "title", 0.9);
    }
    i = j + cl;
  }
  return rc;
}

/* Does punctuation that ends a phrase lie between tokens a and b? */
static bool phrase_break(const linker *L, size_t a, size_t b) {
  const tok *tk = L->toks.v;

  for (size_t i = tk[a].e; i < tk[b].s; i++)
    if (strchr(",.;:!?()", L->d->t[i]) || L->d->t[i] == '\n')
      return true;
  return false;
}

/* "a report by the National Audit Office into the rollout of smart
 * meters", "the NAO's report on child protection": the words after "into",
 * "on", "about" or "examining", a few words after a name for a report,
 * give its subject; the report they cover best (at least two of its
 * title's words and half of them, no other as good) is the one meant. */
int af__rl_find_subjects(linker *L) {
  static const char *const noun[] = {"report", "investigation", "review",
                                     "study", "inquiry", "examination",
                                     "audit", "analysi" /* tokenised */};
  static const char *const lead[] = {"into", "on", "about", "examining",
                                     "of"};
  static const char *const stop_at[] = {"said", "found", "show", "showed",
                                        "concluded", "warned", "has", "had",
                                        "was", "were", "is", "are", "say",
                                        "find", "reveal", "revealed"};
  const tok *tk = L->toks.v;
  int rc = 0;

  for (size_t q = 1; !rc && q + 1 < L->toks.n; q++) {
    bool is_lead = false, after_noun = false;
    size_t a = q + 1, b;
    for (size_t k = 0; k < sizeof(lead) / sizeof(lead[0]); k++)
      is_lead = is_lead || af__rl_tok_is(&tk[q], lead[k]);
    if (!is_lead)
      continue;
    /* "of" only straight after the noun: "a review of", "its study of". */
    for (size_t p = q; p > 0 && q - p < (af__rl_tok_is(&tk[q], "of") ? 1 : 6); p--) {
      if (phrase_break(L, p - 1, p))
        break;
      for (size_t k = 0; k < sizeof(noun) / sizeof(noun[0]); k++)
        after_noun = after_noun || af__rl_tok_is(&tk[p - 1], noun[k]);
    }
    if (!after_noun || phrase_break(L, q, a))
      continue;
    for (b = a; b < L->toks.n && b - a < 10; b++) {
      bool halt = false;
      for (size_t k = 0; k < sizeof(stop_at) / sizeof(stop_at[0]); k++)
        halt = halt || af__rl_tok_is(&tk[b], stop_at[k]);
      if (halt)
        break;
      if (b + 1 < L->toks.n && phrase_break(L, b, b + 1)) {
        b++;
        break;
      }
    }
    size_t best = (size_t)-1, best_hit = 0;
    double best_cov = 0;
    bool tie = false;
    for (size_t k = 0; k < L->n; k++) {
      const cand *c = &L->c[k];
      size_t hit;
      double cov;
      if (c->n_content < 2 || !af__rl_date_fits(L, c, 2 * 366))
        continue;
      cov = af__rl_coverage(L, c, a, b, 0, &hit, true);
      if (hit < 2 || 2 * hit < c->n_content ||
          af__rl_short_scattered(L, c, a, b, true))
        continue;
      if (cov > best_cov + 1e-9) {
        best = k;
        best_cov = cov;
        best_hit = hit;
        tie = false;
      } else if (cov > best_cov - 1e-9) {
        tie = true;
      }
    }
    if (best != (size_t)-1 && !tie)
      rc = af__rl_mention(L, tk[q].s, &L->c[best], "title",
                       best_hit == L->c[best].n_content ? 0.8 : 0.7);
    q = b > q ? b - 1 : q;
  }
  return rc;
}


/* Is token q a year (1990-2099), or a financial year "2017-18"? */
static int token_year(const tok *k) {
  const char *w = k->w;
  int y;

  if (!af__rl_is_num(w) || strlen(w) < 4 || (w[4] && w[4] != '-'))
    return 0;
  for (int i = 0; i < 4; i++)
    if (w[i] < '0' || w[i] > '9')
      return 0;
  y = atoi(w);
  return y >= 1990 && y <= 2099 ? y : 0;
}

/* When an undated article was written: after the latest year it tells of
 * ("since 2013", "in 2017-18", "In September 2016") and before the end of
 * the first deadline it names ("by 2022", "until 2017").  *from and *to get
 * day numbers, -1 where the text gives no bound. */
static void year_bounds(const linker *L, long *from, long *to) {
  static const char *const past[] = {"since", "in", "from", "during",
                                     "between", "january", "february",
                                     "march", "april", "may", "june", "july",
                                     "august", "september", "october",
                                     "november", "december"};
  static const char *const due[] = {"by", "until", "before"};
  const tok *tk = L->toks.v;
  int lo = 0, hi = 0;
  char day[32];

  for (size_t q = 1; q < L->toks.n; q++) {
    int y = token_year(&tk[q]);
    if (!y)
      continue;
    for (size_t k = 0; k < sizeof(past) / sizeof(past[0]); k++)
      if (af__rl_tok_is(&tk[q - 1], past[k]) && y > lo)
        lo = y;
    for (size_t k = 0; k < sizeof(due) / sizeof(due[0]); k++)
      if (af__rl_tok_is(&tk[q - 1], due[k]) && (!hi || y < hi))
        hi = y;
  }
  if (hi && hi < lo)
    hi = 0; /* "by 2010" in an article that tells of 2015: history */
  *from = *to = -1;
  if (lo) {
    snprintf(day, sizeof(day), "%04d-01-01", lo);
    *from = af__rl_day(day);
  }
  if (hi) {
    snprintf(day, sizeof(day), "%04d-12-31", hi);
    *to = af__rl_day(day);
  }
}

/* An undated article on one report: the catalogue's reports published
 * within the years the text allows (a lower bound at least), scored by
 * their title's words and audited bodies in the text and headline; a link
 * only for a clear winner, and a weak one. */
int af__rl_infer_undated(linker *L, const af__vec *head) {
  long from, to;
  size_t best = (size_t)-1;
  double best_score = 0, second = 0;

  year_bounds(L, &from, &to);
  if (from < 0)
    return 0;
  for (size_t k = 0; k < L->n; k++) {
    const cand *c = &L->c[k];
    size_t found = 0, hfound = 0;
    double score;
    if (c->day < 0 || c->day < from || (to >= 0 && c->day > to) ||
        c->n_content < 2)
      continue;
    af__rl_coverage(L, c, 0, L->toks.n, 0, &found, true);
    {
      linker H = *L;
      H.toks = *head;
      af__rl_coverage(&H, c, 0, head->n, 0, &hfound, true);
    }
    if (hfound > found)
      found = hfound;
    if (af__rl_short_title(c) && !af__rl_short_named(L, head, c, true))
      found = 0;
    score = (double)found / (double)c->n_content;
    score += af__rl_names_body(L, c) ? 0.25 : 0;
    if (score > best_score) {
      second = best_score;
      best_score = score;
      best = k;
    } else if (score > second) {
      second = score;
    }
  }
  /* Every title word and a body, and nothing else near it. */
  if (best == (size_t)-1 || best_score < 1.25 - 1e-9 ||
      best_score - second < 0.25 - 1e-9)
    return 0;
  L->d->inferred.r = L->c[best].r;
  L->d->inferred.basis = "inferred";
  L->d->inferred.conf = 0.4;
  return 0;
}

