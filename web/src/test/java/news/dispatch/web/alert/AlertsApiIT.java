package news.dispatch.web.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Language;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.QuietHours;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.mailer.sandbox.SandboxSmtp;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.DispatchTest;
import news.dispatch.web.EditorTest;
import news.dispatch.web.account.Accounts;
import news.dispatch.web.account.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Breaking-news alerts through the API, down to the emails the sandbox catches. */
@EditorTest
@ResetsDatabase({"delivery", "subscriber", "article"})
class AlertsApiIT {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    Subscribers subscribers;

    @Autowired
    Accounts accounts;

    @Autowired
    SandboxSmtp sandbox;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    ApiClient editor;
    ApiClient admin;

    @BeforeEach
    void setUp() {
        accounts.save(EditorTest.EDITOR, EditorTest.EDITOR_PASSWORD, Role.EDITOR);
        editor = ApiClient.anonymous(port).as(EditorTest.EDITOR, EditorTest.EDITOR_PASSWORD);
        admin = ApiClient.anonymous(port).as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
    }

    /** A daily reader in UTC whose hour is half a day away, so the running schedule leaves them to the test. */
    private Subscriber reader(String email, SubscriberStatus status, boolean alertsOn, String... tags) {
        int farHour = (clock.instant().atZone(ZoneOffset.UTC).getHour() + 12) % 24;
        return subscribers.add(EmailAddress.of(email), new Preferences(Arrays.stream(tags).map(Tag::of).toList(),
                Frequency.DAILY, ZoneOffset.UTC, farHour, alertsOn), status);
    }

    private Subscriber reader(String email, String... tags) {
        return reader(email, SubscriberStatus.ACTIVE, true, tags);
    }

    private long publish(String title, String... tags) {
        String tagList = Arrays.stream(tags).map(tag -> "\"" + tag + "\"").collect(Collectors.joining(", "));
        Answer created = editor.post("/api/articles", """
                {"title": %s, "summary": "Summary of the story", "tags": [%s]}
                """.formatted(json(title), tagList));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private List<CapturedEmail> mailTo(String address) {
        return sandbox.messages().stream().filter(mail -> mail.to().contains(address)).toList();
    }

    private List<CapturedEmail> awaitMail(String address, int count) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(mailTo(address)).hasSize(count));
        return mailTo(address);
    }

    /** Waits until the outbox has sent or dropped everything that is due. */
    private void awaitOutboxIdle() {
        await().atMost(PATIENCE).until(() -> jdbc.sql("""
                        select count(*) from delivery where status not in ('SENT', 'FAILED') and available_at <= ?""")
                .param(clock.instant().atOffset(ZoneOffset.UTC)).query(Long.class).single() == 0);
    }

    private static String header(CapturedEmail email, String name) {
        return email.headers().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                .map(java.util.Map.Entry::getValue).findFirst().orElse(null);
    }

    @Test
    void anAlertReachesExactlyTheReadersWhoFollowItsTagsOnceWithOneClickUnsubscribe() {
        reader("ana.alerts@example.com", "#Aviation");
        reader("bo.alerts@example.com", "#Airbus", "#Aviation");
        reader("cy.alerts@example.com", "#Ukraine");
        reader("dee.alerts@example.com", SubscriberStatus.ACTIVE, false, "#Aviation");
        reader("eve.alerts@example.com", SubscriberStatus.PENDING, true, "#Aviation");
        reader("fay.alerts@example.com", SubscriberStatus.UNSUBSCRIBED, true, "#Airbus");
        long article = publish("Airbus <orders> \"A320\" fix", "#Aviation", "#Airbus");

        Answer sent = editor.post("/api/articles/" + article + "/alert", "");

        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        JsonNode body = sent.json();
        assertThat(body.get("articleId").asLong()).isEqualTo(article);
        assertThat(body.get("recipients").asInt()).isEqualTo(2);
        assertThat(body.get("alertId").asLong()).isPositive();
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("alertId", "articleId", "recipients");

        for (String address : List.of("ana.alerts@example.com", "bo.alerts@example.com")) {
            CapturedEmail alert = awaitMail(address, 1).get(0);
            assertThat(alert.subject()).isEqualTo("Breaking: Airbus <orders> \"A320\" fix");
            assertThat(header(alert, "List-Unsubscribe"))
                    .matches("<https://dispatch\\.example/unsubscribe/([A-Za-z0-9_-]+)>,\\s+"
                            + "<mailto:news@localhost\\?subject=unsubscribe%20\\1>");
            assertThat(header(alert, "List-Id")).isEqualTo("Dispatch alerts <alerts.localhost>");
            assertThat(header(alert, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
            assertThat(alert.html()).contains("Airbus &lt;orders&gt;").doesNotContain("<orders>");
            assertThat(alert.text()).contains("https://dispatch.example/articles/" + article,
                    "https://dispatch.example/preferences/", "https://dispatch.example/unsubscribe/");
        }

        Answer again = editor.post("/api/articles/" + article + "/alert", "");
        Answer byAdmin = admin.post("/api/articles/" + article + "/alert", "");

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(body);
        assertThat(byAdmin.status()).isEqualTo(200);
        assertThat(byAdmin.json()).isEqualTo(body);
        awaitOutboxIdle();
        assertThat(mailTo("ana.alerts@example.com")).hasSize(1);
        assertThat(mailTo("bo.alerts@example.com")).hasSize(1);
        for (String left : List.of("cy.alerts@example.com", "dee.alerts@example.com", "eve.alerts@example.com",
                "fay.alerts@example.com")) {
            assertThat(mailTo(left)).as(left).isEmpty();
        }
    }

    @Test
    void controlCharactersAndLineBreaksInATitleReachNeitherThePageNorTheEmail() {
        reader("controls@example.com", "#Aviation");
        Answer created = editor.post("/api/articles", """
                {"title": "Ctl \\u0000 nul \\u0007 bell \\u001b[31m esc\\r\\nsecond line",
                 "summary": "s \\u0000 x\\r\\nnext\\tline", "author": "Desk\\nInjected",
                 "tags": ["#Aviation"]}
                """);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long article = created.json().get("id").asLong();
        assertThat(created.json().get("title").asString()).isEqualTo("Ctl nul bell [31m esc second line");
        assertThat(created.json().get("summary").asString()).isEqualTo("s x\nnext line");
        assertThat(created.json().get("author").asString()).isEqualTo("Desk Injected");

        String page = ApiClient.anonymous(port).get("/articles/" + article).body();
        assertThat(page).contains("Ctl nul bell [31m esc second line", "Desk Injected")
                .doesNotContainPattern("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");

        assertThat(editor.post("/api/articles/" + article + "/alert", "").status()).isEqualTo(202);
        CapturedEmail alert = awaitMail("controls@example.com", 1).get(0);
        assertThat(alert.subject()).isEqualTo("Breaking: Ctl nul bell [31m esc second line");
        assertThat(alert.text()).contains("Ctl nul bell [31m esc second line")
                .doesNotContainPattern("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");
        assertThat(alert.html()).doesNotContainPattern("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");
    }

    @Test
    void fiveEditorsAtOnceSendOneAlert() throws Exception {
        for (int i = 0; i < 30; i++) {
            reader("concurrent" + i + "@example.com", "#Aviation");
        }
        long article = publish("Runway closed", "#Aviation");
        ExecutorService pool = Executors.newFixedThreadPool(5);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ApiClient client = i % 2 == 0 ? editor : admin;
                Callable<Answer> send = () -> {
                    start.await();
                    return client.post("/api/articles/" + article + "/alert", "");
                };
                futures.add(pool.submit(send));
            }
            start.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> future : futures) {
                answers.add(future.get());
            }

            assertThat(answers).extracting(Answer::status).containsExactlyInAnyOrder(202, 200, 200, 200, 200);
            assertThat(answers).extracting(Answer::json).containsOnly(answers.get(0).json());
            assertThat(answers.get(0).json().get("recipients").asInt()).isEqualTo(30);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from alert").query(Long.class).single()).isEqualTo(1);
        for (int i = 0; i < 30; i++) {
            awaitMail("concurrent" + i + "@example.com", 1);
        }
        awaitOutboxIdle();
        assertThat(sandbox.messages().stream().filter(mail -> mail.to().get(0).startsWith("concurrent")))
                .hasSize(30);
    }

    @Test
    void aDryRunCountsTheReadersByTagAndShowsTheEmailWithoutSendingIt() {
        reader("preview.one@example.com", "#Aviation");
        reader("preview.two@example.com", "#Aviation", "#Airbus");
        long article = publish("Airbus orders A320 software fix", "#Aviation", "#Airbus", "#Toulouse");

        Answer preview = editor.get("/api/articles/" + article + "/alert/preview");

        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        JsonNode body = preview.json();
        assertThat(body.get("recipients").asInt()).isEqualTo(2);
        assertThat(body.get("byTag").toString()).isEqualTo("[{\"tag\":\"aviation\",\"label\":\"Aviation\",\"readers\":2},"
                + "{\"tag\":\"airbus\",\"label\":\"Airbus\",\"readers\":1},"
                + "{\"tag\":\"toulouse\",\"label\":\"Toulouse\",\"readers\":0}]");
        assertThat(body.get("subject").asString()).isEqualTo("Breaking: Airbus orders A320 software fix");
        assertThat(body.get("text").asString()).contains("Airbus orders A320 software fix");
        assertThat(body.get("html").asString()).contains("Airbus orders A320 software fix")
                .doesNotContain("preview.one@example.com", "preview.two@example.com");
        assertThat(body.get("alreadySent").isNull()).isTrue();
        assertThat(jdbc.sql("select count(*) from delivery").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from alert").query(Long.class).single()).isZero();
    }

    @Test
    void thePreviewOfAStoryOneReaderFollowsTellsTheEditorNothingElseOfTheirs() {
        int farHour = (clock.instant().atZone(ZoneOffset.UTC).getHour() + 12) % 24;
        subscribers.add(EmailAddress.of("lonely@example.com"), new Preferences(List.of(Tag.of("#LonelyTag"),
                Tag.of("#Cardiology"), Tag.of("#Divorce-Support")), Frequency.DAILY, ZoneId.of("Asia/Kathmandu"),
                farHour, true, new QuietHours(22, 6), Map.of(), null, Language.DE), SubscriberStatus.ACTIVE);
        long article = publish("A story for one", "#LonelyTag", "#Nepal");

        JsonNode preview = editor.get("/api/articles/" + article + "/alert/preview").json();

        assertThat(preview.get("recipients").asInt()).isOne();
        assertThat(preview.get("text").asString()).as("why they get it").contains("#LonelyTag")
                .as("their other tags and their zone").doesNotContain("Cardiology", "Divorce", "NPT", "Kathmandu");
        assertThat(preview.get("html").asString()).doesNotContain("Cardiology", "Divorce", "NPT", "Kathmandu");
    }

    @Test
    void unknownArticlesAndBadIdsAreProblemDetails() {
        Answer unknown = editor.post("/api/articles/987654/alert", "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknown.json().get("detail").asString()).contains("987654");
        assertThat(editor.get("/api/articles/987654/alert/preview").status()).isEqualTo(404);

        Answer bad = editor.post("/api/articles/abc/alert", "");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("id");
        assertThat(editor.get("/api/articles/abc/alert/preview").status()).isEqualTo(400);
    }

    @Test
    void anEmbargoedStoryIsRefusedUntilItsTime() {
        reader("embargo@example.com", "#Aviation");
        String at = clock.instant().plus(Duration.ofHours(1)).toString();
        Answer created = editor.post("/api/articles", """
                {"title": "Embargoed", "tags": ["#Aviation"], "publishedAt": "%s"}""".formatted(at));
        long article = created.json().get("id").asLong();

        Answer refused = editor.post("/api/articles/" + article + "/alert", "");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("not published until");
    }

    @Test
    void pastTheDailyCapAStoryWaitsForTheDigestAndStoriesAlertedStayOutOfIt() {
        // The cap counts the reader's local day: a reader whose clock shows noon keeps the test's minutes far from
        // their midnight, and their hour (midnight) half a day away from the running schedule.
        ZoneOffset noon = ZoneOffset.ofHours(12 - clock.instant().atZone(ZoneOffset.UTC).getHour());
        Subscriber reader = subscribers.add(EmailAddress.of("capped@example.com"), new Preferences(
                List.of(Tag.of("#Aviation")), Frequency.DAILY, noon, 0, true), SubscriberStatus.ACTIVE);
        List<String> alerted = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String title = "Alerted story " + i;
            long article = publish(title, "#Aviation");
            assertThat(editor.post("/api/articles/" + article + "/alert", "").json().get("recipients").asInt())
                    .isEqualTo(1);
            alerted.add(title);
            clock.advance(Duration.ofMinutes(1));
        }
        long fourth = publish("Fourth story of the day", "#Aviation");

        Answer capped = editor.post("/api/articles/" + fourth + "/alert", "");

        assertThat(capped.status()).isEqualTo(202);
        assertThat(capped.json().get("recipients").asInt()).isZero();
        awaitMail("capped@example.com", 3);
        assertThat(mailTo("capped@example.com")).extracting(CapturedEmail::subject)
                .containsExactlyInAnyOrder("Breaking: Alerted story 1", "Breaking: Alerted story 2",
                        "Breaking: Alerted story 3");

        Answer run = admin.post("/api/admin/digests/run", "{\"frequency\": \"DAILY\"}");
        assertThat(run.json().get("queued").asInt()).isEqualTo(1);
        CapturedEmail digest = awaitMail("capped@example.com", 4).get(0);
        assertThat(digest.subject()).doesNotStartWith("Breaking");
        assertThat(digest.text()).contains("Fourth story of the day");
        assertThat(digest.text()).doesNotContain(alerted.toArray(String[]::new));

        // A day later the reader gets alerts again.
        clock.advance(Duration.ofDays(1));
        long nextDay = publish("Next day's story", "#Aviation");
        assertThat(editor.post("/api/articles/" + nextDay + "/alert", "").json().get("recipients").asInt())
                .isEqualTo(1);
        assertThat(awaitMail("capped@example.com", 5).get(0).subject()).isEqualTo("Breaking: Next day's story");
        assertThat(reader.id()).isPositive();
    }

    @Test
    void readersSetQuietHoursInTheirPreferencesAndAlertsWaitUntilTheyEnd() {
        Subscriber reader = reader("quiet@example.com", "#Aviation");
        reader("loud@example.com", "#Aviation");
        String token = subscribers.linkToken(reader, LinkPurpose.PREFERENCES);
        ApiClient anybody = ApiClient.anonymous(port);
        int hour = clock.instant().atZone(ZoneOffset.UTC).getHour();
        int until = (hour + 2) % 24;

        Answer set = anybody.send("PUT", "/api/preferences/" + token, "application/json",
                "{\"quietFrom\": %d, \"quietUntil\": %d}".formatted(hour, until));

        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().get("quietFrom").asInt()).isEqualTo(hour);
        assertThat(set.json().get("quietUntil").asInt()).isEqualTo(until);
        assertThat(set.json().get("tags").toString()).isEqualTo("[\"aviation\"]");
        Answer changedOther = anybody.send("PUT", "/api/preferences/" + token, "application/json",
                "{\"sendHour\": 6}");
        assertThat(changedOther.json().get("quietFrom").asInt()).as("a field left out keeps its value")
                .isEqualTo(hour);

        long article = publish("Overnight story", "#Aviation");
        Answer sent = editor.post("/api/articles/" + article + "/alert", "");
        assertThat(sent.json().get("recipients").asInt()).isEqualTo(2);
        awaitMail("loud@example.com", 1);
        awaitOutboxIdle();
        assertThat(mailTo("quiet@example.com")).as("held during quiet hours").isEmpty();

        clock.advance(Duration.ofHours(2));
        assertThat(awaitMail("quiet@example.com", 1).get(0).subject()).isEqualTo("Breaking: Overnight story");

        Answer cleared = anybody.send("PUT", "/api/preferences/" + token, "application/json",
                "{\"quietFrom\": null, \"quietUntil\": null}");
        assertThat(cleared.json().get("quietFrom").isNull()).isTrue();
        assertThat(cleared.json().get("quietUntil").isNull()).isTrue();
        Answer half = anybody.send("PUT", "/api/preferences/" + token, "application/json", "{\"quietFrom\": 22}");
        assertThat(half.status()).isEqualTo(400);
        assertThat(half.json().get("errors").get(0).get("field").asString()).isEqualTo("quietUntil");
        Answer wrong = anybody.send("PUT", "/api/preferences/" + token, "application/json",
                "{\"quietFrom\": 24, \"quietUntil\": 7}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("errors").get(0).get("field").asString()).isEqualTo("quietFrom");
        Answer text = anybody.send("PUT", "/api/preferences/" + token, "application/json",
                "{\"quietFrom\": \"late\", \"quietUntil\": 7}");
        assertThat(text.status()).isEqualTo(400);
    }
}
