package org.guildhall.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonValue;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;
import org.guildhall.community.Community;
import org.junit.jupiter.api.Test;

class SessionRulesTest {

    private static final int SESSION_SIZE = 3;
    private static final int SESSIONS_PER_USER = 2;
    private static final int INVITES_PER_SESSION = 3;
    private static final int SESSIONS_PER_HOUR = 4;

    /** The one place that builds a community by hand: if Community gains a component, only this changes. */
    static Community community(boolean enabled, boolean publicSessions, boolean privateSessions) {
        return new Community(
                JsonValue.EMPTY_JSON_OBJECT,
                "test",
                "Test",
                enabled,
                publicSessions,
                privateSessions,
                SESSION_SIZE,
                true,
                true,
                Set.of("invites", "sessions"),
                30,
                Set.of("molly"),
                Set.of(),
                SESSIONS_PER_USER,
                INVITES_PER_SESSION,
                SESSIONS_PER_HOUR,
                3);
    }

    private static final Community OPEN = community(true, true, true);

    private static NewSession request(String title, boolean isPublic, Optional<Integer> participants) {
        return new NewSession(title, Optional.empty(), isPublic, participants, true, false, false, false);
    }

    private static String refusal(Community community, NewSession request) {
        return assertThrows(SessionException.class, () -> SessionRules.checkNew(community, request))
                .code();
    }

    private static CollaborationSession session(boolean isPublic, boolean inviteesReadOnly) {
        NewSession request = new NewSession(
                "Pairing", Optional.empty(), isPublic, Optional.empty(), false, false, false, inviteesReadOnly);
        return CollaborationSession.start("hana", request, SESSION_SIZE, OffsetDateTime.now());
    }

    @Test
    void theCommunitySwitchesDecideWhatMayBeCreated() {
        assertEquals(
                "collaboration-disabled", refusal(community(false, true, true), request("t", true, Optional.empty())));
        assertEquals(
                "public-sessions-disabled",
                refusal(community(true, false, true), request("t", true, Optional.empty())));
        assertEquals(
                "private-sessions-disabled",
                refusal(community(true, true, false), request("t", false, Optional.empty())));
    }

    @Test
    void participantsDefaultToAndMayNotExceedTheSessionSize() throws Exception {
        assertEquals(SESSION_SIZE, SessionRules.checkNew(OPEN, request("t", true, Optional.empty())));
        assertEquals(2, SessionRules.checkNew(OPEN, request("t", true, Optional.of(2))));
        assertEquals("too-many-participants", refusal(OPEN, request("t", true, Optional.of(SESSION_SIZE + 1))));
    }

    @Test
    void aTitleIsRequiredAndBounded() {
        assertEquals("bad-message", refusal(OPEN, request("", true, Optional.empty())));
        assertEquals(
                "bad-message",
                refusal(OPEN, request("x".repeat(SessionRules.MAX_TITLE_LENGTH + 1), true, Optional.empty())));
        assertEquals("bad-message", refusal(OPEN, request("tab\there", true, Optional.empty())));
        NewSession longDescription = new NewSession(
                "t",
                Optional.of("d".repeat(SessionRules.MAX_DESCRIPTION_LENGTH + 1)),
                true,
                Optional.empty(),
                false,
                false,
                false,
                false);
        assertEquals("bad-message", refusal(OPEN, longDescription));
    }

    @Test
    void aHostIsLimitedInLiveSessionsAndSessionsPerHour() throws Exception {
        SessionRules.checkHost(OPEN, SESSIONS_PER_USER - 1, SESSIONS_PER_HOUR - 1);
        assertEquals(
                "too-many-sessions",
                assertThrows(SessionException.class, () -> SessionRules.checkHost(OPEN, SESSIONS_PER_USER, 0))
                        .code());
        SessionException hourly =
                assertThrows(SessionException.class, () -> SessionRules.checkHost(OPEN, 0, SESSIONS_PER_HOUR));
        assertEquals("rate-limited", hourly.code());
        assertEquals(SessionException.TOO_MANY_REQUESTS, hourly.status());
    }

    @Test
    void invitesPerSessionAreLimited() throws Exception {
        SessionRules.checkInvite(OPEN, INVITES_PER_SESSION - 1);
        assertEquals(
                "too-many-invites",
                assertThrows(SessionException.class, () -> SessionRules.checkInvite(OPEN, INVITES_PER_SESSION))
                        .code());
    }

    @Test
    void aPrivateSessionAdmitsItsHostAndInvitedUsersWithTheAccessTheHostChose() throws Exception {
        CollaborationSession hidden = session(false, false);
        SessionMember reader = new SessionMember(hidden.id(), "rui", true, "hana", OffsetDateTime.now());
        SessionMember writer = new SessionMember(hidden.id(), "wen", false, "hana", OffsetDateTime.now());

        assertFalse(SessionRules.admit(hidden, "hana", Optional.empty()).readOnly());
        assertTrue(SessionRules.admit(hidden, "rui", Optional.of(reader)).readOnly());
        assertFalse(SessionRules.admit(hidden, "wen", Optional.of(writer)).readOnly());
        assertEquals(
                "session-private",
                assertThrows(SessionException.class, () -> SessionRules.admit(hidden, "sam", Optional.empty()))
                        .code());
    }

    @Test
    void aPublicSessionAdmitsAnyoneAndAnEndedOneNobody() throws Exception {
        CollaborationSession open = session(true, true);
        assertTrue(SessionRules.admit(open, "sam", Optional.empty()).readOnly(), "invitees read-only: others too");
        assertFalse(SessionRules.admit(open, "hana", Optional.empty()).readOnly(), "the host always writes");

        CollaborationSession ended = open.endedAt(OffsetDateTime.now(), "molly");
        assertEquals(
                "session-ended",
                assertThrows(SessionException.class, () -> SessionRules.admit(ended, "hana", Optional.empty()))
                        .code());
    }

    @Test
    void privateSessionsAreSeenByHostInviteesAndModeratorsOnly() {
        CollaborationSession hidden = session(false, false);
        assertTrue(SessionRules.maySee(OPEN, hidden, "hana", Set.of(), false));
        assertTrue(SessionRules.maySee(OPEN, hidden, "rui", Set.of(), true));
        assertTrue(SessionRules.maySee(OPEN, hidden, "molly", Set.of(), false));
        assertTrue(SessionRules.maySee(OPEN, hidden, "max", Set.of("moderator"), false));
        assertFalse(SessionRules.maySee(OPEN, hidden, "sam", Set.of(), false));
        assertTrue(SessionRules.maySee(OPEN, session(true, false), "sam", Set.of(), false));

        assertTrue(SessionRules.mayEnd(OPEN, hidden, "hana", Set.of()));
        assertTrue(SessionRules.mayEnd(OPEN, hidden, "molly", Set.of()));
        assertFalse(SessionRules.mayEnd(OPEN, hidden, "rui", Set.of()));
    }

    @Test
    void theServerNamesTheRoomAndTheDocument() {
        CollaborationSession started = session(true, false);
        assertTrue(SessionNames.isSessionName(started.roomId()));
        assertEquals(started.roomId(), started.documentName());
        assertEquals(SessionNames.PREFIX + started.id(), started.roomId());
        assertFalse(SessionNames.isSessionName("room-1"));
    }
}
