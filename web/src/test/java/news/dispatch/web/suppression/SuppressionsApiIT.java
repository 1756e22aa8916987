package news.dispatch.web.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.List;

import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.suppression.SuppressionReason;
import news.dispatch.core.suppression.Suppressions;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.web.AdminApiJourney;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The contract's suppression list over HTTP, and the list holding where a user would see it. */
@ResetsDatabase({"returned_mail", "suppression", "delivery", "subscriber"})
class SuppressionsApiIT extends AdminApiJourney {

    @Autowired
    Suppressions suppressions;

    @Test
    void anAdminAddsListsSearchesAndLiftsAnAddress() {
        Answer added = admin.post("/api/admin/suppressions", "{\"email\": \" Gone@Example.com \", \"detail\": "
                + "\"asked by phone\"}");

        assertThat(added.status()).as("%s", added).isEqualTo(201);
        JsonNode entry = added.json();
        assertThat(entry.propertyNames()).containsExactlyInAnyOrder("email", "reason", "detail", "createdAt");
        assertThat(entry.get("email").asString()).isEqualTo("Gone@example.com");
        assertThat(entry.get("reason").asString()).isEqualTo("MANUAL");
        assertThat(entry.get("detail").asString()).isEqualTo("asked by phone");
        assertThat(entry.get("createdAt").asString()).endsWith("Z");
        assertThat(admin.post("/api/admin/suppressions", "{\"email\": \"gone@example.com\"}").status())
                .as("there already").isEqualTo(200);
        suppressions.add(EmailAddress.of("full@example.org"), SuppressionReason.SOFT_BOUNCES, "452 4.2.2");

        JsonNode page = admin.get("/api/admin/suppressions?page=0&size=20").json();
        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(emails(admin.get("/api/admin/suppressions?q=EXAMPLE.ORG"))).containsExactly("full@example.org");

        assertThat(admin.delete("/api/admin/suppressions/GONE@example.com").status()).isEqualTo(204);
        assertThat(admin.delete("/api/admin/suppressions/gone@example.com").status()).isEqualTo(404);
        assertThat(emails(admin.get("/api/admin/suppressions"))).containsExactly("full@example.org");
    }

    @Test
    void aSubscriberShowsTheirSuppressionOrNull() {
        Subscriber reader = add("reader@example.com");

        assertThat(admin.get("/api/admin/subscribers/" + reader.id()).json().get("suppression").isNull()).isTrue();

        suppressions.add(reader.email(), SuppressionReason.HARD_BOUNCE, "550 5.1.1 user unknown");
        JsonNode suppression = admin.get("/api/admin/subscribers/" + reader.id()).json().get("suppression");

        assertThat(suppression.propertyNames()).containsExactlyInAnyOrder("reason", "detail", "createdAt");
        assertThat(suppression.get("reason").asString()).isEqualTo("HARD_BOUNCE");
        assertThat(suppression.get("detail").asString()).isEqualTo("550 5.1.1 user unknown");
        assertThat(admin.get("/api/admin/subscribers?q=reader").json().get("items").get(0).get("suppression")
                .get("reason").asString()).isEqualTo("HARD_BOUNCE");
    }

    @Test
    void aSuppressedAddressSigningUpGetsTheUsualAnswerAndNoMail() {
        suppressions.add(EmailAddress.of("gone@example.com"), SuppressionReason.COMPLAINT, null);

        Answer answer = ApiClient.anonymous(port).post("/api/subscriptions",
                "{\"email\": \"gone@example.com\", \"tags\": [\"#Aviation\"]}");
        Answer other = ApiClient.anonymous(port).post("/api/subscriptions",
                "{\"email\": \"new@example.com\", \"tags\": [\"#Aviation\"]}");

        assertThat(answer.status()).isEqualTo(other.status()).isEqualTo(202);
        assertThat(answer.body()).isEqualTo(other.body());
        assertThat(jdbc.sql("select recipient from delivery").query(String.class).list())
                .containsExactly("new@example.com");
    }

    @Test
    void anImportReportsTheSuppressedLine() {
        suppressions.add(EmailAddress.of("gone@example.com"), SuppressionReason.HARD_BOUNCE, null);

        JsonNode report = admin.send("POST", "/api/admin/subscribers/import", "text/csv",
                "email,tags\nanna@example.com,Aviation\ngone@example.com,Aviation\n").json();

        assertThat(report.get("imported").asInt()).isEqualTo(1);
        assertThat(report.get("rejected").get(0).get("line").asLong()).isEqualTo(3);
        assertThat(report.get("rejected").get(0).get("reason").asString()).contains("suppression list", "HARD_BOUNCE");
    }

    @Test
    void onlyAdminsReadOrChangeTheListAndBadAddressesAreNamed() {
        assertThat(ApiClient.anonymous(port).get("/api/admin/suppressions").status()).isEqualTo(401);
        assertThat(deskEditor().get("/api/admin/suppressions").status()).isEqualTo(403);
        Answer bad = admin.post("/api/admin/suppressions", "{\"email\": \"not-an-address\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("email");
        assertThat(admin.post("/api/admin/suppressions", "{}").status()).isEqualTo(400);
        Answer tooLong = admin.post("/api/admin/suppressions", "{\"email\": \"a@example.com\", \"detail\": \""
                + "x".repeat(1001) + "\"}");
        assertThat(tooLong.json().get("errors").get(0).get("field").asString()).isEqualTo("detail");
        assertThat(admin.delete("/api/admin/suppressions/%0d%0aX-Injected:%20yes").status()).isEqualTo(400);
        assertThat(admin.get("/api/admin/suppressions?q=%25").json().get("total").asLong()).isZero();
        assertThat(suppressions.list(null, new PageRequest(0, 1)).total()).isZero();
        assertThat(admin.get("/api/admin/suppressions?size=500").status()).isEqualTo(400);
    }

    private Subscriber add(String email) {
        return subscribers.add(EmailAddress.of(email), new Preferences(List.of(Tag.of("Aviation")), Frequency.DAILY,
                ZoneId.of("Europe/Berlin"), 7, true), SubscriberStatus.ACTIVE);
    }

    private static List<String> emails(Answer answer) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        return answer.json().get("items").valueStream().map(item -> item.get("email").asString()).toList();
    }
}
