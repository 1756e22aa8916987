package news.dispatch.web.reader;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.tag.Tag;

/**
 * What readers choose, as the API and the forms receive it, turned into domain values. The domain checks the rules
 * (1–50 tags, hours 0–23 …); this reads the text, with the defaults of the contract for what was left out.
 */
final class ReaderChoices {

    /** Typed tags are separated by commas or semicolons, or start with a {@code #}: "#Aviation #Ukraine". */
    private static final Pattern TAG_SEPARATORS = Pattern.compile("[,;\\n]|\\s+(?=#)");

    private ReaderChoices() {
    }

    static List<Tag> tags(Collection<String> written) {
        return written.stream().map(Tag::of).toList();
    }

    /** Tags ticked in a list and typed into a text field, together. */
    static List<Tag> tags(Collection<String> ticked, String typed) {
        Stream<String> more = typed == null ? Stream.empty() : TAG_SEPARATORS.splitAsStream(typed);
        return Stream.concat(ticked.stream().filter(Objects::nonNull), more)
                .filter(tag -> !tag.isBlank())
                .map(Tag::of)
                .toList();
    }

    /** {@code IMMEDIATE}, {@code DAILY} or {@code WEEKLY} in any case; nothing means the default, DAILY. */
    static Frequency frequency(String written) {
        if (written == null || written.isBlank()) {
            return Preferences.DEFAULT_FREQUENCY;
        }
        return Frequency.of(written);
    }

    /** An hour as a form sends it; nothing means the default, 7. The domain checks the range. */
    static int sendHour(String written) {
        if (written == null || written.isBlank()) {
            return Preferences.DEFAULT_SEND_HOUR;
        }
        try {
            return Integer.parseInt(written.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInput("sendHour", "sendHour must be a whole hour between 0 and 23");
        }
    }
}
