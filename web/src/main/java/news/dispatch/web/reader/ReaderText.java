package news.dispatch.web.reader;

import java.util.stream.Collectors;

import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Words;
import news.dispatch.core.tag.Tag;

/** Readers' choices in words, as the pages show them. Public because the precompiled templates call it. */
public final class ReaderText {

    private ReaderText() {
    }

    /** "every day at 07:00, Berlin time", "as it happens" …, in the words given. */
    public static String schedule(Preferences preferences, Words words) {
        return words.get("schedule." + preferences.frequency().name(), FormPage.hourLabel(preferences.sendHour()),
                TimeZones.place(preferences.timezone()));
    }

    /** "#Aviation, #Ukraine" */
    public static String tags(Preferences preferences) {
        return preferences.tags().stream().map(Tag::toString).collect(Collectors.joining(", "));
    }
}
