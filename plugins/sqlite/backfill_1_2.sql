-- Version 1 -> 2, after schema.sql: child rows from the JSON columns
-- version 1 kept, revisions as far as they are known, the search index.
UPDATE document_revisions SET title = (SELECT title FROM documents d WHERE d.id = doc_id),
  text = (SELECT text FROM documents d WHERE d.id = doc_id)
  WHERE revision = (SELECT revision FROM documents d WHERE d.id = doc_id);
UPDATE findings SET
  first_revision = (SELECT revision FROM documents d WHERE d.id = doc_id),
  last_revision = (SELECT revision FROM documents d WHERE d.id = doc_id),
  speaker_organisation = json_extract(json, '$.speaker.organisation');
INSERT OR IGNORE INTO finding_figures (finding_id, ord, raw, value, unit, scale, per, qualifier,
    bound, role, measure, period, span_start, span_end)
  SELECT f.id, g.key, json_extract(g.value, '$.raw'), json_extract(g.value, '$.value'),
    json_extract(g.value, '$.unit'), json_extract(g.value, '$.scale'),
    json_extract(g.value, '$.per'), json_extract(g.value, '$.qualifier'),
    json_extract(g.value, '$.range'), json_extract(g.value, '$.role'),
    json_extract(g.value, '$.measure'), json_extract(g.value, '$.period'),
    json_extract(g.value, '$.start'), json_extract(g.value, '$.end')
  FROM findings f, json_each(f.figures) g WHERE json_valid(f.figures);
INSERT OR IGNORE INTO finding_bodies (finding_id, body)
  SELECT f.id, b.value FROM findings f, json_each(f.bodies) b
  WHERE json_valid(f.bodies) AND b.value IS NOT NULL;
INSERT INTO findings_fts (findings_fts) VALUES ('rebuild');
INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');
