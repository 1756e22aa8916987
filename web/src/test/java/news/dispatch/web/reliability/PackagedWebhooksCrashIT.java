package news.dispatch.web.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpServer;

import news.dispatch.web.ApiClient;
import news.dispatch.web.AppProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * The packaged jar killed with SIGKILL while webhook calls are pending, and started again on the same data: every
 * event still reaches the endpoint, each under its one {@code webhook-id}; only the calls on the wire at the kill may
 * arrive twice. The receiver checks every call with the Standard Webhooks specification's own Java library, as a
 * newsroom's CMS would.
 */
class PackagedWebhooksCrashIT {

    private static final String PASSWORD = "webhook-crash-password";
    private static final int STORIES = 12;
    private static final int WORKERS = 2;
    private static final int ANSWERED = 3;
    private static final Pattern STORY = Pattern.compile("\"title\":\"Story (\\d+)\"");

    private Path data;
    private AppProcess first;
    private AppProcess second;
    private HttpServer receiver;

    @AfterEach
    void cleanUp() throws IOException {
        for (AppProcess node : new AppProcess[] {first, second}) {
            if (node != null) {
                node.close();
            }
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        if (data != null) {
            FileSystemUtils.deleteRecursively(data);
        }
    }

    @Test
    void aNodeKilledWithWebhooksPendingLosesNone() throws Exception {
        data = Files.createTempDirectory("dispatch-webhooks-crash");
        List<String> ids = new CopyOnWriteArrayList<>();
        List<Integer> stories = new CopyOnWriteArrayList<>();
        List<String> refused = new CopyOnWriteArrayList<>();
        AtomicReference<Webhook> verifier = new AtomicReference<>();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        AtomicInteger arrived = new AtomicInteger();
        CountDownLatch killed = new CountDownLatch(1);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            // The first calls are answered; the next ones are held until the node is dead: on the wire at the kill
            // whatever the machine's speed, as a slow receiver would leave them.
            if (arrived.incrementAndGet() > ANSWERED) {
                try {
                    killed.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // The JDK's server writes header names as "Webhook-id"; the library reads them as the specification does.
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            try {
                verifier.get().verify(body, headers);
            } catch (WebhookVerificationException | RuntimeException e) {
                refused.add(String.valueOf(e));
            }
            ids.add(exchange.getRequestHeaders().getFirst("webhook-id"));
            Matcher story = STORY.matcher(body);
            if (story.find()) {
                stories.add(Integer.parseInt(story.group(1)));
            }
            try {
                exchange.sendResponseHeaders(204, -1);
            } catch (IOException deadNode) {
                // A held call's node is gone: nobody reads the answer.
            }
            exchange.close();
        });
        receiver.start();

        first = AppProcess.packaged("webhooks-crash-first", settings());
        ApiClient admin = ApiClient.anonymous(first.port()).as("admin", PASSWORD);
        ApiClient.Answer registered = admin.post("/api/admin/webhooks", """
                {"url": "http://127.0.0.1:%d/hook", "events": ["article.published"]}"""
                .formatted(receiver.getAddress().getPort()));
        assertThat(registered.status()).isEqualTo(201);
        verifier.set(new Webhook(registered.json().get("secret").asString()));
        for (int i = 1; i <= STORIES; i++) {
            assertThat(admin.post("/api/articles", """
                    {"title": "Story %d", "tags": ["#Aviation"], "publishedAt": "%s"}"""
                    .formatted(i, Instant.now().minusSeconds(60))).status()).isEqualTo(201);
        }
        String calls = "/api/admin/webhooks/" + registered.json().get("id").asLong() + "/deliveries";
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                assertThat(arrived.get()).as("calls arrived; the node's record: %s", admin.get(calls).body())
                        .isGreaterThanOrEqualTo(ANSWERED + WORKERS));
        assertThat(first.kill()).as("killed by SIGKILL").isEqualTo(137);
        int atKill = arrived.get();
        killed.countDown();
        assertThat(atKill).as("killed with calls still pending").isLessThan(STORIES);

        second = AppProcess.packaged("webhooks-crash-second", settings());
        await().atMost(Duration.ofMinutes(2))
                .until(() -> stories.stream().distinct().count() == STORIES);

        assertThat(stories).as("every story's event arrived").containsAll(
                IntStream.rangeClosed(1, STORIES).boxed().toList());
        long twice = ids.size() - ids.stream().distinct().count();
        System.out.printf("PackagedWebhooksCrashIT: killed at %d of %d calls; received twice: %d%n", atKill, STORIES,
                twice);
        assertThat(ids.stream().distinct().count()).as("one webhook-id per event, kept on a retry")
                .isEqualTo(STORIES);
        assertThat(twice).as("only what was on the wire at the kill arrives twice").isLessThanOrEqualTo(WORKERS);
        assertThat(refused).as("calls the specification's library refused").isEmpty();
    }

    private String[] settings() {
        return new String[] {
                "--dispatch.data-dir=" + data,
                "--dispatch.demo=false",
                "--dispatch.admin.password=" + PASSWORD,
                "--dispatch.webhooks.allowed-hosts=127.0.0.1",
                "--dispatch.webhooks.workers=" + WORKERS,
                "--dispatch.webhooks.batch-size=1",
                // A dead node's claims come back after the lease; short here so that the test need not wait, and
                // the answer's timeout longer than a held call waits for the kill on a slow machine.
                "--dispatch.webhooks.lease=7s",
                "--dispatch.webhooks.connect-timeout=1s",
                "--dispatch.webhooks.timeout=5s",
                "--dispatch.webhooks.idle-poll=200ms"};
    }
}
