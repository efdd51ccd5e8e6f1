package org.guildhall.sockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class OutboxTest {

    /** A transport whose sends complete only when the test says so, like a slow network. */
    private static final class ManualTransport implements Outbox.Transport<String> {
        final List<String> started = new ArrayList<>();
        final List<Consumer<Throwable>> inFlight = new ArrayList<>();

        @Override
        public void send(String message, Consumer<Throwable> done) {
            started.add(message);
            inFlight.add(done);
        }

        void completeNext(Throwable failure) {
            inFlight.remove(0).accept(failure);
        }
    }

    private final ManualTransport transport = new ManualTransport();
    private final AtomicInteger overflows = new AtomicInteger();
    private final Outbox<String> outbox = new Outbox<>(transport, 2, overflows::incrementAndGet);

    @Test
    void sendsOneAtATimeInOrder() {
        outbox.offer("a");
        outbox.offer("b");
        outbox.offer("c");

        assertEquals(List.of("a"), transport.started, "b waits until a is sent");
        transport.completeNext(null);
        assertEquals(List.of("a", "b"), transport.started);
        transport.completeNext(null);
        transport.completeNext(null);
        assertEquals(List.of("a", "b", "c"), transport.started);
        assertEquals(0, outbox.backlog());
    }

    @Test
    void aClientTooFarBehindIsGivenUpOnce() {
        assertTrue(outbox.offer("in flight"));
        assertTrue(outbox.offer("queued 1"));
        assertTrue(outbox.offer("queued 2"));

        assertFalse(outbox.offer("one too many"));
        assertFalse(outbox.offer("after giving up"));

        assertEquals(1, overflows.get());
        transport.completeNext(null);
        assertEquals(List.of("in flight"), transport.started, "nothing more is sent to a dropped client");
    }

    @Test
    void aFailedSendGivesUpOnTheSocket() {
        outbox.offer("a");
        outbox.offer("b");

        transport.completeNext(new java.io.IOException("broken pipe"));

        assertEquals(1, overflows.get());
        assertEquals(List.of("a"), transport.started);
        assertFalse(outbox.offer("c"));
    }

    @Test
    void sendingResumesAfterTheQueueDrains() {
        outbox.offer("a");
        transport.completeNext(null);

        outbox.offer("b");

        assertEquals(List.of("a", "b"), transport.started);
    }

    @Test
    void aSendTheContainerRefusesAtOnceClosesThisOutboxWithoutEscapingToTheCaller() {
        Outbox<String> refusing = new Outbox<>(
                (message, done) -> {
                    throw new IllegalStateException("the connection has been closed");
                },
                2,
                overflows::incrementAndGet);

        // Returned normally: a broadcast over many sockets goes on to the next one.
        refusing.offer("to a socket that just closed");
        assertFalse(refusing.offer("the next one"), "given up on");
        assertEquals(1, overflows.get());
    }

    @Test
    void aQueuedSendRefusedAtOnceIsTheSameFailure() {
        List<String> sent = new ArrayList<>();
        List<Consumer<Throwable>> inFlight = new ArrayList<>();
        Outbox<String> closing = new Outbox<>(
                (message, done) -> {
                    if (!sent.isEmpty()) {
                        throw new IllegalStateException("the connection has been closed");
                    }
                    sent.add(message);
                    inFlight.add(done);
                },
                2,
                overflows::incrementAndGet);
        closing.offer("first");
        closing.offer("second");

        inFlight.get(0).accept(null); // the first completes; starting the second is refused

        assertEquals(1, overflows.get());
        assertFalse(closing.offer("third"));
    }
}
