/* The public bodies a finding is about, as gazetteer ids: named in its
 * sentence (former names and misnomers through the gazetteer), "the
 * department" for the one named last, a council by name ("LA" and
 * "LA:<name>"), the organisation a reply speaks for and whom that
 * organisation represents, and, when the finding names none, the bodies of
 * the finding before it if it opens on a pronoun for them or continues the
 * same quotation. */
#include "norm_doc.h"

#include <auditfeed/errno.h>

#include <stdint.h>
#include <string.h>

const af__body *af__body_by_id(const af__norm_rules *r, const char *id) {
  for (size_t k = 0; k < r->n_bodies; k++)
    if (strcmp(r->bodies[k].id, id) == 0)
      return &r->bodies[k];
  return NULL;
}

/* Longest gazetteer form at i; returns its end or 0. */
size_t af__body_at(const af__norm_rules *r, const char *t, size_t i,
                      size_t e, const af__body **b, const char **display) {
  size_t best = 0;

  for (size_t k = 0; k < r->n_bodies; k++)
    for (size_t f = 0; f < r->bodies[k].n_forms; f++) {
      const af__body_form *bf = &r->bodies[k].forms[f];
      size_t m = af__match_at(t, i, e, bf->form, bf->fold);
      if (m > best) {
        best = m;
        *b = &r->bodies[k];
        *display = bf->display;
      }
    }
  return best;
}

const af__body *af__first_body(const af__norm_rules *r, const char *t, size_t s,
                             size_t e, const char **display, size_t *at) {
  for (size_t i = s; i < e; i++) {
    const af__body *b = NULL;
    const char *disp = NULL;
    if (((unsigned char)t[i] & 0xC0) == 0x80)
      continue;
    if (i > s && af__is_word_cp((unsigned char)t[i - 1]))
      continue;
    if (af__body_at(r, t, i, e, &b, &disp)) {
      if (display)
        *display = disp;
      if (at)
        *at = i;
      return b;
    }
  }
  return NULL;
}

/* Words of [a, b) with a gazetteer name counted as one: "A spokesperson
 * for the Department for Communities and Local Government" is five. */
size_t af__words_names_as_one(af__doc *d, size_t a, size_t b) {
  size_t n = 0, i = af__skip_space(d->t, a, b);

  while (i < b) {
    const af__body *bd;
    const char *disp;
    size_t m = af__body_at(d->r, d->t, i, b, &bd, &disp);
    size_t we = m ? m : af__word_end(d->t, i, b);
    if (we > i)
      n++;
    i = af__skip_space(d->t, we > i ? we : i + 1, b);
  }
  return n;
}

static bool is_department(const af__body *b) {
  return b && strstr(b->type, "department") != NULL;
}

static void seen_dept(af__doc *d, const af__body *b);

/* The departments of a text [0, len), in one pass.
 * *only: "The department spent £448 million" before any department is
 * named: a news story about one department often names it only in the
 * reply at the end.  When the text names exactly one department (former
 * names count as it), that is the one meant; with two or more, none is.
 * *subject: "the government", "ministers", "Whitehall" in a story about
 * one department mean that department; in one about councils or the NHS
 * that names a department in passing, or about several departments, they
 * do not.  Plainly about one: the only department is named (or called
 * "the department") at least twice, and at least as often as the
 * collective bodies (councils, the NHS). */
void af__departments_of(const af__norm_rules *r, const char *t, size_t len,
                        const af__body **only, const af__body **subject) {
  const af__lex_list *an = &r->lex[AF_LEX_DEPT_ANAPHOR];
  const af__body *one = NULL;
  size_t named = 0, anaphors = 0, coll = 0;
  bool several = false;

  for (size_t i = 0; i < len; i++) {
    const af__body *b = NULL;
    const char *disp;
    size_t m;
    if (((unsigned char)t[i] & 0xC0) == 0x80 ||
        (i > 0 && af__is_word_cp((unsigned char)t[i - 1])))
      continue;
    m = af__body_at(r, t, i, len, &b, &disp);
    if (m) {
      if (is_department(b)) {
        several |= one && one != b;
        one = b;
        named++;
      } else if (strcmp(b->type, "collective") == 0) {
        coll++;
      }
      i = m - 1;
      continue;
    }
    /* "the department", but not the start of "the Department for
     * Education" (counted above when its name is reached). */
    for (size_t k = 0, j = SIZE_MAX; k < an->n; k++) {
      m = af__match_at(t, i, len, an->phrase[k], true);
      if (!m)
        continue;
      if (j == SIZE_MAX)
        j = af__skip_space(t, af__word_end(t, i, len), len);
      if (af__body_at(r, t, j, len, &b, &disp) <= m) {
        anaphors++;
        break;
      }
    }
  }
  *only = several ? NULL : one;
  *subject = *only && named + anaphors >= 2 && named + anaphors >= coll
                 ? *only
                 : NULL;
}

/* "the government", "the Government's", "ministers", "Whitehall" at i
 * (the sentence starts at s): the government as the actor.  Not "local
 * government" or "central government" (a gazetteer form or the whole
 * state), nor "government departments", nor another government's
 * ("Scottish ministers", "the Welsh Government").  Returns the end or 0. */
static size_t government_at(const char *t, size_t s, size_t i, size_t e) {
  static const char *const forms[] = {"the government's", "the government",
                                      "ministers", "Whitehall"};

  for (size_t k = 0; k < sizeof(forms) / sizeof(forms[0]); k++) {
    bool fold = forms[k][0] != 'W';
    size_t m = af__match_at(t, i, e, forms[k], fold), p;
    if (!m || (m < e && af__is_word_cp((unsigned char)t[m])))
      continue;
    /* "Scottish ministers", "Treasury ministers": whose ministers is said. */
    p = af__prev_word_start(t, s, i);
    if (k == 2 && p < i && af__is_upper_at(t, p, i) &&
        af__match_at(t, p, i, "The", false) == 0)
      continue;
    return m;
  }
  return 0;
}

/* Remember the departments named, for a later "the Department", and the
 * body a sentence that is no finding opens on: the subject has moved to
 * it, so a later "It" or "They" means it. */
void af__note_bodies(af__doc *d, size_t s, size_t e) {
  size_t ss = af__skip_space(d->t, s, e), at;
  size_t we = ss;
  const af__body *sb;

  for (int n = 0; n < 3 && we < e; n++)
    we = af__skip_space(d->t, af__word_end(d->t, we, e) > we
                                  ? af__word_end(d->t, we, e)
                                  : we + 1,
                        e);
  sb = af__first_body(d->r, d->t, ss, e, NULL, &at);
  if (sb && at < we && strcmp(sb->type, "audit_office") != 0) {
    d->aside_subject = sb;
    d->aside_at = s;
  }
  for (size_t i = s; i < e; i++) {
    const af__body *b = NULL;
    const char *disp;
    size_t m;
    if (i > s && af__is_word_cp((unsigned char)d->t[i - 1]))
      continue;
    m = af__body_at(d->r, d->t, i, e, &b, &disp);
    if (m) {
      if (is_department(b))
        seen_dept(d, b);
      i = m - 1;
    }
  }
}

/* Remember a department named, for "the department(s)" later. */
static void seen_dept(af__doc *d, const af__body *b) {
  size_t k;

  /* "The Department" in news is a ministry: an inspectorate or agency
   * named since does not take its place. */
  if (!d->last_dept || strcmp(b->type, "ministerial_department") == 0 ||
      strcmp(d->last_dept->type, "ministerial_department") != 0)
    d->last_dept = b;
  for (k = 0; k < d->n_depts && d->depts[k] != b; k++)
    ;
  if (k == d->n_depts && d->n_depts < sizeof(d->depts) / sizeof(d->depts[0]))
    d->depts[d->n_depts++] = b;
}

typedef struct idset {
  const char *v[16];
  size_t n;
} idset;

static void add_id(idset *s, const char *id) {
  for (size_t k = 0; k < s->n; k++)
    if (strcmp(s->v[k], id) == 0)
      return;
  if (s->n < 16)
    s->v[s->n++] = id;
}

/* Who a body speaks for as well as itself: "represents" lines of the
 * lexicon (the LGA for councils). */
static void add_with_represented(af__doc *d, idset *s, const af__body *b) {
  const af__lex_list *l = &d->r->lex[AF_LEX_REPRESENTS];

  add_id(s, b->id);
  for (size_t k = 0; k < l->n; k++)
    if (strcmp(l->phrase[k], b->id) == 0)
      add_id(s, l->value[k]);
}

/* "Lancashire County Council", "London Borough of Croydon": a council by
 * name, as "LA:<name>".  Returns the end of the name or 0. */
static size_t named_council(af__doc *d, size_t i, size_t e, const char **id) {
  static const char *const not_name[] = {"The", "A", "An", "This", "That",
                                         "Its", "Their", "Every", "Each",
                                         "No", "Any", "Some"};
  const char *t = d->t;
  size_t k = i, words = 0, end = 0;

  if (!af__is_upper_at(t, i, e))
    return 0;
  for (size_t q = 0; q < sizeof(not_name) / sizeof(not_name[0]); q++)
    if (af__match_at(t, i, e, not_name[q], false))
      return 0;
  if (af__match_at(t, i, e, "London Borough of", false)) {
    size_t j = af__skip_space(t, af__match_at(t, i, e, "London Borough of",
                                              false), e);
    size_t we = af__word_end(t, j, e);
    if (we > j && af__is_upper_at(t, j, e))
      end = we;
  }
  while (!end && k < e && words < 5) {
    size_t we = af__word_end(t, k, e);
    if (we == k || !af__is_upper_at(t, k, e))
      break;
    words++;
    if (words >= 2 && af__match_at(t, k, we, "Council", false) == we)
      end = we;
    if (we >= e || t[we] != ' ')
      break;
    k = we + 1;
  }
  if (!end)
    return 0;
  {
    char *v = af__arena_alloc(d->a, end - i + 4);
    if (!v)
      return 0;
    memcpy(v, "LA:", 3);
    memcpy(v + 3, t + i, end - i);
    v[end - i + 3] = '\0';
    *id = v;
  }
  return end;
}

/* Where the first council named in [s, e) starts, or (size_t)-1. */
size_t af__council_named_in(af__doc *d, size_t s, size_t e) {
  for (size_t i = s; i < e; i++) {
    const char *la;
    if (((unsigned char)d->t[i] & 0xC0) == 0x80 ||
        (i > s && af__is_word_cp((unsigned char)d->t[i - 1])))
      continue;
    if (named_council(d, i, e, &la))
      return i;
  }
  return (size_t)-1;
}

/* "the department" and the like: the one named last; "the departments":
 * every one named so far.  Not when the words begin a full name ("the
 * Department for Education").  Returns the end or 0. */
static size_t anaphor_at(af__doc *d, size_t i, size_t e, idset *ids) {
  static const char *const plural[] = {"the departments", "both departments",
                                       "the two departments"};
  const af__lex_list *an = &d->r->lex[AF_LEX_DEPT_ANAPHOR];

  for (size_t k = 0; k < sizeof(plural) / sizeof(plural[0]); k++) {
    size_t we = af__match_at(d->t, i, e, plural[k], true);
    if (we && d->n_depts >= 2) {
      for (size_t q = 0; q < d->n_depts; q++)
        add_id(ids, d->depts[q]->id);
      return we;
    }
  }
  if (!d->last_dept && !d->only_dept)
    return 0;
  for (size_t k = 0; k < an->n; k++) {
    size_t we = af__match_at(d->t, i, e, an->phrase[k], true), j;
    const af__body *b;
    const char *disp;
    if (!we)
      continue;
    j = af__skip_space(d->t, af__word_end(d->t, i, e), e);
    if (af__body_at(d->r, d->t, j, e, &b, &disp) > we)
      return 0;
    add_id(ids, (d->last_dept ? d->last_dept : d->only_dept)->id);
    return we;
  }
  return 0;
}

/* A finding that names no body but opens on a pronoun for one ("It has
 * not yet done the work", "As a result, their targets ...") is about the
 * bodies of the finding before it; "It said" and the like are the NAO. */
static bool opens_on_pronoun(af__doc *d, size_t s, size_t e) {
  static const char *const pron[] = {"it", "its", "they", "their", "them"};
  size_t i = af__skip_space(d->t, s, e), words = 0;

  while (i < e && words < 6) {
    size_t we = af__word_end(d->t, i, e), j;
    if (we == i) {
      i++;
      continue;
    }
    words++;
    for (size_t k = 0; k < sizeof(pron) / sizeof(pron[0]); k++) {
      if (af__match_at(d->t, i, we, pron[k], true) != we)
        continue;
      j = af__skip_space(d->t, we, e);
      return !af__word_in_class(d->r, AF_LEX_REPORT_VERB, d->t, j,
                                af__word_end(d->t, j, e), NULL) &&
             !af__word_in_class(d->r, AF_LEX_SPEECH_VERB, d->t, j,
                                af__word_end(d->t, j, e), NULL);
    }
    i = we;
  }
  return false;
}

int af__collect_bodies(af__doc *d, af_finding *f, size_t s, size_t e,
                       const char *speaker_org) {
  idset ids = {0};
  const af_finding *prev = d->findings.n > 1
                               ? (const af_finding *)d->findings.v +
                                     d->findings.n - 2
                               : NULL;

  /* A reply from a body other than a department (the LGA, a council)
   * asks the government to act; it is not about the department. */
  bool reply_of_other = false;

  /* A reply speaks for its organisation even when it never names it. */
  if (speaker_org) {
    const af__body *b = af__first_body(d->r, speaker_org, 0,
                                       strlen(speaker_org), NULL, NULL);
    if (b && strcmp(b->type, "audit_office") != 0)
      add_with_represented(d, &ids, b);
    reply_of_other = b && !is_department(b) &&
                     strcmp(b->type, "audit_office") != 0;
  }
  for (size_t i = s; i < e && ids.n < 16; i++) {
    const af__body *b = NULL;
    const char *disp, *la;
    size_t m;
    if (((unsigned char)d->t[i] & 0xC0) == 0x80 ||
        (i > s && af__is_word_cp((unsigned char)d->t[i - 1])))
      continue;
    m = named_council(d, i, e, &la);
    if (m) {
      add_id(&ids, "LA");
      add_id(&ids, la);
      i = m - 1;
      continue;
    }
    m = af__body_at(d->r, d->t, i, e, &b, &disp);
    if (!m) {
      m = anaphor_at(d, i, e, &ids);
      if (!m && d->subject_dept && !reply_of_other) {
        m = government_at(d->t, s, i, e);
        if (m)
          add_id(&ids, d->subject_dept->id);
      }
      if (m)
        i = m - 1;
      continue;
    }
    i = m - 1;
    if (strcmp(b->type, "audit_office") == 0)
      continue;
    if (is_department(b))
      seen_dept(d, b);
    add_id(&ids, b->id);
  }
  /* Carried: from the finding before, when this one opens on a pronoun for
   * it, or continues the same person's quotation.  When a sentence that was
   * no finding came between and opened on another body, the subject moved
   * there: "The Department for Transport runs the franchises. It has no
   * data ..." is about the department, not the body before. */
  bool moved = d->aside_subject && !f->speaker &&
               (!prev || d->aside_at > prev->span_start) &&
               opens_on_pronoun(d, s, e);
  if (!ids.n && moved)
    add_id(&ids, d->aside_subject->id);
  if (!ids.n && !moved && prev && prev->n_bodies &&
      (opens_on_pronoun(d, s, e) ||
       (f->speaker && prev->speaker && f->speaker->name &&
        prev->speaker->name && !strcmp(f->speaker->name, prev->speaker->name) &&
        !strcmp(f->kind, prev->kind))))
    for (size_t k = 0; k < prev->n_bodies; k++)
      add_id(&ids, prev->bodies[k]);
  if (ids.n) {
    const char **v = af__arena_alloc(d->a, ids.n * sizeof(*v));
    if (!v)
      return AF_ENOMEM;
    memcpy(v, ids.v, ids.n * sizeof(*v));
    f->bodies = v;
    f->n_bodies = ids.n;
  }
  return 0;
}
