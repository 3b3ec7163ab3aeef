/* Internal interfaces between the metadata modules: meta.c gathers and
 * tidies, meta_tags.c (af__tags_*) reads the <meta> candidates,
 * meta_title.c (af__title_*) chooses the title, meta_byline.c
 * (af__byline_*) the author.  Nothing here leaves the extractor. */
#ifndef AF_EXTRACT_META_H
#define AF_EXTRACT_META_H

#include "xint.h"

/* Candidates from <meta> tags, one per tier of keys; owned strings. */
typedef struct af__tiers {
  char *og_title, *dc_title, *og_date, *dc_date, *author, *cite_author;
  char *dc_author;
  char *mod_date;   /* when the page was last changed: a last resort */
  char *other_date; /* a site's own published-date key ("w-published-date") */
  char *og_site, *app_name; /* other spellings of the site's name */
  /* og_date, dc_date, other_date read from a numeric date whose day and
   * month could be either way round ("03-09-2026"): its separator, else 0 */
  unsigned char og_unsure, dc_unsure, other_unsure;
  unsigned char og_bare; /* og_date came from a bare "date" key */
} af__tiers;

/* Fill t (zeroed by the caller) and the fields of m that <meta> gives
 * (description, publisher, canonical, kind, language) where still empty. */
void af__tags_read(af__xdoc *d, af__meta *m, af__tiers *t);
void af__tags_free(af__tiers *t);
/* On a page in US English: the dates t read day-first from numeric dates
 * with slashes whose day and month could be either way round ("4/7/2025"),
 * read month-first instead. */
void af__tags_month_first(af__tiers *t);
/* *dst = the ISO form of date text v, when *dst is empty and v reads as
 * a date. */
void af__tags_set_date(char **dst, const char *v);

/* m->title from the headline, m's JSON-LD title and the candidates t. */
void af__title_choose(af__xdoc *d, af__meta *m, const af__tiers *t);

/* m->byline from m's JSON-LD author, the candidates t and the page's
 * visible byline lines (which also hand their date to pubdate.c). */
void af__byline_choose(af__xdoc *d, af__meta *m, const af__tiers *t);
/* Whether s has a word that is not a date word or a byline lead. */
int af__byline_plausible(const char *s);

/* Words in s, runs of spaces and punctuation between them. */
size_t af__meta_words(const char *s);

#endif /* AF_EXTRACT_META_H */
