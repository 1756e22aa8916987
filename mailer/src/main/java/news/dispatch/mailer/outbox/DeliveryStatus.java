package news.dispatch.mailer.outbox;

/** Where a delivery stands. {@code SENT} and {@code FAILED} are final. */
public enum DeliveryStatus {
    /** Waiting for a worker. */
    QUEUED,
    /** Claimed by a worker, under a lease. */
    SENDING,
    /** Accepted by the SMTP server. */
    SENT,
    /** Failed for a reason that may pass; tried again later. */
    RETRYING,
    /** Refused for good, given up after retrying too long, or dropped because the reader left. */
    FAILED
}
