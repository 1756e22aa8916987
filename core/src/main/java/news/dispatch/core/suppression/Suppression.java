package news.dispatch.core.suppression;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** An address on the suppression list, as it was first suppressed. */
public record Suppression(String email, SuppressionReason reason, @Nullable String detail, Instant createdAt) {
}
