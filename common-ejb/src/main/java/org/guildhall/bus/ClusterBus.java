package org.guildhall.bus;

import java.util.function.Consumer;

/**
 * Publish a message on a topic; every subscriber of the topic, in any WAR of this JVM or (with a clustered
 * adapter) on any instance, receives it once, asynchronously, including the publisher's own subscribers.
 * Messages are strings (JSON by convention) so that no application class crosses a class-loader boundary.
 * Delivery is fire-and-forget: a subscriber that is not there when a message is published never sees it.
 */
public interface ClusterBus {

    void publish(String topic, String message);

    Subscription subscribe(String topic, Consumer<String> listener);

    /** Ends one subscription; further messages on its topic are not delivered to its listener. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
