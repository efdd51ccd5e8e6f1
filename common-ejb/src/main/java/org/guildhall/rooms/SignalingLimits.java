package org.guildhall.rooms;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The signaling service's limits, each with a default an operator can change (README "Configuration"). */
@ApplicationScoped
public class SignalingLimits {

    @Inject
    @ConfigProperty(name = "guildhall.signaling.max-room-size", defaultValue = "20")
    int maxRoomSize;

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
    @ConfigProperty(name = "guildhall.signaling.invites-per-hour", defaultValue = "60")
    int invitesPerHour;

    @Inject
    @ConfigProperty(name = "guildhall.signaling.heartbeat", defaultValue = "PT30S")
    Duration heartbeat;

    public int maxRoomSize() {
        return maxRoomSize;
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
        return invitesPerHour;
    }

    public Duration heartbeat() {
        return heartbeat;
    }
}
