package news.dispatch.scheduler.digest;

import java.time.Instant;

import news.dispatch.mailer.outbox.DeliveryPeriod;

/**
 * One digest's worth of time for a reader, and when its digest is due ({@code sendsAt}): a local day, a week, an
 * interval or a manual run. Its {@link #key()}, such as {@code DAILY 2025-11-27} or {@code RUN <id>}, is what the
 * database keeps unique per reader, and what a reader's cursor remembers as the last period they were handled for.
 */
record Period(DeliveryPeriod of, String key, Instant sendsAt) {

    /** The key is written once: a run compares it with the cursor of every reader of the period. */
    Period(DeliveryPeriod of, Instant sendsAt) {
        this(of, of.key(), sendsAt);
    }

    static Period run(String runId, Instant now) {
        return new Period(new DeliveryPeriod.Run(runId), now);
    }

    /** Whether the other key names a period of the same kind (days, weeks, intervals or runs). */
    boolean sameKindAs(String other) {
        return kind(key).equals(kind(other));
    }

    /**
     * Whether this period comes after the other, of the same kind: keys of one kind sort in time order. Periods
     * only move forward, so a reader who moves to a zone where it is still yesterday is not sent yesterday again.
     */
    boolean isAfter(String other) {
        return key.compareTo(other) > 0;
    }

    private static String kind(String key) {
        int blank = key.indexOf(' ');
        return blank < 0 ? key : key.substring(0, blank);
    }
}
