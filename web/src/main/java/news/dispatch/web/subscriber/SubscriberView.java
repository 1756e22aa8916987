package news.dispatch.web.subscriber;

import java.time.Instant;
import java.util.List;

import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.suppression.Suppression;
import news.dispatch.core.suppression.SuppressionReason;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;

/**
 * A subscriber as the admin API shows one: the contract's fields, and {@code tagLabels} (the tags as first
 * written) and {@code confirmedAt} besides, and the address's {@code suppression} (or {@code null}).
 */
record SubscriberView(long id, String email, SubscriberStatus status, List<String> tags, List<String> tagLabels,
                      Frequency frequency, String timezone, int sendHour, boolean alerts, Instant createdAt,
                      Instant confirmedAt, SuppressionView suppression) {

    /** {@code suppressed}: the address's entry on the suppression list, or {@code null}. */
    static SubscriberView of(Subscriber reader, Suppression suppressed) {
        Preferences preferences = reader.preferences();
        return new SubscriberView(reader.id(), reader.email().value(), reader.status(),
                preferences.tagKeys().stream().map(TagKey::value).toList(),
                preferences.tags().stream().map(Tag::label).toList(), preferences.frequency(),
                preferences.timezone().getId(), preferences.sendHour(), preferences.alerts(), reader.createdAt(),
                reader.confirmedAt(), suppressed == null ? null
                        : new SuppressionView(suppressed.reason(), suppressed.detail(), suppressed.createdAt()));
    }

    /** Why the address gets no email, as the suppression list holds it. */
    record SuppressionView(SuppressionReason reason, String detail, Instant createdAt) {
    }
}
