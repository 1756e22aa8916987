package news.dispatch.web.page;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import news.dispatch.core.subscriber.Words;

/**
 * How every page writes a time: in UTC, to the minute, as Dispatch keeps times everywhere. Three lengths, one for
 * each kind of page: the admins' tables, the editors' pages, the readers' stories (in the reader's language). Public because the precompiled
 * templates, in another package, use it.
 */
public final class Format {

    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MEDIUM = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private static final ZoneId UTC = ZoneId.of("UTC");

    private Format() {
    }

    /** A message as a sentence: capitalised, and one full stop at its end, whether or not it came with one. */
    public static String sentence(String text) {
        if (text.isEmpty()) {
            return text;
        }
        String capitalized = Character.toUpperCase(text.charAt(0)) + text.substring(1);
        return capitalized.endsWith(".") || capitalized.endsWith("?") ? capitalized : capitalized + ".";
    }

    /** For the admins' tables, sortable by eye: {@code 2025-11-27 11:44 UTC}, or a dash when there is none. */
    public static String compact(Instant instant) {
        return instant == null ? "—" : COMPACT.format(instant);
    }

    /** For the editors' pages: {@code 27 Nov 2025, 11:44 UTC}, or nothing when there is none. */
    public static String medium(Instant instant) {
        return instant == null ? "" : MEDIUM.format(instant);
    }

    /**
     * As readers read it on a story, in their language: {@code 27 Nov 2025, 11:44 UTC}, {@code 27. Nov. 2025, 11:44
     * UTC}, or nothing when there is none. The pages of stories know no reader's zone, so they say UTC.
     */
    public static String full(Words words, Instant instant) {
        // The region UTC rather than the offset: a time zone's name reads "UTC", an offset's "Z".
        return instant == null ? "" : words.time(instant.atZone(UTC));
    }

    /**
     * The machine-readable form, for {@code <time datetime>}: the ISO-8601 instant to the second. The HTML standard
     * takes at most three fractional digits, and the pages show minutes anyway.
     */
    public static String iso(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
