package news.dispatch.web.reader;

import news.dispatch.core.InvalidInput;

import tools.jackson.databind.JsonNode;

/**
 * One of a reader's quiet hours as a JSON body holds it, in the reader's preferences and in the admin's change of a
 * subscriber alike: read as a node, because there {@code null} is a value (no quiet hours). Public for the admin API.
 */
public final class QuietHour {

    private QuietHour() {
    }

    /** An hour as a form's list gives it ({@code 0}–{@code 23}), or {@code null} for anything else. */
    public static Integer fromList(String written) {
        return written != null && written.matches("\\d{1,2}") && Integer.parseInt(written) <= 23
                ? Integer.valueOf(written) : null;
    }

    /** The hour, or {@code null} for a JSON {@code null}; anything but a whole number is refused on the field. */
    public static Integer of(String field, JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidInput(field, field + " must be an hour between 0 and 23, or null");
        }
        return value.intValue();
    }
}
