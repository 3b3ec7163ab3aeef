-- Version 2 -> 3, after schema.sql (a new database) or on a version-2
-- one, in the same transaction: the misquote check's discrepancies (record
-- ABI 2.1), one row per figure of a finding that disagrees with the same
-- quantity in another finding about the same NAO report.  The report's
-- type needs no new column: reports.type is filled from version 3 on.
CREATE TABLE IF NOT EXISTS finding_discrepancies (
  finding_id    TEXT NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
  ord           INTEGER NOT NULL,
  report_id     TEXT,
  other_finding TEXT,
  other_doc     TEXT,
  raw           TEXT,
  other_raw     TEXT,
  value         REAL,
  other_value   REAL,
  unit          TEXT,
  relative      REAL,
  PRIMARY KEY (finding_id, ord)
);
CREATE INDEX IF NOT EXISTS finding_discrepancies_report ON finding_discrepancies (report_id);

PRAGMA user_version = 3;
