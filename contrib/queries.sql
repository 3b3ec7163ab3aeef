-- Example queries over the tables the sqlite and postgres sinks write
-- (docs/schema.md).  Every statement here runs unchanged on both:
--   sqlite3 var/auditfeed.db < contrib/queries.sql
--   psql "dbname=audit" -f contrib/queries.sql
-- Full-text search is written differently by the two engines:
-- contrib/queries-search-sqlite.sql and contrib/queries-search-postgres.sql.
-- (tests/sinks/schema_both.sh runs all of them on both and compares.)

-- 1. Money figures over £100m about one department (the DfE) in articles
--    published since 2018, from findings the latest revisions still carry.
SELECT d.published, d.title, g.raw, g.value, g.role, f.id
  FROM finding_figures g
  JOIN findings f ON f.id = g.finding_id
  JOIN documents d ON d.id = f.doc_id
  JOIN finding_bodies b ON b.finding_id = f.id AND b.body = 'DfE'
 WHERE g.unit = 'GBP' AND g.value > 100000000
   AND d.published >= '2018'
   AND f.withdrawn_in IS NULL
 ORDER BY d.published, f.id, g.ord;

-- 2. Every withdrawn finding: what an outlet dropped, in which revision,
--    and when that revision was fetched.
SELECT d.title, f.withdrawn_in, r.fetched, f.text, f.id
  FROM findings f
  JOIN documents d ON d.id = f.doc_id
  LEFT JOIN document_revisions r ON r.doc_id = f.doc_id AND r.revision = f.withdrawn_in
 WHERE f.withdrawn_in IS NOT NULL
 ORDER BY d.title, f.id;

-- 3. The findings of one report.  Sources that identify reports (the nao
--    source) set report_id: use  v.report_id = '...'  then; the title as a
--    finding cites it works for every source.
SELECT v.published, v.doc_title, v.kind, v.text, v.id
  FROM findings_view v
 WHERE v.report_title = 'Capital funding for schools'
   AND v.withdrawn_in IS NULL
 ORDER BY v.published, v.id;

-- 4. What changed in a document: its revisions, newest first.
SELECT r.doc_id, r.revision, r.fetched, r.content_hash, r.title
  FROM document_revisions r
 WHERE r.revision > 1 OR EXISTS (SELECT 1 FROM document_revisions n
                                  WHERE n.doc_id = r.doc_id AND n.revision > 1)
 ORDER BY r.doc_id, r.revision DESC;
