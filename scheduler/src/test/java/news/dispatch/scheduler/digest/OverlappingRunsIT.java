package news.dispatch.scheduler.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import news.dispatch.core.article.Article;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.scheduler.Newsroom;
import news.dispatch.scheduler.Newsroom.Queued;
import news.dispatch.scheduler.SchedulerTest;
import news.dispatch.scheduler.digest.Digests.DigestRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Runs that overlap — two nodes' ticks, two clicks, a misfire and a manual run — on many readers in many small
 * batches, started together from two threads: every reader gets each story once, and one digest per period.
 */
@SchedulerTest
@ResetsDatabase({"delivery", "digest_cursor", "digest_run", "subscriber", "article"})
class OverlappingRunsIT {

    static final int READERS = 60;
    static final Instant NOW = Instant.parse("2025-11-27T08:00:00Z");

    @Autowired
    Digests digests;

    @Autowired
    Newsroom newsroom;

    @Autowired
    MutableClock clock;

    final ExecutorService threads = Executors.newFixedThreadPool(2);
    List<Subscriber> readers;
    List<Article> stories;

    @BeforeEach
    void newsroom() {
        clock.set(NOW.minus(Duration.ofDays(1)));
        readers = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            readers.add(newsroom.daily("reader" + i + "@example.com", i % 2 == 0 ? "#Aviation" : "#Safety",
                    "#Airbus"));
        }
        stories = List.of(
                newsroom.story("Airbus orders A320 software fix", NOW.minus(Duration.ofHours(3)), "#Aviation",
                        "#Airbus"),
                newsroom.story("Regulator grounds jets", NOW.minus(Duration.ofHours(2)), "#Safety", "#Aviation"));
        clock.set(NOW);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @RepeatedTest(3)
    void twoTicksAtOnceQueueEachReadersDigestOnce() throws Exception {
        List<DigestRun> runs = together(digests::runSchedule, digests::runSchedule);

        assertThat(runs.get(0).queued() + runs.get(1).queued()).isEqualTo(READERS);
        assertEachReaderGotEveryStoryOnceIn(1);
    }

    @RepeatedTest(3)
    void aManualRunOverlappingTheScheduleSendsNoStoryTwice() throws Exception {
        List<DigestRun> runs = together(() -> digests.runNow(Frequency.DAILY), digests::runSchedule);

        assertThat(runs.get(0).queued() + runs.get(1).queued()).isEqualTo(READERS);
        assertEachReaderGotEveryStoryOnceIn(1);
        // What the schedule did not get to, it does at the next tick, without anything left to send.
        clock.set(NOW.plus(Duration.ofMinutes(1)));
        assertThat(digests.runSchedule().queued()).isZero();
        assertEachReaderGotEveryStoryOnceIn(1);
    }

    @RepeatedTest(3)
    void twoClicksOnSendNowQueueEachReaderOnce() throws Exception {
        List<DigestRun> runs = together(() -> digests.runNow(Frequency.DAILY), () -> digests.runNow(Frequency.DAILY));

        assertThat(runs.get(0).queued() + runs.get(1).queued()).isEqualTo(READERS);
        assertEachReaderGotEveryStoryOnceIn(1);
    }

    private List<DigestRun> together(Supplier<DigestRun> first, Supplier<DigestRun> second) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<DigestRun>> futures = new ArrayList<>();
        for (Supplier<DigestRun> run : List.of(first, second)) {
            futures.add(threads.submit(() -> {
                start.await();
                return run.get();
            }));
        }
        start.countDown();
        List<DigestRun> runs = new ArrayList<>();
        for (Future<DigestRun> future : futures) {
            runs.add(future.get(30, TimeUnit.SECONDS));
        }
        return runs;
    }

    private void assertEachReaderGotEveryStoryOnceIn(int digestsPerReader) {
        Map<Long, List<Queued>> byReader = newsroom.queued().stream()
                .collect(Collectors.groupingBy(Queued::subscriberId));
        Set<Long> everyStory = new HashSet<>(stories.stream().map(Article::id).toList());
        assertThat(byReader).hasSize(READERS);
        for (Subscriber reader : readers) {
            List<Queued> theirs = byReader.get(reader.id());
            assertThat(theirs).hasSize(digestsPerReader);
            List<Long> received = theirs.stream().flatMap(queued -> queued.articleIds().stream()).toList();
            assertThat(received).doesNotHaveDuplicates();
            assertThat(new HashSet<>(received)).isEqualTo(everyStory);
        }
    }
}
