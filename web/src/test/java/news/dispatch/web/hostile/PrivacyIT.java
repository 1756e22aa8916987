package news.dispatch.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import news.dispatch.core.article.FollowUps;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.bounce.BounceMailbox;
import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.mailer.sandbox.SandboxSmtp;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;
import news.dispatch.web.reader.Mailbox;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A reader who lived a full life in Dispatch (signed up, confirmed, changed preferences, got an alert and a digest)
 * downloads everything Dispatch keeps about them, and after an admin erases them nothing anywhere names them, not
 * even the sandbox's copies of their mail: only anonymous counts stay.
 */
@HostileTest
@ResetsDatabase({"delivery", "subscriber", "article"})
class PrivacyIT {

    /** A new address for each test: the sandbox keeps the mail of the ones before. */
    private static final AtomicInteger READERS = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Subscribers subscribers;

    @Autowired
    SandboxSmtp sandbox;

    @Autowired
    MutableClock clock;

    @Autowired
    BounceMailbox bounces;

    @Autowired
    FollowUps followUps;

    ApiClient api;
    ApiClient admin;
    String confirmation;
    String preferences;
    String unsubscribe;
    Subscriber reader;
    String address;
    String ownTag;

    @BeforeEach
    void aReadersLife() {
        clock.advance(Duration.ofDays(1));
        address = "Private.Reader" + READERS.incrementAndGet() + "@example.com";
        ownTag = "PrivateClinic" + READERS.get();
        api = ApiClient.anonymous(port);
        admin = api.as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        int farHour = (clock.instant().atZone(ZoneOffset.UTC).getHour() + 12) % 24;
        assertThat(api.post("/api/subscriptions", """
                {"email": "%s", "tags": ["#Aviation", "#Ukraine", "#%s"], "timezone": "Europe/Berlin",
                 "sendHour": %d}""".formatted(address, ownTag, farHour)).status()).isEqualTo(202);
        Mailbox inbox = new Mailbox(sandbox, address);
        confirmation = Mailbox.token(inbox.awaitCount(1).get(0), "confirm");
        assertThat(api.post("/api/subscriptions/confirm", "{\"token\": \"" + confirmation + "\"}").status())
                .isEqualTo(200);
        var welcome = inbox.awaitCount(2).get(0);
        preferences = Mailbox.token(welcome, "preferences");
        unsubscribe = Mailbox.token(welcome, "unsubscribe");
        assertThat(api.send("PUT", "/api/preferences/" + preferences, "application/json",
                "{\"quietFrom\": 22, \"quietUntil\": 6, \"frequency\": \"WEEKLY\"}").status()).isEqualTo(200);
        assertThat(api.send("PUT", "/api/preferences/" + preferences, "application/json",
                "{\"frequency\": \"DAILY\"}").status()).isEqualTo(200);

        long alerted = publish("Kyiv power station hit", "Ukraine");
        publish("Airbus orders A320 software fix", "Aviation");
        assertThat(admin.post("/api/articles/" + alerted + "/alert", "").status()).isEqualTo(202);
        clock.advance(Duration.ofHours(9));
        assertThat(admin.post("/api/admin/digests/run", "{\"frequency\": \"DAILY\"}").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.sql(
                "select count(*) from delivery where status <> 'SENT'").query(Long.class).single()).isZero());
        reader = subscribers.findByEmail(EmailAddress.of(address)).orElseThrow();
    }

    private long publish(String title, String tag) {
        Answer created = admin.post("/api/articles", "{\"title\": \"" + title + "\", \"tags\": [\"" + tag + "\"]}");
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    @Test
    void theDataDownloadHoldsEverythingDispatchKeepsAboutTheReader() throws Exception {
        long followed = publish("Grid repairs begin", "Ukraine");
        followUps.follow(reader.id(), followed, clock.instant());
        replyToTheDigest();

        Browser.Page download = new Browser(port).get("/preferences/" + preferences + "/data");

        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Disposition")).contains("attachment");
        JsonNode data = JsonMapperHolder.read(download.body());
        Map<String, Object> row = jdbc.sql("select * from subscriber where id = ?").param(reader.id()).query()
                .singleRow();
        assertThat(data.get("email").asString()).isEqualTo(row.get("email"));
        assertThat(data.get("status").asString()).isEqualTo(row.get("status")).isEqualTo("ACTIVE");
        assertThat(data.get("frequency").asString()).isEqualTo(row.get("frequency"));
        assertThat(data.get("timezone").asString()).isEqualTo(row.get("timezone"));
        assertThat(data.get("sendHour").asInt()).isEqualTo(((Number) row.get("send_hour")).intValue());
        assertThat(data.get("alerts").asBoolean()).isEqualTo(row.get("alerts"));
        assertThat(data.get("quietFrom").asInt()).isEqualTo(22);
        assertThat(data.get("quietUntil").asInt()).isEqualTo(6);
        assertThat(data.get("tags").valueStream().map(JsonNode::asString).toList())
                .containsExactlyInAnyOrder("Aviation", "Ukraine", ownTag);
        assertThat(data.get("subscribedAt").isNull()).isFalse();
        assertThat(data.get("confirmedAt").isNull()).isFalse();

        List<Map<String, Object>> deliveries = jdbc.sql(
                "select kind, status, attempts from delivery where subscriber_id = ? order by id desc")
                .param(reader.id()).query().listOfRows();
        assertThat(deliveries).extracting(delivery -> delivery.get("kind"))
                .containsExactly("DIGEST", "ALERT", "NOTICE", "CONFIRMATION");
        assertThat(data.get("deliveries").valueStream()
                .map(mail -> mail.get("kind").asString() + " " + mail.get("status").asString() + " "
                        + mail.get("attempts").asInt() + " " + mail.get("to").asString()).toList())
                .containsExactlyElementsOf(deliveries.stream().map(delivery -> delivery.get("kind") + " "
                        + delivery.get("status") + " " + delivery.get("attempts") + " " + address).toList());
        assertThat(data.get("deliveries").valueStream()).allSatisfy(mail -> {
            assertThat(mail.get("createdAt").isNull()).isFalse();
            assertThat(mail.get("sentAt").isNull()).isFalse();
        });
        assertThat(data.get("consent").get("clientHash").asString()).isEqualTo(jdbc.sql(
                "select client_hash from consent where subscriber_id = ?").param(reader.id()).query(String.class)
                .single());
        assertThat(data.get("storiesFollowed").valueStream().map(story -> story.get("articleId").asLong() + " "
                + story.get("title").asString()).toList()).containsExactly(followed + " Grid repairs begin");
        assertThat(data.get("returnedMail").valueStream().map(mail -> mail.get("verdict").asString() + " "
                + mail.get("subject").asString()).toList())
                .containsExactly("IGNORED Re: your digest - Private Reader P***@example.com");
        assertThat(data.get("suppression").isNull()).isTrue();
    }

    @Test
    void erasingAReaderLeavesNothingThatNamesThemAndKeepsTheCounts() throws Exception {
        JsonNode before = admin.get("/api/admin/stats").json();
        long deliveries = jdbc.sql("select count(*) from delivery").query(Long.class).single();
        // An SMTP server that answered with the address in capitals, as some do.
        jdbc.sql("update delivery set last_error = ? where subscriber_id = ? and kind = 'DIGEST'")
                .params("452 4.2.2 <" + address.toUpperCase() + ">: Mailbox Full", reader.id()).update();
        assertThat(new Mailbox(sandbox, address).all()).as("the sandbox's copies").isNotEmpty();
        replyToTheDigest();
        assertThat(textColumnsHolding("private reader")).as("their reply, recorded").containsExactly(
                "returned_mail.subject");
        // A report tied to none of their mail (no Message-ID of ours), quoting their address as it is recorded.
        String unlinked = "unlinked-" + READERS.get();
        jdbc.sql("""
                        insert into returned_mail (message_key, verdict, outcome, detail, subject, mailed_at,
                                                   processed_at)
                        values (?, 'IGNORED', 'nothing: not ours', ?, 'Undelivered Mail Returned to Sender', ?, ?)""")
                .params(unlinked, "552 5.2.2 Mailbox <" + EmailAddress.masked(address).toUpperCase() + "> full",
                        clock.instant().atOffset(ZoneOffset.UTC), clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        assertThat(jdbc.sql("select count(*) from tag where tag_key = ?").param(ownTag.toLowerCase())
                .query(Long.class).single()).isOne();

        assertThat(admin.delete("/api/admin/subscribers/" + reader.id()).status()).isEqualTo(204);

        assertThat(textColumnsHolding(address.toLowerCase())).as("the address, anywhere in the database").isEmpty();
        assertThat(textColumnsHolding("private.reader" + READERS.get() + "@")).isEmpty();
        assertThat(textColumnsHolding("private reader")).as("their name, as their reply had it").isEmpty();
        assertThat(jdbc.sql("select detail from returned_mail where message_key = ?").param(unlinked)
                .query(String.class).single()).as("a report quoting their masked address").isEqualTo(
                "erased with its reader");
        assertThat(textColumnsHolding(ownTag)).as("the tag they alone followed").isEmpty();
        assertThat(jdbc.sql("select last_error from delivery where kind = 'DIGEST'").query(String.class).single())
                .as("the server's words as it wrote them").isEqualTo("452 4.2.2 <(erased)>: Mailbox Full");
        assertThat(new Mailbox(sandbox, address).all()).as("the sandbox's copies").isEmpty();
        assertThat(sandbox.messages()).flatExtracting(CapturedEmail::to).noneMatch(to -> to.equalsIgnoreCase(address));
        assertThat(sandbox.messages()).as("the reply they sent").noneMatch(mail -> mail.from() != null
                && mail.from().toLowerCase().contains(address.toLowerCase()));
        for (String table : List.of("subscriber_tag", "confirmation", "digest_cursor", "digest_rhythm", "consent",
                "delivery", "earlier_unsubscribe_link")) {
            assertThat(jdbc.sql("select count(*) from " + table + " where subscriber_id = ?").param(reader.id())
                    .query(Long.class).single()).as(table).isZero();
        }
        assertThat(jdbc.sql("select count(*) from delivery where content like '%token%' and content <> ''")
                .query(Long.class).single()).as("no confirmation token kept").isZero();
        assertThat(api.get("/api/preferences/" + preferences).status()).isEqualTo(404);
        assertThat(api.send("POST", "/unsubscribe/" + unsubscribe, "application/x-www-form-urlencoded", "")
                .status()).isEqualTo(404);
        assertThat(api.post("/api/subscriptions/confirm", "{\"token\": \"" + confirmation + "\"}").status())
                .isEqualTo(404);

        JsonNode after = admin.get("/api/admin/stats").json();
        assertThat(after.get("erased").asLong()).isEqualTo(before.get("erased").asLong() + 1);
        assertThat(after.get("deliveries")).as("the mail sent still counts").isEqualTo(before.get("deliveries"));
        assertThat(jdbc.sql("select count(*) from delivery").query(Long.class).single()).isEqualTo(deliveries);
    }

    /**
     * The reader answers an email of theirs, with their name, their address and a phone number, to its return path (tagged
     * for that email), as a mail program's "Reply" does when the From is the return path; Dispatch reads it.
     */
    private void replyToTheDigest() throws Exception {
        String returnPath = new Mailbox(sandbox, address).all().stream()
                .flatMap(mail -> mail.headers().stream())
                .filter(header -> header.getKey().equals("Return-Path") && header.getValue().contains("+"))
                .map(header -> header.getValue().replaceAll("[<>\\s]", ""))
                .findFirst().orElseThrow();
        Session session = Session.getInstance(new Properties());
        try (Store store = session.getStore(new URLName(sandbox.bouncesMailbox()))) {
            store.connect();
            Folder inbox = store.getFolder("INBOX");
            MimeMessage reply = new MimeMessage(session);
            reply.setFrom(new InternetAddress(address, "Private Reader"));
            reply.setRecipients(Message.RecipientType.TO, returnPath);
            reply.setSubject("Re: your digest - Private Reader " + address);
            reply.setText("Thanks! Call me on +49 170 1234567.");
            reply.saveChanges();
            inbox.appendMessages(new Message[] {reply});
        }
        bounces.read();
    }

    /** Every text column of every table, as {@code table.column}, that holds the text in any case. */
    private List<String> textColumnsHolding(String text) {
        List<Map<String, Object>> columns = jdbc.sql("""
                        select table_name, column_name from information_schema.columns
                         where table_schema = 'public' and lower(data_type) like 'character%'""")
                .query().listOfRows();
        assertThat(columns).hasSizeGreaterThan(20);
        return columns.stream()
                .map(column -> column.get("table_name") + "." + column.get("column_name"))
                .filter(column -> {
                    String[] parts = column.split("\\.");
                    return jdbc.sql("select count(*) from " + parts[0] + " where lower(" + parts[1] + ") like ?")
                            .param("%" + text.toLowerCase() + "%").query(Long.class).single() > 0;
                })
                .toList();
    }

    /** Reads the downloaded file as a client would. */
    private static final class JsonMapperHolder {

        private static final tools.jackson.databind.json.JsonMapper JSON =
                tools.jackson.databind.json.JsonMapper.builder().build();

        static JsonNode read(String body) {
            return JSON.readTree(body);
        }
    }
}
