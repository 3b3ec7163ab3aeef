/* Test helper: start and stop the fixture server on 127.0.0.1. */
#ifndef AF_TEST_FIXTURE_H
#define AF_TEST_FIXTURE_H

#include <sys/types.h>

typedef struct af_fixture {
  pid_t pid;
  int port;
  char base[64]; /* "http://127.0.0.1:PORT" */
} af_fixture;

/* extra_args: NULL or e.g. "--latency", "20" (two strings). 0 or -1. */
int af_fixture_start(af_fixture *fx, const char *opt, const char *val);
void af_fixture_stop(af_fixture *fx);
/* Path of a fixture file, in a static buffer. */
const char *af_fixture_path(const char *name);
/* GET base+path with a blocking socket; the body, malloc'd, or NULL. */
char *af_fixture_get(const af_fixture *fx, const char *path);
/* Requests of `path` the server has logged (from /__log). */
int af_fixture_hits(const af_fixture *fx, const char *path);

#endif
