/* The normaliser's entry point: walk the document line by line, hand each
 * sentence to the quotation reader or the classifier, collect findings. */
#include "norm_doc.h"

#include <auditfeed/errno.h>

#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

static bool whole_quote(af_doc *d, size_t s, size_t e) {
  size_t st = af_skip_space(d->t, s, e), l, k;
  unsigned c;

  if (!af_quote_open_at(d->t, st, e))
    return false;
  e = af_trim_end(d->t, st, e);
  k = e - 1;
  while (k > st && ((unsigned char)d->t[k] & 0xC0) == 0x80)
    k--;
  c = af_cp_at(d->t, k, e, &l);
  /* It must also end the segment: "‘Dubs’ amendment …" is a sentence. */
  return af_is_dquote(c) || af_is_squote(c);
}

static int read_line(af_doc *d, size_t s, size_t e) {
  af_vec sents;
  int rc;

  af_vec_init(&sents, sizeof(af_span));
  rc = af_split_sentences(d->r, d->t, s, e, &sents);
  for (size_t k = 0; rc >= 0 && k < sents.n; k++) {
    const af_span *sp = (const af_span *)sents.v + k;
    bool handled = false;
    rc = af_quote_segment(d, sp->s, sp->e, &handled);
    if (rc >= 0 && !handled) {
      d->carry_speaker = -1;
      d->carry_nao = false;
      /* A quotation nobody is named for (a pull quote) is no finding. */
      if (!whole_quote(d, sp->s, sp->e))
        rc = af_classify_sentence(d, sp->s, sp->e, false);
    }
  }
  af_vec_free(&sents);
  return rc < 0 ? rc : 0;
}

static bool blank(const char *t, size_t s, size_t e) {
  return af_skip_space(t, s, e) >= e;
}

static int read_block(af_doc *d, size_t s, size_t e, bool item) {
  size_t i = s;

  /* A single line break inside a paragraph still ends a sentence: feeds
   * and captured pages use it between quoted paragraphs and list items. */
  while (i < e) {
    size_t j = i;
    int rc;
    while (j < e && d->t[j] != '\n')
      j++;
    if (!blank(d->t, i, j)) {
      size_t ls = af_skip_space(d->t, i, j), l;
      unsigned c = af_cp_at(d->t, ls, j, &l);
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

static int finish(af_doc *d, af_arena *a, af_findings *out) {
  if (d->findings.n) {
    af_finding *v = af_arena_alloc(a, d->findings.n * sizeof(*v));
    if (!v)
      return AF_ENOMEM;
    memcpy(v, d->findings.v, d->findings.n * sizeof(*v));
    out->v = v;
    out->n = d->findings.n;
  }
  return 0;
}

/* The NAO's own pages: by the address they were published at, or by the
 * publisher the page names. */
static bool nao_publication(const af_norm_input *in) {
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

int af_normalise(const af_norm_rules *r, const af_norm_input *in,
                 af_findings *out) {
  af_arena *a;
  af_doc d;
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
  af_vec_init(&d.findings, sizeof(af_finding));
  af_vec_init(&d.speakers, sizeof(af_seen_speaker));
  d.nao_author = nao_publication(in);
  d.nao_active = d.nao_author;
  /* Only documents that report the NAO's work yield NAO findings. */
  if (d.nao_author || af_has_class(r, AF_LEX_NAO_STRONG, d.t, 0, d.len)) {
    d.doc_topic = af_topic_of(&d, 0, d.len);
    af_find_report(&d, in);
    if (in->n_paras == 0 || !in->paras) {
      rc = read_block(&d, 0, d.len, false);
    } else {
      for (size_t p = 0; rc >= 0 && p < in->n_paras; p++) {
        size_t s = in->paras[p].offset;
        size_t e = p + 1 < in->n_paras ? in->paras[p + 1].offset : d.len;
        if (s > d.len || e > d.len || e < s)
          continue;
        d.block = p;
        if (in->paras[p].kind == AF_PARA_HEADING) {
          af_note_bodies(&d, s, e);
          d.after_quote = false;
          d.scope_section = af_has_class(r, AF_LEX_SCOPE_HEADING, d.t, s, e);
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
  af_vec_free(&d.findings);
  af_vec_free(&d.speakers);
  if (rc < 0) {
    af_arena_free(a);
    free(a);
    memset(out, 0, sizeof(*out));
    return rc;
  }
  out->owner = a;
  return 0;
}

void af_findings_free(af_findings *f) {
  if (!f)
    return;
  if (f->owner) {
    af_arena_free(f->owner);
    free(f->owner);
  }
  memset(f, 0, sizeof(*f));
}
