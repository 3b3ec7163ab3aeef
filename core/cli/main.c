/* auditfeed: the command-line entry point; dispatches to subcommands. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <libxml/parser.h>

#include <auditfeed/plugin.h>

#include "commands.h"
#include "isolate.h"
#include "nats_conn.h"

#ifdef AF_WITH_JEMALLOC
/* jemalloc's settings for this workload: two arenas (one per parse
 * thread on the usual two cores) and freed pages returned within 100 ms,
 * which keeps the peak flat.  MALLOC_CONF in the environment still
 * applies on top. */
const char *malloc_conf = "narenas:2,dirty_decay_ms:100,muzzy_decay_ms:0";
#endif

static void usage(FILE *f) {
  fprintf(f,
          "Usage: auditfeed COMMAND [options]\n\n"
          "Collects NAO reports and news coverage of them and turns them into\n"
          "finding records in files or databases.\n\n"
          "Commands:\n"
          "  run            run the pipeline once (-c FILE, or -i/-o/-p on the command line)\n"
          "  check-config   validate a configuration file and exit\n"
          "  plugins        list plugins (--plugin-dir DIR), or --check FILE.so\n"
          "  extract        extract article and findings from local pages\n"
          "  feed           parse one feed (file or URL) and print its entries\n"
          "  spool          list what sinks could not commit, waiting for the next run\n"
          "  status         how the last runs went, per source and sink (exit 1: look)\n"
          "  worker         engine = nats: fetch from the shared frontier, feed the sinks\n"
          "  cluster        engine = nats: `cluster status`, streams and consumers\n"
          "  version        print the version and ABI\n\n"
          "Each command takes --help.  Exit codes: 0 ok, 1 finished with some\n"
          "failed items, 2 configuration or startup error.\n");
}

int main(int argc, char **argv) {
  int rc;

  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  const char *cmd = argv[1];
  af__isolate_set_argv(argc, argv);
  if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
      strcmp(cmd, "help") == 0) {
    usage(stdout);
    return 0;
  }
  if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
    printf("auditfeed %s (plugin ABI %d.%d, libcurl %s, libxml2 %s)\n",
           AF_VERSION, AF_ABI_MAJOR, AF_ABI_MINOR,
           curl_version_info(CURLVERSION_NOW)->version, LIBXML_DOTTED_VERSION);
    return 0;
  }
#ifndef AF_WITH_JEMALLOC
  /* Page bodies (100 KB to a few MB) are allocated and freed on every
   * thread.  glibc's default raises its mmap threshold after the first
   * such free, after which they sit in per-thread arenas and the peak RSS
   * grows with the thread count; a fixed threshold returns them at once.
   * MALLOC_MMAP_THRESHOLD_ in the environment still wins. */
  if (!getenv("MALLOC_MMAP_THRESHOLD_"))
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
  /* Library set-up once, before any thread exists. */
  curl_global_init(CURL_GLOBAL_ALL);
  xmlInitParser();
  if (strcmp(cmd, "run") == 0)
    rc = af__cmd_run(argc - 1, argv + 1);
  else if (strcmp(cmd, "check-config") == 0)
    rc = af__cmd_check_config(argc - 1, argv + 1);
  else if (strcmp(cmd, "plugins") == 0)
    rc = af__cmd_plugins(argc - 1, argv + 1);
  else if (strcmp(cmd, "extract") == 0)
    rc = af__cmd_extract(argc - 1, argv + 1);
  else if (strcmp(cmd, "feed") == 0)
    rc = af__cmd_feed(argc - 1, argv + 1);
  else if (strcmp(cmd, "status") == 0)
    rc = af__cmd_status(argc - 1, argv + 1);
  else if (strcmp(cmd, "worker") == 0)
    rc = af__cmd_worker(argc - 1, argv + 1);
  else if (strcmp(cmd, "cluster") == 0)
    rc = af__cmd_cluster(argc - 1, argv + 1);
  else if (strcmp(cmd, "spool") == 0)
    rc = af__cmd_spool(argc - 1, argv + 1);
  else {
    fprintf(stderr, "auditfeed: unknown command '%s' (try auditfeed --help)\n", cmd);
    rc = 2;
  }
  xmlCleanupParser();
  curl_global_cleanup();
  af__nats_library_close();
  return rc;
}
