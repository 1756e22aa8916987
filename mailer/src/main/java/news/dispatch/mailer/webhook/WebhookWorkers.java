package news.dispatch.mailer.webhook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import news.dispatch.core.net.PublicHosts;
import news.dispatch.mailer.outbox.Backoff;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The workers that make webhook calls, as the outbox's workers send mail: each claims a few calls under a lease,
 * makes them one after another and records the outcome. A failure, a timeout or an answer other than 2xx comes back
 * later with backoff until {@code dispatch.webhooks.retry-for}, then is FAILED. A worker that dies leaves its claim to
 * expire; another takes it then.
 */
class WebhookWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookWorkers.class);

    private final JdbcWebhooks webhooks;
    private final WebhookSettings settings;
    private final Clock clock;
    private final Backoff backoff;
    private final HttpClient http;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    WebhookWorkers(JdbcWebhooks webhooks, WebhookSettings settings, Clock clock) {
        this.webhooks = webhooks;
        this.settings = settings;
        this.clock = clock;
        this.backoff = new Backoff(settings.firstRetry(), settings.maxRetryDelay());
        // A receiver's redirect is not followed: it would lead the call to a host nobody checked.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public synchronized void start() {
        running = true;
        for (int i = 0; i < settings.workers(); i++) {
            Thread worker = new Thread(this::work, "dispatch-webhook-" + i);
            worker.setDaemon(true);
            threads.add(worker);
            worker.start();
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        webhooks.doorbell().ring();
        try {
            for (Thread worker : threads) {
                worker.join(settings.timeout().plus(settings.connectTimeout()).toMillis() + 1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void work() {
        while (running) {
            try {
                long claimed = System.nanoTime();
                List<ClaimedCall> batch = webhooks.claim(settings.batchSize(), settings.lease());
                if (batch.isEmpty()) {
                    webhooks.doorbell().await(settings.idlePoll());
                } else {
                    // A call that could outlast the lease goes back: after it, another worker could make it too.
                    long callTime = settings.connectTimeout().plus(settings.timeout()).toNanos();
                    deliver(batch, claimed + settings.lease().toNanos() - callTime);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database went away, most likely: what was claimed comes back when the lease ends.
                log.warn("Webhook worker failed; retrying shortly: {}", e.toString());
                try {
                    Thread.sleep(settings.idlePoll().toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void deliver(List<ClaimedCall> batch, long lastStartAt) throws InterruptedException {
        for (int i = 0; i < batch.size(); i++) {
            if (!running || System.nanoTime() - lastStartAt > 0) {
                webhooks.release(batch.subList(i, batch.size()));
                return;
            }
            ClaimedCall call = batch.get(i);
            Answer answer = call(call);
            Instant now = clock.instant();
            if (answer.taken()) {
                webhooks.sent(call, answer);
            } else if (now.isAfter(call.queuedAt().plus(settings.retryFor()))) {
                webhooks.failed(call, answer, "gave up after " + call.attempts() + " attempts: " + answer.error());
            } else {
                webhooks.retryAt(call, answer,
                        now.plus(backoff.after(call.attempts(), ThreadLocalRandom.current())));
            }
        }
    }

    /** Makes the call once, signed with the time it is made; the host is checked again, for DNS may have changed. */
    private Answer call(ClaimedCall call) throws InterruptedException {
        Instant now = clock.instant();
        long start = System.nanoTime();
        try {
            webhooks.hosts().resolve(call.url().getHost());
            long timestamp = now.getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(call.url())
                    .timeout(settings.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Dispatch-Webhooks")
                    .header("webhook-id", call.messageId())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", call.signature(timestamp, now))
                    .POST(HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8))
                    .build();
            HttpResponse<String> response = exchange(request);
            int status = response.statusCode();
            return new Answer(now, status, response.body(), millisSince(start),
                    status >= 200 && status < 300 ? null : "the receiver answered HTTP " + status);
        } catch (PublicHosts.HostRefused e) {
            return new Answer(now, null, null, millisSince(start), "refused: " + e.getMessage()
                    + "; only an admin can allow a host (dispatch.webhooks.allowed-hosts)");
        } catch (UnknownHostException e) {
            return new Answer(now, null, null, millisSince(start), "no address is known for " + e.getMessage());
        } catch (HttpTimeoutException e) {
            return new Answer(now, null, null, millisSince(start), "no answer in time: " + e.getMessage());
        } catch (IOException e) {
            return new Answer(now, null, null, millisSince(start), whyNotCalled(call.url(), e));
        } catch (RuntimeException e) {
            // A call the client cannot even try (a port out of range stored before registration checked it, say)
            // is a failure of this call alone: thrown on, it would leave the rest of the batch claimed and untried.
            log.warn("Webhook call {} to endpoint {} could not be made", call.id(), call.webhookId(), e);
            return new Answer(now, null, null, millisSince(start), whyNotCalled(call.url(), e));
        }
    }

    /**
     * What went wrong, with the detail the exception or its causes give. The JDK's client throws a
     * {@link ConnectException} without a message when the connection is refused or the host cannot be reached.
     */
    private static String whyNotCalled(URI url, Exception e) {
        String detail = null;
        for (Throwable cause = e; cause != null && detail == null; cause = cause.getCause()) {
            detail = cause.getMessage() == null || cause.getMessage().isBlank() ? null : cause.getMessage();
        }
        if (e instanceof ConnectException) {
            int port = url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
            return "could not be called: no connection to " + url.getHost() + ":" + port + ": "
                    + (detail == null ? "refused, or the host is unreachable" : detail);
        }
        return "could not be called: " + e.getClass().getName() + (detail == null ? "" : ": " + detail);
    }

    /**
     * The call, and the start of its answer, within the timeout in all: the client's own timeout ends with the
     * answer's headers, and a receiver that then trickled its body held the worker for as long as it cared to.
     */
    private HttpResponse<String> exchange(HttpRequest request) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(request, answer -> new AnswerExcerpt());
        try {
            return exchange.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            exchange.cancel(true);
            throw new HttpTimeoutException("the answer took longer than dispatch.webhooks.timeout ("
                    + settings.timeout().toMillis() + " ms)");
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof IOException io) {
                throw io;
            }
            if (failed.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(failed.getCause());
        }
    }

    private static long millisSince(long start) {
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }
}
