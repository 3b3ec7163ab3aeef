/* The metrics endpoint of `run --every` (metrics_http.h), on libmicrohttpd:
 * a well-kept embedded server, not a hand-written one.  Its thread only
 * reads the published text, under a mutex. */
#include "metrics_http.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include <auditfeed/errno.h>

struct af__metrics_http {
  struct MHD_Daemon *d;
  pthread_mutex_t mu;
  char *text;
  int healthy;
};

static enum MHD_Result reply(struct MHD_Connection *c, unsigned int code,
                             const char *type, const char *body) {
  struct MHD_Response *r = MHD_create_response_from_buffer(
      strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
  enum MHD_Result ok;
  if (!r)
    return MHD_NO;
  MHD_add_response_header(r, "Content-Type", type);
  ok = MHD_queue_response(c, code, r);
  MHD_destroy_response(r);
  return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls) {
  af__metrics_http *h = cls;
  enum MHD_Result ok;
  (void)version;
  (void)upload;
  (void)upload_size;
  (void)con_cls;
  if (strcmp(method, "GET") && strcmp(method, "HEAD"))
    return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain", "GET only\n");
  pthread_mutex_lock(&h->mu);
  if (!strcmp(url, "/metrics"))
    ok = reply(c, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8",
               h->text ? h->text : "");
  else if (!strcmp(url, "/health"))
    ok = h->healthy ? reply(c, MHD_HTTP_OK, "text/plain", "ok\n")
                    : reply(c, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain",
                            "the last cycle failed\n");
  else
    ok = reply(c, MHD_HTTP_NOT_FOUND, "text/plain", "try /metrics or /health\n");
  pthread_mutex_unlock(&h->mu);
  return ok;
}

static int loopback(const struct sockaddr *sa) {
  if (sa->sa_family == AF_INET)
    return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
  if (sa->sa_family == AF_INET6)
    return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)sa)->sin6_addr);
  return 0;
}

int af__metrics_http_start(const char *listen, af__metrics_http **out, char *err,
                          size_t errlen) {
  char host[128];
  const char *colon = strrchr(listen, ':');
  struct addrinfo hints = {.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV,
                           .ai_socktype = SOCK_STREAM},
                  *ai = NULL;
  af__metrics_http *h;
  size_t hl;
  *out = NULL;
  if (!colon || colon == listen || (hl = (size_t)(colon - listen)) >= sizeof(host)) {
    snprintf(err, errlen, "metrics_listen '%s': expected ADDRESS:PORT, e.g. 127.0.0.1:9464",
             listen);
    return AF_ECONFIG;
  }
  memcpy(host, listen, hl);
  host[hl] = '\0';
  if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
    memmove(host, host + 1, hl - 2);
    host[hl - 2] = '\0';
  }
  if (getaddrinfo(host, colon + 1, &hints, &ai) != 0 || !ai) {
    snprintf(err, errlen, "metrics_listen '%s': expected a numeric ADDRESS:PORT", listen);
    return AF_ECONFIG;
  }
  if (!loopback(ai->ai_addr)) {
    freeaddrinfo(ai);
    snprintf(err, errlen, "metrics_listen '%s': only loopback addresses are served "
                          "(put a proxy in front to publish them)", listen);
    return AF_ECONFIG;
  }
  h = calloc(1, sizeof(*h));
  if (!h) {
    freeaddrinfo(ai);
    return AF_ENOMEM;
  }
  pthread_mutex_init(&h->mu, NULL);
  h->healthy = 1;
  h->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
                              (ai->ai_family == AF_INET6 ? MHD_USE_IPv6 : 0),
                          0, NULL, NULL, on_request, h, MHD_OPTION_SOCK_ADDR,
                          ai->ai_addr, MHD_OPTION_CONNECTION_LIMIT, 16u,
                          MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
  freeaddrinfo(ai);
  if (!h->d) {
    snprintf(err, errlen, "metrics_listen '%s': cannot listen there (in use?)", listen);
    pthread_mutex_destroy(&h->mu);
    free(h);
    return AF_EIO;
  }
  *out = h;
  return 0;
}

void af__metrics_http_publish(af__metrics_http *h, char *text, int healthy) {
  char *old;
  if (!h) {
    free(text);
    return;
  }
  pthread_mutex_lock(&h->mu);
  old = h->text;
  h->text = text;
  h->healthy = healthy;
  pthread_mutex_unlock(&h->mu);
  free(old);
}

void af__metrics_http_stop(af__metrics_http *h) {
  if (!h)
    return;
  MHD_stop_daemon(h->d);
  pthread_mutex_destroy(&h->mu);
  free(h->text);
  free(h);
}
