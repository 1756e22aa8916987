package news.dispatch.core.subscriber;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;

/**
 * What a reader follows and when they want it: 1–50 tags, a frequency, an IANA zone and a local hour 0–23, whether
 * breaking-news alerts reach them, the quiet hours in which alerts wait ({@code null}: none), the tags that have a
 * rhythm of their own ({@code tagFrequencies}, overriding {@code frequency} for them; never {@code null}), a pause:
 * no mail before the local date {@code pausedUntil} ({@code null}: none), and the language of their emails and pages.
 */
public record Preferences(List<Tag> tags, Frequency frequency, ZoneId timezone, int sendHour, boolean alerts,
                          QuietHours quietHours, Map<TagKey, Frequency> tagFrequencies, LocalDate pausedUntil,
                          Language language) {

    public static final int MAX_TAGS = 50;
    public static final Frequency DEFAULT_FREQUENCY = Frequency.DAILY;
    public static final ZoneId DEFAULT_TIMEZONE = ZoneId.of("UTC");
    public static final int DEFAULT_SEND_HOUR = 7;
    /** The language of preferences made without one; a sign-up sets {@code dispatch.readers.default-language}. */
    public static final Language DEFAULT_LANGUAGE = Language.EN;

    /** IANA zone ids by their lower-case spelling. */
    private static final Map<String, String> ZONES_IN_ANY_CASE = ZoneId.getAvailableZoneIds().stream()
            .collect(Collectors.toUnmodifiableMap(zone -> zone.toLowerCase(Locale.ROOT), zone -> zone,
                    (one, other) -> one));

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
        Map<TagKey, Frequency> rhythms = new LinkedHashMap<>();
        if (tagFrequencies != null) {
            tagFrequencies.forEach((key, rhythm) -> {
                if (!distinct.containsKey(key)) {
                    throw new InvalidInput("tagFrequencies", "tagFrequencies may only name followed tags, not "
                            + key.value());
                }
                if (rhythm == null) {
                    throw new InvalidInput("tagFrequencies", "a tag's frequency must be IMMEDIATE, DAILY or WEEKLY");
                }
                rhythms.put(key, rhythm);
            });
        }
        tagFrequencies = Map.copyOf(rhythms);
        if (language == null) {
            throw new InvalidInput("language", "language must be en, de or fr");
        }
    }

    /** Preferences in the default language. */
    public Preferences(List<Tag> tags, Frequency frequency, ZoneId timezone, int sendHour, boolean alerts,
                       QuietHours quietHours, Map<TagKey, Frequency> tagFrequencies, LocalDate pausedUntil) {
        this(tags, frequency, timezone, sendHour, alerts, quietHours, tagFrequencies, pausedUntil, DEFAULT_LANGUAGE);
    }

    /**
     * Preferences without quiet hours, as a sign-up makes them. Code that changes a reader's preferences builds on
     * the current ones ({@link #withQuietHours}) so that their quiet hours stay.
     */
    public Preferences(List<Tag> tags, Frequency frequency, ZoneId timezone, int sendHour, boolean alerts) {
        this(tags, frequency, timezone, sendHour, alerts, null);
    }

    /** Preferences with quiet hours, without rhythms of their own or a pause. */
    public Preferences(List<Tag> tags, Frequency frequency, ZoneId timezone, int sendHour, boolean alerts,
                       QuietHours quietHours) {
        this(tags, frequency, timezone, sendHour, alerts, quietHours, Map.of(), null);
    }

    public Preferences withQuietHours(QuietHours quiet) {
        return new Preferences(tags, frequency, timezone, sendHour, alerts, quiet, tagFrequencies, pausedUntil, language);
    }

    /**
     * The same preferences with these tags' own rhythms in place of the ones they had.
     *
     * @throws InvalidInput naming {@code tagFrequencies} when a tag is not followed
     */
    public Preferences withTagFrequencies(Map<TagKey, Frequency> rhythms) {
        return new Preferences(tags, frequency, timezone, sendHour, alerts, quietHours, rhythms, pausedUntil, language);
    }

    /** The same preferences paused until the local date ({@code null}: resumed). */
    public Preferences withPause(LocalDate until) {
        return new Preferences(tags, frequency, timezone, sendHour, alerts, quietHours, tagFrequencies, until, language);
    }

    /** The same preferences in another language. */
    public Preferences withLanguage(Language spoken) {
        return new Preferences(tags, frequency, timezone, sendHour, alerts, quietHours, tagFrequencies, pausedUntil,
                spoken);
    }

    /**
     * Carries the rhythms (of the tags still followed), the pause and the language of {@code before} over to these
     * preferences.
     */
    public Preferences keeping(Preferences before) {
        Map<TagKey, Frequency> kept = new LinkedHashMap<>(before.tagFrequencies());
        kept.keySet().retainAll(tagKeys());
        return new Preferences(tags, frequency, timezone, sendHour, alerts, quietHours, kept, before.pausedUntil(),
                before.language());
    }

    /** The rhythm of a tag: its own, or the reader's frequency. */
    public Frequency frequencyOf(TagKey tag) {
        return tagFrequencies.getOrDefault(tag, frequency);
    }

    /** Whether no mail may reach the reader at the instant: before the start of {@code pausedUntil} in their zone. */
    public boolean pausedAt(Instant instant) {
        return pausedUntil != null && instant.isBefore(pauseEnd());
    }

    /**
     * Whether these preferences pause mail at the instant and the earlier ones did not: a pause that begins now, so that
     * what is queued to the reader must not go.
     */
    public boolean pauseBeginsAt(Instant instant, Preferences before) {
        return pausedAt(instant) && !before.pausedAt(instant);
    }

    /** When the pause ends (and mail resumes): the start of {@code pausedUntil} in the reader's zone; null without one. */
    public Instant pauseEnd() {
        return pausedUntil == null ? null : pausedUntil.atStartOfDay(timezone).toInstant();
    }

    /**
     * Parses an IANA zone id as a client sent it, in any case ({@code europe/berlin} is {@code Europe/Berlin}, as a
     * spreadsheet or a hand-written request may have it); {@code null} or blank means UTC.
     */
    public static ZoneId zone(String id) {
        if (id == null || id.isBlank()) {
            return DEFAULT_TIMEZONE;
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(id.strip());
        } catch (DateTimeException e) {
            String known = ZONES_IN_ANY_CASE.get(id.strip().toLowerCase(Locale.ROOT));
            if (known == null) {
                throw new InvalidInput("timezone", "timezone must be an IANA time zone such as Europe/Berlin");
            }
            zone = ZoneId.of(known);
        }
        return asKept(zone);
    }

    /**
     * A zone Java reads, as it is kept and answered: an IANA name, or a fixed offset written {@code +05:30}. Java also
     * reads {@code Z}, {@code GMT+5} and {@code UTC+05:30}, which it would answer as written and which no IANA
     * library reads back, and {@code SystemV/EST5}, gone from the IANA database since 2020; an integrator's
     * {@code zoneinfo} failed on each (QA, 7 December). An offset beyond the earth's ±14:00 is no one's.
     */
    private static ZoneId asKept(ZoneId zone) {
        if (zone.getId().startsWith("SystemV/")) {
            throw new InvalidInput("timezone", "timezone must be an IANA time zone such as Europe/Berlin");
        }
        // A region keeps its name, even one whose offset never changes (Africa/Abidjan): the reader chose it.
        if (!(zone instanceof ZoneOffset || zone.getId().matches("(GMT|UTC|UT)[+-].*"))
                || !(zone.normalized() instanceof ZoneOffset offset)) {
            return zone;
        }
        // +05:30:15 is Java's and nobody's clock: no IANA library reads it (QA, 7 December).
        if (offset.getTotalSeconds() % 60 != 0) {
            throw new InvalidInput("timezone", "timezone's offset must be in whole minutes, such as +05:30; better, an "
                    + "IANA time zone such as Asia/Kolkata");
        }
        if (offset.getTotalSeconds() < -12 * 3600 || offset.getTotalSeconds() > 14 * 3600) {
            throw new InvalidInput("timezone", "timezone's offset must be within -12:00 and +14:00, as the earth's "
                    + "are; better, an IANA time zone such as Europe/Berlin");
        }
        return offset.getTotalSeconds() == 0 ? DEFAULT_TIMEZONE : offset;
    }

    /**
     * Reads tags' own rhythms as a client sent them: tags as written ({@code #Ukraine}), frequencies in any case.
     *
     * @throws InvalidInput naming {@code tagFrequencies} for a tag or a frequency that cannot be read
     */
    public static Map<TagKey, Frequency> rhythms(Map<String, String> written) {
        Map<TagKey, Frequency> rhythms = new LinkedHashMap<>();
        written.forEach((tag, rhythm) -> {
            try {
                rhythms.put(TagKey.of(tag), Frequency.of(rhythm));
            } catch (InvalidInput e) {
                throw new InvalidInput("tagFrequencies", "tagFrequencies: " + e.getMessage());
            }
        });
        return rhythms;
    }

    /** Reads a pause's date as a client sent it, {@code YYYY-MM-DD}; {@code null} or blank is no pause. */
    public static LocalDate pause(String written) {
        if (written == null || written.isBlank()) {
            return null;
        }
        try {
            // LocalDate reads "+10000-01-01" too, which no reader means and the contract's YYYY-MM-DD is not.
            if (!written.strip().matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw new DateTimeException(written);
            }
            return LocalDate.parse(written.strip());
        } catch (DateTimeException e) {
            throw new InvalidInput("pausedUntil", "pausedUntil must be a date such as 2026-08-31, or null");
        }
    }

    public List<TagKey> tagKeys() {
        return tags.stream().map(Tag::key).toList();
    }
}
