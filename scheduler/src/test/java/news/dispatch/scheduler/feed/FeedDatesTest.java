package news.dispatch.scheduler.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FeedDatesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Sat, 29 Nov 2025 14:23:05 GMT       | 2025-11-29T14:23:05Z",
            "Sat, 29 Nov 2025 14:23 GMT          | 2025-11-29T14:23:00Z",
            "29 Nov 2025 14:23:00 UT             | 2025-11-29T14:23:00Z",
            "Sat, 29 Nov 2025 09:23:00 EST       | 2025-11-29T14:23:00Z",
            "Sun, 01 Jun 2025 07:23:00 PDT       | 2025-06-01T14:23:00Z",
            "Sat, 29 Nov 2025 13:23:00 A         | 2025-11-29T14:23:00Z",
            "Sat, 29 Nov 2025 02:23:00 M         | 2025-11-29T14:23:00Z",
            "Sat, 29 Nov 2025 15:23:00 N         | 2025-11-29T14:23:00Z",
            "Sat, 29 Nov 2025 14:23:00 Z         | 2025-11-29T14:23:00Z",
            "Sat, 29 Nov 2025 08:53:00 -0530     | 2025-11-29T14:23:00Z",
            "Sat, 29 Nov 25 14:23:00 +0000       | 2025-11-29T14:23:00Z",
            "Sat, 29 Nov 2025 14:23:00           | 2025-11-29T14:23:00Z",
            "2025-11-29T14:23:00Z                | 2025-11-29T14:23:00Z",
            "2025-11-29T14:23:00.123456Z         | 2025-11-29T14:23:00.123456Z",
            "2025-11-29T14:23:00.123456789+01:00 | 2025-11-29T13:23:00.123456789Z",
            "2025-11-29T14:23:00.5-05:00         | 2025-11-29T19:23:00.500Z",
            "2025-11-29T14:23:00                 | 2025-11-29T14:23:00Z",
            "2025-11-29 14:23Z                   | 2025-11-29T14:23:00Z",
            "2025-11-29                          | 2025-11-29T00:00:00Z"})
    void readsTheDatesFeedsWrite(String written, String instant) {
        assertThat(FeedDates.parse(written)).isEqualTo(Instant.parse(instant));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "sometime last week", "Sat, 31 Feb 2025 10:00:00 GMT", "2025-13-01T00:00:00Z",
            "Sat, 29 Foo 2025 14:23:00 GMT", "29/11/2025"})
    void saysThereIsNoDateRatherThanInventingOne(String written) {
        assertThat(FeedDates.parse(written)).isNull();
    }
}
