package news.dispatch.mailer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class MailSettingsTest {

    /** A negative lease was taken, and every claim went back at once, forever: no mail was ever sent. */
    @Test
    void durationsThatWouldStopSendingAreRefusedAtStart() {
        assertThatThrownBy(() -> settings(Duration.ofSeconds(-5), 0))
                .hasMessageContaining("dispatch.mail.lease must be longer than zero");
        assertThatThrownBy(() -> settings(Duration.ofMinutes(2), -1))
                .hasMessageContaining("dispatch.mail.per-second and per-hour must be 0 (no limit) or more");
    }

    private static MailSettings settings(Duration lease, int perSecond) {
        return new MailSettings("Dispatch <news@localhost>", 4, 250, lease, perSecond, 0, Duration.ofSeconds(30),
                Duration.ofMinutes(30), Duration.ofDays(2), Duration.ofSeconds(1), Duration.ofDays(30));
    }
}
