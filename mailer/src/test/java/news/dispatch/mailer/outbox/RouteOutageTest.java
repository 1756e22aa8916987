package news.dispatch.mailer.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RouteOutageTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long START = 7 * SECOND;

    private final RouteOutage outage = new RouteOutage(Duration.ofSeconds(1));

    @Test
    void aShortOutageWaitsTheIdlePollAsBefore() {
        outage.failed(START);
        outage.failed(START + 2 * SECOND);

        assertThat(outage.waitAt(START + 2 * SECOND)).isEqualTo(Duration.ofSeconds(1));
    }

    /** A relay refusing the password an hour long: four workers try some 240 times, not 14,400. */
    @Test
    void aLongOutageWaitsAQuarterOfItsLengthUpToAMinute() {
        outage.failed(START);

        assertThat(outage.waitAt(START + 40 * SECOND)).isEqualTo(Duration.ofSeconds(10));
        assertThat(outage.waitAt(START + 600 * SECOND)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theRouteMendedStartsTheNextOutageAfresh() {
        outage.failed(START);
        assertThat(outage.failed(START + 100 * SECOND)).isEqualTo(2);

        assertThat(outage.mended()).as("failed twice in a row: said in the log").isTrue();
        assertThat(outage.mended()).isFalse();
        assertThat(outage.failed(START + 200 * SECOND)).isEqualTo(1);
        assertThat(outage.waitAt(START + 204 * SECOND)).isEqualTo(Duration.ofSeconds(1));
    }
}
