package news.dispatch.core.suppression;

import java.time.Instant;

/** An address on the suppression list, as it was first suppressed. */
public record Suppression(String email, SuppressionReason reason, String detail, Instant createdAt) {
}
