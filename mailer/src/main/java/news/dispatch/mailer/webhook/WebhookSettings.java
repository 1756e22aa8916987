package news.dispatch.mailer.webhook;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Dispatch calls webhooks.
 *
 * @param enabled        {@code false} keeps calls queued and makes none, for maintenance or tests
 * @param workers        calls made at once by this node; a slow receiver holds up only one of them
 * @param batchSize      calls a worker claims at once
 * @param lease          how long a claim holds; the calls of a worker that died are taken again after it
 * @param connectTimeout longest wait to connect to a receiver
 * @param timeout        longest wait for a receiver's answer, once connected; a slower one counts as a failure
 * @param firstRetry     wait before the first retry of a failed call; it doubles with each attempt
 * @param maxRetryDelay  longest wait between two attempts
 * @param retryFor       age after which a call that keeps failing is given up as FAILED; at least a day
 * @param idlePoll       how often idle workers look for calls queued by other nodes
 * @param secretOverlap  how long the secret before a rotation still signs calls, beside the new one
 * @param allowedHosts   hosts (names or addresses, as written in the URL) an admin trusts although they are on this
 *                       machine or an inside network; every other host must resolve to public addresses only, the
 *                       rule of {@code dispatch.feeds.allowed-hosts}. Checked at registration and at every call.
 */
@ConfigurationProperties("dispatch.webhooks")
public record WebhookSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2") int workers,
        @DefaultValue("20") int batchSize,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("30s") Duration firstRetry,
        @DefaultValue("1h") Duration maxRetryDelay,
        @DefaultValue("2d") Duration retryFor,
        @DefaultValue("1s") Duration idlePoll,
        @DefaultValue("24h") Duration secretOverlap,
        @DefaultValue List<String> allowedHosts) {

    public WebhookSettings {
        if (workers < 1 || batchSize < 1) {
            throw new IllegalArgumentException("dispatch.webhooks.workers and batch-size must be at least 1");
        }
        if (retryFor.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("dispatch.webhooks.retry-for must be at least 1d: a receiver may be "
                    + "down for a night");
        }
        if (lease.compareTo(connectTimeout.plus(timeout)) <= 0) {
            // A worker hands back every call that could outlast its claim: with a shorter lease, none would be made.
            throw new IllegalArgumentException("dispatch.webhooks.lease must be longer than connect-timeout and "
                    + "timeout together (" + connectTimeout.plus(timeout) + ")");
        }
        allowedHosts = List.copyOf(allowedHosts);
    }
}
