-- Full-text search in SQLite (FTS5 tables findings_fts and documents_fts,
-- kept up to date by triggers; porter stemming).  The PostgreSQL
-- equivalent is contrib/queries-search-postgres.sql.

-- Findings containing a phrase (stemmed: "school building" matches too),
-- best match first.
SELECT f.id, f.text
  FROM findings_fts
  JOIN findings f ON f.rowid = findings_fts.rowid
 WHERE findings_fts MATCH '"school buildings"'
   AND f.withdrawn_in IS NULL
 ORDER BY findings_fts.rank, f.id;

-- Documents about both words, in title or text.
SELECT d.id, d.title
  FROM documents_fts
  JOIN documents d ON d.rowid = documents_fts.rowid
 WHERE documents_fts MATCH 'border AND staff'
 ORDER BY documents_fts.rank, d.id;
