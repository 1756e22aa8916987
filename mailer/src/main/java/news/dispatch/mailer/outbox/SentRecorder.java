package news.dispatch.mailer.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes mail the SMTP server accepted durable as {@code SENT}, for all of a node's workers.
 *
 * <p>Why: mail accepted but not yet recorded is sent again after a crash, when its claim's lease ends. The node's
 * workers share a window of {@link #window} messages that a crash would repeat, those on the wire and those accepted
 * but not yet durable: a worker starts a message only while the window has room ({@link #beginSend}). With the
 * default four connections the window is eight, so a crash sends at most eight emails twice, whatever the claim's
 * size; a slow commit holds the workers back rather than letting more pile up.
 *
 * <p>Beside an embedded H2 database each worker notes the mail the server accepted in the node's {@link SentJournal}
 * itself, a write of a few bytes, as soon as it has read the reply to the message's final dot; one thread records the
 * journal's lines in the database a thousand at a time (or a second after the first), having moved them aside so
 * that the workers note new ones meanwhile. A node that starts again records what its journal holds before it claims anything. On a database
 * other nodes share, the workers hand accepted mail to that thread, which commits whatever arrived since its last
 * commit together (a group commit), so the cost of a commit is shared by as many messages as arrived while the one
 * before was written.
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
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the window may have room: workers wait on it. */
    private final Condition room = lock.newCondition();
    /** Signalled when the recorder's thread has work: mail to commit, the journal's lines due, stopping. */
    private final Condition work = lock.newCondition();
    /** Where workers note accepted mail; null without a journal, or once it could not be written. */
    private SentJournal journal;
    /** Accepted mail to commit, when it is not noted in the journal. */
    private List<AcceptedMail> accepted = new ArrayList<>();
    /** Noted in the journal, not yet in the database. */
    private List<AcceptedMail> journaled = new ArrayList<>();
    private long journaledSince;
    /** Accepted, and not yet durable: handed over to be committed, or being committed. */
    private int unrecorded;
    private int onTheWire;
    /** The database refuses to record sent mail: the workers wait until it takes it again. */
    private boolean refused;
    private boolean running;
    private boolean stopping;
    private Thread thread;
    /** The journal's lines moved aside, being recorded in the database; the recorder's thread alone uses it. */
    private List<AcceptedMail> folding;
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
        SentJournal opened = null;
        if (journalFile != null) {
            try {
                opened = new SentJournal(journalFile);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not open " + journalFile, e);
            }
            recordLeftIn(opened);
        }
        lock.lock();
        try {
            journal = opened;
            journaled = new ArrayList<>();
            folding = null;
            running = true;
            stopping = false;
            refused = false;
        } finally {
            lock.unlock();
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
        lock.lock();
        try {
            stopping = true;
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Records what was accepted until now, then stops; the workers have stopped before. */
    void stop() throws InterruptedException {
        lock.lock();
        try {
            running = false;
            work.signal();
        } finally {
            lock.unlock();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(30).toMillis());
        }
        lock.lock();
        try {
            if (journal != null) {
                try {
                    journal.forgetKept();
                    journal.close();
                } catch (IOException e) {
                    log.warn("Could not close {}: {}", journalFile, e.toString());
                }
                journal = null;
            }
            if (commits > 0) {
                log.info("Recorded {} sent deliveries in {} commits ({} a commit)", committed, commits,
                        String.format(Locale.ROOT, "%.1f", (double) committed / commits));
            }
            commits = 0;
            committed = 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the window has room for one more message, and takes it for the message about to be sent: hand it
     * back with {@link #accepted} or {@link #notSent}. Returns at once while the workers are stopping: then with no
     * place taken when there is none, and the message is not to be sent (an operator's QA, 7 December 2026: with the
     * database closed by a full disk, a stop sent four more messages nothing could record, each sent again after the
     * restart). It stays claimed, and goes again once its lease is over.
     *
     * @return whether the message may go: a place was taken for it
     * @param beforeWaiting done, outside the recorder's lock, when the window stays full past
     *        {@link #LONG_WAIT}: most waits end with the next record, in a millisecond or two, and the message on the
     *        worker's connection keeps its final dot for the next envelope (sent alone, its reply would make the
     *        server hold the next one's for 40 ms: see {@code SmtpConnection}); a longer one should not leave the
     *        server holding half a message
     */
    boolean beginSend(Runnable beforeWaiting) throws InterruptedException {
        lock.lock();
        try {
            for (long left = LONG_WAIT.toNanos(); windowFull() && !stopping && left > 0; ) {
                left = room.awaitNanos(left);
            }
            if (!windowFull()) {
                onTheWire++;
                return true;
            }
            if (stopping) {
                return false;
            }
        } finally {
            lock.unlock();
        }
        beforeWaiting.run();
        lock.lock();
        try {
            while (windowFull() && !stopping) {
                room.await();
            }
            if (windowFull()) {
                return false;
            }
            onTheWire++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * No worker may start a message: the window is full, or the database refuses to record what was sent. Then
     * nothing more can be handed over (a pipelining worker settles its message before last only after starting the
     * next), and a commit waiting for more would only stall them. Called holding the lock.
     */
    private boolean windowFull() {
        return unrecorded + onTheWire >= window || refused;
    }

    /**
     * The SMTP server accepted the delivery: noted in the journal before this returns, when there is one, and
     * otherwise handed over to be recorded with the next commit.
     */
    void accepted(ClaimedDelivery delivery) {
        AcceptedMail mail = AcceptedMail.of(delivery);
        lock.lock();
        try {
            onTheWire--;
            if (noted(mail)) {
                if (journaled.size() == 1 || journaled.size() == FOLD_AT) {
                    work.signal();
                }
            } else {
                accepted.add(mail);
                unrecorded++;
                work.signal();
            }
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Notes the mail in the journal, if there is one; one that cannot be written is left, and what is accepted from
     * then on is committed instead. Called holding the lock.
     */
    private boolean noted(AcceptedMail mail) {
        if (journal == null) {
            return false;
        }
        try {
            journal.append(List.of(mail));
        } catch (IOException e) {
            log.warn("Could not write to {}; recording sent deliveries in the database instead: {}", journal.file(),
                    e.toString());
            closeQuietly(journal);
            journal = null;
            return false;
        }
        if (journaled.isEmpty()) {
            journaledSince = System.nanoTime();
        }
        journaled.add(mail);
        return true;
    }

    /** The message begun was not accepted (a failure, recorded on its own): its place in the window is free again. */
    void notSent() {
        lock.lock();
        try {
            onTheWire--;
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void recordLeftIn(SentJournal opened) {
        try {
            List<AcceptedMail> left = opened.read();
            int recorded = outbox.sentBeforeTheStop(left);
            if (recorded > 0) {
                log.info("Recorded {} deliveries sent before the last stop, from {}", recorded, opened.file());
            }
            opened.clear();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + opened.file(), e);
        }
    }

    private void record() {
        while (true) {
            List<AcceptedMail> batch = List.of();
            boolean stopped;
            lock.lock();
            try {
                awaitWork();
                if (!accepted.isEmpty()) {
                    gather();
                    batch = accepted;
                    accepted = new ArrayList<>();
                }
                stopped = !running;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            if (!batch.isEmpty()) {
                Commit commit = commit(batch);
                lock.lock();
                try {
                    unrecorded -= batch.size();
                    room.signalAll();
                } finally {
                    lock.unlock();
                }
                if (commit == Commit.INTERRUPTED) {
                    return;
                }
            }
            if ((stopped || foldDue()) && !fold()) {
                return;
            }
            if (stopped && batch.isEmpty()) {
                return;
            }
        }
    }

    /** Waits for accepted mail to commit, the journal's lines to be due, or the stop. Called holding the lock. */
    private void awaitWork() throws InterruptedException {
        while (accepted.isEmpty() && running && !foldDue()) {
            if (journaled.isEmpty()) {
                work.await();
            } else {
                work.awaitNanos(journaledSince + FOLD_EVERY.toNanos() - System.nanoTime());
            }
        }
    }

    private boolean foldDue() {
        lock.lock();
        try {
            return folding != null || !journaled.isEmpty() && (journaled.size() >= FOLD_AT
                    || System.nanoTime() - journaledSince >= FOLD_EVERY.toNanos());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records the journal's lines in the database, in one commit: they are moved aside first, so that the workers
     * note new ones meanwhile, and dropped once recorded. When the database stays away while the node stops, they stay
     * in the journal, to be recorded when it starts again. False only when interrupted.
     */
    private boolean fold() {
        if (folding == null && !moveAside()) {
            return true;
        }
        Commit commit = commit(folding);
        if (commit != Commit.DONE) {
            return commit != Commit.INTERRUPTED;
        }
        try {
            lock.lock();
            try {
                if (journal != null) {
                    journal.keepFolded(Instant.now());
                }
            } finally {
                lock.unlock();
            }
        } catch (IOException e) {
            // Harmless: lines recorded already are found sent when they are read again at the next start.
            log.warn("Could not set aside the recorded lines of {}: {}", journalFile, e.toString());
        }
        folding = null;
        return true;
    }

    /** Takes the journal's lines to record them, moving them aside in the journal; false when there are none. */
    private boolean moveAside() {
        lock.lock();
        try {
            if (journaled.isEmpty()) {
                return false;
            }
            if (journal != null) {
                try {
                    journal.rotate();
                } catch (IOException e) {
                    // Its lines stay in it; recorded, they are found sent when read at the next start.
                    log.warn("Could not move aside the lines of {}; recording sent deliveries in the database "
                            + "instead: {}", journal.file(), e.toString());
                    closeQuietly(journal);
                    journal = null;
                }
            }
            folding = journaled;
            journaled = new ArrayList<>();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void closeQuietly(SentJournal broken) {
        try {
            broken.close();
        } catch (IOException e) {
            log.debug("Could not close {}: {}", journalFile, e.toString());
        }
    }

    /**
     * Waits a moment for every worker to hand over a message before committing: a commit costs about the same for
     * one message as for eight, and a worker is not held up by it, as it waits only for its message before last; it
     * stops waiting as soon as the window is full, as then the workers are. Called holding the lock.
     */
    private void gather() throws InterruptedException {
        for (long left = gatherNanos; accepted.size() < workers && !windowFull() && running && left > 0; ) {
            left = work.awaitNanos(left);
        }
    }

    /**
     * Commits the batch, trying again while the database is busy or away: the workers wait meanwhile rather than
     * send more that a crash would repeat. Gives up only when stopped while the database is still away; what was
     * accepted then is sent again when its lease ends, or, noted in the journal, recorded at the next start.
     */
    private Commit commit(List<AcceptedMail> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                outbox.sent(batch);
                lock.lock();
                try {
                    commits++;
                    committed += batch.size();
                    if (refused) {
                        refused = false;
                        room.signalAll();
                    }
                } finally {
                    lock.unlock();
                }
                return Commit.DONE;
            } catch (RuntimeException e) {
                boolean givingUp;
                lock.lock();
                try {
                    refused = true;
                    givingUp = stopping && attempt >= 3;
                } finally {
                    lock.unlock();
                }
                if (givingUp) {
                    log.warn("Could not record {} sent deliveries before stopping; {}: {}", batch.size(),
                            batch == folding ? "they stay in " + journalFile + " until the next start"
                                    : "they will be sent again", e.toString());
                    return Commit.GIVEN_UP;
                }
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
