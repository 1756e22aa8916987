package news.dispatch.mailer.outbox;

import java.time.Instant;

/**
 * How far one send that is going out now has got: of the deliveries of one period (a day's or a run's digests, a
 * story's alert), how many are finished (sent or failed). A period is one send, so earlier sends never mix in.
 *
 * @param kind   {@code DIGEST} or {@code ALERT}
 * @param period the period's key ({@code DAILY 2025-11-27}, {@code RUN <id>}, {@code ALERT <story>} …)
 * @param done   finished deliveries
 * @param total  the period's deliveries
 * @param since  when its first delivery was queued
 */
public record Progress(DeliveryKind kind, String period, long done, long total, Instant since) {

    /** Whole percent, rounded down, so 100 means all of it. */
    public int percent() {
        return total == 0 ? 100 : (int) (done * 100 / total);
    }
}
