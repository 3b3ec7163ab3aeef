/* Operational logging: logfmt or JSON lines, one per event.
 *
 * Callers format their fields as logfmt; the JSON writer re-tokenises that
 * text, so there is a single call style and the two formats can never
 * drift apart in which fields they carry.
 */
#include "log.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "errors.h"

#define AF_LOG_MAX_COMPONENTS 64

static struct {
  pthread_mutex_t lock;
  FILE *out;
  char *path;
  int format;
  int level;
  char run_id[40];
  struct {
    char *name;
    int level;
  } comp[AF_LOG_MAX_COMPONENTS];
  size_t n_comp;
} g_log = {.lock = PTHREAD_MUTEX_INITIALIZER, .level = AF_LOG_INFO};

static const char *const level_names[] = {"error", "warn", "info", "debug"};

int af__log_level_parse(const char *name) {
  if (!name)
    return -1;
  for (int i = 0; i < 4; i++)
    if (strcmp(name, level_names[i]) == 0)
      return i;
  if (strcmp(name, "warning") == 0)
    return AF_LOG_WARN;
  return -1;
}

int af__log_open(const char *path, int format) {
  FILE *f = NULL;
  char *copy = NULL;

  if (path && strcmp(path, "-") != 0) {
    f = fopen(path, "a");
    if (!f)
      return -errno;
    copy = strdup(path);
    if (!copy) {
      fclose(f);
      return AF_ENOMEM;
    }
    setvbuf(f, NULL, _IOLBF, 0);
  }
  pthread_mutex_lock(&g_log.lock);
  if (g_log.out && g_log.out != stderr)
    fclose(g_log.out);
  free(g_log.path);
  g_log.out = f;
  g_log.path = copy;
  g_log.format = format;
  pthread_mutex_unlock(&g_log.lock);
  return 0;
}

int af__log_reopen(void) {
  int rc = 0;

  pthread_mutex_lock(&g_log.lock);
  if (g_log.path) {
    FILE *f = fopen(g_log.path, "a");
    if (f) {
      setvbuf(f, NULL, _IOLBF, 0);
      if (g_log.out)
        fclose(g_log.out);
      g_log.out = f;
    } else {
      rc = -errno; /* keep writing to the old stream rather than nowhere */
    }
  }
  pthread_mutex_unlock(&g_log.lock);
  return rc;
}

void af__log_close(void) {
  pthread_mutex_lock(&g_log.lock);
  if (g_log.out && g_log.out != stderr)
    fclose(g_log.out);
  g_log.out = NULL;
  free(g_log.path);
  g_log.path = NULL;
  for (size_t i = 0; i < g_log.n_comp; i++)
    free(g_log.comp[i].name);
  g_log.n_comp = 0;
  pthread_mutex_unlock(&g_log.lock);
}

void af__log_set_level(int level) { g_log.level = level; }

int af__log_set_component_level(const char *comp, int level) {
  int rc = 0;

  pthread_mutex_lock(&g_log.lock);
  for (size_t i = 0; i < g_log.n_comp; i++) {
    if (strcmp(g_log.comp[i].name, comp) == 0) {
      g_log.comp[i].level = level;
      goto out;
    }
  }
  if (g_log.n_comp == AF_LOG_MAX_COMPONENTS) {
    rc = AF_E2BIG;
    goto out;
  }
  g_log.comp[g_log.n_comp].name = strdup(comp);
  if (!g_log.comp[g_log.n_comp].name) {
    rc = AF_ENOMEM;
    goto out;
  }
  g_log.comp[g_log.n_comp++].level = level;
out:
  pthread_mutex_unlock(&g_log.lock);
  return rc;
}

/* Caller holds the lock. */
static int level_for(const char *comp) {
  if (comp)
    for (size_t i = 0; i < g_log.n_comp; i++)
      if (strcmp(g_log.comp[i].name, comp) == 0)
        return g_log.comp[i].level;
  return g_log.level;
}

int af__log_enabled(const char *comp, int level) {
  pthread_mutex_lock(&g_log.lock);
  int ok = level <= level_for(comp);
  pthread_mutex_unlock(&g_log.lock);
  return ok;
}

void af__log_set_run_id(const char *run_id) {
  snprintf(g_log.run_id, sizeof(g_log.run_id), "%s", run_id ? run_id : "");
}

const char *af__log_run_id(void) { return g_log.run_id; }

static void put_logfmt_value(FILE *f, const char *v) {
  int plain = *v != '\0';
  for (const char *p = v; *p; p++)
    if (*p == ' ' || *p == '"' || *p == '=' || *p == '\\' ||
        (unsigned char)*p < 0x20)
      plain = 0;
  if (plain) {
    fputs(v, f);
    return;
  }
  fputc('"', f);
  for (const char *p = v; *p; p++) {
    if (*p == '"' || *p == '\\')
      fputc('\\', f);
    if (*p == '\n')
      fputs("\\n", f);
    else if ((unsigned char)*p < 0x20)
      fputc(' ', f);
    else
      fputc(*p, f);
  }
  fputc('"', f);
}

static void put_json_string(FILE *f, const char *v, size_t n) {
  fputc('"', f);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)v[i];
    if (c == '"' || c == '\\')
      fprintf(f, "\\%c", c);
    else if (c == '\n')
      fputs("\\n", f);
    else if (c < 0x20)
      fprintf(f, "\\u%04x", c);
    else
      fputc(c, f);
  }
  fputc('"', f);
}

/* Walk "k=v k2=\"v 2\" loose words" and emit JSON members; loose words
 * (no '=') are gathered into "msg". */
static void put_json_fields(FILE *f, const char *s) {
  const char *p = s;
  char msg[512];
  size_t msg_len = 0;

  while (*p) {
    while (*p == ' ')
      p++;
    if (!*p)
      break;
    const char *tok = p;
    const char *eq = NULL;
    while (*p && *p != ' ' && *p != '=')
      p++;
    if (*p == '=' && p > tok) {
      eq = p;
      p++;
      const char *val = p;
      size_t vlen;
      char buf[4096];
      if (*p == '"') {
        size_t o = 0;
        p++;
        while (*p && *p != '"') {
          if (*p == '\\' && p[1])
            p++;
          if (o + 1 < sizeof(buf))
            buf[o++] = *p;
          p++;
        }
        if (*p == '"')
          p++;
        buf[o] = '\0';
        val = buf;
        vlen = o;
      } else {
        while (*p && *p != ' ')
          p++;
        vlen = (size_t)(p - val);
      }
      fputs(",", f);
      put_json_string(f, tok, (size_t)(eq - tok));
      fputc(':', f);
      put_json_string(f, val, vlen);
    } else {
      while (*p && *p != ' ')
        p++;
      size_t n = (size_t)(p - tok);
      if (msg_len + n + 2 < sizeof(msg)) {
        if (msg_len)
          msg[msg_len++] = ' ';
        memcpy(msg + msg_len, tok, n);
        msg_len += n;
      }
    }
  }
  if (msg_len) {
    fputs(",\"msg\":", f);
    put_json_string(f, msg, msg_len);
  }
}

void af__logv(int level, const char *comp, const char *event, const char *fmt,
             va_list ap) {
  char fields[8192];
  char ts[80];
  struct timespec now;
  struct tm tm;

  if (level < AF_LOG_ERROR)
    level = AF_LOG_ERROR;
  if (level > AF_LOG_DEBUG)
    level = AF_LOG_DEBUG;
  fields[0] = '\0';
  if (fmt)
    vsnprintf(fields, sizeof(fields), fmt, ap);
  clock_gettime(CLOCK_REALTIME, &now);
  gmtime_r(&now.tv_sec, &tm);
  snprintf(ts, sizeof(ts), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ",
           tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
           tm.tm_min, tm.tm_sec, now.tv_nsec / 1000000);

  pthread_mutex_lock(&g_log.lock);
  if (level > level_for(comp)) {
    pthread_mutex_unlock(&g_log.lock);
    return;
  }
  FILE *out = g_log.out ? g_log.out : stderr;
  /* The line is rendered first and written with one call: stderr is
   * unbuffered, and an isolated child writes to the same stream, so piece
   * by piece the two processes' lines would interleave. */
  char *line = NULL;
  size_t line_len = 0;
  FILE *f = open_memstream(&line, &line_len);
  if (!f)
    f = out;
  if (g_log.format == AF_LOG_JSON) {
    fprintf(f, "{\"ts\":\"%s\",\"level\":\"%s\"", ts, level_names[level]);
    if (g_log.run_id[0])
      fprintf(f, ",\"run\":\"%s\"", g_log.run_id);
    fputs(",\"comp\":", f);
    put_json_string(f, comp ? comp : "core", strlen(comp ? comp : "core"));
    fputs(",\"event\":", f);
    put_json_string(f, event ? event : "log", strlen(event ? event : "log"));
    put_json_fields(f, fields);
    fputs("}\n", f);
  } else {
    fprintf(f, "ts=%s level=%s", ts, level_names[level]);
    if (g_log.run_id[0])
      fprintf(f, " run=%s", g_log.run_id);
    fputs(" comp=", f);
    put_logfmt_value(f, comp ? comp : "core");
    fputs(" event=", f);
    put_logfmt_value(f, event ? event : "log");
    if (fields[0]) {
      fputc(' ', f);
      fputs(fields, f);
    }
    fputc('\n', f);
  }
  if (f != out && fclose(f) == 0)
    fwrite(line, 1, line_len, out);
  free(line);
  fflush(out);
  pthread_mutex_unlock(&g_log.lock);
}

void af__log(int level, const char *comp, const char *event, const char *fmt,
            ...) {
  va_list ap;
  va_start(ap, fmt);
  af__logv(level, comp, event, fmt, ap);
  va_end(ap);
}
