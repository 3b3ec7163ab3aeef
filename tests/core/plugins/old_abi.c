/* A sink built for ABI 1, whose records were walked by array stride: the
 * loader must refuse it with a line that says to rebuild it. */
#include <auditfeed/plugin.h>

static int write_batch(af_inst *inst, void *ctx, af_batch *batch) {
  (void)inst;
  (void)ctx;
  (void)batch;
  return 0;
}

static const af_plugin desc = {
    .abi_major = 1, .abi_minor = 0, .size = sizeof(af_plugin),
    .name = "oldsink", .version = "1.0", .summary = "built for ABI 1",
    .kind = AF_KIND_SINK, .write = write_batch,
};

AF_PLUGIN(desc)
