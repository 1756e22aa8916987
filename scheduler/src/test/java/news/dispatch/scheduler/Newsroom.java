package news.dispatch.scheduler;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Test data in a line: readers, stories, and the digests the outbox holds. */
@Component
public class Newsroom {

    private static final AtomicLong URLS = new AtomicLong();

    private final Subscribers subscribers;
    private final Articles articles;
    private final JdbcClient jdbc;

    Newsroom(Subscribers subscribers, Articles articles, JdbcClient jdbc) {
        this.subscribers = subscribers;
        this.articles = articles;
        this.jdbc = jdbc;
    }

    /** An ACTIVE reader, confirmed now by the test clock. */
    public Subscriber reader(String email, Frequency frequency, String zone, int sendHour, String... tags) {
        return subscribers.add(EmailAddress.of(email), new Preferences(Arrays.stream(tags).map(Tag::of).toList(),
                frequency, ZoneId.of(zone), sendHour, true), SubscriberStatus.ACTIVE);
    }

    public Subscriber daily(String email, String... tags) {
        return reader(email, Frequency.DAILY, "UTC", 7, tags);
    }

    public Article story(String title, String publishedAt, String... tags) {
        return story(title, Instant.parse(publishedAt), tags);
    }

    /** A story that reached Dispatch the moment it was published, as an editor's story does. */
    public Article story(String title, Instant publishedAt, String... tags) {
        Article story = arrived(title, publishedAt, tags);
        jdbc.sql("update article set released_at = published_at where id = ?").param(story.id()).update();
        return story;
    }

    /** A story that reaches Dispatch now, whatever time it carries (a feed entry polled late, a backdated one). */
    public Article arrived(String title, Instant publishedAt, String... tags) {
        return articles.publish(new NewArticle(title, "Summary of " + title, null, "Desk",
                URI.create("https://news.example/story/" + URLS.incrementAndGet()), publishedAt,
                Arrays.stream(tags).map(Tag::of).toList()));
    }

    /** A digest in the outbox. */
    public record Queued(long deliveryId, long subscriberId, String recipient, List<Long> articleIds, int more) {
    }

    /** Every digest queued so far, oldest first. */
    public List<Queued> queued() {
        return queued(Long.MAX_VALUE);
    }

    /** The digests queued so far for readers with ids up to the one given, oldest first. */
    public List<Queued> queued(long upToReader) {
        return jdbc.sql("""
                        select id, subscriber_id, recipient, content from delivery
                         where kind = 'DIGEST' and subscriber_id <= ? order by id""")
                .param(upToReader)
                .query((rs, row) -> {
                    Map<String, String> content = content(rs.getString("content"));
                    String ids = content.getOrDefault("articles", "");
                    return new Queued(rs.getLong("id"), rs.getLong("subscriber_id"), rs.getString("recipient"),
                            ids.isEmpty() ? List.of() : Arrays.stream(ids.split(",")).map(Long::valueOf).toList(),
                            Integer.parseInt(content.getOrDefault("more", "0")));
                })
                .list();
    }

    public List<Queued> queuedFor(Subscriber reader) {
        return queued().stream().filter(q -> q.subscriberId() == reader.id()).toList();
    }

    /** The ids of the stories, in the order given. */
    public static List<Long> ids(Article... stories) {
        return Arrays.stream(stories).map(Article::id).toList();
    }

    private static Map<String, String> content(String stored) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : stored.split("&")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}
