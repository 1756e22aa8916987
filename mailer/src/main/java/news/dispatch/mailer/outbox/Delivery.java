package news.dispatch.mailer.outbox;

import java.time.Instant;

/** A delivery as admins see it. {@code to} is {@code null} once the reader's data was erased. */
public record Delivery(long id, String to, DeliveryKind kind, DeliveryStatus status, int attempts,
                       String lastError, Instant createdAt, Instant sentAt) {
}
