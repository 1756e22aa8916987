package news.dispatch.mailer.outbox;

/** What a delivery carries. Alerts and readers' own requests go ahead of digests. */
public enum DeliveryKind {
    CONFIRMATION(0, false),
    NOTICE(0, false),
    ALERT(0, true),
    DIGEST(1, true);

    private final int lane;
    private final boolean needsActiveReader;

    DeliveryKind(int lane, boolean needsActiveReader) {
        this.lane = lane;
        this.needsActiveReader = needsActiveReader;
    }

    /** The queue lane of a new delivery of this kind: lane 0 is claimed before lane 1. */
    public int lane() {
        return lane;
    }

    /** Digests and alerts go only to confirmed readers who have not left or been suspended. */
    boolean needsActiveReader() {
        return needsActiveReader;
    }
}
