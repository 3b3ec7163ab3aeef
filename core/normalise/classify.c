/* Deciding whether a sentence is a finding, whose it is, and its kind.
 *
 * A sentence is the NAO's when a reporting verb or a frame ("according
 * to") ties it to the NAO, its report or its head.  Later sentences with
 * no frame of their own stay the NAO's while the article keeps reporting
 * it: not after someone else has been quoted (until the next NAO frame or
 * heading), not in a paragraph that gave another source's claim, and not
 * once several sentences in a row were about something else.  Such
 * sentences also need a figure or a judgement word to count.
 * Precedence of kinds: target_vs_outcome > recommendation > verdict >
 * figure; quotations are handled in quotes.c before this file sees a
 * sentence. */
#include "norm_doc.h"

#include <string.h>

static size_t last_of_class(const af__norm_rules *r, af__lex_class c,
                            const char *t, size_t s, size_t e) {
  size_t last = (size_t)-1, i = s, mend;

  for (;;) {
    size_t at = af__find_class(r, c, t, i, e, NULL, &mend);
    if (at == (size_t)-1)
      return last;
    last = at;
    i = at + 1;
  }
}

static bool is_it_subject(af__doc *d, size_t a, size_t b) {
  size_t i = af__skip_space(d->t, a, b);
  size_t we = af__word_end(d->t, i, b);

  /* "It said", "it has found", "It also warned". */
  return we > i && af__match_at(d->t, i, we, "it", true) == we &&
         af__count_words(d->t, a, b) <= 3;
}

/* Does a gazetteer name that starts in [a, at] cover position at? */
static bool inside_body(af__doc *d, size_t a, size_t at) {
  for (size_t i = a; i <= at; i++) {
    const af__body *b;
    const char *disp;
    if (((unsigned char)d->t[i] & 0xC0) == 0x80 ||
        (i > a && af__is_word_cp((unsigned char)d->t[i - 1])))
      continue;
    if (af__body_at(d->r, d->t, i, d->len, &b, &disp) > at)
      return true;
  }
  return false;
}

/* A capitalised word after the first one of the clause: a name. */
static bool names_someone(af__doc *d, size_t a, size_t b) {
  size_t i = af__skip_space(d->t, a, b);
  bool first = true;

  while (i < b) {
    size_t we = af__word_end(d->t, i, b);
    if (we == i) {
      i++;
      continue;
    }
    if (!first && af__is_upper_at(d->t, i, b) &&
        !af__word_in_class(d->r, AF_LEX_SENTENCE_START, d->t, i, we, NULL))
      return true;
    first = false;
    i = we;
  }
  return false;
}

/* Who a clause [a, b) in front of a reporting verb names. */
static af__src classify_ref(af__doc *d, size_t a, size_t b, int *spk,
                           bool names) {
  size_t pn, po;
  int k;

  if (a >= b)
    return AF_SRC_NONE;
  k = af__speaker_known(d, a, b);
  if (k >= 0) {
    const af__seen_speaker *sp = (const af__seen_speaker *)d->speakers.v + k;
    *spk = k;
    return strncmp(sp->attribution, "nao", 3) == 0 ? AF_SRC_NAO_PERSON
                                                   : AF_SRC_PERSON;
  }
  /* "The health secretary said …": a politician's claim, not the NAO's. */
  if (af__has_class(d->r, AF_LEX_POLITICIAN_ROLE, d->t, a, b) &&
      !af__has_class(d->r, AF_LEX_RESPONSE_ROLE, d->t, a, b) &&
      !af__has_class(d->r, AF_LEX_NAO_STRONG, d->t, a, b))
    return AF_SRC_OTHER;
  pn = last_of_class(d->r, AF_LEX_NAO_REF, d->t, a, b);
  po = last_of_class(d->r, AF_LEX_OTHER_SOURCE, d->t, a, b);
  if (po != (size_t)-1 && inside_body(d, a, po))
    po = (size_t)-1; /* "Government" in "Local Government Association" */
  if (pn != (size_t)-1 && (po == (size_t)-1 || pn > po))
    return AF_SRC_NAO;
  if (po != (size_t)-1)
    return AF_SRC_OTHER;
  if (is_it_subject(d, a, b))
    return d->last_src == AF_SRC_NAO || d->last_src == AF_SRC_OTHER ||
                   d->last_src == AF_SRC_BODY
               ? d->last_src
               : AF_SRC_NONE;
  if (af__first_body(d->r, d->t, a, b, NULL, NULL) ||
      af__has_class(d->r, AF_LEX_DEPT_ANAPHOR, d->t, a, b))
    return AF_SRC_BODY;
  /* "The Trussell Trust said …": a named source that is neither the NAO
   * nor a public body speaks for itself. */
  if (names && names_someone(d, a, b))
    return AF_SRC_OTHER;
  return AF_SRC_NONE;
}

static size_t clause_start(const char *t, size_t s, size_t i) {
  while (i > s) {
    char c = t[i - 1];
    if (c == ',' || c == ';')
      break;
    i--;
  }
  return i;
}

static size_t nth_word_end(const char *t, size_t s, size_t e, int n) {
  size_t i = s;

  while (n-- > 0 && i < e) {
    size_t j = af__skip_space(t, i, e);
    size_t we = af__word_end(t, j, e);
    i = we > j ? we : j + 1;
  }
  return i < e ? i : e;
}

/* "…, six years after the government vowed to …, the NAO has concluded":
 * the last clause attributes the whole sentence to the NAO. */
static bool trailing_nao(af__doc *d, size_t s, size_t e) {
  size_t c = e, v, vend, which;

  while (c > s && d->t[c - 1] != ',')
    c--;
  if (c == s)
    return false;
  v = af__find_class(d->r, AF_LEX_REPORT_VERB, d->t, c, e, &which, &vend);
  return v != (size_t)-1 && af__has_class(d->r, AF_LEX_NAO_REF, d->t, c, v) &&
         af__count_words(d->t, vend, e) <= 4;
}

/* The sentence's source: the first frame that names one, unless the last
 * clause gives the sentence to the NAO. */
af__src af__find_frame(af__doc *d, size_t s, size_t e, int *speaker) {
  *speaker = -1;
  if (trailing_nao(d, s, e))
    return AF_SRC_NAO;
  for (size_t i = s; i < e; i++) {
    size_t m = 0, which;
    af__src src = AF_SRC_NONE;
    int spk = -1;
    if (((unsigned char)d->t[i] & 0xC0) == 0x80 ||
        (i > s && af__is_word_cp((unsigned char)d->t[i - 1])))
      continue;
    for (which = 0; which < d->r->lex[AF_LEX_FRAME_PREFIX].n && !m; which++)
      m = af__match_at(d->t, i, e, d->r->lex[AF_LEX_FRAME_PREFIX].phrase[which],
                      true);
    if (m) {
      size_t we = nth_word_end(d->t, m, e, 8);
      src = classify_ref(d, m, we, &spk, true);
      if (src == AF_SRC_NONE || src == AF_SRC_BODY)
        src = AF_SRC_OTHER;
    } else {
      for (which = 0; which < d->r->lex[AF_LEX_REPORT_VERB].n && !m; which++)
        m = af__match_at(d->t, i, e,
                        d->r->lex[AF_LEX_REPORT_VERB].phrase[which], true);
      if (m) {
        size_t cs = clause_start(d->t, s, i);
        src = classify_ref(d, cs, i, &spk, true);
        if (src == AF_SRC_NONE && cs > s)
          src = classify_ref(d, s, nth_word_end(d->t, s, i, 6), &spk, false);
      }
    }
    if (src != AF_SRC_NONE) {
      *speaker = spk;
      return src;
    }
  }
  return AF_SRC_NONE;
}

/* Does a gazetteer name that starts in [a, ws) end inside [ws, at]?
 * "the Department of Health and Social Care should": the window of words
 * before the modal holds only the end of the name. */
static bool body_ends_in(af__doc *d, size_t a, size_t ws, size_t at) {
  for (size_t i = a; i < ws; i++) {
    const af__body *b;
    const char *disp;
    size_t be;
    if (((unsigned char)d->t[i] & 0xC0) == 0x80 ||
        (i > a && af__is_word_cp((unsigned char)d->t[i - 1])))
      continue;
    be = af__body_at(d->r, d->t, i, at, &b, &disp);
    if (be > ws && be <= at)
      return true;
  }
  return false;
}

/* "should", "must": a recommendation only when a body is told to. */
static bool modal_for_body(af__doc *d, size_t s, size_t e) {
  size_t i = s, mend;

  for (;;) {
    size_t at = af__find_class(d->r, AF_LEX_MODAL, d->t, i, e, NULL, &mend);
    size_t ws = at;
    if (at == (size_t)-1)
      return false;
    for (int n = 0; n < 3 && ws > s; n++)
      ws = af__prev_word_start(d->t, s, ws);
    ws = clause_start(d->t, ws, at); /* "…where they live, should" */
    if (af__first_body(d->r, d->t, ws, at, NULL, NULL) ||
        body_ends_in(d, clause_start(d->t, s, ws), ws, at) ||
        af__has_class(d->r, AF_LEX_DEPT_ANAPHOR, d->t, ws, at) ||
        af__has_class(d->r, AF_LEX_MODAL_SUBJECT, d->t, ws, at))
      return true;
    i = at + 1;
  }
}

/* Does the sentence quote a phrase?  The NAO's own words in quotation
 * marks make a sentence with figures a verdict; a single word in them
 * ("gateway" organisations) is a name or a term, not a judgement. */
static bool has_dquote(const char *t, size_t s, size_t e) {
  size_t open = (size_t)-1;

  for (size_t i = s; i < e;) {
    size_t l;
    if (af__is_dquote(af__cp_at(t, i, e, &l))) {
      if (open == (size_t)-1)
        open = i + (l ? l : 1);
      else if (af__count_words(t, open, i) >= 2)
        return true;
      else
        open = (size_t)-1;
    }
    i += l ? l : 1;
  }
  return open != (size_t)-1; /* a quotation that runs on */
}

/* Last meaningful character: ".", "?", ":" through closing quotes. */
static unsigned terminal(const char *t, size_t s, size_t e, bool *closed) {
  size_t i = e;

  *closed = false;
  while (i > s) {
    size_t k = i - 1, l;
    unsigned c;
    while (k > s && ((unsigned char)t[k] & 0xC0) == 0x80)
      k--;
    c = af__cp_at(t, k, i, &l);
    if (af__is_dquote(c) || af__is_squote(c) || c == ')') {
      *closed = true;
      i = k;
      continue;
    }
    return c;
  }
  return 0;
}

static bool in_first_words(af__doc *d, af__lex_class c, size_t s, size_t e,
                           int n, size_t *mend) {
  size_t we = nth_word_end(d->t, s, e, n);
  size_t at = af__find_class(d->r, c, d->t, s, we, NULL, mend);

  return at != (size_t)-1;
}

/* "Responding to the report, the permanent secretary X highlighted that". */
static int reported_response(af__doc *d, size_t s, size_t e, bool *done) {
  size_t lend, comma, v, vend, which;
  int spk;
  const af__seen_speaker *sp;

  *done = false;
  if (!in_first_words(d, AF_LEX_RESPONSE_LEAD, s, e, 3, &lend))
    return 0;
  comma = lend;
  while (comma < e && d->t[comma] != ',')
    comma++;
  if (comma >= e)
    return 0;
  v = af__find_class(d->r, AF_LEX_REPORT_VERB, d->t, comma + 1, e, &which,
                    &vend);
  if (v == (size_t)-1)
    v = af__find_class(d->r, AF_LEX_SPEECH_VERB, d->t, comma + 1, e, &which,
                      &vend);
  if (v == (size_t)-1)
    return 0;
  spk = af__speaker_parse(d, comma + 1, v);
  if (spk < 0)
    return 0;
  d->last_speaker = spk;
  sp = (const af__seen_speaker *)d->speakers.v + spk;
  *done = true;
  if (!sp->response)
    return 0;
  return af__add_finding(d, "response", s, e, sp->attribution, spk);
}

/* What a later "It" refers to: the NAO or a body named at the start of
 * this sentence ("In 2010, the DfE commissioned … It accepted …"). */
static void note_subject(af__doc *d, size_t s, size_t e) {
  size_t we = nth_word_end(d->t, s, e, 5);

  if (af__has_class(d->r, AF_LEX_NAO_REF, d->t, s, we))
    d->last_src = AF_SRC_NAO;
  else if (af__first_body(d->r, d->t, s, we, NULL, NULL) ||
           af__has_class(d->r, AF_LEX_DEPT_ANAPHOR, d->t, s, we))
    d->last_src = AF_SRC_BODY;
}

/* "The NAO's most recent reports show …": the writer sums up several. */
static bool sums_up_reports(af__doc *d, size_t s, size_t e) {
  size_t mend;
  size_t at = af__find_class(d->r, AF_LEX_NAO_STRONG, d->t, s, e, NULL, &mend);

  if (at == (size_t)-1)
    return false;
  return af__find_phrase(d->t, mend, nth_word_end(d->t, mend, e, 4),
                        "reports", true, NULL) != (size_t)-1;
}

/* "The report examines …", "It sets out …": what a report covers, not
 * what it found.  A scope word inside a finding ("recommends that the
 * Department sets out …") does not count. */
static bool is_scope(af__doc *d, size_t s, size_t e) {
  size_t at = af__find_class(d->r, AF_LEX_SCOPE, d->t, s, e, NULL, NULL);
  size_t that = af__find_phrase(d->t, s, e, "that", true, NULL);

  if (at == (size_t)-1)
    return false;
  if (that != (size_t)-1 && that < at)
    return false;
  /* "It said the department had not set out …": the scope word belongs to
   * what was reported, not to the report's own remit. */
  if (af__find_class(d->r, AF_LEX_REPORT_VERB, d->t, s, at, NULL, NULL) !=
      (size_t)-1)
    return false;
  /* The report (or "It") must do the covering, in the main clause: "the
   * amount set out in the business case" is no scope sentence. */
  for (size_t i = s; i < at; i++)
    if (d->t[i] == ',')
      return false;
  if (!af__has_class(d->r, AF_LEX_NAO_REF, d->t, s, at) &&
      !is_it_subject(d, s, nth_word_end(d->t, s, at, 1)))
    return false;
  return !af__has_class(d->r, AF_LEX_RECOMMEND, d->t, s, e);
}

/* A sentence that is no finding: remember the department it names, and
 * let the NAO context go stale when the article has moved on. */
static int skip(af__doc *d, size_t s, size_t e) {
  af__note_bodies(d, s, e);
  return 0;
}

/* A sentence that says nothing of the kind a finding says: only these
 * count towards the article having moved on. */
static int stale_skip(af__doc *d, size_t s, size_t e) {
  d->stale++;
  return skip(d, s, e);
}

/* The start of the clause before i, where a comma inside a body's name
 * ("the Ministry of Housing, Communities and Local Government") is no
 * clause break. */
static size_t clause_start_names(af__doc *d, size_t s, size_t i) {
  size_t cs = clause_start(d->t, s, i);

  while (cs > s && inside_body(d, s, cs - 1))
    cs = clause_start(d->t, s, cs - 1);
  return cs;
}

/* "The LGA said councils …", "A spokesperson for the Department for
 * Education said …": an audited body's reply, reported. */
static int body_speaks(af__doc *d, size_t s, size_t e, bool *done) {
  size_t v, vend, which, cs;
  int spk;
  const af__seen_speaker *sp;

  *done = false;
  v = af__find_class(d->r, AF_LEX_SPEECH_VERB, d->t, s, e, &which, &vend);
  if (v == (size_t)-1)
    return 0;
  cs = clause_start_names(d, s, v);
  /* A body by name, or the audited side unnamed: "A government
   * spokesperson", "a ministry spokeswoman" (not "a charity
   * spokesperson"). */
  if (af__words_names_as_one(d, cs, v) == 0 || af__words_names_as_one(d, cs, v) > 6 ||
      (!af__first_body(d->r, d->t, cs, v, NULL, NULL) &&
       !(af__has_class(d->r, AF_LEX_REPLY_OWNER, d->t, cs, v) &&
         af__has_class(d->r, AF_LEX_RESPONSE_ROLE, d->t, cs, v))))
    return 0;
  /* "Councils told the NAO …": evidence the report gathered, not a reply. */
  if (af__has_class(d->r, AF_LEX_NAO_REF, d->t, vend,
                   nth_word_end(d->t, vend, e, 3)))
    return 0;
  spk = af__speaker_parse(d, cs, v);
  if (spk < 0)
    return 0;
  sp = (const af__seen_speaker *)d->speakers.v + spk;
  if (!sp->response)
    return 0;
  *done = true;
  d->last_speaker = spk;
  return af__add_finding(d, "response", s, e, sp->attribution, spk);
}

/* A council's own press release says so in its first lines or title
 * ("Press release", "News release") and names the council there
 * ("Issued by Mid Wessex District Council"). */
static bool release_head(af__doc *d, bool *release, bool *council) {
  static const char *const lead[] = {"press release", "news release",
                                     "media release"};
  size_t head = d->len < 400 ? d->len : 400;

  while (head < d->len && ((unsigned char)d->t[head] & 0xC0) == 0x80)
    head++; /* not inside a character */
  for (size_t k = 0; k < sizeof(lead) / sizeof(lead[0]); k++)
    if (af__find_phrase(d->t, 0, head, lead[k], true, NULL) != (size_t)-1)
      *release = true;
  if (af__council_named_in(d, 0, head) != (size_t)-1)
    *council = true;
  return *release && *council;
}

bool af__council_release(af__doc *d, const char *title) {
  bool release = false, council = false;

  if (title) {
    af__doc h = *d; /* the title read as a text of its own */
    h.t = title;
    h.len = strlen(title);
    release_head(&h, &release, &council);
  }
  return release_head(d, &release, &council);
}

/* In a council's own release, a sentence opening on the council ("The
 * council built 212 homes", "We have cut the backlog", "Our planning
 * team") gives the council's own record, not the NAO's finding. */
static bool council_on_itself(af__doc *d, size_t s, size_t e) {
  static const char *const self[] = {"the council", "we", "our", "the authority"};
  size_t i = af__skip_space(d->t, s, e);
  size_t we = nth_word_end(d->t, i, e, 4), at;

  for (size_t k = 0; k < sizeof(self) / sizeof(self[0]); k++) {
    size_t m = af__match_at(d->t, i, e, self[k], true);
    if (m && (m >= e || !af__is_word_cp((unsigned char)d->t[m])))
      return true;
  }
  at = af__council_named_in(d, i, we);
  return at == i;
}

/* "• Spending varies …": a list item; the bullet is not the finding.
 * Returns where the item's words start, s itself when there is no bullet. */
static size_t after_bullet(const af__doc *d, size_t s, size_t e) {
  size_t l;
  unsigned c = af__cp_at(d->t, s, e, &l);

  if ((c == 0x2022 || c == 0x25AA || c == 0x00B7 || c == '-' ||
       c == 0x2013) &&
      s + l < e && af__is_space_cp((unsigned char)d->t[s + l]))
    return af__skip_space(d->t, s + l, e);
  return s;
}

/* Sentences that are no statement by their form: an introduction ending
 * in a colon, a question, a fragment of under four words.  They still
 * steer what follows (the NAO's voice, a new section), so this notes
 * that; returns true when the sentence ends there.  *term may turn from
 * ':' into '.' for a long sentence that is a finding of its own. */
static bool not_a_statement(af__doc *d, size_t s, size_t e, size_t words,
                            unsigned *term, bool nao_ref, bool forced_nao) {
  /* "The NAO found that:" introduces findings that follow; a long sentence
   * ending in a colon ("… there was a link between X and Y, after
   * finding:") is a finding of its own as well. */
  if (*term == ':' && words >= 14 && !forced_nao) {
    if (nao_ref) {
      d->nao_active = true;
      d->stale = 0;
    }
    *term = '.';
  }
  if (*term == ':') {
    if (nao_ref) {
      d->last_src = AF_SRC_NAO;
      d->nao_active = true;
      d->after_quote = false;
      d->stale = 0;
      d->carry_nao = true; /* a quoted passage may follow */
    }
    af__note_bodies(d, s, e);
    return true;
  }
  if (*term == '?' || words < 4) {
    af__note_bodies(d, s, e);
    if (*term != '.' && *term != '?' && *term != '!')
      d->after_quote = false; /* a short heading starts a new section */
    return true;
  }
  return false;
}

/* What the figures of a sentence tell, kept once the figures are freed. */
typedef struct {
  size_t n;        /* how many */
  size_t last_end; /* where the last one ends; 0 when none */
  bool plan_contrast, plan_part, judged;
} fig_facts;

/* Scans the sentence's figures and reads the clause grammar around them
 * while their places are known; the figures themselves are not kept. */
static int read_figures(af__doc *d, size_t s, size_t e, fig_facts *ff) {
  af__vec figs;
  int rc;

  af__vec_init(&figs, sizeof(af_figure));
  rc = af__scan_figures(d->r, d->a, d->t, s, e, &figs);
  ff->n = figs.n;
  ff->last_end = ff->n ? ((const af_figure *)figs.v)[ff->n - 1].end : 0;
  ff->plan_contrast = ff->n && af__plan_across_contrast(d, &figs, s, e);
  ff->plan_part = ff->n && af__part_of_plan(d, &figs, e);
  ff->judged = ff->n && af__judged_after_contrast(d, &figs, s, e);
  af__vec_free(&figs);
  return rc;
}

/* The kind of finding a sentence the NAO stands behind gives, or NULL
 * when it gives none: a plan set against an outcome comes first, then a
 * recommendation, then a figure or a verdict. */
static const char *finding_kind(af__doc *d, size_t s, size_t e,
                                const fig_facts *ff, bool framed, bool author,
                                bool forced_nao, bool strong, bool weak) {
  bool rec = af__has_class(d->r, AF_LEX_RECOMMEND, d->t, s, e) ||
             modal_for_body(d, s, e);
  bool plan = ff->n && af__plan_and_outcome(d, s, e);
  /* "fell short of … by 25,000": the sentence sets a plan against what
   * happened even when only one side carries a figure; a slipped
   * schedule ("later than planned") does so with none, since dates are
   * not figures.  "has not met expectations" alone is a verdict. */
  bool miss = ff->n
                  ? af__has_class_unquoted(d->r, AF_LEX_SHORTFALL, d->t, s, e)
                  : af__has_class_unquoted(d->r, AF_LEX_SLIPPAGE, d->t, s, e);

  if (plan || ff->plan_contrast || ff->plan_part ||
      (ff->n && af__compares_to_plan(d, s, e)) || miss)
    return "target_vs_outcome";
  if (rec)
    return "recommendation";
  if (ff->n)
    return strong || ff->judged ||
                   (framed && !forced_nao && has_dquote(d->t, s, e))
               ? "verdict"
               : "figure";
  if ((framed && !author) || strong || weak)
    return "verdict";
  return NULL;
}

/* Whom a finding is attributed to: the NAO's named person when one spoke
 * it, the writer when summing up several reports, else the NAO. */
static const char *finding_attribution(af__doc *d, size_t s, size_t e,
                                       af__src frame, int spk, bool framed) {
  if (frame == AF_SRC_NAO_PERSON && spk >= 0) {
    d->last_speaker = spk; /* a later "he said" means this person */
    return ((const af__seen_speaker *)d->speakers.v + spk)->attribution;
  }
  if (framed && sums_up_reports(d, s, e))
    return "author_summary"; /* the writer summing up several reports */
  return "nao";
}

/* Finds who stands behind the sentence (*frame, and *spk for a person).
 * A sentence that others speak ends here (*done): a response the article
 * reports, a person's speech, a public body's or another source's claim;
 * only the NAO's own, or nobody's, go on to be read as findings. */
static int others_speak(af__doc *d, size_t s, size_t e, bool forced_nao,
                        af__src *frame, int *spk, bool *done) {
  int rc;

  *done = true;
  if (!forced_nao) {
    bool handled;
    rc = reported_response(d, s, e, &handled);
    if (handled || rc < 0)
      return rc;
  }
  *frame = forced_nao ? AF_SRC_NAO : af__find_frame(d, s, e, spk);
  if (!forced_nao)
    note_subject(d, s, e);
  if (*frame == AF_SRC_PERSON) {
    const af__seen_speaker *sp = (const af__seen_speaker *)d->speakers.v + *spk;
    d->last_speaker = *spk;
    if (sp->response)
      return af__add_finding(d, "response", s, e, sp->attribution, *spk);
    return 0; /* others' reported speech is not a finding */
  }
  if ((*frame == AF_SRC_BODY || *frame == AF_SRC_OTHER) && !forced_nao) {
    bool handled;
    rc = body_speaks(d, s, e, &handled);
    if (handled || rc < 0)
      return rc;
  }
  if (*frame == AF_SRC_OTHER) {
    d->last_src = AF_SRC_OTHER;
    d->after_other = d->block + 1;
    return skip(d, s, e);
  }
  *done = false;
  return 0;
}

int af__classify_sentence(af__doc *d, size_t s, size_t e, bool forced_nao) {
  size_t words, bs;
  unsigned term;
  bool closed, terminated, framed, strong, weak, nao_ref, bullet, done;
  af__src frame;
  int spk = -1, rc;
  const char *kind, *attr;
  fig_facts ff;

  s = af__skip_space(d->t, s, e);
  e = af__trim_end(d->t, s, e);
  if (e <= s)
    return 0;
  bs = after_bullet(d, s, e);
  bullet = bs != s;
  s = bs;
  words = af__count_words(d->t, s, e);
  term = terminal(d->t, s, e, &closed);
  nao_ref = af__has_class(d->r, AF_LEX_NAO_REF, d->t, s, e);
  if (not_a_statement(d, s, e, words, &term, nao_ref, forced_nao))
    return 0;
  terminated = term == '.' || term == '!' || (closed && forced_nao) ||
               ((d->item || bullet) && words >= 5);
  rc = read_figures(d, s, e, &ff);
  if (rc < 0)
    return rc;
  /* Headlines, standfirsts and captions carry no full stop; a line cut
   * off mid-sentence still counts when it holds complete figures. */
  /* Stored text that stops mid-sentence: keep the sentence when a figure
   * in it is complete ("The report counted 12,345 famil"). */
  if (!terminated && ff.n && ff.last_end < e &&
      af__skip_space(d->t, e, d->len) >= d->len)
    terminated = true;
  if (!terminated && (ff.n == 0 || words < 12)) {
    af__note_bodies(d, s, e);
    d->after_quote = false; /* a heading starts a new section */
    return 0;
  }
  if (in_first_words(d, AF_LEX_EXAMPLE, s, e, 3, NULL) ||
      af__has_class(d->r, AF_LEX_BOILERPLATE, d->t, s, e) ||
      af__has_class(d->r, AF_LEX_READER, d->t, s, e) ||
      af__has_class(d->r, AF_LEX_OPINION, d->t, s, e)) {
    return stale_skip(d, s, e);
  }
  rc = others_speak(d, s, e, forced_nao, &frame, &spk, &done);
  if (done)
    return rc;
  strong = af__has_class_unquoted(d->r, AF_LEX_VERDICT_STRONG, d->t, s, e);
  weak = af__has_class(d->r, AF_LEX_VERDICT_WEAK, d->t, s, e);
  /* On the NAO's own pages an unattributed sentence is the NAO's, but
   * only a judgement, a figure or a recommendation makes it a finding. */
  bool author = frame == AF_SRC_NONE && d->nao_author;
  framed = frame == AF_SRC_NAO || frame == AF_SRC_NAO_PERSON || author;
  if (!framed && (strong || weak) && frame == AF_SRC_NONE &&
      af__has_class(d->r, AF_LEX_NAO_STRONG, d->t, s, e))
    framed = true; /* "The NAO was critical of …" */
  if (!forced_nao && is_scope(d, s, e)) {
    if (nao_ref)
      d->last_src = AF_SRC_NAO;
    return skip(d, s, e);
  }
  if (nao_ref) {
    d->last_src = AF_SRC_NAO;
    d->stale = 0;
  }
  /* Unframed sentences stay the NAO's only while the article is still
   * reporting it: not after a quotation or another source's claim in the
   * same paragraph, nor after several sentences about something else. */
  if (framed)
    d->after_quote = false;
  if (framed)
    d->after_other = 0;
  /* After a quotation the writer's comment follows; a figure, though, is
   * a fact from the report, not a comment. */
  if (!framed && (!d->nao_active || (d->after_quote && !ff.n) ||
                  d->after_other == d->block + 1 || d->stale >= 3)) {
    return skip(d, s, e);
  }
  /* "The levy was introduced in 2017", "the council plans to save £45m":
   * history and others' plans told in passing are context, unless the
   * NAO is named as saying so. */
  if (!framed && af__has_class_unquoted(d->r, AF_LEX_BACKGROUND, d->t, s, e))
    return stale_skip(d, s, e);
  if (!framed && !forced_nao && d->council_release && council_on_itself(d, s, e))
    return stale_skip(d, s, e);
  kind = finding_kind(d, s, e, &ff, framed, author, forced_nao, strong, weak);
  if (!kind)
    return stale_skip(d, s, e);
  attr = finding_attribution(d, s, e, frame, spk, framed);
  if (framed)
    d->nao_active = true;
  d->stale = 0;
  return af__add_finding(d, kind, s, e, attr, -1);
}
