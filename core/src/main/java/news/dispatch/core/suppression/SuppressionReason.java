package news.dispatch.core.suppression;

/** Why an address is on the suppression list. */
public enum SuppressionReason {
    /** A permanent failure came back: the address does not take mail. */
    HARD_BOUNCE,
    /** {@code dispatch.bounces.soft-limit} soft bounces in a row, with no email delivered between them. */
    SOFT_BOUNCES,
    /** The reader marked Dispatch's mail as spam. */
    COMPLAINT,
    /** An admin put it there. */
    MANUAL
}
