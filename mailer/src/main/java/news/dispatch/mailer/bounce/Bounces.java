package news.dispatch.mailer.bounce;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;

/**
 * What comes back to the return path, acted on: a hard bounce suspends the reader, soft bounces do after
 * {@code dispatch.bounces.soft-limit} in a row, a complaint or a mailto unsubscribe unsubscribes, and bounced and
 * complaining addresses go on the suppression list. Every message is recorded, and acted on once.
 */
public interface Bounces {

    /**
     * Reads one message and acts on it, in one transaction with its record, unless it was processed before (by this
     * node or another): then nothing happens.
     *
     * @param raw        the message as it came, bytes and all
     * @param receivedAt when the mailbox received it, if known
     * @return the record, when it was processed now; empty when it had been before
     */
    Optional<ReturnedMessage> process(byte[] raw, Instant receivedAt);

    /**
     * Acts on a report a mail provider posted (a webhook) rather than mailed, as on a message saying the same: once
     * per key, whoever posts it how often.
     *
     * @param key        the provider's id of the event, with the provider's name before it ({@code mailgun:…})
     * @param reading    what the report says, as a message would
     * @param subject    the subject of the email it is about, if the report gives it
     * @param receivedAt when the report was posted
     * @return the record, when it was processed now; empty when it had been before
     */
    Optional<ReturnedMessage> process(String key, Reading reading, String subject, Instant receivedAt);

    /** The record of a message with these bytes (its Message-ID, or its hash), if it was processed. */
    Optional<ReturnedMessage> recorded(byte[] raw);

    /** The messages read, newest first; only those of one verdict when given. */
    Page<ReturnedMessage> list(Optional<Verdict> verdict, PageRequest page);

    /** The bounces and complaints about one reader (ignored messages left out), newest first. */
    List<ReturnedMessage> historyOf(long subscriberId);

    /** Every message recorded about one reader, their own replies (ignored) too, newest first: for their data. */
    List<ReturnedMessage> allAbout(long subscriberId);

    /** The bounce and complaint rates of the last 7 and 30 days up to the instant (the history kept, if shorter). */
    List<Rate> rates(Instant now);

    /**
     * Over {@code days} days: mail sent, hard bounces, complaints, and the rates against what mailbox providers
     * tolerate (Amazon SES reviews an account at 5% bounces, Gmail limits senders at 0.3% complaints).
     */
    record Rate(int days, long sent, long bounces, long complaints) {

        public static final double BOUNCE_THRESHOLD = 0.05;
        public static final double COMPLAINT_THRESHOLD = 0.003;

        public double bounceRate() {
            return sent == 0 ? 0 : (double) bounces / sent;
        }

        public double complaintRate() {
            return sent == 0 ? 0 : (double) complaints / sent;
        }

        public boolean bouncesOverThreshold() {
            return bounceRate() >= BOUNCE_THRESHOLD;
        }

        public boolean complaintsOverThreshold() {
            return complaintRate() >= COMPLAINT_THRESHOLD;
        }
    }
}
