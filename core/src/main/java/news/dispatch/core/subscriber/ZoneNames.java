package news.dispatch.core.subscriber;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The short names of time zones a reader's times are written with ("CET", "MEZ"), looked up in the JDK once per zone,
 * season and language, one lookup at a time, and kept.
 *
 * <p>Why not the pattern letter {@code z}: Java 17 takes short names from its CLDR data, which has almost none, and
 * substitutes the older COMPAT names. When two threads look up a zone's names for the first time at once, that
 * substitution can be lost and the zone written as "GMT+01:00" for the rest of the JVM's life: eight threads writing
 * "Europe/Berlin" in English, German and French at once left English with "GMT+01:00" in 4 runs of 30. Delivery
 * workers write digests in parallel, so a node could send "GMT+01:00" all day; here the first lookups are serialized.
 */
final class ZoneNames {

    private static final Map<String, String> SHORT = new ConcurrentHashMap<>();
    private static final Object LOOKUP = new Object();

    private ZoneNames() {
    }

    /**
     * The {@link java.time.format.DateTimeFormatter} pattern with its short zone name ({@code z} to {@code zzz},
     * outside quotes) replaced by the literal {@code marker}, which {@link #shortName} is then written over.
     */
    static String marked(String pattern, char marker) {
        StringBuilder marked = new StringBuilder(pattern.length() + 2);
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            }
            int run = 0;
            while (!quoted && i + run < pattern.length() && pattern.charAt(i + run) == 'z') {
                run++;
            }
            if (run >= 1 && run <= 3) {
                marked.append('\'').append(marker).append('\'');
                i += run - 1;
            } else {
                marked.append(pattern, i, i + Math.max(run, 1));
                i += Math.max(run, 1) - 1;
            }
        }
        return marked.toString();
    }

    /** The zone's short name at that moment in the language, as the letter {@code z} writes it. */
    static String shortName(ZonedDateTime at, Locale locale) {
        ZoneId zone = at.getZone();
        if (zone instanceof ZoneOffset) {
            return zone.getId();
        }
        boolean daylight = zone.getRules().isDaylightSavings(at.toInstant());
        return SHORT.computeIfAbsent(zone.getId() + (daylight ? " daylight " : " standard ") + locale.toLanguageTag(),
                key -> {
                    synchronized (LOOKUP) {
                        return TimeZone.getTimeZone(zone).getDisplayName(daylight, TimeZone.SHORT, locale);
                    }
                });
    }
}
