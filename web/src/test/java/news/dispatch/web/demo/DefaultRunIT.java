package news.dispatch.web.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import news.dispatch.core.testing.FreePort;
import news.dispatch.web.ApiClient;
import news.dispatch.web.DispatchApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/** The app as a newcomer first starts it: no settings but a data folder, an H2 file, demo content. */
@ExtendWith(OutputCaptureExtension.class)
class DefaultRunIT {

    static Path dataDir;

    @AfterAll
    static void cleanUp() {
        FileSystemUtils.deleteRecursively(dataDir.toFile());
    }

    @Test
    void startsOnTheEmbeddedDefaultsWithDemoContent(CapturedOutput output) throws Exception {
        dataDir = Files.createTempDirectory("dispatch-run");
        Path data = dataDir.resolve("data");
        // A port of the newcomer's choosing, not the default 8080: the emails' links must follow it.
        int port = FreePort.belowEphemeralRange();
        try (ConfigurableApplicationContext app = SpringApplication.run(DispatchApplication.class,
                "--server.port=" + port, "--dispatch.data-dir=" + data, "--spring.quartz.scheduler-name=default-run")) {
            ApiClient client = ApiClient.anonymous(port);

            ApiClient.Answer health = client.get("/actuator/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");

            assertThat(data.resolve("dispatch.mv.db")).exists();
            assertThat(data.resolve("dispatch.sent")).as("the journal of sent mail beside it").exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                    .as("its secrets for this user only").isEqualTo("rwx------");

            Matcher password = Pattern.compile("generated password:\\s+(\\S+)").matcher(output.getOut());
            assertThat(password.find()).as("the generated admin password is logged").isTrue();

            ApiClient admin = client.as("admin", password.group(1));
            JsonNode articles = admin.get("/api/articles?size=50").json();
            assertThat(articles.get("total").asInt()).isGreaterThanOrEqualTo(10);
            JsonNode newest = articles.get("items").get(0);
            assertThat(newest.get("tags").size()).isBetween(2, 4);
            assertThat(newest.get("author").asString()).isNotBlank();
            assertThat(newest.get("summary").asString()).isNotBlank();

            assertThat(client.post("/api/subscriptions", "{\"email\": \"newcomer@example.com\", \"tags\": [\"aviation\"]}")
                    .status()).isEqualTo(202);
            JsonNode confirmation = await().atMost(Duration.ofSeconds(20)).until(
                    () -> admin.get("/api/admin/sandbox/messages?size=200").json().get("items").valueStream()
                            .filter(item -> item.get("to").get(0).asString().equals("newcomer@example.com"))
                            .findFirst().orElse(null),
                    item -> item != null);
            JsonNode message = admin.get("/api/admin/sandbox/messages/" + confirmation.get("id").asInt()).json();
            assertThat(message.get("text").asString()).as("the link opens on the port the app listens on")
                    .contains("http://localhost:" + port + "/confirm/");
        }
    }
}
