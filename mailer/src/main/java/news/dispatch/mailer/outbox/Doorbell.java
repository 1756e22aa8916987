package news.dispatch.mailer.outbox;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wakes the idle workers of this node when mail was queued here, so a confirmation leaves at once instead of
 * at the next poll. Mail queued by another node is found by polling. Webhook calls have a bell of their own.
 */
@Component
public class Doorbell {

    /** Counts the rings, so every worker waiting when it rang wakes, not only the first. */
    private long rings;

    public synchronized void ring() {
        rings++;
        notifyAll();
    }

    /**
     * Rings once the current transaction commits, at once without one: a worker woken before the commit would not
     * see the mail yet, and mail rolled back never needs it.
     */
    public void ringAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    ring();
                }
            });
        } else {
            ring();
        }
    }

    /** Waits until rung or until the timeout passes. */
    public synchronized void await(Duration timeout) throws InterruptedException {
        long waitingSince = rings;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (rings == waitingSince) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
