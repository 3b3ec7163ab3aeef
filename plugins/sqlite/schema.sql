-- auditfeed SQLite schema, version 2 (PRAGMA user_version): the relational
-- shape shared with the postgres sink; docs/schema.md says what every
-- column means.
--
-- Written by the `sqlite` sink plugin; embedded into af_sqlite.so at build
-- time and applied (inside one transaction) to a new database, and to a
-- version-1 database after migrate_1_2.sql, so every statement here is
-- idempotent (IF NOT EXISTS).  A change that is not purely additive bumps
-- user_version and adds a migrate_N_M.sql.
--
-- Conventions: text is UTF-8; dates are ISO 8601 text ("2019-01-24" or
-- "2019-01-24T09:30:00Z"), which sorts correctly as text; NULL = unknown.
-- The `json` columns and findings.bodies/figures/report_published are
-- SQLite-only, kept from version 1: the record as the jsonl sink writes
-- it, so nothing the core emits is lost even when it has no column.

-- One row per document, at its latest revision.
CREATE TABLE IF NOT EXISTS documents (
  id                 TEXT PRIMARY KEY,
  canonical_url      TEXT,
  url                TEXT NOT NULL,
  final_url          TEXT,
  source             TEXT,
  plugin             TEXT,
  plugin_version     TEXT,
  http_status        INTEGER,
  fetched            TEXT,
  published          TEXT,
  publisher          TEXT,
  title              TEXT,
  byline             TEXT,
  language           TEXT,
  doc_kind           TEXT,
  summary            TEXT,
  text               TEXT,
  content_hash       TEXT,
  revision           INTEGER NOT NULL DEFAULT 1,
  trace_id           TEXT,
  extractor_version  TEXT,
  normaliser_version TEXT,
  json               TEXT
);
CREATE INDEX IF NOT EXISTS documents_canonical_url ON documents (canonical_url);
CREATE INDEX IF NOT EXISTS documents_published ON documents (published);
CREATE INDEX IF NOT EXISTS documents_source ON documents (source, fetched);

-- Every version of a document that was seen, with its own title and text.
CREATE TABLE IF NOT EXISTS document_revisions (
  doc_id       TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  revision     INTEGER NOT NULL,
  content_hash TEXT,
  prev_hash    TEXT,
  fetched      TEXT,
  title        TEXT,
  text         TEXT,
  PRIMARY KEY (doc_id, revision)
);

CREATE TABLE IF NOT EXISTS reports (
  id        TEXT PRIMARY KEY,
  title     TEXT,
  published TEXT,
  hc        TEXT,
  url       TEXT,
  type      TEXT
);

-- Every finding ever seen; withdrawn_in marks the ones a later revision
-- of their document dropped.
CREATE TABLE IF NOT EXISTS findings (
  id                   TEXT PRIMARY KEY,
  doc_id               TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  kind                 TEXT NOT NULL,
  text                 TEXT NOT NULL,
  span_start           INTEGER,
  span_end             INTEGER,
  attributed_to        TEXT,
  topic                TEXT,
  bodies               TEXT,
  figures              TEXT,
  speaker_name         TEXT,
  speaker_role         TEXT,
  report_title         TEXT,
  report_published     TEXT,
  json                 TEXT,
  speaker_organisation TEXT,
  report_id            TEXT REFERENCES reports (id),
  report_basis         TEXT,
  report_confidence    REAL,
  first_revision       INTEGER,
  last_revision        INTEGER,
  withdrawn_in         INTEGER
);
CREATE INDEX IF NOT EXISTS findings_doc_id ON findings (doc_id);
CREATE INDEX IF NOT EXISTS findings_kind ON findings (kind, topic);
DROP INDEX IF EXISTS findings_report;
CREATE INDEX IF NOT EXISTS findings_report_id ON findings (report_id);
CREATE INDEX IF NOT EXISTS findings_withdrawn ON findings (withdrawn_in) WHERE withdrawn_in IS NOT NULL;

CREATE TABLE IF NOT EXISTS finding_figures (
  finding_id TEXT NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
  ord        INTEGER NOT NULL,
  raw        TEXT,
  value      REAL,
  unit       TEXT,
  scale      TEXT,
  per        TEXT,
  qualifier  TEXT,
  bound      TEXT,
  role       TEXT,
  measure    TEXT,
  period     TEXT,
  span_start INTEGER,
  span_end   INTEGER,
  PRIMARY KEY (finding_id, ord)
);
CREATE INDEX IF NOT EXISTS finding_figures_unit ON finding_figures (unit, value);

CREATE TABLE IF NOT EXISTS finding_bodies (
  finding_id TEXT NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
  body       TEXT NOT NULL,
  PRIMARY KEY (finding_id, body)
);
CREATE INDEX IF NOT EXISTS finding_bodies_body ON finding_bodies (body);

CREATE VIEW IF NOT EXISTS findings_view AS
SELECT f.id, f.doc_id,
       d.title AS doc_title,
       coalesce(d.canonical_url, d.final_url, d.url) AS url,
       d.published, d.publisher, d.source,
       f.kind, f.text, f.attributed_to, f.topic,
       (SELECT group_concat(body, ';') FROM
          (SELECT b.body FROM finding_bodies b WHERE b.finding_id = f.id ORDER BY b.body)) AS bodies,
       (SELECT count(*) FROM finding_figures n WHERE n.finding_id = f.id) AS n_figures,
       g.value AS figure_value, g.unit AS figure_unit, g.role AS figure_role,
       g.measure AS figure_measure, g.period AS figure_period,
       f.speaker_name, f.speaker_role, f.speaker_organisation,
       f.report_id, coalesce(r.title, f.report_title) AS report_title,
       r.published AS report_published, r.hc AS report_hc, r.url AS report_url,
       f.report_basis,
       f.first_revision, f.last_revision, f.withdrawn_in
  FROM findings f
  JOIN documents d ON d.id = f.doc_id
  LEFT JOIN finding_figures g ON g.finding_id = f.id AND g.ord = 0
  LEFT JOIN reports r ON r.id = f.report_id;

-- Full-text search (FTS5, external content): kept in step with the
-- tables by triggers, so every writer of the tables updates it.
CREATE VIRTUAL TABLE IF NOT EXISTS findings_fts USING fts5 (
  text, content = 'findings', content_rowid = 'rowid', tokenize = 'porter unicode61');
CREATE TRIGGER IF NOT EXISTS findings_fts_ai AFTER INSERT ON findings BEGIN
  INSERT INTO findings_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER IF NOT EXISTS findings_fts_ad AFTER DELETE ON findings BEGIN
  INSERT INTO findings_fts (findings_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE TRIGGER IF NOT EXISTS findings_fts_au AFTER UPDATE OF text ON findings
  WHEN old.text IS NOT new.text BEGIN
  INSERT INTO findings_fts (findings_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
  INSERT INTO findings_fts (rowid, text) VALUES (new.rowid, new.text);
END;

CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5 (
  title, text, content = 'documents', content_rowid = 'rowid', tokenize = 'porter unicode61');
CREATE TRIGGER IF NOT EXISTS documents_fts_ai AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS documents_fts_ad AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS documents_fts_au AFTER UPDATE OF title, text ON documents
  WHEN old.title IS NOT new.title OR old.text IS NOT new.text BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
  INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;

PRAGMA user_version = 2;
