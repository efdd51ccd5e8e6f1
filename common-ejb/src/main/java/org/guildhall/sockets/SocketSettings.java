package org.guildhall.sockets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Settings every socket endpoint shares. */
@ApplicationScoped
public class SocketSettings {

    @Inject
    @ConfigProperty(name = "guildhall.websocket.outbox-capacity", defaultValue = "256")
    int outboxCapacity;

    /** How many messages may wait for one slow client before it is disconnected. */
    public int outboxCapacity() {
        return outboxCapacity;
    }
}
