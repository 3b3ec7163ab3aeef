/* Shared by the mock core's two halves: mock_host.c (the af_api table,
 * loading and configuring, captured output) and mock_loop.c (the loop:
 * offload jobs, fetches, timers, state).  Not for tests. */
#ifndef AF_TEST_MOCK_INT_H
#define AF_TEST_MOCK_INT_H

#include <auditfeed/plugin.h>

struct af_inst {
  const char *name;
};

extern af_inst mock__inst;
extern void *mock__ctx;     /* the instance's ctx, given to callbacks */
extern int mock__stopping;  /* 1: pending fetches are answered AF_ECANCELED */

void *mock__xmalloc(size_t n); /* zeroed; aborts when out of memory */
char *mock__xstrdup(const char *s);
const char *mock__strerror(int err);

int mock__offload(af_inst *inst, void (*work)(void *),
                  void (*done)(af_inst *, void *, void *, int), void *ud);
int mock__fetch(af_inst *inst, const char *url, const af_fetch_opts *opts,
                af_fetch_cb cb, void *ud);
int64_t mock__timer_start(af_inst *inst, uint64_t ms,
                          void (*cb)(af_inst *, void *, void *), void *ud);
void mock__timer_cancel(af_inst *inst, int64_t id);
int mock__state_get(af_inst *inst, const char *key, char **out);
int mock__state_put(af_inst *inst, const char *key, const char *value);

void mock__drop_timers(void); /* timers not fired by unload are cancelled */
void mock__loop_reset(void);  /* requests made and responses registered */

#endif
