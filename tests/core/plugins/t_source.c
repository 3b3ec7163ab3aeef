/* Test source: emits `count` small documents built field by field, or one
 * per `page` file given (as HTML or text bodies), then says it is done. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <auditfeed/plugin.h>

AF_PLUGIN_HOST;

typedef struct tsrc {
  long count;
  const char *prefix;
  long fail_every; /* every Nth document gets an unparsable body */
  af_strlist pages;
  const char *variant; /* appended to every paragraph: changes content */
  long crash_after;    /* > 0: abort() after emitting this many */
  long garbage;        /* isolated: 1 a bad line to the parent, 2 a huge one */
  long next;
} tsrc;

static const af_opt opts[] = {
    {"count", AF_OPT_INT, 0, "3", offsetof(tsrc, count), "documents to emit"},
    {"prefix", AF_OPT_STR, 0, "https://example.org/doc", offsetof(tsrc, prefix), "URL prefix"},
    {"fail_every", AF_OPT_INT, 0, "0", offsetof(tsrc, fail_every), "make every Nth document fail"},
    {"variant", AF_OPT_STR, 0, "", offsetof(tsrc, variant), "text appended to paragraphs"},
    {"page", AF_OPT_LIST, 0, NULL, offsetof(tsrc, pages), "a file to emit as a page"},
    {"crash_after", AF_OPT_INT, 0, "0", offsetof(tsrc, crash_after),
     "abort the process after emitting this many (for isolate = true)"},
    {"garbage", AF_OPT_INT, 0, "0", offsetof(tsrc, garbage),
     "isolate = true: corrupt the pipe to the parent (1 a bad line, 2 a "
     "line of 17 MiB)"},
    {NULL, 0, 0, NULL, 0, NULL}};

static int emit_some(af_inst *inst, tsrc *c) {
  while (c->next < c->count) {
    char url[512], title[128], para[256];
    long i = c->next++;
    snprintf(url, sizeof(url), "%s/%ld", c->prefix, i);
    af_docb *d = af->doc_new(inst, url);
    if (!d)
      return AF_ENOMEM;
    snprintf(title, sizeof(title), "Test document %ld", i);
    snprintf(para, sizeof(para), "Paragraph of test document number %ld.%s", i,
             c->variant);
    af->doc_set(d, "title", title);
    if (c->fail_every && (i + 1) % c->fail_every == 0)
      af->doc_set_body(d, "text/html", "", 0); /* extracts to nothing */
    else
      af->doc_set(d, "paragraph", para);
    int paused = af->emit(inst, d) == 1;
    if (c->crash_after && c->next >= c->crash_after)
      abort(); /* a plugin bug: only an isolated source survives it */
    if (paused)
      return 1; /* wait for resume */
  }
  return 0;
}

static void finish(af_inst *inst, tsrc *c) {
  for (size_t i = 0; i < c->pages.n; i++) {
    FILE *f = fopen(c->pages.v[i], "rb");
    char *buf = malloc(1 << 20);
    size_t n = (f && buf) ? fread(buf, 1, 1 << 20, f) : 0;
    if (f)
      fclose(f);
    char url[1024];
    snprintf(url, sizeof(url), "file://%s", c->pages.v[i]);
    af_docb *d = af->doc_new(inst, url);
    size_t len = strlen(c->pages.v[i]);
    int txt = len > 4 && strcmp(c->pages.v[i] + len - 4, ".txt") == 0;
    if (d) {
      af->doc_set_body(d, txt ? "text/plain" : "text/html", buf ? buf : "", n);
      af->emit(inst, d);
    }
    free(buf);
  }
  af->source_done(inst, 0);
}

/* A plugin that scribbles on the descriptor its isolated child talks to
 * the parent on, as memory corruption might. */
static void scribble(long how) {
  if (how == 1) {
    (void)!write(3, "this is not a line the parent knows\n", 36);
  } else if (how == 2) {
    size_t n = 17u << 20;
    char *junk = malloc(n);
    if (junk) {
      memset(junk, 'x', n);
      for (size_t o = 0; o < n;) {
        ssize_t w = write(3, junk + o, n - o);
        if (w <= 0)
          break;
        o += (size_t)w;
      }
      free(junk);
    }
  }
}

static int t_start(af_inst *inst, void *ctx) {
  tsrc *c = ctx;
  if (c->garbage)
    scribble(c->garbage);
  int rc = emit_some(inst, c);
  if (rc < 0)
    return rc;
  if (rc == 0)
    finish(inst, c);
  return 0;
}

static void t_resume(af_inst *inst, void *ctx) {
  tsrc *c = ctx;
  if (emit_some(inst, c) == 0)
    finish(inst, c);
}

static const af_plugin desc = {
    AF_PLUGIN_INIT("tsource", "1.0", "test source", AF_KIND_SOURCE),
    .opts = opts, .ctx_size = sizeof(tsrc), .start = t_start, .resume = t_resume};

AF_PLUGIN(desc)
