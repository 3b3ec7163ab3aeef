/* One run at a time per state directory: an flock(2) on STATE_DIR/run.lock,
 * held for the whole of `run` (and of `run --every`), released by the
 * kernel when the process ends however it ends, so a killed run leaves no
 * stale lock.  The file holds the holder's pid, for the message of the
 * run that finds it taken. */
#ifndef AF_RUN_LOCK_H
#define AF_RUN_LOCK_H

#include <stddef.h>

typedef struct af__run_lock {
  int fd;          /* -1 when not held */
  long holder;     /* when busy: the holder's pid, 0 when unknown */
  char path[4096]; /* STATE_DIR/run.lock */
} af__run_lock;

/* Take the lock of `state_dir` (created if missing).  `wait`: block until
 * it is free.  0 taken; 1 another process holds it (lk->holder set, only
 * without `wait`); negative AF_E* with a message in err. */
int af__run_lock_take(af__run_lock *lk, const char *state_dir, int wait,
                      char *err, size_t errlen);
/* Release (closing the file); a lock not held is left alone. */
void af__run_lock_release(af__run_lock *lk);

#endif /* AF_RUN_LOCK_H */
