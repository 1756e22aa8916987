package news.dispatch.core.tag;

import java.util.Locale;
import java.util.regex.Pattern;

import news.dispatch.core.InvalidInput;

/**
 * The identity of a hashtag: {@code #USMigration}, {@code usmigration} and {@code " USMigration "} are one
 * key, {@code usmigration}. 1 to 50 letters, digits or {@code -}.
 */
public record TagKey(String value) implements Comparable<TagKey> {

    static final int MAX_LENGTH = 50;
    private static final Pattern VALID = Pattern.compile("[\\p{L}\\p{N}-]{1," + MAX_LENGTH + "}");

    public TagKey {
        if (value == null || !VALID.matcher(value).matches() || !value.equals(value.toLowerCase(Locale.ROOT))) {
            throw new InvalidInput("tags", "a tag is 1 to 50 letters, digits or '-': " + shorten(value));
        }
    }

    /** Normalises a tag as a person wrote it. */
    public static TagKey of(String written) {
        return new TagKey(Tag.displayForm(written).toLowerCase(Locale.ROOT));
    }

    static String shorten(String text) {
        if (text == null) {
            return "(none)";
        }
        return text.length() <= 60 ? "'" + text + "'" : "'" + text.substring(0, 57) + "...'";
    }

    @Override
    public int compareTo(TagKey other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
