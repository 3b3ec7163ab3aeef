/* Which NAO report a finding cites, from a catalogue of known reports (the
 * rules' seed list and the reports the pipeline has stored): the
 * document's own address or a link to the report (basis "link"), its HC
 * number ("hc"), its title quoted or paraphrased ("title"), or, failing
 * those, its publication date and subject ("inferred").  Each link carries
 * a confidence; a doubtful match yields no link, since a wrong link is
 * worse than none.  A report named by a quoted title that the catalogue
 * does not hold is kept by title alone. */
#include "report_link.h"

#include <auditfeed/errno.h>

#include <stdlib.h>
#include <string.h>

/* Words a title shares with too much else to identify it. */
static const char *const stop[] = {
    "the", "of", "in", "and", "for", "to", "a", "an", "on", "into", "at",
    "by", "with", "from", "its", "or", "england", "wales", "uk", "report",
    "investigation", "progress", "review", "update", "overview", "lesson",
    "learned", "department", "government", "national", "audit", "office",
    "nao", "what", "how", "our", "is", "are", "be", "not", "out"};

bool af__rl_is_stop(const char *w) {
  for (size_t k = 0; k < sizeof(stop) / sizeof(stop[0]); k++)
    if (strcmp(w, stop[k]) == 0)
      return true;
  return w[0] >= '0' && w[0] <= '9'; /* "2018" in a title is an edition */
}

static bool word_cp(unsigned c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static void put(tok *k, size_t *n, unsigned c) {
  if (*n + 1 < TOK_MAX && c < 0x80)
    k->w[(*n)++] = (char)c;
}

/* The word without a common ending, so that a paraphrase's words meet the
 * title's: "protecting" and "protection", "rollout" and "rolling", "homes"
 * and "housing" do not (a stem must keep four letters). */
static void stem(tok *k) {
  static const char *const ends[] = {"ations", "ation", "ions", "ion", "ing",
                                     "ments", "ment", "ed", "out"};
  size_t n = strlen(k->w);

  memcpy(k->stem, k->w, n + 1);
  if (!strcmp(k->w, "children")) {
    strcpy(k->stem, "child");
    return;
  }
  for (size_t x = 0; x < sizeof(ends) / sizeof(ends[0]); x++) {
    size_t l = strlen(ends[x]);
    if (n > l + 3 && !strcmp(k->w + n - l, ends[x])) {
      n -= l;
      k->stem[n] = '\0';
      break;
    }
  }
  if (n > 4 && k->stem[n - 1] == 'e')
    k->stem[--n] = '\0';
}

/* Tokenise [s, e) of t into v (tok items). */
int af__rl_tokenise(const char *t, size_t s, size_t e, af__vec *v) {
  size_t i = s;

  while (i < e) {
    size_t st = i, n = 0;
    unsigned c = af__fold_next(t, &i, e);
    tok *k;
    if (!word_cp(c))
      continue;
    k = af__vec_push(v);
    if (!k)
      return AF_ENOMEM;
    k->s = st;
    k->upper = t[st] >= 'A' && t[st] <= 'Z';
    put(k, &n, c);
    while (i < e) {
      size_t j = i, j2, j3;
      unsigned d = af__fold_next(t, &j, e), d2;
      if (word_cp(d)) {
        put(k, &n, d);
        i = j;
        continue;
      }
      if ((d != '\'' && d != '-') || j >= e)
        break;
      j2 = j;
      d2 = af__fold_next(t, &j2, e);
      if (!word_cp(d2))
        break;
      j3 = j2;
      if (d == '\'' && d2 == 's' && (j2 >= e || !word_cp(af__fold_next(t, &j3, e)))) {
        i = j2; /* "children's": the possessive goes */
        break;
      }
      if (d == '-')
        put(k, &n, '-');
      i = j;
    }
    k->e = i;
    k->w[n] = '\0';
    /* A plural "s" (not "ss", not "us"): "homes" and "home" are one word. */
    if (n > 3 && k->w[n - 1] == 's' && k->w[n - 2] != 's' && k->w[n - 2] != 'u')
      k->w[n - 1] = '\0';
    stem(k);
  }
  return 0;
}

/* Days since 0000-03-01 of "YYYY-MM-DD" or "YYYY-MM" (day 1), or -1. */
long af__rl_day(const char *s) {
  long y, m, d = 1;

  if (!s || strlen(s) < 7 || s[4] != '-')
    return -1;
  for (int k = 0; k < 7; k++)
    if (k != 4 && (s[k] < '0' || s[k] > '9'))
      return -1;
  y = strtol(s, NULL, 10);
  m = strtol(s + 5, NULL, 10);
  if (s[7] == '-' && s[8] >= '0' && s[8] <= '9')
    d = strtol(s + 8, NULL, 10);
  if (m < 1 || m > 12)
    return -1;
  if (m <= 2) {
    y--;
    m += 12;
  }
  return 365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d - 1;
}

/* Could af__rl_coverage dated doc_day cite a report dated day?  Coverage follows
 * a report (the same day or later); `span` days bound how much later. */
bool af__rl_date_fits(const linker *L, const cand *c, long span) {
  if (L->doc_day < 0 || c->day < 0)
    return true;
  return L->doc_day >= c->day - 1 && L->doc_day <= c->day + span;
}

int af__rl_mention(linker *L, size_t at, const cand *c,
                       const char *basis, double conf) {
  af__mention *m = af__vec_push(&L->d->mentions);

  if (!m)
    return AF_ENOMEM;
  m->at = at;
  m->link.r = c->r;
  m->link.basis = basis;
  m->link.conf = conf;
  return 0;
}

/* The document is the report's own page, or links to it. */
static bool same_page(const char *a, const char *b) {
  const char *pa, *pb;
  size_t la, lb;

  if (!a || !b)
    return false;
  pa = strstr(a, "nao.org.uk/");
  pb = strstr(b, "nao.org.uk/");
  if (!pa || !pb)
    return false;
  pa += 11;
  pb += 11;
  /* /report/<slug>/ (older) and /reports/<slug>/ are one page. */
  if (!strncmp(pa, "reports/", 8))
    pa += 8;
  else if (!strncmp(pa, "report/", 7))
    pa += 7;
  else
    return false;
  if (!strncmp(pb, "reports/", 8))
    pb += 8;
  else if (!strncmp(pb, "report/", 7))
    pb += 7;
  else
    return false;
  la = strcspn(pa, "/?#\" \n");
  lb = strcspn(pb, "/?#\" \n");
  return la && la == lb && !strncmp(pa, pb, la);
}

static int find_links(linker *L) {
  const char *t = L->d->t;
  int rc = 0;

  for (size_t k = 0; !rc && k < L->n; k++) {
    const cand *c = &L->c[k];
    if (same_page(L->in->url, c->r->url)) {
      rc = af__rl_mention(L, 0, c, "link", 1.0);
      continue;
    }
    for (const char *p = t; !rc && (p = strstr(p, "nao.org.uk/")) != NULL;
         p += 11)
      if (same_page(p, c->r->url))
        rc = af__rl_mention(L, (size_t)(p - t), c, "link", 0.95);
  }
  return rc;
}

/* "HC 308" (also "HC308", and with a no-break space): the number
 * identifies a report within a session, so it counts only when the dates
 * agree (or the document has none). */
static int find_hc(linker *L) {
  const char *t = L->d->t;
  size_t len = L->d->len;
  int rc = 0;

  for (size_t i = 0; !rc && i + 3 < len; i++) {
    size_t j, d;
    if (t[i] != 'H' || t[i + 1] != 'C' ||
        (i && af__is_word_cp((unsigned char)t[i - 1])))
      continue;
    d = i + 2;
    if (t[d] == ' ')
      d++;
    else if (d + 1 < len && (unsigned char)t[d] == 0xC2 &&
             (unsigned char)t[d + 1] == 0xA0)
      d += 2;
    if (d >= len || t[d] < '0' || t[d] > '9')
      continue;
    for (j = d; j < len && t[j] >= '0' && t[j] <= '9'; j++)
      ;
    if (j < len && af__is_word_cp((unsigned char)t[j]))
      continue;
    for (size_t k = 0; !rc && k < L->n; k++) {
      const cand *c = &L->c[k];
      const char *hc = c->r->hc;
      if (!hc || strncmp(hc, "HC ", 3) != 0 || strlen(hc + 3) != j - d ||
          strncmp(hc + 3, t + d, j - d) != 0)
        continue;
      if (L->doc_day >= 0 && !af__rl_date_fits(L, c, 3 * 366))
        continue;
      rc = af__rl_mention(L, i, c, "hc", L->doc_day >= 0 ? 0.95 : 0.85);
    }
    i = j;
  }
  return rc;
}

bool af__rl_tok_is(const tok *k, const char *w) { return strcmp(k->w, w) == 0; }

/* Does a short title at token q read as a name ("the report, titled
 * simply Homelessness", "‘Completing Crossrail’")? */
static bool named_as_title(const linker *L, size_t q, size_t n) {
  static const char *const lead[] = {"report", "titled", "entitled", "called",
                                     "named"};
  const tok *tk = L->toks.v;
  size_t l;

  if (!tk[q].upper)
    return false;
  for (size_t b = q; b > 0 && q - b < 3; b--)
    for (size_t k = 0; k < sizeof(lead) / sizeof(lead[0]); k++)
      if (af__rl_tok_is(&tk[b - 1], lead[k]))
        return true;
  /* Quoted: the title is the whole quotation. */
  if (tk[q].s > 0) {
    size_t i = tk[q].s - 1;
    while (i > 0 && ((unsigned char)L->d->t[i] & 0xC0) == 0x80)
      i--;
    unsigned c = af__cp_at(L->d->t, i, L->d->len, &l);
    if (af__is_dquote(c) || c == 0x2018 || c == '\'')
      return q + n >= L->toks.n || tk[q + n - 1].e >= L->d->len ||
             L->d->t[tk[q + n - 1].e] != ' ';
  }
  return false;
}

/* The title itself, word for word (case and plurals aside). */
static int find_titles(linker *L) {
  const tok *tk = L->toks.v;
  int rc = 0;

  for (size_t k = 0; !rc && k < L->n; k++) {
    const cand *c = &L->c[k];
    const tok *w = c->words.v;
    size_t n = c->words.n;
    if (!n || !c->n_content || !af__rl_date_fits(L, c, 3 * 366))
      continue;
    for (size_t q = 0; !rc && q + n <= L->toks.n; q++) {
      size_t m = 0;
      while (m < n && strcmp(tk[q + m].w, w[m].w) == 0)
        m++;
      if (m < n)
        continue;
      /* Long titles are names on their own; one or two words ("Homelessness")
       * are also plain words, so they need to be named as a title. */
      if (n >= 3 && c->n_content >= 2)
        rc = af__rl_mention(L, tk[q].s, c, "title", 0.9);
      else if (named_as_title(L, q, n))
        rc = af__rl_mention(L, tk[q].s, c, "title", 0.8);
      q += n - 1;
    }
  }
  return rc;
}

/* Share of the title's content words found among toks [a, b), and whether
 * they sit together (within `window` tokens). */
bool af__rl_is_num(const char *w) { return w[0] >= '0' && w[0] <= '9'; }

/* Do title word x and text token q match: the same word, or with `stems`
 * the same stem ("protecting", "protection"). */
static bool meets(const tok *x, const tok *q, bool stems) {
  return strcmp(stems ? q->stem : q->w, stems ? x->stem : x->w) == 0;
}

double af__rl_coverage(const linker *L, const cand *c, size_t a, size_t b,
                       size_t window, size_t *found, bool stems) {
  const tok *tk = L->toks.v, *w = c->words.v;
  size_t hit = 0;

  for (size_t x = 0; x < c->words.n; x++) {
    bool seen = false;
    if (af__rl_is_stop(w[x].w))
      continue;
    for (size_t q = a; q < b && !seen; q++)
      seen = meets(&w[x], &tk[q], stems);
    hit += seen;
  }
  if (found)
    *found = hit;
  if (window && hit == c->n_content) {
    /* Every content word within some run of `window` tokens, and the
     * title's numbers too: "Equipment Plan 2019 to 2029" is one edition. */
    for (size_t q = a; q < b; q++) {
      size_t got = 0, need = 0, end = q + window < b ? q + window : b;
      for (size_t x = 0; x < c->words.n; x++) {
        bool seen = false;
        if (af__rl_is_stop(w[x].w) && !af__rl_is_num(w[x].w))
          continue;
        need++;
        for (size_t y = q; y < end && !seen; y++)
          seen = meets(&w[x], &tk[y], stems);
        got += seen;
      }
      if (got == need)
        return 1.0;
    }
    return 0.0;
  }
  return c->n_content ? (double)hit / (double)c->n_content : 0.0;
}

bool af__rl_names_body(const linker *L, const cand *c) {
  for (size_t b = 0; b < c->r->n_bodies; b++) {
    const af__body *g = af__body_by_id(L->d->r, c->r->bodies[b]);
    for (size_t f = 0; g && f < g->n_forms; f++)
      if (af__find_phrase(L->d->t, 0, L->d->len, g->forms[f].form,
                          g->forms[f].fold, NULL) != (size_t)-1)
        return true;
  }
  return false;
}

/* The end of the paragraph whose first token is a: the token after the
 * last one before a blank line (or the end). */
static size_t para_end(const linker *L, size_t a) {
  const tok *tk = L->toks.v;
  size_t b;
  for (b = a + 1; b < L->toks.n; b++) {
    const char *gap = L->d->t + tk[b - 1].e;
    const char *nl = memchr(gap, '\n', tk[b].s - tk[b - 1].e);
    if (nl && memchr(nl + 1, '\n', (size_t)(L->d->t + tk[b].s - nl - 1)))
      break;
  }
  return b;
}

/* Tokens [a, b) speak of a report or the NAO ("watchdog", the office
 * named in full as "the National Audit Office"; "auditor" too when
 * `auditor`). */
static bool speaks_of_nao(const linker *L, size_t a, size_t b, bool auditor) {
  const tok *tk = L->toks.v;
  for (size_t x = a; x < b; x++)
    if (af__rl_tok_is(&tk[x], "report") || af__rl_tok_is(&tk[x], "nao") ||
        af__rl_tok_is(&tk[x], "watchdog") ||
        (auditor && af__rl_tok_is(&tk[x], "auditor")) ||
        (x + 1 < b && af__rl_tok_is(&tk[x], "audit") &&
         af__rl_tok_is(&tk[x + 1], "office")))
      return true;
  return false;
}

/* A title of one or two content words ("Homelessness", "Benefit
 * sanctions") is also everyday wording, and a large catalogue holds many:
 * such a title counts only as its own phrase, its words side by side as in
 * the title, never as words scattered over a paragraph. */
bool af__rl_short_title(const cand *c) {
  return c->n_content >= 1 && c->n_content <= 2;
}

bool af__rl_phrase_in(const linker *L, const cand *c, size_t a, size_t b,
                      bool stems) {
  return af__rl_coverage(L, c, a, b, c->words.n, NULL, stems) >= 1.0;
}

bool af__rl_short_scattered(const linker *L, const cand *c, size_t a, size_t b,
                            bool stems) {
  return af__rl_short_title(c) && !af__rl_phrase_in(L, c, a, b, stems);
}

/* With no words naming a report, a short title's phrase is evidence only
 * in the headline or in a paragraph about the NAO or a report, not where
 * the article merely passes over the subject. */
bool af__rl_short_named(const linker *L, const af__vec *head, const cand *c,
                        bool stems) {
  linker H = *L;
  H.toks = *head;
  if (head->n && af__rl_phrase_in(&H, c, 0, head->n, stems))
    return true;
  for (size_t a = 0, b; a < L->toks.n; a = b) {
    b = para_end(L, a);
    if (speaks_of_nao(L, a, b, true) && af__rl_phrase_in(L, c, a, b, stems))
      return true;
  }
  return false;
}

/* "a progress review of the Transforming Rehabilitation reforms", "the
 * NAO's latest report ... integration of health and social care": every
 * content word of the title close together in one paragraph that speaks
 * of the NAO or a report. */
static int find_paraphrases(linker *L) {
  const tok *tk = L->toks.v;
  size_t q = 0;
  int rc = 0;

  while (!rc && q < L->toks.n) {
    size_t a = q, b, best = (size_t)-1;
    bool tie = false;
    size_t best_n = 0;
    q = b = para_end(L, a);
    if (!speaks_of_nao(L, a, b, true))
      continue;
    for (size_t k = 0; k < L->n; k++) {
      const cand *c = &L->c[k];
      if (c->n_content < 2 || !af__rl_date_fits(L, c, 2 * 366))
        continue;
      if (af__rl_coverage(L, c, a, b, 12, NULL, false) < 1.0 ||
          af__rl_short_scattered(L, c, a, b, false))
        continue;
      if (best != (size_t)-1 && c->n_content == best_n)
        tie = true;
      if (best == (size_t)-1 || c->n_content > best_n) {
        best = k;
        best_n = c->n_content;
        tie = false;
      }
    }
    if (best != (size_t)-1 && !tie)
      rc = af__rl_mention(L, tk[a].s, &L->c[best], "title",
                       L->doc_day >= 0 ? 0.75 : 0.65);
  }
  return rc;
}

/* No words name the report: one published just before the article, on
 * its subject (most of the title's words, or an audited body, in it). */
/* "Four recent reports from the spending watchdog": the article covers
 * several reports, so no one report speaks for all of it. */
static bool several_reports(const linker *L) {
  static const char *const lead[] = {"recent", "latest", "several", "these",
                                     "its", "two", "three", "four", "five",
                                     "six", "series"};
  const tok *tk = L->toks.v;

  for (size_t q = 1; q < L->toks.n; q++) {
    if (!af__rl_tok_is(&tk[q], "report") && !af__rl_tok_is(&tk[q], "publication"))
      continue;
    /* The tokeniser dropped the plural: look at the text. */
    if (L->d->t[tk[q].e - 1] != 's')
      continue;
    for (size_t b = q; b > 0 && q - b < 3; b--) {
      if (tk[b - 1].w[0] >= '0' && tk[b - 1].w[0] <= '9')
        return true;
      for (size_t k = 0; k < sizeof(lead) / sizeof(lead[0]); k++)
        if (af__rl_tok_is(&tk[b - 1], lead[k]))
          return true;
    }
  }
  return false;
}

/* In an article on several reports: a paragraph about the NAO that covers
 * most of one report's title words, published within the month before. */
static int infer_paragraphs(linker *L) {
  const tok *tk = L->toks.v;
  size_t q = 0;
  int rc = 0;

  while (!rc && q < L->toks.n) {
    size_t a = q, b, best = (size_t)-1;
    double best_cov = 0;
    bool tie = false;
    q = b = para_end(L, a);
    if (!speaks_of_nao(L, a, b, false))
      continue;
    for (size_t k = 0; k < L->n; k++) {
      const cand *c = &L->c[k];
      double cov;
      if (c->day < 0 || c->n_content < 2 || L->doc_day < c->day - 1 ||
          L->doc_day > c->day + 31)
        continue;
      cov = af__rl_coverage(L, c, a, b, 0, NULL, false);
      if (cov < 0.6 ||
          af__rl_short_scattered(L, c, a, b, false))
        continue;
      if (cov > best_cov + 1e-9) {
        best_cov = cov;
        best = k;
        tie = false;
      } else if (cov > best_cov - 1e-9) {
        tie = true;
      }
    }
    if (best != (size_t)-1 && !tie)
      rc = af__rl_mention(L, tk[a].s, &L->c[best], "inferred", 0.55);
  }
  return rc;
}

static int infer(linker *L) {
  af__vec head;
  size_t best = (size_t)-1, n_fit = 0;
  double best_score = 0;
  int rc = 0;

  if (L->d->mentions.n || (L->doc_day < 0 && L->d->several))
    return 0;
  if (L->d->several)
    return infer_paragraphs(L);
  af__vec_init(&head, sizeof(tok));
  if (L->in->title)
    rc = af__rl_tokenise(L->in->title, 0, strlen(L->in->title), &head);
  if (!rc && L->doc_day < 0) {
    rc = af__rl_infer_undated(L, &head);
    af__vec_free(&head);
    return rc;
  }
  for (size_t k = 0; !rc && k < L->n; k++) {
    const cand *c = &L->c[k];
    size_t found = 0, hfound = 0;
    double score = 0;
    bool body = false;
    /* A day early: embargoes lift at 00:01, dates are often UTC. */
    if (c->day < 0 || L->doc_day < c->day - 1 || L->doc_day > c->day + 7)
      continue;
    n_fit++;
    af__rl_coverage(L, c, 0, L->toks.n, 0, &found, false);
    /* The headline counts too: swap it in as the token list. */
    {
      linker H = *L;
      H.toks = head;
      af__rl_coverage(&H, c, 0, head.n, 0, &hfound, false);
    }
    if (hfound > found)
      found = hfound;
    if (af__rl_short_title(c) && !af__rl_short_named(L, &head, c, false))
      found = 0;
    if (c->n_content)
      score = (double)found / (double)c->n_content;
    body = af__rl_names_body(L, c);
    if (score < 0.5 && !body)
      continue;
    score += body ? 0.25 : 0;
    if (score > best_score + 1e-9) {
      best_score = score;
      best = k;
    } else if (score > best_score - 1e-9) {
      best = (size_t)-1; /* two equally good: no link */
    }
  }
  af__vec_free(&head);
  if (rc || best == (size_t)-1)
    return rc;
  /* A body alone is weak evidence when several reports came out then. */
  if (best_score < 0.5 && n_fit > 1)
    return 0;
  L->d->inferred.r = L->c[best].r;
  L->d->inferred.basis = "inferred";
  L->d->inferred.conf = best_score >= 0.75 ? 0.65 : 0.5;
  return 0;
}

/* "Title (HC 512)": the reference's number; returns where "(" starts. */
static size_t hc_ref(af__doc *d, size_t i, size_t e, const char **hc) {
  size_t j = af__skip_space(d->t, i, e), k;

  if (j + 5 >= e || d->t[j] != '(' || strncmp(d->t + j + 1, "HC ", 3) != 0)
    return 0;
  for (k = j + 4; k < e && d->t[k] >= '0' && d->t[k] <= '9'; k++)
    ;
  if (k == j + 4 || k >= e || d->t[k] != ')')
    return 0;
  *hc = af__arena_strndup(d->a, d->t + j + 1, k - j - 1);
  return j;
}

/* A report the catalogue lacks, named by its title: "a report entitled
 * ‘Local audit in England’", "a report, Managing school building repairs
 * (HC 512), which found". */
static void uncatalogued_title(af__doc *d) {
  static const char *const lead[] = {"report entitled", "report titled",
                                     "report called", "report,"};
  for (size_t k = 0; k < sizeof(lead) / sizeof(lead[0]); k++) {
    size_t mend, at = af__find_phrase(d->t, 0, d->len, lead[k], true, &mend);
    size_t i, l, j, end;
    unsigned c;
    const char *hc = NULL;
    if (at == (size_t)-1)
      continue;
    i = af__skip_space(d->t, mend, d->len);
    end = i;
    while (end < d->len && d->t[end] != '\n')
      end++;
    c = af__cp_at(d->t, i, end, &l);
    if (af__is_dquote(c) || c == 0x2018) {
      for (j = i + l; j < end; j++) {
        size_t cl;
        unsigned cc = af__cp_at(d->t, j, end, &cl);
        if (af__is_dquote(cc) || cc == 0x2019)
          break;
      }
      if (j >= end || j - (i + l) < 6 || af__count_words(d->t, i + l, j) > 16)
        continue;
      i += l;
    } else {
      /* Unquoted: with its HC reference, or between commas after
       * "report,"; a bare capitalised run may be the sentence going on. */
      const af__body *b;
      const char *disp;
      size_t p;
      if (!af__is_upper_at(d->t, i, end))
        continue;
      for (j = i; j < end && d->t[j] != ',' && d->t[j] != '(' && d->t[j] != '.';
           j++)
        ;
      p = j < end && d->t[j] == '(' ? hc_ref(d, j, end, &hc) : 0;
      /* "the report, Capital funding for schools, found": between commas
       * right after "report," the words are its name. */
      if (!p && k == 3 && j < end && d->t[j] == ',')
        p = j;
      if (!p || af__count_words(d->t, i, j) < 2 ||
          af__count_words(d->t, i, j) > 14 ||
          af__body_at(d->r, d->t, i, j, &b, &disp) >= af__trim_end(d->t, i, j))
        continue;
      j = af__trim_end(d->t, i, j);
    }
    d->quoted.title = af__arena_strndup(d->a, d->t + i, j - i);
    d->quoted.hc = hc;
    d->quoted.basis = hc ? "hc" : "title";
    d->quoted.conf = 0.5;
    return;
  }
}

static int cmp_mention(const void *a, const void *b) {
  const af__mention *x = a, *y = b;
  return x->at < y->at ? -1 : x->at > y->at;
}

static void dominant(af__doc *d);

int af__find_report(af__doc *d, const af__norm_input *in) {
  linker L = {.d = d, .in = in, .doc_day = af__rl_day(in->published)};
  size_t n = d->r->n_reports + in->n_reports;
  int rc = 0;

  af__vec_init(&L.toks, sizeof(tok));
  L.c = n ? calloc(n, sizeof(*L.c)) : NULL;
  if (n && !L.c)
    return AF_ENOMEM;
  for (size_t k = 0; k < n; k++) {
    const af__norm_report *r =
        k < d->r->n_reports ? &d->r->reports[k] : in->reports[k - d->r->n_reports];
    cand *c = &L.c[L.n];
    if (!r || !r->title)
      continue;
    c->r = r;
    c->day = af__rl_day(r->published);
    af__vec_init(&c->words, sizeof(tok));
    L.n++;
    rc = af__rl_tokenise(r->title, 0, strlen(r->title), &c->words);
    if (rc)
      break;
    for (size_t x = 0; x < c->words.n; x++)
      c->n_content += !af__rl_is_stop(((tok *)c->words.v)[x].w);
  }
  if (!rc)
    rc = af__rl_tokenise(d->t, 0, d->len, &L.toks);
  if (!rc) {
    L.d->several = several_reports(&L);
    rc = find_links(&L);
  }
  if (!rc)
    rc = find_hc(&L);
  if (!rc)
    rc = find_titles(&L);
  if (!rc)
    rc = find_paraphrases(&L);
  if (!rc)
    rc = af__rl_find_quoted(&L);
  if (!rc)
    rc = af__rl_find_subjects(&L);
  if (!rc)
    rc = infer(&L);
  if (!rc && !d->mentions.n && !d->inferred.r)
    uncatalogued_title(d);
  /* A report's own findings cite the report, whatever else it names. */
  if (!rc && in->doc_kind && !strcmp(in->doc_kind, "nao_report") && in->title &&
      in->url && !same_page(in->url, d->main.r ? d->main.r->url : NULL)) {
    af__norm_report *self = af__arena_alloc(d->a, sizeof(*self));
    if (!self)
      rc = AF_ENOMEM;
    else {
      self->title = af__arena_strdup(d->a, in->title);
      self->published = in->published ? af__arena_strdup(d->a, in->published) : NULL;
      self->url = af__arena_strdup(d->a, in->url);
      d->self.r = self;
      d->self.basis = "link";
      d->self.conf = 1.0;
    }
  }
  if (!rc && d->mentions.n > 1)
    qsort(d->mentions.v, d->mentions.n, sizeof(af__mention), cmp_mention);
  if (!rc)
    dominant(d);
  for (size_t k = 0; k < L.n; k++)
    af__vec_free(&L.c[k].words);
  free(L.c);
  af__vec_free(&L.toks);
  return rc;
}

/* The report the document is about: the one named most strongly (the sum
 * of its mentions' confidences), if some mention of it is a firm one. */
static void dominant(af__doc *d) {
  const af__mention *m = d->mentions.v;
  double best = 0;

  for (size_t k = 0; k < d->mentions.n; k++) {
    double sum = 0, top = 0;
    for (size_t j = 0; j < d->mentions.n; j++)
      if (m[j].link.r == m[k].link.r) {
        sum += m[j].link.conf;
        if (m[j].link.conf > top)
          top = m[j].link.conf;
      }
    /* In an article on several reports a paraphrase holds only for its
     * own paragraph. */
    if (top >= (d->several ? 0.8 : 0.75) && sum > best + 1e-9) {
      best = sum;
      d->main = m[k].link;
      d->main.conf = top;
    }
  }
}

/* The report a finding starting at `s` cites: one named in its own
 * paragraph (the firmest mention there), else the document's main
 * report, else one inferred from date and subject. */
af__link af__report_for(const af__doc *d, size_t s) {
  const af__mention *m = d->mentions.v;
  af__link none = {0}, best = {0};
  size_t ps = s, pe;
  const char *nl;

  if (d->self.r)
    return d->self;

  while (ps > 1 && !(d->t[ps - 1] == '\n' && d->t[ps - 2] == '\n'))
    ps--;
  nl = strstr(d->t + s, "\n\n");
  pe = nl ? (size_t)(nl - d->t) : d->len;
  for (size_t k = 0; k < d->mentions.n; k++)
    if (m[k].at >= ps && m[k].at < pe && m[k].link.conf > best.conf)
      best = m[k].link;
  if (best.r)
    return best;
  if (d->main.r)
    return d->main;
  if (d->mentions.n)
    return none;
  return d->inferred.r ? d->inferred : d->quoted.title ? d->quoted : none;
}
