package news.dispatch.mailer.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

import news.dispatch.mailer.smtp.SmtpFailure;

class DeliveryWorkersTest {

    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(30));

    /** A re-test's alert went 6 minutes after the relay mended: its deliveries had waited out the outage's back-off. */
    @Test
    void theRoutesFailureWaitsAsAFirstAttemptWhateverTheAttemptsBefore() {
        SmtpFailure refusedPassword = new SmtpFailure("535 5.7.8 authentication failed", false, true, null);

        assertThat(DeliveryWorkers.retryAfter(refusedPassword, 6, BACKOFF, new Random(1)))
                .isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
    }

    @Test
    void theMessagesOwnFailureBacksOffWithItsAttempts() {
        SmtpFailure mailboxFull = new SmtpFailure("452 4.2.2 mailbox full", false, false, null);

        assertThat(DeliveryWorkers.retryAfter(mailboxFull, 6, BACKOFF, new Random(1)))
                .as("30 s doubled five times, spread over its upper half").isBetween(Duration.ofMinutes(8),
                        Duration.ofMinutes(16));
    }
}
