package news.dispatch.scheduler.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import news.dispatch.core.article.Article;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.Tags;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.outbox.Deliveries;
import news.dispatch.scheduler.Newsroom;
import news.dispatch.scheduler.Newsroom.Queued;
import news.dispatch.scheduler.SchedulerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * An admin merges a tag while a digest run is under way: after the run has read its stories and chosen its first
 * batch's, before it reads the next batch's readers (it writes a batch while it chooses the next). The merge commits on its own thread and the run goes on; every
 * reader gets each of their stories once, none dropped, none twice.
 */
@SchedulerTest
@TestPropertySource(properties = {
        "spring.datasource.url=jdbc:h2:mem:merge-during-run;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.quartz.scheduler-name=scheduler-test-merge-during-run"})
@ResetsDatabase({"delivery", "digest_cursor", "digest_run", "subscriber", "article"})
class MergeDuringRunIT {

    static final Instant NOW = Instant.parse("2025-11-27T08:00:00Z");

    @MockitoSpyBean
    Deliveries deliveries;

    @Autowired
    Digests digests;

    @Autowired
    Newsroom newsroom;

    @Autowired
    Tags tags;

    @Autowired
    MutableClock clock;

    @Test
    void aMergeInTheMiddleOfARunDropsNoStoryAndSendsNoneTwice() throws Exception {
        clock.set(NOW.minus(Duration.ofDays(1)));
        // Seven readers fill the first batch (of seven); the two whose tag is merged come in the second.
        for (int i = 0; i < 7; i++) {
            newsroom.daily("first" + i + "@example.com", "#Aviation");
        }
        Subscriber moved = newsroom.daily("moved@example.com", "#US-Migration", "#Aviation");
        Subscriber both = newsroom.daily("both@example.com", "#US-Migration", "#USMigration");
        Article onOld = newsroom.story("Border rules change", NOW.minus(Duration.ofHours(3)), "#US-Migration");
        Article onAviation = newsroom.story("Airbus orders A320 software fix", NOW.minus(Duration.ofHours(2)),
                "#Aviation");
        Article onNew = newsroom.story("Visa queues grow", NOW.minus(Duration.ofHours(1)), "#USMigration");
        clock.set(NOW);

        AtomicBoolean merged = new AtomicBoolean();
        doAnswer(call -> {
            Object queued = call.callRealMethod();
            if (merged.compareAndSet(false, true)) {
                CompletableFuture.runAsync(() -> tags.merge(TagKey.of("#US-Migration"), TagKey.of("#USMigration")))
                        .get(10, TimeUnit.SECONDS);
            }
            return queued;
        }).when(deliveries).alertedTo(anyLong(), anyLong(), anyCollection());

        assertThat(digests.runSchedule().queued()).isEqualTo(9);

        assertThat(merged).isTrue();
        assertThat(newsroom.queuedFor(moved)).singleElement().extracting(Queued::articleIds)
                .isEqualTo(Newsroom.ids(onNew, onAviation, onOld));
        assertThat(newsroom.queuedFor(both)).singleElement().extracting(Queued::articleIds)
                .isEqualTo(Newsroom.ids(onNew, onOld));

        clock.set(NOW.plus(Duration.ofDays(1)));
        digests.runSchedule();
        assertThat(newsroom.queued()).hasSize(9);
        assertThat(tags.find(TagKey.of("USMigration")).orElseThrow().followers()).isEqualTo(2);
        assertThat(List.of(moved, both)).allSatisfy(reader -> assertThat(newsroom.queuedFor(reader)).hasSize(1));
    }
}
