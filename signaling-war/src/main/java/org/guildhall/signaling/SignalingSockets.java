package org.guildhall.signaling;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guildhall.community.UsersBanned;
import org.guildhall.identity.VerifiedUser;
import org.guildhall.rooms.Delivery;
import org.guildhall.rooms.RoomRegistry;
import org.guildhall.rooms.SignalingLimits;
import org.guildhall.sessions.Broadcast;
import org.guildhall.sessions.SessionEnded;
import org.guildhall.sockets.RateLimiter;
import org.guildhall.sockets.SocketSettings;

/**
 * The open signaling sockets of this WAR: delivers what the room rules decide, one bounded outbox per socket, and
 * finds dead sockets by ping/pong so that their peers hear {@code peer-left} instead of waiting forever.
 */
@ApplicationScoped
public class SignalingSockets {

    private static final Logger LOG = Logger.getLogger(SignalingSockets.class.getName());

    private final Map<String, SignalingConnection> connections = new ConcurrentHashMap<>();

    @Inject
    RoomRegistry rooms;

    @Inject
    SignalingLimits limits;

    @Inject
    SocketSettings sockets;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> heartbeat;

    void startHeartbeat(@Observes @Initialized(ApplicationScoped.class) Object started) {
        long every = limits.heartbeat().toMillis();
        heartbeat = scheduler.scheduleAtFixedRate(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stopHeartbeat() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
    }

    SignalingConnection open(Session session, VerifiedUser user) {
        session.setMaxTextMessageBufferSize(limits.maxFrameBytes());
        // The heartbeat finds dead sockets; a container idle timeout would only add a class-path scan per frame
        // in Payara (Tyrus re-arms it on every frame).
        session.setMaxIdleTimeout(0);
        SignalingConnection connection = new SignalingConnection(
                session,
                user,
                sockets.outboxCapacity(),
                new RateLimiter(limits.messagesPerSecond(), limits.messageBurst()));
        connections.put(connection.id(), connection);
        rooms.connect(connection.id(), user.getName());
        return connection;
    }

    /** The socket is gone (closed, failed or dead): it leaves its rooms and the others are told. */
    void drop(SignalingConnection connection) {
        if (connection != null && connections.remove(connection.id()) != null) {
            connection.closeOutbox();
            deliver(rooms.disconnect(connection.id()));
        }
    }

    /**
     * A session ended (on any WAR or instance): its room and y-webrtc topic here are closed for good. Peers hear
     * {@code room-closed} and subscribers {@code topic-closed}, with the code {@code session-ended}; their sockets
     * stay open for their other rooms, and a rejoin is refused by the session itself.
     */
    void sessionEnded(@Observes @Broadcast SessionEnded ended) {
        List<Delivery> deliveries = rooms.closeForGood(ended.roomId(), SessionEnded.CODE, SessionEnded.REASON);
        LOG.log(Level.FINE, "Session {0} ended: {1} peers and subscribers told", new Object[] {
            ended.sessionId(), deliveries.size()
        });
        deliver(deliveries);
    }

    /**
     * The community now bans these users: their sockets here are closed with 1008, each dropped first so that its
     * rooms hear {@code peer-left} at once, as they would for a close the user made.
     */
    void usersBanned(@Observes UsersBanned banned) {
        for (SignalingConnection connection : connections.values()) {
            String user = connection.user().getName();
            if (banned.includes(user)) {
                close(connection, UsersBanned.CLOSE_CODE, UsersBanned.reason(user));
            }
        }
    }

    /**
     * Sends each delivery to its socket. Deliveries of one message to several sockets (a publish to every
     * subscriber, {@code peer-joined} or {@code peer-left} to a room) share the same {@link JsonObject} and come one
     * after the other, so each message is serialised once, not once per recipient.
     */
    void deliver(List<Delivery> deliveries) {
        JsonObject serialised = null;
        String text = null;
        for (Delivery delivery : deliveries) {
            SignalingConnection target = connections.get(delivery.connectionId());
            if (target == null) {
                continue;
            }
            if (delivery.message() != serialised) {
                serialised = delivery.message();
                text = serialised.toString();
            }
            target.send(text);
        }
    }

    private void sweep() {
        for (SignalingConnection connection : connections.values()) {
            if (!connection.answeredAndStartNewRound()) {
                LOG.log(Level.FINE, "Signaling socket of {0} did not answer a ping: dropping it", connection.user());
                close(connection, CloseReason.CloseCodes.GOING_AWAY, "no answer to ping");
                continue;
            }
            try {
                connection.session().getAsyncRemote().sendPing(ByteBuffer.allocate(0));
            } catch (IOException | IllegalStateException e) {
                close(connection, CloseReason.CloseCodes.GOING_AWAY, "ping failed");
            }
        }
    }

    /** Drops it first: a dead peer's close may never be answered, and its rooms must hear now. */
    private void close(SignalingConnection connection, CloseReason.CloseCode code, String reason) {
        drop(connection);
        connection.close(code, reason);
    }
}
