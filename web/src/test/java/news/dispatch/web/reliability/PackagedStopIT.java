package news.dispatch.web.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import news.dispatch.web.ApiClient;
import news.dispatch.web.AppProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * The packaged jar stopped as an operator stops it (SIGTERM: {@code kill}, systemd, Ctrl-C), a few seconds after
 * it started, while Quartz, the mail workers and the sandbox SMTP server are at work: it stops cleanly, with no
 * error in its log, and starts again on the same data. H2's own shutdown hook used to close the database beside the
 * app's shutdown, under the scheduler's open transaction, and the log showed errors at about every other stop.
 */
class PackagedStopIT {

    private static final String PASSWORD = "stop-admin-password";
    private static final int STOPS = 3;

    private Path data;
    private AppProcess app;

    @AfterEach
    void cleanUp() throws IOException {
        if (app != null) {
            app.close();
        }
        if (data != null) {
            FileSystemUtils.deleteRecursively(data);
        }
    }

    @Test
    void stopsCleanlyAndStartsAgainOnItsData() throws Exception {
        data = Files.createTempDirectory("dispatch-packaged-stop");
        for (int stop = 1; stop <= STOPS; stop++) {
            app = AppProcess.packaged("packaged-stop-" + stop, "--dispatch.data-dir=" + data,
                    "--dispatch.admin.password=" + PASSWORD);
            ApiClient admin = ApiClient.anonymous(app.port()).as("admin", PASSWORD);
            ApiClient.Answer story = admin.post("/api/articles", """
                    {"title": "Story before stop %d", "tags": ["#Aviation"]}""".formatted(stop));
            assertThat(story.status()).isEqualTo(201);
            if (stop == 1) {
                alertTheSandboxesBouncingReaders(admin, story.json().get("id").asLong());
            }
            Thread.sleep(1_000L * stop);

            assertThat(app.stop()).as("stopped by SIGTERM").isEqualTo(143);

            String log = Files.readString(app.log());
            assertThat(log).as(app.log() + " after the stop").doesNotContain(" ERROR ")
                    .contains("HikariPool-1 - Shutdown completed")
                    .as("DKIM is off: the native RSA library is never loaded").doesNotContain("DKIM signs RSA");
            assertThat(log.lines().filter(line -> line.contains(" WARN "))
                    .filter(line -> !line.contains("newer than the version Flyway has been verified with")))
                    .as("warnings an operator would read at every start and stop").isEmpty();
            app = null;
        }
        app = AppProcess.packaged("packaged-stop-after", "--dispatch.data-dir=" + data,
                "--dispatch.admin.password=" + PASSWORD);
        String stories = ApiClient.anonymous(app.port()).as("admin", PASSWORD).get("/api/articles?size=50").body();
        for (int stop = 1; stop <= STOPS; stop++) {
            assertThat(stories).contains("Story before stop " + stop);
        }
    }

    /**
     * The demo's readers at the sandbox's bouncing addresses follow #Aviation: an alert to them comes back at once as
     * two bounces and a complaint, which the sandbox's mailbox stores, as every default run whose demo readers get
     * mail does (GreenMail warned of each report it stored).
     */
    private static void alertTheSandboxesBouncingReaders(ApiClient admin, long articleId) {
        assertThat(admin.post("/api/articles/" + articleId + "/alert", "{}").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                admin.get("/api/admin/deliveries?size=50").json().get("items").valueStream()
                        .filter(item -> item.get("to").asString().endsWith("@sandbox.invalid"))
                        .map(item -> item.get("status").asString()))
                .as("the mail to the sandbox's bouncing readers (the alert, or a digest if the five-minute batch"
                        + " took the story first), all accepted").hasSizeGreaterThanOrEqualTo(3).containsOnly("SENT"));
    }
}
