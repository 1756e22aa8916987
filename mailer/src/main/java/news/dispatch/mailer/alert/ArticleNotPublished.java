package news.dispatch.mailer.alert;

import java.time.Instant;

/**
 * An alert was asked for an article whose publication time is still ahead (an embargo): readers could not open it
 * yet, so it cannot be alerted before then.
 */
public class ArticleNotPublished extends RuntimeException {

    private final Instant publishedAt;

    public ArticleNotPublished(long articleId, Instant publishedAt) {
        super("Article " + articleId + " is not published until " + publishedAt + "; alert it once it is.");
        this.publishedAt = publishedAt;
    }

    public Instant publishedAt() {
        return publishedAt;
    }
}
