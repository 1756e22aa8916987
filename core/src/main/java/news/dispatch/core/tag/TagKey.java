package news.dispatch.core.tag;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

import news.dispatch.core.InvalidInput;

/**
 * The identity of a hashtag: {@code #USMigration}, {@code usmigration} and {@code " USMigration "} are one
 * key, {@code usmigration}. 1 to 50 characters (code points) of letters with the marks written on them
 * ({@code भारत}, {@code ข่าว}), digits or {@code -}; lower-cased, without the dot a capital {@code İ} leaves on
 * its {@code i} ({@code #İstanbul} is {@code istanbul}), and in Unicode's composed form (NFC), so a word typed with
 * separate accents is the key of the same word typed with accented letters.
 */
public record TagKey(String value) implements Comparable<TagKey> {

    static final int MAX_LENGTH = 50;
    private static final String RULE = "a tag is 1 to 50 letters, digits or '-': ";
    /**
     * Scripts such as Devanagari, Thai or Arabic write vowels and signs as marks that combine with the letter before
     * them; a mark with nothing to combine with is no part of a word.
     */
    private static final Pattern VALID = Pattern.compile("(?:\\p{L}\\p{M}*|[\\p{N}-])+");
    /**
     * Lower-casing {@code İ} gives {@code i} and a combining dot above; the dot is redundant on an {@code i}, and a
     * Turkish reader means one tag by {@code #İstanbul} and {@code #istanbul}.
     */
    private static final String DOTTED_I = "i\u0307";

    public TagKey {
        // The length first: the pattern recurses once a character, and a tag of a few thousand overflowed the stack.
        if (value == null || value.codePointCount(0, value.length()) > MAX_LENGTH || !VALID.matcher(value).matches()
                || !value.equals(folded(value))) {
            throw new InvalidInput("tags", RULE + shorten(value));
        }
    }

    /** Normalises a tag as a person wrote it. */
    public static TagKey of(String written) {
        String form = Tag.displayForm(written);
        try {
            return new TagKey(folded(form));
        } catch (InvalidInput notATag) {
            // Shown as the person wrote it, not lower-cased and composed: they recognise their own spelling.
            throw new InvalidInput("tags", RULE + shorten(form));
        }
    }

    /**
     * What a written tag would be as a key, whether or not it is a valid one: forms and pages match a written tag
     * against known ones by it.
     */
    public static String fold(String written) {
        return folded(Tag.displayForm(written));
    }

    private static String folded(String form) {
        return Normalizer.normalize(form.toLowerCase(Locale.ROOT).replace(DOTTED_I, "i"), Normalizer.Form.NFC);
    }

    /**
     * The key as links carry it, in a path ({@code /tags/{key}}) or a query ({@code ?tag=}): UTF-8, percent-encoded
     * beyond ASCII letters, digits and {@code -}, so a mail client or feed reader that only knows ASCII links follows it.
     */
    public String inUrl() {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
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
