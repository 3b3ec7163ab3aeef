/* Speakers: who said a quotation.  A name is canonicalised through the
 * people list (misspellings kept in as_written), a surname or pronoun
 * refers back to a speaker already named, and an unnamed spokesperson is
 * named by the body they speak for. */
#include "norm_doc.h"

#include <stdio.h>
#include <string.h>

static size_t trim_punct_start(const char *t, size_t s, size_t e) {
  for (;;) {
    s = af__skip_space(t, s, e);
    if (s < e && strchr(",:;.-", t[s]))
      s++;
    else
      return s;
  }
}

static size_t trim_punct_end(const char *t, size_t s, size_t e) {
  for (;;) {
    e = af__trim_end(t, s, e);
    if (e > s && strchr(",:;.-", t[e - 1]))
      e--;
    else
      return e;
  }
}

static const char *last_word(af__arena *a, const char *s) {
  const char *p = s ? strrchr(s, ' ') : NULL;

  return s ? af__arena_strdup(a, p ? p + 1 : s) : NULL;
}

/* Is the name `w` (a word) present in [s, e) as a whole word? */
static bool has_word(const char *t, size_t s, size_t e, const char *w) {
  return w && *w && af__find_phrase(t, s, e, w, false, NULL) != (size_t)-1;
}

static int push_speaker(af__doc *d, const char *name, const char *as_written,
                        const char *role, const char *org,
                        const char *attribution) {
  af__seen_speaker *sp = af__vec_push(&d->speakers);

  if (!sp)
    return -1;
  sp->name = name;
  sp->as_written = as_written;
  sp->role = role;
  sp->org = org;
  sp->attribution = attribution;
  /* A spokesperson has no surname to be referred back to by. */
  if (!strstr(name, "spokesperson")) {
    sp->surname = last_word(d->a, name);
    sp->written_surname =
        as_written ? last_word(d->a, as_written) : sp->surname;
  }
  sp->response = strcmp(attribution, "audited_body") == 0;
  return (int)(d->speakers.n - 1);
}

static const char *attribution_for(af__doc *d, const af__body *b,
                                   const char *role) {
  size_t rl = role ? strlen(role) : 0;

  if (b && strcmp(b->type, "audit_office") == 0)
    return role && (strstr(role, "head") || strstr(role, "Comptroller") ||
                    strstr(role, "comptroller") || strstr(role, "uditor general") ||
                    strstr(role, "uditor General"))
               ? "nao_head"
               : "nao_staff";
  /* "cabinet member for planning", "spokesperson": the body's voice;
   * "Labour spokesperson for housing on the council": a party's. */
  if (role && af__has_class(d->r, AF_LEX_RESPONSE_ROLE, role, 0, rl) &&
      !af__has_class(d->r, AF_LEX_PARTISAN, role, 0, rl))
    return "audited_body";
  /* "Councillor X, chair of the Local Government Association's board":
   * an office in the councils' own bodies is spoken from the audited
   * side, whatever title the holder has, unless the role is a party's. */
  if (b && role &&
      af__word_in_class(d->r, AF_LEX_REPRESENT_TYPE, b->type, 0,
                       strlen(b->type), NULL) &&
      !af__has_class(d->r, AF_LEX_PARTISAN, role, 0, rl))
    return "audited_body";
  if (role && af__has_class(d->r, AF_LEX_POLITICIAN_ROLE, role, 0, rl))
    return "politician";
  if (b && af__word_in_class(d->r, AF_LEX_AUDITED_TYPE, b->type, 0,
                            strlen(b->type), NULL))
    return "audited_body";
  if (role && af__has_class(d->r, AF_LEX_RESPONSE_ROLE, role, 0, rl))
    return "audited_body";
  return "stakeholder";
}

int af__speaker_known(af__doc *d, size_t s, size_t e) {
  const af__seen_speaker *sv = d->speakers.v;

  s = trim_punct_start(d->t, s, e);
  e = trim_punct_end(d->t, s, e);
  if (s >= e)
    return -1;
  if (af__count_words(d->t, s, e) == 1 &&
      af__word_in_class(d->r, AF_LEX_PRONOUN, d->t, s, e, NULL))
    return d->last_speaker;
  for (size_t k = d->speakers.n; k-- > 0;)
    if (has_word(d->t, s, e, sv[k].as_written) ||
        has_word(d->t, s, e, sv[k].name) ||
        has_word(d->t, s, e, sv[k].written_surname) ||
        has_word(d->t, s, e, sv[k].surname))
      return (int)k;
  for (size_t k = 0; k < d->r->n_people; k++) {
    const af__person *p = &d->r->people[k];
    const char *hit = has_word(d->t, s, e, p->name) ? p->name : NULL;
    for (size_t v = 0; !hit && v < p->n_variants; v++)
      if (has_word(d->t, s, e, p->variants[v]))
        hit = p->variants[v];
    if (hit)
      return push_speaker(d, p->name, hit == p->name ? NULL : hit, p->role,
                          p->org, p->attribution);
  }
  /* "Mr Davies", "Davies": in coverage of an NAO report a bare surname
   * of an NAO head means that head. */
  if (af__count_words(d->t, s, e) <= 2)
    for (size_t k = 0; k < d->r->n_people; k++) {
      const af__person *p = &d->r->people[k];
      const char *sur = strrchr(p->name, ' ');
      size_t ws = s;
      if (!sur)
        continue;
      if (af__count_words(d->t, s, e) == 2) {
        size_t we = af__word_end(d->t, s, e);
        if (!af__word_in_class(d->r, AF_LEX_TITLE, d->t, s, we, NULL))
          continue;
        ws = af__skip_space(d->t, we, e);
      } else if (strcmp(p->attribution, "nao_head") != 0) {
        continue; /* a bare surname only for the NAO's head */
      }
      if (af__match_at(d->t, ws, e, sur + 1, false) == e)
        return push_speaker(d, p->name, af__arena_strndup(d->a, d->t + s, e - s),
                            p->role, p->org, p->attribution);
    }
  return -1;
}

/* A run of capitalised words [*ns, *ne) in [s, e); `whole` asks that it
 * covers the span.  A title ("Sir") may lead it. */
static bool name_run(af__doc *d, size_t s, size_t e, bool whole, size_t *ns,
                     size_t *ne) {
  size_t i = s, rs = 0, n = 0, last_end = 0;
  bool in = false;

  while (i < e) {
    size_t we = af__word_end(d->t, i, e);
    bool cap;
    if (we == i) {
      size_t l;
      unsigned c = af__cp_at(d->t, i, e, &l);
      /* Hyphens and apostrophes stay inside names; anything else ends a
       * run. */
      if (c == ' ' || c == '-' || af__is_squote(c)) {
        i += l;
        continue;
      }
      in = false;
      n = 0;
      i += l ? l : 1;
      continue;
    }
    cap = af__is_upper_at(d->t, i, we) && !af__word_in_class(d->r, AF_LEX_MEASURE_STOP, d->t, i, we, NULL);
    if (cap) {
      if (!in) {
        in = true;
        rs = i;
        n = 0;
      }
      n++;
      last_end = we;
    } else {
      if (whole)
        return false;
      in = false;
      n = 0;
    }
    i = we;
  }
  if (!in || n < 2 || n > 4)
    return false;
  if (whole && rs != s)
    return false;
  if (last_end != af__trim_end(d->t, s, e) && whole)
    return false;
  *ns = rs;
  *ne = last_end;
  return true;
}

static bool all_caps(const char *t, size_t s, size_t e) {
  if (e - s < 2)
    return false;
  for (size_t i = s; i < e; i++)
    if (!(t[i] >= 'A' && t[i] <= 'Z'))
      return false;
  return true;
}

/* "X, chair of Y,": the comma-separated parts of a speaker phrase, a name
 * and its roles; at most max of them.  Returns how many. */
static size_t comma_parts(const af__doc *d, size_t s, size_t e,
                          af__span *parts, size_t max) {
  size_t np = 0, i = s;

  while (i <= e && np < max) {
    size_t j = i;
    while (j < e && d->t[j] != ',')
      j++;
    parts[np].s = af__skip_space(d->t, i, j);
    parts[np].e = af__trim_end(d->t, i, j);
    if (parts[np].e > parts[np].s)
      np++;
    i = j + 1;
  }
  return np;
}

/* Which part names a person (the name in *ns, *ne), or (size_t)-1: first
 * a part that is a name and nothing else, else a name that ends a role
 * after a title or in a few words.  A public body's name is no person's. */
static size_t find_name_part(af__doc *d, const af__span *parts, size_t np,
                             size_t *ns, size_t *ne) {
  size_t name_part = (size_t)-1;

  for (size_t p = 0; p < np && name_part == (size_t)-1; p++)
    if (name_run(d, parts[p].s, parts[p].e, true, ns, ne))
      name_part = p;
  for (size_t p = np; p-- > 0 && name_part == (size_t)-1;) {
    size_t rs, re;
    if (name_run(d, parts[p].s, parts[p].e, false, &rs, &re) &&
        re == parts[p].e) {
      size_t we = af__word_end(d->t, rs, re);
      /* Only a run after a title or at the very end of a role counts. */
      if (af__word_in_class(d->r, AF_LEX_TITLE, d->t, rs, we, NULL) ||
          af__count_words(d->t, rs, re) <= 3) {
        *ns = rs;
        *ne = re;
        name_part = p;
      }
    }
  }
  if (name_part != (size_t)-1) {
    /* "The Local Government Association" is a body, not a person. */
    size_t bs = *ns;
    const af__body *nb;
    const char *nd;
    if (af__match_at(d->t, bs, *ne, "the", true))
      bs = af__skip_space(d->t, af__word_end(d->t, bs, *ne), *ne);
    if (af__body_at(d->r, d->t, bs, *ne, &nb, &nd) >= af__word_end(d->t, bs, *ne) &&
        af__body_at(d->r, d->t, bs, *ne, &nb, &nd) + 1 >= *ne)
      name_part = (size_t)-1;
  }
  return name_part;
}

/* "Labour MP Jane Doe": party and office lead the name but are role.
 * Returns where the name itself starts; the role keeps what was
 * stripped (see speaker_role). */
static size_t after_leading_role(const af__doc *d, size_t ns, size_t ne) {
  for (;;) {
    size_t we = af__word_end(d->t, ns, ne), nx = af__skip_space(d->t, we, ne);
    if (af__count_words(d->t, ns, ne) <= 2 ||
        !(all_caps(d->t, ns, we) ||
          af__match_at(d->t, ns, we, "the", true) ||
          af__word_in_class(d->r, AF_LEX_POLITICIAN_ROLE, d->t, ns, we, NULL) ||
          af__word_in_class(d->r, AF_LEX_OTHER_SOURCE, d->t, ns, we, NULL)))
      break;
    ns = nx;
  }
  return ns;
}

/* The speaker's role into role (cap bytes): every part but the name,
 * with what led the name in its part, joined by ", "; an occasion
 * ("responding to the report") and a leading article are left out.
 * Returns its length. */
static size_t speaker_role(const af__doc *d, const af__span *parts, size_t np,
                           size_t name_part, size_t ns, char *role, size_t cap) {
  size_t rl = 0;

  role[0] = '\0';
  for (size_t p = 0; p < np; p++) {
    size_t rs = parts[p].s, re = parts[p].e, we;
    if (p == name_part) {
      if (ns == parts[p].s)
        continue;
      re = af__trim_end(d->t, rs, ns);
    }
    we = af__word_end(d->t, rs, re);
    /* "responding to the report" describes the occasion, not the role;
     * "housing spokesperson for the LGA" is a role all the same. */
    if (af__word_in_class(d->r, AF_LEX_OCCASION, d->t, rs, we, NULL))
      continue;
    if (af__match_at(d->t, rs, re, "and ", true))
      rs = af__skip_space(d->t, rs + 4, re);
    if (af__match_at(d->t, rs, re, "the ", true))
      rs = af__skip_space(d->t, rs + 4, re);
    else if (af__match_at(d->t, rs, re, "a ", true))
      rs = af__skip_space(d->t, rs + 2, re);
    if (re <= rs)
      continue;
    if (rl + (re - rs) + 3 >= cap)
      break;
    if (rl)
      rl += (size_t)snprintf(role + rl, cap - rl, ", ");
    memcpy(role + rl, d->t + rs, re - rs);
    rl += re - rs;
    role[rl] = '\0';
  }
  return rl;
}

/* A speaker phrase that names no person: a body's spokesperson, an
 * unnamed voice of the audited side, or the body itself.  Returns the
 * speaker's index, -1 when the phrase is none of these. */
static int unnamed_speaker(af__doc *d, size_t s, size_t e) {
  const char *disp = NULL;
  const af__body *b = af__first_body(d->r, d->t, s, e, &disp, NULL);

  if (b && af__has_class(d->r, AF_LEX_RESPONSE_ROLE, d->t, s, e)) {
    char nm[300];
    snprintf(nm, sizeof(nm), "%s spokesperson", disp);
    return push_speaker(d, af__arena_strdup(d->a, nm), NULL, "spokesperson",
                        af__arena_strdup(d->a, disp),
                        attribution_for(d, b, "spokesperson"));
  }
  /* "A government spokesperson": an unnamed voice of the audited side. */
  if (!b && af__has_class(d->r, AF_LEX_RESPONSE_ROLE, d->t, s, e) &&
      af__count_words(d->t, s, e) <= 6) {
    size_t ns2 = s;
    const char *attr;
    if (af__match_at(d->t, ns2, e, "a ", true) ||
        af__match_at(d->t, ns2, e, "the ", true))
      ns2 = af__skip_space(d->t, af__word_end(d->t, ns2, e), e);
    attr = af__has_class(d->r, AF_LEX_POLITICIAN_ROLE, d->t, s, e)
               ? "politician"
               : "audited_body";
    return push_speaker(d, af__arena_strndup(d->a, d->t + ns2, e - ns2), NULL,
                        "spokesperson", NULL, attr);
  }
  /* "The Department for Education said: “…”": the body itself speaks.
   * The NAO speaking through its report is a finding, not a quotation. */
  if (b && strcmp(b->type, "audit_office") != 0 &&
      af__words_names_as_one(d, s, e) <= 6)
    return push_speaker(d, af__arena_strdup(d->a, disp), NULL, NULL,
                        af__arena_strdup(d->a, disp),
                        attribution_for(d, b, NULL));
  return -1;
}

int af__speaker_parse(af__doc *d, size_t s, size_t e) {
  af__span parts[8];
  size_t np, ns = 0, ne = 0, name_part;
  char role[512];
  size_t rl;
  const af__body *b;
  const char *disp = NULL;
  int k;

  s = trim_punct_start(d->t, s, e);
  e = trim_punct_end(d->t, s, e);
  if (s >= e || af__count_words(d->t, s, e) > 40)
    return -1;
  k = af__speaker_known(d, s, e);
  if (k >= 0)
    return k;
  np = comma_parts(d, s, e, parts, sizeof(parts) / sizeof(parts[0]));
  name_part = find_name_part(d, parts, np, &ns, &ne);
  if (name_part != (size_t)-1)
    ns = after_leading_role(d, ns, ne);
  rl = speaker_role(d, parts, np, name_part, ns, role, sizeof(role));
  b = af__first_body(d->r, role, 0, rl, &disp, NULL);
  if (name_part != (size_t)-1) {
    const char *name = af__arena_strndup(d->a, d->t + ns, ne - ns);
    const char *r = rl ? af__arena_strdup(d->a, role) : NULL;
    if (!name)
      return -1;
    return push_speaker(d, name, NULL, r, b ? af__arena_strdup(d->a, disp) : NULL,
                        attribution_for(d, b, rl ? role : NULL));
  }
  return unnamed_speaker(d, s, e);
}
