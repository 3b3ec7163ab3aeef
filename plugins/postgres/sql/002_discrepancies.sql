-- Migration 2: the misquote check's discrepancies (record ABI 2.1), one
-- row per figure of a finding that disagrees with the same quantity in
-- another finding about the same NAO report; the same table as SQLite's
-- schema version 3.  reports.type (from migration 1) is filled from now on.
CREATE TABLE finding_discrepancies (
  finding_id    text NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
  ord           integer NOT NULL,
  report_id     text,
  other_finding text,
  other_doc     text,
  raw           text,
  other_raw     text,
  value         double precision,
  other_value   double precision,
  unit          text,
  relative      double precision,
  PRIMARY KEY (finding_id, ord)
);
CREATE INDEX finding_discrepancies_report ON finding_discrepancies (report_id);
