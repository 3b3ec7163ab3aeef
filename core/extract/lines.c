/* Paragraph-level filters: lines that are furniture, cross-links,
 * repeated metadata, credits or notices wherever they turn up.  They look
 * at the text alone, so they also catch what the structure let through. */
#include "xint.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Short lines that are furniture wherever they appear. */
static int furniture(const char *s, size_t n) {
  static const char *const exact[] = {
      "advertisement", "advertisements", "advertising", "sponsored",
      "sponsored content", "story continues below advertisement",
      "continue reading below", "continue reading", "read more", "related",
      "share this", "share", "share this article", "click to share",
      "more", "loading", "skip advert", "skip ad", "scroll to continue",
      "related articles", "related stories", "related content",
      "recommended", "most read", "most popular", "comments", "show comments",
      "leave a comment", "sign up", "subscribe", "print", "email",
      "this article is more than 1 year old",
      "read next", "up next", "you may also like", "watch", "tags",
      "topics", "filed under", "sharing is caring", "share on facebook",
      "share on twitter", "tweet", "pin it", "accept", "accept cookies",
      "comment", "add comment", "view comments", "next article",
      "previous article", "back to top", "top stories", "hide ad",
      "remove ads", "learn more",
      /* the same furniture in German and French */
      "teilen", "artikel teilen", "drucken", "kommentare", "kommentar",
      "antworten", "mehr zum thema", "das könnte sie auch interessieren",
      "meistgelesen", "weiterlesen", "anzeige", "partager",
      "partager cet article", "lire aussi", "à lire aussi",
      "\xC3\x80 lire aussi", "commentaires", "répondre",
      "sur le même sujet", "les plus lus", "publicité", "lire la suite",
      "en direct", "en ce moment"};
  if (n > 48)
    return 0;
  char b[52];
  size_t j = 0;
  for (size_t i = 0; i < n && j < sizeof(b) - 1; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c + 32);
    b[j++] = c;
  }
  while (j && (b[j - 1] == '.' || b[j - 1] == ':' || b[j - 1] == ' ' ||
               b[j - 1] == '!' || b[j - 1] == '>'))
    j--;
  /* a count after the word: "Comments (12)", "Kommentare (2)" */
  if (j > 3 && b[j - 1] == ')') {
    size_t k = j - 1;
    while (k && isdigit((unsigned char)b[k - 1]))
      k--;
    if (k < j - 1 && k >= 2 && b[k - 1] == '(' && b[k - 2] == ' ')
      j = k - 2;
  }
  b[j] = '\0';
  for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
    if (!strcmp(b, exact[i]))
      return 1;
  return 0;
}

/* "Read more: <headline>" style cross-links. */
static int teaser(const char *s, size_t n) {
  static const char *const pre[] = {"read more:", "read more -", "related:",
                                    "see also:", "also read:", "read also:",
                                    "more:", "recommended:", "watch:",
                                    "read next:", "related coverage:",
                                    "more on this:", "listen:", "read:",
                                    "see more:", "don't miss", "read more ",
                                    "sign up for", "photo:", "photograph:",
                                    "image:", "credit:", "picture:",
                                    "image copyright", "getty images",
                                    "subscribe to", "follow us",
                                    "filed under", "posted in",
                                    "follow @", "like this story",
                                    "copyright ", "if you enjoyed this",
                                    "enjoyed this article"};
  if (n > 240)
    return 0;
  for (size_t i = 0; i < sizeof(pre) / sizeof(pre[0]); i++)
    if (!strncasecmp(s, pre[i], strlen(pre[i])))
      return 1;
  return 0;
}

/* Equal ignoring case, spacing and punctuation (ASCII letters and digits
 * compared, other bytes kept as they are). */
int af__same_text(const char *a, const char *b) {
  if (!a || !b)
    return 0;
  for (;;) {
    while (*a && (unsigned char)*a < 0x80 && !isalnum((unsigned char)*a))
      a++;
    while (*b && (unsigned char)*b < 0x80 && !isalnum((unsigned char)*b))
      b++;
    if (!*a || !*b)
      return !*a && !*b;
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
      return 0;
    a++;
    b++;
  }
}

static size_t word_count(const char *s, size_t n) {
  size_t w = 0;
  for (size_t i = 0; i < n; i++)
    w += s[i] == ' ';
  return n ? w + 1 : 0;
}

/* Length of a byline's opening word and space ("By ", "Von ", "Par "),
 * capitalised as a line's first word is; 0 for other lines. */
static size_t byline_word(const char *s) {
  if (!strncmp(s, "By ", 3))
    return 3;
  if (!strncmp(s, "Von ", 4) || !strncmp(s, "Par ", 4))
    return 4;
  return 0;
}

/* German and French labels of a publication or update date. */
static int dated_label(const char *s) {
  static const char *const pre[] = {
      "stand:", "aktualisiert", "zuletzt aktualisiert", "veröffentlicht",
      "erstellt am", "erschienen am",
      "publié", "mis à jour", "mise à jour", "modifié le", "actualisé"};
  for (size_t i = 0; i < sizeof(pre) / sizeof(pre[0]); i++)
    if (!strncasecmp(s, pre[i], strlen(pre[i])))
      return 1;
  return 0;
}

/* "11:42", "12h10", "9.30 Uhr", "10:05 am": a time of day and nothing
 * else.  "2.99" alone is a price, so a dot needs "Uhr", "am" or "pm". */
static int clock_time(const char *s, size_t n) {
  size_t i = 0;
  int hour = 0;
  while (i < n && i < 2 && isdigit((unsigned char)s[i]))
    hour = hour * 10 + (s[i++] - '0');
  if (i == 0 || i >= n || hour > 23 ||
      (s[i] != ':' && s[i] != 'h' && s[i] != '.'))
    return 0;
  char sep = s[i++];
  if (i + 2 > n || s[i] < '0' || s[i] > '5' ||
      !isdigit((unsigned char)s[i + 1]))
    return 0;
  i += 2;
  while (i < n && s[i] == ' ')
    i++;
  const char *rest = s + i;
  size_t r = n - i;
  int suffix = (r == 3 && !strncasecmp(rest, "uhr", 3)) ||
               (r == 2 && (!strncasecmp(rest, "am", 2) ||
                           !strncasecmp(rest, "pm", 2)));
  return suffix || (r == 0 && sep != '.');
}

/* A picture's caption that ends with its credit: "The old mill at dawn.
 * Photo by: Ann Lee.", "A portrait from 2004 (Picture credit: Agency)",
 * "Image used under license from Agency", "Foto: Agentur".  The credit
 * follows a sentence's end, an opening bracket, a bar or a dash, or
 * opens a short line, and nothing after it reads as another sentence;
 * inside running text ("an exhibition of photos by Ann Lee") the words
 * stay. */
static int credit_start(const char *s, size_t i) {
  if (i == 0 || s[i - 1] == '(')
    return 1;
  if (i >= 2 && s[i - 1] == ' ' &&
      (s[i - 2] == '.' || s[i - 2] == '|' || s[i - 2] == '-'))
    return 1;
  return i >= 4 && !memcmp(s + i - 4, "\xE2\x80\x94 ", 4); /* an em dash */
}

static int credit_tail(const char *s, size_t n) {
  static const char *const k[] = {
      "photo by", "photos by", "photo credit", "photograph by",
      "picture credit", "image credit", "image courtesy", "photo courtesy",
      "image used under licen", "images used under licen", "image via",
      "foto:", "fotos:", "bild:", "bildquelle", "cr\xC3\xA9" "dit photo",
      "photo :", NULL};
  if (n >= 200)
    return 0;
  for (size_t i = 0; i < n; i++) {
    if (!credit_start(s, i))
      continue;
    for (size_t j = 0; k[j]; j++) {
      size_t kl = strlen(k[j]);
      if (i + kl > n || strncasecmp(s + i, k[j], kl))
        continue;
      /* Opening the line, a sentence ("Photos by amateurs helped date
       * the comet.") is not a credit: only a short line with no end
       * mark. */
      if (i == 0 && (n >= 80 || strchr(".!?", s[n - 1])))
        return 0;
      /* The credit is the line's tail: no sentence or other field
       * ("| From: ...") comes after it, and it is short. */
      if (n - i - kl > 60)
        return 0;
      for (const char *r = s + i + kl; r < s + n; r++)
        if (*r == '|' || (r + 2 < s + n && r[0] == '.' && r[1] == ' ' &&
                          isupper((unsigned char)r[2])))
          return 0;
      return 1;
    }
  }
  return 0;
}

/* Headline, author and date lines repeated inside the article box, and
 * notices that ended up there. */
static int repeats_meta(const char *s, size_t n, int kind, const char *title,
                        const char *byline) {
  if (af__same_text(s, title) || af__same_text(s, byline))
    return 1;
  if (n < 120 && !strncasecmp(s, "by ", 3) && af__same_text(s + 3, byline))
    return 1;
  /* The author's biography: "Ann Lee is a reporter who covers ..." */
  size_t bl = byline ? strcspn(byline, ",") : 0;
  if (bl && n < 400 && !strncmp(s, byline, bl) &&
      strstr(byline, " and ") == NULL) {
    const char *r = s + bl;
    if (!strncmp(r, " (", 2) && strchr(r, ')'))
      r = strchr(r, ')') + 1; /* "Jeff Foust (jeff@example.org) is ..." */
    if (!strncmp(r, " is ", 4) || !strncmp(r, " writes ", 8) ||
        !strncmp(r, " covers ", 8) || !strncmp(r, " has been ", 10) ||
        !strncmp(r, " was ", 5) || !strncmp(r, " reports ", 9))
      return 1;
  }
  char iso[40];
  /* A bare date line; a quotation's attribution line keeps its date, and
   * a table row with more cells than the date is data (a time series:
   * "1/1/2013 | 13.1%"), not a dateline. */
  if (kind != AF_PARA_QUOTE &&
      !(kind == AF_PARA_TABLE && strstr(s, " | ")) && n < 100 && word_count(s, n) <= 10 &&
      s[n - 1] != '.' && strncmp(s, "\xE2\x80\x94", 3) != 0 &&
      s[0] != '-' && s[0] != '(' && af__date_parse(s, iso, sizeof(iso)))
    return 1;
  /* "Updated 3 Dec 2013, 10:00" and the like. */
  if (n < 120 && (!strncasecmp(s, "updated", 7) ||
                  !strncasecmp(s, "published", 9) ||
                  !strncasecmp(s, "posted", 6) ||
                  !strncasecmp(s, "last updated", 12) ||
                  !strncasecmp(s, "first published", 15)) &&
      (n < 60 || af__date_parse(s, iso, sizeof(iso))))
    return 1;
  /* The same labels in German and French ("Stand: 07.12.2026, 14:05 Uhr",
   * "Veröffentlicht am 12. Oktober 2026", "Publié le 7 décembre 2026 à
   * 10h15, mis à jour le ..."): only with a date, as these words also
   * open sentences, and not ending as a sentence does ("Stand: Ende März
   * 2026 waren 40 Stellen frei.") unless a date's dot ends it. */
  if (n < 120 && dated_label(s) && af__date_parse(s, iso, sizeof(iso)) &&
      (s[n - 1] != '.' || (n > 1 && isdigit((unsigned char)s[n - 2]))))
    return 1;
  /* A clock time alone on its line: a live article's entry stamp. */
  if (kind != AF_PARA_QUOTE && clock_time(s, n))
    return 1;
  /* "By Jane Smith" with no sentence after it, or with a date.  German
   * "Von ..." and French "Par ..." also open headings and sentences ("Von
   * Brücken und Budgets"), so they go only as the byline itself or with a
   * date or a bar after the name. */
  size_t bw = byline_word(s);
  if (bw && isupper((unsigned char)s[bw]) && s[n - 1] != '.' &&
      ((bw == 3 && n < 60 && word_count(s, n) <= 7) ||
       (bw == 4 && af__same_text(s + bw, byline)) ||
       (n < 160 && (strchr(s, '|') || af__date_parse(s, iso, sizeof(iso))))))
    return 1;
  /* Gallery counters and picture credits. */
  /* "(c) Agency" credits go; "(c) 2019 Agency" notices stay. */
  const char *copy = strstr(s, "\xC2\xA9");
  if (copy)
    copy += 2 + (copy[2] == ' ');
  if (credit_tail(s, n))
    return 1;
  if (n < 200 && ((copy && !isdigit((unsigned char)*copy)) ||
                  (!strncasecmp(s, "image ", 6) &&
                   isdigit((unsigned char)s[6]) &&
                   strstr(s, " of "))))
    return 1;
  /* Credit and contact lines that close a story. */
  if (n < 200 && (strstr(s, "contributed to this report") ||
                  strstr(s, "contributed reporting") ||
                  !strncasecmp(s, "additional reporting by", 23) ||
                  !strncasecmp(s, "write to ", 9) ||
                  !strncasecmp(s, "contact the author", 18) ||
                  (strchr(s, '@') && !strchr(s, ' '))))
    return 1;
  if (n < 160 && !strncasecmp(s, "follow ", 7) &&
      (strstr(s, "Twitter") || strstr(s, "Facebook") ||
       strstr(s, "Instagram") || strstr(s, "coverage")))
    return 1;
  /* Wire-service credits and ways to reach the reporter. */
  if (n < 300 && (!strncasecmp(s, "reporting by ", 13) ||
                  !strncasecmp(s, "(reporting by ", 14) ||
                  !strncasecmp(s, "have a tip", 10) ||
                  !strncasecmp(s, "reach the reporter", 18) ||
                  (!strncasecmp(s, "email ", 6) && strchr(s, '@'))))
    return 1;
  /* The publication selling itself ("12 issues for ...", "as little as
   * ... for your first year"); prices in reporting are left alone. */
  if (n < 400 && (strcasestr(s, "subscri") || strcasestr(s, "delivered") ||
                  strcasestr(s, "get access")) &&
      (strcasestr(s, "issues for") || strcasestr(s, "as little as")))
    return 1;
  /* Unexpanded CMS shortcodes: "[button link=...]...[/button]". */
  if (s[0] == '[' && strstr(s, "[/"))
    return 1;
  /* Comment-moderation notices. */
  if (n < 300 && (strcasestr(s, "comment") || strcasestr(s, "coment")) &&
      strcasestr(s, "modera"))
    return 1;
  /* Newsletter pitches. */
  if (n < 300 && strstr(s, "newsletter") &&
      (strcasestr(s, "sign up") || strcasestr(s, "subscribe")))
    return 1;
  /* Consent banners and browser warnings inside the article box. */
  if (n < 400 && strcasestr(s, "cookie") &&
      (strstr(s, "use cookies") || strstr(s, "uses cookies") ||
       strstr(s, "use of cookies") || strstr(s, "consent") ||
       strstr(s, "enable") || strstr(s, "disabled") ||
       strstr(s, "accept") || strcasestr(s, "cookie policy") ||
       strcasestr(s, "cookie settings")))
    return 1;
  if (n < 200 && (strcasestr(s, "your browser is no longer supported") ||
                  strcasestr(s, "upgrade to a newer version") ||
                  strcasestr(s, "javascript is disabled") ||
                  strcasestr(s, "enable javascript")))
    return 1;
  return 0;
}

/* The site's notes about itself: an affiliate disclosure ("This post may
 * contain affiliate links ... a small commission", "Purchases made through
 * links earn us a commission", German "Affiliate-Links ... Provision",
 * French "liens affiliés ... commission") and the opinion disclaimer ("The
 * views expressed ... are their own").  Each needs two kinds of word
 * together, so an article about affiliate marketing or about someone's
 * views keeps its sentences; and a short line, as these notes are.  The
 * output pass asks only about its first and last lines (emit.c), where
 * templates set these notes: inside the text such words are the
 * article's own ("Affiliate links earn a commission when ..."). */
int af__site_note(const char *s, size_t n) {
  static const char *const link[] = {"affiliate link", "affiliate-link",
                                     "affiliatelink", "liens affili",
                                     "lien affili", "liens d'affiliation",
                                     "through links", "through our links",
                                     "through these links",
                                     "through one of those links", NULL};
  static const char *const pay[] = {"commission", "provision",
                                    "earn from qualifying", "supports our work",
                                    "at no extra cost", "at no additional cost",
                                    "ohne mehrkosten", "sans frais", NULL};
  static const char *const views[] = {"views expressed", "opinions expressed",
                                      "views and opinions expressed", NULL};
  static const char *const own[] = {"their own", "not necessarily",
                                    "do not reflect", "don't reflect", NULL};
  static const char *const says[] = {"may contain affiliate",
                                    "contains affiliate links",
                                    "post contains affiliate", NULL};
  if (n > 400)
    return 0;
  if (af__ci_has_any(s, says))
    return 1;
  if (af__ci_has_any(s, link) && af__ci_has_any(s, pay))
    return 1;
  return af__ci_has_any(s, views) && af__ci_has_any(s, own);
}

/* The label of a pointer to another page set between paragraphs: "Also
 * read <link>", "Must read: <link>", "[ Related: <link> ]", "Lesen Sie
 * auch: <link>", "À lire aussi : <link>".  The caller passes only the
 * words before the paragraph's first link, so a sentence that merely
 * mentions reading keeps its place. */
int af__crosslink_label(const char *label) {
  static const char *const k[] = {
      "also read", "read also", "must read", "read more", "read next",
      "related", "see also", "also see", "you might like", "you might also",
      "you may also", "you may like", "more on the topic", "more on this",
      "further reading", "recommended", "don't miss",
      "lesen sie auch", "lesen sie mehr", "auch interessant",
      "mehr zum thema", "passend dazu", "siehe auch", "lesetipp",
      "das k\xC3\xB6nnte sie", "lire aussi", "a lire", "\xC3\xA0 lire",
      "voir aussi", "sur le m\xC3\xAAme sujet", "pour aller plus loin", NULL};
  return af__ci_has_any(label, k);
}

int af__line_junk(const char *s, size_t n, int kind, const char *title,
                 const char *byline) {
  return furniture(s, n) || teaser(s, n) ||
         repeats_meta(s, n, kind, title, byline);
}
