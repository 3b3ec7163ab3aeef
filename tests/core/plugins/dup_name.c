/* A second plugin calling itself "tsource": the loader keeps the first. */
#include <auditfeed/plugin.h>

static int start(af_inst *inst, void *ctx) { (void)inst; (void)ctx; return 0; }

static const af_plugin desc = {
    AF_PLUGIN_INIT("tsource", "2.0", "impostor", AF_KIND_SOURCE),
    .start = start};

AF_PLUGIN(desc)
