package news.dispatch.mailer.outbox;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The readers whose mail stopped on this node lately: unsubscribed, suspended, erased or paused. Their queued mail is
 * dropped in the transaction that stops it, but a claim holds its deliveries and its readers as they were when it was
 * loaded, and its workers send from it for up to three quarters of a lease; so a worker asks here before each
 * message, and what a claim holds for a reader who stopped after it was loaded is dropped at its turn instead of
 * sent. A stop counts once its transaction commits, before the reader's request is answered. Another node's claims
 * do not hear of it: they send what they had loaded, a claim's worth at most.
 */
final class StoppedReaders {

    /** Longer than any claim lives: a lease, handed back at three quarters of it, of the longest anyone sets. */
    private static final long KEPT = Duration.ofMinutes(30).toNanos();
    private static final int PRUNE_EVERY = 1024;

    private final Map<Long, Stop> stops = new ConcurrentHashMap<>();

    /** Why the reader's mail stopped, when, and whether only their digests and alerts did (a pause). */
    private record Stop(long at, String reason, boolean digestsAndAlertsOnly) {
    }

    /** The reader's mail stops once the current transaction commits; at once outside one. */
    void stopped(long reader, String reason, boolean digestsAndAlertsOnly) {
        Runnable stop = () -> {
            stops.put(reader, new Stop(System.nanoTime(), reason, digestsAndAlertsOnly));
            if (stops.size() % PRUNE_EVERY == 0) {
                long now = System.nanoTime();
                stops.values().removeIf(old -> now - old.at() > KEPT);
            }
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    stop.run();
                }
            });
        } else {
            stop.run();
        }
    }

    /**
     * Why the delivery, of a claim loaded at {@code loadedAt} ({@link System#nanoTime()}), must not be sent: its
     * reader's mail stopped since; {@code null} when it may go. A confirmation always may, as a stopped reader's
     * queued one is kept too.
     */
    String dropped(ClaimedDelivery delivery, long loadedAt) {
        if (stops.isEmpty() || delivery.subscriberId() == null || delivery.kind() == DeliveryKind.CONFIRMATION) {
            return null;
        }
        Stop stop = stops.get(delivery.subscriberId());
        if (stop == null || stop.at() - loadedAt < 0
                || stop.digestsAndAlertsOnly() && !delivery.kind().needsActiveReader()) {
            return null;
        }
        return stop.reason();
    }
}
