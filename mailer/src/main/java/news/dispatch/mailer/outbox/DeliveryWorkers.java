package news.dispatch.mailer.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;

import news.dispatch.mailer.MailSettings;
import news.dispatch.mailer.dkim.DkimKeys;
import news.dispatch.mailer.sender.SenderIdentity;
import news.dispatch.mailer.smtp.MailRoute;
import news.dispatch.mailer.smtp.SendRate;
import news.dispatch.mailer.smtp.SmtpConnection;
import news.dispatch.mailer.smtp.SmtpFailure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.TransientDataAccessException;

/**
 * The workers that empty the outbox: each holds one SMTP connection open for many messages, claims a batch,
 * writes and sends it, and records the outcome. Transient failures come back later with backoff; permanent ones
 * are FAILED with the server's reply. A worker that dies leaves its claim to expire; another takes it then.
 */
class DeliveryWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorkers.class);

    /** After the database and the sandbox SMTP server are up; stopped before them. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    /**
     * Sent deliveries are marked in groups of this many, whatever the claim's size: a large claim saves statements
     * and commits, and a worker killed mid-claim has sent at most this many unmarked, which are sent again.
     */
    static final int MARK_EVERY = 50;

    /** How often marking sent mail is tried while the database is busy, pausing a little longer each time. */
    static final int MARK_ATTEMPTS = 5;
    static final Duration MARK_PAUSE = Duration.ofMillis(200);

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
    private final DkimKeys dkim;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    DeliveryWorkers(JdbcOutbox outbox, Composition composition, MailRoute route, MailSettings settings,
                    SendRate rate, Doorbell doorbell, Clock clock, SenderIdentity sender, DeliveryMetrics metrics,
                    DkimKeys dkim) {
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
        this.dkim = dkim;
    }

    @Override
    public synchronized void start() {
        running = true;
        Session session = route.session();
        InternetAddress from = sender.from();
        for (int i = 0; i < settings.connections(); i++) {
            Thread worker = new Thread(() -> work(new SmtpConnection(route, session, from, dkim.signer())),
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
        for (Thread worker : threads) {
            try {
                worker.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
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
                    List<ClaimedDelivery> batch = outbox.claim(settings.batchSize(), settings.lease());
                    if (batch.isEmpty()) {
                        connection.close();
                        doorbell.await(settings.idlePoll());
                    } else {
                        deliver(batch, connection);
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

    private void deliver(List<ClaimedDelivery> batch, SmtpConnection connection) throws InterruptedException {
        List<ClaimedDelivery> sent = new ArrayList<>(MARK_EVERY);
        Composition.Batch loaded = composition.load(batch);
        for (int i = 0; i < batch.size(); i++) {
            ClaimedDelivery delivery = batch.get(i);
            if (!running) {
                handBack(sent, batch.subList(i, batch.size()));
                return;
            }
            Composition.Composed next = loaded.compose(delivery);
            if (next.dropped() != null) {
                outbox.failed(delivery, next.dropped());
                metrics.outcome(delivery.kind(), "dropped");
                continue;
            }
            rate.acquire();
            long start = System.nanoTime();
            try {
                connection.send(next.email(), delivery.messageId(sender.domain()),
                        sender.returnPath(delivery.returnPathTag()), Date.from(clock.instant()));
                metrics.sent(delivery.kind(), System.nanoTime() - start);
                sent.add(delivery);
                if (sent.size() == MARK_EVERY) {
                    markSent(sent);
                    sent.clear();
                }
            } catch (SmtpFailure failure) {
                failed(delivery, failure);
                if (failure.unanswered() && !failure.permanent()) {
                    // The server is out of reach, or hangs: each message of the claim would wait as long, and a
                    // large claim could outlast its lease. The rest go back to the queue, and the worker pauses.
                    handBack(sent, batch.subList(i + 1, batch.size()));
                    Thread.sleep(settings.idlePoll().toMillis());
                    return;
                }
            }
        }
        markSent(sent);
    }

    /** Marks what was sent and puts back in the queue what was not tried. */
    private void handBack(List<ClaimedDelivery> sent, List<ClaimedDelivery> untried) throws InterruptedException {
        markSent(sent);
        outbox.release(untried);
    }

    /**
     * Marks what was sent, waiting out a lock held a moment too long rather than leaving sent mail to come back with
     * its lease and go out twice. (H2, busy with a digest run's inserts, has made this wait past its lock timeout.)
     */
    private void markSent(List<ClaimedDelivery> sent) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                outbox.sent(sent);
                return;
            } catch (TransientDataAccessException busy) {
                if (attempt == MARK_ATTEMPTS) {
                    throw busy;
                }
                log.debug("Marking {} deliveries sent waited too long; trying again: {}", sent.size(), busy.toString());
                Thread.sleep(MARK_PAUSE.toMillis() * attempt);
            }
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
