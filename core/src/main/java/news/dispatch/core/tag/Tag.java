package news.dispatch.core.tag;

import java.text.Normalizer;
import java.util.regex.Pattern;

import news.dispatch.core.InvalidInput;

/**
 * A hashtag with the form it was first written in ({@code USMigration}), which emails and pages show, and
 * the key it is matched by ({@code usmigration}).
 */
public record Tag(TagKey key, String label) {

    private static final Pattern BLANKS = Pattern.compile("\\s+");

    public Tag {
        if (key == null || label == null || !TagKey.of(label).equals(key)) {
            throw new IllegalArgumentException("label " + label + " does not belong to key " + key);
        }
    }

    /**
     * The tag as a person wrote it: {@code "#US Migration"} shows as {@code US-Migration}; accents typed apart from
     * their letters are stored joined to them (NFC), as its key has them.
     */
    public static Tag of(String written) {
        String label = displayForm(written);
        return new Tag(TagKey.of(label), label);
    }

    static String displayForm(String written) {
        if (written == null) {
            throw new InvalidInput("tags", "a tag cannot be empty");
        }
        String form = written.strip();
        while (form.startsWith("#")) {
            form = form.substring(1).strip();
        }
        return Normalizer.normalize(BLANKS.matcher(form).replaceAll("-"), Normalizer.Form.NFC);
    }

    @Override
    public String toString() {
        return "#" + label;
    }
}
