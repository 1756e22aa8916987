package news.dispatch.core.article;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which story develops which: a follow-up names the earlier story it {@code follows}. Readers may also follow a story
 * from their email, to get its follow-ups whatever their tags. Who is owed a follow-up is the mailer's business.
 */
public interface FollowUps {

    /** Records that the article follows the earlier one. */
    void link(long articleId, long earlierId);

    /** The story the article follows, if it follows one. */
    Optional<Long> earlier(long articleId);

    /**
     * The stories that develop the article, and those that develop them in turn, published or waiting for their time:
     * a few, often none.
     */
    List<Long> later(long articleId);

    /** For each of the articles that follows another, the id of the one it follows. */
    Map<Long, Long> earlierOf(Collection<Long> articleIds);

    /** The reader asks for every follow-up of the story; asking twice is asking once. */
    void follow(long subscriberId, long articleId, Instant at);

    boolean follows(long subscriberId, long articleId);

    /** The stories the reader follows, latest followed first. */
    List<FollowedStory> followedBy(long subscriberId);

    /** A story a reader follows, and since when. */
    record FollowedStory(long articleId, String title, Instant followedAt) {
    }
}
