package news.dispatch.mailer.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SendRateTest {

    private final AtomicLong now = new AtomicLong(0);

    @Test
    void unlimitedNeverWaits() {
        SendRate rate = new SendRate(0, 0, now::get);
        for (int i = 0; i < 1000; i++) {
            assertThat(rate.reserve()).isZero();
        }
    }

    @Test
    void spacesMessagesEvenlyToTheRatePerSecond() {
        SendRate rate = new SendRate(10, 0, now::get);
        assertThat(rate.reserve()).isZero();
        assertThat(rate.reserve()).isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(rate.reserve()).isEqualTo(Duration.ofMillis(200).toNanos());
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(rate.reserve()).as("an idle sender does not bank a burst").isZero();
        assertThat(rate.reserve()).isEqualTo(Duration.ofMillis(100).toNanos());
    }

    /** A worker that must wait first completes the message it has on the wire: the server may not wait as long. */
    @Test
    void whatIsToBeDoneBeforeWaitingIsDoneOnlyWhenAMessageMustWait() throws Exception {
        SendRate rate = new SendRate(20, 0, now::get);
        AtomicLong done = new AtomicLong();

        rate.acquire(done::incrementAndGet);
        assertThat(done).hasValue(0);
        rate.acquire(done::incrementAndGet);
        assertThat(done).as("the second waits 50 ms").hasValue(1);
    }

    @Test
    void holdsTheHourlyCapOverASlidingHour() {
        SendRate rate = new SendRate(0, 3, now::get);
        assertThat(rate.reserve()).isZero();
        now.addAndGet(Duration.ofMinutes(10).toNanos());
        assertThat(rate.reserve()).isZero();
        assertThat(rate.reserve()).isZero();
        assertThat(rate.reserve()).as("the fourth waits until the first is an hour old")
                .isEqualTo(Duration.ofMinutes(50).toNanos());
    }
}
