-- auditfeed SQLite schema, version 1 (PRAGMA user_version).
--
-- Written by the `sqlite` sink plugin; embedded into af_sqlite.so at build
-- time and applied on every start, so every statement here must be
-- idempotent (IF NOT EXISTS).  A change that is not purely additive must
-- bump user_version and teach the plugin to migrate.
--
-- Conventions: text is UTF-8; dates are ISO 8601 text ("2019-01-24" or
-- "2019-01-24T09:30:00Z"), which sorts correctly as text; NULL = unknown.
-- Each `json` column holds the record exactly as the jsonl sink writes it,
-- so nothing the core emits is lost even when it has no column of its own.

-- One row per document, keyed by the core's stable id (derived from the
-- canonical URL).  A re-run upserts the same row; a revised document
-- (new content_hash) overwrites it and bumps `revision`.
CREATE TABLE IF NOT EXISTS documents (
  id                 TEXT PRIMARY KEY,
  canonical_url      TEXT,
  url                TEXT NOT NULL,
  final_url          TEXT,
  source             TEXT,     -- configured source instance name
  plugin             TEXT,     -- plugin that produced the document
  plugin_version     TEXT,
  http_status        INTEGER,  -- 0 for local files
  fetched            TEXT,     -- when it was fetched (UTC)
  published          TEXT,     -- as stated by the document
  publisher          TEXT,
  title              TEXT,
  byline             TEXT,
  language           TEXT,
  doc_kind           TEXT,     -- news nao_report_page nao_press_release nao_pdf feed_item text
  summary            TEXT,
  text               TEXT,     -- extracted article text, paragraphs joined by a blank line
  content_hash       TEXT,     -- sha256 of `text`, hex
  revision           INTEGER NOT NULL DEFAULT 1,
  trace_id           TEXT,     -- ties the row to the log lines about it
  extractor_version  TEXT,
  normaliser_version TEXT,
  json               TEXT      -- the full document record (without findings)
);

CREATE INDEX IF NOT EXISTS documents_canonical_url ON documents (canonical_url);
CREATE INDEX IF NOT EXISTS documents_published ON documents (published);
CREATE INDEX IF NOT EXISTS documents_source ON documents (source, fetched);

-- History of every version of a document that was seen: one row per
-- (doc_id, revision).  The first version has revision 1 and prev_hash NULL.
CREATE TABLE IF NOT EXISTS document_revisions (
  doc_id       TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  revision     INTEGER NOT NULL,
  content_hash TEXT,
  prev_hash    TEXT,
  fetched      TEXT,
  PRIMARY KEY (doc_id, revision)
);

-- What the NAO found, one row per finding record.  A document's findings
-- are replaced as a whole when a new revision of it arrives, so this table
-- always describes the latest revision only.
CREATE TABLE IF NOT EXISTS findings (
  id               TEXT PRIMARY KEY,  -- stable: document id + normalised text
  doc_id           TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  kind             TEXT NOT NULL,     -- figure verdict recommendation target_vs_outcome quote response
  text             TEXT NOT NULL,     -- exact text from documents.text
  span_start       INTEGER,           -- byte offsets of `text` in documents.text
  span_end         INTEGER,
  attributed_to    TEXT,              -- nao nao_head nao_staff audited_body stakeholder politician author_summary other_source
  topic            TEXT,
  bodies           TEXT,              -- JSON array of gazetteer ids, e.g. ["DfE","LA"]
  figures          TEXT,              -- JSON array of {raw,value,unit,scale,per,qualifier,range,role,measure,period,start,end}
  speaker_name     TEXT,              -- quotes and responses only
  speaker_role     TEXT,
  report_title     TEXT,              -- the NAO report the finding comes from, when known
  report_published TEXT,
  json             TEXT               -- the full finding record
);

CREATE INDEX IF NOT EXISTS findings_doc_id ON findings (doc_id);
CREATE INDEX IF NOT EXISTS findings_kind ON findings (kind, topic);
CREATE INDEX IF NOT EXISTS findings_report ON findings (report_title);

PRAGMA user_version = 1;
