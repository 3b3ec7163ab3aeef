/* Placeholder until the feed command lands. */
#include <stdio.h>

#include "commands.h"

int af_cmd_feed(int argc, char **argv) {
  (void)argc; (void)argv;
  fprintf(stderr, "auditfeed feed: not available in this build\n");
  return 2;
}
