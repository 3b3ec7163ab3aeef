/* Cleaning of metadata strings: author lines, titles with site names,
 * and entity text left behind by pages that escape twice. */
#include "xint.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

char *af__xdup(const char *s) {
  if (!s)
    return NULL;
  af__tbuf b;
  af__tb_init(&b, 4096);
  af__tb_text(&b, s, strnlen(s, 4000));
  char *o = b.len ? af__tb_dup(&b) : NULL;
  af__tb_free(&b);
  return o;
}

/* Publishers sometimes escape twice ("&amp;#8220;"), leaving entity text
 * in attribute values after parsing.  Decode numeric entities and the
 * few named ones that appear in practice. */
void af__decode_entities(char *s) {
  if (!s || !strchr(s, '&'))
    return;
  static const struct { const char *n; const char *v; } k[] = {
      {"amp;", "&"}, {"quot;", "\""}, {"apos;", "'"}, {"lt;", "<"},
      {"gt;", ">"}, {"nbsp;", " "}, {"rsquo;", "\xE2\x80\x99"},
      {"lsquo;", "\xE2\x80\x98"}, {"ldquo;", "\xE2\x80\x9C"},
      {"rdquo;", "\xE2\x80\x9D"}, {"ndash;", "\xE2\x80\x93"},
      {"mdash;", "\xE2\x80\x94"}, {"hellip;", "\xE2\x80\xA6"}};
  char *o = s;
  for (const char *p = s; *p;) {
    if (*p != '&') {
      *o++ = *p++;
      continue;
    }
    const char *e = p + 1;
    unsigned long cp = 0;
    int ok = 0;
    if (*e == '#') {
      e++;
      int hex = *e == 'x' || *e == 'X';
      e += hex;
      const char *st = e;
      while (e - st < 8 && (hex ? isxdigit((unsigned char)*e)
                                : isdigit((unsigned char)*e))) {
        int v = isdigit((unsigned char)*e)
                    ? *e - '0'
                    : tolower((unsigned char)*e) - 'a' + 10;
        cp = cp * (hex ? 16u : 10u) + (unsigned long)v;
        e++;
      }
      ok = e > st && *e == ';' && cp > 0 && cp < 0x110000 &&
           !(cp >= 0xD800 && cp < 0xE000);
      if (ok) {
        e++;
        /* Worst case four bytes out for at least four bytes in. */
        if (cp < 0x80) {
          *o++ = (char)cp;
        } else if (cp < 0x800) {
          *o++ = (char)(0xC0 | (cp >> 6));
          *o++ = (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
          *o++ = (char)(0xE0 | (cp >> 12));
          *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
          *o++ = (char)(0x80 | (cp & 0x3F));
        } else {
          *o++ = (char)(0xF0 | (cp >> 18));
          *o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
          *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
          *o++ = (char)(0x80 | (cp & 0x3F));
        }
        p = e;
        continue;
      }
    } else {
      for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
        size_t l = strlen(k[i].n), vl = strlen(k[i].v);
        if (!strncmp(e, k[i].n, l) && vl <= l + 1) {
          memcpy(o, k[i].v, vl);
          o += vl;
          p = e + l;
          ok = 1;
          break;
        }
      }
      if (ok)
        continue;
    }
    *o++ = *p++;
  }
  *o = '\0';
}

/* Whether s (just after '<' or "</") starts an HTML element name that
 * shows up inside text fields; "<The Palace>", a title in angle
 * brackets, is not one. */
static int html_tag_at(const char *s) {
  static const char *const k[] = {
      "a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "div",
      "em", "figcaption", "figure", "font", "h1", "h2", "h3", "h4", "h5",
      "h6", "hr", "i", "iframe", "img", "ins", "li", "mark", "ol", "p",
      "pre", "q", "s", "section", "small", "span", "strike", "strong",
      "sub", "sup", "table", "td", "th", "time", "tr", "u", "ul"};
  size_t n = 0;
  while (isalnum((unsigned char)s[n]))
    n++;
  if (!n || !(s[n] == '>' || s[n] == '/' || isspace((unsigned char)s[n])))
    return 0;
  for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
    if (strlen(k[i]) == n && !strncasecmp(k[i], s, n))
      return 1;
  return 0;
}

/* Structured data and meta tags sometimes carry markup ("Budget <em>in
 * full</em>", a description ending "[<a href=...>more</a>]").  Removes
 * each complete tag of a known element in place; a tag becomes a space
 * so words on either side stay apart (the caller collapses spaces).
 * Anything else in angle brackets ("a < b", "<The Palace>") stays. */
void af__strip_tags(char *s) {
  if (!s || !strchr(s, '<'))
    return;
  char *o = s;
  for (const char *p = s; *p;) {
    if (*p == '<' && (html_tag_at(p + 1) ||
                      (p[1] == '/' && html_tag_at(p + 2)))) {
      const char *gt = strchr(p, '>');
      if (gt) {
        *o++ = ' ';
        p = gt + 1;
        continue;
      }
    }
    *o++ = *p++;
  }
  *o = '\0';
}

static int starts_ci(const char *s, const char *p) {
  return !strncasecmp(s, p, strlen(p));
}

/* Cut an author line down to the names.  `commas` says whether a comma
 * may end the names ("Ann Lee, Political Editor"); it may not in a name
 * written "Lee, Ann". */
static char *clean_byline(const char *s, int commas);

char *af__clean_byline(const char *s) { return clean_byline(s, 1); }

char *af__tidy_byline(const char *s) { return clean_byline(s, 0); }

static int month_or_day(const char *w, size_t n) {
  static const char *const k[] = {
      "january", "february", "march", "april", "may", "june", "july",
      "august", "september", "october", "november", "december", "jan",
      "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
      "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
      "saturday", "sunday", "updated", "published", "posted"};
  for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
    if (strlen(k[i]) == n && !strncasecmp(w, k[i], n))
      return 1;
  return 0;
}

/* Where the next name of an author list starts after p ("Ann Lee, Tom
 * Roe and Kim Park"), its separator's length in *sep; NULL at the end. */
static char *next_name(char *p, size_t *sep) {
  static const char *const k[] = {", ", " and ", " & ", " und ", " et "};
  char *best = NULL;
  for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
    char *h = strstr(p, k[i]);
    if (h && (!best || h < best)) {
      best = h;
      *sep = strlen(k[i]);
    }
  }
  return best;
}

/* A list of many authors is cut after the names that fit the length a
 * byline may have, rather than dropped whole: a team's paper still has
 * its first authors.  Only a list whose every part reads as a name (one
 * to four words, the first capitalised) is cut; a sentence is left to be
 * refused as it was. */
static void keep_first_names(char *p) {
  size_t len = strlen(p), words = 0;
  for (char *w = p; *w; w++)
    words += *w == ' ';
  if (len <= 120 && words < 12)
    return;
  char *cut = NULL;
  size_t sep = 0, parts = 0;
  for (char *part = p; part;) {
    char *end = next_name(part, &sep);
    size_t n = end ? (size_t)(end - part) : strlen(part), pw = 1;
    for (size_t i = 0; i < n; i++)
      pw += part[i] == ' ';
    if (!n || pw > 4 || !(isupper((unsigned char)*part) ||
                          (unsigned char)*part >= 0xC3))
      return;
    parts++;
    if (end && (size_t)(end - p) <= 120) {
      size_t before = 0;
      for (char *w = p; w < end; w++)
        before += *w == ' ';
      if (before < 12)
        cut = end;
    }
    part = end ? end + sep : NULL;
  }
  if (parts >= 2 && cut)
    *cut = '\0';
}

static char *clean_byline(const char *s, int commas) {
  if (!s)
    return NULL;
  char *t = af__xdup(s);
  if (!t)
    return NULL;
  char *p = t;
  static const char *const lead[] = {"written by ", "words by ", "posted by ",
                                     "story by ", "reporting by ", "by: ",
                                     "by ", "author: ", "authors: "};
  for (int again = 1; again;) {
    again = 0;
    for (size_t i = 0; i < sizeof(lead) / sizeof(lead[0]); i++)
      if (starts_ci(p, lead[i])) {
        p += strlen(lead[i]);
        again = 1;
      }
    while (*p == ' ' || *p == ':' || *p == '-')
      p++;
    /* German "von", French "par" before a full name ("von Miriam Roth");
     * "von" alone before one word is part of a surname ("von Arnim"). */
    if ((starts_ci(p, "von ") || starts_ci(p, "par ")) &&
        isupper((unsigned char)p[4]) && strchr(p + 4, ' ')) {
      p += 4;
      again = 1;
    }
  }
  int andlist = strstr(p, " and ") != NULL || strstr(p, " & ") != NULL;
  int list = !commas || andlist;
  char *q = p;
  for (; *q; q++) {
    unsigned char c = (unsigned char)*q;
    if (c == '|' || c == '\n' || (c >= '0' && c <= '9') || c == '(' ||
        (c == ',' && !list) || c == ';' || (c == '@' && q > p && q[-1] == ' '))
      break;
    /* "Tom Krisher, AP Auto Writer" even where "Lee, Ann" must stay */
    if (c == ',' && !andlist) {
      const char *r = q + 1;
      size_t w = 0;
      for (int in = 0; *r && *r != ','; r++) {
        if (*r != ' ' && !in)
          w++;
        in = *r != ' ';
      }
      if (w >= 2)
        break;
    }
    if (c == 0xE2 && (unsigned char)q[1] == 0x80 &&
        ((unsigned char)q[2] == 0xA2 || (unsigned char)q[2] == 0x94 ||
         (unsigned char)q[2] == 0x93))
      break; /* bullet, em and en dashes */
    if (c == 0xE2 && (unsigned char)q[1] == 0x97 &&
        (unsigned char)q[2] == 0x8F)
      break; /* a black circle set as a bullet */
    if (c == 0xC2 && (unsigned char)q[1] == 0xB7)
      break;
    if (c == ' ' && (starts_ci(q, " - ") || starts_ci(q, " updated") ||
                     starts_ci(q, " published") || starts_ci(q, " posted") ||
                     starts_ci(q, " on ") || starts_ci(q, " in ") ||
                     starts_ci(q, " for ") || starts_ci(q, " at ") ||
                     starts_ci(q, " is ") || starts_ci(q, " last ")))
      break;
  }
  /* "Jane Smith, Ann Lee and Tom Forrest" stays; a trailing role or
   * dangling conjunction goes. */
  for (;;) {
    while (q > p && (q[-1] == ' ' || q[-1] == ',' || q[-1] == '.' ||
                     q[-1] == ':' || q[-1] == '-'))
      q--;
    /* "Ann Lee November" once the day and year have been cut off */
    char *w = q;
    while (w > p && w[-1] != ' ')
      w--;
    if (w == p || !month_or_day(w, (size_t)(q - w)))
      break;
    q = w;
  }
  *q = '\0';
  keep_first_names(p);
  size_t words = 0;
  for (char *w = p; *w; w++)
    words += *w == ' ';
  char *o = NULL;
  if (*p && strlen(p) <= 120 && words < 12 && !strstr(p, "://"))
    o = strdup(p);
  free(t);
  return o;
}

int af__same_site(const char *a, const char *b) {
  char x[128], y[128];
  size_t i = 0, j = 0;
  for (; *a && i < sizeof(x) - 1; a++)
    if ((*a | 32) >= 'a' && (*a | 32) <= 'z')
      x[i++] = (char)(*a | 32);
  for (; *b && j < sizeof(y) - 1; b++)
    if ((*b | 32) >= 'a' && (*b | 32) <= 'z')
      y[j++] = (char)(*b | 32);
  x[i] = y[j] = '\0';
  if (i < 3 || j < 3)
    return 0;
  return strstr(x, y) || strstr(y, x);
}

static size_t words_in(const char *s, size_t n) {
  size_t w = 0;
  int in = 0;
  for (size_t i = 0; i < n; i++) {
    int sp = s[i] == ' ';
    if (!sp && !in)
      w++;
    in = !sp;
  }
  return w;
}

/* A title part that is the site's name and nothing more: same letters
 * give or take a "The" or a ".com". */
static int site_name(const char *part, const char *site) {
  size_t a = 0, b = 0;
  for (const char *p = part; *p; p++)
    a += isalnum((unsigned char)*p) != 0;
  for (const char *p = site; *p; p++)
    b += isalnum((unsigned char)*p) != 0;
  size_t diff = a > b ? a - b : b - a;
  return diff <= 4 && af__same_site(part, site);
}

/* A word shaped like a host name ("example.com", "blog.example.org"):
 * letters, digits and hyphens in dotted labels ending in a two to six
 * letter top-level label. */
static int host_word(const char *w, size_t n) {
  size_t dot = 0, last = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)w[i];
    if (c == '.') {
      if (!i || w[i - 1] == '.')
        return 0;
      dot++;
      last = i + 1;
    } else if (!isalnum(c) && c != '-') {
      return 0;
    }
  }
  size_t tl = n - last;
  if (!dot || tl < 2 || tl > 6)
    return 0;
  for (size_t i = last; i < n; i++)
    if (!isalpha((unsigned char)w[i]))
      return 0;
  return 1;
}

/* Whether t starts with a separator a title puts between its parts: a
 * dash, bar, colon, slash, tilde, bullet or guillemet; its length. */
static size_t sep_mark(const char *t) {
  static const char *const k[] = {"\xE2\x80\x93", "\xE2\x80\x94",
                                  "\xE2\x80\xA2", "\xC2\xB7", "\xC2\xBB",
                                  "\xC2\xAB", "-", "|", ":", "/", "~"};
  for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
    if (!strncmp(t, k[i], strlen(k[i])))
      return strlen(k[i]);
  return 0;
}

/* The separators and spaces left at an end of a title once the part
 * beyond them went ("Headline -" after "- example.com"). */
static void trim_seps(char *t) {
  size_t lead = 0;
  for (;;) {
    size_t m = t[lead] == ' ' ? 1 : sep_mark(t + lead);
    if (!m)
      break;
    lead += m;
  }
  if (lead)
    memmove(t, t + lead, strlen(t + lead) + 1);
  for (size_t n = strlen(t); n;) {
    size_t back = t[n - 1] == ' ' ? 1 : 0;
    for (size_t k = 1; !back && k <= 3 && k <= n; k++)
      if (sep_mark(t + n - k) == k)
        back = k;
    if (!back)
      break;
    t[n -= back] = '\0';
  }
}

/* "example.com Headline" and "Headline example.com": a host name at
 * either end of a title, with or without a separator, is the site's
 * name; the separator goes with it. */
static void strip_host(char *t) {
  size_t n = strlen(t);
  const char *sp = strchr(t, ' ');
  if (sp && host_word(t, (size_t)(sp - t)) && words_in(sp + 1, strlen(sp + 1)) >= 2) {
    memmove(t, sp + 1, strlen(sp + 1) + 1);
    trim_seps(t);
    return;
  }
  char *ls = strrchr(t, ' ');
  if (ls && host_word(ls + 1, (size_t)(t + n - ls - 1)) &&
      words_in(t, (size_t)(ls - t)) >= 2) {
    *ls = '\0';
    trim_seps(t);
  }
}

char *af__clean_title(const char *title, const char *site) {
  char *t = af__xdup(title);
  if (!t)
    return NULL;
  strip_host(t);
  static const char *const seps[] = {" | ", " - ", " \xE2\x80\x93 ",
                                     " \xE2\x80\x94 ", " :: ", " \xC2\xB7 ",
                                     " \xE2\x80\xA2 ", " // ", " \xC2\xBB "};
  static const char *const site_seps[] = {" \xC2\xAB ", " / ", " ~ "};
  /* Two rounds: "Headline | Section | Site". */
  for (int round = 0; round < 2; round++) {
    char *best = NULL;
    size_t bl = 0;
    for (size_t i = 0; i < sizeof(seps) / sizeof(seps[0]); i++) {
      char *s = t, *hit = NULL;
      while ((s = strstr(s, seps[i])))
        hit = s++;
      if (hit && hit > best) {
        best = hit;
        bl = strlen(seps[i]);
      }
    }
    /* A guillemet, slash or tilde also joins words inside a headline
     * ("Input / Output"): it is a separator only before the site's own
     * name. */
    for (size_t i = 0; site && i < sizeof(site_seps) / sizeof(site_seps[0]);
         i++) {
      char *s = t, *hit = NULL;
      while ((s = strstr(s, site_seps[i])))
        hit = s++;
      if (hit && hit > best &&
          af__same_site(hit + strlen(site_seps[i]), site) &&
          words_in(t, (size_t)(hit - t)) >= 2) {
        best = hit;
        bl = strlen(site_seps[i]);
      }
    }
    if (!best)
      break;
    const char *suf = best + bl;
    size_t pw = words_in(t, (size_t)(best - t));
    size_t sw = words_in(suf, strlen(suf));
    int cut;
    if (site) {
      char *pre = strndup(t, (size_t)(best - t));
      if (pre && site_name(pre, site) && sw >= 2) {
        free(pre);
        memmove(t, suf, strlen(suf) + 1); /* "Site | Headline" */
        continue;
      }
      free(pre);
      /* Besides the site's own name, only a short section name after a
       * bar is taken for furniture. */
      cut = af__same_site(suf, site) || (best[1] == '|' && sw <= 3 && pw >= 3);
    } else {
      cut = sw <= 4 && pw >= 3;
    }
    if (!cut)
      break;
    *best = '\0';
  }
  /* "Site: Headline" */
  char *colon = site ? strstr(t, ": ") : NULL;
  if (colon && colon > t) {
    char *pre = strndup(t, (size_t)(colon - t));
    if (pre && site_name(pre, site) &&
        words_in(colon + 2, strlen(colon + 2)) >= 2)
      memmove(t, colon + 2, strlen(colon + 2) + 1);
    free(pre);
  }
  return t;
}

/* Share of a's words that also occur in b (ASCII case-folded). */
double af__word_overlap(const char *a, const char *b) {
  size_t n = 0, hit = 0;
  while (*a) {
    while (*a == ' ')
      a++;
    const char *w = a;
    while (*a && *a != ' ')
      a++;
    size_t l = (size_t)(a - w);
    if (!l)
      break;
    n++;
    for (const char *p = b; *p;) {
      while (*p == ' ')
        p++;
      const char *v = p;
      while (*p && *p != ' ')
        p++;
      if ((size_t)(p - v) == l && !strncasecmp(v, w, l)) {
        hit++;
        break;
      }
    }
  }
  return n ? (double)hit / (double)n : 0.0;
}

/* Case-insensitive ASCII substring search. */
static char *strcasestr_ascii(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  for (; *hay; hay++)
    if (!strncasecmp(hay, needle, n))
      return (char *)hay;
  return NULL;
}

/* The holder named in a copyright line ("(C) 2025 Jane Roe. All rights
 * reserved."), from the text after the mark and any years. */
static char *copyright_holder(const char *s) {
  const char *p = strstr(s, "\xC2\xA9");
  if (p)
    p += 2;
  else if ((p = strcasestr_ascii(s, "copyright")))
    p += 9;
  else
    return NULL;
  while (*p && (isdigit((unsigned char)*p) || strchr(" ,-\xE2\x80\x93\xC2\xA9", *p) ||
                ((unsigned char)*p >= 0x80 && (unsigned char)p[-1] >= 0x80)))
    p++; /* years, ranges and a second mark: "(C) 2019-2025" */
  size_t n = strcspn(p, ".,|\xC2\xB7\n\t");
  char *o = n && n <= 40 ? strndup(p, n) : NULL;
  if (o) {
    while (n && o[n - 1] == ' ')
      o[--n] = '\0';
    char *ar = strcasestr_ascii(o, " all rights");
    if (ar)
      *ar = '\0';
  }
  return o;
}

/* Strictly a given and a family name ("Jane Roe", "Ann M. Lee"): each
 * name a capital and small letters, an initial only in the middle, and
 * no company suffix.  Footers hold more brands than people, so the shape
 * is narrower than person_like's. */
static int given_family(const char *s) {
  static const char *const corp[] = {"Inc", "Ltd", "Llc", "Corp", "Co",
                                     "Int", "Gmbh", "Group", "Media",
                                     "Press", "Studio", "Studios", NULL};
  const char *w[4];
  size_t len[4], n = 0;
  for (const char *p = s; *p;) {
    while (*p == ' ')
      p++;
    if (!*p)
      break;
    if (n == 3)
      return 0;
    w[n] = p;
    while (*p && *p != ' ')
      p++;
    len[n] = (size_t)(p - w[n]);
    n++;
  }
  if (n < 2 || (n == 3 && !(len[1] == 2 && w[1][1] == '.')))
    return 0;
  for (size_t i = 0; i < n; i++) {
    if (n == 3 && i == 1)
      continue;
    if (len[i] < 2 || !isupper((unsigned char)w[i][0]))
      return 0;
    for (size_t k = 1; k < len[i]; k++)
      if (!islower((unsigned char)w[i][k]) && w[i][k] != '-' &&
          w[i][k] != '\'' && (unsigned char)w[i][k] < 0x80)
        return 0;
  }
  for (size_t k = 0; corp[k]; k++)
    if (len[n - 1] == strlen(corp[k]) &&
        !strncasecmp(w[n - 1], corp[k], len[n - 1]))
      return 0;
  return 1;
}

char *af__copyright_person(const char *s) {
  char *o = copyright_holder(s);
  if (o && !given_family(o)) {
    free(o);
    o = NULL;
  }
  return o;
}
