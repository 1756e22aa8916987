package news.dispatch.mailer;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

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

/** Test data in a line: a reader who follows some tags, an article with some tags. */
public final class Readers {

    private Readers() {
    }

    public static Subscriber active(Subscribers subscribers, String email, String... tags) {
        return subscribers.add(EmailAddress.of(email), preferences(tags), SubscriberStatus.ACTIVE);
    }

    public static Preferences preferences(String... tags) {
        return new Preferences(Arrays.stream(tags).map(Tag::of).toList(), Frequency.DAILY,
                ZoneId.of("Europe/Berlin"), 7, true);
    }

    public static Article story(Articles articles, String title, Instant publishedAt, String... tags) {
        return articles.publish(new NewArticle(title, "Summary of " + title, "Body", "Saif",
                URI.create("https://news.example/" + Math.abs(title.hashCode()) + "-" + System.nanoTime()),
                publishedAt, List.of(tags).stream().map(Tag::of).toList()));
    }
}
