-- Full-text search in PostgreSQL (generated tsvector columns
-- findings.search and documents.search with GIN indexes; English
-- stemming).  The SQLite equivalent is contrib/queries-search-sqlite.sql.

-- Findings containing a phrase (stemmed: "school building" matches too),
-- best match first.
SELECT f.id, f.text
  FROM findings f
 WHERE f.search @@ phraseto_tsquery('english', 'school buildings')
   AND f.withdrawn_in IS NULL
 ORDER BY ts_rank(f.search, phraseto_tsquery('english', 'school buildings')) DESC, f.id;

-- Documents about both words, in title or text.
SELECT d.id, d.title
  FROM documents d
 WHERE d.search @@ to_tsquery('english', 'border & staff')
 ORDER BY ts_rank(d.search, to_tsquery('english', 'border & staff')) DESC, d.id;
