package news.dispatch.mailer.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.MailerTestApplication;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.mailer.Readers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox's own rules, with the workers off and the clock in the test's hand. */
@SpringBootTest(classes = MailerTestApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:outbox;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "dispatch.mail.enabled=false"})
@Import(OutboxIT.Time.class)
@ResetsDatabase({"delivery", "subscriber"})
class OutboxIT {

    @Test
    void aPauseIsKeptInTheDatabaseForEveryNodeAndReadAtMostOnceASecond() {
        assertThat(pause.paused()).isFalse();

        pause.pause("desk-admin");
        pause.pause("another-admin");

        assertThat(pause.state()).hasValueSatisfying(paused -> {
            assertThat(paused.by()).as("the first pause stands").isEqualTo("desk-admin");
            assertThat(paused.since()).isEqualTo(clock.instant());
        });
        assertThat(pause.paused()).isTrue();
        jdbc.sql("delete from delivery_pause").update();
        assertThat(pause.paused()).as("another node's resume, not read again within the second").isTrue();
        clock.advance(DeliveryPause.FRESH_FOR);
        assertThat(pause.paused()).isFalse();

        pause.pause("desk-admin");
        assertThat(pause.paused()).as("this node's own pause holds at once").isTrue();
        pause.resume();
        assertThat(pause.paused()).isFalse();
        assertThat(pause.state()).isEmpty();
    }

    @TestConfiguration
    static class Time {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.parse("2025-11-29T12:00:00Z"));
        }
    }

    @Autowired
    JdbcOutbox outbox;

    @Autowired
    Composition composition;

    @Autowired
    Subscribers subscribers;

    @Autowired
    Articles articles;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Deliveries deliveries;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    DeliveryPause pause;

    Subscriber reader;

    @BeforeEach
    void setUp() {
        reader = Readers.active(subscribers, "reader@example.com", "#Aviation");
    }

    @Test
    void pruningDeletesFinishedMailCreatedBeforeTheCutOffAndNeverMailStillToGo() {
        Instant start = clock.instant();
        for (int day = 0; day < 40; day++) {
            outbox.queueNotice(reader, Notice.WELCOME);
            clock.advance(Duration.ofDays(1));
        }
        List<Long> ids = jdbc.sql("select id from delivery order by id").query(Long.class).list();
        // Days 0–9 sent, 10–19 failed, 20–24 still queued, the rest sent.
        jdbc.sql("update delivery set status = 'SENT', lane = null where id < ? or id >= ?")
                .params(ids.get(10), ids.get(25)).update();
        jdbc.sql("update delivery set status = 'FAILED', lane = null where id >= ? and id < ?")
                .params(ids.get(10), ids.get(20)).update();
        jdbc.sql("delete from delivery where id = ?").param(ids.get(3)).update();
        long sentEver = deliveries.countSentEver();

        int deleted = outbox.pruneFinished(start.plus(Duration.ofDays(22)).plusSeconds(1));

        assertThat(deleted).as("days 0–19 but the one deleted before, and days 20–22 are not finished").isEqualTo(19);
        assertThat(jdbc.sql("select id from delivery order by id").query(Long.class).list())
                .isEqualTo(ids.subList(20, 40));
        assertThat(outbox.pruneFinished(start.plus(Duration.ofDays(22)))).as("nothing left to prune").isZero();
        assertThat(outbox.pruneFinished(start.plus(Duration.ofDays(100)))).as("all but the queued ones")
                .isEqualTo(15);
        assertThat(outbox.pruneFinished(start)).isZero();
        assertThat(deliveries.countSentEver()).as("sent, ever: the pruned history counts (a QA's dashboard fell from"
                + " 404 to 390 as mail was sent)").isEqualTo(sentEver).isEqualTo(25 - 1);
        assertThat(deliveries.outgoing().sentEver()).isEqualTo(sentEver);
    }

    @Test
    void aClaimOfMailWhoseReaderWasErasedSinceNamesNoReader() {
        outbox.queueNotice(reader, Notice.WELCOME);
        // The reader's row goes and the mail stays open, as mail queued while an erasure ran does for a while.
        subscribers.erase(reader.id());

        List<ClaimedDelivery> claimed = outbox.claim(10, Duration.ofMinutes(2));

        assertThat(claimed).singleElement().satisfies(delivery -> {
            assertThat(delivery.subscriberId()).as("no reader, not a reader 0").isNull();
            assertThat(delivery.attempts()).isEqualTo(1);
            assertThat(composition.load(claimed).compose(delivery).dropped())
                    .isEqualTo("not sent: the reader's data was erased");
        });
    }

    @Test
    void aClaimHoldsUntilItsLeaseEndsAndThenAnotherWorkerTakesIt() {
        outbox.queueNotice(reader, Notice.WELCOME);

        List<ClaimedDelivery> first = outbox.claim(10, Duration.ofMinutes(2));
        assertThat(first).hasSize(1);
        assertThat(outbox.claim(10, Duration.ofMinutes(2))).as("held by the first worker").isEmpty();

        clock.advance(Duration.ofMinutes(3));
        List<ClaimedDelivery> second = outbox.claim(10, Duration.ofMinutes(2));

        assertThat(second).singleElement().satisfies(delivery -> {
            assertThat(delivery.id()).isEqualTo(first.get(0).id());
            assertThat(delivery.attempts()).isEqualTo(2);
            assertThat(delivery.messageId("news.example")).isEqualTo(first.get(0).messageId("news.example"));
        });

        outbox.sent(accepted(first));
        assertThat(status(first.get(0).id())).as("the expired claim no longer decides").isEqualTo(
                DeliveryStatus.SENDING);
        outbox.sent(accepted(second));
        assertThat(status(first.get(0).id())).isEqualTo(DeliveryStatus.SENT);
    }

    @Test
    void aSentConfirmationNoLongerHoldsItsToken() {
        outbox.queueConfirmation(reader, "secret-token-0123456789abcdef");
        outbox.sent(accepted(outbox.claim(1, Duration.ofMinutes(2))));

        assertThat(jdbc.sql("select content from delivery").query(String.class).single()).isEmpty();
    }

    @Test
    void aReaderGetsOneDigestPerPeriod() {
        Article story = Readers.story(articles, "Story", clock.instant(), "#Aviation");
        Outbox.DigestOrder today = new Outbox.DigestOrder(reader.id(), "reader@example.com",
                new DeliveryPeriod.Day(LocalDate.of(2025, 11, 30)), List.of(story.id()), 0);
        Outbox.DigestOrder tomorrow = new Outbox.DigestOrder(reader.id(), "reader@example.com",
                new DeliveryPeriod.Day(LocalDate.of(2025, 12, 1)), List.of(story.id()), 0);

        assertThat(outbox.queueDigests(List.of(today))).isEqualTo(1);
        assertThat(outbox.queueDigests(List.of(today, tomorrow))).as("today's again, and tomorrow's").isEqualTo(1);
        assertThat(jdbc.sql("select period from delivery order by id").query(String.class).list())
                .containsExactly("DAILY 2025-11-30", "DAILY 2025-12-01");
    }

    @Test
    void alertsAndReadersOwnRequestsGoAheadOfDigests() {
        Article story = Readers.story(articles, "Story", clock.instant(), "#Aviation");
        outbox.queueDigests(List.of(new Outbox.DigestOrder(reader.id(), "reader@example.com",
                new DeliveryPeriod.Day(LocalDate.of(2025, 11, 30)), List.of(story.id()), 0)));
        clock.advance(Duration.ofSeconds(1));
        outbox.queueAlert(reader, story.id());
        outbox.queueNotice(reader, Notice.WELCOME);

        assertThat(outbox.claim(2, Duration.ofMinutes(2))).extracting(ClaimedDelivery::kind)
                .containsExactly(DeliveryKind.ALERT, DeliveryKind.NOTICE);
        assertThat(outbox.claim(2, Duration.ofMinutes(2))).extracting(ClaimedDelivery::kind)
                .containsExactly(DeliveryKind.DIGEST);
    }

    @Test
    void unsubscribingDropsTheReadersQueuedMail() {
        Article story = Readers.story(articles, "Story", clock.instant(), "#Aviation");
        outbox.queueAlert(reader, story.id());
        outbox.queueConfirmation(reader, "token-that-stays-0123456789");

        subscribers.update(reader.unsubscribe());
        assertThat(outbox.cancelFor(reader.id())).isEqualTo(1);

        assertThat(outbox.list(Optional.of(DeliveryStatus.FAILED), Optional.of(DeliveryKind.ALERT),
                new PageRequest(0, 20)).items()).singleElement()
                .satisfies(dropped -> assertThat(dropped.lastError()).contains("not sent"));
    }

    @Test
    void mailQueuedBeforeTheReaderLeftIsNotWritten() {
        Article story = Readers.story(articles, "Story", clock.instant(), "#Aviation");
        outbox.queueAlert(reader, story.id());
        subscribers.update(reader.unsubscribe());

        List<ClaimedDelivery> claimed = outbox.claim(10, Duration.ofMinutes(2));

        assertThat(claimed).singleElement().extracting(composition.load(claimed)::compose).satisfies(item -> {
            assertThat(item.email()).isNull();
            assertThat(item.dropped()).isEqualTo("not sent: the reader is UNSUBSCRIBED");
        });
    }

    @Test
    void anAdminCanPutAFailedDeliveryBackInTheQueue() {
        outbox.queueNotice(reader, Notice.WELCOME);
        ClaimedDelivery claimed = outbox.claim(1, Duration.ofMinutes(2)).get(0);
        outbox.failed(claimed, "550 no such user");

        assertThat(outbox.retry(claimed.id())).isTrue();
        assertThat(outbox.retry(claimed.id())).as("only failed ones").isFalse();

        assertThat(outbox.find(claimed.id())).get().satisfies(delivery -> {
            assertThat(delivery.status()).isEqualTo(DeliveryStatus.QUEUED);
            assertThat(delivery.attempts()).isZero();
        });
        assertThat(outbox.claim(1, Duration.ofMinutes(2))).hasSize(1);
    }

    @Test
    void listsDeliveriesNewestFirstByStatusAndKind() {
        outbox.queueNotice(reader, Notice.WELCOME);
        outbox.queueConfirmation(reader, "token-0123456789-abcdefghij");

        assertThat(outbox.list(Optional.empty(), Optional.empty(), new PageRequest(0, 20)).items())
                .extracting(Delivery::kind).containsExactly(DeliveryKind.CONFIRMATION, DeliveryKind.NOTICE);
        assertThat(outbox.list(Optional.of(DeliveryStatus.QUEUED), Optional.of(DeliveryKind.NOTICE),
                new PageRequest(0, 20)).total()).isEqualTo(1);
        assertThat(outbox.list(Optional.of(DeliveryStatus.SENT), Optional.empty(), new PageRequest(0, 20)).total())
                .isZero();
    }

    @Test
    void concurrentClaimersNeverTakeTheSameDelivery() throws Exception {
        for (int i = 0; i < 300; i++) {
            outbox.queueNotice(reader, Notice.WELCOME);
        }
        ExecutorService workers = Executors.newFixedThreadPool(4);
        List<Future<List<Long>>> claims = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            claims.add(workers.submit(() -> {
                List<Long> mine = new ArrayList<>();
                for (List<ClaimedDelivery> batch = outbox.claim(7, Duration.ofMinutes(2)); !batch.isEmpty();
                     batch = outbox.claim(7, Duration.ofMinutes(2))) {
                    batch.forEach(delivery -> mine.add(delivery.id()));
                }
                return mine;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> claim : claims) {
            all.addAll(claim.get(60, TimeUnit.SECONDS));
        }
        workers.shutdown();

        assertThat(all).hasSize(300).doesNotHaveDuplicates();
    }

    @Test
    void aClaimUnderWayLocksOnlyWhatItTakes() throws Exception {
        for (int i = 0; i < 30; i++) {
            outbox.queueNotice(reader, Notice.WELCOME);
        }
        List<Long> queued = jdbc.sql("select id from delivery order by id").query(Long.class).list();
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        Future<List<ClaimedDelivery>> held = other.submit(() -> transaction.execute(status -> {
            List<ClaimedDelivery> batch = outbox.claim(10, Duration.ofMinutes(2));
            claimed.countDown();
            try {
                finish.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return batch;
        }));
        List<ClaimedDelivery> next;
        try {
            assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();

            next = outbox.claim(10, Duration.ofMinutes(2));
            assertThat(next).as("the next ten, while the first claim is not yet committed").hasSize(10);
            assertThat(jdbc.sql("update delivery set last_error = 'untouched by either claim' where id in (:ids)")
                    .param("ids", queued.subList(20, 30)).update()).as("not locked by either claim").isEqualTo(10);
        } finally {
            finish.countDown();
            other.shutdown();
        }
        assertThat(held.get(10, TimeUnit.SECONDS)).hasSize(10).extracting(ClaimedDelivery::id)
                .doesNotContainAnyElementsOf(next.stream().map(ClaimedDelivery::id).toList());
    }

    private DeliveryStatus status(long id) {
        return outbox.find(id).orElseThrow().status();
    }

    private static List<AcceptedMail> accepted(List<ClaimedDelivery> claimed) {
        return claimed.stream().map(AcceptedMail::of).toList();
    }
}
