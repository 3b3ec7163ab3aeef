-- Migration 4: room on the pages of documents for HOT updates.  An
-- unchanged re-delivered document (a replayed spool, a re-run) has only
-- its fetch time and trace id written (apply.sql); when the new row
-- version does not fit on its page it is not a HOT update, and every
-- index gets a new entry for it, the GIN index one per distinct word of
-- its unchanged search vector.  With pages half filled by inserts the new
-- version fits beside the old one.  The text, summary and vector are held
-- out of line (TOAST) and are shared by both versions, so the table grows
-- little.  Only pages filled from now on are affected.
ALTER TABLE documents SET (fillfactor = 50);
