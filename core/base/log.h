/* Operational logging: one line per event, logfmt (default) or JSON.
 *
 * Every line carries ts, level, run (the run id), comp (the component or
 * plugin instance), event, then the caller's fields.  Callers write their
 * fields in logfmt ("url=%s status=%ld error=\"%s\""); in JSON mode the
 * logger turns those pairs into JSON members, so one call serves both
 * formats.  Safe from any thread (a mutex guards the stream).
 */
#ifndef AF_LOG_H
#define AF_LOG_H

#include <stdarg.h>

#include <auditfeed/plugin.h> /* AF_LOG_ERROR .. AF_LOG_DEBUG */

enum af__log_format { AF_LOG_LOGFMT = 0, AF_LOG_JSON = 1 };

/* Open the log at `path` (NULL or "-" = stderr).  Returns 0 or AF_E*. */
int af__log_open(const char *path, int format);
/* Reopen the same path (SIGHUP/SIGUSR1, for logrotate). */
int af__log_reopen(void);
void af__log_close(void);
void af__log_set_level(int level);
/* Per-component level override, e.g. ("web", AF_LOG_DEBUG). */
int af__log_set_component_level(const char *comp, int level);
int af__log_enabled(const char *comp, int level);
void af__log_set_run_id(const char *run_id);
const char *af__log_run_id(void);
/* "error" "warn" "info" "debug" -> level, or -1. */
int af__log_level_parse(const char *name);

void af__log(int level, const char *comp, const char *event, const char *fmt,
            ...) __attribute__((format(printf, 4, 5)));
void af__logv(int level, const char *comp, const char *event, const char *fmt,
             va_list ap);

#define af__log_error(comp, ev, ...) af__log(AF_LOG_ERROR, comp, ev, __VA_ARGS__)
#define af__log_warn(comp, ev, ...) af__log(AF_LOG_WARN, comp, ev, __VA_ARGS__)
#define af__log_info(comp, ev, ...) af__log(AF_LOG_INFO, comp, ev, __VA_ARGS__)
#define af__log_debug(comp, ev, ...) af__log(AF_LOG_DEBUG, comp, ev, __VA_ARGS__)

#endif /* AF_LOG_H */
