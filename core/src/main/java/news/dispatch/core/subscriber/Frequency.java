package news.dispatch.core.subscriber;

/** How often a reader wants their digest. */
public enum Frequency {
    /** New matches go out within minutes, batched. */
    IMMEDIATE,
    /** Once a local day at the reader's send hour. */
    DAILY,
    /** Mondays at the reader's send hour. */
    WEEKLY
}
