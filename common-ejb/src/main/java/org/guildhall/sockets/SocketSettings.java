package org.guildhall.sockets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Settings every socket endpoint shares. */
@ApplicationScoped
public class SocketSettings {

    @Inject
    @ConfigProperty(name = "guildhall.websocket.outbox-capacity", defaultValue = "256")
    int outboxCapacity;

    @Inject
    @ConfigProperty(name = "guildhall.websocket.close-timeout", defaultValue = "PT5S")
    Duration closeTimeout;

    /** How long a socket the server closes waits for the client's close frame before it drops the connection. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** How many messages may wait for one slow client before it is disconnected. */
    public int outboxCapacity() {
        return outboxCapacity;
    }
}
