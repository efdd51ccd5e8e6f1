-- Guildhall schema, version 2: what the notification service's rules need.

-- "How many notifications did this user send in the last hour?" (the per-hour sending limit).
CREATE INDEX notification_sender_idx ON notification (sender, created_at);

-- The community's members as their tokens describe them, learned when they connect. Users live in the company's
-- SSO, not here: this is only what a broadcast to "everyone" or to a group needs to find its recipients.
CREATE TABLE community_member (
    user_id     VARCHAR(255)             NOT NULL,
    user_groups VARCHAR(4000)            NOT NULL,
    first_seen  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT community_member_pk PRIMARY KEY (user_id)
);
