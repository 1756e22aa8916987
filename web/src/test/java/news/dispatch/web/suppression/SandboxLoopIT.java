package news.dispatch.web.suppression;

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
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.bounce.BounceMailbox;
import news.dispatch.mailer.outbox.Notice;
import news.dispatch.web.AdminApiJourney;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The default run (no {@code spring.mail.host}) shows the whole loop: mail to the sandbox's bouncing addresses comes
 * back through the sandbox's own mailbox, which Dispatch reads as it would a real one.
 */
@ResetsDatabase({"returned_mail", "suppression", "delivery", "subscriber"})
class SandboxLoopIT extends AdminApiJourney {

    @Autowired
    BounceMailbox mailbox;

    @Test
    void mailToTheSandboxesBouncingAddressesComesBackAndChangesTheirReaders() {
        Subscriber hard = add("hard-bounce@sandbox.invalid");
        Subscriber complaint = add("complaint@sandbox.invalid");
        Subscriber soft = add("soft-bounce@sandbox.invalid");
        for (Subscriber reader : List.of(hard, complaint, soft)) {
            outbox.queueNotice(reader, Notice.PREFERENCES_LINK);
        }

        assertThat(mailbox.configured()).isTrue();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            mailbox.read();
            assertThat(status(hard)).isEqualTo("SUSPENDED");
            assertThat(status(complaint)).isEqualTo("UNSUBSCRIBED");
        });
        assertThat(status(soft)).as("one soft bounce is not enough").isEqualTo("ACTIVE");

        JsonNode suppressed = admin.get("/api/admin/suppressions").json();
        assertThat(suppressed.get("items").valueStream().map(item -> item.get("email").asString() + " "
                + item.get("reason").asString()).toList()).containsExactlyInAnyOrder(
                "hard-bounce@sandbox.invalid HARD_BOUNCE", "complaint@sandbox.invalid COMPLAINT");
        assertThat(admin.get("/api/admin/subscribers/" + hard.id()).json().get("suppression").get("detail")
                .asString()).contains("5.1.1");
    }

    private String status(Subscriber reader) {
        return admin.get("/api/admin/subscribers/" + reader.id()).json().get("status").asString();
    }

    private Subscriber add(String email) {
        return subscribers.add(EmailAddress.of(email), new Preferences(List.of(Tag.of("Aviation")), Frequency.DAILY,
                ZoneId.of("UTC"), 7, true), SubscriberStatus.ACTIVE);
    }
}
