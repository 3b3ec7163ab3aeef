/* A source whose start fails: the run must log it and go on with the
 * other sources. */
#include <auditfeed/plugin.h>

AF_PLUGIN_HOST;

static int start(af_inst *inst, void *ctx) {
  (void)ctx;
  af->log(inst, AF_LOG_ERROR, "cannot_start", "msg=\"upstream gone\"");
  return AF_EIO;
}

static const af_plugin desc = {
    AF_PLUGIN_INIT("balky", "1.0", "fails in start", AF_KIND_SOURCE),
    .start = start};

AF_PLUGIN(desc)
