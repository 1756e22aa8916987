package news.dispatch.mailer.outbox;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to try again after a transient failure: the first wait doubles with every attempt up to a ceiling, and
 * is spread over its upper half at random, so deliveries that failed together do not all come back together.
 * Webhook calls back off the same way.
 */
public record Backoff(Duration first, Duration max) {

    public Duration after(int attempts, RandomGenerator random) {
        long firstMillis = first.toMillis();
        long ceiling = max.toMillis();
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        long full = firstMillis > ceiling >> doublings ? ceiling : Math.min(ceiling, firstMillis << doublings);
        long half = full / 2;
        return Duration.ofMillis(half + (half > 0 ? random.nextLong(half + 1) : 0));
    }
}
