package org.guildhall.bus;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The in-JVM adapter of {@link ClusterBus}: reaches every WAR in this JVM, no other instance.
 *
 * <p>Each WAR loads its own copy of this class, so a static field would give each WAR a private bus. The
 * subscribers live instead in one map of JDK types (which every class loader shares), registered once per JVM
 * under a fixed key of the system properties table. Each listener runs on its own WAR's managed executor, so it
 * sees its own application's context and a slow listener never delays the publisher.
 */
@ApplicationScoped
public class LocalClusterBus implements ClusterBus {

    static final String HUB_KEY = "org.guildhall.bus.local-hub";

    private static final Logger LOG = Logger.getLogger(LocalClusterBus.class.getName());

    @Resource
    ManagedExecutorService managedExecutor;

    private Executor executor;
    private final List<Subscription> mine = new CopyOnWriteArrayList<>();

    public LocalClusterBus() {}

    /** For tests outside a container. */
    LocalClusterBus(Executor executor) {
        this.executor = executor;
    }

    @Override
    public void publish(String topic, String message) {
        Set<Consumer<String>> listeners = hub().get(topic);
        if (listeners != null) {
            listeners.forEach(listener -> listener.accept(message));
        }
    }

    @Override
    public Subscription subscribe(String topic, Consumer<String> listener) {
        Executor deliveries = deliveryExecutor();
        Consumer<String> delivery = message -> deliveries.execute(() -> {
            try {
                listener.accept(message);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A listener of topic " + topic + " failed", e);
            }
        });
        hub().computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(delivery);
        Subscription subscription = new Subscription() {
            @Override
            public void close() {
                Set<Consumer<String>> listeners = hub().get(topic);
                if (listeners != null) {
                    listeners.remove(delivery);
                }
                mine.remove(this);
            }
        };
        mine.add(subscription);
        return subscription;
    }

    /** An undeployed WAR must leave no listener behind in the JVM-wide map. */
    @PreDestroy
    void unsubscribeAll() {
        mine.forEach(Subscription::close);
    }

    private Executor deliveryExecutor() {
        return executor != null ? executor : managedExecutor;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Set<Consumer<String>>> hub() {
        return (Map<String, Set<Consumer<String>>>)
                System.getProperties().computeIfAbsent(HUB_KEY, key -> new ConcurrentHashMap<>());
    }
}
