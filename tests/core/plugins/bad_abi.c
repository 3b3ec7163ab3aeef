/* A plugin built for a future ABI major: the loader must refuse it. */
#include <auditfeed/plugin.h>

static int start(af_inst *inst, void *ctx) { (void)inst; (void)ctx; return 0; }

static const af_plugin desc = {
    .abi_major = AF_ABI_MAJOR + 1, .abi_minor = 0, .size = sizeof(af_plugin),
    .name = "future", .version = "9.0", .summary = "built for the next ABI major",
    .kind = AF_KIND_SOURCE, .start = start,
};

AF_PLUGIN(desc)
