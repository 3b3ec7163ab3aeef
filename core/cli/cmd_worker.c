/* `auditfeed worker -c FILE [--idle-exit SECONDS]` (engine = nats): one
 * worker of the cluster (core/dist/worker.c).  --idle-exit ends it with 0
 * after that long with nothing to do (tests, batch jobs). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "log.h"
#include "nats_run.h"
#include "pipeline.h"
#include "worker.h"

/* A stop asked for before the engine's own handlers are in place (while
 * connecting, loading plugins) still ends the worker cleanly, with 0. */
static volatile sig_atomic_t early_stop;
static void on_early_stop(int sig) {
  (void)sig;
  early_stop = 1;
}

static void worker_usage(FILE *f) {
  fputs("Usage: auditfeed worker -c FILE [--idle-exit SECONDS] [run options]\n\n"
        "engine = nats: take work from the shared frontier (seeds that `run`\n"
        "publishes, pages that sources hand off), fetch politely (one request\n"
        "per host in flight across the cluster), publish the documents on the\n"
        "records stream, and feed this configuration's sinks from it.\n"
        "  --idle-exit SECONDS   exit 0 after SECONDS with nothing to do\n"
        "SIGTERM or SIGINT: finish what is in hand, then exit 0.\n"
        "Exit codes: 0 stopped, 2 configuration error or no cluster.\n", f);
}

int af__cmd_worker(int argc, char **argv) {
  af__pipeline pl = {0};
  af__nats n;
  long idle_ms = 0;
  signal(SIGTERM, on_early_stop);
  signal(SIGINT, on_early_stop);
  char **args = calloc((size_t)argc + 1, sizeof(char *));
  int nargs = 0;
  if (!args)
    return 2;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "--idle-exit") && i + 1 < argc) {
      char *end;
      double s = strtod(argv[++i], &end);
      if (*end || s <= 0 || s > 86400 * 365) {
        fprintf(stderr, "auditfeed worker: --idle-exit '%s': expected seconds > 0\n",
                argv[i]);
        free(args);
        return 2;
      }
      idle_ms = (long)(s * 1000);
    } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      worker_usage(stdout);
      free(args);
      return 0;
    } else {
      args[nargs++] = argv[i];
    }
  }
  int rc = af__pipeline_parse(&pl, nargs, args, "worker");
  if (rc) {
    free(args);
    af__pipeline_free(&pl);
    return rc == 1 ? 0 : 2;
  }
  pl.no_progress = 1;
  if (strcmp(pl.core.engine, "nats") != 0) {
    fprintf(stderr, "auditfeed worker: the configuration's engine is %s (set "
                    "engine = nats and nats_url in [core])\n", pl.core.engine);
    rc = 2;
  } else if (af__nats_connect_pipeline(&pl, &n, "auditfeed-worker")) {
    rc = 2;
  } else {
    rc = early_stop ? 0 : af__worker_run(&pl, &n, idle_ms, &early_stop);
    af__nats_close(&n);
  }
  free(args);
  af__pipeline_free(&pl);
  return rc;
}
