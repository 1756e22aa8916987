package news.dispatch.scheduler.feed;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dates feeds really write, read as what they say or not at all: RFC 822 (RSS) with or without the day's name,
 * the seconds, a four-digit year, with a zone as an offset, a name (GMT, UT, EST … PDT) or a military letter; ISO 8601
 * and RFC 3339 (Atom, {@code dc:date}) with any fraction of a second, to the nanosecond, or a date alone. A date
 * without a zone (Atom 0.3 allowed it) is read as UTC. Anything else is no date: never the time it was read.
 */
final class FeedDates {

    private static final Pattern RFC_822 = Pattern.compile(
            "(?:[A-Za-z]+,?\\s*)?(\\d{1,2})\\s+([A-Za-z]+)\\.?,?\\s+(\\d{2}|\\d{4,6})"
                    + "(?:,?\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:\\.\\d+)?)?"
                    + "(?:\\s*([A-Za-z]+|[+-]\\d{2}:?\\d{2}))?\\s*(?:\\([^)]*\\))?");
    private static final Pattern ISO_8601 = Pattern.compile(
            "(\\d{4})-?(\\d{2})-?(\\d{2})(?:[Tt ](\\d{2}):?(\\d{2})(?::?(\\d{2})(?:[.,](\\d+))?)?)?"
                    + "\\s*([Zz]|[+-]\\d{2}(?::?\\d{2})?|UTC|GMT)?");
    private static final Map<String, Integer> ZONE_HOURS = Map.ofEntries(
            Map.entry("UT", 0), Map.entry("UTC", 0), Map.entry("GMT", 0), Map.entry("Z", 0),
            Map.entry("EST", -5), Map.entry("EDT", -4), Map.entry("CST", -6), Map.entry("CDT", -5),
            Map.entry("MST", -7), Map.entry("MDT", -6), Map.entry("PST", -8), Map.entry("PDT", -7),
            Map.entry("AST", -4), Map.entry("ADT", -3), Map.entry("MET", 1), Map.entry("CET", 1),
            Map.entry("MEST", 2), Map.entry("CEST", 2), Map.entry("BST", 1));
    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

    private FeedDates() {
    }

    /** The instant the text names, or {@code null} when it names none (blank, garbled, an impossible day). */
    static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String date = text.strip();
        try {
            Matcher iso = ISO_8601.matcher(date);
            if (iso.matches()) {
                return iso(iso);
            }
            Matcher rfc = RFC_822.matcher(date);
            if (rfc.matches()) {
                return rfc822(rfc);
            }
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    private static Instant iso(Matcher iso) {
        LocalDate day = LocalDate.of(number(iso.group(1)), number(iso.group(2)), number(iso.group(3)));
        LocalTime time = iso.group(4) == null ? LocalTime.MIDNIGHT
                : LocalTime.of(number(iso.group(4)), number(iso.group(5)),
                iso.group(6) == null ? 0 : number(iso.group(6)), nanos(iso.group(7)));
        return LocalDateTime.of(day, time).toInstant(offset(iso.group(8)));
    }

    /** A fraction is of a second, however many digits it has: .123456 is microseconds, not 123456 milliseconds. */
    private static int nanos(String fraction) {
        if (fraction == null) {
            return 0;
        }
        String nine = (fraction + "000000000").substring(0, 9);
        return Integer.parseInt(nine);
    }

    private static Instant rfc822(Matcher rfc) {
        int month = MONTHS.indexOf(rfc.group(2).toLowerCase(Locale.ROOT).substring(0, Math.min(3,
                rfc.group(2).length())));
        if (rfc.group(2).length() < 3 || month < 0 || month % 3 != 0) {
            throw new DateTimeException("no month: " + rfc.group(2));
        }
        int year = number(rfc.group(3));
        if (rfc.group(3).length() == 2) {
            // RFC 2822's rule for two-digit years.
            year += year < 50 ? 2000 : 1900;
        }
        LocalDate day = LocalDate.of(year, month / 3 + 1, number(rfc.group(1)));
        LocalTime time = rfc.group(4) == null ? LocalTime.MIDNIGHT
                : LocalTime.of(number(rfc.group(4)), number(rfc.group(5)),
                rfc.group(6) == null ? 0 : number(rfc.group(6)));
        return LocalDateTime.of(day, time).toInstant(offset(rfc.group(7)));
    }

    /**
     * A zone as written: an offset, a name, or RFC 822's military letters (A to M west, skipping J; N to Y east;
     * Z is UTC). No zone, or an unknown name, is UTC: the feed's clock is the only one it could mean.
     */
    private static ZoneOffset offset(String zone) {
        if (zone == null) {
            return ZoneOffset.UTC;
        }
        if (zone.startsWith("+") || zone.startsWith("-")) {
            String digits = zone.substring(1).replace(":", "");
            int hours = number(digits.substring(0, 2));
            int minutes = digits.length() > 2 ? number(digits.substring(2)) : 0;
            int sign = zone.startsWith("-") ? -1 : 1;
            return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
        }
        String name = zone.toUpperCase(Locale.ROOT);
        Integer hours = ZONE_HOURS.get(name);
        if (hours != null) {
            return ZoneOffset.ofHours(hours);
        }
        if (name.length() == 1 && name.charAt(0) != 'J') {
            char letter = name.charAt(0);
            if (letter >= 'A' && letter <= 'I') {
                return ZoneOffset.ofHours(-(letter - 'A' + 1));
            }
            if (letter >= 'K' && letter <= 'M') {
                return ZoneOffset.ofHours(-(letter - 'A'));
            }
            if (letter >= 'N' && letter <= 'Y') {
                return ZoneOffset.ofHours(letter - 'N' + 1);
            }
        }
        return ZoneOffset.UTC;
    }

    private static int number(String digits) {
        return Integer.parseInt(digits);
    }
}
