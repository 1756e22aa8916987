package news.dispatch.mailer.bounce;

import java.time.Instant;

/**
 * A message read from the bounces mailbox, as recorded: what it said and what was done about it.
 *
 * @param key          its Message-ID, or {@code sha256:} and the hash of its bytes when it had none
 * @param verdict      what it meant
 * @param outcome      what was done: the reader suspended or unsubscribed, a soft bounce counted, nothing and why
 * @param subscriberId the reader it was about, {@code null} when none was found (or they were erased since)
 * @param deliveryId   the delivery it was about, when one was found
 * @param status       a bounce's status code
 * @param detail       what the bounce or report said, addresses masked
 * @param subject      its subject, addresses masked
 * @param receivedAt   when the mailbox received it, if it says
 * @param processedAt  when Dispatch read it
 */
public record ReturnedMessage(long id, String key, Verdict verdict, String outcome, Long subscriberId, Long deliveryId,
                              String status, String detail, String subject, Instant receivedAt, Instant processedAt) {

    /**
     * Whether it changed a reader: a bounce, complaint or unsubscribe of one of ours, not a report naming nobody nor
     * a refusal of the message (left in the mailbox, as ignored mail is, for a person to read).
     */
    public boolean changedReader() {
        return verdict != Verdict.IGNORED && verdict != Verdict.BLOCKED && subscriberId != null;
    }
}
