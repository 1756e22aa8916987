package news.dispatch.core.subscriber;

import java.time.Instant;

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
}
