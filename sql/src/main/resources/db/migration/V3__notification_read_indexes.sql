-- Guildhall schema, version 3: the notification reads stay fast for a user with 100,000 notifications
-- (measured by benchmarks/notifications).

-- "My newest first": an index in that order, so H2 reads the first page from it instead of sorting the
-- user's whole inbox (it does not walk an ascending index backwards for ORDER BY id DESC).
DROP INDEX notification_inbox_idx;
CREATE INDEX notification_inbox_idx ON notification (recipient, id DESC);

-- "My unread count": with expires_at in the index, counting needs no row, only index entries.
DROP INDEX notification_unread_idx;
CREATE INDEX notification_unread_idx ON notification (recipient, read_at, expires_at);
