package news.dispatch.core.tag;

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

    /** The tag as a person wrote it: {@code "#US Migration"} shows as {@code US-Migration}. */
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
        return BLANKS.matcher(form).replaceAll("-");
    }

    @Override
    public String toString() {
        return "#" + label;
    }
}
