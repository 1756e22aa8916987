package news.dispatch.web.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.suppression.SuppressionReason;
import news.dispatch.core.suppression.Suppressions;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.outbox.Deliveries;
import news.dispatch.mailer.outbox.Delivery;
import news.dispatch.mailer.outbox.Notice;
import news.dispatch.web.AdminApiJourney;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** Mailgun's signed event posts feed the same processing as the bounces mailbox; unsigned or stale ones do nothing. */
@TestPropertySource(properties = {"test.context-name=mailgun-webhook",
        "dispatch.bounces.mailgun.signing-key=" + MailgunWebhookIT.KEY})
@ResetsDatabase({"returned_mail", "suppression", "delivery", "subscriber"})
class MailgunWebhookIT extends AdminApiJourney {

    static final String KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0";

    @Autowired
    Suppressions suppressions;

    @Autowired
    Deliveries deliveries;

    @Test
    void aSignedPermanentFailureSuspendsTheReaderOnceAndAComplaintUnsubscribes() {
        Subscriber gone = add("gone@reader.example");
        Subscriber annoyed = add("annoyed@reader.example");
        Delivery bounced = sent(gone);
        Delivery complained = sent(annoyed);
        String failure = event("evt-1", """
                "event": "failed", "severity": "permanent", "reason": "bounce",
                "recipient": "gone@reader.example",
                "envelope": {"sender": "%s"},
                "delivery-status": {"code": 550, "enhanced-code": "5.1.1", "description": "", "message": "No such user"}
                """.formatted("news+d" + bounced.id() + "." + bounced.createdAt().toEpochMilli() + "@localhost"));
        String complaint = event("evt-2", """
                "event": "complained", "recipient": "annoyed@reader.example",
                "message": {"headers": {"message-id": "dispatch.%d.%d@localhost", "subject": "Your daily news"}}
                """.formatted(complained.id(), complained.createdAt().toEpochMilli()));

        ApiClient mailgun = ApiClient.anonymous(port);
        assertThat(mailgun.post("/api/webhooks/mailgun", failure).status()).isEqualTo(200);
        assertThat(mailgun.post("/api/webhooks/mailgun", failure).status()).as("posted again").isEqualTo(200);
        assertThat(mailgun.post("/api/webhooks/mailgun", complaint).status()).isEqualTo(200);

        assertThat(status(gone)).isEqualTo("SUSPENDED");
        assertThat(suppressions.find(gone.email()).orElseThrow().reason()).isEqualTo(SuppressionReason.HARD_BOUNCE);
        assertThat(status(annoyed)).isEqualTo("UNSUBSCRIBED");
        assertThat(suppressions.find(annoyed.email()).orElseThrow().reason())
                .isEqualTo(SuppressionReason.COMPLAINT);
        assertThat(jdbc.sql("select count(*) from returned_mail").query(Long.class).single()).isEqualTo(2);
    }

    /** Refused as spam or for DMARC, not for the address: recorded, and the reader stays (QA, 7 December). */
    @Test
    void aPermanentRefusalOfTheMessageChangesNobody() {
        Subscriber reader = add("refused@reader.example");
        Delivery refused = sent(reader);
        String failure = event("evt-blocked", """
                "event": "failed", "severity": "permanent", "reason": "generic",
                "recipient": "refused@reader.example",
                "envelope": {"sender": "%s"},
                "delivery-status": {"code": 550, "description": "",
                                    "message": "5.7.26 Unauthenticated email is not accepted due to domain's DMARC policy"}
                """.formatted("news+d" + refused.id() + "." + refused.createdAt().toEpochMilli() + "@localhost"));

        assertThat(ApiClient.anonymous(port).post("/api/webhooks/mailgun", failure).status()).isEqualTo(200);

        assertThat(status(reader)).isEqualTo("ACTIVE");
        assertThat(suppressions.find(reader.email())).isEmpty();
        assertThat(jdbc.sql("select verdict from returned_mail where delivery_id = ?").param(refused.id())
                .query(String.class).single()).as("the code in Mailgun's message, no enhanced code").isEqualTo("BLOCKED");
    }

    @Test
    void anUnsignedForgedOrStalePostChangesNobody() {
        Subscriber reader = add("reader@reader.example");
        sent(reader);
        String body = """
                "event": "failed", "severity": "permanent", "reason": "bounce", "recipient": "reader@reader.example"
                """;
        long now = Instant.now().getEpochSecond();
        ApiClient mailgun = ApiClient.anonymous(port);

        Answer forged = mailgun.post("/api/webhooks/mailgun", post("evt-3", body, now, "another-key"));
        Answer stale = mailgun.post("/api/webhooks/mailgun", post("evt-4", body, now - 3600, KEY));
        Answer unsigned = mailgun.post("/api/webhooks/mailgun", "{\"event-data\": {" + body + ", \"id\": \"e\"}}");

        assertThat(List.of(forged.status(), stale.status(), unsigned.status())).containsOnly(403);
        assertThat(forged.header("Content-Type")).startsWith("application/problem+json");
        assertThat(status(reader)).isEqualTo("ACTIVE");
        assertThat(mailgun.post("/api/webhooks/mailgun", post("evt-5", body, now, KEY)).status()).isEqualTo(200);
        assertThat(status(reader)).as("by its recipient, mailed just now").isEqualTo("SUSPENDED");
    }

    private static String event(String id, String fields) {
        return post(id, fields, Instant.now().getEpochSecond(), KEY);
    }

    private static String post(String id, String fields, long timestamp, String key) {
        String token = "token-" + id + "-" + timestamp;
        return """
                {"signature": {"timestamp": "%d", "token": "%s", "signature": "%s"},
                 "event-data": {"id": "%s", %s}}
                """.formatted(timestamp, token, sign(key, timestamp + token), id, fields);
    }

    private static String sign(String key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Delivery sent(Subscriber reader) {
        outbox.queueNotice(reader, Notice.PREFERENCES_LINK);
        long id = jdbc.sql("select max(id) from delivery where subscriber_id = ?").param(reader.id())
                .query(Long.class).single();
        jdbc.sql("update delivery set status = 'SENT', lane = null, sent_at = ?, claimed_by = null where id = ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC), id).update();
        return deliveries.find(id).orElseThrow();
    }

    private String status(Subscriber reader) {
        return admin.get("/api/admin/subscribers/" + reader.id()).json().get("status").asString();
    }

    private Subscriber add(String email) {
        return subscribers.add(EmailAddress.of(email), new Preferences(List.of(Tag.of("Aviation")), Frequency.DAILY,
                ZoneId.of("UTC"), 7, true), SubscriberStatus.ACTIVE);
    }
}
