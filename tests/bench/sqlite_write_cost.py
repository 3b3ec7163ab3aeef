#!/usr/bin/env python3
"""What the sqlite sink's writes cost, part by part, with SQLite's own CPU.

Reads the documents of a database the sqlite sink wrote (for example one
run of the pipeline benchmark's pages through the files source) and writes
them again into fresh databases of the sink's schema, as the sink does: in
transactions of 64 documents, each document upserted, its revision row
inserted and its findings' withdrawal updated, in WAL mode with
synchronous=FULL, the search entries of the batch's new rows added at its
end (schema 4, migrate_3_4.sql).  Each variant changes one thing (a pragma, the full-text
table); the process's user and system CPU for the writes is printed, so the
figures hold on a loaded machine better than wall time does.

Usage: tests/bench/sqlite_write_cost.py SOURCE_DB [ROUNDS]
"""
import os
import resource
import sqlite3
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
COLS = ("id, canonical_url, url, final_url, source, plugin, plugin_version, http_status,"
        " fetched, published, publisher, title, byline, language, doc_kind, summary, text,"
        " content_hash, revision, trace_id, extractor_version, normaliser_version, json")
UPSERT = (f"INSERT INTO documents ({COLS}) VALUES ({', '.join(['?'] * 23)})"
          " ON CONFLICT (id) DO UPDATE SET title = excluded.title, text = excluded.text"
          " WHERE excluded.revision >= documents.revision")
REV = ("INSERT OR IGNORE INTO document_revisions (doc_id, revision, content_hash, prev_hash,"
       " fetched, title, text) VALUES (?, ?, ?, ?, ?, ?, ?)")
WITHDRAW = "UPDATE findings SET withdrawn_in = ? WHERE doc_id = ? AND withdrawn_in IS NULL"


def schema(upto="migrate_3_4.sql"):
    d = os.path.join(ROOT, "plugins", "sqlite")
    files = ("schema.sql", "migrate_2_3.sql", "migrate_3_4.sql")
    return "".join(open(os.path.join(d, f)).read() for f in files[:files.index(upto) + 1])


def schema_3(s):
    """Schema 3: the search entries added row by row by the triggers."""
    return schema("migrate_2_3.sql")


def without_documents_fts(s):
    s = schema("migrate_2_3.sql")
    return s[:s.index("CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts")] + "PRAGMA user_version = 2;"


BATCH_END = ["INSERT INTO documents_fts (rowid, title, text) SELECT d.rowid, d.title, d.text"
             " FROM fts_pending p JOIN documents d ON d.rowid = p.row"
             " WHERE p.tbl = 'documents' ORDER BY p.row",
             "INSERT INTO findings_fts (rowid, text) SELECT f.rowid, f.text"
             " FROM fts_pending p JOIN findings f ON f.rowid = p.row"
             " WHERE p.tbl = 'findings' ORDER BY p.row",
             "DELETE FROM fts_pending"]


def write(docs, work, before="", after="", edit=lambda s: s, row=lambda d: d, rev_text=True):
    path = os.path.join(work, "t.db")
    for f in (path, path + "-wal", path + "-shm"):
        if os.path.exists(f):
            os.remove(f)
    db = sqlite3.connect(path, isolation_level=None)
    if before:
        db.executescript(before)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    db.executescript("BEGIN;" + edit(schema()) + after + ";COMMIT;")
    deferred = db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'fts_pending'").fetchone()[0]
    r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.time()
    for i in range(0, len(docs), 64):
        db.execute("BEGIN IMMEDIATE")
        if deferred:
            db.execute("INSERT INTO fts_pending (tbl, row) VALUES ('', 0)")
        for d in docs[i:i + 64]:
            db.execute(UPSERT, row(d))
            db.execute(REV, (d[0], d[18], d[17], None, d[8], d[11], d[16] if rev_text else None))
            db.execute(WITHDRAW, (d[18], d[0]))
        for sql in BATCH_END if deferred else []:
            db.execute(sql)
        db.execute("COMMIT")
    r1, wall = resource.getrusage(resource.RUSAGE_SELF), time.time() - t0
    db.close()
    return r1.ru_utime - r0.ru_utime, r1.ru_stime - r0.ru_stime, wall, os.path.getsize(path)


VARIANTS = [
    ("as the sink writes (schema 4)", {}),
    ("schema 3: search entries row by row", {"edit": schema_3}),
    ("documents_fts left out", {"edit": without_documents_fts}),
    ("FTS5 automerge 16", {"after": "INSERT INTO documents_fts (documents_fts, rank) VALUES ('automerge', 16);"}),
    ("FTS5 automerge 0 (never merged)", {"after": "INSERT INTO documents_fts (documents_fts, rank) VALUES ('automerge', 0);"}),
    ("page_size 16384", {"before": "PRAGMA page_size = 16384;"}),
    ("cache_size 16 MB", {"after": "PRAGMA cache_size = -16384;"}),
    ("wal_autocheckpoint 4000", {"after": "PRAGMA wal_autocheckpoint = 4000;"}),
    # What the copies of the text cost (not a change the sink can make:
    # documents.json is the only place a document's paragraphs are kept,
    # and the revision row is the history): the record's JSON left out,
    # the revision row's text left out.
    ("documents.json left out", {"row": lambda d: d[:22] + (None,)}),
    ("document_revisions.text left out", {"rev_text": False}),
]


def main():
    src = sqlite3.connect(sys.argv[1])
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    docs = src.execute(f"SELECT {COLS} FROM documents ORDER BY rowid").fetchall()
    print(f"{len(docs)} documents, {rounds} round(s), SQLite {sqlite3.sqlite_version}")
    with tempfile.TemporaryDirectory() as work:
        for r in range(rounds):
            for name, kw in VARIANTS:
                u, s, w, size = write(docs, work, **kw)
                print(f"{r + 1} | {name} | user {u:.2f} | sys {s:.2f} | wall {w:.2f} | {size >> 20} MB",
                      flush=True)


if __name__ == "__main__":
    main()
