/* The misquote check: does a figure quoted in the news disagree with the
 * report's own figure for the same thing?  Pure functions: no store, no
 * loop.
 *
 * Two figures measure the same thing when their units agree (a ratio and a
 * percentage are one scale), their roles agree (none counts as "level"),
 * their measures share most of their words, and their periods do not
 * contradict each other.  Their values disagree when the gap is larger
 * than the rounding either one shows ("£5.3bn" is £5,278m to the nearest
 * £0.1bn) or its qualifier allows ("almost a third", "around 40%").
 */
#ifndef AF_MISQUOTE_H
#define AF_MISQUOTE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct af__fig_fact {
  const char *finding_id, *doc_id;
  const char *raw, *unit, *role, *measure, *qualifier;
  double value;
  int from, to; /* period years, 0 when open or unknown */
} af__fig_fact;

/* Same unit, role, measure and period (the values aside)? */
bool af__same_quantity(const af__fig_fact *a, const af__fig_fact *b);

/* 1 when a and b measure the same thing with values further apart than
 * rounding explains (*relative gets |a-b| / max(|a|,|b|), on one scale),
 * 0 when they agree or are not comparable. */
int af__misquoted(const af__fig_fact *a, const af__fig_fact *b,
                  double *relative);

/* The precision a figure is written to, in its unit's base: 1e8 for
 * "£5.3bn", 1000 for "77,000", 1 for "60%". */
double af__written_step(const char *raw, double value);

#endif /* AF_MISQUOTE_H */
