package news.dispatch.mailer.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records mail the SMTP server accepted as {@code SENT}, for all of a node's workers at once (a group commit): one
 * thread takes whatever was accepted since its last commit and commits it together, so the cost of a commit is
 * shared by as many messages as arrived while the one before was written.
 *
 * <p>Why: mail accepted but not yet recorded is sent again after a crash, when its claim's lease ends. A worker waits
 * for its message before last to be recorded before it sends the next one, so at any instant a worker has at most
 * two messages that a crash would repeat: the one on the wire and the one before it, waiting for the commit. With
 * the default four connections, a crash sends at most eight emails twice, whatever the claim's size.
 */
final class SentRecorder {

    private static final Logger log = LoggerFactory.getLogger(SentRecorder.class);

    /** A ticket that is recorded from the start: a worker's "message before last" before it has sent two. */
    static final long NONE = 0;

    private final JdbcOutbox outbox;
    private final Duration pause;
    private final int workers;
    private final long gatherNanos;
    private final Object lock = new Object();
    private List<ClaimedDelivery> accepted = new ArrayList<>();
    private long issued;
    private long recorded;
    private boolean running;
    private boolean stopping;
    private Thread thread;

    /**
     * @param pause   the first wait before trying again when the database refused a commit; it grows with each try
     * @param workers how many workers hand over accepted mail
     * @param gather  how long a commit may wait for the other workers' next message once one has handed one over
     */
    SentRecorder(JdbcOutbox outbox, Duration pause, int workers, Duration gather) {
        this.outbox = outbox;
        this.pause = pause;
        this.workers = workers;
        this.gatherNanos = gather.toNanos();
    }

    void start() {
        synchronized (lock) {
            running = true;
            stopping = false;
        }
        thread = new Thread(this::record, "dispatch-mail-sent");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The workers are stopping: none waits for a commit any more (the database may be away), and a commit that keeps
     * failing is given up after a few tries.
     */
    void stopping() {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
    }

    /** Records what was accepted until now, then stops; the workers have stopped before. */
    void stop() throws InterruptedException {
        synchronized (lock) {
            running = false;
            lock.notifyAll();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(30).toMillis());
        }
    }

    /**
     * Hands over a delivery the SMTP server accepted.
     *
     * @return its ticket, to {@link #awaitRecorded} it
     */
    long accepted(ClaimedDelivery delivery) {
        synchronized (lock) {
            accepted.add(delivery);
            lock.notifyAll();
            return ++issued;
        }
    }

    /**
     * Waits until the delivery of this ticket, and every one handed over before it, is recorded, or the workers are
     * stopping.
     */
    void awaitRecorded(long ticket) throws InterruptedException {
        synchronized (lock) {
            while (recorded < ticket && !stopping) {
                lock.wait();
            }
        }
    }

    private void record() {
        while (true) {
            List<ClaimedDelivery> batch;
            long upTo;
            synchronized (lock) {
                while (accepted.isEmpty() && running) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (accepted.isEmpty()) {
                    return;
                }
                gather();
                batch = accepted;
                accepted = new ArrayList<>();
                upTo = issued;
            }
            if (!commit(batch)) {
                return;
            }
            synchronized (lock) {
                recorded = upTo;
                lock.notifyAll();
            }
        }
    }

    /**
     * Waits a moment for every worker to hand over a message before committing: a commit costs about the same for
     * one message as for eight (on H2 it writes the changed pages to the file), and a worker is not held up by it,
     * as it waits only for its message before last. Called holding the lock.
     */
    private void gather() {
        long deadline = System.nanoTime() + gatherNanos;
        for (long left = gatherNanos; accepted.size() < workers && running && left > 0;
                left = deadline - System.nanoTime()) {
            try {
                lock.wait(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Commits the batch, trying again while the database is busy or away: the workers wait meanwhile rather than
     * send more that a crash would repeat. Gives up only when stopped while the database is still away; what was
     * accepted then is sent again when its lease ends.
     */
    private boolean commit(List<ClaimedDelivery> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                outbox.sent(batch);
                return true;
            } catch (RuntimeException e) {
                boolean givingUp;
                synchronized (lock) {
                    givingUp = stopping && attempt >= 3;
                }
                if (givingUp) {
                    log.warn("Could not record {} sent deliveries before stopping; they will be sent again: {}",
                            batch.size(), e.toString());
                    return true;
                }
                // The workers wait meanwhile: with the database away they could not claim more anyway.
                if (attempt == 1) {
                    log.warn("Recording {} sent deliveries failed; trying again until it works: {}", batch.size(),
                            e.toString());
                }
                try {
                    Thread.sleep(pause.toMillis() * Math.min(attempt, 10));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }
}
