-- Version 1 -> 2, run before schema.sql in the same transaction: the
-- columns version 2 adds to existing tables.  The new tables, indexes,
-- view and search tables come from schema.sql; backfill_1_2.sql then
-- fills them from what version 1 stored.
ALTER TABLE document_revisions ADD COLUMN title TEXT;
ALTER TABLE document_revisions ADD COLUMN text TEXT;
ALTER TABLE findings ADD COLUMN speaker_organisation TEXT;
ALTER TABLE findings ADD COLUMN report_id TEXT REFERENCES reports (id);
ALTER TABLE findings ADD COLUMN report_basis TEXT;
ALTER TABLE findings ADD COLUMN report_confidence REAL;
ALTER TABLE findings ADD COLUMN first_revision INTEGER;
ALTER TABLE findings ADD COLUMN last_revision INTEGER;
ALTER TABLE findings ADD COLUMN withdrawn_in INTEGER;
