package news.dispatch.core.subscriber;

import java.time.Instant;

/**
 * A reader and what they follow. Immutable: every change is a guarded method that answers the changed reader,
 * and {@link Subscribers#update(Subscriber)} stores it. {@code linkGeneration} numbers the reader's current
 * preference and unsubscribe links; a new subscription moves it on.
 */
public record Subscriber(long id, EmailAddress email, SubscriberStatus status, Preferences preferences,
                         Instant createdAt, Instant confirmedAt, int linkGeneration) {

    /** The reader clicked their confirmation link. Confirming twice is harmless. */
    public Subscriber confirm(Instant now) {
        return switch (status) {
            case PENDING -> with(SubscriberStatus.ACTIVE, now);
            case ACTIVE -> this;
            default -> throw new TransitionNotAllowed(status, "confirm");
        };
    }

    /** The reader left. Always allowed, and harmless to repeat. */
    public Subscriber unsubscribe() {
        return status == SubscriberStatus.UNSUBSCRIBED ? this : with(SubscriberStatus.UNSUBSCRIBED, confirmedAt);
    }

    /** An admin stops all mail to the reader. A reader who left stays gone. */
    public Subscriber suspend() {
        return switch (status) {
            case PENDING, ACTIVE -> with(SubscriberStatus.SUSPENDED, confirmedAt);
            case SUSPENDED -> this;
            case UNSUBSCRIBED -> throw new TransitionNotAllowed(status, "suspend");
        };
    }

    /** An admin lifts a suspension; a reader who never confirmed goes back to waiting for it. */
    public Subscriber reactivate() {
        return switch (status) {
            case SUSPENDED -> with(confirmedAt == null ? SubscriberStatus.PENDING : SubscriberStatus.ACTIVE, confirmedAt);
            case ACTIVE, PENDING -> this;
            case UNSUBSCRIBED -> throw new TransitionNotAllowed(status, "reactivate");
        };
    }

    /**
     * A reader who left signs up again: they must confirm anew. It is a new subscription, so the preference links of
     * the old one stop working (the unsubscribe links go on ending the present one: {@link #seenThroughAnEarlierLink});
     * the emails of the new one carry new links.
     */
    public Subscriber rejoin(Preferences newPreferences) {
        if (status != SubscriberStatus.UNSUBSCRIBED) {
            throw new TransitionNotAllowed(status, "rejoin");
        }
        return new Subscriber(id, email, SubscriberStatus.PENDING, newPreferences, createdAt, null,
                linkGeneration + 1);
    }

    /**
     * The reader as an unsubscribe link of a subscription they had before is to take them: once they confirmed the
     * present one, that is the one mailing them, and the link ends it (a mailbox provider's button posts the link of
     * the message open, often an old one); while the new sign-up waits for its confirmation it mails nothing, and
     * the link's own subscription has ended already, so the link finds them gone and the sign-up keeps.
     */
    public Subscriber seenThroughAnEarlierLink() {
        return status == SubscriberStatus.PENDING ? with(SubscriberStatus.UNSUBSCRIBED, confirmedAt) : this;
    }

    public Subscriber withPreferences(Preferences newPreferences) {
        return new Subscriber(id, email, status, newPreferences, createdAt, confirmedAt, linkGeneration);
    }

    public boolean receivesMail() {
        return status == SubscriberStatus.ACTIVE;
    }

    private Subscriber with(SubscriberStatus newStatus, Instant newConfirmedAt) {
        return new Subscriber(id, email, newStatus, preferences, createdAt, newConfirmedAt, linkGeneration);
    }
}
