/* The normaliser's entry point: walk the document line by line, hand each
 * sentence to the quotation reader or the classifier, collect findings. */
#include "norm_doc.h"

#include <auditfeed/errno.h>

#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

static bool whole_quote(af__doc *d, size_t s, size_t e) {
  size_t st = af__skip_space(d->t, s, e), l, k;
  unsigned c;

  if (!af__quote_open_at(d->t, st, e))
    return false;
  e = af__trim_end(d->t, st, e);
  k = e - 1;
  while (k > st && ((unsigned char)d->t[k] & 0xC0) == 0x80)
    k--;
  c = af__cp_at(d->t, k, e, &l);
  /* It must also end the segment: "‘Dubs’ amendment …" is a sentence. */
  return af__is_dquote(c) || af__is_squote(c);
}

static int read_line(af__doc *d, size_t s, size_t e) {
  af__vec sents;
  int rc;

  af__vec_init(&sents, sizeof(af__span));
  rc = af__split_sentences(d->r, d->t, s, e, &sents);
  for (size_t k = 0; rc >= 0 && k < sents.n; k++) {
    const af__span *sp = (const af__span *)sents.v + k;
    bool handled = false;
    rc = af__quote_segment(d, sp->s, sp->e, &handled);
    if (rc >= 0 && !handled) {
      d->carry_speaker = -1;
      d->carry_nao = false;
      /* A quotation nobody is named for (a pull quote) is no finding. */
      if (!whole_quote(d, sp->s, sp->e))
        rc = af__classify_sentence(d, sp->s, sp->e, false);
    }
  }
  af__vec_free(&sents);
  return rc < 0 ? rc : 0;
}

static bool blank(const char *t, size_t s, size_t e) {
  return af__skip_space(t, s, e) >= e;
}

static int read_block(af__doc *d, size_t s, size_t e, bool item) {
  size_t i = s;

  /* A single line break inside a paragraph still ends a sentence: feeds
   * and captured pages use it between quoted paragraphs and list items. */
  while (i < e) {
    size_t j = i;
    int rc;
    while (j < e && d->t[j] != '\n')
      j++;
    if (!blank(d->t, i, j)) {
      size_t ls = af__skip_space(d->t, i, j), l;
      unsigned c = af__cp_at(d->t, ls, j, &l);
      /* A bullet marks a list item: findings in lists often lack a full
       * stop. */
      d->item = item;
      if ((c == 0x2022 || c == '-' || c == '*' || c == 0x2013 ||
           c == 0x00B7 || c == 0x25AA) &&
          ls + l < j && d->t[ls + l] == ' ') {
        d->item = true;
        i = ls + l;
      }
      rc = read_line(d, i, j);
      if (rc < 0)
        return rc;
    }
    i = j + 1;
  }
  return 0;
}

static int finish(af__doc *d, af__arena *a, af__findings *out) {
  if (d->findings.n) {
    af_finding **v = af__arena_alloc(a, d->findings.n * sizeof(*v));
    af_finding *f = af__arena_alloc(a, d->findings.n * sizeof(*f));
    if (!v || !f)
      return AF_ENOMEM;
    memcpy(f, d->findings.v, d->findings.n * sizeof(*f));
    for (size_t i = 0; i < d->findings.n; i++)
      v[i] = &f[i];
    out->v = v;
    out->n = d->findings.n;
  }
  return 0;
}

/* The NAO's own pages: by the address they were published at, or by the
 * publisher the page names. */
static bool nao_publication(const af__norm_input *in) {
  if (in->url) {
    const char *h = strstr(in->url, "://");
    if (h) {
      h += 3;
      if (!strncmp(h, "www.", 4))
        h += 4;
      if (!strncmp(h, "nao.org.uk/", 11) || !strcmp(h, "nao.org.uk"))
        return true;
    }
  }
  return in->publisher && strstr(in->publisher, "National Audit Office");
}

int af__normalise(const af__norm_rules *r, const af__norm_input *in,
                 af__findings *out) {
  af__arena *a;
  af__doc d;
  int rc = 0;

  if (!out)
    return AF_EINVAL;
  memset(out, 0, sizeof(*out));
  if (!r || !in || !in->text)
    return AF_EINVAL;
  a = calloc(1, sizeof(*a));
  if (!a)
    return AF_ENOMEM;
  memset(&d, 0, sizeof(d));
  d.r = r;
  d.a = a;
  d.t = in->text;
  d.len = strlen(in->text);
  d.last_speaker = d.carry_speaker = -1;
  af__vec_init(&d.findings, sizeof(af_finding));
  af__vec_init(&d.speakers, sizeof(af__seen_speaker));
  af__vec_init(&d.mentions, sizeof(af__mention));
  d.nao_author = nao_publication(in);
  d.nao_active = d.nao_author;
  /* Only documents that report the NAO's work yield NAO findings. */
  if (d.nao_author || af__has_class(r, AF_LEX_NAO_STRONG, d.t, 0, d.len)) {
    d.doc_topic = af__topic_of(&d, 0, d.len);
    af__departments_of(r, d.t, d.len, &d.only_dept, &d.subject_dept);
    d.council_release = af__council_release(&d, in->title);
    rc = af__find_report(&d, in);
    if (rc >= 0 && (in->n_paras == 0 || !in->paras)) {
      rc = read_block(&d, 0, d.len, false);
    } else if (rc >= 0) {
      for (size_t p = 0; rc >= 0 && p < in->n_paras; p++) {
        size_t s = in->paras[p].offset;
        size_t e = p + 1 < in->n_paras ? in->paras[p + 1].offset : d.len;
        if (s > d.len || e > d.len || e < s)
          continue;
        d.block = p;
        if (in->paras[p].kind == AF_PARA_HEADING) {
          af__note_bodies(&d, s, e);
          d.after_quote = false;
          d.scope_section = af__has_class(r, AF_LEX_SCOPE_HEADING, d.t, s, e);
          continue;
        }
        if (d.scope_section)
          continue;
        rc = read_block(&d, s, e, in->paras[p].kind == AF_PARA_ITEM);
      }
    }
  }
  if (rc >= 0)
    rc = finish(&d, a, out);
  af__vec_free(&d.findings);
  af__vec_free(&d.speakers);
  af__vec_free(&d.mentions);
  if (rc < 0) {
    af__arena_free(a);
    free(a);
    memset(out, 0, sizeof(*out));
    return rc;
  }
  out->owner = a;
  return 0;
}

void af__findings_free(af__findings *f) {
  if (!f)
    return;
  if (f->owner) {
    af__arena_free(f->owner);
    free(f->owner);
  }
  memset(f, 0, sizeof(*f));
}
