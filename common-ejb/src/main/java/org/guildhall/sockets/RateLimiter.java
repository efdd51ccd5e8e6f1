package org.guildhall.sockets;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code perSecond} messages a second on average, bursts of up to {@code burst}. Not thread-safe;
 * each socket owns one and its container delivers the socket's messages one at a time.
 */
public final class RateLimiter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double perNano;
    private final double burst;
    private final LongSupplier clock;
    private double tokens;
    private long last;

    public RateLimiter(int perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    RateLimiter(int perSecond, int burst, LongSupplier nanoClock) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("a rate limit allows at least one message");
        }
        this.perNano = (double) perSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.clock = nanoClock;
        this.tokens = burst;
        this.last = nanoClock.getAsLong();
    }

    /** True when one more message is allowed now. */
    public boolean tryAcquire() {
        long now = clock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
