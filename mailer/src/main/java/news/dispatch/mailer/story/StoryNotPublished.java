package news.dispatch.mailer.story;

import java.time.Instant;

/** A correction was asked for a story whose publication time is still ahead: nobody has been sent it yet. */
public class StoryNotPublished extends RuntimeException {

    public StoryNotPublished(long articleId, Instant publishedAt) {
        super("Article " + articleId + " is not published until " + publishedAt + ": nobody has read it yet, so "
                + "there is nobody to correct it for. Edit the article instead.");
    }
}
