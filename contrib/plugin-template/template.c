/* template: the smallest useful source plugin.
 *
 * Emits `count` plain-text documents whose body is `message`, then tells
 * the core it is done.  Copy this directory, rename the plugin, and replace
 * emit_next() with real work.
 */
#include <auditfeed/plugin.h>

#include <stdio.h>

AF_PLUGIN_HOST; /* the callbacks below use `af` before AF_PLUGIN defines it */

typedef struct template_ctx {
  /* Filled by the core from the config file, as declared in opts[]. */
  const char *message;
  long count;

  /* Our own state: the core callocs the ctx, so it starts at zero. */
  long sent;
  long failed;
  int paused;
  int done;
} template_ctx;

static const af_opt opts[] = {
    {"message", AF_OPT_STR, 0, "Hello from the template plugin.",
     offsetof(template_ctx, message), "text of every document"},
    {"count", AF_OPT_INT, 0, "2", offsetof(template_ctx, count),
     "how many documents to emit"},
    {NULL, 0, 0, NULL, 0, NULL}};

static int template_create(af_inst *inst, void *ctxp) {
  template_ctx *c = ctxp;
  if (c->count < 0) {
    af->log(inst, AF_LOG_ERROR, "template.bad_option", "count=%ld must not be negative",
            c->count);
    return AF_ECONFIG;
  }
  return 0;
}

/* Emits until done or until the core says its queue is full; in that case
 * the core calls resume() later and we carry on from where we stopped. */
static void emit_next(af_inst *inst, template_ctx *c) {
  while (!c->paused && c->sent < c->count) {
    char url[64];
    snprintf(url, sizeof url, "template:message/%ld", c->sent + 1);
    af_docb *doc = af->doc_new(inst, url);
    if (!doc) {
      c->failed += c->count - c->sent;
      c->sent = c->count;
      break;
    }
    char body[1024];
    int n = snprintf(body, sizeof body, "Message %ld\n\n%s\n", c->sent + 1, c->message);
    if (n < 0 || (size_t)n >= sizeof body)
      n = (int)sizeof body - 1;
    if (af->doc_set_body(doc, "text/plain", body, (size_t)n) < 0) {
      af->doc_free(doc); /* never emitted, so still ours to free */
      c->sent++;
      c->failed++;
      continue;
    }
    c->sent++;
    /* emit() takes the document even when it fails: no free after it. */
    if (af->emit(inst, doc) == 1)
      c->paused = 1;
  }
  if (c->sent == c->count && !c->paused && !c->done) {
    c->done = 1;
    af->source_done(inst, c->failed);
  }
}

static int template_start(af_inst *inst, void *ctxp) {
  emit_next(inst, ctxp);
  return 0;
}

static void template_resume(af_inst *inst, void *ctxp) {
  template_ctx *c = ctxp;
  c->paused = 0;
  emit_next(inst, c);
}

/* No stop or destroy: emitting is synchronous and nothing is allocated,
 * so there is nothing to stop or free (both may be NULL). */
static const af_plugin template_plugin = {
    AF_PLUGIN_INIT("template", "0.1.0",
                   "example source: emits `count` copies of `message`",
                   AF_KIND_SOURCE),
    .opts = opts,
    .ctx_size = sizeof(template_ctx),
    .create = template_create,
    .start = template_start,
    .resume = template_resume,
};

AF_PLUGIN(template_plugin)
