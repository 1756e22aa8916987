package news.dispatch.web.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import news.dispatch.core.testing.FreePort;
import news.dispatch.core.testing.PostgresForTests;
import news.dispatch.mailer.smtp.SmtpSink;
import news.dispatch.web.ApiClient;
import news.dispatch.web.AppProcess;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * The app through outages it must ride out without a restart: its SMTP server down in the middle of a send and
 * back on the same port, and its PostgreSQL server stopped and started again on the same data. The
 * database is a server of this test's own (fixed port and data directory), so stopping it disturbs no other test.
 */
@SpringBootTest(classes = DispatchApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.quartz.scheduler-name=outages",
                "spring.datasource.username=postgres",
                "spring.datasource.password=postgres",
                // Shorter than the outage, so that every part of the app sees its queries fail, as a longer outage
                // would make them with the pool's default of 30 s.
                "spring.datasource.hikari.connection-timeout=2000",
                "dispatch.demo=false",
                "dispatch.admin.password=" + OutagesIT.PASSWORD,
                "spring.mail.host=127.0.0.1",
                "dispatch.mail.connections=" + OutagesIT.CONNECTIONS,
                "dispatch.mail.batch-size=" + OutagesIT.BATCH,
                "dispatch.mail.lease=3s",
                "dispatch.mail.per-second=300",
                "dispatch.mail.idle-poll=200ms",
                "dispatch.mail.first-retry=500ms",
                "dispatch.mail.max-retry-delay=2s",
                "dispatch.digest.tick=1s"})
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutagesIT {

    static final String PASSWORD = "outages-admin-password";
    static final int CONNECTIONS = 2;
    static final int BATCH = 20;
    static final int READERS = 1_000;

    static final int DATABASE_PORT = FreePort.belowEphemeralRange();
    static final Path DATABASE_DATA = Path.of("target", "outages-postgres");
    static EmbeddedPostgres database;
    static SmtpSink smtp;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) throws IOException {
        FileSystemUtils.deleteRecursively(DATABASE_DATA.toFile());
        database = startDatabase();
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://localhost:" + DATABASE_PORT + "/postgres");
        smtp = SmtpSink.accepting();
        registry.add("spring.mail.port", smtp::port);
    }

    /**
     * Started on the same port and data every time; stopped by {@link EmbeddedPostgres#close()}, and at the latest
     * when the JVM exits, after this class's context is closed.
     */
    private static EmbeddedPostgres startDatabase() {
        for (int attempt = 1; ; attempt++) {
            try {
                EmbeddedPostgres server = EmbeddedPostgres.builder().setPort(DATABASE_PORT)
                        .setDataDirectory(DATABASE_DATA).setCleanDataDirectory(false).setRegisterShutdownHook(false)
                        .start();
                PostgresForTests.stopAfterContexts(server);
                return server;
            } catch (IOException | IllegalStateException e) {
                // The app's pool keeps connecting while the server is down; one of its attempts may hold the port
                // for a moment. Waiting it out is what an operator restarting the server would do.
                if (attempt == 3) {
                    throw e instanceof IOException io ? new UncheckedIOException(io) : (IllegalStateException) e;
                }
                sleep(Duration.ofSeconds(2));
            }
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ApiClient admin;

    @BeforeAll
    void readers() {
        admin = ApiClient.anonymous(port).as("admin", PASSWORD);
        StringBuilder csv = new StringBuilder("email,tags,frequency\n");
        for (int i = 0; i < READERS; i++) {
            csv.append("reader").append(i).append("@example.com,#Aviation,DAILY\n");
        }
        assertThat(admin.send("POST", "/api/admin/subscribers/import?status=ACTIVE", "text/csv",
                csv.toString().getBytes(StandardCharsets.UTF_8)).json().get("imported").asInt()).isEqualTo(READERS);
    }

    @BeforeEach
    void smtpServing() throws IOException {
        smtp.comeBack();
        smtp.forgetRecipients();
    }

    @AfterAll
    void stopSmtp() throws IOException {
        smtp.close();
    }

    @Test
    void anSmtpServerStoppedMidSendCostsOnlyTimeAndEveryDigestArrivesOnce() throws Exception {
        queueDigests("Airbus orders A320 software fix");
        await().atMost(Duration.ofSeconds(20)).until(() -> received().size() >= READERS / 4);

        smtp.goDown();
        assertThat(received()).as("stopped in the middle of the send").hasSizeLessThan(READERS);
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries("RETRYING") > 0);
        Thread.sleep(2_000);
        smtp.comeBack();

        await().atMost(Duration.ofSeconds(30)).until(() -> received().size() >= READERS);
        awaitDrainedOutbox();
        assertThat(received()).as("each reader's digest exactly once").hasSize(READERS).doesNotHaveDuplicates();
    }

    @Test
    void aDatabaseRestartedUnderTheRunningAppIsUsedAgainWithoutARestart() throws Exception {
        queueDigests("easyJet finishes A320 updates");
        await().atMost(Duration.ofSeconds(20)).until(() -> received().size() >= READERS / 4);

        database.close();
        try {
            assertThat(received()).as("stopped in the middle of the send").hasSizeLessThan(READERS);
            ApiClient.Answer duringOutage = admin.get("/api/admin/stats");
            assertThat(duringOutage.status()).as("an outage, not a wrong password: " + duringOutage).isEqualTo(503);
            assertThat(duringOutage.header("Content-Type")).startsWith("application/problem+json");
            Browser browser = new Browser(port);
            Browser.Page form = browser.get("/login");
            Browser.Page signIn = browser.post("/login", "username", "admin", "password", PASSWORD,
                    "_csrf", form.csrf());
            assertThat(signIn.status()).as("the sign-in form says so too").isEqualTo(503);
            assertThat(signIn.body()).contains("cannot reach its database").doesNotContain("do not match");
            ApiClient.Answer tags = ApiClient.anonymous(port).get("/api/tags");
            assertThat(tags.status()).as("a public endpoint: " + tags).isEqualTo(503);
            assertThat(tags.header("Retry-After")).isEqualTo("30");
            assertThat(tags.json().get("detail").asString()).contains("cannot reach its database");
            Browser.Page stories = browser.get("/articles");
            assertThat(stories.status()).as("a public page").isEqualTo(503);
            assertThat(stories.body()).contains("Briefly unavailable").doesNotContain("Something went wrong");
            Thread.sleep(4_000);
        } finally {
            database = startDatabase();
        }
        Instant restarted = Instant.now();

        await().atMost(Duration.ofSeconds(60)).until(() -> new HashSet<>(received()).size() == READERS);
        awaitDrainedOutbox();
        System.out.printf("OutagesIT: sent twice across the database outage: %d%n", received().size() - READERS);
        assertThat(received().size() - READERS).as("sent twice: only what was in flight, the workers' window of "
                + "two messages per connection and never fewer than eight")
                .isLessThanOrEqualTo(Math.max(8, 2 * CONNECTIONS));
        assertThat(admin.get("/actuator/health").body()).isEqualTo("{\"status\":\"UP\"}");

        // Mail queued after the restart goes out too.
        int before = received().size();
        queueDigests("Lufthansa grounds A320s for the fix");
        await().atMost(Duration.ofSeconds(30)).until(() -> received().size() >= before + READERS);
        awaitDrainedOutbox();

        // The schedule keeps ticking: Quartz fires the digest trigger again after the restart.
        await().atMost(Duration.ofSeconds(40)).until(() -> jdbc.sql(
                        "select prev_fire_time from qrtz_triggers where sched_name = 'outages' and trigger_name = 'digests'")
                .query(Long.class).single() > restarted.toEpochMilli());
    }

    private void queueDigests(String title) {
        assertThat(admin.post("/api/articles", """
                {"title": "%s", "tags": ["#Aviation"], "publishedAt": "%s"}""".formatted(title,
                Instant.now().minusSeconds(60))).status()).isEqualTo(201);
        JsonNode run = admin.post("/api/admin/digests/run", "{\"frequency\": \"DAILY\"}").json();
        assertThat(run.get("queued").asInt()).as(run.toString()).isEqualTo(READERS);
    }

    private List<String> received() {
        return smtp.recipients();
    }

    private long deliveries(String status) {
        return admin.get("/api/admin/deliveries?size=1&status=" + status).json().get("total").asLong();
    }

    private void awaitDrainedOutbox() {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode counts = admin.get("/api/admin/stats").json().get("deliveries");
            Map<String, Long> open = List.of("QUEUED", "SENDING", "RETRYING", "FAILED").stream()
                    .collect(Collectors.toMap(Function.identity(), status -> counts.get(status).asLong()));
            assertThat(open).as("nothing left to send, nothing failed")
                    .isEqualTo(Map.of("QUEUED", 0L, "SENDING", 0L, "RETRYING", 0L, "FAILED", 0L));
        });
    }
}
