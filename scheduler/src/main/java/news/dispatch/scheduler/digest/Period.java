package news.dispatch.scheduler.digest;

import java.time.Instant;

/**
 * One digest's worth of time for a reader: a local day ({@code DAILY 2025-11-27}), a week named by its Monday
 * ({@code WEEKLY 2025-11-24}), an interval ({@code IMMEDIATE 2025-11-27T10:05:00Z}) or a manual run
 * ({@code RUN <id>}). The key is what the database keeps unique per reader; {@code sendsAt} is when the period's
 * digest is due.
 */
record Period(String key, Instant sendsAt) {

    static Period run(String runId, Instant now) {
        return new Period("RUN " + runId, now);
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
