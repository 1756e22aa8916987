package news.dispatch.web.subscriber;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import news.dispatch.core.subscriber.Consent;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.QuietHours;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.suppression.Suppression;
import news.dispatch.core.suppression.SuppressionReason;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;
import org.jspecify.annotations.Nullable;

/**
 * A subscriber as the admin API shows one: the contract's fields, and {@code tagLabels} (the tags as first
 * written), {@code confirmedAt}, the tags' own rhythms, the pause, the language ({@code en} …) and the quiet hours
 * ({@code null} without them) besides, and the address's {@code suppression} (or {@code null}).
 */
record SubscriberView(long id, String email, SubscriberStatus status, List<String> tags, List<String> tagLabels,
                      Frequency frequency, String timezone, int sendHour, boolean alerts, Instant createdAt,
                      @Nullable Instant confirmedAt, @Nullable SuppressionView suppression, Map<String, Frequency> tagFrequencies,
                      @Nullable LocalDate pausedUntil, @Nullable ConsentView consent, String language,
                      @Nullable Integer quietFrom, @Nullable Integer quietUntil) {

    /** What the reader agreed to, as shown to them, when, and through which source. */
    record ConsentView(Instant at, Consent.Source source, String text) {
    }

    /** The same reader with their consent on record ({@code null}: none). */
    SubscriberView withConsent(Consent given) {
        return new SubscriberView(id, email, status, tags, tagLabels, frequency, timezone, sendHour, alerts, createdAt,
                confirmedAt, suppression, tagFrequencies, pausedUntil,
                given == null ? null : new ConsentView(given.at(), given.source(), given.text()), language, quietFrom,
                quietUntil);
    }

    /** {@code suppressed}: the address's entry on the suppression list, or {@code null}. */
    static SubscriberView of(Subscriber reader, Suppression suppressed) {
        Preferences preferences = reader.preferences();
        QuietHours quiet = preferences.quietHours();
        return new SubscriberView(reader.id(), reader.email().value(), reader.status(),
                preferences.tagKeys().stream().map(TagKey::value).toList(),
                preferences.tags().stream().map(Tag::label).toList(), preferences.frequency(),
                preferences.timezone().getId(), preferences.sendHour(), preferences.alerts(), reader.createdAt(),
                reader.confirmedAt(), suppressed == null ? null
                        : new SuppressionView(suppressed.reason(), suppressed.detail(), suppressed.createdAt()),
                rhythms(preferences), preferences.pausedUntil(), null, preferences.language().code(),
                quiet == null ? null : quiet.from(), quiet == null ? null : quiet.until());
    }

    /** Each tag with a rhythm of its own, by key, in the order the reader follows them. */
    private static Map<String, Frequency> rhythms(Preferences preferences) {
        Map<String, Frequency> rhythms = new LinkedHashMap<>();
        preferences.tagKeys().stream().filter(preferences.tagFrequencies()::containsKey)
                .forEach(key -> rhythms.put(key.value(), preferences.tagFrequencies().get(key)));
        return rhythms;
    }

    /** Why the address gets no email, as the suppression list holds it. */
    record SuppressionView(SuppressionReason reason, String detail, Instant createdAt) {
    }
}
