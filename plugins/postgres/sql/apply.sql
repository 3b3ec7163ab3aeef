-- Merges the staged batch into the tables; run inside the batch's
-- transaction.  Idempotent: the same batch applied twice leaves the same
-- rows.  History: a revised document keeps every earlier revision's text
-- in document_revisions; its findings that the new revision no longer
-- carries are marked withdrawn_in (that revision), not deleted; the ones
-- still there keep their ids.

-- An older revision arriving late (a replayed spool) changes nothing.
DELETE FROM st_doc s USING documents d WHERE d.id = s.id AND d.revision > s.revision;
DELETE FROM st_finding f WHERE NOT EXISTS (SELECT 1 FROM st_doc s WHERE s.id = f.doc_id);
DELETE FROM st_figure g WHERE NOT EXISTS (SELECT 1 FROM st_finding f WHERE f.id = g.finding_id);
DELETE FROM st_body b WHERE NOT EXISTS (SELECT 1 FROM st_finding f WHERE f.id = b.finding_id);
DELETE FROM st_discrepancy x
  WHERE NOT EXISTS (SELECT 1 FROM st_finding f WHERE f.id = x.finding_id);

-- A document whose content hash (of its title and text) is unchanged: a
-- re-delivered batch, a replayed spool, a re-run from a fresh state.  Only
-- the columns that differ are written, and never title or text, so its
-- search vector is not parsed again and its GIN entries stay; a row equal
-- in every column is not written at all.
UPDATE documents d SET canonical_url = s.canonical_url, url = s.url, final_url = s.final_url,
    source = s.source, plugin = s.plugin, plugin_version = s.plugin_version,
    http_status = s.http_status, fetched = s.fetched, published = s.published,
    publisher = s.publisher, byline = s.byline, language = s.language, doc_kind = s.doc_kind,
    summary = s.summary, revision = s.revision, trace_id = s.trace_id,
    extractor_version = s.extractor_version, normaliser_version = s.normaliser_version
  FROM st_doc s
  WHERE d.id = s.id AND d.content_hash = s.content_hash
    AND (d.canonical_url, d.url, d.final_url, d.source, d.plugin, d.plugin_version,
         d.http_status, d.fetched, d.published, d.publisher, d.byline, d.language,
         d.doc_kind, d.summary, d.revision, d.trace_id, d.extractor_version,
         d.normaliser_version)
      IS DISTINCT FROM
        (s.canonical_url, s.url, s.final_url, s.source, s.plugin, s.plugin_version,
         s.http_status, s.fetched, s.published, s.publisher, s.byline, s.language,
         s.doc_kind, s.summary, s.revision, s.trace_id, s.extractor_version,
         s.normaliser_version);

-- A document whose content changed: every column.  Done here and not in
-- the conflict branch of the INSERT below because an INSERT computes the
-- generated search vector of the row it proposes before it meets the
-- conflict: through the conflict branch a changed document's text went
-- through to_tsvector twice, and an unchanged one's once for nothing.
UPDATE documents d SET canonical_url = s.canonical_url, url = s.url, final_url = s.final_url,
    source = s.source, plugin = s.plugin, plugin_version = s.plugin_version,
    http_status = s.http_status, fetched = s.fetched, published = s.published,
    publisher = s.publisher, title = s.title, byline = s.byline, language = s.language,
    doc_kind = s.doc_kind, summary = s.summary, text = s.text, content_hash = s.content_hash,
    revision = s.revision, trace_id = s.trace_id, extractor_version = s.extractor_version,
    normaliser_version = s.normaliser_version
  FROM st_doc s
  WHERE d.id = s.id AND (d.content_hash IS DISTINCT FROM s.content_hash OR s.content_hash IS NULL);

-- New documents, so only rows that are really inserted have their vector
-- computed.  The conflict branch is for a row another writer inserted
-- since the statements above (it then does what they would have done).
INSERT INTO documents (id, canonical_url, url, final_url, source, plugin, plugin_version,
    http_status, fetched, published, publisher, title, byline, language, doc_kind, summary,
    text, content_hash, revision, trace_id, extractor_version, normaliser_version)
  SELECT id, canonical_url, url, final_url, source, plugin, plugin_version,
    http_status, fetched, published, publisher, title, byline, language, doc_kind, summary,
    text, content_hash, revision, trace_id, extractor_version, normaliser_version
  FROM st_doc s
  WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = s.id)
  ON CONFLICT (id) DO UPDATE SET canonical_url = excluded.canonical_url, url = excluded.url,
    final_url = excluded.final_url, source = excluded.source, plugin = excluded.plugin,
    plugin_version = excluded.plugin_version, http_status = excluded.http_status,
    fetched = excluded.fetched, published = excluded.published,
    publisher = excluded.publisher, title = excluded.title, byline = excluded.byline,
    language = excluded.language, doc_kind = excluded.doc_kind, summary = excluded.summary,
    text = excluded.text, content_hash = excluded.content_hash, revision = excluded.revision,
    trace_id = excluded.trace_id, extractor_version = excluded.extractor_version,
    normaliser_version = excluded.normaliser_version
  WHERE documents.content_hash IS DISTINCT FROM excluded.content_hash
    OR excluded.content_hash IS NULL;

INSERT INTO document_revisions (doc_id, revision, content_hash, prev_hash, fetched, title, text)
  SELECT id, revision, content_hash, prev_hash, fetched, title, text FROM st_doc
  ON CONFLICT (doc_id, revision) DO NOTHING;

INSERT INTO reports (id, title, published, hc, url)
  SELECT DISTINCT ON (report_id) report_id, report_title, report_published, report_hc, report_url
  FROM st_finding WHERE report_id IS NOT NULL ORDER BY report_id
  ON CONFLICT (id) DO UPDATE SET title = coalesce(excluded.title, reports.title),
    published = coalesce(excluded.published, reports.published),
    hc = coalesce(excluded.hc, reports.hc), url = coalesce(excluded.url, reports.url);
-- An NAO report's own document: what it is, with its type.
INSERT INTO reports (id, title, published, hc, url, type)
  SELECT DISTINCT ON (id) id, title, published, hc, url, type FROM st_report ORDER BY id
  ON CONFLICT (id) DO UPDATE SET title = coalesce(excluded.title, reports.title),
    published = coalesce(excluded.published, reports.published),
    hc = coalesce(excluded.hc, reports.hc), url = coalesce(excluded.url, reports.url),
    type = coalesce(excluded.type, reports.type);

UPDATE findings f SET withdrawn_in = s.revision
  FROM st_doc s
  WHERE f.doc_id = s.id AND f.withdrawn_in IS NULL
    AND NOT EXISTS (SELECT 1 FROM st_finding n WHERE n.id = f.id);

-- Findings whose text is unchanged: as for documents, only what differs is
-- written and the text (the search vector's input) is left alone.
UPDATE findings t SET kind = f.kind, span_start = f.span_start, span_end = f.span_end,
    attributed_to = f.attributed_to, topic = f.topic, speaker_name = f.speaker_name,
    speaker_role = f.speaker_role, speaker_organisation = f.speaker_organisation,
    report_id = f.report_id, report_title = f.report_title, report_basis = f.report_basis,
    report_confidence = f.report_confidence,
    first_revision = least(t.first_revision, s.revision), last_revision = s.revision,
    withdrawn_in = NULL
  FROM st_finding f JOIN st_doc s ON s.id = f.doc_id
  WHERE t.id = f.id AND t.text = f.text
    AND (t.kind, t.span_start, t.span_end, t.attributed_to, t.topic, t.speaker_name,
         t.speaker_role, t.speaker_organisation, t.report_id, t.report_title, t.report_basis,
         t.report_confidence, t.first_revision, t.last_revision, t.withdrawn_in)
      IS DISTINCT FROM
        (f.kind, f.span_start, f.span_end, f.attributed_to, f.topic, f.speaker_name,
         f.speaker_role, f.speaker_organisation, f.report_id, f.report_title, f.report_basis,
         f.report_confidence, least(t.first_revision, s.revision), s.revision, NULL::integer);

-- Findings whose text changed: every column (as for documents, not in the
-- INSERT's conflict branch, which would parse the text twice).
UPDATE findings t SET kind = f.kind, text = f.text, span_start = f.span_start,
    span_end = f.span_end, attributed_to = f.attributed_to, topic = f.topic,
    speaker_name = f.speaker_name, speaker_role = f.speaker_role,
    speaker_organisation = f.speaker_organisation, report_id = f.report_id,
    report_title = f.report_title, report_basis = f.report_basis,
    report_confidence = f.report_confidence,
    first_revision = least(t.first_revision, s.revision), last_revision = s.revision,
    withdrawn_in = NULL
  FROM st_finding f JOIN st_doc s ON s.id = f.doc_id
  WHERE t.id = f.id AND t.text IS DISTINCT FROM f.text;

INSERT INTO findings (id, doc_id, kind, text, span_start, span_end, attributed_to, topic,
    speaker_name, speaker_role, speaker_organisation, report_id, report_title, report_basis,
    report_confidence, first_revision, last_revision, withdrawn_in)
  SELECT f.id, f.doc_id, f.kind, f.text, f.span_start, f.span_end, f.attributed_to, f.topic,
    f.speaker_name, f.speaker_role, f.speaker_organisation, f.report_id, f.report_title,
    f.report_basis, f.report_confidence, s.revision, s.revision, NULL
  FROM st_finding f JOIN st_doc s ON s.id = f.doc_id
  WHERE NOT EXISTS (SELECT 1 FROM findings t WHERE t.id = f.id)
  ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, text = excluded.text,
    span_start = excluded.span_start, span_end = excluded.span_end,
    attributed_to = excluded.attributed_to, topic = excluded.topic,
    speaker_name = excluded.speaker_name, speaker_role = excluded.speaker_role,
    speaker_organisation = excluded.speaker_organisation, report_id = excluded.report_id,
    report_title = excluded.report_title, report_basis = excluded.report_basis,
    report_confidence = excluded.report_confidence,
    first_revision = least(findings.first_revision, excluded.first_revision),
    last_revision = excluded.last_revision, withdrawn_in = NULL
  WHERE findings.text IS DISTINCT FROM excluded.text;

DELETE FROM finding_figures WHERE finding_id IN (SELECT id FROM st_finding);
INSERT INTO finding_figures (finding_id, ord, raw, value, unit, scale, per, qualifier, bound,
    role, measure, period, span_start, span_end)
  SELECT finding_id, ord, raw, value, unit, scale, per, qualifier, bound, role, measure,
    period, span_start, span_end FROM st_figure;

DELETE FROM finding_bodies WHERE finding_id IN (SELECT id FROM st_finding);
INSERT INTO finding_bodies (finding_id, body)
  SELECT DISTINCT finding_id, body FROM st_body WHERE body IS NOT NULL;

DELETE FROM finding_discrepancies WHERE finding_id IN (SELECT id FROM st_finding);
INSERT INTO finding_discrepancies (finding_id, ord, report_id, other_finding, other_doc, raw,
    other_raw, value, other_value, unit, relative)
  SELECT DISTINCT ON (finding_id, ord) finding_id, ord, report_id, other_finding, other_doc,
    raw, other_raw, value, other_value, unit, relative FROM st_discrepancy
  ORDER BY finding_id, ord;
