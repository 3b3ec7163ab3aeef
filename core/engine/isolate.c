/* Sources isolated in a child process (`isolate = true`).
 *
 * The parent keeps the instance but swaps its plugin's entry points for a
 * proxy: start spawns this same binary with the same command line plus
 * `--isolated-child NAME`; that child runs only the named source, with its
 * own event loop and HTTP client, and instead of processing what the
 * source emits it writes each document, unprocessed, as one JSON line to
 * file descriptor 3 (its fields as a JSON line, af__doc_raw_to_json, then
 * the body's bytes as they are).  The parent reads those lines
 * and emits them as if the source were in process, so extraction,
 * routing, sinks and the state store stay in the parent.  A plugin that
 * crashes, leaks or corrupts memory takes only the child down: the parent
 * logs `source_crashed` with the exit status or signal, counts one failed
 * item, and the run goes on with the documents already received.
 *
 * Backpressure is the pipe's: when the parent is saturated it stops
 * reading, the pipe fills, and the child's blocking write holds its loop.
 * HTTP validators travel with each document (stored by the parent after
 * its sinks commit); those of listings come as `validators` lines and are
 * kept by the parent only if its run ends cleanly, as in process.
 *
 * Ownership: the handles live in a block of their own that outlives the
 * instance context until libuv has closed them. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine_int.h"
#include "errors.h"
#include "isolate.h"
#include "log.h"

/* What the parent accepts from a child: a plugin that corrupts its
 * process could send anything, and must not make the parent buffer
 * without bound. */
#define AF_ISO_MAX_LINE (16u << 20)
#define AF_ISO_MAX_BODY (256u << 20)

/* The command line of this process, for the child to repeat. */
static int g_argc;
static char **g_argv;

void af__isolate_set_argv(int argc, char **argv) {
  g_argc = argc;
  g_argv = argv;
}

/* ---- the child's side ---------------------------------------------------- */

static int write_all(int fd, const char *p, size_t left) {
  while (left) {
    ssize_t w = write(fd, p, left);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return AF_EIO;
    p += w;
    left -= (size_t)w;
  }
  return 0;
}

static int write_line(int fd, json_t *o) {
  char *s = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  if (!s)
    return AF_ENOMEM;
  size_t n = strlen(s);
  s[n] = '\n'; /* json_dumps leaves the NUL: overwrite it, write n + 1 */
  int rc = write_all(fd, s, n + 1);
  free(s);
  return rc;
}


/* The document's fields as a JSON line, then its body as it is: pages are
 * most of the bytes, and escaping them into JSON (and parsing them back)
 * would cost more than the whole extraction. */
int af__isolate_send_doc(int fd, const af__doc *d) {
  json_t *o = json_object(), *doc = af__doc_raw_to_json(d);
  if (!o || !doc) {
    json_decref(o);
    json_decref(doc);
    return AF_ENOMEM;
  }
  json_object_set_new(o, "t", json_string("doc"));
  json_object_set_new(o, "doc", doc);
  json_object_set_new(o, "body_bytes",
                      json_integer(d->body ? (json_int_t)d->body_len : -1));
  int rc = write_line(fd, o);
  if (!rc && d->body)
    rc = write_all(fd, d->body, d->body_len);
  return rc;
}

int af__isolate_send_done(int fd, long failed) {
  return write_line(fd, json_pack("{s:s,s:I}", "t", "done", "failed",
                                   (json_int_t)failed));
}

int af__isolate_send_validators(int fd, const char *url, const char *etag,
                               const char *last_modified) {
  json_t *o = json_pack("{s:s,s:s}", "t", "validators", "url", url);
  if (o && etag)
    json_object_set_new(o, "etag", json_string(etag));
  if (o && last_modified)
    json_object_set_new(o, "last_modified", json_string(last_modified));
  return write_line(fd, o);
}

/* ---- the parent's side --------------------------------------------------- */

typedef struct iso_handles {
  uv_process_t proc;
  uv_pipe_t pipe;
  int open; /* handles not yet closed */
  struct iso *owner; /* NULL once the instance is gone */
} iso_handles;

typedef struct iso {
  struct af_inst *in;
  iso_handles *h;
  char *buf;
  size_t len, cap, done_to; /* done_to: bytes already handled */
  int spawned, exited, eof, paused, reading, got_done, stopping, finished;
  int broken; /* the child sent something unusable: ignore the rest */
  long failed;
  int64_t status;
  int term_signal;
} iso;

static void handle_closed(uv_handle_t *hd) {
  iso_handles *h = hd->data;
  if (--h->open == 0)
    free(h);
}

static void close_handles(iso *c) {
  iso_handles *h = c->h;
  if (!h)
    return;
  c->h = NULL;
  h->owner = NULL;
  h->open = 0;
  if (!uv_is_closing((uv_handle_t *)&h->pipe)) {
    h->open++;
    uv_close((uv_handle_t *)&h->pipe, handle_closed);
  }
  if (!uv_is_closing((uv_handle_t *)&h->proc)) {
    h->open++;
    uv_close((uv_handle_t *)&h->proc, handle_closed);
  }
  if (!h->open)
    free(h);
}

static void maybe_finish(iso *c) {
  struct af_inst *in = c->in;
  if (c->finished || !c->exited || !c->eof || c->paused)
    return;
  c->finished = 1;
  close_handles(c);
  if (c->status == 0 && !c->term_signal && c->got_done) {
    af__engine_source_done(in, c->failed);
  } else {
    af__log_error(in->name, "source_crashed",
                 "plugin=%s exit_status=%lld signal=%d msg=\"the isolated "
                 "source's process ended early; what it sent is kept\"",
                 in->p->name, (long long)c->status, c->term_signal);
    af__engine_source_done(in, c->failed + 1);
  }
  if (c->stopping)
    af__engine_plugin_stopped(in);
}

static void protocol_error(iso *c, const char *what) {
  af__log_error(c->in->name, "isolated_protocol_error",
               "error=\"%s\" msg=\"stopping the child\"", what);
  c->failed++;
  c->len = c->done_to = 0;
  c->broken = 1;
  if (c->h && !c->exited)
    uv_process_kill(&c->h->proc, SIGKILL);
}

/* Handles every complete line in the buffer, unless emit asks to pause. */
static void drain_lines(iso *c) {
  while (!c->paused && !c->broken && c->done_to < c->len) {
    char *start = c->buf + c->done_to;
    char *nl = memchr(start, '\n', c->len - c->done_to);
    if (!nl) {
      if (c->len - c->done_to > AF_ISO_MAX_LINE)
        protocol_error(c, "a line longer than 16 MiB");
      break;
    }
    size_t n = (size_t)(nl - start);
    if (n > AF_ISO_MAX_LINE) { /* however the reads happened to split it */
      protocol_error(c, "a line longer than 16 MiB");
      break;
    }
    json_error_t je;
    json_t *o = json_loadb(start, n, 0, &je);
    const char *t = json_string_value(json_object_get(o, "t"));
    json_int_t body = json_integer_value(json_object_get(o, "body_bytes"));
    if (body > (json_int_t)AF_ISO_MAX_BODY) {
      json_decref(o);
      protocol_error(c, "a body larger than 256 MiB");
      break;
    }
    if (t && !strcmp(t, "doc") && body > 0 &&
        (size_t)body > c->len - c->done_to - n - 1) {
      json_decref(o); /* its body has not all arrived: wait for more */
      break;
    }
    c->done_to += n + 1;
    if (t && !strcmp(t, "doc")) {
      af__doc *d = af__doc_raw_from_json(json_object_get(o, "doc"));
      if (d && body >= 0) {
        if (af__doc_set_body(d, d->content_type, c->buf + c->done_to,
                            (size_t)body) != 0) {
          af__doc_free(d);
          d = NULL;
        }
      }
      if (body > 0)
        c->done_to += (size_t)body;
      if (!d) {
        c->failed++;
        af__log_error(c->in->name, "isolated_doc_unreadable",
                     "msg=\"a document from the child could not be read\"");
      } else if (af__engine_emit(c->in, d) == 1) {
        c->paused = 1;
      }
    } else if (t && !strcmp(t, "done")) {
      c->got_done = 1;
      c->failed += (long)json_integer_value(json_object_get(o, "failed"));
    } else if (t && !strcmp(t, "validators")) {
      const char *url = json_string_value(json_object_get(o, "url"));
      if (url)
        af__engine_remember_validators(
            url, json_string_value(json_object_get(o, "etag")),
            json_string_value(json_object_get(o, "last_modified")),
            c->in->eng);
    } else {
      af__log_error(c->in->name, "isolated_line_unreadable",
                   "error=\"%s\"", o ? "unknown line type" : je.text);
    }
    json_decref(o);
  }
  if (c->done_to == c->len)
    c->len = c->done_to = 0;
}

static void on_alloc(uv_handle_t *hd, size_t suggested, uv_buf_t *b) {
  iso_handles *h = hd->data;
  iso *c = h->owner;
  b->base = NULL;
  b->len = 0;
  if (!c)
    return;
  if (c->done_to) { /* keep only what is not handled yet, at the front */
    memmove(c->buf, c->buf + c->done_to, c->len - c->done_to);
    c->len -= c->done_to;
    c->done_to = 0;
  }
  if (c->cap - c->len < suggested) {
    size_t cap = c->cap ? c->cap : 65536;
    while (cap - c->len < suggested)
      cap *= 2;
    char *nb = realloc(c->buf, cap);
    if (!nb)
      return;
    c->buf = nb;
    c->cap = cap;
  }
  b->base = c->buf + c->len;
  b->len = c->cap - c->len;
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *b) {
  iso_handles *h = s->data;
  iso *c = h->owner;
  (void)b;
  if (!c)
    return;
  if (nread > 0) {
    c->len += (size_t)nread;
    if (c->broken) {
      c->len = c->done_to = 0; /* the child is being killed: drop it all */
      return;
    }
    drain_lines(c);
    if (c->paused && c->reading) {
      uv_read_stop(s);
      c->reading = 0;
    }
    return;
  }
  if (nread < 0) {
    if (c->reading)
      uv_read_stop(s);
    c->reading = 0;
    c->eof = 1;
    maybe_finish(c);
  }
}

static void on_child_exit(uv_process_t *p, int64_t status, int term_signal) {
  iso_handles *h = p->data;
  iso *c = h->owner;
  if (!c)
    return;
  c->exited = 1;
  c->status = status;
  c->term_signal = term_signal;
  maybe_finish(c);
}

static int iso_start(af_inst *inst, void *ctx) {
  iso *c = ctx;
  struct af_inst *in = (struct af_inst *)inst;
  af__engine *e = in->eng;
  if (!g_argv || g_argc < 1)
    return AF_EINVAL;
  char **args = calloc((size_t)g_argc + 5, sizeof(*args));
  if (!args)
    return AF_ENOMEM;
  int n = 0;
  args[n++] = "/proc/self/exe";
  for (int i = 1; i < g_argc; i++)
    args[n++] = g_argv[i];
  args[n++] = "--isolated-child";
  args[n++] = (char *)in->name;
  args[n++] = "--no-progress";
  args[n] = NULL;
  c->h = calloc(1, sizeof(*c->h));
  if (!c->h) {
    free(args);
    return AF_ENOMEM;
  }
  c->h->owner = c;
  uv_pipe_init(&e->loop, &c->h->pipe, 0);
  c->h->pipe.data = c->h;
  c->h->proc.data = c->h;
  uv_stdio_container_t io[4] = {
      {.flags = UV_IGNORE},
      {.flags = UV_INHERIT_FD, .data.fd = 1},
      {.flags = UV_INHERIT_FD, .data.fd = 2},
      {.flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE,
       .data.stream = (uv_stream_t *)&c->h->pipe}};
  uv_process_options_t po = {.exit_cb = on_child_exit,
                             .file = "/proc/self/exe",
                             .args = args,
                             .stdio_count = 4,
                             .stdio = io};
  /* The child's log lines carry this run's id (read in run_child). */
  setenv("AF_RUN_ID", af__log_run_id(), 1);
  int rc = uv_spawn(&e->loop, &c->h->proc, &po);
  free(args);
  if (rc) {
    af__log_error(in->name, "isolate_spawn_failed", "error=\"%s\"",
                 uv_strerror(rc));
    /* Both handles are initialised even when the spawn fails. */
    c->h->owner = NULL;
    c->h->open = 2;
    uv_close((uv_handle_t *)&c->h->pipe, handle_closed);
    uv_close((uv_handle_t *)&c->h->proc, handle_closed);
    c->h = NULL;
    return AF_EIO;
  }
  c->spawned = 1;
  af__log_info(in->name, "isolated", "pid=%d plugin=%s", c->h->proc.pid,
              in->p->name);
  uv_read_start((uv_stream_t *)&c->h->pipe, on_alloc, on_read);
  c->reading = 1;
  return 0;
}

static int iso_stop(af_inst *inst, void *ctx) {
  iso *c = ctx;
  (void)inst;
  if (!c->spawned || c->finished)
    return 0;
  c->stopping = 1;
  if (c->h && !c->exited)
    uv_process_kill(&c->h->proc, SIGTERM);
  return 1; /* af__engine_plugin_stopped once the child is gone */
}

static void iso_resume(af_inst *inst, void *ctx) {
  iso *c = ctx;
  (void)inst;
  c->paused = 0;
  drain_lines(c);
  if (!c->paused && c->h && !c->eof && !c->reading) {
    uv_read_start((uv_stream_t *)&c->h->pipe, on_alloc, on_read);
    c->reading = 1;
  }
  maybe_finish(c);
}

static void iso_destroy(af_inst *inst, void *ctx) {
  iso *c = ctx;
  (void)inst;
  if (c->h && c->spawned && !c->exited)
    uv_process_kill(&c->h->proc, SIGKILL);
  close_handles(c);
  free(c->buf);
  c->buf = NULL;
}

int af__isolate_setup(struct af_inst *in) {
  iso *c = calloc(1, sizeof(*c));
  if (!c)
    return AF_ENOMEM;
  c->in = in;
  /* The plugin's keys were checked against its schema in this process;
   * its code runs only in the child. */
  free(in->ctx);
  in->ctx = c;
  in->proxy = *in->p;
  in->proxy.create = NULL;
  in->proxy.start = iso_start;
  in->proxy.stop = iso_stop;
  in->proxy.resume = iso_resume;
  in->proxy.destroy = iso_destroy;
  in->p = &in->proxy;
  return 0;
}
