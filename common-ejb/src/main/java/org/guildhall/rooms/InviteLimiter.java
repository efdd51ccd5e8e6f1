package org.guildhall.rooms;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** How many invites a user may send per hour: a sliding window per user, so invites cannot be used to spam. */
@ApplicationScoped
public class InviteLimiter {

    static final Duration WINDOW = Duration.ofHours(1);

    private static final int PRUNE_EVERY = 1024;

    private final Map<String, Deque<Instant>> sent = new HashMap<>();
    private long calls;
    private Clock clock = Clock.systemUTC();
    private int perHour;

    @Inject
    SignalingLimits limits;

    public InviteLimiter() {}

    InviteLimiter(int perHour, Clock clock) {
        this.perHour = perHour;
        this.clock = clock;
    }

    /** Counts one invite by {@code user}, or refuses it when the hour's allowance is used up. */
    public synchronized void acquire(String user) throws SignalingException {
        int allowance = limits != null ? limits.invitesPerHour() : perHour;
        Instant now = clock.instant();
        Deque<Instant> times = sent.computeIfAbsent(user, u -> new ArrayDeque<>());
        while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
            times.pollFirst();
        }
        if (times.size() >= allowance) {
            throw new SignalingException("rate-limited", "at most " + allowance + " invites per hour");
        }
        times.addLast(now);
        if (++calls % PRUNE_EVERY == 0) {
            prune(now);
        }
    }

    /** Forgets users with no invite in the window, so the map holds only recent senders. */
    private void prune(Instant now) {
        sent.values().removeIf(times -> times.isEmpty() || !times.peekLast().isAfter(now.minus(WINDOW)));
    }
}
