/* A sink whose create refuses every configuration. */
#include <auditfeed/plugin.h>

AF_PLUGIN_HOST;

static int create(af_inst *inst, void *ctx) {
  (void)ctx;
  af->log(inst, AF_LOG_ERROR, "config_rejected", "msg=\"this sink never accepts\"");
  return AF_EINVAL;
}

static int write_batch(af_inst *inst, void *ctx, af_batch *b) {
  (void)ctx;
  af->batch_done(inst, b, AF_DONE);
  return 0;
}

static const af_plugin desc = {
    AF_PLUGIN_INIT("grumpy", "1.0", "refuses to be created", AF_KIND_SINK),
    .create = create, .write = write_batch};

AF_PLUGIN(desc)
