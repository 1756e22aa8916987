package news.dispatch.mailer.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Corrections;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.QuietHours;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.suppression.SuppressionReason;
import news.dispatch.core.suppression.Suppressions;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.OutboxJourney;
import news.dispatch.mailer.Readers;
import news.dispatch.mailer.alert.AlertPreview.TagReach;
import news.dispatch.mailer.outbox.DeliveryPeriod;
import news.dispatch.mailer.outbox.Outbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** Who an alert reaches, when, and how often: the outbox's rows, with the workers off and the clock in hand. */
@TestPropertySource(properties = {"test.context-name=alerts", "dispatch.base-url=https://news.example"})
@ResetsDatabase({"suppression", "delivery", "subscriber", "article"})
class AlertsIT extends OutboxJourney {

    /** A Thursday, 11:00 in Berlin. */
    static final Instant THURSDAY = Instant.parse("2025-11-27T10:00:00Z");

    @Autowired
    Alerts alerts;

    @Autowired
    Suppressions suppressions;

    @Autowired
    Corrections corrections;

    @BeforeEach
    void itIsThursday() {
        at(THURSDAY);
    }

    private void at(Instant instant) {
        clock.advance(Duration.between(clock.instant(), instant));
    }

    private Subscriber reader(String email, SubscriberStatus status, boolean alertsOn, String zone,
                              QuietHours quiet, String... tags) {
        return subscribers.add(EmailAddress.of(email), new Preferences(Arrays.stream(tags).map(Tag::of).toList(),
                Frequency.DAILY, ZoneId.of(zone), 7, alertsOn, quiet), status);
    }

    private Subscriber reader(String email, String zone, String... tags) {
        return reader(email, SubscriberStatus.ACTIVE, true, zone, null, tags);
    }

    private Article story(String title, String... tags) {
        return Readers.story(articles, title, clock.instant(), tags);
    }

    /** The alert deliveries queued, as (recipient, due). */
    private record Queued(String recipient, long articleId, Instant due, String content, int lane) {
    }

    private List<Queued> queued() {
        return jdbc.sql("""
                        select recipient, article_id, available_at, queued_at, content, lane from delivery
                         where kind = 'ALERT' order by recipient, article_id""")
                .query((rs, row) -> {
                    Instant available = rs.getObject("available_at", OffsetDateTime.class).toInstant();
                    assertThat(rs.getObject("queued_at", OffsetDateTime.class).toInstant()).isEqualTo(available);
                    return new Queued(rs.getString("recipient"), rs.getLong("article_id"), available,
                            rs.getString("content"), rs.getInt("lane"));
                })
                .list();
    }

    private List<String> recipientsOf(Article story) {
        return queued().stream().filter(q -> q.articleId() == story.id()).map(Queued::recipient).toList();
    }

    @Test
    void reachesTheActiveReadersWithAlertsOnWhoFollowOneOfTheStorysTagsEachOnce() {
        reader("aviation@example.com", "Europe/Berlin", "#Aviation");
        reader("both@example.com", "America/New_York", "#Airbus", "#Aviation", "#Ukraine");
        reader("ukraine@example.com", "Europe/Berlin", "#Ukraine");
        reader("alerts.off@example.com", SubscriberStatus.ACTIVE, false, "UTC", null, "#Aviation");
        reader("pending@example.com", SubscriberStatus.PENDING, true, "UTC", null, "#Aviation");
        reader("suspended@example.com", SubscriberStatus.SUSPENDED, true, "UTC", null, "#Airbus");
        reader("left@example.com", SubscriberStatus.UNSUBSCRIBED, true, "UTC", null, "#Airbus");
        reader("suppressed@example.com", "UTC", "#Aviation");
        suppressions.add(EmailAddress.of("Suppressed@Example.com"), SuppressionReason.MANUAL, "asked by phone");
        Article story = story("Airbus orders A320 software fix", "#Aviation", "#Airbus");

        Alerts.Outcome outcome = alerts.send(story.id(), "editor");

        assertThat(outcome.sentNow()).isTrue();
        assertThat(outcome.alert().articleId()).isEqualTo(story.id());
        assertThat(outcome.alert().recipients()).isEqualTo(2);
        assertThat(outcome.alert().overCap()).isZero();
        assertThat(outcome.alert().sentBy()).isEqualTo("editor");
        assertThat(outcome.alert().sentAt()).isEqualTo(THURSDAY);
        assertThat(queued()).containsExactly(
                new Queued("aviation@example.com", story.id(), THURSDAY, "article=" + story.id(), 0),
                new Queued("both@example.com", story.id(), THURSDAY, "article=" + story.id(), 0));
        assertThat(jdbc.sql("select count(*) from alert_window").query(Long.class).single())
                .as("the windows are scratch").isZero();
    }

    @Test
    void anArticleIsAlertedOnceHoweverOftenItIsAskedFor() {
        reader("reader@example.com", "UTC", "#Aviation");
        Article story = story("Airbus orders A320 software fix", "#Aviation");
        Alert first = alerts.send(story.id(), "first.editor").alert();
        reader("late@example.com", "UTC", "#Aviation");
        clock.advance(Duration.ofMinutes(5));

        Alerts.Outcome again = alerts.send(story.id(), "second.editor");

        assertThat(again.sentNow()).isFalse();
        assertThat(again.alert()).isEqualTo(first);
        assertThat(recipientsOf(story)).containsExactly("reader@example.com");
        assertThat(alerts.find(story.id())).contains(first);
        assertThat(alerts.list(new news.dispatch.core.paging.PageRequest(0, 20)).items()).containsExactly(first);
    }

    @Test
    void concurrentRequestsForOneArticleSendOneAlert() throws Exception {
        for (int i = 0; i < 40; i++) {
            reader("reader" + i + "@example.com", i % 2 == 0 ? "UTC" : "Asia/Tokyo", "#Aviation");
        }
        Article story = story("Airbus orders A320 software fix", "#Aviation");
        ExecutorService pool = Executors.newFixedThreadPool(5);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Alerts.Outcome>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                String editor = "editor" + i;
                Callable<Alerts.Outcome> send = () -> {
                    start.await();
                    return alerts.send(story.id(), editor);
                };
                answers.add(pool.submit(send));
            }
            start.countDown();
            List<Alerts.Outcome> outcomes = new ArrayList<>();
            for (Future<Alerts.Outcome> answer : answers) {
                outcomes.add(answer.get());
            }

            assertThat(outcomes).filteredOn(Alerts.Outcome::sentNow).hasSize(1);
            assertThat(outcomes).extracting(Alerts.Outcome::alert).containsOnly(outcomes.get(0).alert());
            assertThat(outcomes.get(0).alert().recipients()).isEqualTo(40);
            assertThat(recipientsOf(story)).hasSize(40).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReaderGetsAtMostThreeAlertsInTheirLocalDayAndTheRestWaitsForTheirDigest() {
        // 19:00 in Tokyo, 10:00 in London: three alerts, two hours apart.
        reader("tokyo@example.com", "Asia/Tokyo", "#Aviation");
        reader("utc@example.com", "UTC", "#Aviation");
        List<Article> stories = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Article story = story("Story " + i, "#Aviation");
            stories.add(story);
            assertThat(alerts.send(story.id(), "editor").alert().recipients()).isEqualTo(2);
            clock.advance(Duration.ofHours(2));
        }

        // 16:00 UTC: 01:00 the next day in Tokyo, still the same day in London.
        Article fourth = story("Story 3", "#Aviation");
        Alert capped = alerts.send(fourth.id(), "editor").alert();

        assertThat(capped.recipients()).isEqualTo(1);
        assertThat(capped.overCap()).isEqualTo(1);
        assertThat(recipientsOf(fourth)).containsExactly("tokyo@example.com");
        assertThat(jdbc.sql("select count(*) from alert_capped").query(Long.class).single())
                .as("set apart for the fan-out only").isZero();

        // The next day in London.
        at(Instant.parse("2025-11-28T00:30:00Z"));
        Article nextDay = story("Story 4", "#Aviation");
        assertThat(recipientsOf(nextDay)).isEmpty();
        assertThat(alerts.send(nextDay.id(), "editor").alert().recipients()).isEqualTo(2);
    }

    @Test
    void anAlertInTheReadersQuietHoursWaitsForThemToEnd() {
        reader("night.owl@example.com", SubscriberStatus.ACTIVE, true, "Europe/Berlin", new QuietHours(22, 7),
                "#Aviation");
        reader("always@example.com", "Europe/Berlin", "#Aviation");
        // 23:30 in Berlin.
        at(Instant.parse("2025-11-27T22:30:00Z"));
        Article story = story("Night story", "#Aviation");

        assertThat(alerts.preview(story.id()).afterQuiet()).isEqualTo(1);
        assertThat(alerts.send(story.id(), "editor").alert().recipients()).isEqualTo(2);

        assertThat(queued()).extracting(Queued::recipient, Queued::due).containsExactly(
                org.assertj.core.groups.Tuple.tuple("always@example.com", Instant.parse("2025-11-27T22:30:00Z")),
                org.assertj.core.groups.Tuple.tuple("night.owl@example.com", Instant.parse("2025-11-28T06:00:00Z")));
    }

    @Test
    void aPausedReaderGetsNoAlertUntilThePauseEndsInTheirOwnZone() {
        Subscriber berlin = reader("berlin@example.com", "Europe/Berlin", "#Aviation");
        Subscriber tokyo = reader("tokyo@example.com", "Asia/Tokyo", "#Aviation");
        reader("always@example.com", "Europe/Berlin", "#Aviation");
        for (Subscriber paused : List.of(berlin, tokyo)) {
            subscribers.update(paused.withPreferences(paused.preferences().withPause(LocalDate.parse("2025-11-28"))));
        }
        // 17:00 on Thursday in Berlin, already 01:00 on Friday the 28th in Tokyo, where the pause is over.
        at(Instant.parse("2025-11-27T16:00:00Z"));
        Article story = story("Evening story", "#Aviation");

        assertThat(alerts.preview(story.id()).recipients()).isEqualTo(2);
        assertThat(alerts.send(story.id(), "editor").alert().recipients()).isEqualTo(2);

        assertThat(recipientsOf(story)).containsExactly("always@example.com", "tokyo@example.com");
    }

    @Test
    void alertsThatWaitedForTheNightToEndCountTowardTheDayTheyArrive() {
        reader("night.owl@example.com", SubscriberStatus.ACTIVE, true, "Europe/Berlin", new QuietHours(22, 7),
                "#Aviation");
        // Three alerts in the Berlin night all arrive at 07:00 on Friday.
        at(Instant.parse("2025-11-27T22:30:00Z"));
        for (int i = 0; i < 3; i++) {
            assertThat(alerts.send(story("Night " + i, "#Aviation").id(), "editor").alert().recipients())
                    .isEqualTo(1);
            clock.advance(Duration.ofMinutes(30));
        }

        // Friday 10:00 in Berlin: the reader has had three alerts today.
        at(Instant.parse("2025-11-28T09:00:00Z"));
        Alert morning = alerts.send(story("Morning", "#Aviation").id(), "editor").alert();

        assertThat(morning.recipients()).isZero();
        assertThat(morning.overCap()).isEqualTo(1);
    }

    @Test
    void aPreviewCountsTheReadersByTagAndWritesTheEmailButSendsNothing() {
        reader("aviation@example.com", "Asia/Kolkata", "#Aviation");
        reader("both@example.com", "Asia/Kolkata", "#Airbus", "#Aviation");
        reader("alerts.off@example.com", SubscriberStatus.ACTIVE, false, "UTC", null, "#Airbus");
        Article story = story("Airbus orders <A320> software fix", "#Aviation", "#Airbus", "#Toulouse");

        AlertPreview preview = alerts.preview(story.id());

        assertThat(preview.recipients()).isEqualTo(2);
        assertThat(preview.byTag()).extracting(reach -> reach.tag().label(), TagReach::readers)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Aviation", 2),
                        org.assertj.core.groups.Tuple.tuple("Airbus", 1),
                        org.assertj.core.groups.Tuple.tuple("Toulouse", 0));
        assertThat(preview.afterQuiet()).isZero();
        assertThat(preview.overCap()).isZero();
        assertThat(preview.alreadySent()).isNull();
        assertThat(preview.email().subject()).isEqualTo("Breaking: Airbus orders <A320> software fix");
        assertThat(preview.email().to()).isEqualTo("reader@example.com");
        assertThat(preview.email().html()).contains("Airbus orders &lt;A320&gt; software fix")
                .doesNotContain("aviation@example.com");
        assertThat(preview.email().text()).as("on UTC, no reader's zone").contains("UTC", "#Airbus")
                .doesNotContain("IST");
        assertThat(queued()).isEmpty();
        assertThat(alerts.find(story.id())).isEmpty();
        assertThat(jdbc.sql("select count(*) from alert_window").query(Long.class).single()).isZero();

        Alert sent = alerts.send(story.id(), "editor").alert();
        assertThat(alerts.preview(story.id()).alreadySent()).isEqualTo(sent);
    }

    @Test
    void aPreviewWithNobodyToReachStillShowsTheEmail() {
        Article story = story("Quiet news day", "#Weather");

        AlertPreview preview = alerts.preview(story.id());

        assertThat(preview.recipients()).isZero();
        assertThat(preview.byTag()).extracting(TagReach::readers).containsExactly(0);
        assertThat(preview.email().subject()).isEqualTo("Breaking: Quiet news day");
        assertThat(preview.email().text()).contains("#Weather");
    }

    @Test
    void anAlertForAnArticleThatDoesNotExistIsRefused() {
        assertThatThrownBy(() -> alerts.send(424242, "editor")).isInstanceOf(ArticleNotFound.class);
        assertThatThrownBy(() -> alerts.preview(424242)).isInstanceOf(ArticleNotFound.class);
    }

    @Test
    void anEmbargoedStoryCannotBeAlertedBeforeItsTime() {
        reader("reader@example.com", "UTC", "#Aviation");
        Article embargoed = Readers.story(articles, "Embargoed", THURSDAY.plus(Duration.ofHours(1)), "#Aviation");

        assertThatThrownBy(() -> alerts.send(embargoed.id(), "editor")).isInstanceOf(ArticleNotPublished.class);
        assertThat(queued()).isEmpty();

        clock.advance(Duration.ofHours(1));
        assertThat(alerts.send(embargoed.id(), "editor").alert().recipients()).isEqualTo(1);
    }

    @Test
    void aStoryAlreadyQueuedToAReaderOneByOneIsNotQueuedToThemAgain() {
        Subscriber reader = reader("reader@example.com", "UTC", "#Aviation");
        reader("other@example.com", "UTC", "#Aviation");
        Article story = story("Airbus orders A320 software fix", "#Aviation");
        outbox.queueAlert(reader, story.id());
        outbox.queueAlert(reader, story.id());

        assertThat(alerts.send(story.id(), "editor").alert().recipients()).isEqualTo(1);
        assertThat(recipientsOf(story)).containsExactly("other@example.com", "reader@example.com");
    }

    @Test
    void readersWhoHadTheStoryInADigestAreSkippedAndThePreviewSaysHowMany() {
        Subscriber hadIt = reader("had.it@example.com", "UTC", "#Aviation");
        Subscriber hadOthers = reader("had.others@example.com", "UTC", "#Aviation");
        Subscriber hadItLast = reader("had.it.last@example.com", "UTC", "#Aviation");
        reader("no.digest@example.com", "UTC", "#Aviation");
        Article other = story("easyJet finishes A320 updates", "#Aviation");
        Article story = story("Airbus orders A320 software fix", "#Aviation");
        Article later = story("Lufthansa grounds A320s", "#Aviation");
        clock.advance(Duration.ofMinutes(10));
        DeliveryPeriod.Day today = new DeliveryPeriod.Day(LocalDate.of(2025, 11, 27));
        outbox.queueDigests(List.of(
                new Outbox.DigestOrder(hadIt.id(), "had.it@example.com", today, List.of(story.id(), other.id()), 0),
                // The stories on either side of it, first and last in the list, are not it.
                new Outbox.DigestOrder(hadOthers.id(), "had.others@example.com", today,
                        List.of(later.id(), other.id()), 0),
                new Outbox.DigestOrder(hadItLast.id(), "had.it.last@example.com", today,
                        List.of(later.id(), story.id()), 2)));

        AlertPreview preview = alerts.preview(story.id());
        Alerts.Outcome outcome = alerts.send(story.id(), "editor");

        assertThat(preview.recipients()).isEqualTo(2);
        assertThat(preview.hadInDigest()).isEqualTo(2);
        assertThat(preview.byTag()).as("counted among the recipients, not among the tag's followers")
                .extracting(TagReach::readers).containsExactly(2);
        assertThat(outcome.alert().recipients()).isEqualTo(2);
        assertThat(outcome.alert().overCap()).isZero();
        assertThat(recipientsOf(story)).containsExactly("had.others@example.com", "no.digest@example.com");
        assertThat(alerts.preview(later.id()).hadInDigest()).isEqualTo(2);
    }

    @Test
    void thePreviewOfACorrectedStoryShowsItsCorrectionAsItsReadersWillGetIt() {
        reader("corrected@example.com", "UTC", "#Aviation");
        Article story = story("Airbus grounds 60,000 jets", "#Aviation");
        corrections.add(story.id(), "It is 6,000 jets.", null, "editor", clock.instant());

        assertThat(alerts.preview(story.id()).email().text()).contains("Correction: It is 6,000 jets.");
    }

    @Test
    void anAlertSentBeforeAnyDigestHoldsTheStoryChecksNoDigest() {
        reader("reader@example.com", "UTC", "#Aviation");
        Subscriber earlier = reader("earlier@example.com", "UTC", "#Aviation");
        Article old = story("easyJet finishes A320 updates", "#Aviation");
        outbox.queueDigests(List.of(new Outbox.DigestOrder(earlier.id(), "earlier@example.com",
                new DeliveryPeriod.Day(LocalDate.of(2025, 11, 26)), List.of(old.id()), 0)));
        clock.advance(Duration.ofMinutes(10));
        Article story = story("Airbus orders A320 software fix", "#Aviation");

        assertThat(alerts.preview(story.id()).hadInDigest()).isZero();
        assertThat(alerts.send(story.id(), "editor").alert().recipients()).isEqualTo(2);
    }
}
