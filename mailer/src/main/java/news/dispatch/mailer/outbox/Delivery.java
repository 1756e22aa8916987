package news.dispatch.mailer.outbox;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A delivery as admins see it. {@code to} is {@code null} once the reader's data was erased. */
public record Delivery(long id, @Nullable String to, DeliveryKind kind, DeliveryStatus status, int attempts,
                       @Nullable String lastError, Instant createdAt, @Nullable Instant sentAt) {
}
