package news.dispatch.web.reader;

import java.time.LocalDate;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.subscriber.Preferences;

import tools.jackson.databind.JsonNode;

/**
 * The day a reader's pause ends as a JSON body holds it, in the reader's preferences and in the admin's change of a
 * subscriber alike: read as a node, because there {@code null} is a value (the pause ends now). Public for the admin
 * API.
 */
public final class PauseDate {

    private PauseDate() {
    }

    /**
     * The day, or {@code null} for a JSON {@code null} or an empty string; anything but a string is refused on the
     * field (an object or array is no date, and Jackson would not read one as text).
     */
    public static LocalDate of(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new InvalidInput("pausedUntil", "pausedUntil must be a date such as 2026-08-31, or null");
        }
        return Preferences.pause(value.asString());
    }
}
