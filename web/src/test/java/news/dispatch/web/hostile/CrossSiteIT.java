package news.dispatch.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.DispatchTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Cross-site request forgery against the API, over HTTP. A browser that holds an editor's or admin's password sends
 * it with any request a page on another site makes it send; such a request is known by what the browser adds
 * ({@code Origin}, {@code Sec-Fetch-Site}) or by its body, of a type only a form or a {@code no-cors} fetch sends.
 * Every one is refused and changes nothing; scripts, which send neither mark, work as the contract says.
 */
@HostileTest
@ResetsDatabase({"delivery", "subscriber", "article"})
class CrossSiteIT {

    private static final String CSV = "email,tags,frequency\nforged@example.com,Aviation,DAILY\n";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Subscribers subscribers;

    @Autowired
    MutableClock clock;

    ApiClient anonymous;
    ApiClient admin;
    Subscriber reader;
    long articleId;

    @BeforeEach
    void setUp() {
        // A new day: every rate limit has refilled.
        clock.advance(Duration.ofDays(1));
        anonymous = ApiClient.anonymous(port);
        admin = anonymous.as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        reader = subscribers.add(EmailAddress.of("reader@example.com"), new Preferences(List.of(Tag.of("Aviation")),
                Frequency.DAILY, ZoneOffset.UTC, (clock.instant().atZone(ZoneOffset.UTC).getHour() + 12) % 24, true),
                SubscriberStatus.ACTIVE);
        articleId = publish("Airbus orders A320 software fix");
    }

    @Test
    void aRequestTheBrowserMarksAsFromAnotherSiteIsRefusedWhateverItCarries() {
        String before = state();
        Map<String, Function<ApiClient, ApiClient>> marks = new LinkedHashMap<>();
        marks.put("Sec-Fetch-Site: cross-site", client -> client.with("Sec-Fetch-Site", "cross-site"));
        marks.put("Sec-Fetch-Site: same-site", client -> client.with("Sec-Fetch-Site", "same-site"));
        marks.put("Origin of another site", client -> client.with("Origin", "https://attacker.example"));
        marks.put("Origin: null", client -> client.with("Origin", "null"));
        marks.put("Origin on another port", client -> client.with("Origin", "http://localhost:" + (port + 1)));
        marks.put("Origin with another scheme", client -> client.with("Origin", "https://localhost:" + port));
        marks.put("Origin of another host name", client -> client.with("Origin", "http://127.0.0.1:" + port));
        marks.put("same-origin claimed, another Origin", client -> client.with("Sec-Fetch-Site", "same-origin")
                .with("Origin", "https://attacker.example"));

        marks.forEach((mark, marked) -> {
            ApiClient forged = marked.apply(admin);
            List<Answer> answers = List.of(
                    forged.send("POST", "/api/admin/subscribers/import?status=ACTIVE", "text/csv", CSV),
                    forged.send("POST", "/api/articles/" + articleId + "/alert"),
                    forged.post("/api/articles/" + articleId + "/alert", "{}"),
                    forged.send("POST", "/api/admin/digests/run"),
                    forged.send("PATCH", "/api/admin/subscribers/" + reader.id(), "application/json",
                            "{\"status\": \"SUSPENDED\"}"),
                    forged.delete("/api/admin/subscribers/" + reader.id()),
                    forged.post("/api/articles", "{\"title\": \"Forged\", \"tags\": [\"Aviation\"]}"),
                    marked.apply(anonymous).post("/api/subscriptions",
                            "{\"email\": \"forged.sign.up@example.com\", \"tags\": [\"Aviation\"]}"),
                    marked.apply(anonymous).send("PUT", "/api/preferences/"
                            + subscribers.linkToken(reader, LinkPurpose.PREFERENCES), "application/json",
                            "{\"tags\": [\"forged\"]}"));
            for (Answer answer : answers) {
                assertProblem(answer, mark, 403);
            }
        });

        assertThat(state()).isEqualTo(before);
    }

    @Test
    void aBodyOfATypeAFormCanSendIsRefused() {
        String before = state();
        String multipart = "multipart/form-data; boundary=forged";
        String parts = "--forged\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.csv\"\r\n\r\n" + CSV
                + "\r\n--forged--\r\n";
        String importing = "/api/admin/subscribers/import?status=ACTIVE";
        String alert = "/api/articles/" + articleId + "/alert";

        for (Answer answer : List.of(
                admin.send("POST", importing, "text/plain", CSV),
                admin.send("POST", importing, "application/x-www-form-urlencoded", CSV),
                admin.send("POST", importing, multipart, parts),
                admin.send("POST", importing, "application/json", "{\"email\": \"forged@example.com\"}"))) {
            assertProblem(answer, "import", 415);
            assertThat(answer.header("Accept")).isEqualTo("text/csv");
        }
        for (Answer answer : List.of(
                admin.send("POST", alert, "text/plain", "{\"frequency\": \"DAILY\", \"x\": \"=\"}"),
                admin.send("POST", alert, "application/x-www-form-urlencoded", "go=1"),
                admin.send("POST", alert, multipart, "--forged\r\nContent-Disposition: form-data; name=\"go\"\r\n\r\n"
                        + "1\r\n--forged--\r\n"),
                admin.send("POST", "/api/admin/digests/run", "text/plain", "{\"frequency\": \"DAILY\"}"),
                admin.send("POST", "/api/admin/digests/run", "application/octet-stream",
                        "{\"frequency\": \"DAILY\"}".getBytes(StandardCharsets.UTF_8)),
                admin.send("POST", "/api/articles", "text/plain;charset=UTF-8",
                        "{\"title\": \"Forged\", \"tags\": [\"Aviation\"]}"),
                anonymous.send("POST", "/api/subscriptions", "text/plain",
                        "{\"email\": \"forged.sign.up@example.com\", \"tags\": [\"Aviation\"]}"))) {
            assertProblem(answer, "JSON endpoint", 415);
            assertThat(answer.header("Accept")).isEqualTo("application/json");
        }

        assertThat(state()).isEqualTo(before);
    }

    @Test
    void scriptsWorkAsTheContractSays() {
        Answer imported = admin.send("POST", "/api/admin/subscribers/import?status=ACTIVE",
                "text/csv; charset=utf-8", "email,tags,frequency\nscripted@example.com,Aviation,DAILY\n");
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(imported.json().get("imported").asInt()).isEqualTo(1);

        Answer scheduled = admin.send("POST", "/api/admin/digests/run");
        assertThat(scheduled.status()).as("curl -X POST: " + scheduled).isEqualTo(202);
        Answer emptyForm = admin.send("POST", "/api/admin/digests/run", "application/x-www-form-urlencoded", "");
        assertThat(emptyForm.status()).as("curl -d '' sends an empty form: as before, the endpoint judges it")
                .isEqualTo(415);
        assertThat(admin.post("/api/admin/digests/run", "{\"frequency\": \"DAILY\"}").status()).isEqualTo(202);

        assertThat(admin.send("POST", "/api/articles/" + articleId + "/alert").status()).isEqualTo(202);
        long second = publish("A second story");
        Answer byEmptyForm = admin.send("POST", "/api/articles/" + second + "/alert",
                "application/x-www-form-urlencoded", "");
        assertThat(byEmptyForm.status()).as("curl -d '': " + byEmptyForm).isEqualTo(202);

        Answer patched = admin.send("PATCH", "/api/admin/subscribers/" + reader.id(),
                "application/merge-patch+json", "{\"alerts\": false}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("alerts").asBoolean()).isFalse();

        // A browser on Dispatch's own origin, or on the base URL's (behind a proxy), or a link the user opened.
        assertThat(admin.with("Origin", "http://localhost:" + port).with("Sec-Fetch-Site", "same-origin")
                .send("PATCH", "/api/admin/subscribers/" + reader.id(), "application/json", "{\"sendHour\": 6}")
                .status()).isEqualTo(200);
        assertThat(admin.with("Origin", "https://dispatch.example")
                .send("PATCH", "/api/admin/subscribers/" + reader.id(), "application/json", "{\"sendHour\": 5}")
                .status()).isEqualTo(200);
        assertThat(admin.with("Sec-Fetch-Site", "none")
                .send("PATCH", "/api/admin/subscribers/" + reader.id(), "application/json", "{\"sendHour\": 4}")
                .status()).isEqualTo(200);
        // Reading is not acting: another site's page cannot read the answer anyway.
        assertThat(admin.with("Origin", "https://attacker.example").with("Sec-Fetch-Site", "cross-site")
                .get("/api/admin/stats").status()).isEqualTo(200);
        assertThat(admin.delete("/api/admin/subscribers/" + reader.id()).status()).isEqualTo(204);
    }

    @Test
    void a401NeverAsksTheBrowserForAPassword() {
        List<Answer> refusals = List.of(
                anonymous.get("/api/admin/stats"),
                anonymous.send("POST", "/api/articles/" + articleId + "/alert"),
                anonymous.as(DispatchTest.ADMIN, "not-the-password").get("/api/admin/stats"),
                anonymous.get("/actuator/metrics"),
                anonymous.bearing("dispatch_1_not-a-token").get("/api/admin/stats"));
        for (Answer refusal : refusals) {
            assertProblem(refusal, "no or wrong credentials", 401);
            assertThat(refusal.response().headers().allValues("WWW-Authenticate")).as(refusal.toString())
                    .isNotEmpty()
                    .allSatisfy(challenge -> assertThat(challenge).startsWith("Bearer realm=\"Dispatch\"")
                            .doesNotContainIgnoringCase("basic"));
        }
        assertThat(jdbc.sql("select count(*) from alert").query(Long.class).single()).isZero();
    }

    private long publish(String title) {
        Answer published = admin.post("/api/articles", "{\"title\": \"" + title + "\", \"tags\": [\"Aviation\"]}");
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        return published.json().get("id").asLong();
    }

    private static void assertProblem(Answer answer, String what, int status) {
        assertThat(answer.status()).as("%s: %s", what, answer).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(what).startsWith("application/problem+json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
        assertThat(answer.json().get("detail").asString()).as(what).isNotBlank();
    }

    /** What a forged request could change: readers and their choices, articles, alerts, digest runs, mail. */
    private String state() {
        return String.join("\n",
                jdbc.sql("select email, status, send_hour, alerts from subscriber order by email")
                        .query((rs, row) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3) + " "
                                + rs.getBoolean(4)).list().toString(),
                jdbc.sql("select tag_key from subscriber_tag order by tag_key").query(String.class).list().toString(),
                jdbc.sql("select title from article order by id").query(String.class).list().toString(),
                jdbc.sql("select count(*) from alert").query(String.class).single(),
                jdbc.sql("select count(*) from digest_run").query(String.class).single(),
                jdbc.sql("select count(*) from delivery").query(String.class).single());
    }
}
