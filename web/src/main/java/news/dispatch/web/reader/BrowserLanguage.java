package news.dispatch.web.reader;

import java.util.Locale;
import java.util.Optional;

import news.dispatch.core.subscriber.Language;

/**
 * The language a browser asks for ({@code Accept-Language}, RFC 9110), among those Dispatch speaks. Read here rather
 * than through the servlet's locales, which {@code PinnedLocale} keeps English because Tomcat throws on a header of
 * more than ten languages: this reads a bounded part of any header and never throws.
 */
final class BrowserLanguage {

    /** Enough for any real browser's list; the rest of a longer header is not read. */
    private static final int READ_AT_MOST = 1024;
    private static final int RANGES_AT_MOST = 32;

    private BrowserLanguage() {
    }

    /** The language of the highest weight the header gives one of ours (the first of equals), if any. */
    static Optional<Language> of(String acceptLanguage) {
        if (acceptLanguage == null) {
            return Optional.empty();
        }
        String header = acceptLanguage.length() > READ_AT_MOST ? acceptLanguage.substring(0, READ_AT_MOST)
                : acceptLanguage;
        Language best = null;
        double bestWeight = 0;
        String[] ranges = header.split(",", RANGES_AT_MOST + 1);
        for (int i = 0; i < Math.min(ranges.length, RANGES_AT_MOST); i++) {
            String[] parts = ranges[i].split(";");
            String primary = parts[0].strip().split("-", 2)[0].toLowerCase(Locale.ROOT);
            Language language = known(primary);
            double weight = weight(parts);
            if (language != null && weight > bestWeight) {
                best = language;
                bestWeight = weight;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Language known(String code) {
        for (Language language : Language.values()) {
            if (language.code().equals(code)) {
                return language;
            }
        }
        return null;
    }

    /** The range's {@code q}, 1 without one; one that cannot be read counts as 0, so it never wins. */
    private static double weight(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.length() > 2 && parameter.substring(0, 2).equalsIgnoreCase("q=")) {
                String value = parameter.substring(2).strip();
                if (!value.matches("[01](\\.\\d{0,3})?")) {
                    return 0;
                }
                return Math.min(1, Double.parseDouble(value));
            }
        }
        return 1;
    }
}
