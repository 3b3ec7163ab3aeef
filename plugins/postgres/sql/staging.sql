-- Per-connection staging tables: each batch is COPYed here, then merged
-- into the real tables by apply.sql in the same transaction.  Emptied at
-- every commit; gone with the connection.
CREATE TEMP TABLE st_doc (
  id text, canonical_url text, url text, final_url text, source text, plugin text,
  plugin_version text, http_status bigint, fetched text, published text, publisher text,
  title text, byline text, language text, doc_kind text, summary text, text text,
  content_hash text, prev_hash text, revision integer, trace_id text,
  extractor_version text, normaliser_version text
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE st_finding (
  id text, doc_id text, kind text, text text, span_start bigint, span_end bigint,
  attributed_to text, topic text, speaker_name text, speaker_role text,
  speaker_organisation text, report_id text, report_title text, report_published text,
  report_hc text, report_url text, report_basis text, report_confidence double precision
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE st_figure (
  finding_id text, ord integer, raw text, value double precision, unit text, scale text,
  per text, qualifier text, bound text, role text, measure text, period text,
  span_start bigint, span_end bigint
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE st_body (finding_id text, body text) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE st_report (
  id text, title text, published text, hc text, url text, type text
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE st_discrepancy (
  finding_id text, ord integer, report_id text, other_finding text, other_doc text, raw text,
  other_raw text, value double precision, other_value double precision, unit text,
  relative double precision
) ON COMMIT DELETE ROWS;
-- A document's text and summary are held out of line uncompressed: they are
-- read once, by apply.sql, so compressing them here (pglz, the default)
-- would be CPU spent only to be undone a moment later.
ALTER TABLE st_doc ALTER COLUMN text SET STORAGE EXTERNAL,
  ALTER COLUMN summary SET STORAGE EXTERNAL;
