package news.dispatch.scheduler.feed;

import java.time.Instant;
import java.util.List;

/**
 * One item of a feed, as read: its key in the feed (see {@link FeedReader}), title and summary as plain text, its
 * link absolute or {@code null}, its date ({@code null} when it has none, or none that can be read), categories as
 * the feed names them. {@code priorKey} is the key Dispatch gave it before keys took titles and dates in (its guid,
 * else its link), so that an entry taken then is known now.
 */
record FeedEntry(String key, String priorKey, String title, String summary, String link, String author,
                 Instant publishedAt, List<String> categories) {

    boolean undated() {
        return publishedAt == null;
    }
}
