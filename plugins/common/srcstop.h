/* A source's af_plugin.stop, shared by the crawling sources: no more
 * fetches start; the source has stopped now (0) unless listings or pages
 * are still out (1: it calls api->stopped when the last comes back). */
#ifndef AF_PLUGIN_SRCSTOP_H
#define AF_PLUGIN_SRCSTOP_H

static inline int src_stop(int *stopping, int *finished, int busy) {
  *stopping = 1;
  if (*finished)
    return 0;
  if (!busy) {
    *finished = 1;
    return 0;
  }
  return 1;
}

#endif /* AF_PLUGIN_SRCSTOP_H */
