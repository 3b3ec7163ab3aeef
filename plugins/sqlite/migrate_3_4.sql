-- Version 3 -> 4, after migrate_2_3.sql (a new database) or on a version-3
-- one, in the same transaction: the full-text entries of the rows a sink
-- batch inserts are added once, at the end of the batch, instead of row by
-- row from the insert triggers.
--
-- Why: SQLite's FTS5 (3.40) writes its pending entries out as a new index
-- segment whenever a statement opens a statement savepoint while it holds
-- any, and every insert or upsert with a trigger or a foreign key opens
-- one.  Indexed from the triggers, a batch of 64 documents became about 64
-- segments, each merged again later: about a third more CPU than the same
-- entries added by one statement per batch (docs/benchmarks.md).
--
-- How: the sqlite sink puts the mark row ('', 0) in fts_pending after
-- BEGIN.  While it is there, the insert triggers only note the new row's
-- rowid in fts_pending, and the sink indexes the noted rows and empties
-- the table before COMMIT, so the table is empty in every committed state
-- and any other writer (no mark) keeps the triggers' row-by-row upkeep.
-- A noted row is not in the index yet: an update or delete of it in the
-- same batch leaves the index alone, the batch's end reads its final text.
CREATE TABLE IF NOT EXISTS fts_pending (
  tbl TEXT NOT NULL,    -- 'documents' or 'findings'; '' for the mark
  row INTEGER NOT NULL, -- the row's rowid
  PRIMARY KEY (tbl, row)
) WITHOUT ROWID;

DROP TRIGGER IF EXISTS findings_fts_ai;
DROP TRIGGER IF EXISTS findings_fts_ad;
DROP TRIGGER IF EXISTS findings_fts_au;
CREATE TRIGGER findings_fts_ai AFTER INSERT ON findings
  WHEN NOT EXISTS (SELECT 1 FROM fts_pending WHERE tbl = '') BEGIN
  INSERT INTO findings_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER findings_fts_ai_batch AFTER INSERT ON findings
  WHEN EXISTS (SELECT 1 FROM fts_pending WHERE tbl = '') BEGIN
  INSERT OR IGNORE INTO fts_pending (tbl, row) VALUES ('findings', new.rowid);
END;
CREATE TRIGGER findings_fts_ad AFTER DELETE ON findings
  WHEN NOT EXISTS (SELECT 1 FROM fts_pending WHERE tbl = 'findings' AND row = old.rowid) BEGIN
  INSERT INTO findings_fts (findings_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE TRIGGER findings_fts_au AFTER UPDATE OF text ON findings
  WHEN old.text IS NOT new.text
   AND NOT EXISTS (SELECT 1 FROM fts_pending WHERE tbl = 'findings' AND row = old.rowid) BEGIN
  INSERT INTO findings_fts (findings_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
  INSERT INTO findings_fts (rowid, text) VALUES (new.rowid, new.text);
END;

DROP TRIGGER IF EXISTS documents_fts_ai;
DROP TRIGGER IF EXISTS documents_fts_ad;
DROP TRIGGER IF EXISTS documents_fts_au;
CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents
  WHEN NOT EXISTS (SELECT 1 FROM fts_pending WHERE tbl = '') BEGIN
  INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER documents_fts_ai_batch AFTER INSERT ON documents
  WHEN EXISTS (SELECT 1 FROM fts_pending WHERE tbl = '') BEGIN
  INSERT OR IGNORE INTO fts_pending (tbl, row) VALUES ('documents', new.rowid);
END;
CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents
  WHEN NOT EXISTS (SELECT 1 FROM fts_pending WHERE tbl = 'documents' AND row = old.rowid) BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents
  WHEN (old.title IS NOT new.title OR old.text IS NOT new.text)
   AND NOT EXISTS (SELECT 1 FROM fts_pending WHERE tbl = 'documents' AND row = old.rowid) BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
  INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;

PRAGMA user_version = 4;
