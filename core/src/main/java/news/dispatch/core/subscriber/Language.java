package news.dispatch.core.subscriber;

import java.util.Locale;

import news.dispatch.core.InvalidInput;

/**
 * The language a reader reads Dispatch's own words in: every email and reader page. Articles stay as written.
 * Written as its ISO 639-1 code ({@code en}, {@code de}, {@code fr}) in the API, the CSV and the database.
 */
public enum Language {
    EN("English"), DE("Deutsch"), FR("Français");

    private final String ownName;
    // Kept, not worked out at each call: every email asks for them, a digest once a story.
    private final String code;
    private final Locale locale;

    Language(String ownName) {
        this.ownName = ownName;
        this.code = name().toLowerCase(Locale.ROOT);
        this.locale = Locale.forLanguageTag(code);
    }

    /** The language's name in itself, as a reader looks for it in a list: "Deutsch". */
    public String ownName() {
        return ownName;
    }

    /** The language's ISO 639-1 code, as the API, the CSV, {@code Content-Language} and {@code <html lang>} write it. */
    public String code() {
        return code;
    }

    public Locale locale() {
        return locale;
    }

    /**
     * Reads a language as a person or a file wrote it: its code in any case, surrounding blanks ignored.
     *
     * @throws InvalidInput naming the field {@code language} for anything else, blank included
     */
    public static Language of(String written) {
        String code = written == null ? "" : written.strip().toUpperCase(Locale.ROOT);
        for (Language language : values()) {
            if (language.name().equals(code)) {
                return language;
            }
        }
        throw new InvalidInput("language", "language must be en, de or fr");
    }
}
