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
 * <p>Why: mail accepted but not yet recorded is sent again after a crash, when its claim's lease ends. The node's
 * workers share a window of {@link #window} messages that a crash would repeat, those on the wire and those accepted
 * but not yet committed: a worker starts a message only while the window has room ({@link #beginSend}). With the
 * default four connections the window is eight, so a crash sends at most eight emails twice, whatever the claim's
 * size; a slow commit holds the workers back rather than letting more pile up, and a fast one lets a single
 * connection run ahead of its commits.
 */
final class SentRecorder {

    private static final Logger log = LoggerFactory.getLogger(SentRecorder.class);

    /** The fewest messages a crash may repeat, whatever the connections: enough for a commit to cover several. */
    static final int SMALLEST_WINDOW = 8;

    private final JdbcOutbox outbox;
    private final Duration pause;
    private final int workers;
    private final int window;
    private final long gatherNanos;
    private final Object lock = new Object();
    private List<ClaimedDelivery> accepted = new ArrayList<>();
    private long issued;
    private long recorded;
    private int onTheWire;
    private boolean running;
    private boolean stopping;
    private Thread thread;
    /** Commits and messages recorded since started, for the log at stop: how well the commits were shared. */
    private long commits;
    private long committed;

    /**
     * @param pause   the first wait before trying again when the database refused a commit; it grows with each try
     * @param workers how many workers hand over accepted mail
     * @param gather  how long a commit may wait for the other workers' next message once one has handed one over
     */
    SentRecorder(JdbcOutbox outbox, Duration pause, int workers, Duration gather) {
        this.outbox = outbox;
        this.pause = pause;
        this.workers = workers;
        this.window = window(workers);
        this.gatherNanos = gather.toNanos();
    }

    /** The most messages a crash may repeat with this many connections: two each, and never fewer than eight. */
    static int window(int connections) {
        return Math.max(SMALLEST_WINDOW, 2 * connections);
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
        synchronized (lock) {
            if (commits > 0) {
                log.info("Recorded {} sent deliveries in {} commits ({} a commit)", committed, commits,
                        String.format(java.util.Locale.ROOT, "%.1f", (double) committed / commits));
            }
            commits = 0;
            committed = 0;
        }
    }

    /**
     * Waits until the window has room for one more message, and takes it for the message about to be sent: hand it
     * back with {@link #accepted} or {@link #notSent}. Returns at once while the workers are stopping.
     */
    void beginSend() throws InterruptedException {
        synchronized (lock) {
            while (windowFull() && !stopping) {
                lock.wait();
            }
            onTheWire++;
        }
    }

    /**
     * No worker may start a message until a commit: then nothing more can be handed over (a pipelining worker settles
     * its message before last only after starting the next), and waiting for more would only stall them. Called
     * holding the lock.
     */
    private boolean windowFull() {
        return (issued - recorded) + onTheWire >= window;
    }

    /** Hands over a delivery the SMTP server accepted, to be recorded with the next commit. */
    void accepted(ClaimedDelivery delivery) {
        synchronized (lock) {
            onTheWire--;
            accepted.add(delivery);
            issued++;
            lock.notifyAll();
        }
    }

    /** The message begun was not accepted (a failure, recorded on its own): its place in the window is free again. */
    void notSent() {
        synchronized (lock) {
            onTheWire--;
            lock.notifyAll();
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
                commits++;
                committed += batch.size();
                lock.notifyAll();
            }
        }
    }

    /**
     * Waits a moment for every worker to hand over a message before committing: a commit costs about the same for
     * one message as for eight (on H2 it writes the changed pages to the file), and a worker is not held up by it,
     * as it waits only for its message before last; it stops waiting as soon as the window is full, as then the
     * workers are. Called holding the lock.
     */
    private void gather() {
        long deadline = System.nanoTime() + gatherNanos;
        for (long left = gatherNanos; accepted.size() < workers && !windowFull() && running && left > 0;
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
