package news.dispatch.mailer.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
 *
 * <p>Beside an embedded H2 database the accepted mail is first noted in the node's {@link SentJournal}, which costs a
 * write of a few bytes where a commit costs a chunk of the database file, and recorded in the database a thousand at a
 * time (or after a second); a node that starts again records what its journal holds before it claims anything.
 */
final class SentRecorder {

    private static final Logger log = LoggerFactory.getLogger(SentRecorder.class);

    /** The fewest messages a crash may repeat, whatever the connections: enough for a commit to cover several. */
    static final int SMALLEST_WINDOW = 8;
    /** The journal's lines are recorded in the database once there are this many, or once the first is this old. */
    static final int FOLD_AT = 1_000;
    static final Duration FOLD_EVERY = Duration.ofSeconds(1);
    /** A wait for room in the window longer than this is a long one. */
    static final Duration LONG_WAIT = Duration.ofMillis(100);

    private final JdbcOutbox outbox;
    private final Duration pause;
    private final int workers;
    private final int window;
    private final long gatherNanos;
    /** Null on a database other nodes share: there each commit records the mail itself. */
    private final Path journalFile;
    private SentJournal journal;
    private final Object lock = new Object();
    private List<AcceptedMail> accepted = new ArrayList<>();
    /** Noted in the journal, not yet in the database; the recorder's thread alone reads and writes these two. */
    private List<AcceptedMail> journaled = new ArrayList<>();
    private long journaledSince;
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
     * @param journalFile where accepted mail is noted before the database records it, or null to commit it at once
     */
    SentRecorder(JdbcOutbox outbox, Duration pause, int workers, Duration gather, Path journalFile) {
        this.outbox = outbox;
        this.pause = pause;
        this.workers = workers;
        this.window = window(workers);
        this.gatherNanos = gather.toNanos();
        this.journalFile = journalFile;
    }

    /** The most messages a crash may repeat with this many connections: two each, and never fewer than eight. */
    static int window(int connections) {
        return Math.max(SMALLEST_WINDOW, 2 * connections);
    }

    /**
     * Starts recording; first, what the journal holds from a run that ended without recording it (the process was
     * killed, or the database was away when it stopped) is recorded, so that none of it is claimed and sent again.
     */
    void start() {
        if (journalFile != null) {
            try {
                journal = new SentJournal(journalFile);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not open " + journalFile, e);
            }
            recordLeftInJournal();
        }
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
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                log.warn("Could not close {}: {}", journalFile, e.toString());
            }
            journal = null;
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
     *
     * @param beforeWaiting done, outside the recorder's lock, when the window stays full past
     *        {@link #LONG_WAIT}: most waits end with the next record, in a millisecond or two, and the message on the
     *        worker's connection keeps its final dot for the next envelope (sent alone, its reply would make the
     *        server hold the next one's for 40 ms: see {@code SmtpConnection}); a longer one should not leave the
     *        server holding half a message
     */
    void beginSend(Runnable beforeWaiting) throws InterruptedException {
        synchronized (lock) {
            long deadline = System.nanoTime() + LONG_WAIT.toNanos();
            for (long left = LONG_WAIT.toNanos(); windowFull() && !stopping && left > 0;
                    left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            if (!windowFull() || stopping) {
                onTheWire++;
                return;
            }
        }
        beforeWaiting.run();
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
            accepted.add(AcceptedMail.of(delivery));
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

    private void recordLeftInJournal() {
        try {
            List<AcceptedMail> left = journal.read();
            if (!left.isEmpty()) {
                outbox.sent(left);
                log.info("Recorded {} deliveries sent before the last stop, from {}", left.size(), journal.file());
            }
            journal.clear();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + journal.file(), e);
        }
    }

    private void record() {
        while (true) {
            List<AcceptedMail> batch = List.of();
            long upTo;
            synchronized (lock) {
                try {
                    awaitAcceptedOrFold();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (!accepted.isEmpty()) {
                    if (journal == null) {
                        gather();
                    }
                    batch = accepted;
                    accepted = new ArrayList<>();
                }
                upTo = issued;
            }
            if (batch.isEmpty() && !isRunning()) {
                fold();
                return;
            }
            if (!batch.isEmpty()) {
                if (!note(batch)) {
                    return;
                }
                synchronized (lock) {
                    recorded = upTo;
                    lock.notifyAll();
                }
            }
            if (!journaled.isEmpty() && (journaled.size() >= FOLD_AT
                    || System.nanoTime() - journaledSince >= FOLD_EVERY.toNanos()) && !fold()) {
                return;
            }
        }
    }

    private boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    /** Waits for accepted mail, or until the journal's lines are due in the database. Called holding the lock. */
    private void awaitAcceptedOrFold() throws InterruptedException {
        while (accepted.isEmpty() && running) {
            if (journaled.isEmpty()) {
                lock.wait();
                continue;
            }
            long left = journaledSince + FOLD_EVERY.toNanos() - System.nanoTime();
            if (left <= 0) {
                return;
            }
            lock.wait(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    /**
     * Makes the batch safe from a crash: a line each in the journal, or a commit without one (or when the journal
     * cannot be written). False only when interrupted.
     */
    private boolean note(List<AcceptedMail> batch) {
        if (journal != null) {
            try {
                journal.append(batch);
                if (journaled.isEmpty()) {
                    journaledSince = System.nanoTime();
                }
                journaled.addAll(batch);
                return true;
            } catch (IOException e) {
                log.warn("Could not write {} sent deliveries to {}; recording them in the database instead: {}",
                        batch.size(), journal.file(), e.toString());
            }
        }
        return commit(batch) != Commit.INTERRUPTED;
    }

    /**
     * Records the journal's lines in the database, in one commit, and empties the journal. When the database stays
     * away while the node stops, the lines stay in the journal, to be recorded when it starts again. False only when
     * interrupted.
     */
    private boolean fold() {
        if (journaled.isEmpty()) {
            return true;
        }
        Commit commit = commit(journaled);
        if (commit != Commit.DONE) {
            return commit != Commit.INTERRUPTED;
        }
        journaled = new ArrayList<>();
        try {
            journal.clear();
        } catch (IOException e) {
            // Harmless: lines recorded already match no claim when they are read again at the next start.
            log.warn("Could not empty {}: {}", journal.file(), e.toString());
        }
        return true;
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
    private Commit commit(List<AcceptedMail> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                outbox.sent(batch);
                synchronized (lock) {
                    commits++;
                    committed += batch.size();
                }
                return Commit.DONE;
            } catch (RuntimeException e) {
                boolean givingUp;
                synchronized (lock) {
                    givingUp = stopping && attempt >= 3;
                }
                if (givingUp) {
                    log.warn("Could not record {} sent deliveries before stopping; {}: {}", batch.size(),
                            journal == null ? "they will be sent again"
                                    : "they stay in " + journal.file() + " until the next start", e.toString());
                    return Commit.GIVEN_UP;
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
                    return Commit.INTERRUPTED;
                }
            }
        }
    }

    private enum Commit {
        DONE, GIVEN_UP, INTERRUPTED
    }
}
