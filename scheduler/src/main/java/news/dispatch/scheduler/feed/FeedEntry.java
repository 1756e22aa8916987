package news.dispatch.scheduler.feed;

import java.time.Instant;
import java.util.List;

/** One item of a feed, as read: summary as plain text, categories as the feed names them. */
record FeedEntry(String key, String title, String summary, String link, String author, Instant publishedAt,
                 List<String> categories) {
}
