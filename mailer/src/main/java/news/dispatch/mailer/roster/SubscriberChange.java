package news.dispatch.mailer.roster;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Language;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;

/**
 * What an admin changes about a reader; every part is optional ({@code null}: keep it). The rules (1–50 tags, hours
 * 0–23, rhythms only for followed tags, quiet hours both or neither) are checked when the change is applied.
 * {@code pausedUntil}, {@code quietFrom} and {@code quietUntil} are {@code Optional.empty()} to take the value away,
 * as {@code null} keeps it; one quiet hour changed keeps the other.
 */
public record SubscriberChange(SubscriberStatus status, List<Tag> tags, Frequency frequency, ZoneId timezone,
                               Integer sendHour, Boolean alerts, Map<TagKey, Frequency> tagFrequencies,
                               Optional<LocalDate> pausedUntil, Language language, Optional<Integer> quietFrom,
                               Optional<Integer> quietUntil) {

    public SubscriberChange {
        tags = tags == null ? null : List.copyOf(tags);
        tagFrequencies = tagFrequencies == null ? null : Map.copyOf(tagFrequencies);
    }

    /** A change that leaves the quiet hours as they are. */
    public SubscriberChange(SubscriberStatus status, List<Tag> tags, Frequency frequency, ZoneId timezone,
                            Integer sendHour, Boolean alerts, Map<TagKey, Frequency> tagFrequencies,
                            Optional<LocalDate> pausedUntil, Language language) {
        this(status, tags, frequency, timezone, sendHour, alerts, tagFrequencies, pausedUntil, language, null, null);
    }

    /** A change of the first edition's fields: rhythms, pause and language stay as they are. */
    public SubscriberChange(SubscriberStatus status, List<Tag> tags, Frequency frequency, ZoneId timezone,
                            Integer sendHour, Boolean alerts) {
        this(status, tags, frequency, timezone, sendHour, alerts, null, null, null);
    }

    /** A change without one of the language: it stays as it is. */
    public SubscriberChange(SubscriberStatus status, List<Tag> tags, Frequency frequency, ZoneId timezone,
                            Integer sendHour, Boolean alerts, Map<TagKey, Frequency> tagFrequencies,
                            Optional<LocalDate> pausedUntil) {
        this(status, tags, frequency, timezone, sendHour, alerts, tagFrequencies, pausedUntil, null);
    }

    public static SubscriberChange status(SubscriberStatus status) {
        return new SubscriberChange(status, null, null, null, null, null);
    }
}
