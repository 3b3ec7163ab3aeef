#include "run_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <auditfeed/errno.h>

#include "state.h"

static long read_holder(int fd) {
  char buf[32];
  ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
  if (n <= 0)
    return 0;
  buf[n] = '\0';
  char *end;
  long pid = strtol(buf, &end, 10);
  return pid > 0 && (*end == '\n' || *end == '\0') ? pid : 0;
}

int af__run_lock_take(af__run_lock *lk, const char *state_dir, int wait,
                      char *err, size_t errlen) {
  lk->fd = -1;
  lk->holder = 0;
  if ((size_t)snprintf(lk->path, sizeof(lk->path), "%s/run.lock", state_dir) >=
      sizeof(lk->path)) {
    snprintf(err, errlen, "state directory path too long: %s", state_dir);
    return AF_EINVAL;
  }
  int rc = af__mkdir_p(state_dir);
  if (rc) {
    snprintf(err, errlen, "cannot create state directory %s: %s", state_dir,
             strerror(-rc));
    return rc;
  }
  /* O_CLOEXEC: an isolated source's child must not inherit the lock and
   * keep it past its parent. */
  int fd = open(lk->path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    rc = -errno;
    snprintf(err, errlen, "cannot open lock file %s: %s", lk->path, strerror(errno));
    return rc;
  }
  /* The holder writes its pid just after taking the lock and clears it
   * just before letting go: a busy lock with no pid yet is asked again a
   * few times, briefly, so the message can name the holder (or the lock
   * turns out free). */
  int tries = 0;
  while (flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR)
      continue;
    if (errno == EWOULDBLOCK) {
      lk->holder = read_holder(fd);
      if (!lk->holder && tries++ < 50) {
        nanosleep(&(struct timespec){.tv_nsec = 10 * 1000 * 1000}, NULL);
        continue;
      }
      close(fd);
      return 1;
    }
    rc = -errno;
    snprintf(err, errlen, "cannot lock %s: %s", lk->path, strerror(errno));
    close(fd);
    return rc;
  }
  /* Our pid, for the next run's message; a failure here costs only that. */
  char buf[32];
  int n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
  if (ftruncate(fd, 0) == 0 && pwrite(fd, buf, (size_t)n, 0) != n)
    (void)ftruncate(fd, 0);
  lk->fd = fd;
  return 0;
}

void af__run_lock_release(af__run_lock *lk) {
  if (lk->fd < 0)
    return;
  /* The pid goes before the lock does, so nobody reads a stale one. */
  (void)ftruncate(lk->fd, 0);
  flock(lk->fd, LOCK_UN);
  close(lk->fd);
  lk->fd = -1;
}
