/* The state store: one SQLite file in WAL mode holding what earlier runs
 * saw (HTTP validators, document hashes and revisions, what each sink has
 * committed, plugins' own keys).  Loop thread only. */
#include "state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include <auditfeed/errno.h>

enum {
  Q_KV_GET, Q_KV_PUT, Q_KV_DEL, Q_KV_LIST, Q_SINK_COUNTS, Q_VAL_GET, Q_VAL_PUT, Q_DOC_GET, Q_DOC_PUT,
  Q_SINK_HAS, Q_SINK_ACK, Q_BEGIN, Q_COMMIT, Q_COUNT
};

static const char *const queries[Q_COUNT] = {
    [Q_KV_GET] = "SELECT value FROM kv WHERE scope=?1 AND key=?2",
    [Q_KV_PUT] = "INSERT INTO kv(scope,key,value) VALUES(?1,?2,?3) "
                 "ON CONFLICT(scope,key) DO UPDATE SET value=excluded.value",
    [Q_KV_DEL] = "DELETE FROM kv WHERE scope=?1 AND key=?2",
    [Q_KV_LIST] = "SELECT key,value FROM kv WHERE scope=?1 ORDER BY key",
    [Q_SINK_COUNTS] = "SELECT sink, count(*) FROM sink_acks GROUP BY sink ORDER BY sink",
    [Q_VAL_GET] = "SELECT etag,last_modified FROM validators WHERE url=?1",
    [Q_VAL_PUT] = "INSERT INTO validators(url,etag,last_modified) VALUES(?1,?2,?3) "
                  "ON CONFLICT(url) DO UPDATE SET etag=excluded.etag, "
                  "last_modified=excluded.last_modified",
    [Q_DOC_GET] = "SELECT content_hash,revision FROM documents WHERE id=?1",
    [Q_DOC_PUT] = "INSERT INTO documents(id,url,content_hash,revision,seen) "
                  "VALUES(?1,?2,?3,?4,strftime('%Y-%m-%dT%H:%M:%SZ','now')) "
                  "ON CONFLICT(id) DO UPDATE SET url=excluded.url, "
                  "content_hash=excluded.content_hash, revision=excluded.revision, "
                  "seen=excluded.seen",
    [Q_SINK_HAS] = "SELECT 1 FROM sink_acks WHERE sink=?1 AND doc_id=?2 AND content_hash=?3",
    [Q_SINK_ACK] = "INSERT INTO sink_acks(sink,doc_id,content_hash,acked) "
                   "VALUES(?1,?2,?3,strftime('%Y-%m-%dT%H:%M:%SZ','now')) "
                   "ON CONFLICT(sink,doc_id) DO UPDATE SET "
                   "content_hash=excluded.content_hash, acked=excluded.acked",
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_COMMIT] = "COMMIT",
};

static const char schema[] =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "CREATE TABLE IF NOT EXISTS kv(scope TEXT NOT NULL, key TEXT NOT NULL,"
    " value TEXT, PRIMARY KEY(scope,key));"
    "CREATE TABLE IF NOT EXISTS validators(url TEXT PRIMARY KEY, etag TEXT,"
    " last_modified TEXT);"
    "CREATE TABLE IF NOT EXISTS documents(id TEXT PRIMARY KEY, url TEXT,"
    " content_hash TEXT, revision INTEGER, seen TEXT);"
    "CREATE TABLE IF NOT EXISTS sink_acks(sink TEXT NOT NULL, doc_id TEXT NOT NULL,"
    " content_hash TEXT, acked TEXT, PRIMARY KEY(sink,doc_id));";

struct af__state {
  sqlite3 *db;
  sqlite3_stmt *q[Q_COUNT];
  int depth;
  char *path;
};

int af__mkdir_p(const char *dir) {
  char buf[4096];
  size_t n = strlen(dir);
  if (n == 0 || n >= sizeof(buf))
    return AF_EINVAL;
  memcpy(buf, dir, n + 1);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/')
      continue;
    *p = '\0';
    if (mkdir(buf, 0755) != 0 && errno != EEXIST)
      return -errno;
    *p = '/';
  }
  if (mkdir(buf, 0755) != 0 && errno != EEXIST)
    return -errno;
  return 0;
}

int af__state_check(const char *dir, char *err, size_t errlen) {
  char path[4096];
  struct stat st;
  if ((size_t)snprintf(path, sizeof(path), "%s", dir) >= sizeof(path) - 16) {
    snprintf(err, errlen, "state directory path too long: %s", dir);
    return AF_EINVAL;
  }
  if (stat(path, &st) == 0) {
    if (!S_ISDIR(st.st_mode)) {
      snprintf(err, errlen, "state directory %s is not a directory", dir);
      return AF_EINVAL;
    }
    if (access(path, W_OK | X_OK) != 0) {
      snprintf(err, errlen, "state directory %s cannot be written: %s", dir,
               strerror(errno));
      return AF_EIO;
    }
    strcat(path, "/state.db");
    if (stat(path, &st) == 0 && access(path, R_OK | W_OK) != 0) {
      snprintf(err, errlen, "state store %s cannot be written: %s", path,
               strerror(errno));
      return AF_EIO;
    }
    return 0;
  }
  /* Missing: the nearest directory above it must let us create it. */
  char *slash;
  while (stat(path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR) &&
         (slash = strrchr(path, '/')) &&
         slash != path)
    *slash = '\0';
  if (stat(path, &st) != 0 && errno == ENOENT)
    snprintf(path, sizeof(path), "%s", dir[0] == '/' ? "/" : ".");
  if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode) || access(path, W_OK | X_OK) != 0) {
    snprintf(err, errlen, "cannot create state directory %s: %s %s", dir, path,
             stat(path, &st) == 0 && !S_ISDIR(st.st_mode) ? "is not a directory"
                                                          : "cannot be written");
    return AF_EIO;
  }
  return 0;
}

static int state_init(af__state *s, char *err, size_t errlen);

int af__state_open(const char *dir, af__state **out, char *err, size_t errlen) {
  af__state *s = calloc(1, sizeof(*s));
  int rc;

  *out = NULL;
  if (!s)
    return AF_ENOMEM;
  rc = af__mkdir_p(dir);
  if (rc) {
    snprintf(err, errlen, "cannot create state directory %s: %s", dir,
             strerror(-rc));
    free(s);
    return rc;
  }
  size_t n = strlen(dir) + sizeof("/state.db");
  s->path = malloc(n);
  if (!s->path) {
    free(s);
    return AF_ENOMEM;
  }
  snprintf(s->path, n, "%s/state.db", dir);
  if (sqlite3_open_v2(s->path, &s->db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
      SQLITE_OK) {
    snprintf(err, errlen, "cannot open %s: %s", s->path,
             s->db ? sqlite3_errmsg(s->db) : "out of memory");
    af__state_close(s);
    return AF_ESTATE;
  }
  sqlite3_busy_timeout(s->db, 5000);
  rc = state_init(s, err, errlen);
  if (rc)
    return rc;
  *out = s;
  return 0;
}

/* The schema and the prepared queries of an open store; on failure the
 * store is closed. */
static int state_init(af__state *s, char *err, size_t errlen) {
  char *msg = NULL;
  if (sqlite3_exec(s->db, schema, NULL, NULL, &msg) != SQLITE_OK) {
    snprintf(err, errlen, "%s: %s", s->path, msg ? msg : "schema failed");
    sqlite3_free(msg);
    af__state_close(s);
    return AF_ESTATE;
  }
  for (int i = 0; i < Q_COUNT; i++) {
    if (sqlite3_prepare_v2(s->db, queries[i], -1, &s->q[i], NULL) != SQLITE_OK) {
      snprintf(err, errlen, "%s: %s", s->path, sqlite3_errmsg(s->db));
      af__state_close(s);
      return AF_ESTATE;
    }
  }
  return 0;
}

void af__state_close(af__state *s) {
  if (!s)
    return;
  for (int i = 0; i < Q_COUNT; i++)
    sqlite3_finalize(s->q[i]);
  sqlite3_close(s->db);
  free(s->path);
  free(s);
}

const char *af__state_path(const af__state *s) { return s ? s->path : NULL; }

sqlite3 *af__state_db(af__state *s) { return s ? s->db : NULL; }

static sqlite3_stmt *stmt(af__state *s, int q) {
  sqlite3_stmt *st = s->q[q];
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return st;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v) {
  if (v)
    sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(st, i);
}

/* Query q, reset, its parameters 1..n bound to the strings of v (borrowed
 * until the statement is reset; NULL binds NULL). */
static sqlite3_stmt *stmt_texts(af__state *s, int q, const char *const *v, int n) {
  sqlite3_stmt *st = stmt(s, q);
  for (int i = 0; i < n; i++)
    bind_text(st, i + 1, v[i]);
  return st;
}

static char *col_dup(sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? strdup((const char *)t) : NULL;
}

static int step_done(sqlite3_stmt *st) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? 0 : AF_ESTATE;
}

/* Runs query q on the strings of v, a query that yields at most one row:
 * 1 with *out on the row, to be read and then released with
 * sqlite3_reset; 0 when there is none and AF_ESTATE on an error (the
 * statement is reset then). */
static int one_row(af__state *s, int q, const char *const *v, int n, sqlite3_stmt **out) {
  sqlite3_stmt *st = *out = stmt_texts(s, q, v, n);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    return 1;
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? 0 : AF_ESTATE;
}

int af__state_kv_get(af__state *s, const char *scope, const char *key, char **out) {
  sqlite3_stmt *st;
  *out = NULL;
  int rc = one_row(s, Q_KV_GET, (const char *const[]){scope, key}, 2, &st);
  if (rc == 1) {
    *out = col_dup(st, 0);
    sqlite3_reset(st);
    return *out ? 1 : AF_ENOMEM;
  }
  return rc;
}

int af__state_kv_put(af__state *s, const char *scope, const char *key,
                    const char *value) {
  return step_done(stmt_texts(s, Q_KV_PUT, (const char *const[]){scope, key, value}, 3));
}

int af__state_kv_del(af__state *s, const char *scope, const char *key) {
  return step_done(stmt_texts(s, Q_KV_DEL, (const char *const[]){scope, key}, 2));
}

int af__state_kv_list(af__state *s, const char *scope,
                     int (*cb)(const char *key, const char *value, void *ud),
                     void *ud) {
  sqlite3_stmt *st = stmt_texts(s, Q_KV_LIST, &scope, 1);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    if (cb((const char *)sqlite3_column_text(st, 0),
           (const char *)sqlite3_column_text(st, 1), ud))
      break;
  sqlite3_reset(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : AF_ESTATE;
}

int af__state_sink_counts(af__state *s, int (*cb)(const char *sink, long n, void *ud),
                         void *ud) {
  sqlite3_stmt *st = stmt(s, Q_SINK_COUNTS);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    if (cb((const char *)sqlite3_column_text(st, 0),
           (long)sqlite3_column_int64(st, 1), ud))
      break;
  sqlite3_reset(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : AF_ESTATE;
}

int af__state_validators_get(af__state *s, const char *url, char **etag,
                            char **last_modified) {
  sqlite3_stmt *st;
  *etag = *last_modified = NULL;
  int rc = one_row(s, Q_VAL_GET, &url, 1, &st);
  if (rc == 1) {
    *etag = col_dup(st, 0);
    *last_modified = col_dup(st, 1);
    sqlite3_reset(st);
  }
  return rc;
}

int af__state_validators_put(af__state *s, const char *url, const char *etag,
                            const char *last_modified) {
  return step_done(stmt_texts(s, Q_VAL_PUT, (const char *const[]){url, etag, last_modified}, 3));
}

int af__state_doc_get(af__state *s, const char *doc_id, char **hash,
                     int *revision) {
  sqlite3_stmt *st;
  *hash = NULL;
  *revision = 0;
  int rc = one_row(s, Q_DOC_GET, &doc_id, 1, &st);
  if (rc == 1) {
    *hash = col_dup(st, 0);
    *revision = sqlite3_column_int(st, 1);
    sqlite3_reset(st);
  }
  return rc;
}

int af__state_doc_put(af__state *s, const char *doc_id, const char *url,
                     const char *hash, int revision) {
  sqlite3_stmt *st = stmt_texts(s, Q_DOC_PUT, (const char *const[]){doc_id, url, hash}, 3);
  sqlite3_bind_int(st, 4, revision);
  return step_done(st);
}

int af__state_sink_has(af__state *s, const char *sink, const char *doc_id,
                      const char *hash) {
  sqlite3_stmt *st;
  int rc = one_row(s, Q_SINK_HAS, (const char *const[]){sink, doc_id, hash}, 3, &st);
  if (rc == 1)
    sqlite3_reset(st);
  return rc;
}

int af__state_sink_ack(af__state *s, const char *sink, const char *doc_id,
                      const char *hash) {
  return step_done(stmt_texts(s, Q_SINK_ACK, (const char *const[]){sink, doc_id, hash}, 3));
}

int af__state_begin(af__state *s) {
  if (s->depth++ > 0)
    return 0;
  return step_done(stmt(s, Q_BEGIN));
}

int af__state_commit(af__state *s) {
  if (s->depth == 0)
    return AF_EINVAL;
  if (--s->depth > 0)
    return 0;
  return step_done(stmt(s, Q_COMMIT));
}

/* Copies the file at s->path into the in-memory database s->db.  The file
 * is opened read-only: immutable (no lock, no -wal or -shm file created)
 * when no write-ahead log is beside it, which is how a run leaves it; with
 * a log (a run going on, or one killed), read-only through the log, so its
 * last commits are seen.  0, or AF_ESTATE with the reason in err. */
static int copy_into_memory(af__state *s, char *err, size_t errlen) {
  char wal[4200], uri[4300];
  struct stat st;
  sqlite3 *src = NULL;
  snprintf(wal, sizeof(wal), "%s-wal", s->path);
  int has_wal = stat(wal, &st) == 0;
  /* A URI path: '?' and '#' would start the query or the fragment. */
  size_t o = (size_t)snprintf(uri, sizeof(uri), "file:");
  for (const char *p = s->path; *p && o + 4 < sizeof(uri); p++)
    o += (size_t)(*p == '?' || *p == '#' || *p == '%'
                      ? snprintf(uri + o, sizeof(uri) - o, "%%%02X", (unsigned char)*p)
                      : snprintf(uri + o, sizeof(uri) - o, "%c", *p));
  snprintf(uri + o, sizeof(uri) - o, "%s", has_wal ? "?mode=ro" : "?immutable=1");
  int rc = sqlite3_open_v2(uri, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_busy_timeout(src, 5000);
    sqlite3_backup *b = sqlite3_backup_init(s->db, "main", src, "main");
    rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(s->db);
    if (b)
      sqlite3_backup_finish(b);
    rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
  }
  if (rc != SQLITE_OK)
    snprintf(err, errlen, "cannot read %s: %s", s->path,
             src ? sqlite3_errmsg(src) : sqlite3_errstr(rc));
  sqlite3_close(src);
  return rc == SQLITE_OK ? 0 : AF_ESTATE;
}

int af__state_open_snapshot(const char *dir, af__state **out, char *err,
                           size_t errlen) {
  af__state *s = calloc(1, sizeof(*s));
  struct stat st;
  int rc;

  *out = NULL;
  if (!s)
    return AF_ENOMEM;
  size_t n = strlen(dir) + sizeof("/state.db");
  s->path = malloc(n);
  if (!s->path) {
    free(s);
    return AF_ENOMEM;
  }
  snprintf(s->path, n, "%s/state.db", dir);
  if (sqlite3_open_v2(":memory:", &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      NULL) != SQLITE_OK) {
    snprintf(err, errlen, "cannot open an in-memory copy of %s: out of memory",
             s->path);
    af__state_close(s);
    return AF_ESTATE;
  }
  if (stat(s->path, &st) == 0) {
    rc = copy_into_memory(s, err, errlen);
    if (rc) {
      af__state_close(s);
      return rc;
    }
  }
  rc = state_init(s, err, errlen);
  if (rc)
    return rc;
  *out = s;
  return 0;
}
