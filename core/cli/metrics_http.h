/* `run --every`'s metrics endpoint: GET /metrics (the Prometheus text of
 * the last cycle) and GET /health, served by libmicrohttpd on its own
 * thread, on a loopback address only.
 *
 * Ownership: publish takes the text (malloc'd) and frees the previous. */
#ifndef AF_METRICS_HTTP_H
#define AF_METRICS_HTTP_H

#include <stddef.h>

typedef struct af__metrics_http af__metrics_http;

/* `listen` is ADDRESS:PORT ("127.0.0.1:9464", "[::1]:9464"); an address
 * that is not loopback is refused.  0, or AF_E* with the reason in err. */
int af__metrics_http_start(const char *listen, af__metrics_http **out, char *err,
                          size_t errlen);
/* The text /metrics serves from now on; `healthy` 0 makes /health 503. */
void af__metrics_http_publish(af__metrics_http *h, char *text, int healthy);
void af__metrics_http_stop(af__metrics_http *h);

#endif /* AF_METRICS_HTTP_H */
