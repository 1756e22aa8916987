package news.dispatch.mailer.outbox;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.InternetAddress;

import news.dispatch.mailer.MailSettings;
import news.dispatch.mailer.dkim.DkimKeys;
import news.dispatch.mailer.sender.SenderIdentity;
import news.dispatch.mailer.smtp.MailRoute;
import news.dispatch.mailer.smtp.PendingReply;
import news.dispatch.mailer.smtp.SendRate;
import news.dispatch.mailer.smtp.SmtpConnection;
import news.dispatch.mailer.smtp.SmtpFailure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;

/**
 * The workers that empty the outbox: each holds one SMTP connection open for many messages; together they claim a
 * batch and take its deliveries in turn, each writing and sending the one it took and recording the outcome. Transient failures come back later with backoff; permanent ones
 * are FAILED with the server's reply. A worker that dies leaves its claim to expire; another takes it then.
 */
class DeliveryWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorkers.class);
    /**
     * RFC 3463's statuses that refuse the address rather than the message: 5.1.x of the destination's address (not
     * 5.1.7 and 5.1.8, the sender's) and 5.2.1, its mailbox disabled. A refusal of the message (5.7.1, as spam) says
     * nothing of the address.
     */
    private static final Pattern ADDRESS_REFUSED =
            Pattern.compile("^5\\d\\d[ -](5\\.(?:1\\.(?:[0-6]|10)|2\\.1))(?![\\d.])");

    /** After the database and the sandbox SMTP server are up; stopped before them. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    /** The first pause before recording sent mail again when the database refused; it grows with each try. */
    static final Duration RECORD_PAUSE = Duration.ofMillis(200);
    /**
     * The longest a commit of sent mail waits for the other workers' messages to record them together; the workers
     * go on meanwhile, and it ends at once when they cannot. On a busy machine a message takes a worker some
     * milliseconds, and at 1 ms most commits recorded one or two messages, each a write of the changed pages (on H2).
     * Beside an embedded H2 no commit waits: each worker notes its accepted mail in the journal itself.
     */
    static final Duration RECORD_GATHER = Duration.ofMillis(5);

    private final JdbcOutbox outbox;
    private final Composition composition;
    private final MailRoute route;
    private final MailSettings settings;
    private final SendRate rate;
    private final Doorbell doorbell;
    private final Clock clock;
    private final Backoff backoff;
    private final SenderIdentity sender;
    private final DeliveryMetrics metrics;
    private final DeliveryPause pause;
    private final RefusedAddresses refused;
    private final SentRecorder recorder;
    private final DkimKeys dkim;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    /**
     * Attempts in a row that found the server out of reach (unknown host, refused connection or sign-in, no answer,
     * this sender refused), and the waits between them. The second is said in the log, and the first message accepted
     * after it, as an operator who mistyped the host looks there, not in each delivery's last error; one connection
     * dropped and opened again is not worth a line.
     */
    private final RouteOutage outage;
    /** Wakes the workers waiting out the route's failure when they stop. */
    private final Object stopping = new Object();
    /** Guards {@link #current}, the node's claim its workers share, and {@link #upcoming}, the one after it. */
    private final Object claiming = new Object();
    private Claim current;
    /**
     * The next claim, claimed and loaded by {@link #claimer} while the workers send the second half of the current
     * one: loading a claim's readers and stories took tens of milliseconds on a busy machine, and every worker waited
     * for it (a fifth of their time, sampled, with 250 digests a claim).
     */
    private Future<Claim> upcoming;
    private ExecutorService claimer;

    DeliveryWorkers(JdbcOutbox outbox, Composition composition, MailRoute route, MailSettings settings,
                    SendRate rate, Doorbell doorbell, Clock clock, SenderIdentity sender, DeliveryMetrics metrics,
                    DkimKeys dkim, DeliveryPause pause, Path sentJournal, RefusedAddresses refused) {
        this.outbox = outbox;
        this.composition = composition;
        this.route = route;
        this.settings = settings;
        this.outage = new RouteOutage(settings.idlePoll());
        this.rate = rate;
        this.doorbell = doorbell;
        this.clock = clock;
        this.backoff = new Backoff(settings.firstRetry(), settings.maxRetryDelay());
        this.sender = sender;
        this.metrics = metrics;
        this.recorder = new SentRecorder(outbox, RECORD_PAUSE, settings.connections(), RECORD_GATHER, sentJournal);
        this.dkim = dkim;
        this.pause = pause;
        this.refused = refused;
    }

    @Override
    public synchronized void start() {
        running = true;
        recorder.start();
        claimer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "dispatch-mail-claim");
            thread.setDaemon(true);
            return thread;
        });
        InternetAddress from = sender.from();
        for (int i = 0; i < settings.connections(); i++) {
            Thread worker = new Thread(() -> work(new SmtpConnection(route, from, dkim.signer())),
                    "dispatch-mail-" + i);
            worker.setDaemon(true);
            threads.add(worker);
            worker.start();
        }
        log.info("Delivering mail to {} over {} connection(s)", route, settings.connections());
    }

    @Override
    public synchronized void stop() {
        running = false;
        synchronized (stopping) {
            stopping.notifyAll();
        }
        doorbell.ring();
        recorder.stopping();
        try {
            for (Thread worker : threads) {
                worker.join(Duration.ofSeconds(30).toMillis());
            }
            handBackUntaken();
            claimer.shutdown();
            recorder.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.clear();
    }

    /** What the stopped workers did not take of the node's claim goes back to the queue now, not when its lease ends. */
    private void handBackUntaken() throws InterruptedException {
        try {
            handBack(current);
            handBackUpcoming();
        } catch (RuntimeException e) {
            log.warn("Could not hand back the deliveries claimed but not sent; they come back when the lease ends: {}",
                    e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void work(SmtpConnection connection) {
        try (connection) {
            deliver(connection);
        }
    }

    /** Sends the node's mail over the connection until stopped; the message before is settled after the next. */
    private void deliver(SmtpConnection connection) {
        InFlight previous = null;
        try {
            while (running) {
                try {
                    Turn turn = next();
                    if (turn == null) {
                        settle(previous);
                        previous = null;
                        connection.close();
                        // Paused by an admin: nothing is claimed until they resume, which rings the bell.
                        doorbell.await(pause.paused() ? DeliveryPause.FRESH_FOR : settings.idlePoll());
                    } else {
                        previous = send(turn, previous, connection);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    // The database went away, most likely: what was claimed comes back when the lease ends.
                    log.warn("Delivery worker failed; retrying shortly: {}", e.toString());
                    settle(previous);
                    previous = null;
                    sleep(settings.idlePoll());
                }
            }
        } finally {
            // Left early (interrupted, stopped): the server's answer is still read, before the connection closes, to
            // hand the place in the window back and record what it took.
            settle(previous);
        }
    }

    /**
     * The node's current claim. Its workers take its deliveries one at a time, in order, rather than each its own
     * claim: the messages on the wire and accepted at any moment are then neighbours in the table, and a commit of
     * sent mail rewrites a few pages of the table and its indexes instead of a few per worker (on H2 that commit was
     * the largest cost of a message). What is not sent by {@code handBackAt} (a slow server, a busy machine) goes
     * back to the queue before the lease ends: sent after it, another worker could have claimed it and send it too.
     */
    private static final class Claim {

        private final List<ClaimedDelivery> deliveries;
        private final Composition.Batch loaded;
        /** When it was claimed, before its readers were read: a reader who stopped since is dropped at their turn. */
        private final long loadedAt;
        private final long handBackAt;
        private int next;

        Claim(List<ClaimedDelivery> deliveries, Composition.Batch loaded, long loadedAt, long handBackAt) {
            this.deliveries = deliveries;
            this.loaded = loaded;
            this.loadedAt = loadedAt;
            this.handBackAt = handBackAt;
        }

        /** What no worker has taken yet, taken now. */
        List<ClaimedDelivery> rest() {
            List<ClaimedDelivery> rest = deliveries.subList(next, deliveries.size());
            next = deliveries.size();
            return rest;
        }
    }

    /** A delivery a worker took from the node's claim. */
    private record Turn(Claim claim, ClaimedDelivery delivery) {
    }

    /**
     * The next delivery of the node's claim, claiming a batch when it is used up (unless an admin paused sending):
     * none when there is nothing to send. A claim whose time is up is handed back first.
     */
    private Turn next() throws InterruptedException {
        synchronized (claiming) {
            while (running) {
                Claim claim = current;
                if (claim != null && System.nanoTime() - claim.handBackAt > 0) {
                    handBack(claim);
                    continue;
                }
                if (claim != null && claim.next < claim.deliveries.size()) {
                    if (upcoming == null && claim.deliveries.size() - claim.next <= claim.deliveries.size() / 2
                            && claim.deliveries.size() == settings.batchSize() && !pause.paused()) {
                        upcoming = claimer.submit(this::claim);
                    }
                    return new Turn(claim, claim.deliveries.get(claim.next++));
                }
                current = null;
                if (pause.paused()) {
                    handBackUpcoming();
                    return null;
                }
                current = upcoming != null ? takeUpcoming() : claim();
                if (current == null) {
                    return null;
                }
            }
            handBack(current);
            return null;
        }
    }

    /** A batch of the queue, claimed and loaded, the DKIM keys read again first if due; none when nothing is due. */
    private Claim claim() {
        dkim.refresh();
        long claimed = System.nanoTime();
        List<ClaimedDelivery> batch = outbox.claim(settings.batchSize(), settings.lease());
        if (batch.isEmpty()) {
            return null;
        }
        // A quarter of the lease is left for the message on the wire when the rest is handed back.
        return new Claim(batch, composition.load(batch), claimed, claimed + settings.lease().toNanos() * 3 / 4);
    }

    private Claim takeUpcoming() throws InterruptedException {
        Future<Claim> next = upcoming;
        upcoming = null;
        try {
            return next.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new IllegalStateException(e.getCause());
        }
    }

    /** The next claim goes back to the queue as a whole: sending paused or stopped before a worker took from it. */
    private void handBackUpcoming() throws InterruptedException {
        synchronized (claiming) {
            if (upcoming != null) {
                Claim next = takeUpcoming();
                if (next != null) {
                    outbox.release(next.rest());
                }
            }
        }
    }

    /** Hands back what no worker took of the claim, for a worker of any node to take at once. */
    private void handBack(Claim claim) {
        synchronized (claiming) {
            if (claim != null && claim == current) {
                current = null;
                outbox.release(claim.rest());
            }
        }
    }

    /**
     * Sends one message, taking a place in the node's window of messages a crash would repeat ({@link SentRecorder}),
     * waiting while it is full; the place is given back once its fate is known. Over a pipelining connection a
     * message's reply is read while the next one goes out, so two of a worker's messages may be on the wire at once:
     * the one before is settled right after this one is sent. Answers the message now on the wire, if any.
     */
    private InFlight send(Turn turn, InFlight previous, SmtpConnection connection) throws InterruptedException {
        ClaimedDelivery delivery = turn.delivery();
        String stopped = outbox.stoppedReaders().dropped(delivery, turn.claim().loadedAt);
        Composition.Composed next = stopped == null ? turn.claim().loaded.compose(delivery) : null;
        String dropped = stopped != null ? stopped : next.dropped();
        if (dropped != null) {
            outbox.failed(delivery, dropped);
            metrics.outcome(delivery.kind(), "dropped");
            return previous;
        }
        // The message before is complete at the server before this one waits, for as long as the wait may be.
        rate.acquire(connection::endData);
        if (!recorder.beginSend(connection::endData)) {
            try {
                outbox.release(List.of(delivery));
            } catch (DataAccessException unreachable) {
                // Still claimed: it goes once its lease is over, after the restart.
            }
            return previous;
        }
        InFlight sending = new InFlight(delivery, System.nanoTime());
        SmtpFailure lost = null;
        boolean onTheWire = false;
        try {
            sending.reply = connection.send(next.email(), delivery.messageId(sender.domain()),
                    sender.returnPath(delivery.returnPathTag()), Date.from(clock.instant()));
            onTheWire = true;
        } catch (SmtpFailure failure) {
            failed(delivery, failure);
            lost = failure;
        } finally {
            if (!onTheWire) {
                recorder.notSent();
            }
        }
        // Its reply was read with this one's envelope, or is read now: either way it is known.
        SmtpFailure before = settle(previous);
        InFlight now = lost == null ? sending : null;
        SmtpFailure unanswered = lost != null && lost.unanswered() ? lost
                : before != null && before.unanswered() ? before : null;
        if (unanswered != null && !unanswered.permanent()) {
            // The server is out of reach, or hangs: each message of the claim would wait as long, and a large claim
            // could outlast its lease. The rest goes back to the queue, and the worker pauses.
            if (outage.failed(System.nanoTime()) == 2) {
                log.warn("Mail cannot be sent: {}. It waits in the outbox and is tried again.",
                        unanswered.getMessage());
            }
            settle(now);
            handBack(turn.claim());
            waitOutOfReach(outage.waitAt(System.nanoTime()));
            return null;
        }
        return now;
    }

    /**
     * Waits out the route's failure, or until the workers stop: a stop waited for the longest worker's wait otherwise,
     * up to a minute (a re-test, 8 December 2026: 25–50 s to stop while the relay refused the password).
     */
    private void waitOutOfReach(Duration wait) throws InterruptedException {
        synchronized (stopping) {
            long deadline = System.nanoTime() + wait.toNanos();
            for (long left = wait.toNanos(); running && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(stopping, left);
            }
        }
    }

    /**
     * Reads the message's reply if need be and records its fate: accepted (to be recorded sent by the recorder) or
     * failed. Answers the failure, if any.
     */
    private SmtpFailure settle(InFlight message) {
        if (message == null || message.settled) {
            return null;
        }
        message.settled = true;
        try {
            message.reply.settle();
            if (outage.mended()) {
                log.info("Mail is being sent again: {} accepts it", route);
            }
            recorder.accepted(message.delivery);
            metrics.sent(message.delivery.kind(), System.nanoTime() - message.start);
            return null;
        } catch (SmtpFailure failure) {
            recorder.notSent();
            failed(message.delivery, failure);
            return failure;
        }
    }

    /** A message sent whose reply may not have been read yet; it holds a place in the window until settled. */
    private static final class InFlight {

        private final ClaimedDelivery delivery;
        private final long start;
        private PendingReply reply;
        private boolean settled;

        InFlight(ClaimedDelivery delivery, long start) {
            this.delivery = delivery;
            this.start = start;
        }
    }

    private void failed(ClaimedDelivery delivery, SmtpFailure failure) {
        Instant now = clock.instant();
        if (failure.permanent()) {
            outbox.failed(delivery, failure.getMessage());
            metrics.outcome(delivery.kind(), "failed");
            Matcher address = ADDRESS_REFUSED.matcher(failure.getMessage());
            if (address.find()) {
                tell(delivery, address.group(1), failure);
            }
        } else if (now.isAfter(delivery.queuedAt().plus(settings.retryFor()))) {
            outbox.failed(delivery, "gave up after " + delivery.attempts() + " attempts: " + failure.getMessage());
            metrics.outcome(delivery.kind(), "failed");
        } else {
            metrics.outcome(delivery.kind(), "retrying");
            outbox.retryAt(delivery, failure.getMessage(),
                    now.plus(retryAfter(failure, delivery.attempts(), backoff, ThreadLocalRandom.current())));
        }
    }

    /**
     * How long a delivery waits after a transient failure. The route's failure (no server, no answer, this sender
     * refused) is not the message's: it waits as after its first attempt, and goes soon after the route mends, the
     * workers pacing the attempts meanwhile ({@link RouteOutage}). Grown by the outage's attempts, the last of an alert
     * went 6 minutes after the relay mended, and could wait the whole ceiling, 30 minutes (a re-test, 8 December 2026).
     * It still waits: a message that meets such a refusal alone steps out of the way of the rest.
     */
    static Duration retryAfter(SmtpFailure failure, int attempts, Backoff backoff, RandomGenerator random) {
        return backoff.after(failure.unanswered() ? 1 : attempts, random);
    }

    /** Tells of an address refused for good; the refusal is recorded already, whatever becomes of the telling. */
    private void tell(ClaimedDelivery delivery, String status, SmtpFailure failure) {
        try {
            refused.refused(delivery.messageId(sender.domain()), status, failure.getMessage());
        } catch (RuntimeException e) {
            log.warn("Delivery {}: its address refused ({}), but the reader could not be suspended: {}",
                    delivery.id(), status, e.toString());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
