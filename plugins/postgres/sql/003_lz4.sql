-- Migration 3: the big text columns (a document's text, summary and search
-- vector, a revision's text) compressed with LZ4 instead of the default
-- pglz when they are moved out of line (TOAST): LZ4 costs the server a
-- fraction of pglz's CPU for every document written, at a slightly lower
-- ratio.  Only new values are affected.  A server older than 14, or built
-- without LZ4, has no such setting: then nothing changes and the migration
-- is still recorded, so the schema's version is the same everywhere.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings
             WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    -- Dynamic, so that an older server does not have to parse it.
    EXECUTE 'ALTER TABLE documents ALTER COLUMN text SET COMPRESSION lz4,'
         || ' ALTER COLUMN summary SET COMPRESSION lz4,'
         || ' ALTER COLUMN search SET COMPRESSION lz4';
    EXECUTE 'ALTER TABLE document_revisions ALTER COLUMN text SET COMPRESSION lz4';
  END IF;
END
$$;
