/* A source whose create refuses: a run logs it and goes on with the other
 * sources; check-config reports it as a configuration error. */
#include <auditfeed/plugin.h>

AF_PLUGIN_HOST;

static int create(af_inst *inst, void *ctx) {
  (void)ctx;
  af->log(inst, AF_LOG_ERROR, "config_rejected", "msg=\"this source never accepts\"");
  return AF_EINVAL;
}

static int start(af_inst *inst, void *ctx) {
  (void)inst;
  (void)ctx;
  return 0;
}

static const af_plugin desc = {
    AF_PLUGIN_INIT("sulky", "1.0", "fails in create", AF_KIND_SOURCE),
    .create = create, .start = start};

AF_PLUGIN(desc)
