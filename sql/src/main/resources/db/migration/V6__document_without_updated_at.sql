-- A document's last change is the newest row of its log (document_update.created_at). Keeping a copy in the
-- document row meant rewriting that row with every commit of an update: half the statements of the sync hot path.
ALTER TABLE document DROP COLUMN updated_at;
