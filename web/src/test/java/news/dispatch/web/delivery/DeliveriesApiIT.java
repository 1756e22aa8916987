package news.dispatch.web.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.tag.Tag;
import news.dispatch.mailer.outbox.Notice;
import news.dispatch.web.AdminApiJourney;
import news.dispatch.web.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The default run's mail path seen by an admin: the sandbox catches it, the deliveries API shows it. */
class DeliveriesApiIT extends AdminApiJourney {

    @Test
    void mailGoesToTheSandboxAndShowsAmongTheDeliveries() {
        Subscriber reader = subscribers.add(EmailAddress.of("sandboxed@example.com"), new Preferences(
                List.of(Tag.of("#Aviation")), Frequency.DAILY, ZoneId.of("UTC"), 7, true), SubscriberStatus.ACTIVE);
        outbox.queueNotice(reader, Notice.WELCOME);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                admin.get("/api/admin/deliveries?status=SENT").json().get("total").asInt()).isEqualTo(1));

        assertThat(admin.get("/api/admin/deliveries?status=sent&kind=notice").json().get("total").asInt())
                .as("in any case, as the subscribers' filter").isEqualTo(1);
        JsonNode delivery = admin.get("/api/admin/deliveries?status=SENT&kind=NOTICE").json().get("items").get(0);
        assertThat(delivery.propertyNames()).containsExactlyInAnyOrder("id", "to", "kind", "status", "attempts",
                "lastError", "createdAt", "sentAt");
        assertThat(delivery.get("to").asString()).isEqualTo("sandboxed@example.com");
        assertThat(delivery.get("kind").asString()).isEqualTo("NOTICE");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.get("sentAt").asString()).endsWith("Z");

        JsonNode captured = admin.get("/api/admin/sandbox/messages?size=1").json();
        assertThat(captured.get("items").size()).isEqualTo(1);
        assertThat(captured.get("total").asInt()).isPositive();
        assertThat(admin.get("/api/admin/sandbox/messages?size=201").status()).isEqualTo(400);
        JsonNode newest = captured.get("items").get(0);
        assertThat(newest.get("subject").asString()).isEqualTo("Welcome to Dispatch");
        assertThat(newest.get("to").get(0).asString()).isEqualTo("sandboxed@example.com");

        JsonNode message = admin.get("/api/admin/sandbox/messages/" + newest.get("id").asInt()).json();
        assertThat(message.get("html").asString()).contains("https://dispatch.example/preferences/");
        assertThat(message.get("text").asString()).contains("#Aviation");

        JsonNode sentMetric = admin.get("/actuator/metrics/dispatch.mail.deliveries?tag=outcome:sent").json();
        assertThat(sentMetric.get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(1);
        assertThat(admin.get("/actuator/metrics/dispatch.mail.queue").status()).isEqualTo(200);
        assertThat(admin.get("/actuator/metrics/dispatch.mail.send").status()).isEqualTo(200);
        assertThat(ApiClient.anonymous(port).get("/actuator/metrics").status()).isEqualTo(401);

        JsonNode stats = admin.get("/api/admin/stats").json();
        assertThat(stats.get("subscribers").get("ACTIVE").asInt()).isEqualTo(1);
        assertThat(stats.get("deliveries").get("SENT").asInt()).isEqualTo(1);
    }

    @Test
    void filtersAreChecked() {
        JsonNode lost = admin.get("/api/admin/deliveries?status=LOST").json().get("errors").get(0);
        assertThat(lost.get("field").asString()).isEqualTo("status");
        assertThat(lost.get("message").asString())
                .isEqualTo("status must be one of QUEUED, SENDING, SENT, RETRYING, FAILED, not LOST");
        assertThat(admin.get("/api/admin/deliveries?kind=SPAM").status()).isEqualTo(400);
        assertThat(admin.get("/api/admin/deliveries?size=0").status()).isEqualTo(400);
        assertThat(admin.get("/api/admin/deliveries/12345").status()).isEqualTo(404);
        assertThat(admin.get("/api/admin/sandbox/messages/99999").status()).isEqualTo(404);
    }

    @Test
    void onlyAdminsSeeDeliveriesAndTheSandbox() {
        ApiClient editor = deskEditor();
        assertThat(editor.get("/api/admin/deliveries").status()).isEqualTo(403);
        assertThat(editor.get("/api/admin/sandbox/messages").status()).isEqualTo(403);
        assertThat(ApiClient.anonymous(port).get("/api/admin/stats").status()).isEqualTo(401);
    }
}
