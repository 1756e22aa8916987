package news.dispatch.scheduler.digest;

import static news.dispatch.scheduler.Newsroom.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.alert.Alerts;
import news.dispatch.scheduler.Newsroom;
import news.dispatch.scheduler.Newsroom.Queued;
import news.dispatch.scheduler.SchedulerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What a digest holds: the reader's tags, since their previous digest, each story once, newest first. */
@SchedulerTest
@ResetsDatabase({"delivery", "digest_cursor", "digest_run", "subscriber", "article"})
class DigestContentsIT {

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

    @Autowired
    Alerts alerts;

    @Autowired
    Articles articles;

    @BeforeEach
    void aDayBefore() {
        clock.set(NOW.minus(Duration.ofDays(1)));
    }

    private Instant ago(Duration duration) {
        return NOW.minus(duration);
    }

    private static Duration hours(long hours) {
        return Duration.ofHours(hours);
    }

    @Test
    void aFirstDailyDigestReachesBackOneDayAndNotIntoTheFuture() {
        Subscriber reader = newsroom.daily("reader@example.com", "#Aviation");
        newsroom.story("Too old", ago(hours(25)), "#Aviation");
        Article dayOld = newsroom.story("Within the day", ago(hours(23)), "#Aviation");
        Article fresh = newsroom.story("Fresh", ago(Duration.ofMinutes(1)), "#Aviation");
        newsroom.story("Embargoed until noon", NOW.plus(hours(4)), "#Aviation");
        clock.set(NOW);

        assertThat(digests.runSchedule().queued()).isEqualTo(1);

        assertThat(newsroom.queuedFor(reader)).singleElement().extracting(Queued::articleIds)
                .isEqualTo(ids(fresh, dayOld));
    }

    @Test
    void aFirstDigestLeavesOutAStoryDatedBackDaysThatArrivedWithinTheDay() {
        Subscriber reader = newsroom.daily("reader@example.com", "#Aviation");
        clock.set(NOW.minus(Duration.ofMinutes(30)));
        newsroom.arrived("Dated back three days", ago(hours(72)), "#Aviation");
        Article late = newsroom.arrived("Polled an hour late", ago(hours(2)), "#Aviation");
        clock.set(NOW);

        digests.runSchedule();

        assertThat(newsroom.queuedFor(reader)).singleElement().extracting(Queued::articleIds).isEqualTo(ids(late));
    }

    @Test
    void aStoryThatArrivesAfterItsTimeStillReachesTheReaderOnce() {
        Subscriber reader = newsroom.daily("reader@example.com", "#Aviation");
        Article first = newsroom.story("Published and sent", ago(hours(2)), "#Aviation");
        clock.set(NOW);
        digests.runNow(Frequency.DAILY);
        assertThat(newsroom.queuedFor(reader)).singleElement().extracting(Queued::articleIds).isEqualTo(ids(first));

        clock.set(NOW.plus(Duration.ofMinutes(10)));
        Article late = newsroom.arrived("Polled from a feed ten minutes late", NOW.minus(Duration.ofMinutes(5)),
                "#Aviation");
        clock.set(NOW.plus(Duration.ofMinutes(20)));
        digests.runNow(Frequency.DAILY);

        assertThat(newsroom.queuedFor(reader)).extracting(Queued::articleIds)
                .containsExactlyInAnyOrder(ids(first), ids(late));
    }

    /** What a feed poll does when another feed gives a story again: the story gains that feed's tags. */
    @Test
    void aStoryThatGainsATagFromAnotherFeedReachesTheTagsFollowersAndNobodyTwice() {
        Subscriber both = newsroom.daily("both@example.com", "#Radio", "#Wire");
        Subscriber wire = newsroom.daily("wire@example.com", "#Wire");
        Subscriber radio = newsroom.daily("radio@example.com", "#Radio");
        clock.set(NOW.minus(Duration.ofMinutes(30)));
        Article noon = newsroom.arrived("Noon news", NOW.minus(hours(1)), "#Radio");
        articles.addTags(noon.id(), List.of(Tag.of("Wire")));
        clock.set(NOW);
        digests.runNow(Frequency.DAILY);

        clock.set(NOW.plus(Duration.ofMinutes(10)));
        Article evening = newsroom.arrived("Evening news", NOW.plus(Duration.ofMinutes(5)), "#Radio");
        clock.set(NOW.plus(Duration.ofMinutes(20)));
        articles.addTags(evening.id(), List.of(Tag.of("Wire")));
        articles.addTags(noon.id(), List.of(Tag.of("Wire"), Tag.of("Extra")));
        clock.set(NOW.plus(Duration.ofMinutes(30)));
        digests.runNow(Frequency.DAILY);

        assertThat(newsroom.queuedFor(both)).extracting(Queued::articleIds)
                .containsExactly(ids(noon), ids(evening));
        assertThat(newsroom.queuedFor(wire)).extracting(Queued::articleIds)
                .containsExactly(ids(noon), ids(evening));
        assertThat(newsroom.queuedFor(radio)).extracting(Queued::articleIds)
                .containsExactly(ids(noon), ids(evening));
        assertThat(articles.find(noon.id()).orElseThrow().tags()).extracting(Tag::label)
                .containsExactly("Radio", "Wire", "Extra");
    }

    @Test
    void anEmbargoedStoryWaitsForItsTime() {
        Subscriber reader = newsroom.daily("reader@example.com", "#Aviation");
        clock.set(NOW);
        Article embargoed = newsroom.arrived("Embargoed", NOW.plus(Duration.ofMinutes(30)), "#Aviation");

        digests.runNow(Frequency.DAILY);
        assertThat(newsroom.queuedFor(reader)).isEmpty();

        clock.set(NOW.plus(Duration.ofHours(1)));
        digests.runNow(Frequency.DAILY);
        assertThat(newsroom.queuedFor(reader)).singleElement().extracting(Queued::articleIds)
                .isEqualTo(ids(embargoed));
    }

    @Test
    void aFirstWeeklyDigestReachesBackOneWeek() {
        clock.set(NOW.minus(Duration.ofDays(4)));
        Subscriber reader = newsroom.reader("weekly@example.com", Frequency.WEEKLY, "UTC", 7, "#Policy");
        newsroom.story("Eight days old", ago(Duration.ofDays(8)), "#Policy");
        Article sixDays = newsroom.story("Six days old", ago(Duration.ofDays(6)), "#Policy");
        Article twoDays = newsroom.story("Two days old", ago(Duration.ofDays(2)), "#Policy");
        clock.set(NOW);

        assertThat(digests.runNow(Frequency.WEEKLY).queued()).isEqualTo(1);

        assertThat(newsroom.queuedFor(reader)).singleElement().extracting(Queued::articleIds)
                .isEqualTo(ids(twoDays, sixDays));
    }

    @Test
    void aStoryOnSeveralOfTheReadersTagsComesOnceAndOnlyTheirTagsCount() {
        Subscriber reader = newsroom.daily("reader@example.com", "#Aviation", "#Airbus", "#Safety");
        Article both = newsroom.story("Airbus orders A320 software fix", ago(hours(2)), "#Aviation", "#Airbus");
        Article all = newsroom.story("Regulator grounds jets", ago(hours(3)), "#Safety", "#Airbus", "#Aviation");
        Article one = newsroom.story("Airport reopens", ago(hours(1)), "#Aviation");
        newsroom.story("Grain talks resume", ago(hours(1)), "#Trade");
        clock.set(NOW);

        digests.runSchedule();

        assertThat(newsroom.queuedFor(reader)).singleElement().extracting(Queued::articleIds)
                .isEqualTo(ids(one, both, all));
    }

    @Test
    void aDigestHoldsAtMostTwentyStoriesAndCountsTheRest() {
        Subscriber reader = newsroom.daily("reader@example.com", "#Aviation");
        List<Article> stories = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            stories.add(newsroom.story("Story " + i, ago(Duration.ofMinutes(10 + i)), "#Aviation"));
        }
        clock.set(NOW);

        digests.runSchedule();

        Queued digest = newsroom.queuedFor(reader).get(0);
        assertThat(digest.articleIds()).hasSize(20)
                .isEqualTo(stories.subList(0, 20).stream().map(Article::id).toList());
        assertThat(digest.more()).isEqualTo(6);
    }

    /**
     * Twenty stories whose summaries take three bytes a character: the digest lists as many as fit 40,000 bytes of
     * titles and summaries, the newest, and counts the rest, so Gmail does not hide its end with the reader's links
     * (160 KB of HTML before a postmaster's QA of 7 December).
     */
    @Test
    void aDigestOfLongStoriesInAWideScriptListsWhatFitsItsBytesAndCountsTheRest() {
        Subscriber reader = newsroom.daily("reader@example.com", "#Tokyo");
        List<Article> stories = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Article story = newsroom.story("東京の記事 " + i, ago(Duration.ofMinutes(10 + i)), "#Tokyo");
            jdbc.sql("update article set summary = ? where id = ?").params("地震".repeat(1_000), story.id()).update();
            stories.add(story);
        }
        clock.set(NOW);

        digests.runSchedule();

        Queued digest = newsroom.queuedFor(reader).get(0);
        assertThat(digest.articleIds()).as("6,000 bytes a summary: six fit").isEqualTo(
                stories.subList(0, 6).stream().map(Article::id).toList());
        assertThat(digest.more()).isEqualTo(14);
    }

    @Test
    void aDigestThatCannotHoldAllKeepsTheNewestByPublicationThoughOlderOnesArrivedLater() {
        Subscriber reader = newsroom.daily("reader@example.com", "#Aviation");
        Article newest = newsroom.story("The story of the minute", ago(Duration.ofMinutes(2)), "#Aviation");
        clock.set(NOW.minus(Duration.ofMinutes(1)));
        List<Article> datedBack = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            datedBack.add(newsroom.arrived("Dated back " + i + " h", ago(hours(i)), "#Aviation"));
        }
        clock.set(NOW);

        digests.runSchedule();

        Queued digest = newsroom.queuedFor(reader).get(0);
        assertThat(digest.articleIds()).hasSize(20).contains(newest.id())
                .doesNotContain(datedBack.get(19).id());
        assertThat(digest.more()).as("the story published first of all").isEqualTo(1);
    }

    @Test
    void noStoryReachesAReaderTwiceAcrossScheduledAndManualRuns() {
        Subscriber reader = newsroom.daily("reader@example.com", "#Aviation", "#Safety");
        Article first = newsroom.story("First", ago(hours(3)), "#Aviation", "#Safety");
        clock.set(NOW);
        assertThat(digests.runSchedule().queued()).isEqualTo(1);

        clock.set(NOW.plus(hours(1)));
        assertThat(digests.runNow(Frequency.DAILY).queued()).as("send now, nothing new").isZero();
        Article second = newsroom.story("Second", NOW.plus(Duration.ofMinutes(90)), "#Safety");
        clock.set(NOW.plus(hours(2)));
        assertThat(digests.runNow(Frequency.DAILY).queued()).as("send now, one new story").isEqualTo(1);
        assertThat(digests.runNow(Frequency.DAILY).queued()).as("clicked twice").isZero();
        Article third = newsroom.story("Third", NOW.plus(hours(5)), "#Aviation");
        clock.set(NOW.plus(Duration.ofDays(1)));
        assertThat(digests.runSchedule().queued()).isEqualTo(1);

        assertThat(newsroom.queuedFor(reader)).extracting(Queued::articleIds)
                .containsExactly(ids(first), ids(second), ids(third));
        assertThat(jdbc.sql("select period from delivery where subscriber_id = ? and kind = 'DIGEST' order by id")
                .param(reader.id()).query(String.class).list())
                .hasSize(3).startsWith("DAILY 2025-11-27").endsWith("DAILY 2025-11-28")
                .element(1).asString().startsWith("RUN ");
    }

    @Test
    void aManualRunTakesEveryReaderOfTheFrequencyWhateverTheirHour() {
        Subscriber early = newsroom.reader("early@example.com", Frequency.DAILY, "UTC", 5, "#Trade");
        Subscriber late = newsroom.reader("late@example.com", Frequency.DAILY, "Asia/Tokyo", 23, "#Trade");
        Subscriber weekly = newsroom.reader("weekly@example.com", Frequency.WEEKLY, "UTC", 7, "#Trade");
        Subscriber nothingNew = newsroom.reader("other@example.com", Frequency.DAILY, "UTC", 7, "#Science");
        newsroom.story("Automakers ask regulators", ago(hours(2)), "#Trade");
        clock.set(NOW);

        Digests.DigestRun run = digests.runNow(Frequency.DAILY);

        assertThat(run.queued()).isEqualTo(2);
        assertThat(run.considered()).isEqualTo(3);
        assertThat(newsroom.queued()).extracting(Queued::subscriberId)
                .containsExactlyInAnyOrder(early.id(), late.id());
        assertThat(newsroom.queuedFor(weekly)).isEmpty();
        assertThat(newsroom.queuedFor(nothingNew)).isEmpty();
    }

    @Test
    void nothingNewMeansNoDigestButTheCursorMovesSoNothingStaleFollows() {
        Subscriber reader = newsroom.daily("reader@example.com", "#Aviation");
        newsroom.story("Grain talks resume", ago(hours(3)), "#Trade");
        clock.set(NOW);

        assertThat(digests.runSchedule().queued()).isZero();
        assertThat(jdbc.sql("select covered_until from digest_cursor where subscriber_id = ?").param(reader.id())
                .query(OffsetDateTime.class).single().toInstant()).isEqualTo(NOW.minus(DigestPress.SETTLE));
        assertThat(jdbc.sql("select count(*) from delivery").query(Long.class).single()).isZero();

        // The reader starts following #Trade: the story from before the cursor is stale for them.
        subscribers.update(reader.withPreferences(new Preferences(List.of(Tag.of("#Trade")), Frequency.DAILY,
                reader.preferences().timezone(), 7, true)));
        Article fresh = newsroom.story("Grain corridor extended", NOW.plus(hours(2)), "#Trade");
        clock.set(NOW.plus(Duration.ofDays(1)));

        assertThat(digests.runSchedule().queued()).isEqualTo(1);
        assertThat(newsroom.queuedFor(reader)).singleElement().extracting(Queued::articleIds)
                .isEqualTo(ids(fresh));
    }

    @Test
    void storiesOlderThanTheMaximumAgeNeverGoOutEvenToAReaderBackFromALongBreak() {
        Subscriber reader = newsroom.daily("reader@example.com", "#Aviation");
        Article first = newsroom.story("First", ago(hours(2)), "#Aviation");
        clock.set(NOW);
        digests.runSchedule();

        subscribers.update(reader.suspend());
        Article stale = newsroom.story("During the break", NOW.plus(Duration.ofDays(1)), "#Aviation");
        Article recent = newsroom.story("Just before coming back", NOW.plus(Duration.ofDays(9)), "#Aviation");
        clock.set(NOW.plus(Duration.ofDays(10)));
        assertThat(digests.runSchedule().queued()).as("suspended readers get nothing").isZero();
        subscribers.update(subscribers.find(reader.id()).orElseThrow().reactivate());

        assertThat(digests.runSchedule().queued()).isEqualTo(1);
        assertThat(newsroom.queuedFor(reader)).extracting(Queued::articleIds)
                .containsExactly(ids(first), ids(recent));
        assertThat(stale.id()).isNotIn(newsroom.queuedFor(reader).get(1).articleIds());
    }

    @Test
    void onlyActiveReadersGetDigests() {
        Subscriber active = newsroom.daily("active@example.com", "#Aviation");
        subscribers.add(news.dispatch.core.subscriber.EmailAddress.of("pending@example.com"),
                active.preferences(), SubscriberStatus.PENDING);
        subscribers.update(newsroom.daily("suspended@example.com", "#Aviation").suspend());
        subscribers.update(newsroom.daily("gone@example.com", "#Aviation").unsubscribe());
        newsroom.story("Airport reopens", ago(hours(1)), "#Aviation");
        clock.set(NOW);

        assertThat(digests.runSchedule().queued()).isEqualTo(1);
        assertThat(digests.runNow(Frequency.DAILY).queued()).isZero();
        assertThat(newsroom.queued()).extracting(Queued::subscriberId).containsExactly(active.id());
    }

    @Test
    void theDatabaseRefusesASecondDigestForTheSamePeriod() {
        Subscriber reader = newsroom.daily("reader@example.com", "#Aviation");
        String insert = """
                insert into delivery (kind, lane, subscriber_id, recipient, period, content, status, created_at,
                                      queued_at, available_at)
                values ('DIGEST', 1, ?, 'reader@example.com', 'DAILY 2025-11-27', '', 'QUEUED', ?, ?, ?)
                """;
        OffsetDateTime at = OffsetDateTime.parse("2025-11-27T07:00:00Z");
        jdbc.sql(insert).params(reader.id(), at, at, at).update();

        assertThatThrownBy(() -> jdbc.sql(insert).params(reader.id(), at, at, at).update())
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void aStoryTheReaderHadAsAnAlertStaysOutOfTheirDigest() {
        Subscriber alerted = newsroom.daily("alerted@example.com", "#Aviation");
        Subscriber onlyFerries = newsroom.daily("ferries@example.com", "#Ferries");
        Subscriber noAlerts = subscribers.add(EmailAddress.of("no.alerts@example.com"), new Preferences(
                List.of(Tag.of("#Aviation")), Frequency.DAILY, ZoneId.of("UTC"), 7, false),
                SubscriberStatus.ACTIVE);
        Article breaking = newsroom.story("Jets grounded", ago(hours(3)), "#Aviation", "#Ferries");
        Article later = newsroom.story("Airport reopens", ago(hours(2)), "#Aviation");
        clock.set(ago(hours(2)));
        assertThat(alerts.send(breaking.id(), "editor").alert().recipients()).isEqualTo(2);
        clock.set(NOW);

        assertThat(digests.runSchedule().queued()).isEqualTo(2);

        assertThat(newsroom.queuedFor(alerted)).singleElement().satisfies(digest -> {
            assertThat(digest.articleIds()).isEqualTo(ids(later));
            assertThat(digest.more()).isZero();
        });
        assertThat(newsroom.queuedFor(onlyFerries)).as("nothing new but the alert: no digest").isEmpty();
        assertThat(newsroom.queuedFor(noAlerts)).singleElement().extracting(Queued::articleIds)
                .isEqualTo(ids(later, breaking));
    }
}
