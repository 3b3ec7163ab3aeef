/* A second plugin calling itself "tsource": the loader keeps the first. */
#include <auditfeed/plugin.h>

static int start(af_inst *inst, void *ctx) { (void)inst; (void)ctx; return 0; }

static const af_plugin desc = {
    .abi_major = AF_ABI_MAJOR, .abi_minor = AF_ABI_MINOR, .size = sizeof(af_plugin),
    .name = "tsource", .version = "2.0", .summary = "impostor",
    .kind = AF_KIND_SOURCE, .start = start,
};

AF_PLUGIN(desc)
