package news.dispatch.web.reader;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Language;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Words;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;

/**
 * The sign-up and preferences forms as posted, every field as typed so a page with mistakes shows it back. Public
 * because the precompiled templates, in another package, read it.
 *
 * @param email     the address (sign-up only)
 * @param tags      the tags ticked, as labels
 * @param moreTags  tags typed in, separated by commas
 * @param frequency {@code IMMEDIATE}, {@code DAILY} or {@code WEEKLY}
 * @param sendHour  0–23
 * @param timezone  an IANA zone
 * @param alerts    present when the box is ticked
 * @param website   the honeypot: people never see it, some robots fill it in
 * @param language  {@code en}, {@code de} or {@code fr}; blank keeps the reader's (or, signing up, the default)
 */
public record ReaderForm(String email, List<String> tags, String moreTags, String frequency, String sendHour,
                         String timezone, String alerts, String website, String language) {

    public ReaderForm {
        tags = tags == null ? List.of() : List.copyOf(tags.stream().filter(tag -> tag != null).toList());
    }

    /** The form a new reader starts from: the contract's defaults, in the language they are likely to read. */
    static ReaderForm blank(Language likely) {
        return new ReaderForm("", List.of(), "", Preferences.DEFAULT_FREQUENCY.name(),
                String.valueOf(Preferences.DEFAULT_SEND_HOUR), Preferences.DEFAULT_TIMEZONE.getId(), "on", "",
                likely.code());
    }

    /** A reader's current preferences, as their form shows them (the admin's edit form too). */
    public static ReaderForm of(Preferences preferences) {
        return new ReaderForm(null, preferences.tags().stream().map(Tag::label).toList(), "",
                preferences.frequency().name(), String.valueOf(preferences.sendHour()),
                preferences.timezone().getId(), preferences.alerts() ? "on" : null, null,
                preferences.language().code());
    }

    public boolean speaks(Language choice) {
        return choice.code().equalsIgnoreCase(language == null ? "" : language.strip());
    }

    /** Whether the form names a language; without one the reader's stays (or, signing up, the default applies). */
    boolean languageChosen() {
        return language != null && !language.isBlank();
    }

    public boolean ticked(String label) {
        String key = TagKey.fold(label);
        return tags.stream().anyMatch(tag -> TagKey.fold(tag).equals(key));
    }

    public boolean often(Frequency choice) {
        return choice.name().equalsIgnoreCase(frequency == null ? "" : frequency.strip());
    }

    public boolean at(int hour) {
        return String.valueOf(hour).equals(sendHour == null ? "" : sendHour.strip());
    }

    public boolean in(String zone) {
        return zone.equals(timezone);
    }

    public boolean alertsOn() {
        return alerts != null;
    }

    boolean honeypotFilled() {
        return website != null && !website.isBlank();
    }

    /** The address, checked; the errors name the field, in the words given. */
    Checked<EmailAddress> checkEmail(Words words) {
        Checked<EmailAddress> checked = new Checked<>(words);
        return checked.giving(checked.field(() -> EmailAddress.of(email)));
    }

    /**
     * The preferences, checked field by field so that every mistake can be shown next to its field at once. A field
     * that cannot be read stands in with its default while the domain checks the others. The errors are in the words
     * given.
     */
    public Checked<Preferences> checkPreferences(Words words) {
        Checked<Preferences> checked = new Checked<>(words);
        List<Tag> chosen = checked.field(() -> ReaderChoices.tags(tags, moreTags));
        Frequency often = checked.field(() -> ReaderChoices.frequency(frequency));
        ZoneId zone = checked.field(() -> Preferences.zone(timezone));
        Integer hour = checked.field(() -> ReaderChoices.sendHour(sendHour));
        Language spoken = languageChosen() ? checked.field(() -> Language.of(language)) : null;
        return checked.giving(chosen == null ? null : checked.field(() -> new Preferences(chosen,
                often == null ? Preferences.DEFAULT_FREQUENCY : often,
                zone == null ? Preferences.DEFAULT_TIMEZONE : zone,
                hour == null ? Preferences.DEFAULT_SEND_HOUR : hour, alertsOn())
                .withLanguage(spoken == null ? Preferences.DEFAULT_LANGUAGE : spoken)));
    }

    /** A value read from the form, or the reasons it could not be, by field. */
    public static final class Checked<T> {

        private final Map<String, String> errors = new LinkedHashMap<>();
        private final Words words;
        private T value;

        private Checked(Words words) {
            this.words = words;
        }

        private <V> V field(Supplier<V> read) {
            try {
                return read.get();
            } catch (InvalidInput invalid) {
                errors.putIfAbsent(invalid.field(), forPeople(invalid, words));
                return null;
            }
        }

        /**
         * The domain's message, written for the API's developers ("email is not a valid address"), said to a
         * reader filling in the form: what to do about it.
         */
        private static String forPeople(InvalidInput invalid, Words words) {
            String message = invalid.getMessage();
            return switch (invalid.field()) {
                case "email" -> message.contains("blank") ? words.get("error.email.blank")
                        : message.contains("at most") ? words.get("error.email.long", EmailAddress.MAX_LENGTH)
                        : message.contains("ASCII") ? words.get("error.email.ascii")
                        : words.get("error.email.invalid");
                case "tags" -> message.startsWith("follow at least") ? words.get("error.tags.none")
                        : message.startsWith("follow at most") ? words.get("error.tags.many", Preferences.MAX_TAGS)
                        : message.contains(": ") ? words.get("error.tags.invalid",
                                message.substring(message.indexOf(": ") + 2))
                        : words.get("error.tags.empty");
                case "frequency", "timezone", "sendHour", "language" -> words.get("error." + invalid.field());
                default -> message;
            };
        }

        private Checked<T> giving(T candidate) {
            value = errors.isEmpty() ? candidate : null;
            return this;
        }

        /** The value; {@code null} when a field was rejected. */
        public T value() {
            return value;
        }

        public Map<String, String> errors() {
            return errors;
        }
    }
}
