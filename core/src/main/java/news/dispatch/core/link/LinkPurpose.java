package news.dispatch.core.link;

/** What a link in an email lets its holder do. Each purpose has its own token, so one cannot open the other. */
public enum LinkPurpose {
    /** See and change preferences, download one's data. */
    PREFERENCES,
    /** Leave at once (also the RFC 8058 one-click target). */
    UNSUBSCRIBE
}
