package news.dispatch.web.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import news.dispatch.core.testing.PostgresForTests;
import news.dispatch.web.ApiClient;
import news.dispatch.web.AppProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * A newsroom that outgrew one machine moves its embedded database to PostgreSQL with the packaged jar
 * ({@code java -jar dispatch.jar move}) and starts on it: its readers, their links already mailed, its staff's
 * sign-in, its tags' aliases and its suppression list are there as they were, and new readers sign up after them.
 */
class PackagedMoveIT {

    private static final String PASSWORD = "move-admin-password";
    private static final String NEWSROOM = "https://news.example";
    private static final Path JAR = Path.of("target", "dispatch.jar");
    private static final Pattern LINK = Pattern.compile("/(confirm|unsubscribe|preferences)/([A-Za-z0-9_-]+)");

    private final List<Path> folders = new ArrayList<>();
    private AppProcess app;

    @AfterEach
    void cleanUp() throws IOException {
        if (app != null) {
            app.close();
        }
        for (Path folder : folders) {
            FileSystemUtils.deleteRecursively(folder);
        }
    }

    @Test
    void theWholeDatabaseMovesAndEveryMailedLinkStillWorks() throws Exception {
        Path data = folder("dispatch-move-h2");
        // The newsroom's address, as an operator sets it: links in stories and emails name it, not the port a node
        // happens to listen on.
        app = AppProcess.packaged("packaged-move-h2", "--dispatch.data-dir=" + data,
                "--dispatch.admin.password=" + PASSWORD, "--dispatch.base-url=" + NEWSROOM);
        ApiClient admin = ApiClient.anonymous(app.port()).as("admin", PASSWORD);
        String welcome = confirmedReader(app.port(), admin, "mover@example.com");
        String unsubscribe = link(welcome, "unsubscribe");
        String preferences = link(welcome, "preferences");
        // "zebra" sorts after "aardvark": the alias names a row of its own table that comes later.
        assertThat(admin.post("/api/articles", "{\"title\": \"Zebras fly\", \"tags\": [\"#Zebra\"]}").status())
                .isEqualTo(201);
        assertThat(admin.post("/api/articles", "{\"title\": \"Aardvarks too\", \"tags\": [\"#Aardvark\"]}")
                .status()).isEqualTo(201);
        assertThat(admin.post("/api/admin/tags/aardvark/merge", "{\"into\": \"zebra\"}").status()).isEqualTo(200);
        assertThat(admin.post("/api/admin/suppressions",
                "{\"email\": \"bounced@example.com\", \"detail\": \"before the move\"}").status()).isEqualTo(201);
        String readers = admin.get("/api/admin/subscribers/export").body();
        String suppressions = admin.get("/api/admin/suppressions").body();
        String stories = admin.get("/api/articles?size=100").body();
        assertThat(app.stop()).as("stopped by SIGTERM").isEqualTo(143);
        app = null;

        String target = PostgresForTests.jdbcUrl("packaged_move");
        String[] to = {"--dispatch.move.to.url=" + target, "--dispatch.move.to.username=postgres",
                "--dispatch.move.to.password=postgres"};
        Moved moved = move(data, to);
        assertThat(moved.status()).as(moved.output()).isZero();
        assertThat(moved.output()).contains("Moved ").contains("subscriber").contains("instance_secret")
                .doesNotContain("qrtz_").doesNotContain("postgres\n");

        app = AppProcess.packaged("packaged-move-postgres", "--spring.datasource.url=" + target,
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                "--dispatch.data-dir=" + folder("dispatch-move-unused"), "--dispatch.base-url=" + NEWSROOM);
        ApiClient anonymous = ApiClient.anonymous(app.port());
        admin = anonymous.as("admin", PASSWORD);
        assertThat(admin.get("/api/admin/subscribers/export").body()).as("the readers, as exported before")
                .isEqualTo(readers);
        assertThat(admin.get("/api/admin/suppressions").body()).isEqualTo(suppressions);
        assertThat(admin.get("/api/articles?size=100").body()).isEqualTo(stories);
        assertThat(admin.get("/api/admin/tags/zebra").json().get("aliases").toString()).contains("aardvark");

        JsonNode chosen = anonymous.get("/api/preferences/" + preferences).json();
        assertThat(chosen.get("email").asString()).isEqualTo("mover@example.com");
        assertThat(chosen.get("timezone").asString()).isEqualTo("Europe/Berlin");
        assertThat(anonymous.send("POST", "/unsubscribe/" + unsubscribe).status()).isEqualTo(200);
        assertThat(anonymous.get("/api/preferences/" + preferences).json().get("status").asString())
                .isEqualTo("UNSUBSCRIBED");

        String newcomer = confirmedReader(app.port(), admin, "newcomer@example.com");
        assertThat(link(newcomer, "preferences")).isNotEqualTo(preferences);
    }

    /** A reader signs up, confirms from the email, and gets the welcome; returns the welcome's text. */
    private static String confirmedReader(int port, ApiClient admin, String email) {
        ApiClient anonymous = ApiClient.anonymous(port);
        assertThat(anonymous.post("/api/subscriptions", """
                {"email": "%s", "tags": ["#Aviation"], "timezone": "Europe/Berlin", "sendHour": 6}"""
                .formatted(email)).status()).isEqualTo(202);
        String confirmation = mailTo(admin, email, "confirm");
        assertThat(anonymous.post("/api/subscriptions/confirm",
                "{\"token\": \"" + link(confirmation, "confirm") + "\"}").status()).isEqualTo(200);
        return mailTo(admin, email, "unsubscribe");
    }

    /** The text of the newest email the sandbox caught for the address with such a link. */
    private static String mailTo(ApiClient admin, String email, String kind) {
        String[] text = new String[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode newest = null;
            for (JsonNode item : admin.get("/api/admin/sandbox/messages?size=20").json().get("items")) {
                if (item.get("to").get(0).asString().equals(email)) {
                    String body = admin.get("/api/admin/sandbox/messages/" + item.get("id").asInt()).json()
                            .get("text").asString();
                    if (body.contains("/" + kind + "/")) {
                        newest = item;
                        text[0] = body;
                        break;
                    }
                }
            }
            assertThat(newest).as("an email to " + email + " with a " + kind + " link").isNotNull();
        });
        return text[0];
    }

    private static String link(String text, String kind) {
        Matcher matcher = LINK.matcher(text);
        while (matcher.find()) {
            if (matcher.group(1).equals(kind)) {
                return matcher.group(2);
            }
        }
        throw new AssertionError("no " + kind + " link in " + text);
    }

    private record Moved(int status, String output) {
    }

    private static Moved move(Path data, String... to) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString(), "move",
                "--dispatch.data-dir=" + data));
        command.addAll(List.of(to));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Moved(process.exitValue(), output);
    }

    private Path folder(String prefix) throws IOException {
        Path folder = Files.createTempDirectory(prefix);
        folders.add(folder);
        return folder;
    }
}
