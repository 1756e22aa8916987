package news.dispatch.scheduler.feed;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class FeedSettingsTest {

    @Test
    void aTimeoutOrIntervalOfZeroOrLessIsRefusedNamingTheSettings() {
        assertThatThrownBy(() -> settings(Duration.ofMinutes(10), Duration.ofSeconds(-5), DataSize.ofMegabytes(5)))
                .hasMessage("dispatch.feeds.interval and .timeout must be longer than zero: PT10M, PT-5S");
        assertThatThrownBy(() -> settings(Duration.ZERO, Duration.ofSeconds(10), DataSize.ofMegabytes(5)))
                .hasMessageContaining("must be longer than zero");
    }

    @Test
    void aMaximumSizeOfNothingIsRefused() {
        assertThatThrownBy(() -> settings(Duration.ofMinutes(10), Duration.ofSeconds(10), DataSize.ofBytes(0)))
                .hasMessage("dispatch.feeds.max-size must be at least 1B: 0B");
    }

    private static FeedSettings settings(Duration interval, Duration timeout, DataSize maxSize) {
        return new FeedSettings(List.of(), interval, timeout, maxSize, List.of(), 200, 4);
    }
}
