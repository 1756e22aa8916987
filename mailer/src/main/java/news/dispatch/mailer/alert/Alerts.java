package news.dispatch.mailer.alert;

import java.util.Optional;

import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;

/**
 * Breaking-news alerts. An alert holds one article and goes to every ACTIVE reader with alerts on who follows at
 * least one of its tags, queued in the outbox ahead of digests, in one transaction with its audit record. Each
 * article is alerted once: asking again, or twice at the same moment, sends nobody a second alert. A reader gets at
 * most {@link AlertSettings#dailyCap()} alerts in their local day, and none in their quiet hours (it waits for their
 * end). A story a reader got as an alert is left out of their digests.
 */
public interface Alerts {

    /**
     * Sends the article's alert unless it was sent before.
     *
     * @param editor who asks, for the audit record
     * @return the article's alert, and whether this call sent it
     * @throws ArticleNotFound     when there is no such article
     * @throws ArticleNotPublished when its publication time is still ahead
     */
    Outcome send(long articleId, String editor);

    /**
     * What sending the article's alert now would do, and the email it would send. Sends and stores nothing.
     *
     * @throws ArticleNotFound when there is no such article
     */
    AlertPreview preview(long articleId);

    /** The article's alert, when it was sent. */
    Optional<Alert> find(long articleId);

    /** Every alert sent, newest first. */
    Page<Alert> list(PageRequest request);

    /** The alert of an article, and whether the call that answers it sent it ({@code false}: sent before). */
    record Outcome(Alert alert, boolean sentNow) {
    }
}
