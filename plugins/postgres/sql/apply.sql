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

INSERT INTO documents (id, canonical_url, url, final_url, source, plugin, plugin_version,
    http_status, fetched, published, publisher, title, byline, language, doc_kind, summary,
    text, content_hash, revision, trace_id, extractor_version, normaliser_version)
  SELECT id, canonical_url, url, final_url, source, plugin, plugin_version,
    http_status, fetched, published, publisher, title, byline, language, doc_kind, summary,
    text, content_hash, revision, trace_id, extractor_version, normaliser_version
  FROM st_doc
  ON CONFLICT (id) DO UPDATE SET canonical_url = excluded.canonical_url, url = excluded.url,
    final_url = excluded.final_url, source = excluded.source, plugin = excluded.plugin,
    plugin_version = excluded.plugin_version, http_status = excluded.http_status,
    fetched = excluded.fetched, published = excluded.published,
    publisher = excluded.publisher, title = excluded.title, byline = excluded.byline,
    language = excluded.language, doc_kind = excluded.doc_kind, summary = excluded.summary,
    text = excluded.text, content_hash = excluded.content_hash, revision = excluded.revision,
    trace_id = excluded.trace_id, extractor_version = excluded.extractor_version,
    normaliser_version = excluded.normaliser_version;

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

INSERT INTO findings (id, doc_id, kind, text, span_start, span_end, attributed_to, topic,
    speaker_name, speaker_role, speaker_organisation, report_id, report_title, report_basis,
    report_confidence, first_revision, last_revision, withdrawn_in)
  SELECT f.id, f.doc_id, f.kind, f.text, f.span_start, f.span_end, f.attributed_to, f.topic,
    f.speaker_name, f.speaker_role, f.speaker_organisation, f.report_id, f.report_title,
    f.report_basis, f.report_confidence, s.revision, s.revision, NULL
  FROM st_finding f JOIN st_doc s ON s.id = f.doc_id
  ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, text = excluded.text,
    span_start = excluded.span_start, span_end = excluded.span_end,
    attributed_to = excluded.attributed_to, topic = excluded.topic,
    speaker_name = excluded.speaker_name, speaker_role = excluded.speaker_role,
    speaker_organisation = excluded.speaker_organisation, report_id = excluded.report_id,
    report_title = excluded.report_title, report_basis = excluded.report_basis,
    report_confidence = excluded.report_confidence,
    first_revision = least(findings.first_revision, excluded.first_revision),
    last_revision = excluded.last_revision, withdrawn_in = NULL;

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
