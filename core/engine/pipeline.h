/* Command-line set-up shared by run, check-config and plugins --check:
 * config file and flags parsed, logging opened, plugins loaded.
 *
 * cmd_run.c implements these and calls af__run_every (cmd_every.c) for
 * `run --every`, which calls af__pipeline_engine back for each cycle: a
 * circle by design, `--every` being a mode of `run` that builds the same
 * engine again and again; the circle goes through this header only. */
#ifndef AF_PIPELINE_H
#define AF_PIPELINE_H

#include "config.h"
#include "engine.h"
#include "loader.h"

typedef struct af__pipeline {
  af__config cfg;
  af__registry reg;
  af__core_settings core;
  af__opt_lists lists;
  const char *config_path;
  int cli_pipeline;
  const char *plugin_dir, *state_dir, *rules_dir;
  const char *log_level, *log_format, *log_file;
  const char *record_dir, *replay_dir;
  const char *every;
  const char *metrics_file, *metrics_listen;
  const char *only_source; /* run --source NAME */
  const char *child_source; /* --isolated-child NAME (isolate.c) */
  int no_progress;
  int dry_run; /* --dry-run: no sink written, no state stored (engine.h) */
  int wait; /* --wait: wait for the state directory's run lock */
  int check_only; /* check-config: build the engine, open no state */
  const char *cmd; /* "run", "check-config", ... */
  const af__engine_dist *dist; /* `worker` (engine = nats): its hooks */
} af__pipeline;

/* 0 ready; 1 help was printed; AF_E* an error already printed. */
int af__pipeline_parse(af__pipeline *pl, int argc, char **argv, const char *cmd);
void af__pipeline_free(af__pipeline *pl);

/* An engine for the parsed pipeline; `wanted` (may be NULL) picks the
 * source sections that take part.  0 or AF_E*, logged. */
int af__pipeline_engine(af__pipeline *pl, struct af__engine **eng,
                       int (*wanted)(const af__cfg_section *, void *), void *ud);

/* run --every: the pipeline again and again until SIGINT/SIGTERM (cmd_every.c).
 * Returns the process exit code. */
int af__run_every(af__pipeline *pl);

#endif /* AF_PIPELINE_H */
