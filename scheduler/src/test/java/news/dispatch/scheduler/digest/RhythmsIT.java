package news.dispatch.scheduler.digest;

import static news.dispatch.scheduler.Newsroom.ids;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import news.dispatch.core.article.Article;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.scheduler.Newsroom;
import news.dispatch.scheduler.Newsroom.Queued;
import news.dispatch.scheduler.SchedulerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A rhythm per tag and a pause: each tag's stories in the email of its rhythm, once; nothing during a pause. */
@SchedulerTest
@ResetsDatabase({"delivery", "digest_cursor", "digest_run", "subscriber", "article"})
class RhythmsIT {

    /** A Thursday at 08:00 UTC: the 07:00 digest of a UTC reader is due. */
    static final Instant NOW = Instant.parse("2025-11-27T08:00:00Z");

    @Autowired
    Digests digests;

    @Autowired
    Newsroom newsroom;

    @Autowired
    Subscribers subscribers;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void aDayBefore() {
        clock.set(NOW.minus(Duration.ofDays(1)));
    }

    private Subscriber withRhythms(Subscriber reader, Map<String, Frequency> rhythms) {
        Map<TagKey, Frequency> keyed = new HashMap<>();
        rhythms.forEach((tag, rhythm) -> keyed.put(TagKey.of(tag), rhythm));
        return subscribers.update(reader.withPreferences(reader.preferences().withTagFrequencies(keyed)));
    }

    @Test
    void eachTagGoesAtItsOwnRhythmAndAStoryOnBothGoesOnceInTheFirstEmail() {
        Subscriber reader = withRhythms(newsroom.daily("reader@example.com", "#Ukraine", "#Aviation"),
                Map.of("#Ukraine", Frequency.IMMEDIATE));
        clock.set(NOW.minus(Duration.ofMinutes(30)));
        Article war = newsroom.story("Front line moves", NOW.minus(Duration.ofMinutes(40)), "#Ukraine");
        Article both = newsroom.story("Airspace closed", NOW.minus(Duration.ofMinutes(35)), "#Ukraine",
                "#Aviation");
        Article planes = newsroom.story("New airliner", NOW.minus(Duration.ofMinutes(38)), "#Aviation");

        digests.runNow(Frequency.IMMEDIATE);
        assertThat(newsroom.queuedFor(reader)).singleElement().extracting(Queued::articleIds)
                .isEqualTo(ids(both, war));

        clock.set(NOW);
        digests.runNow(Frequency.DAILY);
        assertThat(newsroom.queuedFor(reader)).extracting(Queued::articleIds)
                .containsExactlyInAnyOrder(ids(both, war), ids(planes));
    }

    @Test
    void theScheduleSendsEachRhythmInItsOwnPeriodAndMovesOnlyItsCursor() {
        Subscriber reader = withRhythms(newsroom.daily("reader@example.com", "#Ukraine", "#Aviation"),
                Map.of("#Aviation", Frequency.WEEKLY));
        Article war = newsroom.story("Front line moves", NOW.minus(Duration.ofHours(3)), "#Ukraine");
        Article planes = newsroom.story("New airliner", NOW.minus(Duration.ofHours(2)), "#Aviation");
        clock.set(NOW);
        digests.runSchedule();
        assertThat(newsroom.queuedFor(reader)).singleElement().extracting(Queued::articleIds).isEqualTo(ids(war));

        // Monday 1 December, 07:00 UTC: the weekly digest holds the week's #Aviation, the daily one nothing new.
        clock.set(Instant.parse("2025-12-01T07:01:00Z"));
        digests.runSchedule();
        assertThat(newsroom.queuedFor(reader)).extracting(Queued::articleIds)
                .containsExactlyInAnyOrder(ids(war), ids(planes));
        clock.set(Instant.parse("2025-12-01T07:30:00Z"));
        digests.runSchedule();
        assertThat(newsroom.queuedFor(reader)).hasSize(2);
    }

    @Test
    void aFollowUpOnATagOfAnotherRhythmGoesOnceWhenBothDigestsLeaveInOneRun() {
        Subscriber reader = withRhythms(newsroom.daily("reader@example.com", "#Ukraine", "#Aviation"),
                Map.of("#Ukraine", Frequency.IMMEDIATE));
        Article planes = newsroom.story("New airliner", NOW.minus(Duration.ofHours(3)), "#Aviation");
        Article war = newsroom.story("Front line moves", NOW.minus(Duration.ofHours(2)), "#Ukraine");
        Article followUp = newsroom.story("Front line moves again", NOW.minus(Duration.ofHours(1)), "#Ukraine");
        // Owed as the follow-up of a story the reader was sent: the daily digest, the reader's own, carries it.
        jdbc.sql("insert into follow_up_owed (subscriber_id, article_id) values (?, ?)")
                .params(reader.id(), followUp.id()).update();
        clock.set(NOW);
        digests.runSchedule();

        // The schedule presses the reader's daily digest and the digest of their immediate tag in one batch: the
        // follow-up the daily one carries stays out of the other, as it would were that queued after it.
        assertThat(newsroom.queuedFor(reader)).extracting(Queued::articleIds)
                .containsExactlyInAnyOrder(ids(planes, followUp), ids(war));
    }

    @Test
    void aTagThatChangesRhythmNeverBringsBackWhatItsReaderHad() {
        Subscriber reader = withRhythms(newsroom.daily("reader@example.com", "#Ukraine", "#Aviation"),
                Map.of("#Ukraine", Frequency.IMMEDIATE));
        clock.set(NOW.minus(Duration.ofHours(1)));
        digests.runNow(Frequency.DAILY);
        Article war = newsroom.story("Front line moves", NOW.minus(Duration.ofMinutes(50)), "#Ukraine");
        clock.set(NOW.minus(Duration.ofMinutes(30)));
        digests.runNow(Frequency.IMMEDIATE);
        assertThat(newsroom.queuedFor(reader)).singleElement().extracting(Queued::articleIds).isEqualTo(ids(war));

        // #Ukraine goes back to the daily rhythm, whose cursor is from before the story.
        reader = withRhythms(subscribers.find(reader.id()).orElseThrow(), Map.of());
        Article later = newsroom.story("Ceasefire talks", NOW.minus(Duration.ofMinutes(10)), "#Ukraine");
        clock.set(NOW);
        digests.runNow(Frequency.DAILY);

        assertThat(newsroom.queuedFor(reader)).extracting(Queued::articleIds)
                .containsExactlyInAnyOrder(ids(war), ids(later));
    }

    @Test
    void aPausedReaderGetsNothingAndAfterwardsOnlyWhatCameAfterThePause() {
        Subscriber reader = newsroom.daily("reader@example.com", "#Aviation");
        clock.set(NOW);
        digests.runSchedule();
        reader = subscribers.update(reader.withPreferences(reader.preferences()
                .withPause(LocalDate.parse("2025-12-01"))));
        newsroom.story("During the holiday", Instant.parse("2025-11-29T10:00:00Z"), "#Aviation");

        clock.set(Instant.parse("2025-11-28T07:05:00Z"));
        digests.runSchedule();
        clock.set(Instant.parse("2025-11-30T07:05:00Z"));
        digests.runSchedule();
        digests.runNow(Frequency.DAILY);
        assertThat(newsroom.queuedFor(reader)).isEmpty();

        Article back = newsroom.story("Back home", Instant.parse("2025-12-01T03:00:00Z"), "#Aviation");
        clock.set(Instant.parse("2025-12-01T00:30:00Z"));
        digests.runSchedule();
        assertThat(newsroom.queuedFor(reader)).isEmpty();
        clock.set(Instant.parse("2025-12-01T07:05:00Z"));
        digests.runSchedule();

        assertThat(newsroom.queuedFor(reader)).singleElement().extracting(Queued::articleIds).isEqualTo(ids(back));
    }

    /**
     * Resumed before the pause's date, by clearing it or by setting it to today: the pause ends then, and what came
     * during it, earlier that day too, stays out as it would have.
     */
    @Test
    void aReaderWhoResumesEarlyGetsOnlyWhatCameAfterResuming() {
        Subscriber cleared = newsroom.daily("cleared@example.com", "#Aviation");
        Subscriber today = newsroom.daily("today@example.com", "#Aviation");
        clock.set(NOW);
        digests.runSchedule();
        cleared = subscribers.update(cleared.withPreferences(cleared.preferences()
                .withPause(LocalDate.parse("2025-12-04"))));
        today = subscribers.update(today.withPreferences(today.preferences()
                .withPause(LocalDate.parse("2025-12-04"))));
        newsroom.story("During the holiday", Instant.parse("2025-11-28T09:00:00Z"), "#Aviation");
        newsroom.story("The morning of the return", Instant.parse("2025-11-29T08:00:00Z"), "#Aviation");

        clock.set(Instant.parse("2025-11-29T10:00:00Z"));
        subscribers.update(cleared.withPreferences(cleared.preferences().withPause(null)));
        subscribers.update(today.withPreferences(today.preferences().withPause(LocalDate.parse("2025-11-29"))));
        Article back = newsroom.story("Back home", Instant.parse("2025-11-29T11:00:00Z"), "#Aviation");
        clock.set(Instant.parse("2025-11-30T07:05:00Z"));
        digests.runSchedule();

        assertThat(newsroom.queuedFor(cleared)).singleElement().extracting(Queued::articleIds).isEqualTo(ids(back));
        assertThat(newsroom.queuedFor(today)).singleElement().extracting(Queued::articleIds).isEqualTo(ids(back));
    }

    /**
     * A tag at a rhythm of its own that has had no digest yet reached back a first window when its reader resumed, and
     * brought the stories of the pause (QA, 7 December: four of them, in a daily digest a minute after "Resume").
     */
    @Test
    void aTagsOwnRhythmResumedEarlyGetsOnlyWhatCameAfterResuming() {
        Subscriber reader = withRhythms(newsroom.reader("weekly@example.com", Frequency.WEEKLY, "UTC", 7, "#Aviation",
                "#Ukraine"), Map.of("#Aviation", Frequency.DAILY));
        reader = subscribers.update(reader.withPreferences(reader.preferences()
                .withPause(LocalDate.parse("2025-12-20"))));
        newsroom.story("During the holiday", Instant.parse("2025-11-27T05:00:00Z"), "#Aviation");
        clock.set(Instant.parse("2025-11-27T06:00:00Z"));
        subscribers.update(reader.withPreferences(reader.preferences().withPause(null)));
        Article back = newsroom.story("Back home", Instant.parse("2025-11-27T06:30:00Z"), "#Aviation");

        clock.set(NOW);
        digests.runNow(Frequency.DAILY);

        assertThat(newsroom.queuedFor(reader)).singleElement().extracting(Queued::articleIds).isEqualTo(ids(back));
    }
}
