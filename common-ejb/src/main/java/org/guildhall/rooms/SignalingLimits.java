package org.guildhall.rooms;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.guildhall.community.HostedCommunity;

/**
 * The signaling service's limits, each with a default an operator can change (README "Configuration"). Room size
 * and invites per hour are the community's ({@code maxSessionSize}, {@code rateLimit.invitesPerHour}), read at each
 * use so that a changed {@code community.json} applies to the next join or invite.
 */
@ApplicationScoped
public class SignalingLimits {

    @Inject
    HostedCommunity community;

    @Inject
    @ConfigProperty(name = "guildhall.signaling.max-rooms-per-socket", defaultValue = "32")
    int maxRoomsPerSocket;

    @Inject
    @ConfigProperty(name = "guildhall.signaling.max-frame-bytes", defaultValue = "65536")
    int maxFrameBytes;

    @Inject
    @ConfigProperty(name = "guildhall.signaling.messages-per-second", defaultValue = "50")
    int messagesPerSecond;

    @Inject
    @ConfigProperty(name = "guildhall.signaling.message-burst", defaultValue = "100")
    int messageBurst;

    @Inject
    @ConfigProperty(name = "guildhall.signaling.heartbeat", defaultValue = "PT30S")
    Duration heartbeat;

    public int maxRoomSize() {
        return community.current().maxSessionSize();
    }

    public int maxRoomsPerSocket() {
        return maxRoomsPerSocket;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public int messagesPerSecond() {
        return messagesPerSecond;
    }

    public int messageBurst() {
        return messageBurst;
    }

    public int invitesPerHour() {
        return community.current().invitesPerHour();
    }

    public Duration heartbeat() {
        return heartbeat;
    }
}
