-- The columns both dialects share, every row, in a fixed order: the same
-- run into sqlite and postgres must print the same text.
SELECT id, canonical_url, url, final_url, source, plugin, plugin_version, http_status, fetched,
       published, publisher, title, byline, language, doc_kind, summary, text, content_hash,
       revision, trace_id, extractor_version, normaliser_version
  FROM documents ORDER BY id;
SELECT doc_id, revision, content_hash, prev_hash, fetched, title, text
  FROM document_revisions ORDER BY doc_id, revision;
SELECT id, title, published, hc, url, type FROM reports ORDER BY id;
SELECT id, doc_id, kind, text, span_start, span_end, attributed_to, topic, speaker_name,
       speaker_role, speaker_organisation, report_id, report_title, report_basis,
       report_confidence, first_revision, last_revision, withdrawn_in
  FROM findings ORDER BY id;
SELECT finding_id, ord, raw, value, unit, scale, per, qualifier, bound, role, measure, period,
       span_start, span_end
  FROM finding_figures ORDER BY finding_id, ord;
SELECT finding_id, body FROM finding_bodies ORDER BY finding_id, body;
-- (relative left out: the two shells print a fraction to different digits)
SELECT finding_id, ord, report_id, other_finding, other_doc, raw, other_raw, value, other_value,
       unit
  FROM finding_discrepancies ORDER BY finding_id, ord;
SELECT id, doc_id, doc_title, url, published, publisher, source, kind, text, attributed_to, topic,
       bodies, n_figures, figure_value, figure_unit, figure_role, figure_measure, figure_period,
       speaker_name, speaker_role, speaker_organisation, report_id, report_title,
       report_published, report_hc, report_url, report_basis, first_revision, last_revision,
       withdrawn_in
  FROM findings_view ORDER BY id;
