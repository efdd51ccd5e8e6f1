package org.guildhall.sockets;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * One socket's outbound messages, sent one at a time with asynchronous sends. A broadcast only enqueues, so a slow
 * client never stalls the others; a client whose queue overflows is closed instead of letting it grow without
 * bound. {@code RemoteEndpoint.Basic} may throw on concurrent sends, which this serialisation also avoids.
 *
 * @param <M> the message type (text or binary frames)
 */
public final class Outbox<M> {

    /** Starts an asynchronous send and reports its outcome: null on success, the failure otherwise. */
    @FunctionalInterface
    public interface Transport<M> {
        void send(M message, Consumer<Throwable> done);
    }

    private final Transport<M> transport;
    private final int capacity;
    private final Runnable onOverflow;
    private final Deque<M> pending = new ArrayDeque<>();
    private boolean sending;
    private boolean closed;

    /**
     * @param capacity how many messages may wait behind the one being sent
     * @param onOverflow called once, outside the lock, when the queue overflows or a send fails: close the socket
     */
    public Outbox(Transport<M> transport, int capacity, Runnable onOverflow) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an outbox holds at least one message");
        }
        this.transport = transport;
        this.capacity = capacity;
        this.onOverflow = onOverflow;
    }

    /** Queues a message; returns false (and gives up on this socket) when the client is too far behind. */
    public boolean offer(M message) {
        boolean overflow = false;
        boolean start = false;
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (!sending) {
                sending = true;
                start = true;
            } else if (pending.size() >= capacity) {
                overflow = true;
                closed = true;
                pending.clear();
            } else {
                pending.add(message);
            }
        }
        if (overflow) {
            onOverflow.run();
            return false;
        }
        if (start) {
            start(message);
        }
        return true;
    }

    /** Messages waiting behind the one in flight. */
    public synchronized int backlog() {
        return pending.size();
    }

    /** Drops what is queued; nothing more is sent. */
    public void close() {
        synchronized (this) {
            closed = true;
            pending.clear();
        }
    }

    private void sent(Throwable failure) {
        M next;
        synchronized (this) {
            if (failure != null) {
                closed = true;
                pending.clear();
            }
            next = closed ? null : pending.poll();
            sending = next != null;
        }
        if (failure != null) {
            onOverflow.run();
        } else if (next != null) {
            start(next);
        }
    }

    /**
     * A container may refuse a send at once, by throwing (Tyrus does for a socket that has just closed), instead of
     * reporting it to the completion callback: that is the same failure, and it must neither escape into the caller
     * (a broadcast would stop before the remaining sockets) nor leave this outbox waiting for a callback forever.
     */
    private void start(M message) {
        try {
            transport.send(message, this::sent);
        } catch (RuntimeException refused) {
            sent(refused);
        }
    }
}
