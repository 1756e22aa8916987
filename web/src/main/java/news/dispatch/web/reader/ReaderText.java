package news.dispatch.web.reader;

import java.util.stream.Collectors;

import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.tag.Tag;

/** Readers' choices in words, as the pages show them. Public because the precompiled templates call it. */
public final class ReaderText {

    private ReaderText() {
    }

    /** "every day at 07:00, Europe/Berlin time", "as it happens" … */
    public static String schedule(Preferences preferences) {
        String at = " at " + FormPage.hourLabel(preferences.sendHour()) + ", " + preferences.timezone().getId()
                + " time";
        return switch (preferences.frequency()) {
            case IMMEDIATE -> "as it happens, within minutes";
            case DAILY -> "every day" + at;
            case WEEKLY -> "every Monday" + at;
        };
    }

    /** "#Aviation, #Ukraine" */
    public static String tags(Preferences preferences) {
        return preferences.tags().stream().map(Tag::toString).collect(Collectors.joining(", "));
    }
}
