/* Report PDFs to paragraphs (see pdf.h). */
#include "pdf.h"
#include "match.h"

#include <ctype.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <poppler.h>

#include <auditfeed/array.h>
#include <auditfeed/record.h>

#define MAX_PAGES 2000
#define MARGIN_ZONE 0.09   /* top and bottom share of a page: running heads */
#define WORD_GAP 0.2       /* x gap, in ems, that separates two words */
#define SEG_GAP 1.2        /* x gap, in ems, that separates two segments */
#define NUM_GAP 4.5        /* furthest a margin number sits from its text */
#define GUTTER_MIN 10.0    /* narrowest gap between columns, in points */

typedef struct seg {
  double x1, y1, x2, y2, size;
  int bold, nwords, col, drop, line;
  double first_gap; /* x gap after the first word */
  size_t first_len; /* bytes of the first word */
  char *text;
  char *number;
} seg;

typedef struct page {
  seg *s;
  size_t n, cap;
  double w, h;
} page;

typedef struct word {
  double x1, y1, x2, y2, size;
  int bold;
  size_t off, len; /* in the page's text */
} word;

/* poppler's global parameters are shared by every document. */
static GMutex pdf_lock;

const char *nao_pdf_strerror(int rc) {
  switch (rc) {
  case NAO_PDF_OK: return "ok";
  case NAO_PDF_BROKEN: return "damaged or truncated PDF";
  case NAO_PDF_ENCRYPTED: return "encrypted PDF";
  case NAO_PDF_NOTEXT: return "PDF without a text layer";
  default: return "out of memory";
  }
}

static int seg_push(page *p, const seg *s) {
  if (af_grow(&p->s, &p->cap, p->n, sizeof(*p->s), 64))
    return NAO_PDF_NOMEM;
  p->s[p->n++] = *s;
  return 0;
}

static int cmp_word_y(const void *a, const void *b) {
  const word *x = a, *y = b;
  double cx = (x->y1 + x->y2) / 2, cy = (y->y1 + y->y2) / 2;
  return cx < cy ? -1 : cx > cy;
}

static int cmp_word_x(const void *a, const void *b) {
  const word *x = a, *y = b;
  return x->x1 < y->x1 ? -1 : x->x1 > y->x1;
}

/* "1", "12", "2.3", "a", "b": a paragraph number as set in the margin. */
static int is_para_number(const char *t, size_t len) {
  if (len == 1 && t[0] >= 'a' && t[0] <= 'z')
    return 1;
  size_t i = 0, digits = 0, dots = 0;
  for (; i < len; i++) {
    if (isdigit((unsigned char)t[i]))
      digits++;
    else if (t[i] == '.' && digits && i + 1 < len && dots < 2)
      dots++;
    else
      return 0;
  }
  return digits > 0 && digits <= 4;
}

/* Builds one segment from words [a, b) of a line. */
static int make_seg(page *p, const char *text, word *w, size_t a, size_t b) {
  seg s = {.x1 = w[a].x1, .y1 = w[a].y1, .x2 = w[a].x2, .y2 = w[a].y2,
           .size = 0, .bold = 1, .col = 0};
  size_t len = 0;
  for (size_t i = a; i < b; i++)
    len += w[i].len + 1;
  s.text = malloc(len + 1);
  if (!s.text)
    return NAO_PDF_NOMEM;
  size_t o = 0;
  double chars = 0;
  for (size_t i = a; i < b; i++) {
    if (o)
      s.text[o++] = ' ';
    memcpy(s.text + o, text + w[i].off, w[i].len);
    o += w[i].len;
    s.x1 = fmin(s.x1, w[i].x1);
    s.x2 = fmax(s.x2, w[i].x2);
    s.y1 = fmin(s.y1, w[i].y1);
    s.y2 = fmax(s.y2, w[i].y2);
    s.size += w[i].size * (double)w[i].len;
    chars += (double)w[i].len;
    s.bold &= w[i].bold;
  }
  s.text[o] = '\0';
  s.size = chars > 0 ? s.size / chars : 0;
  s.nwords = (int)(b - a);
  s.first_len = w[a].len;
  s.first_gap = b - a > 1 ? w[a + 1].x1 - w[a].x2 : 0;
  int rc = seg_push(p, &s);
  if (rc)
    free(s.text);
  return rc;
}

/* One line of words (sorted by x) into segments; a margin number joins
 * the text beside it. */
static int line_segments(page *p, const char *text, word *w, size_t n,
                         int line) {
  size_t i = 0;
  while (i < n) {
    size_t j = i + 1;
    while (j < n && w[j].x1 - w[j - 1].x2 <= SEG_GAP * fmax(w[j].size, w[j - 1].size))
      j++;
    int rc = make_seg(p, text, w, i, j);
    if (rc)
      return rc;
    p->s[p->n - 1].line = line;
    i = j;
  }
  return 0;
}

/* A paragraph number set in the margin ("1", "2.3", "a") is a segment of
 * its own, in body type, just left of its text: it joins that text as
 * the paragraph's number.  (Big numbers side by side are key facts.) */
static int attach_numbers(page *p, double body) {
  size_t o = 0;
  for (size_t i = 0; i < p->n; i++) {
    seg *s = &p->s[i];
    if (i + 1 < p->n && s->nwords == 1 && p->s[i + 1].line == s->line &&
        is_para_number(s->text, strlen(s->text)) && s->size <= 1.25 * body &&
        p->s[i + 1].x1 - s->x2 <= NUM_GAP * s->size &&
        fabs(p->s[i + 1].size - s->size) < 0.25 * s->size) {
      seg *t = &p->s[i + 1];
      free(t->number);
      t->number = s->text;
      t->x1 = s->x1;
      free(s->number);
      continue; /* t is copied on the next turn */
    }
    /* the number inside the segment, set apart by more than a space */
    if (s->nwords > 1 && !s->number && s->size <= 1.25 * body &&
        s->first_gap >= 0.8 * s->size && is_para_number(s->text, s->first_len)) {
      char *num = strndup(s->text, s->first_len);
      if (!num)
        return NAO_PDF_NOMEM;
      memmove(s->text, s->text + s->first_len + 1,
              strlen(s->text + s->first_len + 1) + 1);
      s->number = num;
      s->nwords--;
    }
    p->s[o++] = *s;
  }
  p->n = o;
  return 0;
}

/* Characters (text + one box each + font runs) -> words -> lines -> segments. */
static int read_page(PopplerPage *pp, page *p, double *hist, size_t nhist) {
  char *text = poppler_page_get_text(pp);
  PopplerRectangle *r = NULL;
  guint nr = 0;
  GList *attrs = NULL;
  word *w = NULL;
  size_t nw = 0, cap = 0;
  int rc = 0;

  poppler_page_get_size(pp, &p->w, &p->h);
  if (!text || !poppler_page_get_text_layout(pp, &r, &nr))
    goto out;
  attrs = poppler_page_get_text_attributes(pp);
  GList *a = attrs;
  const char *q = text;
  word cur = {0};
  int in_word = 0;
  for (guint ci = 0; ci < nr && *q; ci++) {
    gunichar ch = g_utf8_get_char(q);
    const char *next = g_utf8_next_char(q);
    while (a && ((PopplerTextAttributes *)a->data)->end_index < (gint)ci)
      a = a->next;
    PopplerTextAttributes *at = a ? a->data : NULL;
    double size = at ? at->font_size : 10;
    int bold = at && at->font_name && strcasestr(at->font_name, "bold");
    int space = g_unichar_isspace(ch) || ch == 0xA0;
    if (in_word && (space || r[ci].x1 - cur.x2 > WORD_GAP * size ||
                    r[ci].x1 < cur.x2 - 0.5 * size ||
                    fabs((r[ci].y1 + r[ci].y2) - (cur.y1 + cur.y2)) > size)) {
      if (af_grow(&w, &cap, nw, sizeof(*w), 256)) {
        rc = NAO_PDF_NOMEM;
        goto out;
      }
      w[nw++] = cur;
      in_word = 0;
    }
    if (!space) {
      if (!in_word) {
        cur = (word){.x1 = r[ci].x1, .y1 = r[ci].y1, .x2 = r[ci].x2,
                     .y2 = r[ci].y2, .size = size, .bold = bold,
                     .off = (size_t)(q - text), .len = 0};
        in_word = 1;
      }
      cur.x2 = fmax(cur.x2, r[ci].x2);
      cur.y1 = fmin(cur.y1, r[ci].y1);
      cur.y2 = fmax(cur.y2, r[ci].y2);
      cur.len = (size_t)(next - text) - cur.off;
      cur.bold &= bold;
      size_t bucket = (size_t)lround(size * 2);
      if (bucket < nhist)
        hist[bucket] += 1;
    }
    q = next;
  }
  if (in_word) {
    word *nwp = realloc(w, (nw + 1) * sizeof(*w));
    if (!nwp) {
      rc = NAO_PDF_NOMEM;
      goto out;
    }
    w = nwp;
    w[nw++] = cur;
  }
  /* lines: words whose vertical centres are close, left to right */
  qsort(w, nw, sizeof(*w), cmp_word_y);
  for (size_t i = 0; i < nw;) {
    size_t j = i + 1;
    double c = (w[i].y1 + w[i].y2) / 2, h = w[i].y2 - w[i].y1;
    while (j < nw && fabs((w[j].y1 + w[j].y2) / 2 - c) < 0.45 * fmax(h, 1))
      j++;
    qsort(w + i, j - i, sizeof(*w), cmp_word_x);
    if ((rc = line_segments(p, text, w + i, j - i, (int)i)))
      goto out;
    i = j;
  }
out:
  free(w);
  if (attrs)
    poppler_page_free_text_attributes(attrs);
  g_free(r);
  g_free(text);
  return rc;
}

/* Digits folded, case folded: "Page 7" and "Page 8" are the same line. */
static void margin_key(const char *t, char *out, size_t outlen) {
  size_t o = 0;
  for (; *t && o + 1 < outlen; t++)
    out[o++] = isdigit((unsigned char)*t) ? '#' : (char)tolower((unsigned char)*t);
  out[o] = '\0';
}

static int is_page_number(const char *t) {
  regex_t re;
  int m;
  if (regcomp(&re, "^(page )?[0-9ivxlc]{1,5}( of [0-9]+)?$", REG_EXTENDED | REG_ICASE | REG_NOSUB))
    return 0;
  m = regexec(&re, t, 0, NULL, 0) == 0;
  regfree(&re);
  return m;
}

static int in_margin(const page *p, const seg *s) {
  double c = (s->y1 + s->y2) / 2;
  return c < p->h * MARGIN_ZONE || c > p->h * (1 - MARGIN_ZONE);
}

/* A line of the page's margins, by its text with the digits masked: on
 * how many pages it stands, and the last page counted. */
typedef struct margin_line {
  char key[160];
  int pages, last;
} margin_line;

/* The key of s into key[160] when s sits in its page's margins; else 0. */
static int margin_seg(const page *p, const seg *s, char *key) {
  if (!in_margin(p, s))
    return 0;
  margin_key(s->text, key, 160);
  return 1;
}

static size_t margin_find(const margin_line *v, size_t n, const char *key) {
  size_t j = 0;
  while (j < n && strcmp(v[j].key, key))
    j++;
  return j;
}

/* Drops running headers and footers and page numbers. */
static void drop_margins(page *pg, size_t np, double body) {
  margin_line *reps = NULL;
  size_t nrep = 0;
  char key[160];
  for (size_t i = 0; i < np; i++)
    for (size_t k = 0; k < pg[i].n; k++) {
      if (!margin_seg(&pg[i], &pg[i].s[k], key))
        continue;
      size_t j = margin_find(reps, nrep, key);
      if (j == nrep) {
        margin_line *nr = realloc(reps, (nrep + 1) * sizeof(*reps));
        if (!nr)
          continue;
        reps = nr;
        snprintf(reps[nrep].key, sizeof(reps[0].key), "%s", key);
        reps[nrep].pages = 0;
        reps[nrep].last = -1;
        nrep++;
      }
      if (reps[j].last != (int)i) {
        reps[j].pages++;
        reps[j].last = (int)i;
      }
    }
  for (size_t i = 0; i < np; i++)
    for (size_t k = 0; k < pg[i].n; k++) {
      seg *s = &pg[i].s[k];
      if (!margin_seg(&pg[i], s, key))
        continue;
      size_t j = margin_find(reps, nrep, key);
      int repeats = j < nrep ? reps[j].pages : 0;
      size_t tl = strlen(s->text);
      int sentence = s->nwords > 6 && tl && s->text[tl - 1] == '.';
      if (is_page_number(s->text) || (repeats >= 2 && np >= 3) ||
          (s->size < 0.95 * body && s->nwords <= 12 && !sentence))
        s->drop = 1;
    }
  free(reps);
}

static int cmp_seg_y(const void *a, const void *b) {
  const seg *x = a, *y = b;
  if (fabs(x->y1 - y->y1) > 2)
    return x->y1 < y->y1 ? -1 : 1;
  return x->x1 < y->x1 ? -1 : x->x1 > y->x1;
}

static int cmp_seg_col(const void *a, const void *b) {
  const seg *x = a, *y = b;
  if (x->col != y->col)
    return x->col < y->col ? -1 : 1;
  return cmp_seg_y(a, b);
}

/* Frees the segments marked to drop and closes the gaps. */
static void drop_marked(page *p) {
  size_t n = 0;
  for (size_t i = 0; i < p->n; i++)
    if (!p->s[i].drop)
      p->s[n++] = p->s[i];
    else {
      free(p->s[i].text);
      free(p->s[i].number);
    }
  p->n = n;
}

/* Titles may run across the gutter: a segment this wide or this large
 * says nothing about where the columns are. */
static int crosses_columns(const seg *s, double text_width, double body) {
  return s->x2 - s->x1 >= 0.55 * text_width || s->size >= 1.15 * body;
}

/* Column gutters: vertical bands no narrow segment crosses, at least
 * GUTTER_MIN wide, with two or more segments on each side.  Fills gut
 * (at most 16) and returns how many, or NAO_PDF_NOMEM. */
static int find_gutters(const page *p, double body, double gut[16][2]) {
  size_t n = p->n;
  double lo = 1e9, hi = 0;
  for (size_t i = 0; i < n; i++) {
    lo = fmin(lo, p->s[i].x1);
    hi = fmax(hi, p->s[i].x2);
  }
  size_t width = (size_t)ceil(hi) + 2;
  int *cover = calloc(width, sizeof(int));
  int ng = 0;
  if (!cover)
    return NAO_PDF_NOMEM;
  double nlo = 1e9, nhi = 0;
  for (size_t i = 0; i < n; i++) {
    const seg *s = &p->s[i];
    if (crosses_columns(s, hi - lo, body))
      continue;
    nlo = fmin(nlo, s->x1);
    nhi = fmax(nhi, s->x2);
    for (size_t x = (size_t)floor(s->x1); x <= (size_t)ceil(s->x2) && x < width; x++)
      cover[x]++;
  }
  for (size_t x = (size_t)ceil(nlo); x < (size_t)floor(nhi) && ng < 16;) {
    if (cover[x]) {
      x++;
      continue;
    }
    size_t e = x;
    while (e < (size_t)floor(nhi) && !cover[e])
      e++;
    if ((double)(e - x) >= GUTTER_MIN) {
      int left = 0, right = 0;
      for (size_t i = 0; i < n; i++) {
        double c = (p->s[i].x1 + p->s[i].x2) / 2;
        if (crosses_columns(&p->s[i], hi - lo, body))
          continue;
        left += c < (double)x;
        right += c > (double)e;
      }
      if (left >= 2 && right >= 2) {
        gut[ng][0] = (double)x;
        gut[ng][1] = (double)e;
        ng++;
      }
    }
    x = e;
  }
  free(cover);
  return ng;
}

/* The column of each segment (0 left of the first gutter); -1 when it
 * spans a gutter. */
static void assign_columns(page *p, double gut[16][2], int ng) {
  for (size_t i = 0; i < p->n; i++) {
    seg *s = &p->s[i];
    s->col = 0;
    for (int g = 0; g < ng; g++) {
      if (s->x1 < gut[g][0] && s->x2 > gut[g][1]) {
        s->col = -1;
        break;
      }
      if (s->x1 >= gut[g][1] - 1)
        s->col = g + 1;
    }
  }
}

/* Bands between spanning segments, each read column by column. */
static int read_bands(page *p) {
  size_t n = p->n;
  qsort(p->s, n, sizeof(seg), cmp_seg_y);
  seg *sorted = malloc(n * sizeof(seg));
  if (!sorted)
    return NAO_PDF_NOMEM;
  size_t o = 0, i = 0;
  while (i < n) {
    if (p->s[i].col == -1) {
      sorted[o++] = p->s[i++];
      continue;
    }
    size_t j = i;
    while (j < n && p->s[j].col != -1)
      j++;
    size_t from = o;
    for (size_t k = i; k < j; k++)
      sorted[o++] = p->s[k];
    qsort(sorted + from, j - i, sizeof(seg), cmp_seg_col);
    i = j;
  }
  memcpy(p->s, sorted, n * sizeof(seg));
  free(sorted);
  for (size_t k = 0; k < n; k++)
    if (p->s[k].col < 0)
      p->s[k].col = 0;
  return 0;
}

/* Reading order.  Column gutters are vertical bands no narrow segment
 * crosses, with text on both sides; a segment crossing a gutter (a title
 * over the columns) separates the page into bands read one after another,
 * each band column by column. */
static int order_page(page *p, double body) {
  double gut[16][2];
  drop_marked(p);
  int ng = p->n < 4 ? 0 : find_gutters(p, body, gut);
  if (ng < 0)
    return ng;
  if (!ng) {
    qsort(p->s, p->n, sizeof(seg), cmp_seg_y);
    return 0;
  }
  assign_columns(p, gut, ng);
  return read_bands(p);
}

static int figure_led(const char *t) {
  const unsigned char *u = (const unsigned char *)t;
  return isdigit(u[0]) || u[0] == '$' || (u[0] == 0xC2 && u[1] == 0xA3) /* £ */ ||
         (u[0] == 0xE2 && u[1] == 0x82 && u[2] == 0xAC) /* € */;
}

static int has_letter(const char *t) {
  for (; *t; t++)
    if (isalpha((unsigned char)*t))
      return 1;
  return 0;
}

static const char *const sections[] = {
    "key facts", "summary", "key findings", "conclusion on value for money",
    "recommendations", "introduction", "conclusions", NULL};

static int heading_like(const seg *s, double body) {
  size_t tl = strlen(s->text);
  if (s->number || figure_led(s->text) || !has_letter(s->text) || s->nwords > 15)
    return 0;
  for (int i = 0; sections[i]; i++)
    if (!strcasecmp(s->text, sections[i]))
      return 1;
  if (tl && strchr(".,;:", s->text[tl - 1]))
    return 0;
  return s->size >= 1.15 * body || (s->bold && s->nwords <= 10 && s->size >= 0.95 * body);
}

static int block_push(nao_pdf *d, char *text, int kind, int level, char *number,
                      int pg) {
  if (af_grow(&d->blocks, &d->cap, d->n, sizeof(*d->blocks), 64))
    return NAO_PDF_NOMEM;
  d->blocks[d->n++] = (nao_block){text, kind, level, number, pg};
  return 0;
}

/* Appends `t` to the paragraph in *buf, joining a word hyphenated at the
 * line end ("refurbish-" + "ment"). */
static int append_line(char **buf, size_t *len, const char *t) {
  size_t tl = strlen(t);
  char *nb = realloc(*buf, *len + tl + 2);
  if (!nb)
    return NAO_PDF_NOMEM;
  *buf = nb;
  if (*len) {
    unsigned char last = (unsigned char)nb[*len - 1];
    int soft = *len >= 2 && (unsigned char)nb[*len - 2] == 0xC2 && last == 0xAD;
    if (soft) {
      *len -= 2;
    } else if (last == '-' && *len >= 2 && isalpha((unsigned char)nb[*len - 2]) &&
               islower((unsigned char)t[0])) {
      (*len)--;
    } else {
      nb[(*len)++] = ' ';
    }
  }
  memcpy(nb + *len, t, tl + 1);
  *len += tl;
  return 0;
}

static int paragraphs(nao_pdf *d, page *p, int pgno, double body) {
  char *buf = NULL, *num = NULL;
  size_t len = 0;
  int kind = AF_PARA_TEXT, level = 0, fact = 0, rc = 0;
  const seg *prev = NULL;
  for (size_t i = 0; i <= p->n; i++) {
    seg *s = i < p->n ? &p->s[i] : NULL;
    int head = s && heading_like(s, body);
    int big_fact = s && !head && figure_led(s->text) && s->size >= 1.15 * body;
    int cont = 0;
    if (s && prev && buf) {
      double gap = s->y1 - prev->y2;
      int same_col = s->col == prev->col && s->y1 >= prev->y1;
      if (kind == AF_PARA_HEADING)
        cont = head && same_col && fabs(s->size - prev->size) < 0.1 * body &&
               gap < 0.6 * s->size;
      else if (fact && !head && !s->number && same_col && s->size < prev->size)
        cont = gap < 1.2 * prev->size;
      else
        cont = !head && !s->number && !big_fact && same_col &&
               fabs(s->size - prev->size) < 0.15 * body && gap < 0.6 * s->size;
    }
    if (!cont && buf) {
      if ((rc = block_push(d, buf, kind, level, num, pgno)))
        break;
      buf = num = NULL;
      len = 0;
    }
    if (!s)
      break;
    if (!cont) {
      kind = head ? AF_PARA_HEADING : AF_PARA_TEXT;
      level = head ? (s->size >= 1.6 * body ? 1 : 2) : 0;
      fact = big_fact;
      num = s->number;
      s->number = NULL;
    }
    if ((rc = append_line(&buf, &len, s->text)))
      break;
    prev = s;
  }
  free(buf);
  free(num);
  return rc;
}

/* A paragraph that runs on over a page break: the first block of a page,
 * unnumbered, continues the last one of the page before when that one
 * stops without ending its sentence. */
static int join_pages(nao_pdf *d) {
  size_t o = 0;
  for (size_t k = 0; k < d->n; k++) {
    nao_block *b = &d->blocks[k], *prev = o ? &d->blocks[o - 1] : NULL;
    if (prev && b->page != prev->page && b->kind == AF_PARA_TEXT && !b->number &&
        prev->kind == AF_PARA_TEXT) {
      size_t pl = strlen(prev->text);
      char last = pl ? prev->text[pl - 1] : '.';
      if (!strchr(".!?:;)\"", last) && !(pl >= 3 && !strcmp(prev->text + pl - 3, "\xE2\x80\x9D"))) {
        int rc = append_line(&prev->text, &pl, b->text);
        if (rc)
          return rc;
        free(b->text);
        free(b->number);
        continue;
      }
    }
    d->blocks[o++] = *b;
  }
  d->n = o;
  return 0;
}

static const char *const months[] = {"january", "february", "march", "april",
                                     "may", "june", "july", "august", "september",
                                     "october", "november", "december"};

/* HC number, session, date and audited bodies from the cover page. */
static int cover(nao_pdf *d, page *p) {
  size_t len = 1;
  for (size_t i = 0; i < p->n; i++)
    len += strlen(p->s[i].text) + 1;
  char *all = malloc(len);
  if (!all)
    return NAO_PDF_NOMEM;
  size_t o = 0;
  for (size_t i = 0; i < p->n; i++) {
    size_t tl = strlen(p->s[i].text);
    memcpy(all + o, p->s[i].text, tl);
    o += tl;
    all[o++] = '\n';
  }
  all[o] = '\0';
  char *hc = nao_match(all, "\\b(HC) ([0-9]{1,4})\\b", 2);
  if (hc) {
    d->hc = malloc(strlen(hc) + 4);
    if (d->hc)
      sprintf(d->hc, "HC %s", hc);
    free(hc);
  }
  char *ses = nao_match(all, "session ([0-9]{4}[-\xE2\x80\x93]+[0-9]{2,4})", 1);
  if (ses) {
    char *dash = strpbrk(ses, "-\xE2");
    if (dash && (unsigned char)*dash == 0xE2) { /* en dash -> '-' */
      *dash = '-';
      memmove(dash + 1, dash + 3, strlen(dash + 3) + 1);
    }
    d->session = ses;
  }
  char *day = nao_match(all, "([0-9]{1,2}) (january|february|march|april|may|june|july|"
                             "august|september|october|november|december) ([0-9]{4})", 0);
  if (day) {
    int dd = 0, yy = 0;
    char mon[16] = "";
    if (sscanf(day, "%d %15s %d", &dd, mon, &yy) == 3)
      for (int m = 0; m < 12; m++)
        if (!strcasecmp(mon, months[m]) && (d->date = malloc(16)))
          snprintf(d->date, 16, "%04d-%02d-%02d", yy, m + 1, dd);
    free(day);
  }
  /* bodies: the lines after "... Comptroller and Auditor General", in one
   * type size, before the title */
  for (size_t i = 0; i < p->n; i++) {
    if (!strcasestr(p->s[i].text, "auditor general"))
      continue;
    double size = i + 1 < p->n ? p->s[i + 1].size : 0;
    for (size_t k = i + 1; k < p->n && fabs(p->s[k].size - size) < 0.5; k++) {
      if (strpbrk(p->s[k].text, "0123456789") || !has_letter(p->s[k].text))
        break;
      char **nb = realloc(d->bodies, (d->n_bodies + 1) * sizeof(char *));
      if (!nb)
        break;
      d->bodies = nb;
      if ((nb[d->n_bodies] = strdup(p->s[k].text)))
        d->n_bodies++;
    }
    break;
  }
  int is_cover = strcasestr(all, "auditor general") || d->hc;
  free(all);
  return is_cover;
}

static void pages_free(page *pg, size_t np) {
  for (size_t i = 0; i < np; i++) {
    for (size_t k = 0; k < pg[i].n; k++) {
      free(pg[i].s[k].text);
      free(pg[i].s[k].number);
    }
    free(pg[i].s);
  }
  free(pg);
}

int nao_pdf_parse(const char *data, size_t len, nao_pdf *out, char *err,
                  size_t errlen) {
  GError *ge = NULL;
  page *pg = NULL;
  int np = 0, rc = 0;
  double hist[256] = {0};

  memset(out, 0, sizeof(*out));
  g_mutex_lock(&pdf_lock);
  GBytes *bytes = g_bytes_new_static(data, len);
  PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &ge);
  if (!doc) {
    rc = ge && ge->domain == POPPLER_ERROR && ge->code == POPPLER_ERROR_ENCRYPTED
             ? NAO_PDF_ENCRYPTED : NAO_PDF_BROKEN;
    snprintf(err, errlen, "%s", ge ? ge->message : "unreadable");
    goto out;
  }
  np = poppler_document_get_n_pages(doc);
  out->pages = np;
  if (np <= 0) {
    rc = NAO_PDF_BROKEN;
    snprintf(err, errlen, "no pages");
    goto out;
  }
  if (np > MAX_PAGES)
    np = MAX_PAGES;
  pg = calloc((size_t)np, sizeof(*pg));
  if (!pg) {
    rc = NAO_PDF_NOMEM;
    goto out;
  }
  for (int i = 0; i < np && !rc; i++) {
    PopplerPage *pp = poppler_document_get_page(doc, i);
    if (!pp)
      continue;
    rc = read_page(pp, &pg[i], hist, 256);
    g_object_unref(pp);
  }
  if (rc)
    goto out;
  double body = 10, best = 0, total = 0;
  for (int b = 0; b < 256; b++) {
    total += hist[b];
    if (hist[b] > best) {
      best = hist[b];
      body = b / 2.0;
    }
  }
  if (total < 50) {
    rc = NAO_PDF_NOTEXT;
    snprintf(err, errlen, "%.0f characters of text on %d pages", total, np);
    goto out;
  }
  for (int i = 0; i < np; i++)
    if ((rc = attach_numbers(&pg[i], body)))
      goto out;
  drop_margins(pg, (size_t)np, body);
  for (int i = 0; i < np && !rc; i++)
    rc = order_page(&pg[i], body);
  int skip_first = !rc && cover(out, &pg[0]);
  for (int i = skip_first ? 1 : 0; i < np && !rc; i++)
    rc = paragraphs(out, &pg[i], i + 1, body);
  if (!rc)
    rc = join_pages(out);
  if (rc == NAO_PDF_NOMEM)
    snprintf(err, errlen, "out of memory");
out:
  if (doc)
    g_object_unref(doc);
  g_bytes_unref(bytes);
  g_mutex_unlock(&pdf_lock);
  if (ge)
    g_error_free(ge);
  pages_free(pg, (size_t)np);
  if (rc)
    nao_pdf_free(out);
  return rc;
}

void nao_pdf_free(nao_pdf *p) {
  for (size_t i = 0; i < p->n; i++) {
    free(p->blocks[i].text);
    free(p->blocks[i].number);
  }
  free(p->blocks);
  for (size_t i = 0; i < p->n_bodies; i++)
    free(p->bodies[i]);
  free(p->bodies);
  free(p->hc);
  free(p->session);
  free(p->date);
  int pages = p->pages;
  memset(p, 0, sizeof(*p));
  p->pages = pages;
}
