package news.dispatch.mailer.outbox;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.suppression.Suppressions;
import news.dispatch.mailer.letter.Email;
import news.dispatch.mailer.letter.Letters;

import org.springframework.stereotype.Component;

/**
 * Writes the emails of a claimed batch, with the readers and articles of the whole batch loaded in a few
 * queries. A delivery whose reader is gone, has left or was suspended since it was queued is not written, nor one
 * to an address on the suppression list, whatever queued it: every email passes here.
 * Each email is written when its turn to be sent comes, so that a worker holds one email at a time rather than its
 * whole claim's (hundreds of digests of tens of kilobytes each).
 */
@Component
class Composition {

    private final Subscribers subscribers;
    private final Articles articles;
    private final Letters letters;
    private final Suppressions suppressions;

    Composition(Subscribers subscribers, Articles articles, Letters letters, Suppressions suppressions) {
        this.subscribers = subscribers;
        this.articles = articles;
        this.letters = letters;
        this.suppressions = suppressions;
    }

    /** Each delivery of the batch with its email, or with the reason it must not be sent. */
    record Composed(ClaimedDelivery delivery, Email email, String dropped) {
    }

    /** The readers and articles of a claimed batch, from which each of its emails is written. */
    final class Batch {

        private final Map<Long, Subscriber> readers;
        private final Map<Long, Article> stories;
        private final Set<String> suppressed;

        private Batch(Map<Long, Subscriber> readers, Map<Long, Article> stories, Set<String> suppressed) {
            this.readers = readers;
            this.stories = stories;
            this.suppressed = suppressed;
        }

        Composed compose(ClaimedDelivery delivery) {
            Subscriber reader = readers.get(delivery.subscriberId());
            if (reader != null && suppressed.contains(reader.email().key())) {
                return dropped(delivery, "not sent: suppressed (the address is on the suppression list)");
            }
            return Composition.this.compose(delivery, reader, stories);
        }
    }

    Batch load(List<ClaimedDelivery> batch) {
        Map<Long, Subscriber> readers = subscribers.findAll(batch.stream().map(ClaimedDelivery::subscriberId)
                        .filter(Objects::nonNull).distinct().toList()).stream()
                .collect(Collectors.toMap(Subscriber::id, Function.identity()));
        Map<Long, Article> stories = new HashMap<>();
        articles.findAll(articleIds(batch)).forEach(article -> stories.put(article.id(), article));
        Set<String> suppressed = suppressions.suppressedAmong(readers.values().stream()
                .map(reader -> reader.email().value()).toList());
        return new Batch(readers, stories, suppressed);
    }

    private Composed compose(ClaimedDelivery delivery, Subscriber reader, Map<Long, Article> stories) {
        if (reader == null) {
            return dropped(delivery, "not sent: the reader's data was erased");
        }
        SubscriberStatus status = reader.status();
        if (delivery.kind().needsActiveReader() ? status != SubscriberStatus.ACTIVE
                : status == SubscriberStatus.UNSUBSCRIBED || status == SubscriberStatus.SUSPENDED) {
            return dropped(delivery, "not sent: the reader is " + status);
        }
        Content content = delivery.content();
        return switch (delivery.kind()) {
            case CONFIRMATION -> written(delivery, letters.confirmation(reader, content.get("token")));
            case NOTICE -> written(delivery, switch (Notice.valueOf(content.get("notice"))) {
                case WELCOME -> letters.welcome(reader);
                case PREFERENCES_LINK -> letters.preferencesLink(reader);
            });
            case ALERT -> {
                Article article = stories.get(content.number("article"));
                yield article == null ? dropped(delivery, "not sent: the article was removed")
                        : written(delivery, letters.alert(reader, article));
            }
            case DIGEST -> {
                // Newest first by publication, though chosen by arrival: a late feed entry sits where it belongs.
                List<Article> held = content.numbers("articles").stream().map(stories::get)
                        .filter(Objects::nonNull)
                        .sorted(Comparator.comparing(Article::publishedAt).reversed())
                        .toList();
                // Digests queued before they named their rhythm are of the reader's frequency.
                String rhythm = content.values().get("rhythm");
                yield held.isEmpty() ? dropped(delivery, "not sent: its articles were removed")
                        : written(delivery, letters.digest(reader, rhythm == null ? reader.preferences().frequency()
                                : Frequency.valueOf(rhythm), held, (int) content.number("more")));
            }
        };
    }

    private static Collection<Long> articleIds(List<ClaimedDelivery> batch) {
        return batch.stream().flatMap(delivery -> switch (delivery.kind()) {
            case ALERT -> Stream.of(delivery.content().number("article"));
            case DIGEST -> delivery.content().numbers("articles").stream();
            default -> Stream.<Long>empty();
        }).distinct().toList();
    }

    private static Composed written(ClaimedDelivery delivery, Email email) {
        return new Composed(delivery, email, null);
    }

    private static Composed dropped(ClaimedDelivery delivery, String reason) {
        return new Composed(delivery, null, reason);
    }
}
