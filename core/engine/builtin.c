/* Plugins compiled into the core.  `null` is a sink that commits every
 * batch at once and keeps nothing: for benchmarks, for dry runs of a new
 * source, and for the conformance check of source plugins. */
#include "builtin.h"

#include "engine_int.h"

static int null_write(af_inst *inst, void *ctx, af_batch *b) {
  (void)ctx;
  af__engine_batch_done(inst, b, AF_DONE);
  return 0;
}

static const af_plugin null_sink = {
    .abi_major = AF_ABI_MAJOR,
    .abi_minor = AF_ABI_MINOR,
    .size = sizeof(af_plugin),
    .name = "null",
    .version = AF_VERSION,
    .summary = "discard every document (built in; for dry runs and benchmarks)",
    .kind = AF_KIND_SINK,
    .ctx_size = 1,
    .write = null_write,
};

int af__builtin_register(af__registry *reg) {
  return af__registry_add_builtin(reg, &null_sink);
}
