package org.guildhall.sessions;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * One collaboration session as stored: its host, what it offers, and whether it is still live. The room and the
 * document names are the server's, never the client's.
 */
public record CollaborationSession(
        String id,
        String roomId,
        String documentName,
        String host,
        String title,
        Optional<String> description,
        boolean isPublic,
        int maxParticipants,
        boolean audioEnabled,
        boolean videoEnabled,
        boolean screenShareEnabled,
        boolean inviteesReadOnly,
        OffsetDateTime createdAt,
        Optional<OffsetDateTime> endedAt,
        Optional<String> endedBy) {

    public static final String PUBLIC = "public";
    public static final String PRIVATE = "private";

    public CollaborationSession {
        Objects.requireNonNull(id);
        Objects.requireNonNull(host);
        Objects.requireNonNull(title);
        Objects.requireNonNull(createdAt);
        if (maxParticipants <= 0) {
            throw new IllegalArgumentException("a session needs room for at least one participant");
        }
    }

    /** A new, live session of {@code host}, with the names the server gives it. */
    static CollaborationSession start(String host, NewSession request, int maxParticipants, OffsetDateTime now) {
        String id = SessionNames.newId();
        String name = SessionNames.nameOf(id);
        return new CollaborationSession(
                id,
                name,
                name,
                host,
                request.title(),
                request.description(),
                request.isPublic(),
                maxParticipants,
                request.audioEnabled(),
                request.videoEnabled(),
                request.screenShareEnabled(),
                request.inviteesReadOnly(),
                now,
                Optional.empty(),
                Optional.empty());
    }

    public boolean isLive() {
        return endedAt.isEmpty();
    }

    public boolean isHostedBy(String user) {
        return host.equals(user);
    }

    public String visibility() {
        return isPublic ? PUBLIC : PRIVATE;
    }

    CollaborationSession endedAt(OffsetDateTime at, String by) {
        return new CollaborationSession(
                id,
                roomId,
                documentName,
                host,
                title,
                description,
                isPublic,
                maxParticipants,
                audioEnabled,
                videoEnabled,
                screenShareEnabled,
                inviteesReadOnly,
                createdAt,
                Optional.of(at),
                Optional.of(by));
    }
}
