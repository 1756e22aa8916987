package news.dispatch.mailer.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.Correction;
import news.dispatch.core.article.Corrections;
import news.dispatch.core.article.FollowUps;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.suppression.Suppressions;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.Tags;
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

    static final String PAUSED = "not sent: the reader paused their mail";

    private final Subscribers subscribers;
    private final Articles articles;
    private final Corrections corrections;
    private final FollowUps followUps;
    private final Letters letters;
    private final Suppressions suppressions;
    private final Tags tags;
    private final Clock clock;

    Composition(Subscribers subscribers, Articles articles, Corrections corrections, FollowUps followUps,
                Letters letters, Suppressions suppressions, Tags tags, Clock clock) {
        this.clock = clock;
        this.tags = tags;
        this.subscribers = subscribers;
        this.articles = articles;
        this.corrections = corrections;
        this.followUps = followUps;
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
        private final Map<Long, Correction> corrections;
        private final Map<Long, Long> earlier;
        private final Map<TagKey, Tags.Retirement> retirements;
        /** The corrections made to the batch's stories, by story: said under a story to readers sent it after them. */
        private final Map<Long, List<Correction>> noted;
        /** When its readers were read: a reader paused then gets no digest or alert from it. */
        private final Instant loadedAt;

        private Batch(Map<Long, Subscriber> readers, Map<Long, Article> stories, Set<String> suppressed,
                      Map<Long, Correction> corrections, Map<Long, Long> earlier,
                      Map<TagKey, Tags.Retirement> retirements, Map<Long, List<Correction>> noted,
                      Instant loadedAt) {
            this.retirements = retirements;
            this.noted = noted;
            this.loadedAt = loadedAt;
            this.readers = readers;
            this.stories = stories;
            this.suppressed = suppressed;
            this.corrections = corrections;
            this.earlier = earlier;
        }

        Composed compose(ClaimedDelivery delivery) {
            Subscriber reader = readers.get(delivery.subscriberId());
            if (reader != null && suppressed.contains(reader.email().key())) {
                return dropped(delivery, "not sent: suppressed (the address is on the suppression list)");
            }
            return Composition.this.compose(delivery, reader, this);
        }

        /** The corrections with these ids that still exist, each with its story. */
        private List<Letters.Corrected> corrected(List<Long> ids) {
            return ids.stream().map(corrections::get).filter(Objects::nonNull)
                    .filter(correction -> stories.containsKey(correction.articleId()))
                    .map(correction -> new Letters.Corrected(correction, stories.get(correction.articleId())))
                    .toList();
        }

        /** The retired tags with these keys, with what their followers are offered. */
        private List<Tags.Retirement> retired(List<String> keys) {
            return keys.stream().map(key -> retirements.get(new TagKey(key))).filter(Objects::nonNull).toList();
        }

        /** For each follow-up the digest carries as one, the story the reader read that it follows. */
        private Map<Long, Article> because(List<Long> followUps) {
            Map<Long, Article> because = new HashMap<>();
            for (Long followUp : followUps) {
                Long read = earlier.get(followUp);
                if (read != null && stories.containsKey(read)) {
                    because.put(followUp, stories.get(read));
                }
            }
            return because;
        }
    }

    Batch load(List<ClaimedDelivery> batch) {
        Instant loadedAt = clock.instant();
        Map<Long, Subscriber> readers = subscribers.findAll(batch.stream().map(ClaimedDelivery::subscriberId)
                        .filter(Objects::nonNull).distinct().toList()).stream()
                .collect(Collectors.toMap(Subscriber::id, Function.identity()));
        Map<Long, Correction> corrected = new HashMap<>();
        corrections.findAll(correctionIds(batch)).forEach(correction -> corrected.put(correction.id(), correction));
        List<Long> followUpIds = batch.stream().filter(delivery -> delivery.kind() == DeliveryKind.DIGEST)
                .flatMap(delivery -> delivery.content().numbersIfAny("followups").stream()).distinct().toList();
        Map<Long, Long> earlier = followUps.earlierOf(followUpIds);
        Collection<Long> told = articleIds(batch);
        Set<Long> wanted = new HashSet<>(told);
        corrected.values().forEach(correction -> wanted.add(correction.articleId()));
        wanted.addAll(earlier.values());
        Map<Long, Article> stories = articles.headlines(wanted);
        Set<String> suppressed = suppressions.suppressedAmong(readers.values().stream()
                .map(reader -> reader.email().value()).toList());
        // Notices of retired tags are rare: looked up only when a digest of the batch carries one.
        List<TagKey> retired = batch.stream().filter(delivery -> delivery.kind() == DeliveryKind.DIGEST)
                .flatMap(delivery -> delivery.content().wordsIfAny("retired").stream()).distinct().map(TagKey::new)
                .toList();
        Map<Long, List<Correction>> noted = corrections.ofStories(told).stream()
                .collect(Collectors.groupingBy(Correction::articleId));
        return new Batch(readers, stories, suppressed, corrected, earlier, tags.retirements(retired), noted,
                loadedAt);
    }

    private Composed compose(ClaimedDelivery delivery, Subscriber reader, Batch batch) {
        Map<Long, Article> stories = batch.stories;
        if (reader == null) {
            return dropped(delivery, "not sent: the reader's data was erased");
        }
        SubscriberStatus status = reader.status();
        if (delivery.kind().needsActiveReader() ? status != SubscriberStatus.ACTIVE
                : status == SubscriberStatus.UNSUBSCRIBED || status == SubscriberStatus.SUSPENDED) {
            return dropped(delivery, "not sent: the reader is " + status);
        }
        // Mail queued as the pause began, or claimed by a node killed before it and taken again since, which the
        // pause's own drop did not find.
        if (delivery.kind().needsActiveReader() && reader.preferences().pausedAt(batch.loadedAt)) {
            return dropped(delivery, PAUSED);
        }
        Content content = delivery.content();
        return switch (delivery.kind()) {
            case CONFIRMATION -> written(delivery, letters.confirmation(reader, content.get("token")));
            case NOTICE -> written(delivery, switch (Notice.valueOf(content.get("notice"))) {
                case WELCOME -> letters.welcome(reader);
                case PREFERENCES_LINK -> letters.preferencesLink(reader);
                case CORRECTION -> {
                    List<Letters.Corrected> corrected = batch.corrected(List.of(content.number("correction")));
                    if (corrected.isEmpty()) {
                        yield null;
                    }
                    yield letters.corrections(reader, corrected);
                }
            });
            case ALERT -> {
                Article article = stories.get(content.number("article"));
                yield article == null ? dropped(delivery, "not sent: the article was removed")
                        : written(delivery, letters.alert(reader, article,
                                batch.noted.getOrDefault(article.id(), List.of())));
            }
            case DIGEST -> {
                // Newest first by publication, though chosen by arrival: a late feed entry sits where it belongs.
                List<Article> held = content.numbers("articles").stream().map(stories::get)
                        .filter(Objects::nonNull)
                        .sorted(Comparator.comparing(Article::publishedAt).reversed())
                        .toList();
                // Digests queued before they named their rhythm are of the reader's frequency.
                String rhythm = content.values().get("rhythm");
                List<Letters.Corrected> corrected = batch.corrected(content.numbersIfAny("corrections"));
                List<Tags.Retirement> retired = batch.retired(content.wordsIfAny("retired"));
                yield held.isEmpty() && corrected.isEmpty() && retired.isEmpty()
                        ? dropped(delivery, "not sent: its articles were removed")
                        : written(delivery, letters.digest(reader, rhythm == null ? reader.preferences().frequency()
                                : Frequency.valueOf(rhythm), held, (int) content.number("more"), corrected,
                                batch.because(content.numbersIfAny("followups")), retired, batch.noted));
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

    private static Collection<Long> correctionIds(List<ClaimedDelivery> batch) {
        return batch.stream().flatMap(delivery -> switch (delivery.kind()) {
            case NOTICE -> delivery.content().numbersIfAny("correction").stream();
            case DIGEST -> delivery.content().numbersIfAny("corrections").stream();
            default -> Stream.<Long>empty();
        }).distinct().toList();
    }

    private static Composed written(ClaimedDelivery delivery, Email email) {
        if (email == null) {
            return dropped(delivery, "not sent: the story it corrects was removed");
        }
        return new Composed(delivery, email, null);
    }

    private static Composed dropped(ClaimedDelivery delivery, String reason) {
        return new Composed(delivery, null, reason);
    }
}
