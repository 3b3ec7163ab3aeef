/* Descriptors whose size field lies: LIAR_SIZE is either far smaller than
 * any ABI allows or larger than the ABI it declares defines.  The loader
 * must refuse both without reading past the real struct. */
#include <auditfeed/plugin.h>

static int start(af_inst *inst, void *ctx) {
  (void)inst;
  (void)ctx;
  return 0;
}

static const af_plugin desc = {
    .abi_major = AF_ABI_MAJOR, .abi_minor = AF_ABI_MINOR, .size = LIAR_SIZE,
    .name = LIAR_NAME, .version = "1.0", .summary = "lies about its size",
    .kind = AF_KIND_SOURCE, .start = start,
};

AF_PLUGIN(desc)
