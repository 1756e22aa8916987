package news.dispatch.mailer.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void aCheapReadingIsRepeatedEveryTwoSeconds() {
        assertThat(Progress.nextReading(Duration.ofMillis(3))).isEqualTo(Duration.ofSeconds(2));
        assertThat(Progress.nextReading(Duration.ofMillis(100))).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aCostlyReadingWaitsTwentyTimesAsLongUpToHalfAMinute() {
        assertThat(Progress.nextReading(Duration.ofMillis(400))).isEqualTo(Duration.ofSeconds(8));
        assertThat(Progress.nextReading(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(20));
        assertThat(Progress.nextReading(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(30));
    }
}
