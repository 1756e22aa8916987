package news.dispatch.mailer.story;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.Correction;
import news.dispatch.core.article.Corrections;
import news.dispatch.core.article.FollowUps;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.jdbc.Timestamps;
import news.dispatch.core.jdbc.TriedAgainWhenBusy;
import news.dispatch.mailer.alert.ArticleNotFound;
import news.dispatch.mailer.outbox.Notice;
import news.dispatch.mailer.outbox.Outbox;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Corrections and follow-ups, set-based: the readers who were sent a story are copied from the delivery history in
 * one statement into what they are owed ({@code correction_owed}, {@code follow_up_owed}), which their next digest
 * carries and takes off. A reader who reads as it happens gets a correction at once, as a notice; a paused one
 * waits for their first digest after the pause.
 */
@Service
public class StoryDesk {

    /** A reader {@code s} who reads as it happens and is not paused: owed a correction, they get it at once. */
    private static final String READS_AT_ONCE = "s.frequency = 'IMMEDIATE' and s.paused_until is null";

    /** The readers owed a correction who get it at once. */
    private static final String AT_ONCE = """
            from correction_owed o
            join subscriber s on s.id = o.subscriber_id
           where o.correction_id = :correction and\s""" + READS_AT_ONCE;

    /** How far back a story's followers are looked for along what it follows. */
    private static final int LINE = 50;

    private final Articles articles;
    private final Corrections corrections;
    private final FollowUps followUps;
    private final Outbox outbox;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    StoryDesk(Articles articles, Corrections corrections, FollowUps followUps, Outbox outbox, JdbcClient jdbc,
              TransactionTemplate transaction, Clock clock) {
        this.articles = articles;
        this.corrections = corrections;
        this.followUps = followUps;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * Publishes a story, tried again when the database refuses it for a moment: it locks its tags' rows, which an
     * import or another story may hold (an editor's publish answered {@code 503} twice under a QA helper's load).
     *
     * @throws news.dispatch.core.article.DuplicateArticleUrl when an article with the same url exists
     */
    @TriedAgainWhenBusy
    public Article publish(NewArticle article) {
        return articles.publish(article);
    }

    /**
     * Changes a story as {@link Articles#update} does, but never moves one that readers were sent, or that is queued
     * or being sent to them, to a time ahead: the embargo would take its page from under the links they hold, and
     * a correction would find nobody to reach (QA, 7 December). Re-dating it into the past stays free.
     *
     * @return the story as stored now; empty when there is no such article
     * @throws InvalidInput on {@code publishedAt} when the new time is ahead and the story has readers
     * @throws news.dispatch.core.article.DuplicateArticleUrl when another article has the url
     */
    @TriedAgainWhenBusy
    public Optional<Article> update(long articleId, NewArticle changed) {
        Instant now = Timestamps.now(clock);
        return transaction.execute(status -> {
            if (changed.publishedAt() != null && changed.publishedAt().isAfter(now)) {
                // An alert or a digest batch takes this gate before it queues the story: none slips in unseen.
                jdbc.sql("select id from alert_gate for update").query(Integer.class).list();
                int readers = outbox.countReadersOf(articleId, Outbox.Sent.OR_QUEUED);
                if (readers > 0) {
                    throw new InvalidInput("publishedAt", (readers == 1 ? "1 reader has" : readers + " readers have")
                            + " this story already, so it cannot be held back until a later time; a time up to now"
                            + " is possible");
                }
            }
            return articles.update(articleId, changed);
        });
    }

    /**
     * Corrects a published story for every reader who was sent it; {@code recipients} says how many.
     *
     * @throws ArticleNotFound when there is no such article
     * @throws StoryNotPublished when its publication time is ahead
     * @throws InvalidInput on {@code text} when it is blank or too long
     */
    @TriedAgainWhenBusy
    public Correction correct(long articleId, String text, String by) {
        return correct(articleId, text, null, by);
    }

    /**
     * Corrects the story as {@link #correct(long, String, String)} does, the correction being its new title: readers'
     * emails say so in their language, {@code text} is what staff read.
     */
    @TriedAgainWhenBusy
    public Correction correct(long articleId, String text, Correction.Retitle retitle, String by) {
        String checked = Correction.text(text);
        Instant now = Timestamps.now(clock);
        published(articleId, now);
        return transaction.execute(status -> {
            Correction correction = corrections.add(articleId, checked, retitle, by, now);
            owe(correction);
            outbox.queueNotices(Notice.CORRECTION, Map.of("correction", String.valueOf(correction.id())),
                    new Outbox.Audience(AT_ONCE, ":now", Map.of("correction", correction.id())));
            // Each owed row looks its reader up: H2 ran a subquery over the table the statement deletes from again
            // for every row, and a correction to a story 38,000 readers had was still deleting after ten minutes.
            jdbc.sql("delete from correction_owed o where o.correction_id = :correction"
                            + " and exists (select 1 from subscriber s where s.id = o.subscriber_id and " + READS_AT_ONCE
                            + ")")
                    .param("correction", correction.id())
                    .update();
            // Who reads it: those owed it, and those whose email of the story, still queued, will say it under it.
            return corrections.countRecipients(correction, outbox.countReadersOf(articleId, Outbox.Sent.OR_QUEUED));
        });
    }

    /** How many readers a correction to the story would reach now, as {@link #correct} counts them. */
    public int previewCorrection(long articleId) {
        published(articleId, Timestamps.now(clock));
        return outbox.countReadersOf(articleId, Outbox.Sent.OR_QUEUED);
    }

    private void owe(Correction correction) {
        // A reader whose email of the story is still queued reads the correction under the story there.
        outbox.copyReadersOf(correction.articleId(), Outbox.Sent.OR_BEING_SENT, new Outbox.Copy(
                "correction_owed (correction_id, subscriber_id)", "cast(:correction as bigint)",
                Map.of("correction", correction.id())));
    }

    private Article published(long articleId, Instant now) {
        Article article = articles.find(articleId).orElseThrow(() -> new ArticleNotFound(articleId));
        if (article.publishedAt().isAfter(now)) {
            throw new StoryNotPublished(articleId, article.publishedAt());
        }
        return article;
    }

    /**
     * Publishes a story that develops an earlier one: every active reader who was sent the earlier story, or asked to
     * follow it or a story it develops in turn, is owed the follow-up in their next email, whatever their tags.
     *
     * @throws InvalidInput on {@code follows} when there is no such earlier story
     */
    @TriedAgainWhenBusy
    public Article publishFollowUp(NewArticle article, long follows) {
        if (articles.find(follows).isEmpty()) {
            throw new InvalidInput("follows", "there is no article " + follows + " for this one to follow");
        }
        List<Long> line = line(follows);
        return transaction.execute(status -> {
            // A digest run's batch takes this gate before it commits: if it comes second it owes the follow-up to its
            // readers of the story, and if first, its digests are among those copied below.
            jdbc.sql("select id from alert_gate for update").query(Integer.class).list();
            Article published = articles.publish(article);
            followUps.link(published.id(), follows);
            outbox.copyReadersOf(follows, Outbox.Sent.OR_QUEUED, new Outbox.Copy("follow_up_owed (article_id, subscriber_id)",
                    "cast(:article as bigint)", Map.of("article", published.id())));
            jdbc.sql("""
                            insert into follow_up_owed (article_id, subscriber_id)
                            select cast(:article as bigint), f.subscriber_id
                              from story_follower f
                              join subscriber s on s.id = f.subscriber_id
                             where f.article_id in (:line) and s.status = 'ACTIVE'
                            on conflict do nothing
                            """)
                    .param("article", published.id())
                    .param("line", line)
                    .update();
            return published;
        });
    }

    /** The story and those it develops in turn, back to where the line began (a few hops, at most {@link #LINE}). */
    private List<Long> line(long story) {
        List<Long> line = new ArrayList<>(List.of(story));
        Optional<Long> earlier = followUps.earlier(story);
        while (earlier.isPresent() && line.size() < LINE && !line.contains(earlier.get())) {
            line.add(earlier.get());
            earlier = followUps.earlier(earlier.get());
        }
        return line;
    }

    /**
     * The reader asks for every follow-up of the story.
     *
     * @throws ArticleNotFound when there is no such article
     */
    public Article follow(long subscriberId, long articleId) {
        Article article = articles.find(articleId).orElseThrow(() -> new ArticleNotFound(articleId));
        followUps.follow(subscriberId, articleId, Timestamps.now(clock));
        return article;
    }
}
