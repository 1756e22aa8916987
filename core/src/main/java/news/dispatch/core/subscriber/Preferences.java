package news.dispatch.core.subscriber;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;

/**
 * What a reader follows and when they want it: 1–50 tags, a frequency, an IANA zone and a local hour 0–23, whether
 * breaking-news alerts reach them, and the quiet hours in which alerts wait ({@code null}: none).
 */
public record Preferences(List<Tag> tags, Frequency frequency, ZoneId timezone, int sendHour, boolean alerts,
                          QuietHours quietHours) {

    public static final int MAX_TAGS = 50;
    public static final Frequency DEFAULT_FREQUENCY = Frequency.DAILY;
    public static final ZoneId DEFAULT_TIMEZONE = ZoneId.of("UTC");
    public static final int DEFAULT_SEND_HOUR = 7;

    public Preferences {
        if (tags == null || tags.isEmpty()) {
            throw new InvalidInput("tags", "follow at least one tag");
        }
        Map<TagKey, Tag> distinct = new LinkedHashMap<>();
        tags.forEach(tag -> distinct.putIfAbsent(tag.key(), tag));
        if (distinct.size() > MAX_TAGS) {
            throw new InvalidInput("tags", "follow at most " + MAX_TAGS + " tags");
        }
        tags = List.copyOf(distinct.values());
        if (frequency == null) {
            throw new InvalidInput("frequency", "frequency must be IMMEDIATE, DAILY or WEEKLY");
        }
        if (timezone == null) {
            throw new InvalidInput("timezone", "timezone must be an IANA time zone such as Europe/Berlin");
        }
        if (sendHour < 0 || sendHour > 23) {
            throw new InvalidInput("sendHour", "sendHour must be between 0 and 23");
        }
    }

    /**
     * Preferences without quiet hours, as a sign-up makes them. Code that changes a reader's preferences builds on
     * the current ones ({@link #withQuietHours}) so that their quiet hours stay.
     */
    public Preferences(List<Tag> tags, Frequency frequency, ZoneId timezone, int sendHour, boolean alerts) {
        this(tags, frequency, timezone, sendHour, alerts, null);
    }

    public Preferences withQuietHours(QuietHours quiet) {
        return new Preferences(tags, frequency, timezone, sendHour, alerts, quiet);
    }

    /** Parses an IANA zone id as a client sent it; {@code null} or blank means UTC. */
    public static ZoneId zone(String id) {
        if (id == null || id.isBlank()) {
            return DEFAULT_TIMEZONE;
        }
        try {
            return ZoneId.of(id.strip());
        } catch (DateTimeException e) {
            throw new InvalidInput("timezone", "timezone must be an IANA time zone such as Europe/Berlin");
        }
    }

    public List<TagKey> tagKeys() {
        return tags.stream().map(Tag::key).toList();
    }
}
