package org.guildhall.sockets;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guildhall.identity.VerifiedUser;

/**
 * One open socket of any Guildhall endpoint, whatever implements it (Jakarta WebSocket, or {@code
 * org.guildhall.websocket} on the Servlet upgrade API): the verified user, a bounded outbox of asynchronous sends,
 * and a rate limit. A client too slow to read its messages is closed (1013); the endpoint's close handler then cleans
 * up.
 *
 * @param <M> the frames it sends: {@code String} for text endpoints, {@code byte[]} for binary ones
 */
public class SocketConnection<M> {

    /** Closes the socket underneath with a code and a reason. */
    @FunctionalInterface
    public interface Closer {
        void close(CloseReason.CloseCode code, String reason) throws IOException;
    }

    private static final Logger LOG = Logger.getLogger(SocketConnection.class.getName());

    private final String id = UUID.randomUUID().toString();
    private final Closer closer;
    private final VerifiedUser user;
    private final Outbox<M> outbox;
    private final RateLimiter rateLimiter;

    protected SocketConnection(
            Closer closer,
            VerifiedUser user,
            Outbox.Transport<M> transport,
            int outboxCapacity,
            RateLimiter rateLimiter) {
        this.closer = closer;
        this.user = user;
        this.rateLimiter = rateLimiter;
        this.outbox = new Outbox<>(transport, outboxCapacity, this::closeTooSlow);
    }

    /** Closes a Jakarta WebSocket session. */
    public static Closer closer(Session session) {
        return (code, reason) -> session.close(new CloseReason(code, reason));
    }

    /** Text frames, sent asynchronously. */
    public static Outbox.Transport<String> text(Session session) {
        return (text, done) -> ContainerSends.start(
                sent -> session.getAsyncRemote().sendText(text, result -> sent.accept(result.getException())), done);
    }

    public String id() {
        return id;
    }

    public VerifiedUser user() {
        return user;
    }

    /** Queues a frame; the client gets frames in the order they were queued. */
    public void send(M frame) {
        outbox.offer(frame);
    }

    public boolean allowMessage() {
        return rateLimiter.tryAcquire();
    }

    /** Nothing more is sent: the socket is gone. */
    public void closeOutbox() {
        outbox.close();
    }

    /** Closes the socket with a reason; one that is already closed is left as it is. */
    public void close(CloseReason.CloseCode code, String reason) {
        try {
            closer.close(code, reason);
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "Closing a socket failed: {0}", e.toString());
        }
    }

    private void closeTooSlow() {
        close(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too slow to keep up");
    }
}
