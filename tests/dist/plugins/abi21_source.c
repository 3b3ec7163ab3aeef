/* A source as a plugin built against ABI 2.1 sees af_plugin: minor 1 and
 * a descriptor that ends before `deliver` (since 2.2).  It emits `count`
 * small documents by itself (no fetch), so under engine = nats it runs
 * whole inside the worker that takes its seed. */
#include <stdio.h>

#include <auditfeed/plugin.h>

AF_PLUGIN_HOST;

typedef struct old_src {
  long count;
} old_src;

static const af_opt opts[] = {
    {"count", AF_OPT_INT, 0, "3", offsetof(old_src, count), "documents to emit"},
    {NULL, 0, 0, NULL, 0, NULL}};

static int start(af_inst *inst, void *ctx) {
  old_src *c = ctx;
  for (long i = 0; i < c->count; i++) {
    char url[128], para[128];
    snprintf(url, sizeof(url), "https://old.example/notes/%ld", i);
    snprintf(para, sizeof(para), "Note %ld on the departmental accounts.", i);
    af_docb *d = af->doc_new(inst, url);
    if (!d || af->doc_set(d, "title", "Old plugin note") ||
        af->doc_set(d, "paragraph", para)) {
      af->doc_free(d);
      return AF_ENOMEM;
    }
    if (af->emit(inst, d) < 0)
      return AF_EPLUGIN;
  }
  af->source_done(inst, 0);
  return 0;
}

static const af_plugin desc = {
    .abi_major = 2, .abi_minor = 1,
    .size = offsetof(af_plugin, deliver), /* the 2.1 descriptor */
    .name = "abi21src", .version = "1.0", .summary = "a source built against ABI 2.1",
    .kind = AF_KIND_SOURCE, .opts = opts, .ctx_size = sizeof(old_src),
    .start = start, .flags = AF_PLUGIN_NO_FETCH,
};

AF_PLUGIN(desc)
