package news.dispatch.core.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;

import news.dispatch.core.InvalidInput;
import org.junit.jupiter.api.Test;

class QuietHoursTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final QuietHours NIGHT = new QuietHours(22, 7);

    @Test
    void aNightAcrossMidnightEndsTheNextMorningAtItsHour() {
        // 23:30 in Berlin (UTC+1 in November).
        Instant lateEvening = Instant.parse("2025-11-27T22:30:00Z");

        assertThat(NIGHT.contains(lateEvening, BERLIN)).isTrue();
        assertThat(NIGHT.endAfter(lateEvening, BERLIN)).isEqualTo(Instant.parse("2025-11-28T06:00:00Z"));
        // 06:59 the next morning: still quiet, for one more minute.
        assertThat(NIGHT.endAfter(Instant.parse("2025-11-28T05:59:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2025-11-28T06:00:00Z"));
    }

    @Test
    void outsideItsHoursNothingWaits() {
        Instant noon = Instant.parse("2025-11-27T11:00:00Z");
        Instant seven = Instant.parse("2025-11-28T06:00:00Z");

        assertThat(NIGHT.contains(noon, BERLIN)).isFalse();
        assertThat(NIGHT.endAfter(noon, BERLIN)).isEqualTo(noon);
        assertThat(NIGHT.endAfter(seven, BERLIN)).isEqualTo(seven);
        assertThat(NIGHT.contains(Instant.parse("2025-11-27T21:00:00Z"), BERLIN)).isTrue();
    }

    @Test
    void hoursWithinOneDayWorkAsWell() {
        QuietHours afternoon = new QuietHours(13, 15);

        assertThat(afternoon.contains(Instant.parse("2025-11-27T12:30:00Z"), BERLIN)).isTrue();
        assertThat(afternoon.endAfter(Instant.parse("2025-11-27T12:30:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2025-11-27T14:00:00Z"));
        assertThat(afternoon.contains(Instant.parse("2025-11-27T14:00:00Z"), BERLIN)).isFalse();
    }

    @Test
    void whenTheClocksSkipTheEndingHourItEndsRightAfterTheGap() {
        // Berlin skips 02:00–03:00 on 30 March 2025; quiet from 22 to 2 ends at 03:00 local, 01:00 UTC.
        QuietHours untilTwo = new QuietHours(22, 2);

        assertThat(untilTwo.endAfter(Instant.parse("2025-03-29T23:30:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2025-03-30T01:00:00Z"));
    }

    @Test
    void bothHoursOrNeither() {
        assertThat(QuietHours.of(null, null)).isNull();
        assertThat(QuietHours.of(22, 7)).isEqualTo(NIGHT);
        assertThatThrownBy(() -> QuietHours.of(22, null)).isInstanceOf(InvalidInput.class)
                .extracting(e -> ((InvalidInput) e).field()).isEqualTo("quietUntil");
        assertThatThrownBy(() -> QuietHours.of(null, 7)).isInstanceOf(InvalidInput.class)
                .extracting(e -> ((InvalidInput) e).field()).isEqualTo("quietFrom");
        assertThatThrownBy(() -> new QuietHours(24, 7)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> new QuietHours(7, 7)).isInstanceOf(InvalidInput.class);
    }
}
