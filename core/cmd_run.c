/* Temporary: run/check-config/plugins land with the engine. */
#include <stdio.h>

#include "commands.h"

int af_cmd_run(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "not yet\n"); return 2; }
int af_cmd_check_config(int argc, char **argv) { (void)argc; (void)argv; return 2; }
int af_cmd_plugins(int argc, char **argv) { (void)argc; (void)argv; return 2; }
