/* run --dry-run: what a document would have become, shown instead of
 * written.  Each document a real run would hand to at least one sink is
 * printed on stdout as one line of JSON: the document with its findings,
 * exactly as the jsonl sink writes it (records = documents), plus a
 * "dry_run" object naming the outcome (new, revised, redelivered) and the
 * sinks it would have gone to.  One line per document because that is
 * what the sinks receive; `jq` turns it into one line per finding.
 * Loop thread only. */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "engine_int.h"
#include "log.h"

void af__engine_dry_run_show(af__engine *e, const af__doc *d, const char *outcome,
                             int unchanged) {
  const struct af_inst *src = d->origin;
  json_t *j = af__doc_to_json(&d->pub, 1);
  json_t *dry = json_object(), *sinks = json_array();
  int bad = !j || !dry || !sinks;
  for (size_t i = 0; !bad && i < e->n_inst; i++) {
    const struct af_inst *s = &e->inst[i];
    if (s->kind != AF_KIND_SINK || fnmatch(s->snk.match, src->name, 0) != 0)
      continue;
    /* The same test route() makes: a sink holding this version gets nothing. */
    if (unchanged && af__state_sink_has(e->state, s->name, d->pub.id,
                                       d->pub.content_hash) == 1)
      continue;
    bad |= json_array_append_new(sinks, json_string(s->name)) != 0;
  }
  if (!bad)
    bad = json_object_set_new(dry, "outcome", json_string(outcome)) ||
          json_object_set(dry, "sinks", sinks) ||
          json_object_set(j, "dry_run", dry);
  char *line = bad ? NULL : json_dumps(j, JSON_COMPACT);
  if (line) {
    fputs(line, stdout);
    fputc('\n', stdout);
    fflush(stdout); /* live, line by line, for a reader on a pipe */
  } else {
    e->stats.errors++;
    af__log_error("engine", "dry_run_print_failed", "trace=%s id=%s error=\"out of memory\"",
                  d->pub.trace_id, d->pub.id);
  }
  free(line);
  json_decref(sinks);
  json_decref(dry);
  json_decref(j);
}
