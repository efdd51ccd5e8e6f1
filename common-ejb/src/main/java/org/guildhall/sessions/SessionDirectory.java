package org.guildhall.sessions;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guildhall.community.Community;
import org.guildhall.community.HostedCommunity;
import org.guildhall.identity.VerifiedUser;
import org.guildhall.notifications.NotificationException;
import org.guildhall.notifications.NotificationInbox;
import org.guildhall.notifications.NotificationType;

/**
 * Collaboration sessions: start one within the community's rules, the public directory, a user's history, ending,
 * invitations, and admission to a session's room or document. Each method is one transaction; the limits are
 * counted in the database, so they hold across WARs and instances.
 */
@Stateless
public class SessionDirectory {

    static final Duration RATE_WINDOW = Duration.ofHours(1);

    static final int MAX_USER_LENGTH = 255;

    private static final Logger LOG = Logger.getLogger(SessionDirectory.class.getName());

    @Inject
    SessionStore store;

    @Inject
    HostedCommunity community;

    @Inject
    NotificationInbox inbox;

    @Inject
    SessionSettings settings;

    @Inject
    Event<SessionStarted> started;

    @Inject
    Event<SessionEnded> ended;

    private final Clock clock = Clock.systemUTC();

    /** A page of sessions, newest first, and the cursor ({@code before}) of the next one when there is more. */
    public record Page(List<CollaborationSession> sessions, Optional<String> more) {}

    /**
     * An invitation as granted: the member, whether this call added them (a re-invite does not, and is not notified
     * again), and the stored {@code invite} notification when one was sent.
     */
    public record Invitation(SessionMember member, boolean added, Optional<Long> notificationId) {}

    public CollaborationSession create(VerifiedUser host, NewSession request) throws SessionException {
        Community rules = community.current();
        int maxParticipants = SessionRules.checkNew(rules, request);
        try {
            // Counted under the host's lock, so two creates of one host at the same moment are counted one after
            // the other (each sees the other's session once it has committed) and cannot both pass a limit.
            store.lockHost(host.getName());
            OffsetDateTime now = now();
            SessionRules.checkHost(
                    rules, store.liveCount(host.getName()), store.startedSince(host.getName(), now.minus(RATE_WINDOW)));
            CollaborationSession session = CollaborationSession.start(host.getName(), request, maxParticipants, now);
            store.insert(session);
            started.fire(new SessionStarted(session));
            LOG.log(Level.INFO, "{0} started {1} session {2}", new Object[] {
                host.getName(), session.visibility(), session.id()
            });
            return session;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Live public sessions, newest first: the directory. */
    public Page directory(Optional<String> before, Optional<Integer> limit) throws SessionException {
        int size = pageSize(limit);
        try {
            return page(store.livePublic(cursor(before), size + 1), size);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Sessions the caller hosted or was invited to, newest first, ended ones included. */
    public Page history(VerifiedUser caller, Optional<String> before, Optional<Integer> limit) throws SessionException {
        int size = pageSize(limit);
        try {
            return page(store.history(caller.getName(), cursor(before), size + 1), size);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** A public session for anyone; a private one for its host, invited users and moderators only. */
    public CollaborationSession get(VerifiedUser caller, String id) throws SessionException {
        try {
            return visible(caller, id);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Ends a session (host or moderator); it leaves the directory and its room and document admit nobody. */
    public CollaborationSession end(VerifiedUser caller, String id) throws SessionException {
        try {
            CollaborationSession session = visible(caller, id);
            if (!SessionRules.mayEnd(community.current(), session, caller.getName(), caller.groups())) {
                throw SessionException.notHost("or a moderator may end it");
            }
            if (!session.isLive()) {
                return session;
            }
            OffsetDateTime now = now();
            if (!store.end(id, now, caller.getName())) {
                return store.find(id).orElseThrow(() -> SessionException.notFound(id)); // ended meanwhile
            }
            // Its peers and clients are let go once this commits (SessionBroadcaster), on every WAR and instance.
            ended.fire(SessionEnded.of(session, caller.getName()));
            LOG.log(Level.INFO, "{0} ended session {1}", new Object[] {caller.getName(), id});
            return session.endedAt(now, caller.getName());
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * The host invites a user (to a public session, anyone may: then it is only a notification). The invite grants
     * access to a private session's room and document, read-only when asked or when the session says so, and counts
     * against {@code maxInvitesPerSession}; inviting a member again only changes their access.
     */
    public Invitation invite(VerifiedUser caller, String id, String target, Optional<Boolean> readOnly)
            throws SessionException {
        requireUser(target);
        try {
            CollaborationSession session = visible(caller, id);
            if (!session.isHostedBy(caller.getName())) {
                if (!session.isPublic()) {
                    throw SessionException.notHost("may invite to a private session");
                }
                return new Invitation(
                        new SessionMember(id, target, session.inviteesReadOnly(), caller.getName(), now()),
                        false,
                        notify(caller.getName(), false, session, target));
            }
            Invitation granted = grant(session, target, readOnly);
            if (!granted.added()) {
                return granted;
            }
            return new Invitation(granted.member(), true, notify(caller.getName(), true, session, target));
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Whether {@code user} may join the room of a session ({@code room} has the session prefix): the session and the
     * access they get, or the refusal ({@code session-not-found}, {@code session-ended}, {@code session-private}).
     */
    public SessionRules.Admission admitToRoom(String user, String room) throws SessionException {
        try {
            CollaborationSession session = store.findByRoom(room).orElseThrow(() -> SessionException.notFound(room));
            return SessionRules.admit(session, user, store.member(session.id(), user));
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** As {@link #admitToRoom}, for the session's sync document. */
    public SessionRules.Admission admitToDocument(String user, String document) throws SessionException {
        try {
            CollaborationSession session =
                    store.findByDocument(document).orElseThrow(() -> SessionException.notFound(document));
            return SessionRules.admit(session, user, store.member(session.id(), user));
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * The signaling {@code invite} to a session's room: from the host it grants the target access (and counts); from
     * anyone else it is refused for a private session and passes unchanged for a public one.
     */
    public void inviteToRoom(String inviter, String target, String room) throws SessionException {
        requireUser(target);
        try {
            CollaborationSession found = store.findByRoom(room).orElseThrow(() -> SessionException.notFound(room));
            if (!found.isLive()) {
                throw SessionException.ended(found);
            }
            if (!found.isHostedBy(inviter)) {
                if (!found.isPublic()) {
                    throw SessionException.notHost("may invite to a private session");
                }
                return;
            }
            grant(found, target, Optional.empty());
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Records the member under the session's row lock, so concurrent invites cannot pass the limit together. */
    private Invitation grant(CollaborationSession seen, String target, Optional<Boolean> readOnly)
            throws SessionException, SQLException {
        CollaborationSession session = store.lock(seen.id()).orElseThrow(() -> SessionException.notFound(seen.id()));
        if (!session.isLive()) {
            throw SessionException.ended(session);
        }
        if (session.isHostedBy(target)) {
            throw SessionException.badRequest("the host needs no invitation to their own session");
        }
        boolean access = readOnly.orElse(session.inviteesReadOnly());
        Optional<SessionMember> existing = store.member(session.id(), target);
        if (existing.isPresent()) {
            if (readOnly.isEmpty() || existing.get().readOnly() == access) {
                return new Invitation(existing.get(), false, Optional.empty());
            }
            SessionMember changed = new SessionMember(
                    session.id(),
                    target,
                    access,
                    existing.get().invitedBy(),
                    existing.get().invitedAt());
            store.changeAccess(changed);
            return new Invitation(changed, false, Optional.empty());
        }
        SessionRules.checkInvite(community.current(), store.memberCount(session.id()));
        SessionMember member = new SessionMember(session.id(), target, access, session.host(), now());
        store.addMember(member);
        LOG.log(Level.INFO, "{0} invited {1} to session {2}", new Object[] {session.host(), target, session.id()});
        return new Invitation(member, true, Optional.empty());
    }

    /** The invite notification, when the community's invites channel is on; in this transaction, or nothing. */
    private Optional<Long> notify(String from, boolean host, CollaborationSession session, String target)
            throws SessionException {
        if (!community.current().delivers(NotificationType.INVITE.wireName())) {
            return Optional.empty();
        }
        JsonObject data = SessionJson.notificationData("from", from, session);
        try {
            // The host's invites are bounded by maxInvitesPerSession; anyone else's count as their own sends.
            return Optional.of(inbox.send(
                            new NotificationInbox.Sender(from, host),
                            target,
                            NotificationType.INVITE,
                            data,
                            Optional.empty())
                    .id());
        } catch (NotificationException e) {
            throw new SessionException(e.code(), e.status(), e.getMessage());
        }
    }

    private CollaborationSession visible(VerifiedUser caller, String id) throws SessionException, SQLException {
        CollaborationSession session = store.find(id).orElseThrow(() -> SessionException.notFound(id));
        boolean invited = !session.isPublic()
                && !session.isHostedBy(caller.getName())
                && store.member(id, caller.getName()).isPresent();
        if (!SessionRules.maySee(community.current(), session, caller.getName(), caller.groups(), invited)) {
            throw SessionException.notFound(id);
        }
        return session;
    }

    private Optional<CollaborationSession> cursor(Optional<String> before) throws SessionException, SQLException {
        if (before.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(store.find(before.get())
                .orElseThrow(() -> SessionException.badRequest("before is not a session id from a previous page")));
    }

    private static Page page(List<CollaborationSession> found, int size) {
        if (found.size() > size) {
            List<CollaborationSession> page = List.copyOf(found.subList(0, size));
            return new Page(page, Optional.of(page.get(size - 1).id()));
        }
        return new Page(found, Optional.empty());
    }

    private int pageSize(Optional<Integer> limit) {
        return Math.max(1, Math.min(limit.orElse(settings.pageSize()), settings.maxPageSize()));
    }

    private static void requireUser(String user) throws SessionException {
        if (user == null || user.isBlank() || user.length() > MAX_USER_LENGTH) {
            throw SessionException.badRequest("userId must be 1 to " + MAX_USER_LENGTH + " characters");
        }
    }

    private static SessionException unavailable(SQLException e) {
        LOG.log(Level.WARNING, "The session store failed", e);
        return new SessionException(
                "unavailable", SessionException.UNAVAILABLE, "sessions are unavailable: try again later");
    }

    private OffsetDateTime now() {
        // Microseconds: what PostgreSQL keeps, so a session read back equals the one created.
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
