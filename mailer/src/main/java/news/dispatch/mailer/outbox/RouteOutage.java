package news.dispatch.mailer.outbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mail route failing for everyone, as the node's workers meet it: its failures in a row, all workers' counted
 * together, and since when. A worker waits a quarter of the time the route has been failing before it tries again,
 * between the idle poll and a minute: a relay that refuses the password then sees a few attempts a minute after a few
 * minutes rather than one a second from each worker, which hosted relays and fail2ban answer by locking the account
 * (an operator's QA, 8 December 2026: 14,000 failed logins an hour), and a short outage costs no more than before.
 * Times are {@link System#nanoTime} readings.
 */
final class RouteOutage {

    private static final Duration LONGEST_WAIT = Duration.ofMinutes(1);

    private final Duration shortestWait;
    private final AtomicInteger failures = new AtomicInteger();
    /** When the route began to fail; 0 while it works. */
    private final AtomicLong since = new AtomicLong();

    RouteOutage(Duration shortestWait) {
        this.shortestWait = shortestWait;
    }

    /** A failure of the route at {@code now}; answers how many there have been in a row, this one included. */
    int failed(long now) {
        since.compareAndSet(0, now == 0 ? 1 : now);
        return failures.incrementAndGet();
    }

    /** How long to wait, at {@code now}, before trying the route again. */
    Duration waitAt(long now) {
        long began = since.get();
        Duration wait = Duration.ofNanos(began == 0 ? 0 : now - began).dividedBy(4);
        return wait.compareTo(shortestWait) < 0 ? shortestWait : wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    /** The route took a message; answers whether it had failed at least twice in a row before. */
    boolean mended() {
        if (since.get() != 0) {
            since.set(0);
        }
        return failures.get() != 0 && failures.getAndSet(0) >= 2;
    }
}
