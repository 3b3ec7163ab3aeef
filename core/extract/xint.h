/* Internal interfaces of the article extractor.  Nothing here is public:
 * the only entry points are those of extract.h.
 *
 * Ownership: every af__x* context owns what it allocates and releases it in
 * its *_free function; functions returning int give 0 or a negative AF_E*.
 */
#ifndef AF_EXTRACT_XINT_H
#define AF_EXTRACT_XINT_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "extract.h"

/* ---- text buffer (tbuf.c) ------------------------------------------- */

/* A growable byte buffer with a ceiling.  af__tb_text() collapses runs of
 * whitespace into one space, drops leading blanks and replaces any
 * ill-formed UTF-8 by U+FFFD, so what it holds is always valid text. */
typedef struct af__tbuf {
  char *p;
  size_t len, cap, max;
  int sp; /* a space is owed before the next visible character */
} af__tbuf;

void af__tb_init(af__tbuf *b, size_t max);
void af__tb_free(af__tbuf *b);
int af__tb_raw(af__tbuf *b, const char *s, size_t n);
int af__tb_text(af__tbuf *b, const char *s, size_t n);
/* NUL-terminated copy of the contents, trailing space trimmed. */
char *af__tb_dup(const af__tbuf *b);

/* Validate UTF-8; NUL bytes count as invalid.  Returns 1 if clean. */
int af__utf8_clean(const char *s, size_t n);
/* Copy s with NULs and ill-formed sequences replaced by U+FFFD. */
char *af__utf8_fix(const char *s, size_t n, size_t *outn);

/* Copy of an HTML page without the raw text of <script> (other than
 * JSON-LD) and <style> elements and without the attributes no pass reads
 * (prune.c).  On 0, *pruned is a NUL-terminated buffer of *outn bytes the
 * caller frees; AF_ENOMEM leaves it NULL. */
int af__xprune(const char *s, size_t n, char **pruned, size_t *outn);

typedef struct af__plist {
  af__xpara *v;
  size_t n, cap;
  size_t total, max_total;
} af__plist;

int af__plist_push(af__plist *l, const char *s, size_t n, int kind, int level);
void af__plist_free(af__plist *l);

/* ---- reader comments (comments.c) ----------------------------------- */
struct af__xdoc;
/* Appends the page's comment sections to out as AF_PARA_COMMENT
 * paragraphs.  0 or AF_ENOMEM / AF_ELIMIT. */
int af__comments(struct af__xdoc *d, af__plist *out);

/* ---- DOM statistics (walk.c) ---------------------------------------- */

enum af__tag {
  T_OTHER = 0, T_A, T_P, T_DIV, T_SPAN, T_BR, T_HR, T_H1, T_H2, T_H3, T_H4,
  T_H5, T_H6, T_UL, T_OL, T_LI, T_DL, T_DT, T_DD, T_BLOCKQUOTE, T_PRE,
  T_TABLE, T_TBODY, T_TR, T_TD, T_TH, T_CAPTION, T_ARTICLE, T_SECTION,
  T_MAIN, T_HEADER, T_FOOTER, T_NAV, T_ASIDE, T_FIGURE, T_FIGCAPTION, T_IMG,
  T_SKIP, /* script, style, svg, iframe...: never walked */
  T_FORM, T_INPUT, T_BUTTON, T_META, T_LINK, T_TITLE, T_TIME, T_BODY,
  T_HTML, T_HEAD, T_ADDRESS, T_CENTER, T_EMBED, T_SCRIPT, T_DETAILS,
  T_FONT, T_TAGMAX
};

enum {
  F_INVIS = 1u << 0,    /* not rendered: head, hidden, display:none */
  F_INLINK = 1u << 1,   /* inside an <a> */
  F_UNLIKELY = 1u << 2, /* in a small boilerplate-named subtree */
  F_BOILER = 1u << 3,   /* this element's own hints say boilerplate */
  F_POS = 1u << 4,      /* hints say article content */
  F_BLOCKKID = 1u << 5, /* has a block-level child element */
  F_SCORED = 1u << 6,   /* has a content score */
  F_BYLINE = 1u << 7,   /* looks like an author line */
  F_DATE = 1u << 8,     /* looks like a date line */
  F_HIDECLS = 1u << 9,  /* class says visually hidden */
  F_META = 1u << 10,    /* hints say article metadata (byline, tags...) */
  F_DROP = 1u << 11,    /* left out by the output pass */
  F_WIDGET = 1u << 12,  /* named "widget": any box to a page builder */
  F_HARDB = 1u << 13,   /* boilerplate by another name, role or tag */
  F_COMMENTS = 1u << 14 /* named as reader comments */
};

typedef struct af__xn {
  xmlNode *node;
  uint32_t parent; /* UINT32_MAX for the root */
  uint32_t blk;    /* nearest block ancestor-or-self */
  uint32_t text, link, commas;
  uint32_t own, own_link, own_commas; /* text not inside a nested block */
  uint32_t n_p, n_img, n_li, n_input, n_embed, n_block, n_h, n_a;
  uint32_t n_button; /* of n_input, the <button> elements */
  uint32_t ptext; /* text of scored paragraphs in the subtree */
  uint32_t prose;  /* unlinked text of paragraph-like blocks in the subtree */
  uint32_t gprose; /* prose of the run of like siblings this element is in */
  float score;
  int16_t weight; /* class/id hint weight */
  uint8_t tag;
  uint16_t flags;
} af__xn;

#define AF_XMAX_REF 64

typedef struct af__xdoc {
  xmlDoc *doc;
  xmlNode *root;
  af__xn *n;
  size_t nn, ncap;
  size_t max_depth, max_nodes, max_text;
  /* nodes the metadata pass wants, gathered on the same walk */
  xmlNode *title, *canon, *htmlel;
  xmlNode *meta[256]; size_t n_meta;
  xmlNode *ld[16]; size_t n_ld;
  xmlNode *time[AF_XMAX_REF]; size_t n_time;
  uint32_t h1[8]; size_t n_h1;
  uint32_t byl[AF_XMAX_REF]; size_t n_byl;
  uint32_t dat[AF_XMAX_REF]; size_t n_dat;
  uint32_t body;
  uint32_t region; /* around the chosen container: preferred for bylines */
  /* Element names are interned in the document's dictionary, so a name
   * pointer seen once maps to the same tag every time. */
  const xmlChar *tc_name[256];
  uint8_t tc_tag[256];
  /* Pages repeat the same class strings on many elements (menu items,
   * list entries), so the hints of a class value are kept by its hash;
   * the strings belong to the tree and live as long as it. */
  const char *hc_val[256];
  uint32_t hc_hash[256];
  uint16_t hc_flags[256];
  int16_t hc_weight[256];
} af__xdoc;

#define AF_XNONE UINT32_MAX

int af__xdoc_parse(af__xdoc *d, const char *html, size_t len, const char *url,
                  char *err, size_t errlen);
int af__xdoc_walk(af__xdoc *d, char *err, size_t errlen);
void af__xdoc_free(af__xdoc *d);

static inline af__xn *af__xn_of(const af__xdoc *d, const xmlNode *node) {
  uintptr_t i = (uintptr_t)node->_private;
  return i ? &d->n[i - 1] : NULL;
}
static inline uint32_t af__xidx(const xmlNode *node) {
  uintptr_t i = (uintptr_t)node->_private;
  return i ? (uint32_t)(i - 1) : AF_XNONE;
}

int af__tag_is_block(int tag);
/* Tag id of a lower-case element name (T_OTHER if not one we treat
 * specially). */
int af__tag_of(const char *name);
/* F_* hint flags from class and id values; *weight gets the score
 * adjustment (+25 content words, -25 boilerplate words). */
unsigned af__hints(const char *cls, const char *id, int *weight);
/* af__hints() of one class value, remembered per document in d. */
unsigned af__class_hints(af__xdoc *d, const char *cls, int *weight);
/* First text value of attribute `name` without copying, or NULL. */
const char *af__attr(const xmlNode *node, const char *name);

/* Page builders name every block of an article a "widget", as sidebars
 * do: an element named so (and by no other boilerplate word) whose run of
 * like siblings holds at least half of the prose of what it is judged
 * against is a piece of the article.  Comments, menus and footers keep
 * their names' verdict whatever their size. */
static inline int af__builder_piece(const af__xn *x, uint32_t whole) {
  return (x->flags & (F_WIDGET | F_HARDB)) == F_WIDGET && x->gprose >= 200 &&
         (uint64_t)x->gprose * 2 >= whole;
}
/* A box holding two thirds of the prose of `whole` (at least 1000
 * characters) is the article whatever a word in its name says; comment
 * sections, footers, navigation and asides keep their verdict (walk.c). */
int af__most_prose(const af__xn *x, uint32_t whole);
/* Lower-case comparison helpers used on attribute values. */
int af__ci_has(const char *hay, const char *needle);
/* af__ci_has for any of the NULL-terminated, lower-case words. */
int af__ci_has_any(const char *hay, const char *const *words);

/* ---- content selection and output (score.c, emit.c) ----------------- */

typedef struct af__pick {
  uint32_t top;
  uint32_t roots[64]; /* top and the merged siblings, in document order */
  size_t n_roots;
} af__pick;

void af__score(af__xdoc *d, int strip_unlikely, af__pick *pk);
int af__emit(af__xdoc *d, const af__pick *pk, int strict, const char *title,
            const char *byline, af__plist *out, char *err, size_t errlen);

/* Paragraph filters (lines.c): 1 if the finished paragraph s (n bytes,
 * NUL-terminated) is furniture rather than article text. */
/* An affiliate disclosure or an opinion disclaimer (lines.c). */
int af__site_note(const char *s, size_t n);
int af__crosslink_label(const char *label);
int af__line_junk(const char *s, size_t n, int kind, const char *title,
                 const char *byline);
/* Equal ignoring case, spacing and ASCII punctuation. */
int af__same_text(const char *a, const char *b);

/* ---- metadata (meta*.c, jsonld.c, dates.c; meta.h between meta*.c) -- */

typedef struct af__meta {
  char *title, *byline, *published, *publisher, *language, *canonical;
  char *description, *doc_kind;
  char *body;   /* JSON-LD articleBody, used as a fallback */
  char *site;   /* site name, used to trim titles */
  uint32_t head; /* the headline's element, once head_done is set */
  int head_done;
} af__meta;

int af__meta_collect(af__xdoc *d, const char *url, af__meta *m);
/* Between meta*.c and pubdate.c: whether node i is in the article region;
 * the headline's element for m->title (AF_XNONE if none; found once, in
 * meta_title.c);
 * whether node i is inside a comment section. */
int af__in_region(const af__xdoc *d, uint32_t i);
uint32_t af__headline_of(af__xdoc *d, af__meta *m);
int af__in_comments(const af__xdoc *d, uint32_t i);
/* pubdate.c: fill m->published from the dates the page prints (bydate,
 * the date in the byline line, is taken over); compare m->published
 * (from_ld: it came from JSON-LD) with og:/article: and Dublin Core dates
 * and the printed date (unsure: m->published came from a numeric date
 * that could be read with day and month swapped; url: the page's address,
 * whose day is a witness); the address's day when
 * there is no date, or for a UTC timestamp one day off it. */
void af__pub_printed(af__xdoc *d, af__meta *m, char *bydate);
void af__pub_compare(af__xdoc *d, af__meta *m, const char *url, int from_ld,
                     const char *og, const char *dc, int unsure);
void af__pub_url(const char *u, char **published);
void af__pub_updated(af__xdoc *d, af__meta *m, const char *modified);
void af__meta_free(af__meta *m);
/* All JSON-LD blocks of a page at once, so that the article object that
 * best matches the page's own title wins over related-article entries. */
int af__jsonld(const char *const *src, size_t nsrc, const char *page_title,
              af__meta *m);

/* Parse a human or machine date; writes ISO 8601 into out (>= 26 bytes),
 * a time with the offset it was written with.  Returns 1 on success, 0 if nothing usable was found. */
int af__date_parse(const char *s, char *out, size_t outlen);
/* The same, with numeric dates written with slashes read month-first when
 * month_first is set (a page in US English: "4/7/2025" is 7 April). */
int af__date_parse_in(const char *s, int month_first, char *out,
                      size_t outlen);
/* Whether a page in language lang ("en-US", as <html lang> or the
 * metadata gives it, '_' already made '-') writes numeric dates
 * month-first. */
int af__lang_month_first(const char *lang);
/* Days since 1970-01-01 of the day an ISO date starts with; 0 if none. */
int af__date_days(const char *iso, long *days);

/* Whitespace-normalised UTF-8 text of a subtree, skipping script/style. */
char *af__node_text(const af__xdoc *d, const xmlNode *node, size_t max);
/* The same with every element's text apart, as dates are read. */
char *af__date_text(const af__xdoc *d, const xmlNode *node, size_t max);
/* The same with elements apart only where their words would run together
 * (a headline and its subtitle in a <span>). */
char *af__head_text(const af__xdoc *d, const xmlNode *node, size_t max);
/* Strip "By ", trailing dates and separators from an author line. */
char *af__clean_byline(const char *s);
/* The person a copyright line ("(C) 2025 Jane Roe.") names, when the
 * holder is strictly a given and a family name; NULL otherwise. */
char *af__copyright_person(const char *s);
/* Trim " | Site" style suffixes from a title. */
char *af__clean_title(const char *t, const char *site);
/* af__clean_byline for names from structured data: keeps "Lee, Ann". */
char *af__tidy_byline(const char *s);
/* Whitespace-normalised, UTF-8-checked copy (at most 4000 bytes). */
char *af__xdup(const char *s);
void af__decode_entities(char *s);
/* Removes complete HTML tags from s in place, each leaving a space. */
void af__strip_tags(char *s);
/* Loose equality of site names ("The Ledger" vs "theledger.example"). */
int af__same_site(const char *a, const char *b);
/* Share of a's space-separated words found in b, ASCII case-folded. */
double af__word_overlap(const char *a, const char *b);

/* 1 when a link target is an author's page (/author/..., /autor/...). */
int af__author_href(const char *v, size_t n);

#endif /* AF_EXTRACT_XINT_H */
