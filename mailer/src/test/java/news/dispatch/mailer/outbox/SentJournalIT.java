package news.dispatch.mailer.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.MailerTestApplication;
import news.dispatch.mailer.Readers;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Delivery on H2 in a file, as the app runs by default: accepted mail is noted in the journal beside the database
 * and recorded from it, and a node that was killed records what its journal holds before it claims anything.
 */
@SpringBootTest(classes = MailerTestApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:file:./target/sent-journal-it/dispatch;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0",
        "spring.mail.host=127.0.0.1",
        "spring.mail.port=3025",
        "dispatch.base-url=https://news.example",
        "dispatch.mail.from=Dispatch <news@press.example>",
        "dispatch.mail.idle-poll=100ms"})
@ResetsDatabase({"delivery", "subscriber", "article"})
class SentJournalIT {

    static final Path JOURNAL = Path.of("target/sent-journal-it/dispatch.sent").toAbsolutePath();

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP)
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @Autowired
    Outbox outbox;

    @Autowired
    JdbcOutbox jdbcOutbox;

    @Autowired
    Deliveries deliveries;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Subscribers subscribers;

    @Autowired
    Articles articles;

    @Autowired
    @Lazy
    SmartLifecycle deliveryWorkers;

    Article story;

    @BeforeEach
    void setUp() {
        story = Readers.story(articles, "Airbus orders A320 software fix", java.time.Instant.now(), "#Aviation");
    }

    @AfterEach
    void workersRunAgain() {
        if (!deliveryWorkers.isRunning()) {
            deliveryWorkers.start();
        }
    }

    @Test
    void acceptedMailIsRecordedSentFromTheJournalWhichIsThenEmpty() throws Exception {
        List<Long> ids = List.of(digestFor("anna@example.com"), digestFor("ben@example.com"),
                digestFor("chloe@example.com"));

        assertThat(greenMail.waitForIncomingEmail(10_000, 3)).isTrue();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ids).allSatisfy(id ->
                assertThat(deliveries.find(id).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT)));
        await().atMost(Duration.ofSeconds(2)).until(() -> Files.size(JOURNAL) == 0);
    }

    /**
     * The node was killed after the server accepted a digest and before the database recorded it: its lease has
     * ended, so without the journal the node would claim and send it again when it starts.
     */
    @Test
    void aNodeKilledBeforeRecordingMailRecordsItFromTheJournalWhenItStartsAndSendsItNoSecondTime()
            throws Exception {
        deliveryWorkers.stop();
        long id = digestFor("anna@example.com");
        ClaimedDelivery claimed = jdbcOutbox.claim(10, Duration.ofMillis(1)).get(0);
        assertThat(claimed.id()).isEqualTo(id);
        Files.writeString(JOURNAL, id + " " + claimed.claim() + "\n" + (id + 1) + " half-writ",
                StandardCharsets.US_ASCII);
        Thread.sleep(20);

        deliveryWorkers.start();

        assertThat(deliveries.find(id).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(Files.size(JOURNAL)).isZero();
        onlyTheNextDigestGoesOut("ben@example.com");
    }

    /**
     * H2 killed with {@code kill -9} came back without its last commits: the claim of a digest the server had accepted,
     * and the record of another, though their lines had been recorded and set aside. The kept lines mark both sent.
     */
    @Test
    void mailWhoseClaimOrRecordTheDatabaseLostIsMarkedSentFromTheKeptLinesAndSentNoSecondTime() throws Exception {
        deliveryWorkers.stop();
        long claimLost = digestFor("anna@example.com");
        long recordLost = digestFor("ben@example.com");
        ClaimedDelivery claimed = jdbcOutbox.claim(10, Duration.ofMillis(1)).stream()
                .filter(delivery -> delivery.id() == recordLost).findFirst().orElseThrow();
        jdbc.sql("update delivery set status = 'QUEUED', claimed_by = null, attempts = 0 where id = ?")
                .param(claimLost).update();
        Files.writeString(JOURNAL.resolveSibling("dispatch.sent.kept-" + System.currentTimeMillis()),
                claimLost + " a-claim-the-database-lost\n" + recordLost + " " + claimed.claim() + "\n",
                StandardCharsets.US_ASCII);
        Thread.sleep(20);

        deliveryWorkers.start();

        assertThat(deliveries.find(claimLost).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(deliveries.find(recordLost).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
        onlyTheNextDigestGoesOut("chloe@example.com");
    }

    /** A digest queued now is sent, and it is the only mail the server gets: nothing went out twice. */
    private void onlyTheNextDigestGoesOut(String address) throws InterruptedException {
        long next = digestFor(address);
        assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(greenMail.getReceivedMessages()).singleElement().satisfies(mail ->
                assertThat(mail.getAllRecipients()[0].toString()).isEqualTo(address));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                deliveries.find(next).orElseThrow().status() == DeliveryStatus.SENT);
    }

    private long digestFor(String address) {
        Subscriber reader = Readers.active(subscribers, address, "#Aviation");
        outbox.queueDigests(List.of(new Outbox.DigestOrder(reader.id(), address,
                new DeliveryPeriod.Day(LocalDate.of(2025, 11, 30)), List.of(story.id()), 0)));
        return deliveries.listFor(reader.id()).get(0).id();
    }
}
