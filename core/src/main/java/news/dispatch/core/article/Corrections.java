package news.dispatch.core.article;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** The corrections made to stories, oldest first. Who is owed one is the mailer's business. */
public interface Corrections {

    /**
     * Records a correction to the story, owed to nobody yet; {@code text} as {@link Correction#text} checks it,
     * {@code retitle} null unless a feed retitled the story.
     */
    Correction add(long articleId, String text, Correction.Retitle retitle, String by, Instant at);

    /** Records how many readers the correction is owed to. */
    Correction countRecipients(Correction correction, int recipients);

    /** The story's corrections, oldest first. */
    List<Correction> of(long articleId);

    /** The corrections of these stories, oldest first: a page of stories' in one statement. */
    List<Correction> ofStories(Collection<Long> articleIds);

    /** The corrections with these ids that exist, oldest first. */
    List<Correction> findAll(Collection<Long> ids);
}
