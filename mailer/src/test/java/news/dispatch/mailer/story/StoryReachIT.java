package news.dispatch.mailer.story;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.Correction;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.MailerTestApplication;
import news.dispatch.mailer.Readers;
import news.dispatch.mailer.outbox.DeliveryPeriod;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.mailer.outbox.Outbox.DigestOrder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Who a correction reaches, as its story's page counts them and as it is sent: every active reader who was sent the
 * story, or is being sent it, by alert or in a digest wherever the story stood in it, is owed it once; nobody whose
 * mail of it failed, who left, or who had only other stories, however alike their ids. A reader whose mail of it is
 * still queued is counted but not owed it: written later, that mail says the correction under the story.
 */
@SpringBootTest(classes = MailerTestApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:story_reach;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "dispatch.mail.enabled=false"})
@Import(StoryReachIT.Time.class)
@ResetsDatabase({"delivery", "subscriber", "article"})
class StoryReachIT {

    @TestConfiguration
    static class Time {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.parse("2026-12-01T06:00:00Z"));
        }
    }

    @Autowired
    StoryDesk stories;

    @Autowired
    Outbox outbox;

    @Autowired
    Articles articles;

    @Autowired
    Subscribers subscribers;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aCorrectionReachesTheStorysReadersWhereverItStoodInTheirMailAndNobodyElse() {
        Subscriber earlier = Readers.active(subscribers, "earlier@example.com", "#Aviation");
        Article before = Readers.story(articles, "Before", clock.instant(), "#Aviation");
        digest(earlier, before.id());
        clock.advance(Duration.ofHours(1));
        Article story = Readers.story(articles, "The story", clock.instant(), "#Aviation");
        Article other = Readers.story(articles, "Another", clock.instant(), "#Aviation");
        clock.advance(Duration.ofMinutes(10));

        Subscriber alerted = Readers.active(subscribers, "alerted@example.com", "#Aviation");
        outbox.queueAlert(alerted, story.id());
        Subscriber alone = Readers.active(subscribers, "alone@example.com", "#Aviation");
        digest(alone, story.id());
        Subscriber first = Readers.active(subscribers, "first@example.com", "#Aviation");
        digest(first, story.id(), other.id());
        Subscriber inside = Readers.active(subscribers, "inside@example.com", "#Aviation");
        digest(inside, other.id(), story.id(), before.id());
        Subscriber last = Readers.active(subscribers, "last@example.com", "#Aviation");
        digest(last, other.id(), story.id());
        Subscriber both = Readers.active(subscribers, "both@example.com", "#Aviation");
        outbox.queueAlert(both, story.id());
        digest(both, story.id());

        Subscriber lookalikes = Readers.active(subscribers, "lookalikes@example.com", "#Aviation");
        digest(lookalikes, story.id() * 10, story.id() * 10 + 1, 10 + story.id());
        Subscriber failed = Readers.active(subscribers, "failed@example.com", "#Aviation");
        digest(failed, story.id());
        jdbc.sql("update delivery set status = 'FAILED', lane = null where subscriber_id = ?").param(failed.id())
                .update();
        Subscriber gone = Readers.active(subscribers, "gone@example.com", "#Aviation");
        digest(gone, story.id());
        jdbc.sql("update subscriber set status = 'UNSUBSCRIBED' where id = ?").param(gone.id()).update();
        Subscriber otherOnly = Readers.active(subscribers, "other@example.com", "#Aviation");
        digest(otherOnly, other.id());
        jdbc.sql("update delivery set status = 'SENT', lane = null, sent_at = available_at where status = 'QUEUED'")
                .update();
        Subscriber claimed = Readers.active(subscribers, "claimed@example.com", "#Aviation");
        outbox.queueAlert(claimed, story.id());
        jdbc.sql("update delivery set status = 'SENDING', claimed_by = 'a worker' where subscriber_id = ?")
                .param(claimed.id()).update();
        Subscriber queued = Readers.active(subscribers, "queued@example.com", "#Aviation");
        digest(queued, other.id(), story.id());
        outbox.queueAlert(queued, story.id());

        List<Long> reached = List.of(alerted.id(), alone.id(), first.id(), inside.id(), last.id(), both.id(),
                claimed.id());
        assertThat(stories.previewCorrection(story.id())).as("and the queued reader, who reads it under the story")
                .isEqualTo(reached.size() + 1);

        Correction correction = stories.correct(story.id(), "The flight left at 9, not 8.", "editor");

        assertThat(correction.recipients()).isEqualTo(reached.size() + 1);
        assertThat(jdbc.sql("select subscriber_id from correction_owed where correction_id = ?")
                .param(correction.id()).query(Long.class).list()).containsExactlyInAnyOrderElementsOf(reached);
        assertThat(stories.previewCorrection(before.id())).as("the story of a digest before the other's release")
                .isEqualTo(2);
    }

    private void digest(Subscriber reader, Long... storyIds) {
        outbox.queueDigests(List.of(new DigestOrder(reader.id(), reader.email().value(),
                new DeliveryPeriod.Run("run-" + reader.id() + "-" + clock.instant()), List.of(storyIds), 0)));
    }
}
