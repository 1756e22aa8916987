package news.dispatch.mailer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Dispatch sends mail. The SMTP server itself is Spring Boot's {@code spring.mail.*}; without
 * {@code spring.mail.host} the embedded sandbox takes the mail.
 *
 * @param from           the From of every email
 * @param connections    SMTP connections used in parallel, each kept open for many messages
 * @param batchSize      deliveries a worker claims from the outbox at once
 * @param lease          how long a claim holds; deliveries of a worker that died are taken again after it
 * @param perSecond      most messages sent per second over all connections of this node; 0 is no limit
 * @param perHour        most messages sent in any sliding hour by this node; 0 is no limit
 * @param firstRetry     wait before the first retry of a transient failure; it doubles with each attempt
 * @param maxRetryDelay  longest wait between two attempts
 * @param retryFor       age after which a delivery that keeps failing transiently is given up as FAILED
 * @param idlePoll       how often idle workers look for work queued by other nodes
 * @param keepHistory    how long mail that is done with (sent, or failed for good) is kept; housekeeping deletes it
 *                       then. Bounces and complaints are tied to their delivery within it, the dashboard shows a
 *                       week, and the digests' and alerts' once-per-reader checks look back a week at most.
 */
@ConfigurationProperties("dispatch.mail")
public record MailSettings(
        @DefaultValue("Dispatch <news@localhost>") String from,
        @DefaultValue("4") int connections,
        @DefaultValue("250") int batchSize,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("0") int perSecond,
        @DefaultValue("0") int perHour,
        @DefaultValue("30s") Duration firstRetry,
        @DefaultValue("30m") Duration maxRetryDelay,
        @DefaultValue("2d") Duration retryFor,
        @DefaultValue("1s") Duration idlePoll,
        @DefaultValue("30d") Duration keepHistory) {

    public MailSettings {
        if (connections < 1 || batchSize < 1) {
            throw new IllegalArgumentException("dispatch.mail.connections and batch-size must be at least 1");
        }
        if (perSecond < 0 || perHour < 0) {
            throw new IllegalArgumentException("dispatch.mail.per-second and per-hour must be 0 (no limit) or more");
        }
        // A claim that ends as it is made is handed back at once, forever: nothing would ever be sent.
        requirePositive("lease", lease);
        requirePositive("first-retry", firstRetry);
        requirePositive("max-retry-delay", maxRetryDelay);
        requirePositive("retry-for", retryFor);
        requirePositive("idle-poll", idlePoll);
        if (keepHistory.compareTo(Duration.ofDays(8)) < 0) {
            throw new IllegalArgumentException("dispatch.mail.keep-history must be at least 8d: digests, alerts and "
                    + "the dashboard look back a week");
        }
    }

    private static void requirePositive(String setting, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("dispatch.mail." + setting + " must be longer than zero: " + value);
        }
    }
}
