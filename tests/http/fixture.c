/* Starts tests/http/fixture_server (built next to the tests) as a child. */
#include "fixture.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *env_or(const char *name, const char *dflt) {
  const char *v = getenv(name);
  return v && *v ? v : dflt;
}

const char *af_fixture_path(const char *name) {
  static char buf[4096];
  snprintf(buf, sizeof(buf), "%s/tests/http/fixtures/%s",
           env_or("AF_SOURCE_DIR", "."), name);
  return buf;
}

int af_fixture_start(af_fixture *fx, const char *opt, const char *val) {
  int pfd[2];
  char exe[4096], dir[4096], line[32];
  ssize_t n;
  size_t got = 0;
  snprintf(exe, sizeof(exe), "%s/tests/http/fixture_server",
           env_or("AF_BUILD_DIR", "."));
  snprintf(dir, sizeof(dir), "%s/tests/http/fixtures",
           env_or("AF_SOURCE_DIR", "."));
  if (pipe(pfd) != 0)
    return -1;
  fx->pid = fork();
  if (fx->pid < 0)
    return -1;
  if (fx->pid == 0) {
    dup2(pfd[1], 1);
    close(pfd[0]);
    close(pfd[1]);
    if (opt)
      execl(exe, exe, dir, opt, val, (char *)NULL);
    else
      execl(exe, exe, dir, (char *)NULL);
    _exit(127);
  }
  close(pfd[1]);
  while (got + 1 < sizeof(line) &&
         (n = read(pfd[0], line + got, sizeof(line) - 1 - got)) > 0) {
    got += (size_t)n;
    if (memchr(line, '\n', got))
      break;
  }
  close(pfd[0]);
  line[got] = '\0';
  fx->port = atoi(line);
  if (fx->port <= 0) {
    af_fixture_stop(fx);
    return -1;
  }
  snprintf(fx->base, sizeof(fx->base), "http://127.0.0.1:%d", fx->port);
  return 0;
}

void af_fixture_stop(af_fixture *fx) {
  if (fx->pid > 0) {
    kill(fx->pid, SIGTERM);
    waitpid(fx->pid, NULL, 0);
    fx->pid = 0;
  }
}

char *af_fixture_get(const af_fixture *fx, const char *path) {
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)fx->port)};
  char req[512], *buf = NULL, *body;
  size_t len = 0, cap = 0;
  ssize_t n;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return NULL;
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
    close(fd);
    return NULL;
  }
  snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", path);
  if (write(fd, req, strlen(req)) < 0) {
    close(fd);
    return NULL;
  }
  for (;;) {
    if (len + 4096 + 1 > cap) {
      char *nb = realloc(buf, cap = cap * 2 + 8192);
      if (!nb)
        break;
      buf = nb;
    }
    n = read(fd, buf + len, cap - len - 1);
    if (n <= 0)
      break;
    len += (size_t)n;
  }
  close(fd);
  if (!buf)
    return NULL;
  buf[len] = '\0';
  body = strstr(buf, "\r\n\r\n");
  body = strdup(body ? body + 4 : "");
  free(buf);
  return body;
}

int af_fixture_hits(const af_fixture *fx, const char *path) {
  char *log = af_fixture_get(fx, "/__log"), *p;
  size_t pl = strlen(path);
  int n = 0;
  for (p = log; p && *p;) {
    if (!strncmp(p, path, pl) && p[pl] == ' ')
      n++;
    p = strchr(p, '\n');
    if (p)
      p++;
  }
  free(log);
  return n;
}
