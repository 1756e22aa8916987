package news.dispatch.mailer.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(30));

    @Test
    void doublesWithEachAttemptWithinItsUpperHalf() {
        Random random = new Random(7);
        for (int attempt = 1; attempt <= 6; attempt++) {
            Duration full = Duration.ofSeconds(30L << (attempt - 1));
            for (int i = 0; i < 100; i++) {
                assertThat(backoff.after(attempt, random)).isBetween(full.dividedBy(2), full);
            }
        }
    }

    @Test
    void neverWaitsLongerThanTheCeiling() {
        Random random = new Random(7);
        for (int attempt : new int[] {7, 12, 40, 1000}) {
            assertThat(backoff.after(attempt, random)).isBetween(Duration.ofMinutes(15), Duration.ofMinutes(30));
        }
    }

    @Test
    void spreadsRetriesThatFailedTogether() {
        Random random = new Random(7);
        assertThat(IntStream.range(0, 50).mapToObj(i -> backoff.after(3, random)).distinct().count())
                .isGreaterThan(40);
    }
}
