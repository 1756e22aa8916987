package news.dispatch.web.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.mailer.sandbox.SandboxSmtp;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * Every page a reader or the staff can open, and every email, through the Nu HTML checker ({@code vnu.jar}, the npm
 * package {@code vnu-jar} that {@code .ci/run} installs): zero errors. Skipped where the checker is missing, except in
 * CI ({@code CI=true}), where it must run.
 */
@DispatchTest
class HtmlCheckerIT {

    /** Where {@code npm install -g vnu-jar} puts the checker, or {@code VNU_JAR}. */
    private static final List<Path> CHECKER = Stream.of(System.getenv("VNU_JAR"),
                    "/usr/lib/node_modules/vnu-jar/build/dist/vnu.jar",
                    "/usr/local/lib/node_modules/vnu-jar/build/dist/vnu.jar")
            .filter(path -> path != null && !path.isBlank())
            .map(Path::of)
            .toList();

    @LocalServerPort
    int port;

    @Autowired
    Articles articles;

    @Autowired
    Subscribers subscribers;

    @Autowired
    SandboxSmtp sandbox;

    @Autowired
    JdbcClient jdbc;

    /**
     * An endpoint with a call that was answered and one that was not, written as the workers would. On the loopback,
     * which this context does not allow: nothing leaves the machine when the workers try the open call again.
     */
    private long webhookWithCalls() {
        Instant now = Instant.now();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into webhook (url, secret, created_at)
                        values ('http://127.0.0.1:9/hooks', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', ?)
                        """)
                .param(now.atOffset(ZoneOffset.UTC))
                .update(key, "id");
        long id = key.getKey().longValue();
        jdbc.sql("insert into webhook_event (webhook_id, type) values (?, 'article.published')").param(id).update();
        for (String status : List.of("SENT", "RETRYING")) {
            key = new GeneratedKeyHolder();
            jdbc.sql("""
                            insert into webhook_call (webhook_id, message_id, type, body, status, attempts, created_at,
                                                      queued_at, available_at)
                            values (:webhook, :message, 'article.published', '{}', :status, 1, :now, :now, :now)
                            """)
                    .param("webhook", id)
                    .param("message", "msg_checker_" + status)
                    .param("status", status)
                    .param("now", now.atOffset(ZoneOffset.UTC))
                    .update(key, "id");
            long call = key.getKey().longValue();
            jdbc.sql("""
                            insert into webhook_attempt (call_id, webhook_id, attempted_at, http_status, answer,
                                                         latency_ms, error)
                            values (?, ?, ?, ?, ?, 42, ?)
                            """)
                    .params(call, id, now.atOffset(ZoneOffset.UTC), status.equals("SENT") ? 200 : null,
                            status.equals("SENT") ? "<ok/>" : null,
                            status.equals("SENT") ? null : "no answer in time: request timed out")
                    .update();
        }
        return id;
    }

    @Test
    void everyPageAndEveryEmailPassesTheHtmlChecker() throws Exception {
        Path checker = checker();
        Article story = articles.publish(new NewArticle("Airbus orders A320 software fix", "Airlines patch jets",
                "<p>Six thousand <em>jets</em>.</p>", "Dana Reporter", null, Instant.now().minusSeconds(60),
                List.of(Tag.of("#Aviation"), Tag.of("#USMigration"))));
        String address = "checker." + System.nanoTime() + "@example.com";
        Map<String, String> pages = new LinkedHashMap<>();

        Browser reader = new Browser(port);
        for (String path : List.of("/", "/subscribe", "/articles", "/articles?tag=aviation", "/tags/aviation",
                "/articles/" + story.id(), "/no-such-page", "/confirm/", "/login", "/subscribe/sent")) {
            pages.put(path, reader.get(path).body());
        }
        for (String language : List.of("de", "fr")) {
            Browser speaking = new Browser(port, language);
            for (String path : List.of("/", "/subscribe", "/articles", "/articles/" + story.id(), "/no-such-page")) {
                pages.put(path + " (" + language + ")", speaking.get(path).body());
            }
        }
        Browser.Page form = reader.get("/subscribe");
        pages.put("/subscribe (mistakes)", reader.post("/subscribe", "_csrf", form.csrf(), "email", "not an address",
                "moreTags", "not/a/tag").body());
        Browser.Page signedUp = reader.post("/subscribe", "_csrf", form.csrf(), "email", address, "tags", "Aviation",
                "moreTags", "#Quantum", "frequency", "DAILY", "sendHour", "7", "timezone", "Europe/Berlin",
                "alerts", "on");
        pages.put("/subscribe/sent (after a sign-up)", reader.follow(signedUp).body());
        String confirm = token(awaitEmail(address, "confirm"), "confirm");
        Browser.Page confirmation = reader.get("/confirm/" + confirm);
        pages.put("/confirm/{token}", confirmation.body());
        pages.put("/confirm/{token} (confirmed)",
                reader.follow(reader.post("/confirm/" + confirm, "_csrf", confirmation.csrf())).body());
        Subscriber subscriber = subscribers.findByEmail(EmailAddress.of(address)).orElseThrow();
        String preferences = subscribers.linkToken(subscriber, LinkPurpose.PREFERENCES);
        pages.put("/preferences/{token}", reader.get("/preferences/" + preferences).body());
        pages.put("/follow/{token}/tags/{key}", reader.get("/follow/" + preferences + "/tags/aviation").body());
        pages.put("/unsubscribe/{token}",
                reader.get("/unsubscribe/" + subscribers.linkToken(subscriber, LinkPurpose.UNSUBSCRIBE)).body());

        Browser staff = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        long webhook = webhookWithCalls();
        for (String path : List.of("/admin", "/admin/subscribers", "/admin/subscribers/" + subscriber.id(),
                "/admin/subscribers/" + subscriber.id() + "/edit",
                "/admin/subscribers/" + subscriber.id() + "/unsubscribe", "/admin/subscribers/import",
                "/admin/deliveries",
                "/admin/feeds", "/admin/mailbox", "/admin/digests", "/admin/sending", "/admin/suppressions",
                "/admin/bounces", "/admin/users", "/admin/users/" + DispatchTest.ADMIN + "/remove", "/admin/tokens",
                "/admin/webhooks", "/admin/webhooks/" + webhook, "/account",
                "/admin/tags", "/admin/tags/merge?key=usmigration&into=aviation",
                "/editor/articles",
                "/editor/articles/new", "/editor/articles/" + story.id(), "/editor/articles/" + story.id() + "/alert",
                "/editor/alerts", "/admin/no-such-page", "/no-such-page")) {
            Browser.Page page = staff.get(path);
            assertThat(page.status()).as(path).isIn(200, 404);
            pages.put("staff " + path, page.body());
        }

        Browser.Page desk = staff.get("/admin/digests");
        pages.put("staff /admin/digests?run=… (a run going out)", staff.follow(staff.post("/admin/digests/run",
                "_csrf", desk.csrf(), "frequency", "DAILY")).body());

        List<CapturedEmail> emails = sandbox.messages().stream().filter(email -> email.to().contains(address))
                .toList();
        assertThat(emails).as("the confirmation and the welcome").hasSizeGreaterThanOrEqualTo(2);
        emails.forEach(email -> pages.put("email: " + email.subject(), email.html()));

        assertThat(check(checker, pages)).as("the Nu HTML checker's errors").isEmpty();
    }

    /** The checker's errors, each line naming the page it is about. */
    private static List<String> check(Path checker, Map<String, String> pages) throws IOException,
            InterruptedException {
        Path folder = Files.createTempDirectory("dispatch-vnu-");
        Map<String, String> names = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, String> page : pages.entrySet()) {
            Path file = folder.resolve("page-" + i++ + ".html");
            Files.writeString(file, page.getValue(), StandardCharsets.UTF_8);
            names.put(file.getFileName().toString(), page.getKey());
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", checker.toString(), "--errors-only", "--format", "gnu"));
        try (Stream<Path> files = Files.list(folder)) {
            files.sorted().forEach(file -> command.add(file.toString()));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("the checker did not finish");
        }
        List<String> errors = new ArrayList<>();
        for (String line : output.lines().filter(line -> !line.isBlank()).toList()) {
            String said = line;
            for (Map.Entry<String, String> name : names.entrySet()) {
                said = said.replace(folder.resolve(name.getKey()).toString(), name.getValue());
            }
            errors.add(said);
        }
        return errors;
    }

    private static Path checker() {
        return CHECKER.stream().filter(Files::isReadable).findFirst().orElseGet(() -> {
            String missing = "the Nu HTML checker (npm install -g vnu-jar, or VNU_JAR=/path/to/vnu.jar)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI runs the HTML checker, but " + missing + " is missing");
            }
            Assumptions.abort("HTML checker skipped: " + missing + " is missing");
            return null;
        });
    }

    private CapturedEmail awaitEmail(String address, String kind) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.messages().stream()
                .filter(email -> email.to().contains(address) && email.text().contains("/" + kind + "/"))
                .findFirst().orElse(null), email -> email != null);
    }

    private static String token(CapturedEmail email, String kind) {
        Matcher link = Pattern.compile("/" + kind + "/([A-Za-z0-9_-]+)").matcher(email.text());
        assertThat(link.find()).as("a %s link in:%n%s", kind, email.text()).isTrue();
        return link.group(1);
    }
}
