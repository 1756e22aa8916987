package news.dispatch.mailer.outbox;

import java.time.Instant;

/**
 * A delivery a worker holds under a lease, about to be written and sent, with the {@code Message-ID} it goes out as
 * ({@code sentAs}).
 */
record ClaimedDelivery(long id, DeliveryKind kind, Long subscriberId, String claim, Content content, int attempts,
                       Instant createdAt, Instant queuedAt, MessageId sentAs) {

    /** Stays the same across retries, so a receiving server can recognise a message sent twice. */
    String messageId(String host) {
        return sentAs.on(host);
    }

    /** The {@code +tag} of its return path, by which a bounce finds it again. */
    String returnPathTag() {
        return sentAs.tag();
    }
}
