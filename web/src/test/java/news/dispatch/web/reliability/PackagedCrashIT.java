package news.dispatch.web.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import news.dispatch.mailer.smtp.SmtpSink;
import news.dispatch.web.ApiClient;
import news.dispatch.web.AppProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * The packaged jar as an operator runs it, on its H2 file database, killed with SIGKILL in the middle of sending a
 * few thousand digests and started again on the same data: every reader gets their digest, and only what was in
 * flight at the kill (at most two messages per connection, eight with the default four) arrives twice.
 */
class PackagedCrashIT {

    private static final String PASSWORD = "crash-admin-password";
    private static final int READERS = 3_000;
    /** The defaults: the bound on duplicates must hold whatever the claim's size. */
    private static final int CONNECTIONS = 4;
    private static final int BATCH = 250;

    private Path data;
    private AppProcess first;
    private AppProcess second;

    @AfterEach
    void cleanUp() throws IOException {
        for (AppProcess node : new AppProcess[] {first, second}) {
            if (node != null) {
                node.close();
            }
        }
        if (data != null) {
            FileSystemUtils.deleteRecursively(data);
        }
    }

    @Test
    void aNodeKilledMidSendLosesNothingAndResendsOnlyWhatWasInFlight() throws Exception {
        data = Files.createTempDirectory("dispatch-packaged-crash");
        try (SmtpSink sink = SmtpSink.accepting()) {
            first = AppProcess.packaged("packaged-crash-first", settings(sink));
            ApiClient admin = ApiClient.anonymous(first.port()).as("admin", PASSWORD);
            assertThat(admin.send("POST", "/api/admin/subscribers/import?status=ACTIVE", "text/csv", readersCsv())
                    .json().get("imported").asInt()).isEqualTo(READERS);
            assertThat(admin.post("/api/articles", """
                    {"title": "Airbus orders A320 software fix", "summary": "Airlines patch 6,000 jets overnight",
                     "tags": ["#Aviation"], "publishedAt": "%s"}""".formatted(Instant.now().minusSeconds(60)))
                    .status()).isEqualTo(201);
            assertThat(admin.post("/api/admin/digests/run", "{\"frequency\": \"DAILY\"}").json().get("queued").asInt())
                    .isEqualTo(READERS);

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> sink.accepted() >= READERS / 3);
            assertThat(first.kill()).as("killed by SIGKILL").isEqualTo(137);
            int atKill = sink.accepted();
            assertThat(atKill).as("killed in the middle of the send").isLessThan(READERS);

            second = AppProcess.packaged("packaged-crash-second", settings(sink));
            ApiClient again = ApiClient.anonymous(second.port()).as("admin", PASSWORD);
            await().atMost(Duration.ofSeconds(40)).until(() -> perReader(sink).size() == READERS);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deliveries(again))
                    .as("the outbox is drained and nothing failed").isEqualTo(Map.of("QUEUED", 0L, "SENDING", 0L,
                            "SENT", (long) READERS, "RETRYING", 0L, "FAILED", 0L)));

            Map<String, Long> perReader = perReader(sink);
            assertThat(perReader).hasSize(READERS).allSatisfy((reader, count) -> assertThat(count).as(reader)
                    .isBetween(1L, 2L));
            long twice = sink.accepted() - READERS;
            System.out.printf("PackagedCrashIT: killed at %,d of %,d accepted; sent twice: %d%n", atKill, READERS,
                    twice);
            assertThat(twice).as("sent twice: only what was in flight, two messages per connection")
                    .isLessThanOrEqualTo(2 * CONNECTIONS);
        }
    }

    private String[] settings(SmtpSink sink) {
        return new String[] {
                "--dispatch.data-dir=" + data,
                "--dispatch.demo=false",
                "--dispatch.admin.password=" + PASSWORD,
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + sink.port(),
                "--dispatch.mail.connections=" + CONNECTIONS,
                "--dispatch.mail.batch-size=" + BATCH,
                // A dead node's claims come back after the lease; short here so that the test need not wait.
                "--dispatch.mail.lease=3s",
                "--dispatch.mail.per-second=500",
                "--dispatch.mail.idle-poll=200ms"};
    }

    private static byte[] readersCsv() {
        StringBuilder csv = new StringBuilder("email,tags,frequency\n");
        for (int i = 0; i < READERS; i++) {
            csv.append("reader").append(i).append("@example.com,#Aviation,DAILY\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Long> deliveries(ApiClient admin) {
        JsonNode counts = admin.get("/api/admin/stats").json().get("deliveries");
        return Stream.of("QUEUED", "SENDING", "SENT", "RETRYING", "FAILED")
                .collect(Collectors.toMap(Function.identity(), status -> counts.get(status).asLong()));
    }

    private static Map<String, Long> perReader(SmtpSink sink) {
        return sink.recipients().stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
