package org.guildhall.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalClusterBusTest {

    private final ExecutorService signalingPool = Executors.newSingleThreadExecutor();
    private final ExecutorService notificationsPool = Executors.newSingleThreadExecutor();
    // Two adapters stand for two WARs of one JVM, each delivering on its own executor.
    private final LocalClusterBus signaling = new LocalClusterBus(signalingPool);
    private final LocalClusterBus notifications = new LocalClusterBus(notificationsPool);
    private final String topic = "test-" + UUID.randomUUID();

    @AfterEach
    void stop() {
        signaling.unsubscribeAll();
        notifications.unsubscribeAll();
        signalingPool.shutdownNow();
        notificationsPool.shutdownNow();
    }

    @Test
    void aMessageReachesEverySubscriberOfItsTopicIncludingThePublishersOwn() throws Exception {
        BlockingQueue<String> atSignaling = new LinkedBlockingQueue<>();
        BlockingQueue<String> atNotifications = new LinkedBlockingQueue<>();
        signaling.subscribe(topic, atSignaling::add);
        notifications.subscribe(topic, atNotifications::add);

        signaling.publish(topic, "{\"invite\":1}");

        assertEquals("{\"invite\":1}", atNotifications.poll(5, TimeUnit.SECONDS));
        assertEquals("{\"invite\":1}", atSignaling.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void otherTopicsAndClosedSubscriptionsHearNothing() throws Exception {
        BlockingQueue<String> other = new LinkedBlockingQueue<>();
        BlockingQueue<String> closed = new LinkedBlockingQueue<>();
        BlockingQueue<String> open = new LinkedBlockingQueue<>();
        notifications.subscribe(topic + "-other", other::add);
        notifications.subscribe(topic, closed::add).close();
        notifications.subscribe(topic, open::add);

        signaling.publish(topic, "m");

        assertEquals("m", open.poll(5, TimeUnit.SECONDS));
        // Deliveries run one at a time on the subscriber's executor: once "m" reached `open`, an earlier
        // delivery to the others would have arrived too.
        assertNull(other.poll());
        assertNull(closed.poll());
    }

    @Test
    void aFailingListenerDoesNotStopDeliveryToTheOthers() throws Exception {
        BlockingQueue<String> healthy = new LinkedBlockingQueue<>();
        signaling.subscribe(topic, message -> {
            throw new IllegalStateException("listener bug");
        });
        notifications.subscribe(topic, healthy::add);

        signaling.publish(topic, "first");
        signaling.publish(topic, "second");

        assertEquals("first", healthy.poll(5, TimeUnit.SECONDS));
        assertEquals("second", healthy.poll(5, TimeUnit.SECONDS));
    }
}
