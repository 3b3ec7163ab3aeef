/* files source: every .html/.htm/.txt/.xml file under a directory, plain
 * or gzip-compressed (.html.gz ...).  The name chooses the files; their
 * content says what they are (sniff): feeds are read as feeds, other XML
 * that is no article is skipped.
 *
 * Order is deterministic (names sorted bytewise, depth first) so that two
 * runs over the same tree emit the same sequence and tests can rely on it.
 * Hidden entries are skipped; symlinks are followed, but a directory that
 * was already visited (a loop, or two links to one place) is walked once.
 *
 * All disk access happens on the thread pool: one job walks the tree, then
 * one job per file reads it and builds its document(s).  Up to `readahead`
 * files are read at once, so reading never starves the parse jobs the core
 * queues on the same pool; documents are still emitted in file order, from
 * the head of that window.  When emit() says the pipeline is full we keep
 * what is ready and wait for `resume`.
 */
#include <auditfeed/array.h>
#include <auditfeed/plugin.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#define FILES_VERSION "1.0.0"

AF_PLUGIN_HOST;

typedef struct files_ctx files_ctx;

typedef struct file_job {
  files_ctx *ctx;
  const char *path; /* borrowed from ctx->files */
  af_docb **docs;
  size_t n_docs, next_doc;
  int err;  /* negative AF_E* when the file could not be read */
  char why[300]; /* what was wrong with it, when more than err says */
  int done; /* the pool has finished with it */
} file_job;

typedef struct walk_job {
  files_ctx *ctx;
  char **files;
  size_t n, cap;
  long failed;   /* entries that could not be inspected */
  dev_t *seen_dev;
  ino_t *seen_ino;
  size_t n_seen, cap_seen;
  int err;
} walk_job;

struct files_ctx {
  /* options */
  const char *path;
  const char *include;
  long max_files;
  size_t max_size;
  long readahead;

  /* state */
  af_inst *inst;
  char *root; /* realpath of `path` */
  char **files;
  size_t n_files, next_file;
  /* Reads in file order: win[win_head] is the next file to emit, the
   * rest are being read ahead on the pool. */
  file_job **win;
  size_t win_head, win_n;
  long inflight;  /* pool jobs not yet done (reads, or the walk) */
  int walked;     /* the file list is known */
  int pumping;    /* guards pump() against re-entry */
  int paused;     /* emit() returned 1; waiting for resume */
  int stopping;
  int finished;   /* source_done was called */
  long failed;
};

static const af_opt files_opts[] = {
    {"path", AF_OPT_STR, 1, NULL, offsetof(files_ctx, path),
     "directory to read, recursively"},
    {"include", AF_OPT_STR, 0, NULL, offsetof(files_ctx, include),
     "glob the file must match: against the name, or the relative path if it has a /"},
    {"max_files", AF_OPT_INT, 0, "0", offsetof(files_ctx, max_files),
     "stop after this many files (0: no limit)"},
    {"max_size", AF_OPT_SIZE, 0, "32M", offsetof(files_ctx, max_size),
     "larger files (inflated size for .gz) are skipped and counted as failed"},
    {"readahead", AF_OPT_INT, 0, "8", offsetof(files_ctx, readahead),
     "files read in parallel ahead of the one being emitted (1-256)"},
    {NULL, 0, 0, NULL, 0, NULL}};

/* ---- the walk (pool thread) ------------------------------------------- */

static int is_gz(const char *name) {
  size_t n = strlen(name);
  return n > 3 && strcasecmp(name + n - 3, ".gz") == 0;
}

/* By extension; "a.html.gz" is an HTML file stored compressed. */
static const char *content_type_for(const char *name) {
  size_t n = strlen(name);
  if (is_gz(name))
    n -= 3;
  const char *dot = NULL;
  for (size_t i = n; i > 0 && !dot; i--)
    if (name[i - 1] == '.')
      dot = name + i - 1;
    else if (name[i - 1] == '/')
      break;
  if (!dot)
    return NULL;
  size_t elen = (size_t)(name + n - dot);
  if ((elen == 5 && strncasecmp(dot, ".html", 5) == 0) ||
      (elen == 4 && strncasecmp(dot, ".htm", 4) == 0))
    return "text/html";
  if (elen == 4 && strncasecmp(dot, ".txt", 4) == 0)
    return "text/plain";
  if (elen == 4 && strncasecmp(dot, ".xml", 4) == 0)
    return "application/xhtml+xml";
  return NULL;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int push(char ***v, size_t *n, size_t *cap, char *s) {
  if (af_grow(v, cap, *n, sizeof(**v), 64))
    return AF_ENOMEM;
  (*v)[(*n)++] = s;
  return 0;
}

/* Returns 1 when the directory was seen before, else records it. */
static int seen_dir(walk_job *w, const struct stat *st) {
  for (size_t i = 0; i < w->n_seen; i++)
    if (w->seen_dev[i] == st->st_dev && w->seen_ino[i] == st->st_ino)
      return 1;
  if (w->n_seen == w->cap_seen) {
    size_t nc = w->cap_seen ? w->cap_seen * 2 : 32;
    dev_t *d = realloc(w->seen_dev, nc * sizeof *d);
    if (d)
      w->seen_dev = d;
    ino_t *i = realloc(w->seen_ino, nc * sizeof *i);
    if (i)
      w->seen_ino = i;
    if (!d || !i)
      return -1;
    w->cap_seen = nc;
  }
  w->seen_dev[w->n_seen] = st->st_dev;
  w->seen_ino[w->n_seen++] = st->st_ino;
  return 0;
}

static int wanted(const files_ctx *c, const char *full, const char *name) {
  if (!content_type_for(name))
    return 0;
  if (!c->include || !*c->include)
    return 1;
  if (strchr(c->include, '/'))
    return fnmatch(c->include, full + strlen(c->root) + 1, FNM_PATHNAME) == 0;
  return fnmatch(c->include, name, 0) == 0;
}

static int walk_dir(walk_job *w, const char *dir, int depth) {
  files_ctx *c = w->ctx;
  if (depth > 64)
    return 0; /* deeper than any sane tree; a loop the inode check missed */
  DIR *d = opendir(dir);
  if (!d) {
    af->log(c->inst, AF_LOG_WARN, "files.dir_unreadable", "path=%s error=\"%s\"", dir,
            strerror(errno));
    w->failed++;
    return 0;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rc = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue; /* hidden, and . and .. */
    char *s = strdup(e->d_name);
    if (!s || push(&names, &n, &cap, s) < 0) {
      free(s);
      rc = AF_ENOMEM;
      break;
    }
  }
  closedir(d);
  if (n)
    qsort(names, n, sizeof *names, cmp_str);

  for (size_t i = 0; i < n && rc == 0; i++) {
    char *full = NULL;
    if (asprintf(&full, "%s/%s", dir, names[i]) < 0) {
      rc = AF_ENOMEM;
      break;
    }
    struct stat st;
    if (stat(full, &st) != 0) {
      /* A dangling symlink to a file we would have read counts as failed;
       * one to anything else is just noise. */
      if (content_type_for(names[i])) {
        af->log(c->inst, AF_LOG_WARN, "files.unreadable", "path=%s error=\"%s\"", full,
                strerror(errno));
        w->failed++;
      }
      free(full);
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      int s = seen_dir(w, &st);
      if (s < 0)
        rc = AF_ENOMEM;
      else if (s == 0)
        rc = walk_dir(w, full, depth + 1);
      else
        af->log(c->inst, AF_LOG_DEBUG, "files.loop_skipped", "path=%s", full);
      free(full);
    } else if (S_ISREG(st.st_mode) && wanted(c, full, names[i])) {
      if (c->max_files > 0 && (long)w->n >= c->max_files) {
        free(full);
        break;
      }
      if (push(&w->files, &w->n, &w->cap, full) < 0) {
        free(full);
        rc = AF_ENOMEM;
      }
    } else {
      free(full);
    }
  }
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
  return rc;
}

static void walk_work(void *ud) {
  walk_job *w = ud;
  struct stat st;
  if (stat(w->ctx->root, &st) == 0 && seen_dir(w, &st) < 0) {
    w->err = AF_ENOMEM;
    return;
  }
  w->err = walk_dir(w, w->ctx->root, 0);
}

/* ---- reading one file (pool thread) ------------------------------------ */

/* file:// URL with everything but unreserved characters and '/' escaped. */
static char *file_url(const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  size_t n = strlen(path);
  char *u = malloc(7 + 3 * n + 1);
  if (!u)
    return NULL;
  char *p = stpcpy(u, "file://");
  for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
    if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
        strchr("/-._~", *s)) {
      *p++ = (char)*s;
    } else {
      *p++ = '%';
      *p++ = hex[*s >> 4];
      *p++ = hex[*s & 15];
    }
  }
  *p = '\0';
  return u;
}

/* Reads a file whole, at most `max` bytes; a gzip-compressed one (known by
 * its content) is inflated by the core's gzip reader, the limit applying to
 * the inflated size, which is what the core will hold in memory.  *host:
 * *out came from the core (free with af->free), else from malloc. */
static int read_file(const char *path, size_t max, char **out, size_t *len,
                     struct stat *st, int *host, char *why, size_t whylen) {
  *host = 0;
  FILE *f = fopen(path, "rb");
  if (!f)
    return -errno;
  int rc = 0;
  char *buf = NULL;
  size_t got = 0;
  if (fstat(fileno(f), st) != 0) {
    rc = -errno;
  } else if ((size_t)st->st_size > max) {
    rc = AF_E2BIG;
  } else if (!(buf = malloc((size_t)st->st_size + 1))) {
    rc = AF_ENOMEM;
  } else {
    got = fread(buf, 1, (size_t)st->st_size, f);
    if (got != (size_t)st->st_size && ferror(f))
      rc = AF_EIO;
    buf[got] = '\0'; /* a file that shrank under us is read as it is now */
  }
  fclose(f);
  if (rc == 0 && got >= 2 && (unsigned char)buf[0] == 0x1f &&
      (unsigned char)buf[1] == 0x8b) {
    char *plain = NULL;
    size_t n = 0;
    rc = af->gunzip(buf, got, max, &plain, &n, why, whylen);
    free(buf);
    buf = plain;
    got = n;
    *host = rc == 0;
  }
  if (rc) {
    free(buf);
    return rc;
  }
  *out = buf;
  *len = got;
  return 0;
}

/* ---- what a file holds ------------------------------------------------ */

enum { K_ARTICLE, K_FEED, K_SITEMAP, K_OTHER_XML };

static int starts_ci(const char *s, const char *end, const char *word) {
  size_t n = strlen(word);
  return (size_t)(end - s) >= n && strncasecmp(s, word, n) == 0;
}

/* Recognises a file by its first markup, not its name: the root element
 * (or the DOCTYPE's name, which XML requires to be the root's) tells an
 * article (html, an HTML fragment, plain text) from a feed, a sitemap, or
 * XML of another kind (a DTD exercise, a config file), which is no
 * article whatever its name says.  `root` gets the root's name. */
static int sniff(const char *body, size_t len, int xml_name, char *root,
                 size_t rootlen) {
  const char *p = body, *end = body + len;
  int declared = xml_name; /* an XML declaration, a non-HTML DOCTYPE, .xml */
  root[0] = '\0';
  if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
    p += 3;
  for (;;) {
    while (p < end && strchr(" \t\r\n", *p))
      p++;
    if (p >= end || *p != '<')
      return K_ARTICLE; /* text first: plain text, or HTML without tags */
    if (starts_ci(p, end, "<?")) {
      declared |= starts_ci(p, end, "<?xml");
      const char *q = memmem(p, (size_t)(end - p), "?>", 2);
      if (!q)
        return declared ? K_OTHER_XML : K_ARTICLE;
      p = q + 2;
    } else if (starts_ci(p, end, "<!--")) {
      const char *q = memmem(p, (size_t)(end - p), "-->", 3);
      if (!q)
        return K_ARTICLE;
      p = q + 3;
    } else if (starts_ci(p, end, "<!doctype")) {
      p += 9;
      while (p < end && strchr(" \t\r\n", *p))
        p++;
      declared = 1; /* unless it names html, checked below */
      break;        /* the DOCTYPE's name is the root's */
    } else {
      p++;
      break;
    }
  }
  size_t n = 0;
  while (p + n < end && n + 1 < rootlen &&
         (isalnum((unsigned char)p[n]) || strchr(":_.-", p[n])))
    n++;
  memcpy(root, p, n);
  root[n] = '\0';
  const char *colon = strrchr(root, ':'), *local = colon ? colon + 1 : root;
  if (!strcasecmp(local, "html"))
    return K_ARTICLE;
  if (!strcmp(local, "rss") || !strcmp(local, "feed") || !strcmp(local, "RDF"))
    return K_FEED;
  if (!strcmp(local, "urlset") || !strcmp(local, "sitemapindex"))
    return K_SITEMAP;
  return declared ? K_OTHER_XML : K_ARTICLE;
}

static int job_add(file_job *j, af_docb *doc, size_t *cap) {
  if (af_grow(&j->docs, cap, j->n_docs, sizeof(*j->docs), 4))
    return AF_ENOMEM;
  j->docs[j->n_docs++] = doc;
  return 0;
}

static int set_opt(af_docb *doc, const char *field, const char *v) {
  return v && *v ? af->doc_set(doc, field, v) : 0;
}

/* One document per feed entry; the entry's link is its URL, falling back
 * to the file URL plus the entry's position. */
static int feed_docs(file_job *j, const af_feed *feed, const char *url, const char *when) {
  size_t cap = 0;
  for (size_t i = 0; i < feed->n_entries; i++) {
    const af_feed_entry *e = feed->entries[i];
    char *alt = NULL;
    if (!e->link && asprintf(&alt, "%s#entry-%zu", url, i + 1) < 0)
      return AF_ENOMEM;
    af_docb *doc = af->doc_new(j->ctx->inst, e->link ? e->link : alt);
    free(alt);
    if (!doc)
      return AF_ENOMEM;
    int rc = af->doc_set(doc, "doc_kind", "feed_item");
    if (rc == 0) rc = set_opt(doc, "title", e->title);
    if (rc == 0) rc = set_opt(doc, "summary", e->summary);
    if (rc == 0) rc = set_opt(doc, "published", e->published ? e->published : e->updated);
    if (rc == 0) rc = set_opt(doc, "byline", e->author);
    if (rc == 0) rc = set_opt(doc, "publisher", feed->title);
    if (rc == 0) rc = set_opt(doc, "fetched", when);
    /* The summary is all the text a feed entry has; give it to the
     * normaliser as the body. */
    if (rc == 0) rc = set_opt(doc, "paragraph", e->summary);
    if (rc == 0) rc = job_add(j, doc, &cap);
    if (rc < 0) {
      af->doc_free(doc);
      return rc;
    }
  }
  return 0;
}

static void read_work(void *ud) {
  file_job *j = ud;
  files_ctx *c = j->ctx;
  char *body = NULL, *url = NULL;
  size_t len = 0;
  struct stat st;
  memset(&st, 0, sizeof st);
  int host = 0; /* body came from the core: af->free */
  int rc = read_file(j->path, c->max_size, &body, &len, &st, &host, j->why,
                     sizeof j->why);
  if (rc < 0) {
    j->err = rc;
    return;
  }
  char when[32];
  struct tm tm;
  time_t mt = st.st_mtime;
  if (!gmtime_r(&mt, &tm) || !strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm))
    when[0] = '\0';
  if (!(url = file_url(j->path))) {
    rc = AF_ENOMEM;
    goto out;
  }
  const char *type = content_type_for(j->path);
  char root[64];
  int kind = sniff(body, len, strcmp(type, "application/xhtml+xml") == 0, root,
                   sizeof root);
  if (kind == K_OTHER_XML) {
    af->log(c->inst, AF_LOG_INFO, "files.not_article", "path=%s root=\"%s\"", j->path,
            root);
    goto out;
  }
  if (kind != K_ARTICLE) {
    /* Feeds are read as feeds: one document per entry, its summary as the
     * text.  A sitemap lists pages without their content; fetching them
     * is the web source's job, and empty documents would only add noise. */
    af_feed *feed = NULL;
    char err[256];
    if (!AF_API_HAS(af, feed_parse) || !af->feed_parse) {
      af->log(c->inst, AF_LOG_INFO, "files.not_article", "path=%s root=\"%s\"",
              j->path, root);
    } else if (af->feed_parse(body, len, url, &feed, err, sizeof err) < 0 || !feed) {
      snprintf(j->why, sizeof j->why, "not a readable %s: %s",
               kind == K_FEED ? "feed" : "sitemap", err);
      rc = AF_EPARSE;
    } else if (kind == K_SITEMAP || (feed->format && (!strcmp(feed->format, "urlset") ||
                                                      !strcmp(feed->format, "sitemapindex")))) {
      af->log(c->inst, AF_LOG_INFO, "files.sitemap_skipped", "path=%s entries=%zu",
              j->path, feed->n_entries);
    } else {
      rc = feed_docs(j, feed, url, when);
    }
    af->feed_free(feed);
    goto out;
  }
  af_docb *doc = af->doc_new(c->inst, url);
  if (!doc) {
    rc = AF_ENOMEM;
    goto out;
  }
  size_t cap = 0;
  if (strcmp(type, "text/plain") == 0) {
    /* Plain text declares no charset: the core's decoder keeps UTF-8 (minus
     * a byte-order mark, which would end up in the title) and reads
     * anything else as Windows-1252, the usual encoding of British text
     * files that are not UTF-8, so "£" and curly quotes survive. */
    char *text = NULL;
    size_t tlen = 0;
    rc = af->text_to_utf8(body, len, "text/plain", NULL, &text, &tlen);
    if (rc < 0) {
      af->doc_free(doc);
      goto out;
    }
    host ? af->free(body) : free(body);
    body = text;
    len = tlen;
    host = 1;
  }
  rc = af->doc_set_body(doc, type, body, len);
  if (rc == 0) rc = set_opt(doc, "fetched", when);
  if (rc == 0 && strcmp(type, "text/plain") == 0) rc = af->doc_set(doc, "doc_kind", "text");
  if (rc == 0) rc = job_add(j, doc, &cap);
  if (rc < 0)
    af->doc_free(doc);
out:
  host ? af->free(body) : free(body);
  free(url);
  j->err = rc < 0 ? rc : 0;
}

/* ---- the loop side ---------------------------------------------------- */

static void job_free(file_job *j) {
  if (!j)
    return;
  for (size_t i = j->next_doc; i < j->n_docs; i++)
    af->doc_free(j->docs[i]);
  free(j->docs);
  free(j);
}

static void window_free(files_ctx *c) {
  for (size_t i = 0; c->win && i < c->win_n; i++)
    job_free(c->win[(c->win_head + i) % (size_t)c->readahead]);
  c->win_n = 0;
  free(c->win);
  c->win = NULL;
}

static void finish(files_ctx *c) {
  if (c->finished)
    return;
  c->finished = 1;
  af->log(c->inst, AF_LOG_INFO, "files.done", "path=%s files=%zu failed=%ld", c->root,
          c->n_files, c->failed);
  af->source_done(c->inst, c->failed);
}

/* Records a finished read; the documents wait in the window for their turn. */
static void job_finished(files_ctx *c, file_job *j, int status) {
  c->inflight--;
  j->done = 1;
  int err = status < 0 ? status : j->err;
  if (err < 0) {
    if (err != AF_ECANCELED) {
      af->log(c->inst, AF_LOG_WARN, "files.unreadable", "path=%s error=\"%s\"", j->path,
              j->why[0] && err == j->err ? j->why : af->strerror(err));
      c->failed++;
    }
    for (size_t i = j->next_doc; i < j->n_docs; i++)
      af->doc_free(j->docs[i]);
    j->n_docs = j->next_doc = 0;
  }
}

static void read_done(af_inst *inst, void *ctxp, void *ud, int status);

/* Emits whatever is ready at the head of the window, in file order, and
 * keeps up to `readahead` reads going behind it.  Returns when the
 * pipeline is full, nothing is ready yet, or the tree is done. */
static void pump(files_ctx *c) {
  if (c->pumping)
    return;
  c->pumping = 1;
  size_t cap = (size_t)c->readahead;
  for (int progress = 1; progress && !c->stopping;) {
    progress = 0;
    while (!c->paused && c->win_n > 0 && c->win[c->win_head]->done) {
      file_job *j = c->win[c->win_head];
      if (j->next_doc < j->n_docs) {
        int rc = af->emit(c->inst, j->docs[j->next_doc++]);
        if (rc < 0) {
          af->log(c->inst, AF_LOG_WARN, "files.emit_failed", "path=%s error=\"%s\"",
                  j->path, af->strerror(rc));
          c->failed++;
        } else if (rc == 1) {
          c->paused = 1;
        }
        continue;
      }
      job_free(j);
      c->win_head = (c->win_head + 1) % cap;
      c->win_n--;
      progress = 1;
    }
    while (c->win_n < cap && c->next_file < c->n_files) {
      file_job *j = calloc(1, sizeof *j);
      if (!j) {
        af->log(c->inst, AF_LOG_ERROR, "files.nomem", "path=%s", c->files[c->next_file]);
        c->failed += (long)(c->n_files - c->next_file);
        c->next_file = c->n_files;
        break;
      }
      j->ctx = c;
      j->path = c->files[c->next_file++];
      c->win[(c->win_head + c->win_n++) % cap] = j;
      c->inflight++;
      if (af->offload(c->inst, read_work, read_done, j) < 0) {
        read_work(j); /* no pool: read here rather than not at all */
        job_finished(c, j, 0);
      }
      progress = 1;
    }
  }
  if (!c->stopping && c->walked && c->win_n == 0 && c->next_file >= c->n_files)
    finish(c);
  c->pumping = 0;
}

static void read_done(af_inst *inst, void *ctxp, void *ud, int status) {
  files_ctx *c = ctxp;
  job_finished(c, ud, status);
  if (c->stopping) {
    if (c->inflight == 0) {
      window_free(c);
      af->stopped(inst);
    }
    return;
  }
  pump(c);
}

static void walk_free(walk_job *w) {
  for (size_t i = 0; i < w->n; i++)
    free(w->files[i]);
  free(w->files);
  free(w->seen_dev);
  free(w->seen_ino);
  free(w);
}

static void walk_done(af_inst *inst, void *ctxp, void *ud, int status) {
  files_ctx *c = ctxp;
  walk_job *w = ud;
  c->inflight--;
  c->walked = 1;
  int err = status < 0 ? status : w->err;
  c->failed += w->failed;
  if (err < 0 || c->stopping) {
    if (err < 0 && err != AF_ECANCELED)
      af->log(inst, AF_LOG_ERROR, "files.walk_failed", "path=%s error=\"%s\"", c->root,
              af->strerror(err));
    walk_free(w);
    if (c->stopping)
      af->stopped(inst);
    else
      finish(c);
    return;
  }
  c->files = w->files;
  c->n_files = w->n;
  w->files = NULL;
  w->n = 0;
  walk_free(w);
  af->log(inst, AF_LOG_INFO, "files.scanned", "path=%s files=%zu", c->root, c->n_files);
  pump(c);
}

static int files_create(af_inst *inst, void *ctxp) {
  files_ctx *c = ctxp;
  c->inst = inst;
  if (c->max_files < 0) {
    af->log(inst, AF_LOG_ERROR, "files.bad_option", "max_files must not be negative");
    return AF_ECONFIG;
  }
  if (c->readahead < 1 || c->readahead > 256) {
    af->log(inst, AF_LOG_ERROR, "files.bad_option", "readahead=%ld: expected 1-256",
            c->readahead);
    return AF_ECONFIG;
  }
  /* Resolved once so that every document URL is absolute and the same
   * however the run was started. */
  c->root = realpath(c->path, NULL);
  struct stat st;
  if (!c->root || stat(c->root, &st) != 0 || !S_ISDIR(st.st_mode)) {
    int err = c->root ? ENOTDIR : errno;
    af->log(inst, AF_LOG_ERROR, "files.bad_path", "path=%s error=\"%s\"", c->path,
            strerror(err));
    free(c->root);
    c->root = NULL;
    return AF_ECONFIG;
  }
  return 0;
}

static int files_start(af_inst *inst, void *ctxp) {
  files_ctx *c = ctxp;
  c->win = calloc((size_t)c->readahead, sizeof *c->win);
  walk_job *w = calloc(1, sizeof *w);
  if (!c->win || !w) {
    free(w);
    return AF_ENOMEM;
  }
  w->ctx = c;
  c->inflight++;
  if (af->offload(inst, walk_work, walk_done, w) < 0) {
    walk_work(w);
    walk_done(inst, c, w, 0);
  }
  return 0;
}

static void files_resume(af_inst *inst, void *ctxp) {
  files_ctx *c = ctxp;
  if (!c->paused)
    return;
  c->paused = 0;
  pump(c);
}

static int files_stop(af_inst *inst, void *ctxp) {
  files_ctx *c = ctxp;
  if (c->stopping)
    return 0;
  c->stopping = 1;
  if (c->inflight > 0)
    return 1; /* read_done/walk_done calls api->stopped */
  window_free(c);
  return 0;
}

static void files_destroy(af_inst *inst, void *ctxp) {
  files_ctx *c = ctxp;
  /* Jobs still on the pool belong to a core that did not wait for
   * stopped(); only finished ones are safe to free. */
  if (c->inflight == 0)
    window_free(c);
  for (size_t i = 0; i < c->n_files; i++)
    free(c->files[i]);
  free(c->files);
  c->files = NULL;
  c->n_files = 0;
  free(c->root);
  c->root = NULL;
}

static const af_plugin files_plugin = {
    AF_PLUGIN_INIT("files", FILES_VERSION,
                   "read .html, .htm, .txt and .xml files from a directory tree",
                   AF_KIND_SOURCE),
    .opts = files_opts,
    .ctx_size = sizeof(files_ctx),
    .create = files_create,
    .start = files_start,
    .stop = files_stop,
    .destroy = files_destroy,
    .resume = files_resume,
    .write = NULL,
    .flush = NULL,
    .flags = AF_PLUGIN_NO_FETCH, /* it reads files: no HTTP keys */
};

AF_PLUGIN(files_plugin)
