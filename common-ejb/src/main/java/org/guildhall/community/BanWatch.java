package org.guildhall.community;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guildhall.sockets.SocketConnection;

/**
 * Closes what a ban leaves open. The handshake and REST checks refuse a banned user's next requests, but the sockets
 * they already have would stay open until they reconnect; so each WAR looks at the community file on its own
 * schedule, once per reload interval (a quiet server has no requests to make it look), and fires {@link
 * UsersBanned} when the file bans someone new. The WAR's socket adapters observe it and close those users' sockets.
 */
@ApplicationScoped
public class BanWatch {

    /** The shortest period between looks: a zero interval (every request looks) must not make the schedule spin. */
    static final long MIN_PERIOD_MILLIS = 100;

    private static final Logger LOG = Logger.getLogger(BanWatch.class.getName());

    @Inject
    HostedCommunity community;

    @Inject
    Event<UsersBanned> banned;

    @Resource
    ManagedScheduledExecutorService scheduler;

    /** The bans already announced; only the schedule's single task reads and writes it. */
    private Set<String> announced = Set.of();

    private ScheduledFuture<?> watch;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (!community.readsFile()) {
            return; // the built-in community never changes
        }
        // Users banned before start-up opened no socket here: only bans added from now on need closing.
        announced = community.current().bannedUsers();
        long every = Math.max(community.reloadInterval().toMillis(), MIN_PERIOD_MILLIS);
        watch = scheduler.scheduleWithFixedDelay(this::look, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (watch != null) {
            watch.cancel(false);
        }
    }

    /**
     * Closes a socket whose user is banned now. The adapters call it once a new socket is registered: a ban read
     * between that socket's handshake and its registration was announced before the socket could be found, and
     * this re-check after registration is what closes it.
     *
     * @return whether the socket was closed
     */
    public boolean closeIfBanned(SocketConnection<?> socket) {
        String user = socket.user().getName();
        if (!community.current().isBanned(user)) {
            return false;
        }
        socket.close(UsersBanned.CLOSE_CODE, UsersBanned.reason(user));
        return true;
    }

    private void look() {
        try {
            Set<String> now = community.lookNow().bannedUsers();
            Set<String> before = announced;
            // Remembered before the observers run: one failing observer must not make every later look close the
            // same users again.
            announced = now;
            UsersBanned.between(before, now).ifPresent(newly -> {
                LOG.log(Level.INFO, "Community {0} now bans {1}: closing their sockets", new Object[] {
                    community.current().id(), newly.users()
                });
                banned.fire(newly);
            });
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log it and keep watching.
            LOG.log(Level.WARNING, "Looking for new bans failed", e);
        }
    }
}
