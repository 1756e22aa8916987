package news.dispatch.web.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.mailer.sandbox.SandboxSmtp;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.DispatchTest;
import news.dispatch.web.account.Accounts;
import news.dispatch.web.account.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** An admin's "send now" over HTTP, down to the emails the sandbox catches. */
@DispatchTest
@ResetsDatabase({"delivery", "subscriber", "article"})
class DigestsApiIT {

    static final String RUN = "/api/admin/digests/run";

    @LocalServerPort
    int port;

    @Autowired
    Subscribers subscribers;

    @Autowired
    Accounts accounts;

    @Autowired
    SandboxSmtp sandbox;

    @Autowired
    Clock clock;

    @Autowired
    JdbcClient jdbc;

    ApiClient admin;

    @BeforeEach
    void setUp() {
        admin = ApiClient.anonymous(port).as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
    }

    /** A daily reader whose hour is half a day away, so the running schedule leaves them to the test. */
    private Subscriber reader(String email, String... tags) {
        int farHour = (clock.instant().atZone(ZoneOffset.UTC).getHour() + 12) % 24;
        return subscribers.add(EmailAddress.of(email), new Preferences(
                java.util.Arrays.stream(tags).map(Tag::of).toList(), Frequency.DAILY, ZoneOffset.UTC, farHour, true),
                SubscriberStatus.ACTIVE);
    }

    private long publish(String title, String... tags) {
        String tagList = java.util.Arrays.stream(tags).map(tag -> "\"" + tag + "\"")
                .collect(Collectors.joining(", "));
        Answer created = admin.post("/api/articles", """
                {"title": "%s", "summary": "Summary of %s", "tags": [%s]}
                """.formatted(title, title, tagList));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private Map<String, CapturedEmail> digestsTo(List<String> addresses) {
        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.messages().stream()
                .filter(mail -> addresses.contains(mail.to().get(0))).count() >= addresses.size());
        return sandbox.messages().stream().filter(mail -> addresses.contains(mail.to().get(0)))
                .collect(Collectors.toMap(mail -> mail.to().get(0), Function.identity(), (newer, older) -> newer));
    }

    @Test
    void sendNowMailsThreeReadersTheStoriesOnTheirOwnTagsAndNothingTwice() {
        reader("ana.flight@example.com", "#Aviation", "#Safety");
        reader("kyiv.desk@example.org", "#Ukraine");
        reader("policy.watch@example.net", "#USMigration", "#Policy");
        publish("Regional airline grounds turboprop fleet", "#Aviation", "#Safety");
        publish("Drone attack damages power station", "#Ukraine", "#Energy");
        publish("Airbus orders A320 software fix", "#Aviation", "#Airbus");
        publish("Border agency publishes asylum targets", "#USMigration", "#Policy");
        publish("Automakers ask regulators to drop credit", "#Automotive");

        Answer run = admin.post(RUN, "{\"frequency\": \"DAILY\"}");

        assertThat(run.status()).isEqualTo(202);
        assertThat(run.json().get("runId").asString()).isNotBlank();
        assertThat(run.json().get("queued").asInt()).isEqualTo(3);
        Map<String, CapturedEmail> mail = digestsTo(List.of("ana.flight@example.com", "kyiv.desk@example.org",
                "policy.watch@example.net"));

        CapturedEmail ana = mail.get("ana.flight@example.com");
        assertThat(ana.subject()).isEqualTo("Aviation, Safety: Airbus orders A320 software fix + 1 more");
        for (String part : List.of(ana.text(), ana.html())) {
            assertThat(part).contains("Airbus orders A320 software fix", "Regional airline grounds turboprop fleet")
                    .doesNotContain("Drone attack", "Border agency", "Automakers")
                    .contains("https://dispatch.example/unsubscribe/", "https://dispatch.example/preferences/");
            assertThat(part.indexOf("Airbus orders")).isLessThan(part.indexOf("Regional airline"));
        }
        assertThat(ana.headers()).anySatisfy(header -> {
            assertThat(header.getKey()).isEqualTo("List-Unsubscribe");
            assertThat(header.getValue()).startsWith("<https://dispatch.example/unsubscribe/");
        });

        CapturedEmail kyiv = mail.get("kyiv.desk@example.org");
        assertThat(kyiv.subject()).isEqualTo("Ukraine: Drone attack damages power station");
        assertThat(kyiv.text()).doesNotContain("Airbus", "Border agency");

        CapturedEmail policy = mail.get("policy.watch@example.net");
        assertThat(policy.subject()).isEqualTo("USMigration, Policy: Border agency publishes asylum targets");
        assertThat(policy.html()).doesNotContain("Airbus", "Drone attack");

        assertThat(admin.post(RUN, "{\"frequency\": \"DAILY\"}").json().get("queued").asInt())
                .as("nothing new since").isZero();

        publish("Planemaker issues update after data glitch", "#Safety");
        assertThat(admin.post(RUN, "{\"frequency\": \"daily\"}").json().get("queued").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.messages().stream()
                .filter(m -> m.to().get(0).equals("ana.flight@example.com")).count() == 2);
        CapturedEmail second = sandbox.messages().stream()
                .filter(m -> m.to().get(0).equals("ana.flight@example.com")).findFirst().orElseThrow();
        assertThat(second.subject()).isEqualTo("Safety: Planemaker issues update after data glitch");
        assertThat(second.text()).doesNotContain("Airbus orders", "Regional airline");
    }

    @Test
    void withoutABodyItRunsTheScheduleOfThisMinute() {
        reader("later@example.com", "#Aviation");
        publish("Airbus orders A320 software fix", "#Aviation");

        Answer run = admin.send("POST", RUN, "application/json", "");

        assertThat(run.status()).isEqualTo(202);
        JsonNode body = run.json();
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("runId", "queued");
        assertThat(body.get("queued").asInt()).as("the reader's hour is half a day away").isZero();
    }

    @Test
    void aFrequencyThatIsNotOneIsRejectedByName() {
        for (String body : List.of("{\"frequency\": \"HOURLY\"}", "{\"frequency\": 5}", "{}",
                "{\"frequency\": null}", "{\"frequency\": [\"DAILY\"]}")) {
            Answer answer = admin.post(RUN, body);
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.json().get("errors").get(0).get("field").asString()).as(body).isEqualTo("frequency");
        }
        Answer malformed = admin.post(RUN, "{\"frequency\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("Content-Type")).startsWith("application/problem+json");
        assertThat(malformed.json().get("detail").asString()).isNotBlank();
    }

    @Test
    void onlyAdminsRunDigests() {
        accounts.save("desk", "desk-password", Role.EDITOR);
        assertThat(ApiClient.anonymous(port).as("desk", "desk-password").post(RUN, "{\"frequency\": \"DAILY\"}")
                .status()).isEqualTo(403);
        assertThat(ApiClient.anonymous(port).post(RUN, "{\"frequency\": \"DAILY\"}").status()).isEqualTo(401);
    }
}
