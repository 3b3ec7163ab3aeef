/* Cross-references to other parts of a report: "(paragraphs 1.4 to
 * 1.7)", "(Figure 3)", "(paragraphs 3.1, 3.4 and 3.9; Figures 5 and 6)",
 * "see Appendix Two".  Their numbers point at a place in the report and
 * are never figures: the figure scanner skips the whole reference. */
#include "norm_internal.h"

#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* A reference token at t[i]: "3", "1.4", "2.3a", "A" (Appendix A), a
 * spelled number ("Two").  Returns its end, or i when there is none. */
static size_t ref_token(const af__norm_rules *r, const char *t, size_t i, size_t e) {
  size_t j = i;
  if (j < e && is_digit(t[j])) {
    while (j < e && (is_digit(t[j]) ||
                     (t[j] == '.' && j + 1 < e && is_digit(t[j + 1]))))
      j++;
    if (j < e && t[j] >= 'a' && t[j] <= 'z' && af__word_end(t, j, e) == j + 1)
      j++; /* "2.3a" */
    /* "Figure 12%" or "figure 3bn" is a quantity after all. */
    if (j < e && (t[j] == '%' || af__is_word_cp((unsigned char)t[j])))
      return i;
    return j;
  }
  size_t we = af__word_end(t, i, e);
  if (we == i + 1 && t[i] >= 'A' && t[i] <= 'Z')
    return we;
  if (we > i && af__is_upper_at(t, i, e) && af__word_in_class(r, AF_LEX_NUMBER, t, i, we, NULL))
    return we;
  return i;
}

/* What may join two tokens of one reference: "," ";" "-" "–" "&", "and",
 * "to", "or".  Returns where the next token may start, or i. */
static size_t joiner(const char *t, size_t i, size_t e) {
  size_t j = af__skip_space(t, i, e), l;
  unsigned cp = j < e ? af__cp_at(t, j, e, &l) : 0;
  if (cp == ',' || cp == ';' || cp == '-' || cp == 0x2013 || cp == '&')
    return af__skip_space(t, j + l, e);
  size_t m = af__match_at(t, j, e, "and", true);
  if (!m)
    m = af__match_at(t, j, e, "to", true);
  if (!m)
    m = af__match_at(t, j, e, "or", true);
  return m ? af__skip_space(t, m, e) : i;
}

/* Does the token ending at `te` close where a list of references can end
 * or go on (punctuation, "and", another reference word)?  "paragraph 4
 * and 12 schools" keeps "12 schools" a figure. */
static bool ends_ref(const af__norm_rules *r, const char *t, size_t te, size_t e) {
  size_t j = af__skip_space(t, te, e), we = af__word_end(t, j, e);
  if (j >= e || we == j)
    return true;
  return joiner(t, te, e) > te || af__word_in_class(r, AF_LEX_XREF, t, j, we, NULL);
}

size_t af__xref_end(const af__norm_rules *r, const char *t, size_t i, size_t e) {
  size_t end = i, j = i;
  for (;;) {
    size_t we = af__word_end(t, j, e);
    /* "Figure" or "paragraphs", then at least one token. */
    if (we == j || !af__word_in_class(r, AF_LEX_XREF, t, j, we, NULL))
      return end;
    if (we < e && t[we] == '.')
      we++; /* "para. 4", "fig. 3" */
    size_t k = af__skip_space(t, we, e), te = ref_token(r, t, k, e);
    if (te == k)
      return end;
    end = te;
    /* More tokens: "1.4 to 1.7", "3.1, 3.4 and 3.9". */
    for (;;) {
      size_t n = joiner(t, end, e);
      size_t ne = n > end ? ref_token(r, t, n, e) : n;
      if (n == end || ne == n || !ends_ref(r, t, ne, e))
        break;
      end = ne;
    }
    /* Another kind may follow: "paragraph 2.3 and Figure 12". */
    j = joiner(t, end, e);
    if (j == end)
      return end;
  }
}
