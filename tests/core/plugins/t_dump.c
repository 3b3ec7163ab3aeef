/* Test sink for the ABI growth test: writes every member of every record
 * it is shown (document, paragraphs, findings, figures, speaker, report)
 * to `path`, one line each, reading them exactly as a third-party sink
 * built against these headers would.  Run-dependent members (trace id,
 * fetch time) are left out so two runs can be compared byte for byte.
 * The `size` members go to `sizes` instead: they are what differs when
 * the core that made the records is newer than this plugin. */
#include <stdio.h>

#include <auditfeed/plugin.h>

AF_PLUGIN_HOST;

typedef struct tdump {
  const char *path;
  const char *sizes;
} tdump;

static const af_opt opts[] = {
    {"path", AF_OPT_STR, 1, NULL, offsetof(tdump, path), "dump file"},
    {"sizes", AF_OPT_STR, 1, NULL, offsetof(tdump, sizes), "record sizes file"},
    {NULL, 0, 0, NULL, 0, NULL}};

static const char *s(const char *v) { return v ? v : "(null)"; }

static void dump_figure(FILE *f, const af_figure *g) {
  fprintf(f, "  figure raw=%s value=%.6g unit=%s scale=%s per=%s qualifier=%s "
             "range=%s role=%s measure=%s period=%s span=%zu-%zu\n",
          s(g->raw), g->value, s(g->unit), s(g->scale), s(g->per),
          s(g->qualifier), s(g->range), s(g->role), s(g->measure),
          s(g->period), g->start, g->end);
}

static void dump_finding(FILE *f, const af_finding *x) {
  fprintf(f, " finding id=%s kind=%s span=%zu-%zu attributed_to=%s topic=%s\n"
             "  text=%s\n",
          s(x->id), s(x->kind), x->span_start, x->span_end,
          s(x->attributed_to), s(x->topic), s(x->text));
  for (size_t k = 0; k < x->n_bodies; k++)
    fprintf(f, "  body=%s\n", s(x->bodies[k]));
  for (size_t k = 0; k < x->n_figures; k++)
    dump_figure(f, x->figures[k]);
  if (x->speaker)
    fprintf(f, "  speaker name=%s role=%s org=%s as_written=%s\n",
            s(x->speaker->name), s(x->speaker->role),
            s(x->speaker->organisation), s(x->speaker->as_written));
  if (x->report)
    fprintf(f, "  report id=%s title=%s published=%s hc=%s url=%s basis=%s "
               "confidence=%.3f\n",
            s(x->report->id), s(x->report->title), s(x->report->published),
            s(x->report->hc), s(x->report->url), s(x->report->basis),
            x->report->confidence);
}

static void dump_doc(FILE *f, FILE *z, const af_document *d) {
  fprintf(f, "document id=%s source=%s plugin=%s url=%s final_url=%s "
             "canonical_url=%s status=%ld hash=%s prev=%s revision=%d\n"
             " kind=%s publisher=%s title=%s byline=%s published=%s "
             "language=%s\n summary=%s\n text=%s\n",
          s(d->id), s(d->source), s(d->plugin), s(d->url), s(d->final_url),
          s(d->canonical_url), d->http_status, s(d->content_hash),
          s(d->prev_hash), d->revision, s(d->doc_kind), s(d->publisher),
          s(d->title), s(d->byline), s(d->published), s(d->language),
          s(d->summary), s(d->text));
  fprintf(z, "document %zu\n", d->size);
  for (size_t i = 0; i < d->n_paras; i++) {
    const af_para *p = d->paras[i];
    fprintf(f, " para kind=%d level=%d offset=%zu number=%s text=%s\n",
            p->kind, p->level, p->offset, s(p->number), s(p->text));
    fprintf(z, "para %zu\n", p->size);
  }
  for (size_t i = 0; i < d->n_findings; i++) {
    const af_finding *x = d->findings[i];
    dump_finding(f, x);
    fprintf(z, "finding %zu\n", x->size);
    for (size_t k = 0; k < x->n_figures; k++)
      fprintf(z, "figure %zu\n", x->figures[k]->size);
    if (x->speaker)
      fprintf(z, "speaker %zu\n", x->speaker->size);
    if (x->report)
      fprintf(z, "report %zu\n", x->report->size);
  }
}

static int t_write(af_inst *inst, void *ctx, af_batch *b) {
  tdump *c = ctx;
  FILE *f = fopen(c->path, "a"), *z = fopen(c->sizes, "a");
  int verdict = f && z ? AF_DONE : AF_EIO;
  for (size_t i = 0; f && z && i < af->batch_len(b); i++)
    dump_doc(f, z, af->batch_doc(b, i));
  if (f)
    fclose(f);
  if (z)
    fclose(z);
  af->batch_done(inst, b, verdict);
  return 0;
}

static const af_plugin desc = {
    AF_PLUGIN_INIT("tdump", "1.0", "test sink: every record member", AF_KIND_SINK),
    .opts = opts, .ctx_size = sizeof(tdump), .write = t_write};

AF_PLUGIN(desc)
