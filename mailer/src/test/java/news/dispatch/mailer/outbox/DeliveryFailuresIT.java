package news.dispatch.mailer.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.MailerTestApplication;
import news.dispatch.mailer.Readers;
import news.dispatch.mailer.roster.Roster;
import news.dispatch.mailer.smtp.SmtpSink;
import news.dispatch.mailer.subscription.Subscriptions;
import news.dispatch.mailer.webhook.Webhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** What the SMTP server refuses, for good or for now, and a server that is down for a while. */
@SpringBootTest(classes = MailerTestApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:failures;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "dispatch.mail.first-retry=200ms",
        "dispatch.mail.max-retry-delay=400ms",
        "dispatch.mail.idle-poll=50ms",
        // One connection: the node's workers share a claim, and these tests follow one connection's pipeline.
        "dispatch.mail.connections=1",
        // A server that accepts but never answers is given up on after a second (the default is 30).
        "spring.mail.properties.mail.smtp.timeout=1000",
        // Calls stay queued, to be read here.
        "dispatch.webhooks.enabled=false",
        "dispatch.webhooks.allowed-hosts=127.0.0.1"})
@ResetsDatabase({"webhook", "delivery", "subscriber", "suppression", "returned_mail"})
class DeliveryFailuresIT {

    static final AtomicInteger busyAnswers = new AtomicInteger();
    static final AtomicInteger fullAnswers = new AtomicInteger();
    static final AtomicInteger crashes = new AtomicInteger();
    /** What the relay answers every recipient while an operator's setting is wrong; null when it is right. */
    static final AtomicReference<String> relayRefusal = new AtomicReference<>();
    /** A recipient the server takes its time to accept: the worker is then busy with the claim's first message. */
    static final CountDownLatch slowReached = new CountDownLatch(1);
    static final CountDownLatch slowReleased = new CountDownLatch(1);
    static SmtpSink sink;

    @DynamicPropertySource
    static void smtpPort(DynamicPropertyRegistry registry) throws IOException {
        sink = SmtpSink.replying(recipient -> {
            if (relayRefusal.get() != null) {
                return relayRefusal.get();
            }
            if (recipient.startsWith("refused")) {
                return "550 5.1.1 <" + recipient + ">: mailbox unavailable";
            }
            if (recipient.startsWith("busy") && busyAnswers.getAndIncrement() == 0) {
                return "451 4.7.1 try again later";
            }
            if (recipient.startsWith("slow")) {
                slowReached.countDown();
                try {
                    slowReleased.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return "250 OK";
        }, recipient -> {
            if (recipient.startsWith("spam")) {
                return "554 5.7.1 message refused as spam";
            }
            if (recipient.startsWith("full") && fullAnswers.getAndIncrement() == 0) {
                return "452 4.2.2 mailbox full";
            }
            if (recipient.startsWith("crash") && crashes.getAndIncrement() == 0) {
                return SmtpSink.HANG_UP;
            }
            return SmtpSink.ACCEPTED;
        });
        registry.add("spring.mail.port", sink::port);
    }

    @AfterAll
    static void closeSink() throws IOException {
        sink.close();
    }

    @Autowired
    Outbox outbox;

    @Autowired
    Deliveries deliveries;

    @Autowired
    Subscribers subscribers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    Webhooks webhooks;

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    Roster roster;

    @Autowired
    Articles articles;

    @Autowired
    Clock clock;

    @BeforeEach
    void sinkIsBack() throws IOException {
        sink.comeBack();
        sink.forgetRecipients();
        busyAnswers.set(0);
        fullAnswers.set(0);
        crashes.set(0);
        relayRefusal.set(null);
        sink.answerSenders("250 OK");
    }

    @Test
    void aPermanentRefusalFailsAtOnceAndKeepsTheServersReply() {
        webhooks.register("http://127.0.0.1:9/hook", List.of("delivery.failed", "subscriber.suspended"));
        Subscriber refused = Readers.active(subscribers, "refused@example.com", "#Aviation");

        outbox.queueNotice(refused, Notice.WELCOME);

        Delivery failed = awaitOnly(DeliveryStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).contains("550", "mailbox unavailable");
        assertThat(sink.recipients()).isEmpty();
        assertThat(jdbc.sql("select body from webhook_call where type = 'delivery.failed'").query(String.class)
                .single()).as("announced with the failure, in its transaction")
                .contains("\"deliveryId\":" + failed.id(), "\"kind\":\"NOTICE\"", "\"subscriberId\":" + refused.id(),
                        "550");

        assertThat(subscribers.find(refused.id()).orElseThrow().status())
                .as("an address refused for good as it was sent is a hard bounce").isEqualTo(SubscriberStatus.SUSPENDED);
        assertThat(jdbc.sql("select reason from suppression where email = 'refused@example.com'").query(String.class)
                .single()).isEqualTo("HARD_BOUNCE");
        assertThat(jdbc.sql("select verdict || ' ' || status || ' ' || detail from returned_mail")
                .query(String.class).single()).as("on the admins' list of what came back")
                .startsWith("HARD_BOUNCE 5.1.1 550 5.1.1").contains("mailbox unavailable");
        assertThat(jdbc.sql("select count(*) from webhook_call where type = 'subscriber.suspended'")
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aMessageRefusedAsSpamSaysNothingOfTheAddress() {
        Subscriber spam = Readers.active(subscribers, "spam@example.com", "#Aviation");

        outbox.queueNotice(spam, Notice.WELCOME);

        assertThat(awaitOnly(DeliveryStatus.FAILED).lastError()).startsWith("554 5.7.1");
        assertThat(subscribers.find(spam.id()).orElseThrow().status()).isEqualTo(SubscriberStatus.ACTIVE);
        assertThat(jdbc.sql("select count(*) from suppression").query(Integer.class).single()).isZero();
    }

    @Test
    void mailWhoseReaderWasErasedBeforeItLeftFailsAndIsAnnouncedWithoutAReader() {
        webhooks.register("http://127.0.0.1:9/hook", List.of("delivery.failed"));
        Subscriber erased = Readers.active(subscribers, "erased@example.com", "#Aviation");

        // The reader's row goes and the mail stays open, as mail queued while an erasure ran does until the
        // erasure's second look or the housekeeping's (the roster's erasure clears the mail it finds first).
        transaction.executeWithoutResult(status -> {
            outbox.queueNotice(erased, Notice.WELCOME);
            subscribers.erase(erased.id());
        });

        Delivery failed = awaitOnly(DeliveryStatus.FAILED);
        assertThat(failed.lastError()).isEqualTo("not sent: the reader's data was erased");
        assertThat(sink.recipients()).isEmpty();
        assertThat(jdbc.sql("select body from webhook_call where type = 'delivery.failed'").query(String.class)
                .single()).as("no reader named, not a reader 0")
                .contains("\"deliveryId\":" + failed.id(), "\"subscriberId\":null");
    }

    /** Mail dropped before any worker took it, as its reader left or was erased, is announced as it drops. */
    @Test
    void mailDroppedAsItsReaderLeavesOrIsErasedIsAnnouncedAsFailed() {
        webhooks.register("http://127.0.0.1:9/hook", List.of("delivery.failed"));
        Subscriber leaving = Readers.active(subscribers, "leaving@example.com", "#Aviation");
        Subscriber erased = Readers.active(subscribers, "forgotten@example.com", "#Aviation");

        transaction.executeWithoutResult(status -> {
            outbox.queueNotice(leaving, Notice.WELCOME);
            outbox.queueNotice(erased, Notice.WELCOME);
            outbox.cancelFor(leaving.id());
            outbox.forget(erased);
            subscribers.erase(erased.id());
        });

        assertThat(jdbc.sql("select body from webhook_call where type = 'delivery.failed' order by id")
                .query(String.class).list()).satisfiesExactly(
                        left -> assertThat(left).contains("\"subscriberId\":" + leaving.id(),
                                "not sent: the reader unsubscribed or was suspended"),
                        gone -> assertThat(gone).contains("\"subscriberId\":null",
                                "not sent: the reader's data was erased"));
        assertThat(sink.recipients()).isEmpty();
    }

    /** A receiver hears of the cause before its effect: the reader left, then their mail was dropped. */
    @Test
    void aReadersUnsubscribeIsAnnouncedBeforeTheMailItDrops() {
        webhooks.register("http://127.0.0.1:9/hook", List.of("subscriber.unsubscribed", "delivery.failed"));
        Subscriber leaving = Readers.active(subscribers, "one.click@example.com", "#Aviation");

        transaction.executeWithoutResult(status -> {
            outbox.queueNotice(leaving, Notice.WELCOME);
            assertThat(subscriptions.unsubscribe(subscribers.linkToken(leaving, LinkPurpose.UNSUBSCRIBE))).isPresent();
        });

        assertThat(jdbc.sql("select type from webhook_call order by id").query(String.class).list())
                .containsExactly("subscriber.unsubscribed", "delivery.failed");
    }

    /**
     * A claim holds its readers as they were when it was loaded; a reader who leaves while a worker is busy with the
     * claim's first message must not get the mail the claim holds for them once its turn comes.
     */
    @Test
    void mailAClaimHoldsForAReaderWhoLeftSinceIsDroppedAtItsTurn() throws InterruptedException {
        queueInOneClaim(List.of("slow@example.com", "leaves@example.com", "erased@example.com",
                "stays@example.com"));
        assertThat(slowReached.await(10, TimeUnit.SECONDS)).as("the worker sends the claim's first message").isTrue();

        Subscriber leaving = subscribers.findByEmail(EmailAddress.of("leaves@example.com")).orElseThrow();
        assertThat(subscriptions.unsubscribe(subscribers.linkToken(leaving, LinkPurpose.UNSUBSCRIBE))).isPresent();
        assertThat(roster.erase(subscribers.findByEmail(EmailAddress.of("erased@example.com")).orElseThrow().id()))
                .isTrue();
        slowReleased.countDown();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deliveries())
                .extracting(Delivery::status).doesNotContain(DeliveryStatus.QUEUED, DeliveryStatus.SENDING,
                        DeliveryStatus.RETRYING));
        assertThat(sink.recipients()).containsExactlyInAnyOrder("slow@example.com", "stays@example.com");
        assertThat(deliveries()).filteredOn(delivery -> delivery.status() == DeliveryStatus.FAILED)
                .extracting(Delivery::lastError).containsExactlyInAnyOrder(
                        "not sent: the reader unsubscribed or was suspended", "not sent: the reader's data was erased");
    }

    /**
     * Mail the pause's own drop does not find (queued as the pause began, or claimed by a node killed before it and
     * taken again since) is dropped when a worker meets a reader paused.
     */
    @Test
    void digestsAndAlertsOfAPausedReaderAreNotSent() {
        Subscriber paused = Readers.active(subscribers, "paused@example.com", "#Aviation");
        Article story = Readers.story(articles, "Airbus orders A320 software fix", clock.instant(), "#Aviation");
        transaction.executeWithoutResult(status -> {
            subscribers.update(paused.withPreferences(paused.preferences()
                    .withPause(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(3))));
            outbox.queueAlert(paused, story.id());
            outbox.queueNotice(paused, Notice.PREFERENCES_LINK);
        });

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deliveries())
                .extracting(Delivery::status).doesNotContain(DeliveryStatus.QUEUED, DeliveryStatus.SENDING));
        assertThat(deliveries()).filteredOn(delivery -> delivery.status() == DeliveryStatus.FAILED)
                .extracting(Delivery::kind, Delivery::lastError)
                .containsExactly(tuple(DeliveryKind.ALERT, "not sent: the reader paused their mail"));
        assertThat(sink.recipients()).as("the notice it asked for").containsExactly("paused@example.com");
    }

    @Test
    void aTransientRefusalIsRetriedAndThenDelivered() {
        Subscriber busy = Readers.active(subscribers, "busy@example.com", "#Aviation");

        outbox.queueNotice(busy, Notice.WELCOME);

        Delivery sent = awaitOnly(DeliveryStatus.SENT);
        assertThat(sent.attempts()).isEqualTo(2);
        assertThat(sink.recipients()).containsExactly("busy@example.com");
    }

    /**
     * Over a pipelining connection a refusal comes back while the next message is already on the wire: it must fail
     * its own delivery and no other, whether the server refuses the recipient or the message after its data.
     */
    @Test
    void aRefusalInThePipelineFailsOnlyItsOwnDelivery() {
        List<String> addresses = List.of("a@example.com", "refused@example.com", "b@example.com",
                "spam@example.com", "c@example.com", "full@example.com", "d@example.com");
        queueInOneClaim(addresses);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deliveries())
                .extracting(Delivery::status).doesNotContain(DeliveryStatus.QUEUED, DeliveryStatus.SENDING,
                        DeliveryStatus.RETRYING));
        assertThat(deliveries()).filteredOn(delivery -> delivery.status() == DeliveryStatus.FAILED)
                .extracting(Delivery::lastError).containsExactlyInAnyOrder(
                        "550 5.1.1 <refused@example.com>: mailbox unavailable", "554 5.7.1 message refused as spam");
        assertThat(sink.recipients()).containsExactlyInAnyOrder("a@example.com", "b@example.com", "c@example.com",
                "full@example.com", "d@example.com");
        assertThat(deliveries()).filteredOn(delivery -> delivery.status() == DeliveryStatus.SENT)
                .extracting(Delivery::attempts).as("only the full mailbox was tried again")
                .containsExactlyInAnyOrder(1, 1, 1, 2, 1);
    }

    /**
     * The server goes away after a message's data, before its reply, while the next message's envelope is on the
     * wire: neither may count as sent. Both go again, and every message reaches the server exactly once.
     */
    @Test
    void aConnectionLostInThePipelineMarksNothingSentThatTheServerDidNotAccept() {
        List<String> addresses = List.of("a@example.com", "b@example.com", "crash@example.com", "c@example.com",
                "d@example.com");
        queueInOneClaim(addresses);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deliveries())
                .extracting(Delivery::status).containsOnly(DeliveryStatus.SENT));
        assertThat(sink.recipients()).containsExactlyInAnyOrderElementsOf(addresses);
        assertThat(crashes).hasValue(2);
        assertThat(deliveries()).filteredOn(delivery -> delivery.attempts() == 2).hasSize(2);
    }

    /**
     * Postfix refuses a client it does not relay for at {@code RCPT TO}, with the recipient's reply: it is the
     * operator's setting that is wrong, not the readers' addresses (an operator's QA, 8 December 2026: a breaking-news
     * alert failed for good to every reader, with nothing in the log).
     */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aRelayRefusingThisClientFailsNoReaderAndIsSaidInTheLogOnce(CapturedOutput log) {
        int logged = log.getOut().length();
        relayRefusal.set("554 5.7.1 <localhost[127.0.0.1]>: Client host rejected: Access denied");
        List<Subscriber> readers = List.of(Readers.active(subscribers, "a@example.com", "#Aviation"),
                Readers.active(subscribers, "b@example.com", "#Aviation"),
                Readers.active(subscribers, "c@example.com", "#Aviation"));
        readers.forEach(reader -> outbox.queueNotice(reader, Notice.WELCOME));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deliveries()).hasSize(3)
                .allSatisfy(delivery -> {
                    assertThat(delivery.status()).isEqualTo(DeliveryStatus.RETRYING);
                    assertThat(delivery.lastError()).contains("Client host rejected",
                            "refuses this sender, not the reader");
                }));
        await().atMost(Duration.ofSeconds(5)).until(() -> log.getOut().substring(logged).contains("Mail cannot be"));
        assertThat(log.getOut().substring(logged).lines().filter(line -> line.contains("Mail cannot be sent")))
                .singleElement().asString().contains("WARN", "Client host rejected", "It waits in the outbox");
        assertThat(readers).allSatisfy(reader -> assertThat(subscribers.find(reader.id()).orElseThrow().status())
                .isEqualTo(SubscriberStatus.ACTIVE));
        assertThat(jdbc.sql("select count(*) from suppression").query(Integer.class).single()).isZero();

        relayRefusal.set(null);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deliveries())
                .extracting(Delivery::status).containsOnly(DeliveryStatus.SENT));
        assertThat(sink.recipients()).containsExactlyInAnyOrder("a@example.com", "b@example.com", "c@example.com");
    }

    /** A relay that wants TLS first refuses the sender, {@code 530} (RFC 3207): the log says which setting helps. */
    @Test
    void aSenderRefusedFailsNoReaderAndNamesTheSettingThatHelps() {
        sink.answerSenders("530 5.7.0 Must issue a STARTTLS command first");
        Subscriber reader = Readers.active(subscribers, "a@example.com", "#Aviation");
        outbox.queueNotice(reader, Notice.WELCOME);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deliveries()).singleElement()
                .satisfies(delivery -> {
                    assertThat(delivery.status()).isEqualTo(DeliveryStatus.RETRYING);
                    assertThat(delivery.lastError()).contains("530 5.7.0 Must issue a STARTTLS command first",
                            "mail.smtp.starttls.enable=true");
                }));

        sink.answerSenders("250 OK");

        assertThat(awaitOnly(DeliveryStatus.SENT).attempts()).isGreaterThanOrEqualTo(2);
        assertThat(subscribers.find(reader.id()).orElseThrow().status()).isEqualTo(SubscriberStatus.ACTIVE);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anSmtpServerThatIsDownCostsNothingButTimeAndIsSaidInTheLogOnce(CapturedOutput log) throws IOException {
        // Sent first, so that whatever the test before left, the server is known to answer.
        outbox.queueNotice(Readers.active(subscribers, "before@example.com", "#Aviation"), Notice.WELCOME);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.recipients().contains("before@example.com"));
        int logged = log.getOut().length();
        sink.goDown();
        List<Subscriber> readers = List.of(Readers.active(subscribers, "a@example.com", "#Aviation"),
                Readers.active(subscribers, "b@example.com", "#Aviation"),
                Readers.active(subscribers, "c@example.com", "#Aviation"));
        readers.forEach(reader -> outbox.queueNotice(reader, Notice.WELCOME));

        // Each attempt's first message meets the closed port and the rest of its claim goes back; which of them
        // probes the server next does not matter, for none of them is to blame.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deliveries())
                .filteredOn(delivery -> delivery.status() != DeliveryStatus.SENT).hasSize(3)
                .allSatisfy(delivery -> {
                    assertThat(delivery.status()).isEqualTo(DeliveryStatus.RETRYING);
                    assertThat(delivery.lastError()).isNotBlank();
                }).anySatisfy(delivery -> assertThat(delivery.attempts()).isGreaterThanOrEqualTo(2)));
        assertThat(log.getOut().substring(logged).lines().filter(line -> line.contains("Mail cannot be sent")))
                .singleElement().asString().contains("WARN", "127.0.0.1:" + sink.port(),
                        "It waits in the outbox and is tried again.");

        sink.comeBack();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deliveries())
                .extracting(Delivery::status).containsOnly(DeliveryStatus.SENT));
        assertThat(sink.recipients()).containsExactlyInAnyOrder("before@example.com", "a@example.com",
                "b@example.com", "c@example.com");
        assertThat(log.getOut().substring(logged)).contains("Mail is being sent again: smtp://127.0.0.1:" + sink.port());
    }

    @Test
    void aServerThatNeverAnswersHoldsUpOneMessageNotTheWholeClaim() {
        sink.fallSilent();
        // Queued in one transaction, so that they are claimed together.
        transaction.executeWithoutResult(status -> {
            for (int i = 0; i < 5; i++) {
                outbox.queueNotice(Readers.active(subscribers, "r" + i + "@example.com", "#Aviation"),
                        Notice.WELCOME);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> claimed() == 5);
        List<String> claims = claims();

        // The first message waits out the timeout; the rest of the claim is handed back at once, not tried one
        // by one for a second each while the claim's lease runs.
        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries().stream()
                .anyMatch(delivery -> delivery.status() == DeliveryStatus.RETRYING));
        await().atMost(Duration.ofMillis(700)).until(() -> claims().stream().noneMatch(claims::contains));
    }

    /** Queued in one transaction, so that they are claimed together and sent over the one connection. */
    private void queueInOneClaim(List<String> addresses) {
        transaction.executeWithoutResult(status -> addresses.forEach(address -> outbox.queueNotice(
                Readers.active(subscribers, address, "#Aviation"), Notice.WELCOME)));
    }

    private List<String> claims() {
        return jdbc.sql("select distinct claimed_by from delivery where claimed_by is not null").query(String.class)
                .list();
    }

    private long claimed() {
        return jdbc.sql("select count(*) from delivery where claimed_by is not null").query(Long.class).single();
    }

    private Delivery awaitOnly(DeliveryStatus status) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deliveries())
                .singleElement().extracting(Delivery::status).isEqualTo(status));
        return deliveries().get(0);
    }

    private List<Delivery> deliveries() {
        return deliveries.list(Optional.empty(), Optional.empty(), new PageRequest(0, 200)).items();
    }
}
