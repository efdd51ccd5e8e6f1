package org.guildhall.community;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.guildhall.identity.HandshakePolicy;
import org.guildhall.identity.VerifiedUser;

/**
 * A user in {@code moderation.bannedUsers} opens no socket on any service: the upgrade is refused with 403, which
 * makes y-websocket and y-webrtc back off instead of reconnecting in a loop.
 */
@ApplicationScoped
public class BanAtHandshake implements HandshakePolicy {

    @Inject
    HostedCommunity community;

    @Override
    public Optional<Refusal> check(VerifiedUser user, HttpServletRequest request) {
        Community now = community.current();
        if (!now.isBanned(user.getName())) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(HttpServletResponse.SC_FORBIDDEN, now.banNotice(user.getName())));
    }
}
