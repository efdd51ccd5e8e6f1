package org.guildhall.signaling;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.guildhall.rooms.RoomRegistry;
import org.guildhall.rooms.SignalingProtocol;

/** The signaling figures under {@code /metrics?scope=application}: sockets, rooms, peers, messages, errors. */
@ApplicationScoped
public class SignalingMetrics {

    private final Map<String, Counter> messages = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();

    @Inject
    MetricRegistry registry;

    @Inject
    RoomRegistry rooms;

    @PostConstruct
    void registerGauges() {
        registry.gauge("signaling_connections", rooms, RoomRegistry::connectionCount);
        registry.gauge("signaling_rooms", rooms, RoomRegistry::roomCount);
        registry.gauge("signaling_peers", rooms, RoomRegistry::peerCount);
        registry.gauge("signaling_topics", rooms, RoomRegistry::topicCount);
    }

    /** Counted once per message: the counters of the protocol's types are looked up once, not per message. */
    static final String UNKNOWN = "unknown";

    void message(String type) {
        if (SignalingProtocol.TYPES.contains(type)) {
            messages.computeIfAbsent(type, t -> registry.counter("signaling_messages", new Tag("type", t)))
                    .inc();
        } else {
            // A type a client made up is counted as "unknown": a tag per invented type would let clients create
            // metric series without bound.
            messages.computeIfAbsent(UNKNOWN, t -> registry.counter("signaling_messages", new Tag("type", t)))
                    .inc();
        }
    }

    /** Error codes are the server's own, a fixed few. */
    void error(String code) {
        errors.computeIfAbsent(code, c -> registry.counter("signaling_errors", new Tag("code", c)))
                .inc();
    }
}
