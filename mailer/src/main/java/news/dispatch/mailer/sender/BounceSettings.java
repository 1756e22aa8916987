package news.dispatch.mailer.sender;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where mail that cannot be delivered comes back, and how Dispatch reads it.
 *
 * @param address   the envelope sender (Return-Path) of every email and the mailto unsubscribe address; empty is
 *                  {@code dispatch.mail.from}'s address
 * @param tagged    whether each email's envelope sender carries a {@code +tag} naming its delivery (VERP), so a
 *                  bounce finds its delivery whatever the bouncing server quotes; off for mailboxes that refuse
 *                  {@code local+tag@} addresses
 * @param mailbox   the IMAP or POP3 mailbox that receives bounces, complaints and mailto unsubscribes
 *                  ({@code imap://user:password@host:port/FOLDER}, {@code imaps://}, {@code pop3://},
 *                  {@code pop3s://}); empty reads the sandbox's own mailbox while the sandbox is on, else nothing
 * @param interval  how often that mailbox is read
 * @param softLimit soft bounces in a row, without a delivered email between them, that suspend a reader
 * @param trustRecipient act on a bounce or complaint that names a reader only by address (no tag nor Message-ID of
 *                  Dispatch's, which carry a keyed mark): anyone can write one about anybody, so it is off, and
 *                  such a report is recorded, not acted on; on only where the bouncing servers quote neither and
 *                  {@code tagged} is off, for a reader mailed within the last week
 */
@ConfigurationProperties("dispatch.bounces")
public record BounceSettings(
        @DefaultValue("") String address,
        @DefaultValue("true") boolean tagged,
        @DefaultValue("") String mailbox,
        @DefaultValue("1m") Duration interval,
        @DefaultValue("3") int softLimit,
        @DefaultValue("false") boolean trustRecipient) {

    public BounceSettings {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("dispatch.bounces.interval must be positive");
        }
        if (softLimit < 1) {
            throw new IllegalArgumentException("dispatch.bounces.soft-limit must be at least 1");
        }
    }
}
