package news.dispatch.web.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import news.dispatch.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-11-29T12:00:00Z"));
    private final RateLimiter limiter = new RateLimiter(3, Duration.ofHours(1), 100, clock);

    @Test
    void allowsABurstUpToThePermitsThenSaysHowLongToWait() {
        assertThat(limiter.acquire("a")).isEmpty();
        assertThat(limiter.acquire("a")).isEmpty();
        assertThat(limiter.acquire("a")).isEmpty();

        assertThat(limiter.acquire("a")).contains(Duration.ofMinutes(20));
        clock.advance(Duration.ofMinutes(5));
        assertThat(limiter.acquire("a")).contains(Duration.ofMinutes(15));
    }

    @Test
    void givesPermitsBackEvenlyOverThePeriod() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("a");
        }

        clock.advance(Duration.ofMinutes(20));
        assertThat(limiter.acquire("a")).isEmpty();
        assertThat(limiter.acquire("a")).isPresent();

        clock.advance(Duration.ofDays(1));
        assertThat(limiter.acquire("a")).isEmpty();
        assertThat(limiter.acquire("a")).isEmpty();
        assertThat(limiter.acquire("a")).isEmpty();
        assertThat(limiter.acquire("a")).as("never more than the permits, however long it rested").isPresent();
    }

    @Test
    void saysHowLongToWaitWithoutTakingAPermit() {
        assertThat(limiter.waitFor("a")).isEmpty();
        for (int i = 0; i < 3; i++) {
            limiter.acquire("a");
            assertThat(limiter.waitFor("b")).isEmpty();
        }

        assertThat(limiter.waitFor("a")).contains(Duration.ofMinutes(20));
        assertThat(limiter.waitFor("a")).contains(Duration.ofMinutes(20));
        clock.advance(Duration.ofMinutes(20));
        assertThat(limiter.waitFor("a")).isEmpty();
        assertThat(limiter.acquire("a")).isEmpty();
    }

    @Test
    void countsEachKeyApart() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("a");
        }

        assertThat(limiter.acquire("a")).isPresent();
        assertThat(limiter.acquire("b")).isEmpty();
    }

    @Test
    void forgetsIdleKeysWhenFullAndKeepsMemoryBounded() {
        RateLimiter small = new RateLimiter(1, Duration.ofMinutes(1), 4, clock);
        for (String key : new String[] {"a", "b", "c", "d"}) {
            small.acquire(key);
        }
        clock.advance(Duration.ofMinutes(1));

        assertThat(small.acquire("e")).as("room made by forgetting idle keys").isEmpty();
        assertThat(small.acquire("e")).as("e is still counted").isPresent();
        for (String key : new String[] {"f", "g", "h", "i", "j", "k"}) {
            Optional<Duration> wait = small.acquire(key);
            assertThat(wait).as("a new key always starts with its permits").isEmpty();
        }
    }
}
