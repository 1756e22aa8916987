package news.dispatch.mailer.outbox;

import java.time.Instant;

/**
 * How far the mail of one kind that is going out now has got: of the deliveries of that kind queued lately, how
 * many are finished (sent or failed).
 *
 * @param kind  {@code DIGEST} or {@code ALERT}
 * @param done  finished deliveries
 * @param total deliveries queued since {@code since}
 * @param since from when deliveries are counted
 */
public record Progress(DeliveryKind kind, long done, long total, Instant since) {

    /** Whole percent, rounded down, so 100 means all of it. */
    public int percent() {
        return total == 0 ? 100 : (int) (done * 100 / total);
    }
}
