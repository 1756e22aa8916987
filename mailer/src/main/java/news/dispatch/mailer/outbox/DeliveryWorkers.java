package news.dispatch.mailer.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

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

/**
 * The workers that empty the outbox: each holds one SMTP connection open for many messages, claims a batch,
 * writes and sends it, and records the outcome. Transient failures come back later with backoff; permanent ones
 * are FAILED with the server's reply. A worker that dies leaves its claim to expire; another takes it then.
 */
class DeliveryWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorkers.class);

    /** After the database and the sandbox SMTP server are up; stopped before them. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    /** The first pause before recording sent mail again when the database refused; it grows with each try. */
    static final Duration RECORD_PAUSE = Duration.ofMillis(200);
    /**
     * The longest a commit of sent mail waits for the other workers' messages to record them together; the workers
     * go on meanwhile, and it ends at once when they cannot. On a busy machine a message takes a worker some
     * milliseconds, and at 1 ms most commits recorded one or two messages, each a write of the changed pages (on H2).
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
    private final SentRecorder recorder;
    private final DkimKeys dkim;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    DeliveryWorkers(JdbcOutbox outbox, Composition composition, MailRoute route, MailSettings settings,
                    SendRate rate, Doorbell doorbell, Clock clock, SenderIdentity sender, DeliveryMetrics metrics,
                    DkimKeys dkim, DeliveryPause pause) {
        this.outbox = outbox;
        this.composition = composition;
        this.route = route;
        this.settings = settings;
        this.rate = rate;
        this.doorbell = doorbell;
        this.clock = clock;
        this.backoff = new Backoff(settings.firstRetry(), settings.maxRetryDelay());
        this.sender = sender;
        this.metrics = metrics;
        this.recorder = new SentRecorder(outbox, RECORD_PAUSE, settings.connections(), RECORD_GATHER);
        this.dkim = dkim;
        this.pause = pause;
    }

    @Override
    public synchronized void start() {
        running = true;
        recorder.start();
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
        doorbell.ring();
        recorder.stopping();
        try {
            for (Thread worker : threads) {
                worker.join(Duration.ofSeconds(30).toMillis());
            }
            recorder.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.clear();
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
            while (running) {
                try {
                    if (pause.paused()) {
                        // An admin paused sending: nothing is claimed until they resume, which rings the bell.
                        connection.close();
                        doorbell.await(DeliveryPause.FRESH_FOR);
                        continue;
                    }
                    long claimed = System.nanoTime();
                    List<ClaimedDelivery> batch = outbox.claim(settings.batchSize(), settings.lease());
                    if (batch.isEmpty()) {
                        connection.close();
                        doorbell.await(settings.idlePoll());
                    } else {
                        // A quarter of the lease is left for the message on the wire when the rest is handed back.
                        deliver(batch, connection, claimed + settings.lease().toNanos() * 3 / 4);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    // The database went away, most likely: what was claimed comes back when the lease ends.
                    log.warn("Delivery worker failed; retrying shortly: {}", e.toString());
                    sleep(settings.idlePoll());
                }
            }
        }
    }

    /**
     * Sends the claim's mail one message after another. Each takes a place in the node's window of messages a crash
     * would repeat ({@link SentRecorder}), waiting while it is full, and gives it back once its fate is known. Over a
     * pipelining connection a message's reply is read while the next one goes out, so two of the worker's messages
     * may be on the wire at once: the one before is settled right after the next is sent. What is not sent by
     * {@code handBackAt} (a slow server, a busy machine) goes back to the queue before the lease ends: sent after
     * it, another worker could have claimed it and send it too.
     */
    private void deliver(List<ClaimedDelivery> batch, SmtpConnection connection, long handBackAt)
            throws InterruptedException {
        Composition.Batch loaded = composition.load(batch);
        InFlight previous = null;
        try {
            for (int i = 0; i < batch.size(); i++) {
                ClaimedDelivery delivery = batch.get(i);
                if (!running || System.nanoTime() - handBackAt > 0) {
                    settle(previous);
                    previous = null;
                    outbox.release(batch.subList(i, batch.size()));
                    return;
                }
                Composition.Composed next = loaded.compose(delivery);
                if (next.dropped() != null) {
                    outbox.failed(delivery, next.dropped());
                    metrics.outcome(delivery.kind(), "dropped");
                    continue;
                }
                rate.acquire();
                recorder.beginSend();
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
                previous = lost == null ? sending : null;
                SmtpFailure unanswered = lost != null && lost.unanswered() ? lost
                        : before != null && before.unanswered() ? before : null;
                if (unanswered != null && !unanswered.permanent()) {
                    // The server is out of reach, or hangs: each message of the claim would wait as long, and a
                    // large claim could outlast its lease. The rest go back to the queue, and the worker pauses.
                    settle(previous);
                    previous = null;
                    outbox.release(batch.subList(i + 1, batch.size()));
                    Thread.sleep(settings.idlePoll().toMillis());
                    return;
                }
            }
            settle(previous);
            previous = null;
        } finally {
            // Left early (interrupted, the database away): the server's answer is still read, to hand the place in
            // the window back and record what it took.
            settle(previous);
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
        } else if (now.isAfter(delivery.queuedAt().plus(settings.retryFor()))) {
            outbox.failed(delivery, "gave up after " + delivery.attempts() + " attempts: " + failure.getMessage());
            metrics.outcome(delivery.kind(), "failed");
        } else {
            metrics.outcome(delivery.kind(), "retrying");
            outbox.retryAt(delivery, failure.getMessage(),
                    now.plus(backoff.after(delivery.attempts(), ThreadLocalRandom.current())));
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
