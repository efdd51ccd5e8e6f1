-- Guildhall schema, version 1.
-- Written in the SQL that H2 2.2 and PostgreSQL 15 both accept: the same file runs on both.
-- Identifiers come from sequences (allocation size 50, matching JPA's default) because
-- EclipseLink's IDENTITY generation does not work on H2 2.x. EclipseLink reads a sequence value as the
-- last id of a block of 50, so the sequences start at 50: the first block is 1..50.

-- A shared Yjs document. The name is what clients put in the URL (/sync/{name}).
CREATE TABLE document (
    name        VARCHAR(255)             NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT document_pk PRIMARY KEY (name)
);

-- The document's log: Yjs v1 updates appended in commit order. Compaction replaces a
-- prefix of the log by one merged update (snapshot = TRUE) inside one transaction.
CREATE SEQUENCE document_update_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE document_update (
    id             BIGINT                   NOT NULL,
    document_name  VARCHAR(255)             NOT NULL,
    payload        BYTEA                    NOT NULL,
    snapshot       BOOLEAN                  DEFAULT FALSE NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT document_update_pk PRIMARY KEY (id),
    CONSTRAINT document_update_document_fk FOREIGN KEY (document_name)
        REFERENCES document (name) ON DELETE CASCADE
);
-- Loading a document reads its log in order.
CREATE INDEX document_update_log_idx ON document_update (document_name, id);

-- A notification for one user (invite, mention, thread, session, component, system).
CREATE SEQUENCE notification_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE notification (
    id                 BIGINT                   NOT NULL,
    recipient          VARCHAR(255)             NOT NULL,
    sender             VARCHAR(255),
    notification_type  VARCHAR(16)              NOT NULL,
    title              VARCHAR(200)             NOT NULL,
    message            VARCHAR(2000)            NOT NULL,
    data               VARCHAR(16000),
    actions            VARCHAR(4000),
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    read_at            TIMESTAMP WITH TIME ZONE,
    expires_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT notification_pk PRIMARY KEY (id),
    CONSTRAINT notification_type_ck CHECK (notification_type IN
        ('invite', 'mention', 'thread', 'session', 'component', 'system'))
);
-- "My newest first" pages by (recipient, id) cursor.
CREATE INDEX notification_inbox_idx ON notification (recipient, id);
-- "My unread count" scans only the recipient's unread rows.
CREATE INDEX notification_unread_idx ON notification (recipient, read_at);
-- The expiry job deletes the oldest expired rows in small batches.
CREATE INDEX notification_expiry_idx ON notification (expires_at);
