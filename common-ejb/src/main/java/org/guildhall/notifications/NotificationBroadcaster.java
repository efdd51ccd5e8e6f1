package org.guildhall.notifications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.guildhall.bus.ClusterBus;

/**
 * Puts committed notification changes on the bus, so that the notification sockets of every WAR and instance
 * hear them. Only after a successful commit: a device never sees a notification the database could still lose.
 */
@ApplicationScoped
public class NotificationBroadcaster {

    /** The bus topic the notification sockets subscribe to. */
    public static final String TOPIC = "guildhall.notifications";

    @Inject
    ClusterBus bus;

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) NotificationChange change) {
        bus.publish(TOPIC, change.toJson());
    }
}
