/* Tag classification and class/id hints.  Pages name their boilerplate
 * far more consistently than they structure it, so the words in class and
 * id attributes are the strongest cheap signal we have.  Matching is done
 * on word tokens (split on punctuation and camelCase) rather than
 * substrings, so "canvas" never reads as "nav" nor "header" as "ad". */
#include "xint.h"

#include <string.h>

typedef struct tagname {
  const char *name;
  uint8_t tag;
} tagname;

/* Sorted for bsearch. */
static const tagname k_tags[] = {
    {"a", T_A},           {"address", T_ADDRESS}, {"applet", T_SKIP},
    {"article", T_ARTICLE}, {"aside", T_ASIDE},   {"audio", T_SKIP},
    {"blockquote", T_BLOCKQUOTE}, {"body", T_BODY}, {"br", T_BR},
    {"button", T_BUTTON}, {"canvas", T_SKIP},     {"caption", T_CAPTION},
    {"center", T_CENTER}, {"datalist", T_SKIP},   {"dd", T_DD},
    {"details", T_DETAILS}, {"dialog", T_SKIP},   {"div", T_DIV},
    {"dl", T_DL},         {"dt", T_DT},           {"embed", T_EMBED},
    {"fieldset", T_FORM}, {"figcaption", T_FIGCAPTION}, {"figure", T_FIGURE},
    {"font", T_FONT},     {"footer", T_FOOTER},   {"form", T_FORM},
    {"frameset", T_SKIP}, {"h1", T_H1},           {"h2", T_H2},
    {"h3", T_H3},         {"h4", T_H4},           {"h5", T_H5},
    {"h6", T_H6},         {"head", T_HEAD},       {"header", T_HEADER},
    {"hgroup", T_DIV},    {"hr", T_HR},           {"html", T_HTML},
    {"iframe", T_SKIP},   {"img", T_IMG},         {"input", T_INPUT},
    {"label", T_OTHER},   {"legend", T_OTHER},    {"li", T_LI},
    {"link", T_LINK},     {"main", T_MAIN},       {"map", T_SKIP},
    {"math", T_SKIP},     {"menu", T_UL},         {"meta", T_META},
    {"nav", T_NAV},       {"noscript", T_SKIP},   {"object", T_EMBED},
    {"ol", T_OL},         {"optgroup", T_SKIP},   {"option", T_SKIP},
    {"p", T_P},           {"picture", T_IMG},     {"pre", T_PRE},
    {"script", T_SCRIPT}, {"section", T_SECTION}, {"select", T_SKIP},
    {"source", T_SKIP},   {"span", T_SPAN},       {"style", T_SKIP},
    {"summary", T_DIV},   {"svg", T_SKIP},        {"table", T_TABLE},
    {"tbody", T_TBODY},   {"td", T_TD},           {"template", T_SKIP},
    {"textarea", T_SKIP}, {"tfoot", T_TBODY},     {"th", T_TH},
    {"thead", T_TBODY},   {"time", T_TIME},       {"title", T_TITLE},
    {"tr", T_TR},         {"ul", T_UL},           {"video", T_SKIP},
};

int af__tag_of(const char *name) {
  size_t lo = 0, hi = sizeof(k_tags) / sizeof(k_tags[0]);
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(name, k_tags[mid].name);
    if (!c)
      return k_tags[mid].tag;
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return T_OTHER;
}

int af__tag_is_block(int tag) {
  switch (tag) {
  case T_P: case T_DIV: case T_H1: case T_H2: case T_H3: case T_H4:
  case T_H5: case T_H6: case T_UL: case T_OL: case T_LI: case T_DL:
  case T_DT: case T_DD: case T_BLOCKQUOTE: case T_PRE: case T_TABLE:
  case T_TBODY: case T_TR: case T_TD: case T_TH: case T_CAPTION:
  case T_ARTICLE: case T_SECTION: case T_MAIN: case T_HEADER:
  case T_FOOTER: case T_NAV: case T_ASIDE: case T_FIGURE:
  case T_FIGCAPTION: case T_FORM: case T_BODY: case T_HTML:
  case T_ADDRESS: case T_CENTER: case T_DETAILS: case T_HR:
    return 1;
  default:
    return 0;
  }
}

enum { H_EXACT = 0, H_PREFIX = 1 };

typedef struct hint {
  const char *w;
  uint8_t len;
  uint8_t mode;
  int8_t weight;
  uint16_t flags;
} hint;

#define B (F_BOILER)
#define M (F_META)
static const hint k_hints[] = {
    {"ad", sizeof("ad") - 1, H_EXACT, -25, B},
    {"ads", sizeof("ads") - 1, H_EXACT, -25, B},
    {"adslot", sizeof("adslot") - 1, H_PREFIX, -25, B},
    {"adunit", sizeof("adunit") - 1, H_PREFIX, -25, B},
    {"advert", sizeof("advert") - 1, H_PREFIX, -25, B},
    {"also", sizeof("also") - 1, H_EXACT, -25, B},
    {"article", sizeof("article") - 1, H_PREFIX, 25, F_POS},
    {"author", sizeof("author") - 1, H_PREFIX, -10, M | F_BYLINE},
    {"banner", sizeof("banner") - 1, H_PREFIX, -25, B},
    {"bio", sizeof("bio") - 1, H_EXACT, -25, B},
    {"blog", sizeof("blog") - 1, H_PREFIX, 15, F_POS},
    {"body", sizeof("body") - 1, H_PREFIX, 25, F_POS},
    {"breadcrumb", sizeof("breadcrumb") - 1, H_PREFIX, -25, B},
    {"byline", sizeof("byline") - 1, H_PREFIX, -10, M | F_BYLINE},
    {"caption", sizeof("caption") - 1, H_PREFIX, -25, B},
    {"carousel", sizeof("carousel") - 1, H_PREFIX, -25, B},
    {"combx", sizeof("combx") - 1, H_EXACT, -25, B},
    {"comment", sizeof("comment") - 1, H_PREFIX, -25, B | F_COMMENTS},
    {"consent", sizeof("consent") - 1, H_PREFIX, -25, B},
    {"content", sizeof("content") - 1, H_PREFIX, 25, F_POS},
    {"contributor", sizeof("contributor") - 1, H_PREFIX, -10, M | F_BYLINE},
    {"cookie", sizeof("cookie") - 1, H_PREFIX, -25, B},
    {"copy", sizeof("copy") - 1, H_EXACT, 15, F_POS},
    {"copyright", sizeof("copyright") - 1, H_PREFIX, -25, B},
    {"credit", sizeof("credit") - 1, H_PREFIX, -25, B},
    /* A call to action ("blog-cta", "ctas", "cta-banner"): sign up, try,
     * buy.  A word that only holds the letters ("spectator") is not one. */
    {"cta", sizeof("cta") - 1, H_PREFIX, -25, B},
    {"date", sizeof("date") - 1, H_PREFIX, -10, M | F_DATE},
    {"dateline", sizeof("dateline") - 1, H_PREFIX, -10, M | F_DATE},
    {"dfp", sizeof("dfp") - 1, H_EXACT, -25, B},
    {"disqus", sizeof("disqus") - 1, H_PREFIX, -25, B | F_COMMENTS},
    {"donat", sizeof("donat") - 1, H_PREFIX, -25, B},
    {"entry", sizeof("entry") - 1, H_PREFIX, 25, F_POS},
    {"eyebrow", sizeof("eyebrow") - 1, H_PREFIX, -10, M},
    {"feedback", sizeof("feedback") - 1, H_PREFIX, -25, B},
    {"follow", sizeof("follow") - 1, H_PREFIX, -25, B},
    {"footer", sizeof("footer") - 1, H_PREFIX, -25, B},
    {"gallery", sizeof("gallery") - 1, H_PREFIX, -25, B},
    {"gdpr", sizeof("gdpr") - 1, H_PREFIX, -25, B},
    {"headline", sizeof("headline") - 1, H_PREFIX, -5, M},
    {"inline", sizeof("inline") - 1, H_EXACT, 0, 0},
    {"keywords", sizeof("keywords") - 1, H_EXACT, -25, B | M},
    {"kicker", sizeof("kicker") - 1, H_PREFIX, -10, M},
    /* German "Kommentare", "kommentar-liste" (French "commentaires" is
     * already caught by "comment"). */
    {"kommentar", sizeof("kommentar") - 1, H_PREFIX, -25, B | F_COMMENTS},
    {"login", sizeof("login") - 1, H_PREFIX, -25, B},
    {"main", sizeof("main") - 1, H_EXACT, 25, F_POS},
    {"masthead", sizeof("masthead") - 1, H_PREFIX, -25, B},
    {"menu", sizeof("menu") - 1, H_PREFIX, -25, B},
    {"meta", sizeof("meta") - 1, H_EXACT, -10, M},
    {"modal", sizeof("modal") - 1, H_PREFIX, -25, B},
    {"more", sizeof("more") - 1, H_EXACT, -25, B},
    {"nav", sizeof("nav") - 1, H_PREFIX, -25, B},
    {"newsletter", sizeof("newsletter") - 1, H_PREFIX, -25, B},
    {"outbrain", sizeof("outbrain") - 1, H_PREFIX, -25, B},
    {"overlay", sizeof("overlay") - 1, H_PREFIX, -25, B},
    {"pager", sizeof("pager") - 1, H_EXACT, -25, B},
    {"pagination", sizeof("pagination") - 1, H_PREFIX, -25, B},
    {"paragraph", sizeof("paragraph") - 1, H_PREFIX, 15, F_POS},
    {"paywall", sizeof("paywall") - 1, H_PREFIX, -25, B},
    {"playlist", sizeof("playlist") - 1, H_PREFIX, -25, B},
    {"popular", sizeof("popular") - 1, H_PREFIX, -25, B},
    {"popup", sizeof("popup") - 1, H_PREFIX, -25, B},
    {"post", sizeof("post") - 1, H_EXACT, 25, F_POS},
    {"posted", sizeof("posted") - 1, H_PREFIX, -10, M | F_DATE},
    {"print", sizeof("print") - 1, H_EXACT, -25, B},
    {"promo", sizeof("promo") - 1, H_PREFIX, -25, B},
    {"prose", sizeof("prose") - 1, H_PREFIX, 25, F_POS},
    {"pubdate", sizeof("pubdate") - 1, H_PREFIX, -10, M | F_DATE},
    {"pull", sizeof("pull") - 1, H_EXACT, -25, B},
    {"pullquote", sizeof("pullquote") - 1, H_PREFIX, -25, B},
    {"published", sizeof("published") - 1, H_PREFIX, -10, M | F_DATE},
    {"rail", sizeof("rail") - 1, H_EXACT, -25, B},
    {"rating", sizeof("rating") - 1, H_PREFIX, -25, B},
    {"readmore", sizeof("readmore") - 1, H_PREFIX, -25, B},
    {"recommend", sizeof("recommend") - 1, H_PREFIX, -25, B},
    {"related", sizeof("related") - 1, H_PREFIX, -25, B},
    {"richtext", sizeof("richtext") - 1, H_PREFIX, 25, F_POS},
    {"share", sizeof("share") - 1, H_PREFIX, -25, B},
    {"sharing", sizeof("sharing") - 1, H_PREFIX, -25, B},
    {"sidebar", sizeof("sidebar") - 1, H_PREFIX, -25, B},
    {"signin", sizeof("signin") - 1, H_PREFIX, -25, B},
    {"signup", sizeof("signup") - 1, H_PREFIX, -25, B},
    {"skip", sizeof("skip") - 1, H_EXACT, -25, B},
    {"slideshow", sizeof("slideshow") - 1, H_PREFIX, -25, B},
    {"sponsor", sizeof("sponsor") - 1, H_PREFIX, -25, B},
    {"story", sizeof("story") - 1, H_PREFIX, 25, F_POS},
    {"subscri", sizeof("subscri") - 1, H_PREFIX, -25, B},
    {"survey", sizeof("survey") - 1, H_PREFIX, -25, B},
    {"taboola", sizeof("taboola") - 1, H_PREFIX, -25, B},
    {"tag", sizeof("tag") - 1, H_EXACT, -25, B | M},
    {"tags", sizeof("tags") - 1, H_EXACT, -25, B | M},
    {"teaser", sizeof("teaser") - 1, H_PREFIX, -25, B},
    {"text", sizeof("text") - 1, H_PREFIX, 25, F_POS},
    {"time", sizeof("time") - 1, H_EXACT, -10, M | F_DATE},
    {"timestamp", sizeof("timestamp") - 1, H_PREFIX, -10, M | F_DATE},
    {"title", sizeof("title") - 1, H_EXACT, -5, M},
    {"toc", sizeof("toc") - 1, H_EXACT, -25, B},
    {"tool", sizeof("tool") - 1, H_EXACT, -25, B},
    {"toolbar", sizeof("toolbar") - 1, H_PREFIX, -25, B},
    {"tools", sizeof("tools") - 1, H_EXACT, -25, B},
    {"topics", sizeof("topics") - 1, H_EXACT, -25, B | M},
    {"trending", sizeof("trending") - 1, H_PREFIX, -25, B},
    {"widget", sizeof("widget") - 1, H_PREFIX, -25, B | F_WIDGET},
    {"widgets", sizeof("widgets") - 1, H_EXACT, -25, B | F_WIDGET},
    {"writer", sizeof("writer") - 1, H_PREFIX, -10, M | F_BYLINE},
};
#undef B
#undef M

#define N_HINTS (sizeof(k_hints) / sizeof(k_hints[0]))

/* Words that begin like a hint but mean something else. */
static int false_friend(const char *t, size_t n) {
  static const char *const k[] = {"commentary", "commentator", "navy",
                                  "shareholder", "shareholders", "creditor",
                                  "creditors"};
  for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
    if (strlen(k[i]) == n && !memcmp(k[i], t, n))
      return 1;
  return 0;
}

static void match_token(const char *t, size_t n, int *weight, unsigned *flags) {
  if (false_friend(t, n))
    return;
  /* Entries are grouped by first letter: find the first of t's group. */
  size_t lo = 0, hi = N_HINTS;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if ((unsigned char)k_hints[mid].w[0] < (unsigned char)t[0])
      lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t i = lo; i < N_HINTS && k_hints[i].w[0] == t[0]; i++) {
    const hint *h = &k_hints[i];
    size_t hl = h->len;
    if (h->mode == H_EXACT ? (hl != n || memcmp(h->w, t, n) != 0)
                           : (hl > n || memcmp(h->w, t, hl) != 0))
      continue;
    /* Each attribute counts a positive or negative hint once. */
    if (h->weight > 0 && !(*flags & F_POS))
      *weight += h->weight;
    else if (h->weight < 0 && !(*flags & (F_BOILER | F_META)))
      *weight += h->weight;
    *flags |= h->flags;
    if ((h->flags & (F_BOILER | F_WIDGET)) == F_BOILER)
      *flags |= F_HARDB;
  }
}

/* A utility class that displays the element from some screen width on
 * ("md:block", "lg:flex"): with it, "hidden" only hides the element on
 * small screens, and the page is read as a desktop browser shows it. */
static int shown_from_breakpoint(const char *v) {
  static const char *const disp[] = {"block", "flex", "grid", "inline",
                                     "inline-block", "inline-flex",
                                     "inline-grid", "table", "contents"};
  for (const char *p = strchr(v, ':'); p; p = strchr(p + 1, ':')) {
    size_t n = strcspn(p + 1, " \t\n");
    for (size_t i = 0; i < sizeof(disp) / sizeof(disp[0]); i++)
      if (strlen(disp[i]) == n && !strncmp(p + 1, disp[i], n))
        return 1;
  }
  return 0;
}

/* "pull" names a pull quote, but "pull-right", "pull-left" and
 * "col-sm-pull-6" are a layout framework's float and column-order
 * utilities: they say where a box sits, not what it holds. */
static int layout_pull(const char *t, size_t n, const char *after) {
  if (n != 4 || memcmp(t, "pull", 4) || *after != '-')
    return 0;
  return (after[1] >= '0' && after[1] <= '9') ||
         !strncmp(after + 1, "left", 4) || !strncmp(after + 1, "right", 5);
}

/* Tokenise one class or id value. */
static void scan_attr(const char *v, int *weight, unsigned *flags) {
  char tok[40];
  size_t n = 0;
  size_t wlen = 0; /* length of the current space-separated word */
  /* "no-toc", "no_sidebar": the word after "no" says what the box is
   * not, so it is no hint. */
  int negated = 0;
  const char *word = v;
  for (const char *p = v;; p++) {
    char c = *p;
    int lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z';
    int digit = c >= '0' && c <= '9';
    int brk = !(lower || upper || digit);
    /* camelCase boundary: "shareBar" -> share, bar */
    if (upper && n && tok[n - 1] >= 'a' && tok[n - 1] <= 'z')
      brk = 1;
    if (brk && n) {
      if (!layout_pull(tok, n, p) && !negated)
        match_token(tok, n, weight, flags);
      negated = n == 2 && tok[0] == 'n' && tok[1] == 'o';
      n = 0;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\0') {
      /* Whole-word visually-hidden markers; "hidden-xs" is responsive
       * layout, not hidden content, so only exact words count. */
      if ((wlen == 6 && !strncmp(word, "hidden", 6)) ||
          (wlen == 7 && !strncmp(word, "sr-only", 7)) ||
          (wlen == 15 && !strncmp(word, "visually-hidden", 15)) ||
          (wlen == 18 && !strncmp(word, "screen-reader-text", 18)) ||
          (wlen == 8 && !strncmp(word, "hide-all", 8)))
        *flags |= shown_from_breakpoint(v) ? 0u : (unsigned)F_HIDECLS;
      if (!c)
        break;
      negated = 0;
      word = p + 1;
      wlen = 0;
      continue;
    }
    wlen++;
    if (lower || upper || digit) {
      if (n < sizeof(tok) - 1)
        tok[n++] = (char)(upper ? c + 32 : c);
    }
  }
}

unsigned af__hints(const char *cls, const char *id, int *weight) {
  unsigned f1 = 0, f2 = 0;
  int w1 = 0, w2 = 0;
  if (cls)
    scan_attr(cls, &w1, &f1);
  if (id)
    scan_attr(id, &w2, &f2);
  *weight = w1 + w2;
  return f1 | f2;
}

unsigned af__class_hints(af__xdoc *d, const char *cls, int *weight) {
  uint32_t h = 2166136261u;
  for (const unsigned char *p = (const unsigned char *)cls; *p; p++)
    h = (h ^ *p) * 16777619u;
  size_t slot = h & 255;
  if (d->hc_val[slot] && d->hc_hash[slot] == h &&
      !strcmp(d->hc_val[slot], cls)) {
    *weight = d->hc_weight[slot];
    return d->hc_flags[slot];
  }
  unsigned f = 0;
  int w = 0;
  scan_attr(cls, &w, &f);
  d->hc_val[slot] = cls;
  d->hc_hash[slot] = h;
  d->hc_flags[slot] = (uint16_t)f;
  d->hc_weight[slot] = (int16_t)w;
  *weight = w;
  return f;
}

const char *af__attr(const xmlNode *node, const char *name) {
  for (const xmlAttr *a = node->properties; a; a = a->next) {
    if (a->name && !strcmp((const char *)a->name, name)) {
      if (a->children && a->children->content)
        return (const char *)a->children->content;
      return "";
    }
  }
  return NULL;
}

int af__ci_has(const char *hay, const char *needle) {
  size_t nl = strlen(needle);
  for (; *hay; hay++) {
    size_t i = 0;
    while (i < nl && hay[i]) {
      char c = hay[i];
      if (c >= 'A' && c <= 'Z')
        c += 32;
      if (c != needle[i])
        break;
      i++;
    }
    if (i == nl)
      return 1;
  }
  return 0;
}

int af__ci_has_any(const char *hay, const char *const *words) {
  for (size_t i = 0; words[i]; i++)
    if (af__ci_has(hay, words[i]))
      return 1;
  return 0;
}
