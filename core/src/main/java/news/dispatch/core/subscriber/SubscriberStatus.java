package news.dispatch.core.subscriber;

/** Where a reader stands; only {@code ACTIVE} readers are mailed digests and alerts. */
public enum SubscriberStatus {
    /** Signed up, confirmation link not clicked yet. */
    PENDING,
    /** Confirmed; receives what they follow. */
    ACTIVE,
    /** Stopped by an admin; can be reactivated. */
    SUSPENDED,
    /** Left by their own choice; nothing more is sent. */
    UNSUBSCRIBED
}
