/* Which NAO report a document is about: its title when the article names
 * it ("the report, Local audit in England,", "a report entitled ‘…’"), its
 * HC number, and its date when the article says it was published today. */
#include "norm_doc.h"

#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Is [s, e) exactly a body's name ("report National Audit Office")? */
static bool body_exact(af__doc *d, size_t s, size_t e) {
  const af__body *b;
  const char *disp;

  return af__body_at(d->r, d->t, s, e, &b, &disp) == e;
}

/* Title in quotation marks or between commas right after `at`. */
static const char *title_after(af__doc *d, size_t at, size_t e) {
  size_t i = af__skip_space(d->t, at, e), l, j;
  unsigned c;

  if (i < e && d->t[i] == ',')
    i = af__skip_space(d->t, i + 1, e);
  c = af__cp_at(d->t, i, e, &l);
  if (af__is_dquote(c) || c == 0x2018 || c == '\'') {
    for (j = i + l; j < e; j++) {
      size_t cl;
      unsigned cc = af__cp_at(d->t, j, e, &cl);
      if ((af__is_dquote(cc) || cc == 0x2019 || cc == '\'') &&
          (j + cl >= e || !af__is_word_cp((unsigned char)d->t[j + cl])))
        break;
      if (d->t[j] == '\n')
        return NULL;
    }
    if (j >= e || j - (i + l) < 6)
      return NULL;
    return af__arena_strndup(d->a, d->t + i + l, j - (i + l));
  }
  /* ", Local auditor reporting in England in 2018, which …" */
  if (i > at && d->t[af__skip_space(d->t, at, e)] == ',' &&
      af__is_upper_at(d->t, i, e)) {
    for (j = i; j < e && d->t[j] != ',' && d->t[j] != '.' && d->t[j] != '\n';
         j++)
      ;
    if (j < e && d->t[j] == ',' && af__count_words(d->t, i, j) >= 2 &&
        af__count_words(d->t, i, j) <= 14) {
      /* "Title (HC 512)": the reference is not part of the title. */
      size_t k = af__trim_end(d->t, i, j);
      if (k > i && d->t[k - 1] == ')')
        while (k > i && d->t[k - 1] != '(')
          k--;
      if (k > i && d->t[k - 1] == '(')
        j = af__trim_end(d->t, i, k - 1);
      return af__arena_strndup(d->a, d->t + i, j - i);
    }
  }
  /* "report Local Government Financial Sustainability found": a run of
   * capitalised words (small joining words allowed) right after. */
  if (i == af__skip_space(d->t, at, e) && af__is_upper_at(d->t, i, e)) {
    static const char *const join[] = {"and", "of", "in", "the", "for", "on",
                                       "to"};
    size_t k = i, last = i, caps = 0;
    while (k < e) {
      size_t we = af__word_end(d->t, k, e);
      bool small = false;
      if (we == k)
        break;
      for (size_t q = 0; q < sizeof(join) / sizeof(join[0]); q++)
        small |= af__match_at(d->t, k, we, join[q], false) == we;
      if (af__is_upper_at(d->t, k, e)) {
        caps++;
        last = we;
      } else if (!small) {
        break;
      }
      if (we >= e || d->t[we] != ' ')
        break;
      k = we + 1;
    }
    if (caps >= 2 && !body_exact(d, i, last))
      return af__arena_strndup(d->a, d->t + i, last - i);
  }
  return NULL;
}

void af__find_report(af__doc *d, const af__norm_input *in) {
  static const char *const lead[] = {"entitled", "titled", "called"};
  size_t i = 0, mend;

  while (!d->report.title && i < d->len) {
    size_t at = af__find_phrase(d->t, i, d->len, "report", true, &mend);
    if (at == (size_t)-1)
      break;
    d->report.title = title_after(d, mend, d->len);
    for (size_t k = 0; !d->report.title && k < 3; k++) {
      size_t j = af__skip_space(d->t, mend, d->len);
      size_t m = af__match_at(d->t, j, d->len, lead[k], true);
      if (m)
        d->report.title = title_after(d, m, d->len);
    }
    i = mend;
  }
  for (i = 0; i + 4 < d->len; i++)
    if (d->t[i] == 'H' && d->t[i + 1] == 'C' && d->t[i + 2] == ' ' &&
        is_digit(d->t[i + 3]) && (i == 0 || d->t[i - 1] == ' ' ||
                                  d->t[i - 1] == '(')) {
      size_t j = i + 3;
      while (j < d->len && is_digit(d->t[j]))
        j++;
      d->report.hc = af__arena_strndup(d->a, d->t + i, j - i);
      break;
    }
  if (in->published &&
      (af__find_phrase(d->t, 0, d->len, "published today", true, NULL) !=
           (size_t)-1 ||
       af__find_phrase(d->t, 0, d->len, "today's report", true, NULL) !=
           (size_t)-1))
    d->report.published = af__arena_strdup(d->a, in->published);
  if (in->url && strstr(in->url, "nao.org.uk/report"))
    d->report.url = af__arena_strdup(d->a, in->url);
}
