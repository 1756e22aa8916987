package news.dispatch.core.subscriber;

import java.time.Instant;
import java.util.stream.Collectors;


/**
 * What a reader agreed to, as it was put to them ({@code text}), when, through which {@link Source}, a hash of the
 * client's address ({@code null} when there was no client: an import), and for an import who imported.
 */
public record Consent(Instant at, Source source, String text, String clientHash, String importedBy) {

    /** Where a consent was given. */
    public enum Source {
        /** The sign-up form and its confirmation page. */
        FORM,
        /** The readers' API. */
        API,
        /** An admin's import of a list whose readers agreed elsewhere. */
        IMPORT,
        /** An admin who added the reader. */
        ADMIN
    }

    /** The words a reader agrees to for these preferences, as Dispatch states them. */
    public static String textFor(Preferences preferences) {
        String rhythm = switch (preferences.frequency()) {
            case IMMEDIATE -> "new stories as they happen";
            case DAILY -> String.format("a daily digest at %02d:00", preferences.sendHour());
            case WEEKLY -> String.format("a weekly digest on Mondays at %02d:00", preferences.sendHour());
        };
        return "Email me Dispatch's stories on " + preferences.tags().stream().map(tag -> "#" + tag.label())
                .collect(Collectors.joining(", ")) + ": " + rhythm + " (" + preferences.timezone().getId() + " time)"
                + (preferences.alerts() ? ", and breaking-news alerts" : "")
                + ". I can change this or unsubscribe at any time with the links in every email.";
    }

}
