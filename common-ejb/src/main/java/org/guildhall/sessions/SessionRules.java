package org.guildhall.sessions;

import java.util.Optional;
import java.util.Set;
import org.guildhall.community.Community;

/**
 * The community's session rules as pure decisions, so each can be tested without a server: what may be created,
 * the per-host limits, the invite limit, and who may join a session's room or open its document.
 */
public final class SessionRules {

    /** The columns' sizes: a longer title or description would not fit the row. */
    static final int MAX_TITLE_LENGTH = 200;

    static final int MAX_DESCRIPTION_LENGTH = 2000;

    private SessionRules() {}

    /** What a participant may do once admitted: the session, and whether its document is read-only for them. */
    public record Admission(CollaborationSession session, boolean readOnly) {}

    /** Checks a create request against the community; returns the session's participant limit. */
    static int checkNew(Community community, NewSession request) throws SessionException {
        if (!community.collaborationEnabled()) {
            throw new SessionException(
                    "collaboration-disabled",
                    SessionException.FORBIDDEN,
                    "collaboration is switched off in this community (features.collaboration.enabled)");
        }
        if (request.isPublic() && !community.publicSessions()) {
            throw new SessionException(
                    "public-sessions-disabled",
                    SessionException.FORBIDDEN,
                    "this community does not allow public sessions (features.collaboration.publicSessions)");
        }
        if (!request.isPublic() && !community.privateSessions()) {
            throw new SessionException(
                    "private-sessions-disabled",
                    SessionException.FORBIDDEN,
                    "this community does not allow private sessions (features.collaboration.privateSessions)");
        }
        if (request.title().isEmpty()) {
            throw SessionException.badRequest("title is required");
        }
        if (request.title().length() > MAX_TITLE_LENGTH
                || request.title().chars().anyMatch(Character::isISOControl)) {
            throw SessionException.badRequest(
                    "title must be at most " + MAX_TITLE_LENGTH + " characters, without control characters");
        }
        if (request.description().map(String::length).orElse(0) > MAX_DESCRIPTION_LENGTH) {
            throw SessionException.badRequest("description must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        int allowed = community.maxSessionSize();
        int wanted = request.maxParticipants().orElse(allowed);
        if (wanted > allowed) {
            throw new SessionException(
                    "too-many-participants",
                    SessionException.BAD_REQUEST,
                    "maxParticipants may be at most " + allowed + " in this community (maxSessionSize)");
        }
        return wanted;
    }

    /** A host may have {@code maxSessionsPerUser} live sessions and start {@code sessionsPerHour} per hour. */
    static void checkHost(Community community, long live, long startedInLastHour) throws SessionException {
        if (live >= community.maxSessionsPerUser()) {
            throw new SessionException(
                    "too-many-sessions",
                    SessionException.CONFLICT,
                    "you already host " + live + " live sessions, the most this community allows"
                            + " (limits.maxSessionsPerUser): end one first");
        }
        if (startedInLastHour >= community.sessionsPerHour()) {
            throw new SessionException(
                    "rate-limited",
                    SessionException.TOO_MANY_REQUESTS,
                    "at most " + community.sessionsPerHour() + " sessions per hour (limits.rateLimit.sessionsPerHour)");
        }
    }

    /** A session's invites are limited by {@code maxInvitesPerSession}; re-inviting a member is not a new invite. */
    static void checkInvite(Community community, long invited) throws SessionException {
        if (invited >= community.maxInvitesPerSession()) {
            throw new SessionException(
                    "too-many-invites",
                    SessionException.CONFLICT,
                    "this session has " + invited + " invited users, the most this community allows"
                            + " (limits.maxInvitesPerSession)");
        }
    }

    /** Host and moderators see every session; invited users see theirs; anyone sees a public one. */
    static boolean maySee(
            Community community, CollaborationSession session, String user, Set<String> groups, boolean invited) {
        return session.isPublic() || session.isHostedBy(user) || invited || community.isModerator(user, groups);
    }

    static boolean mayEnd(Community community, CollaborationSession session, String user, Set<String> groups) {
        return session.isHostedBy(user) || community.isModerator(user, groups);
    }

    /**
     * Who may join a live session's room or open its document: the host (always read-write), invited users (with
     * the access the host gave them), and for a public session anyone, read-only when the host made invitees
     * read-only. An ended session admits nobody.
     */
    static Admission admit(CollaborationSession session, String user, Optional<SessionMember> member)
            throws SessionException {
        if (!session.isLive()) {
            throw SessionException.ended(session);
        }
        if (session.isHostedBy(user)) {
            return new Admission(session, false);
        }
        if (member.isPresent()) {
            return new Admission(session, member.get().readOnly());
        }
        if (!session.isPublic()) {
            throw SessionException.privateSession();
        }
        return new Admission(session, session.inviteesReadOnly());
    }
}
