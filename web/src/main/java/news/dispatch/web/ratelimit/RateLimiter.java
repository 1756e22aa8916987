package news.dispatch.web.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Allows each key (a client address, an email address …) {@code permits} requests per {@code period}, in memory on
 * this node. Used permits come back evenly over the period: a burst of {@code permits} is allowed, then one every
 * {@code period / permits}. (A token bucket, kept as the instant its next permit is due, so the arithmetic is exact.)
 * <p>
 * Memory stays bounded: past {@code maxKeys} keys, the keys whose permits are all back are forgotten, and if that
 * frees too little, all are; a limit then starts afresh rather than the node running out of memory.
 */
public final class RateLimiter {

    private final Duration interval;
    private final Duration burst;
    private final int maxKeys;
    private final Clock clock;
    /** Per key, when it would be due if its permits were taken one by one: at or before now, all are back. */
    private final Map<String, Instant> due = new ConcurrentHashMap<>();

    public RateLimiter(int permits, Duration period, int maxKeys, Clock clock) {
        if (permits < 1 || period.isNegative() || period.isZero() || maxKeys < 1) {
            throw new IllegalArgumentException("a rate limit needs at least one permit, a period and room for a key");
        }
        this.interval = period.dividedBy(permits);
        this.burst = interval.multipliedBy(permits - 1);
        this.maxKeys = maxKeys;
        this.clock = clock;
    }

    /**
     * Takes a permit for the key.
     *
     * @return empty when the request may go ahead; else how long until the key has a permit again
     */
    public Optional<Duration> acquire(String key) {
        Instant now = clock.instant();
        if (due.size() >= maxKeys && !due.containsKey(key)) {
            forgetIdle(now);
        }
        Duration[] wait = new Duration[1];
        due.compute(key, (k, next) -> {
            Instant from = next == null || next.isBefore(now) ? now : next;
            Duration ahead = Duration.between(now, from);
            if (ahead.compareTo(burst) > 0) {
                wait[0] = ahead.minus(burst);
                return next;
            }
            return from.plus(interval);
        });
        return Optional.ofNullable(wait[0]);
    }

    /**
     * How long until the key has a permit again, without taking one.
     *
     * @return empty when a request for the key may go ahead now
     */
    public Optional<Duration> waitFor(String key) {
        Instant now = clock.instant();
        Instant next = due.get(key);
        if (next == null || !next.isAfter(now)) {
            return Optional.empty();
        }
        Duration ahead = Duration.between(now, next);
        return ahead.compareTo(burst) > 0 ? Optional.of(ahead.minus(burst)) : Optional.empty();
    }

    /** Whether the key has used permits that have not come back yet. */
    public boolean isUsed(String key) {
        Instant next = due.get(key);
        return next != null && next.isAfter(clock.instant());
    }

    private void forgetIdle(Instant now) {
        due.values().removeIf(next -> !next.isAfter(now));
        if (due.size() > maxKeys / 2) {
            due.clear();
        }
    }
}
