package news.dispatch.scheduler.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.alert.Alerts;
import news.dispatch.mailer.outbox.Deliveries;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.mailer.story.StoryDesk;
import news.dispatch.scheduler.Newsroom;
import news.dispatch.scheduler.Newsroom.Queued;
import news.dispatch.scheduler.SchedulerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * How a run writes its batches. One is written while the next is chosen: the first batch's transaction is held until
 * the second batch's stories are chosen, and the run still queues every digest once, returning only when all are
 * written. A batch whose transaction fails is rolled back whole; the run goes on, and the next run makes up for it,
 * unless a reader erased meanwhile failed it: then it is written again without them. An alert sent as the run goes
 * reaches each reader of its story once, by alert or in their digest, whichever side commits first.
 */
@SchedulerTest
@TestPropertySource(properties = {
        "spring.datasource.url=jdbc:h2:mem:run-batches;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.quartz.scheduler-name=scheduler-test-run-batches"})
@ResetsDatabase({"delivery", "digest_cursor", "digest_run", "subscriber", "article"})
class RunBatchesIT {

    static final Instant NOW = Instant.parse("2025-11-27T08:00:00Z");

    @MockitoSpyBean
    Outbox outbox;

    @MockitoSpyBean
    Deliveries deliveries;

    @Autowired
    Digests digests;

    @Autowired
    Newsroom newsroom;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Subscribers subscribers;

    @Autowired
    Alerts alerts;

    @Autowired
    StoryDesk stories;

    /** Ten readers of a story published since they confirmed: two batches, of seven and three. */
    private void tenReadersAndTheirStory() {
        clock.set(NOW.minus(Duration.ofDays(1)));
        for (int i = 0; i < 10; i++) {
            newsroom.daily("reader" + i + "@example.com", "#Aviation");
        }
        newsroom.story("Airbus orders A320 software fix", NOW.minus(Duration.ofHours(1)), "#Aviation");
        clock.set(NOW);
    }

    @Test
    void aFailedBatchLeavesItsReadersForTheNextRunAndTheOthersGetTheirs() {
        tenReadersAndTheirStory();
        doThrow(new TransientDataAccessResourceException("the database went away")).doCallRealMethod()
                .when(outbox).queueDigests(anyCollection());

        assertThat(digests.runSchedule().queued()).as("the second batch of three").isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from digest_cursor").query(Long.class).single())
                .as("the first batch's cursors did not move").isEqualTo(3);

        doCallRealMethod().when(outbox).queueDigests(anyCollection());
        clock.set(NOW.plus(Duration.ofMinutes(1)));
        assertThat(digests.runSchedule().queued()).isEqualTo(7);
        assertThat(newsroom.queued().stream().collect(Collectors.groupingBy(Queued::subscriberId)))
                .hasSize(10).allSatisfy((reader, theirs) -> assertThat(theirs).hasSize(1));
    }

    @Test
    void aReaderErasedWhileTheRunChoosesCostsTheOthersNothing() {
        tenReadersAndTheirStory();
        long erased = jdbc.sql("select min(id) from subscriber").query(Long.class).single();
        AtomicInteger chosen = new AtomicInteger();
        doAnswer(call -> {
            if (chosen.incrementAndGet() == 1) {
                subscribers.erase(erased);
            }
            return call.callRealMethod();
        }).when(deliveries).alertedTo(anyLong(), anyLong(), anyCollection());

        assertThat(digests.runNow(Frequency.DAILY).queued()).as("every reader but the erased one").isEqualTo(9);
        assertThat(newsroom.queued()).extracting(Queued::subscriberId).doesNotContain(erased).doesNotHaveDuplicates()
                .hasSize(9);
    }

    /** Two stories of #Aviation for the ten readers: the one returned is sent as an alert while the run goes. */
    private Article twoStoriesOneBreaking() {
        tenReadersAndTheirStory();
        clock.set(NOW.minus(Duration.ofMinutes(30)));
        Article breaking = newsroom.story("Runway closed at Heathrow", NOW.minus(Duration.ofMinutes(30)), "#Aviation");
        clock.set(NOW);
        return breaking;
    }

    /** Each reader has the breaking story once: as the alert, or in their digest when the alert left them out. */
    private void everyReaderHasItOnce(Article breaking) {
        List<Long> alerted = jdbc.sql("select subscriber_id from delivery where kind = 'ALERT' and article_id = ?")
                .param(breaking.id()).query(Long.class).list();
        List<Long> digested = newsroom.queued().stream().filter(digest -> digest.articleIds().contains(breaking.id()))
                .map(Queued::subscriberId).toList();
        assertThat(newsroom.queued()).as("the other story, for everybody").hasSize(10);
        assertThat(alerted).as("readers alerted, none of whom had it in a digest").isNotEmpty()
                .noneMatch(digested::contains);
        assertThat(alerted.size() + digested.size()).isEqualTo(10);
    }

    @Test
    void anAlertSentAsTheRunChoosesStaysOutOfTheDigestsOfItsReaders() {
        Article breaking = twoStoriesOneBreaking();
        AtomicInteger chosen = new AtomicInteger();
        doAnswer(call -> {
            if (chosen.incrementAndGet() == 1) {
                alerts.send(breaking.id(), "editor");
            }
            return call.callRealMethod();
        }).when(deliveries).alertedTo(anyLong(), anyLong(), anyCollection());

        assertThat(digests.runNow(Frequency.DAILY).queued()).isEqualTo(10);
        everyReaderHasItOnce(breaking);
    }

    /**
     * The alert is held past H2's lock timeout (two seconds): the batch that waits for it is refused once and written
     * again, not skipped.
     */
    @Test
    void aRunWaitsForAnAlertBeingQueuedAndLeavesItsReadersOut() throws Exception {
        Article breaking = twoStoriesOneBreaking();
        CountDownLatch queuedNotCommitted = new CountDownLatch(1);
        doAnswer(call -> {
            Object queued = call.callRealMethod();
            queuedNotCommitted.countDown();
            Thread.sleep(2_500);
            return queued;
        }).when(outbox).queueAlerts(anyLong(), any(), any());
        CompletableFuture<?> alert = CompletableFuture.runAsync(() -> alerts.send(breaking.id(), "editor"));
        assertThat(queuedNotCommitted.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(digests.runNow(Frequency.DAILY).queued()).isEqualTo(10);
        alert.get(10, TimeUnit.SECONDS);
        everyReaderHasItOnce(breaking);
    }

    /**
     * An editor publishes a follow-up of the story while the run's first batch is being written, after the run read
     * the follow-ups of its window: the follow-up's readers are those sent the story when it commits, which leaves out
     * every digest of the run not committed by then. Each batch owes it to its readers as it commits.
     */
    @Test
    void aFollowUpPublishedWhileTheRunWritesReachesEveryReaderOfItsStory() {
        tenReadersAndTheirStory();
        long story = jdbc.sql("select id from article").query(Long.class).single();
        AtomicInteger written = new AtomicInteger();
        doAnswer(call -> {
            if (written.incrementAndGet() == 1) {
                clock.advance(Duration.ofSeconds(1));
                CompletableFuture.runAsync(() -> stories.publishFollowUp(new NewArticle("Airbus fix delayed",
                        "Summary", null, "Desk", URI.create("https://news.example/story/fix-delayed"),
                        clock.instant(), List.of(Tag.of("#Airbus"))), story)).get(10, TimeUnit.SECONDS);
            }
            return call.callRealMethod();
        }).when(outbox).queueDigests(anyCollection());

        assertThat(digests.runNow(Frequency.DAILY).queued()).isEqualTo(10);

        doCallRealMethod().when(outbox).queueDigests(anyCollection());
        clock.advance(Duration.ofMinutes(1));
        assertThat(digests.runNow(Frequency.DAILY).queued()).as("the follow-up, to each reader of the story")
                .isEqualTo(10);
        long followUp = jdbc.sql("select id from article where follows = ?").param(story).query(Long.class).single();
        assertThat(newsroom.queued().stream().filter(digest -> digest.articleIds().contains(followUp)))
                .extracting(Queued::subscriberId).doesNotHaveDuplicates().hasSize(10);
    }

    @Test
    void theNextBatchIsChosenWhileOneIsWritten() {
        tenReadersAndTheirStory();
        CountDownLatch secondChosen = new CountDownLatch(1);
        AtomicInteger chosen = new AtomicInteger();
        doAnswer(call -> {
            Object alerted = call.callRealMethod();
            if (chosen.incrementAndGet() == 2) {
                secondChosen.countDown();
            }
            return alerted;
        }).when(deliveries).alertedTo(anyLong(), anyLong(), anyCollection());
        List<String> writers = new CopyOnWriteArrayList<>();
        List<Boolean> waitedFor = new CopyOnWriteArrayList<>();
        doAnswer(call -> {
            writers.add(Thread.currentThread().getName());
            if (writers.size() == 1) {
                waitedFor.add(secondChosen.await(10, TimeUnit.SECONDS));
            }
            return call.callRealMethod();
        }).when(outbox).queueDigests(anyCollection());

        assertThat(digests.runSchedule().queued()).isEqualTo(10);

        assertThat(waitedFor).as("the second batch was chosen while the first was written").containsExactly(true);
        assertThat(writers).containsOnly("dispatch-digest-writer").hasSize(2);
        assertThat(newsroom.queued().stream().collect(Collectors.groupingBy(Queued::subscriberId)))
                .hasSize(10).allSatisfy((reader, theirs) -> assertThat(theirs).hasSize(1));
    }
}
