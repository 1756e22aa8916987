package news.dispatch.web.subscriber;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.QuietHours;
import news.dispatch.core.tag.TagKey;
import news.dispatch.web.reader.QuietHour;

/**
 * The Edit form's fields about when a reader's mail comes, as posted: each tag's own rhythm ({@code rhythm:<tag key>},
 * empty for the reader's frequency), quiet hours ({@code quietFrom}, {@code quietUntil}, both empty for none) and the
 * day a pause ends, mail coming again on it ({@code pausedUntil}, empty for none). A field a post leaves out keeps its
 * setting, as a {@code PATCH} does: a form of an older page or a script that knows only the first edition's fields
 * changes nothing else.
 *
 * @param posted the fields as posted, to show back when one is refused
 */
record MailTimes(Map<String, String> posted) {

    static final String RHYTHM = "rhythm:";
    static final String QUIET_FROM = "quietFrom";
    static final String QUIET_UNTIL = "quietUntil";
    static final String PAUSED_UNTIL = "pausedUntil";

    MailTimes {
        Map<String, String> ours = new LinkedHashMap<>();
        posted.forEach((name, value) -> {
            if (name.startsWith(RHYTHM) || List.of(QUIET_FROM, QUIET_UNTIL, PAUSED_UNTIL).contains(name)) {
                ours.put(name, value == null ? "" : value.strip());
            }
        });
        posted = Map.copyOf(ours);
    }

    /**
     * The fields as the reader's settings are: a pause that ended shows as none, so saving the form unchanged does
     * not refuse its day as past.
     */
    static MailTimes of(Preferences preferences, LocalDate today) {
        Map<String, String> fields = new LinkedHashMap<>();
        preferences.tags().forEach(tag -> fields.put(RHYTHM + tag.key().value(),
                preferences.tagFrequencies().containsKey(tag.key())
                        ? preferences.tagFrequencies().get(tag.key()).name() : ""));
        QuietHours quiet = preferences.quietHours();
        fields.put(QUIET_FROM, quiet == null ? "" : String.valueOf(quiet.from()));
        fields.put(QUIET_UNTIL, quiet == null ? "" : String.valueOf(quiet.until()));
        LocalDate pause = preferences.pausedUntil();
        fields.put(PAUSED_UNTIL, pause == null || pause.isBefore(today) ? "" : pause.toString());
        return new MailTimes(fields);
    }

    /** The field as posted, or empty. */
    String field(String name) {
        return posted.getOrDefault(name, "");
    }

    /**
     * The change these fields make to preferences already checked, or the reasons they cannot, by field.
     *
     * @param checked the rest of the form's preferences: the tags kept, and the frequency a tag's own rhythm departs
     *                from
     * @param today   the day in the reader's zone: a pause ends today or later
     */
    Change read(Preferences checked, LocalDate today) {
        Map<String, String> errors = new LinkedHashMap<>();
        Map<TagKey, Frequency> rhythms = null;
        if (posted.keySet().stream().anyMatch(name -> name.startsWith(RHYTHM))) {
            rhythms = new LinkedHashMap<>();
            for (Map.Entry<String, String> field : posted.entrySet()) {
                if (!field.getKey().startsWith(RHYTHM) || field.getValue().isEmpty()) {
                    continue;
                }
                String key = field.getKey().substring(RHYTHM.length());
                Optional<TagKey> kept = checked.tagKeys().stream().filter(tag -> tag.value().equals(key)).findFirst();
                if (kept.isEmpty()) {
                    continue;
                }
                try {
                    Frequency rhythm = Frequency.of(field.getValue());
                    if (rhythm != checked.frequency()) {
                        rhythms.put(kept.get(), rhythm);
                    }
                } catch (InvalidInput invalid) {
                    errors.put(field.getKey(), "Pick a rhythm from the list.");
                }
            }
        }
        Optional<Integer> quietFrom = hour(QUIET_FROM, errors);
        Optional<Integer> quietUntil = hour(QUIET_UNTIL, errors);
        if (quietFrom != null && quietUntil != null && quietFrom.isPresent() != quietUntil.isPresent()) {
            errors.put(quietFrom.isPresent() ? QUIET_UNTIL : QUIET_FROM,
                    "Quiet hours need both a start and an end, or neither.");
        } else if (quietFrom != null && quietFrom.isPresent() && quietFrom.equals(quietUntil)) {
            errors.put(QUIET_UNTIL, "Quiet hours end at another hour than they start.");
        }
        Optional<LocalDate> pause = null;
        if (posted.containsKey(PAUSED_UNTIL)) {
            try {
                pause = Optional.ofNullable(Preferences.pause(field(PAUSED_UNTIL)));
                if (pause.isPresent() && pause.get().isBefore(today)) {
                    errors.put(PAUSED_UNTIL, "A pause ends today (" + today + ") or later; leave it empty for none.");
                }
            } catch (InvalidInput invalid) {
                errors.put(PAUSED_UNTIL, "Give the day mail comes again as a date such as " + today.plusWeeks(1)
                        + ", or leave it empty for none.");
            }
        }
        return new Change(rhythms, pause, quietFrom, quietUntil, errors);
    }

    /** An hour of the quiet ones: {@code null} when not posted, empty for none. */
    private Optional<Integer> hour(String name, Map<String, String> errors) {
        if (!posted.containsKey(name)) {
            return null;
        }
        String written = field(name);
        if (written.isEmpty()) {
            return Optional.empty();
        }
        Integer hour = QuietHour.fromList(written);
        if (hour == null) {
            errors.put(name, "Pick an hour from the list.");
            return null;
        }
        return Optional.of(hour);
    }

    /**
     * What the fields change, each {@code null} where the post left the setting as it is; {@link #errors} by field.
     */
    record Change(Map<TagKey, Frequency> rhythms, Optional<LocalDate> pausedUntil, Optional<Integer> quietFrom,
                  Optional<Integer> quietUntil, Map<String, String> errors) {
    }
}
