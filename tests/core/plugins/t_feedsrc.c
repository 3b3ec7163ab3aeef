/* Test source for the ABI growth test: parses the feed file `path` with
 * the host's feed_parse and emits one document per entry, built from the
 * entry's members as a third-party source built against these headers
 * reads them. */
#include <stdio.h>
#include <stdlib.h>

#include <auditfeed/plugin.h>

#include "../test_util.h"

AF_PLUGIN_HOST;

typedef struct tfeed {
  const char *path;
} tfeed;

static const af_opt opts[] = {
    {"path", AF_OPT_STR, 1, NULL, offsetof(tfeed, path), "feed file"},
    {NULL, 0, 0, NULL, 0, NULL}};

static void set(af_docb *d, const char *field, const char *v) {
  if (v)
    af->doc_set(d, field, v);
}

static int t_start(af_inst *inst, void *ctx) {
  tfeed *c = ctx;
  size_t len = 0;
  char err[256];
  af_feed *feed = NULL;
  char *body = tu_slurp(c->path, &len);
  if (!body || af->feed_parse(body, len, "https://feeds.example.org/",
                              &feed, err, sizeof err) != 0) {
    free(body);
    af->source_done(inst, 1);
    return 0;
  }
  for (size_t i = 0; i < feed->n_entries; i++) {
    const af_feed_entry *e = feed->entries[i];
    af_docb *d = af->doc_new(inst, e->link ? e->link : "https://feeds.example.org/none");
    if (!d)
      continue;
    set(d, "title", e->title);
    set(d, "published", e->published ? e->published : e->updated);
    set(d, "byline", e->author);
    set(d, "summary", e->summary);
    set(d, "paragraph", e->summary);
    set(d, "paragraph", e->id);
    af->emit(inst, d);
  }
  af->feed_free(feed);
  free(body);
  af->source_done(inst, 0);
  return 0;
}

static const af_plugin desc = {
    AF_PLUGIN_INIT("tfeedsrc", "1.0", "test source: one document per feed entry", AF_KIND_SOURCE),
    .opts = opts, .ctx_size = sizeof(tfeed), .start = t_start};

AF_PLUGIN(desc)
