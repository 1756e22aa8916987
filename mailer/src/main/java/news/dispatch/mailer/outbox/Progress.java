package news.dispatch.mailer.outbox;

import java.time.Duration;
import java.time.Instant;

/**
 * How far one send that is going out now has got: of the deliveries of one period (a day's or a run's digests, a
 * story's alert), how many are finished (sent or failed). A period is one send, so earlier sends never mix in.
 *
 * @param kind   {@code DIGEST} or {@code ALERT}
 * @param period the period's key ({@code DAILY 2025-11-27}, {@code RUN <id>}, {@code ALERT <story>} …)
 * @param done   finished deliveries
 * @param total  the period's deliveries
 * @param since  when its first reader's delivery was queued
 */
public record Progress(DeliveryKind kind, String period, long done, long total, Instant since) {

    /** How often a watcher reads progress while reading it is cheap, as the staff pages do. */
    private static final Duration EVERY = Duration.ofSeconds(2);

    /** The longest wait between readings, however long one took. */
    private static final Duration AT_MOST = Duration.ofSeconds(30);

    /**
     * How long a watcher waits before its next reading, given how long the last one took: every 2 s, or twenty times
     * the reading, at most 30 s. When a reading went through every delivery of the send it took one to two seconds
     * of CPU with 100,000 open on H2, and one every 2 s took half of a 2-core machine from the workers sending them;
     * it now counts from indexes, and this keeps a slow database, or a run's live counts (which read the run's rows),
     * from doing that again. The dashboard's bars and a run's live counts follow it.
     */
    public static Duration nextReading(Duration reading) {
        Duration twentyTimes = reading.multipliedBy(20);
        return twentyTimes.compareTo(EVERY) < 0 ? EVERY : twentyTimes.compareTo(AT_MOST) > 0 ? AT_MOST : twentyTimes;
    }

    /** Whole percent, rounded down, so 100 means all of it. */
    public int percent() {
        return total == 0 ? 100 : (int) (done * 100 / total);
    }
}
