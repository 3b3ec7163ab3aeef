-- auditfeed PostgreSQL schema, migration 1: the relational shape shared
-- with the sqlite sink (docs/schema.md says what every column means).
-- Applied by the postgres sink at start, inside one transaction, and
-- recorded in auditfeed_schema; never edited once released: a change is a
-- new numbered file.
--
-- Dates are ISO 8601 text as the records carry them ("2019-01-24" or
-- "2019-01-24T09:30:00Z"): they sort and compare as text, the same in
-- SQLite and PostgreSQL, and a partial date is kept as written.

CREATE TABLE documents (
  id                 text PRIMARY KEY,
  canonical_url      text,
  url                text NOT NULL,
  final_url          text,
  source             text,
  plugin             text,
  plugin_version     text,
  http_status        bigint,
  fetched            text,
  published          text,
  publisher          text,
  title              text,
  byline             text,
  language           text,
  doc_kind           text,
  summary            text,
  text               text,
  content_hash       text,
  revision           integer NOT NULL DEFAULT 1,
  trace_id           text,
  extractor_version  text,
  normaliser_version text,
  search             tsvector GENERATED ALWAYS AS
                       (to_tsvector('english', coalesce(title, '') || ' ' || coalesce(text, ''))) STORED
);
CREATE INDEX documents_canonical_url ON documents (canonical_url);
CREATE INDEX documents_published ON documents (published);
CREATE INDEX documents_search ON documents USING gin (search);

CREATE TABLE document_revisions (
  doc_id       text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  revision     integer NOT NULL,
  content_hash text,
  prev_hash    text,
  fetched      text,
  title        text,
  text         text,
  PRIMARY KEY (doc_id, revision)
);

CREATE TABLE reports (
  id        text PRIMARY KEY,
  title     text,
  published text,
  hc        text,
  url       text,
  type      text
);

CREATE TABLE findings (
  id                   text PRIMARY KEY,
  doc_id               text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  kind                 text NOT NULL,
  text                 text NOT NULL,
  span_start           bigint,
  span_end             bigint,
  attributed_to        text,
  topic                text,
  speaker_name         text,
  speaker_role         text,
  speaker_organisation text,
  report_id            text REFERENCES reports (id),
  report_title         text,
  report_basis         text,
  report_confidence    double precision,
  first_revision       integer NOT NULL,
  last_revision        integer NOT NULL,
  withdrawn_in         integer,
  search               tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED
);
CREATE INDEX findings_doc_id ON findings (doc_id);
CREATE INDEX findings_kind ON findings (kind, topic);
CREATE INDEX findings_report ON findings (report_id);
CREATE INDEX findings_withdrawn ON findings (withdrawn_in) WHERE withdrawn_in IS NOT NULL;
CREATE INDEX findings_search ON findings USING gin (search);

CREATE TABLE finding_figures (
  finding_id text NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
  ord        integer NOT NULL,
  raw        text,
  value      double precision,
  unit       text,
  scale      text,
  per        text,
  qualifier  text,
  bound      text,
  role       text,
  measure    text,
  period     text,
  span_start bigint,
  span_end   bigint,
  PRIMARY KEY (finding_id, ord)
);
CREATE INDEX finding_figures_unit ON finding_figures (unit, value);

CREATE TABLE finding_bodies (
  finding_id text NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
  body       text NOT NULL,
  PRIMARY KEY (finding_id, body)
);
CREATE INDEX finding_bodies_body ON finding_bodies (body);

CREATE VIEW findings_view AS
SELECT f.id, f.doc_id,
       d.title AS doc_title,
       coalesce(d.canonical_url, d.final_url, d.url) AS url,
       d.published, d.publisher, d.source,
       f.kind, f.text, f.attributed_to, f.topic,
       (SELECT string_agg(b.body, ';' ORDER BY b.body)
          FROM finding_bodies b WHERE b.finding_id = f.id) AS bodies,
       (SELECT count(*) FROM finding_figures n WHERE n.finding_id = f.id) AS n_figures,
       g.value AS figure_value, g.unit AS figure_unit, g.role AS figure_role,
       g.measure AS figure_measure, g.period AS figure_period,
       f.speaker_name, f.speaker_role, f.speaker_organisation,
       f.report_id, coalesce(r.title, f.report_title) AS report_title,
       r.published AS report_published, r.hc AS report_hc, r.url AS report_url,
       f.report_basis,
       f.first_revision, f.last_revision, f.withdrawn_in
  FROM findings f
  JOIN documents d ON d.id = f.doc_id
  LEFT JOIN finding_figures g ON g.finding_id = f.id AND g.ord = 0
  LEFT JOIN reports r ON r.id = f.report_id;
