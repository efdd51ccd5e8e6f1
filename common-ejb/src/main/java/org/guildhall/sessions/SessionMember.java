package org.guildhall.sessions;

import java.time.OffsetDateTime;

/** A user the host invited to a session, and whether they may change its document or only read it. */
public record SessionMember(
        String sessionId, String user, boolean readOnly, String invitedBy, OffsetDateTime invitedAt) {

    static final String READ_WRITE = "read-write";
    static final String READ_ONLY = "read-only";

    /** The access as stored and as REST shows it. */
    public String access() {
        return readOnly ? READ_ONLY : READ_WRITE;
    }
}
