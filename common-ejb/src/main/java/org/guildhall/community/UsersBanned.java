package org.guildhall.community;

import jakarta.websocket.CloseReason;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Users the community file has just banned: fired in each WAR by {@link BanWatch} when the file it hosts bans
 * someone it did not ban before, so that the WAR's socket adapters close the sockets those users still have open
 * (the handshake refuses only their next ones).
 */
public record UsersBanned(Set<String> users) {

    /** The close code of a banned user's sockets: the community's policy refuses them. */
    public static final CloseReason.CloseCode CLOSE_CODE = CloseReason.CloseCodes.VIOLATED_POLICY;

    /** A close frame's reason may have at most 123 bytes (RFC 6455 §5.5); a longer one would not be sent at all. */
    static final int MAX_REASON_BYTES = 123;

    static final String REASON_WITHOUT_NAME = "you are banned from this community";

    public UsersBanned {
        users = Set.copyOf(users);
    }

    /** The users {@code after} bans that {@code before} did not; nothing when nobody is newly banned. */
    static Optional<UsersBanned> between(Set<String> before, Set<String> after) {
        Set<String> added = new HashSet<>(after);
        added.removeAll(before);
        return added.isEmpty() ? Optional.empty() : Optional.of(new UsersBanned(added));
    }

    public boolean includes(String user) {
        return users.contains(user);
    }

    /**
     * What a banned user's socket is told as it closes. A user id long enough to overflow a close frame is left out
     * rather than cut: the socket is the user's own, so the name adds nothing the client does not know.
     */
    public static String reason(String user) {
        String reason = user + " is banned from this community";
        return reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES ? reason : REASON_WITHOUT_NAME;
    }
}
