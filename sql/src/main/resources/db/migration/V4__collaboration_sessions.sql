-- Guildhall schema, version 4: collaboration sessions (the directory that replaces the seeds' public-sessions.json)
-- and who was invited to them.

-- A session a host started. The server chooses the id, the signaling room and the sync document ("session-<uuid>"):
-- clients never pick a name that could collide with, or squat on, another session's.
CREATE TABLE collaboration_session (
    id                    VARCHAR(36)              NOT NULL,
    room_id               VARCHAR(255)             NOT NULL,
    document_name         VARCHAR(255)             NOT NULL,
    host                  VARCHAR(255)             NOT NULL,
    title                 VARCHAR(200)             NOT NULL,
    description           VARCHAR(2000),
    visibility            VARCHAR(8)               NOT NULL,
    max_participants      INTEGER                  NOT NULL,
    audio_enabled         BOOLEAN                  NOT NULL,
    video_enabled         BOOLEAN                  NOT NULL,
    screen_share_enabled  BOOLEAN                  NOT NULL,
    invitees_read_only    BOOLEAN                  DEFAULT FALSE NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at              TIMESTAMP WITH TIME ZONE,
    ended_by              VARCHAR(255),
    CONSTRAINT collaboration_session_pk PRIMARY KEY (id),
    CONSTRAINT collaboration_session_room_uq UNIQUE (room_id),
    CONSTRAINT collaboration_session_document_uq UNIQUE (document_name),
    CONSTRAINT collaboration_session_visibility_ck CHECK (visibility IN ('public', 'private')),
    CONSTRAINT collaboration_session_participants_ck CHECK (max_participants > 0)
);
-- The public directory: live (ended_at IS NULL) public sessions, newest first.
CREATE INDEX collaboration_session_directory_idx
    ON collaboration_session (visibility, ended_at, created_at DESC, id DESC);
-- A host's sessions: the live ones (maxSessionsPerUser), those of the last hour (sessionsPerHour), their history.
CREATE INDEX collaboration_session_host_idx ON collaboration_session (host, created_at);

-- A user the host invited, and what they may do with the session's document.
CREATE TABLE session_member (
    session_id  VARCHAR(36)              NOT NULL,
    user_id     VARCHAR(255)             NOT NULL,
    access      VARCHAR(10)              NOT NULL,
    invited_by  VARCHAR(255)             NOT NULL,
    invited_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT session_member_pk PRIMARY KEY (session_id, user_id),
    CONSTRAINT session_member_session_fk FOREIGN KEY (session_id)
        REFERENCES collaboration_session (id) ON DELETE CASCADE,
    CONSTRAINT session_member_access_ck CHECK (access IN ('read-write', 'read-only'))
);
-- "Sessions I was invited to", for a user's history.
CREATE INDEX session_member_user_idx ON session_member (user_id, invited_at);
