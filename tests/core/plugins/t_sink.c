/* Test sink: appends "id revision findings" lines to `path`; can be told
 * to fail or ask for retries, to answer later rather than in write, or
 * never to answer; `sizes` gets one line per committed batch: its length. */
#include <stdio.h>
#include <stdlib.h>

#include <auditfeed/plugin.h>

AF_PLUGIN_HOST;

typedef struct tsink {
  const char *path;
  long retry_first; /* answer AF_RETRY to the first N writes */
  int fail;         /* answer AF_EIO to every write */
  int deferred;     /* answer from a timer instead of inside write */
  int hang;         /* never answer (a sink stuck on a dead database) */
  const char *sizes;
  long writes;
} tsink;

static const af_opt opts[] = {
    {"path", AF_OPT_STR, 1, NULL, offsetof(tsink, path), "output file"},
    {"retry_first", AF_OPT_INT, 0, "0", offsetof(tsink, retry_first), "retries to ask for"},
    {"fail", AF_OPT_BOOL, 0, "false", offsetof(tsink, fail), "fail every batch"},
    {"deferred", AF_OPT_BOOL, 0, "false", offsetof(tsink, deferred), "answer later"},
    {"hang", AF_OPT_BOOL, 0, "false", offsetof(tsink, hang), "never answer"},
    {"sizes", AF_OPT_STR, 0, NULL, offsetof(tsink, sizes), "file of committed batch lengths"},
    {NULL, 0, 0, NULL, 0, NULL}};

static int verdict_for(tsink *c, af_batch *b) {
  if (c->fail)
    return AF_EIO;
  if (c->writes <= c->retry_first)
    return AF_RETRY;
  FILE *f = fopen(c->path, "a");
  if (!f)
    return AF_EIO;
  for (size_t i = 0; i < af->batch_len(b); i++) {
    const af_document *d = af->batch_doc(b, i);
    fprintf(f, "%s %d %zu %s\n", d->id, d->revision, d->n_findings, d->url);
  }
  fclose(f);
  if (c->sizes) {
    if (!(f = fopen(c->sizes, "a")))
      return AF_EIO;
    fprintf(f, "%zu\n", af->batch_len(b));
    fclose(f);
  }
  return AF_DONE;
}

static void later(af_inst *inst, void *ctx, void *ud) {
  af_batch *b = ud;
  af->batch_done(inst, b, verdict_for(ctx, b));
}

static int t_write(af_inst *inst, void *ctx, af_batch *b) {
  tsink *c = ctx;
  c->writes++;
  if (c->hang)
    return 0;
  if (c->deferred) {
    af->timer_start(inst, 5, later, b);
    return 0;
  }
  af->batch_done(inst, b, verdict_for(c, b));
  return 0;
}

static const af_plugin desc = {
    AF_PLUGIN_INIT("tsink", "1.0", "test sink", AF_KIND_SINK),
    .opts = opts, .ctx_size = sizeof(tsink), .write = t_write};

AF_PLUGIN(desc)
