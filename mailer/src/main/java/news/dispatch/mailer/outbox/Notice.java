package news.dispatch.mailer.outbox;

/** The short messages about a reader's own subscription. */
public enum Notice {
    /** Sent after confirming: what they follow and their links. */
    WELCOME,
    /** Sent when someone signs up an address that is already subscribed. */
    PREFERENCES_LINK
}
