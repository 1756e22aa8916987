package news.dispatch.core.subscriber;

import java.text.MessageFormat;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Arrays;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dispatch's own words in one language, from a message bundle a translator works with: {@code <bundle>_en.properties},
 * {@code _de}, {@code _fr} (UTF-8). Each message is a {@link MessageFormat} pattern read in the language's locale:
 * {@code {0}} takes an argument, {@code {0,number,integer}} writes a count as the language does, and a single quote
 * is written twice ({@code ''}). Articles' own text is never looked up here: it stays as written.
 */
public final class Words {

    /** The bundle's pattern ({@link DateTimeFormatter}) for a moment in a reader's zone: "3 Dec 2026, 07:00 CET". */
    public static final String TIME_PATTERN = "format.time";

    private static final Object[] NO_ARGUMENTS = {};
    private static final Map<String, Words> LOADED = new ConcurrentHashMap<>();
    /** Where the time pattern's zone name goes, written in by {@link #time} from {@link ZoneNames}. */
    private static final char ZONE = '\uFFFF';
    /** The most messages with counts kept per language: enough for every count a digest or notice says. */
    private static final int COUNTED = 4_096;
    /** The most moments kept as written per language: a day's stories in the zones of the readers sent them. */
    private static final int TIMES = 4_096;

    private final Language language;
    private final ResourceBundle bundle;
    private final DateTimeFormatter time;
    private final DateTimeFormatter date;
    /** Parsed once: parsing a pattern cost more than rendering the rest of a digest's story list. */
    private final Map<String, MessageFormat> formats = new ConcurrentHashMap<>();
    /**
     * Messages that choose their words by a count, as written for each count met ({@code digest.more} and
     * {@code 37}): {@link MessageFormat} parses the chosen words anew each time they hold an argument.
     */
    private final Map<String, String> counted = new ConcurrentHashMap<>();
    /**
     * Moments as written: a digest writes each of its stories' times in its reader's zone, and readers of the same
     * zone share stories, so most are written already (formatting them was 2% of a delivery worker's CPU). Emptied
     * when full rather than closed to newcomers, since tomorrow's stories are new moments.
     */
    private final Map<ZonedDateTime, String> times = new ConcurrentHashMap<>();

    private Words(Language language, ResourceBundle bundle) {
        this.language = language;
        this.bundle = bundle;
        this.time = DateTimeFormatter.ofPattern(ZoneNames.marked(bundle.getString(TIME_PATTERN), ZONE),
                language.locale());
        this.date = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(language.locale());
    }

    /**
     * The bundle's words in the language; loaded once. The bundle has no fallback to another language or to the
     * machine's locale: a missing key is an error, which the completeness tests catch before it ships.
     *
     * @param bundle the bundle's base name, such as {@code news.dispatch.mailer.letter.messages}
     */
    public static Words of(String bundle, Language language) {
        return LOADED.computeIfAbsent(bundle + "_" + language.code(), key -> new Words(language,
                ResourceBundle.getBundle(bundle, language.locale(), Words.class.getClassLoader(),
                        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES))));
    }

    public Language language() {
        return language;
    }

    /** The language's code for {@code lang} and {@code Content-Language}: {@code de}. */
    public String lang() {
        return language.code();
    }

    /**
     * The message without arguments: most of an email's words, some written for each story of a digest, where a call
     * through {@link #get(String, Object...)} made an empty array each time.
     */
    public String get(String key) {
        return get(key, NO_ARGUMENTS);
    }

    /** The message, its arguments put in as the language writes them. */
    public String get(String key, Object... arguments) {
        String pattern = bundle.getString(key);
        if (arguments.length == 0 && pattern.indexOf('\'') < 0 && pattern.indexOf('{') < 0) {
            return pattern;
        }
        if (pattern.contains(",choice,") && counts(arguments) && counted.size() < COUNTED) {
            return counted.computeIfAbsent(key + Arrays.toString(arguments), k -> format(key, pattern, arguments));
        }
        return format(key, pattern, arguments);
    }

    private String format(String key, String pattern, Object... arguments) {
        MessageFormat parsed = formats.computeIfAbsent(key, k -> new MessageFormat(pattern, language.locale()));
        // A MessageFormat is not safe for concurrent use; holding it for one short format costs less than a copy.
        synchronized (parsed) {
            return parsed.format(arguments);
        }
    }

    private static boolean counts(Object... arguments) {
        for (Object argument : arguments) {
            if (!(argument instanceof Integer || argument instanceof Long)) {
                return false;
            }
        }
        return true;
    }

    /** A day as the language writes it in full: "10 December 2026", "10. Dezember 2026". */
    public String date(LocalDate day) {
        return date.format(day);
    }

    /** A moment as the language writes it, in the zone given. */
    public String time(ZonedDateTime at) {
        String written = times.get(at);
        if (written == null) {
            if (times.size() >= TIMES) {
                times.clear();
            }
            written = written(at);
            times.put(at, written);
        }
        return written;
    }

    private String written(ZonedDateTime at) {
        String written = time.format(at);
        return written.indexOf(ZONE) < 0 ? written
                : written.replace(String.valueOf(ZONE), ZoneNames.shortName(at, language.locale()));
    }
}
