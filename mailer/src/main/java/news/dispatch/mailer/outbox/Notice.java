package news.dispatch.mailer.outbox;

/** The short messages about a reader's own subscription, or about a story they were sent. */
public enum Notice {
    /** Sent after confirming: what they follow and their links. */
    WELCOME,
    /** Sent when someone signs up an address that is already subscribed. */
    PREFERENCES_LINK,
    /** A correction to a story the reader was sent, at once for a reader who reads as it happens. */
    CORRECTION
}
