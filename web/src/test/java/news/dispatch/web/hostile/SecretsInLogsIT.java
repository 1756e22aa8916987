package news.dispatch.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;

import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.link.LinkTokens;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.mailer.sandbox.SandboxSmtp;
import news.dispatch.web.ApiClient;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;
import news.dispatch.web.HeldRows;
import news.dispatch.web.reader.Mailbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tokens and passwords never reach the log, whatever a reader or an attacker does with them; nor does a reader's
 * address, whoever writes the line.
 */
@HostileTest
@ExtendWith(OutputCaptureExtension.class)
class SecretsInLogsIT {

    private static final String WRONG_PASSWORD = "wrong-password-that-must-not-be-logged";

    @LocalServerPort
    int port;

    @Autowired
    SandboxSmtp sandbox;

    @Autowired
    MutableClock clock;

    @Autowired
    Subscribers subscribers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void aReadersJourneyFailedSignInsAndApiTokensLeaveNoTokenOrPasswordInTheLog(CapturedOutput output) {
        clock.advance(Duration.ofDays(1));
        ApiClient api = ApiClient.anonymous(port);
        assertThat(api.post("/api/subscriptions", "{\"email\": \"secretive@example.com\", \"tags\": [\"Aviation\"]}")
                .status()).isEqualTo(202);
        Mailbox inbox = new Mailbox(sandbox, "secretive@example.com");
        String confirmation = Mailbox.token(inbox.awaitCount(1).get(0), "confirm");

        assertThat(new Browser(port).get("/confirm/" + confirmation).status()).isEqualTo(200);
        assertThat(api.post("/api/subscriptions/confirm", "{\"token\": \"" + confirmation + "\"}").status())
                .isEqualTo(200);
        CapturedEmail welcome = inbox.awaitCount(2).get(0);
        String preferences = Mailbox.token(welcome, "preferences");
        String unsubscribe = Mailbox.token(welcome, "unsubscribe");
        assertThat(api.get("/api/preferences/" + preferences).status()).isEqualTo(200);
        assertThat(api.send("PUT", "/api/preferences/" + preferences, "application/json", "{\"tags\": [\"<x>\"]}")
                .status()).isEqualTo(400);
        assertThat(api.send("PUT", "/api/preferences/" + preferences, "application/json", "{\"tags\": [")
                .status()).isEqualTo(400);
        assertThat(new Browser(port).get("/preferences/" + preferences + "/data").status()).isEqualTo(200);
        assertThat(api.post("/api/subscriptions/confirm", "{\"token\": \"" + preferences.substring(3) + "\"}")
                .status()).isEqualTo(404);
        assertThat(api.send("POST", "/unsubscribe/" + unsubscribe, "application/x-www-form-urlencoded",
                "List-Unsubscribe=One-Click").status()).isEqualTo(200);

        assertThat(api.as(DispatchTest.ADMIN, WRONG_PASSWORD).get("/api/admin/stats").status()).isEqualTo(401);
        Browser staff = new Browser(port);
        String csrf = staff.get("/login").csrf();
        assertThat(staff.post("/login", "username", DispatchTest.ADMIN, "password", WRONG_PASSWORD, "_csrf", csrf)
                .header("Location")).endsWith("/login?error");
        csrf = staff.get("/login").csrf();
        staff.post("/login", "username", DispatchTest.ADMIN, "password", DispatchTest.ADMIN_PASSWORD, "_csrf", csrf);
        assertThat(staff.get("/admin").status()).isEqualTo(200);

        String apiToken = api.as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD).post("/api/admin/tokens",
                "{\"name\": \"logged?\", \"role\": \"EDITOR\"}").json().get("secret").asString();
        assertThat(api.bearing(apiToken).get("/api/articles").status()).isEqualTo(200);
        assertThat(api.bearing(apiToken + "x").get("/api/articles").status()).isEqualTo(401);

        // The token's random part after "dispatch_{id}_", which may hold a '_' of its own: its piece after the last one
        // was once a lone "A", found in the test's own line.
        List<String> secrets = new ArrayList<>(List.of(WRONG_PASSWORD, DispatchTest.ADMIN_PASSWORD, apiToken,
                apiToken.split("_", 3)[2]));
        for (String token : List.of(confirmation, preferences, unsubscribe)) {
            secrets.add(token);
            secrets.add(token.substring(3));
            secrets.add(LinkTokens.hash(token));
        }
        // The journey itself may log nothing at INFO: a line of the test's own shows the log is being captured.
        LoggerFactory.getLogger(SecretsInLogsIT.class).info("A reader's journey is over");
        assertThat(output.getAll()).as("the log is captured").contains("A reader's journey is over");
        assertThat(output.getAll()).doesNotContain(secrets);
    }

    @Test
    void aReadersAddressNeverReachesTheLogFromSignUpToErasure(CapturedOutput output) throws Exception {
        clock.advance(Duration.ofDays(1));
        String address = "Logged.Never@Privacy.example";
        ApiClient api = ApiClient.anonymous(port);
        ApiClient admin = api.as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        int farHour = (clock.instant().atZone(ZoneOffset.UTC).getHour() + 12) % 24;
        assertThat(api.post("/api/subscriptions", """
                {"email": "%s", "tags": ["#Aviation", "#Ukraine"], "sendHour": %d}""".formatted(address, farHour))
                .status()).isEqualTo(202);
        Mailbox inbox = new Mailbox(sandbox, address);
        String confirmation = Mailbox.token(inbox.awaitCount(1).get(0), "confirm");
        assertThat(api.post("/api/subscriptions/confirm", "{\"token\": \"" + confirmation + "\"}").status())
                .isEqualTo(200);
        inbox.awaitCount(2);

        var story = admin.post("/api/articles", "{\"title\": \"Kyiv metro reopens\", \"tags\": [\"Ukraine\"]}");
        assertThat(story.status()).isEqualTo(201);
        assertThat(admin.post("/api/articles/" + story.json().get("id").asLong() + "/alert", "").status())
                .isEqualTo(202);
        assertThat(admin.post("/api/articles", "{\"title\": \"A320 fix\", \"tags\": [\"Aviation\"]}").status())
                .isEqualTo(201);
        clock.advance(Duration.ofHours(12));
        assertThat(admin.post("/api/admin/digests/run", "{\"frequency\": \"DAILY\"}").status()).isEqualTo(202);
        long reader = subscribers.findByEmail(EmailAddress.of(address)).orElseThrow().id();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.sql("""
                select count(*) from delivery where subscriber_id = ? and status = 'SENT'""").param(reader)
                .query(Long.class).single()).as("confirmation, welcome, alert, digest").isEqualTo(4));
        // A refusal quoting the address, as an SMTP server's reply does, logged by whatever code meets it.
        LoggerFactory.getLogger(SecretsInLogsIT.class).warn("Delivery failed: 550 5.1.1 <{}> unknown", address,
                new SendFailedException("550 5.1.1 <" + address + ">: Recipient address rejected", null, null,
                        new InternetAddress[] {new InternetAddress(address)}, null));
        assertThat(admin.delete("/api/admin/subscribers/" + reader).status()).isEqualTo(204);

        assertThat(output.getAll()).as("the masked address shows what was logged").contains("L***@Privacy.example");
        assertThat(output.getAll().toLowerCase()).doesNotContain(address.toLowerCase(), "logged.never@");
    }
    /**
     * A one-click unsubscribe whose reader another transaction holds past the database's lock timeout is tried again
     * and goes through: the mailbox provider that posted it would not post it again. A change held longer still is
     * told to come back; neither leaves the reader's token in the log.
     */
    @Test
    void aReaderWhoseRowIsHeldIsUnsubscribedAllTheSameAndNoTokenReachesTheLog(CapturedOutput output)
            throws Exception {
        Subscriber reader = subscribers.add(EmailAddress.of("held.reader@example.com"), new Preferences(
                List.of(Tag.of("#Aviation")), Frequency.DAILY, ZoneId.of("UTC"), 7, true), SubscriberStatus.ACTIVE);
        String unsubscribe = subscribers.linkToken(reader, LinkPurpose.UNSUBSCRIBE);
        String preferences = subscribers.linkToken(reader, LinkPurpose.PREFERENCES);
        ApiClient api = ApiClient.anonymous(port);

        ApiClient.Answer busy;
        try (HeldRows held = hold(reader)) {
            busy = api.send("PUT", "/api/preferences/" + preferences, "application/json", "{\"sendHour\": 9}");
        }
        assertThat(busy.status()).as("held through every try").isEqualTo(503);
        assertThat(busy.header("Retry-After")).isEqualTo("1");

        ApiClient.Answer left;
        try (HeldRows held = hold(reader)) {
            CompletableFuture<Void> letGo = held.letGoAfter(Duration.ofMillis(2_500));
            left = api.send("POST", "/unsubscribe/" + unsubscribe, "application/x-www-form-urlencoded",
                    "List-Unsubscribe=One-Click");
            letGo.join();
        }
        assertThat(left.status()).as(left.body()).isEqualTo(200);
        assertThat(subscribers.find(reader.id()).orElseThrow().status()).isEqualTo(SubscriberStatus.UNSUBSCRIBED);

        assertThat(output.getAll()).contains("PUT /api/preferences/{token} answered with 503")
                .doesNotContain(preferences, unsubscribe);
    }

    /** The reader's row changed by a transaction of the test's, so that nobody else can change it until it ends. */
    private HeldRows hold(Subscriber reader) throws SQLException {
        return HeldRows.by(dataSource, "update subscriber set send_hour = 8 where id = " + reader.id());
    }
}
