/* The WARC reader behind --replay: a directory holding one file (read as
 * gzip members or plain, as the bytes say), then a lookup of the URL the
 * seeds record. */
#include "fuzz_util.h"
#include "warc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static char dir[512];
  af__warc *w = NULL;
  af__warc_hit hit;
  char err[512], buf[256];
  if (!dir[0])
    snprintf(dir, sizeof(dir), "%s/warc", fz_tmpdir());
  mkdir(dir, 0700);
  fz_file("warc/x.warc.gz", data, size);
  if (af__warc_open_reader(dir, &w, err, sizeof(err)) == 0) {
    if (af__warc_lookup(w, "http://fuzz.test/a.html", &hit))
      af__warc_header(&hit, "Content-Type", buf, sizeof(buf));
    af__warc_close(w);
  }
  return 0;
}
