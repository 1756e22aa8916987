package news.dispatch.mailer.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.Corrections;
import news.dispatch.core.jdbc.Timestamps;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.QuietHours;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;
import news.dispatch.mailer.alert.AlertPreview.TagReach;
import news.dispatch.mailer.alert.AlertStore.Group;
import news.dispatch.mailer.alert.AlertStore.Reach;
import news.dispatch.mailer.alert.AlertStore.Window;
import news.dispatch.mailer.letter.Letters;
import news.dispatch.mailer.webhook.EventType;
import news.dispatch.mailer.webhook.Webhooks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends alerts set-based: one transaction records the alert (the database refuses a second one for the article),
 * works out once per group of readers (time zone and quiet hours) when the alert reaches them, and queues every
 * recipient's delivery with one statement.
 */
@Service
class AlertDesk implements Alerts {

    private static final Logger log = LoggerFactory.getLogger(AlertDesk.class);

    /**
     * How far back an alert may have been sent and still count toward the local day another one reaches a reader in:
     * it may have waited up to a day for quiet hours to end, and a local day lasts up to 25 hours.
     */
    private static final Duration CAP_HORIZON = Duration.ofHours(25);

    /** How long a request waits for a concurrent one that is sending the same article's alert. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** Who a preview's email is addressed to: never a real reader, whose links would work. */
    private static final EmailAddress STAND_IN = EmailAddress.of("reader@example.com");

    private final AlertStore store;
    private final Articles articles;
    private final Subscribers subscribers;
    private final Letters letters;
    private final TransactionTemplate transaction;
    private final AlertSettings settings;
    private final Clock clock;
    private final Counter alerts;
    private final Counter recipients;
    private final Webhooks webhooks;
    private final Corrections corrections;

    AlertDesk(AlertStore store, Articles articles, Corrections corrections, Subscribers subscribers, Letters letters,
              TransactionTemplate transaction, AlertSettings settings, Clock clock,
              ObjectProvider<MeterRegistry> meters, Webhooks webhooks) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.alerts = Counter.builder("dispatch.mail.alerts").description("breaking-news alerts sent")
                .register(registry);
        this.recipients = Counter.builder("dispatch.mail.alert.recipients")
                .description("readers alerts were queued for").register(registry);
        this.webhooks = webhooks;
        this.store = store;
        this.articles = articles;
        this.corrections = corrections;
        this.subscribers = subscribers;
        this.letters = letters;
        this.transaction = transaction;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Outcome send(long articleId, String editor) {
        Article article = articles.find(articleId).orElseThrow(() -> new ArticleNotFound(articleId));
        Optional<Alert> before = store.find(articleId);
        if (before.isPresent()) {
            return new Outcome(before.get(), false);
        }
        if (article.publishedAt().isAfter(clock.instant())) {
            throw new ArticleNotPublished(articleId, article.publishedAt());
        }
        long giveUp = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            Optional<Alert> sent = store.find(articleId);
            if (sent.isPresent()) {
                return new Outcome(sent.get(), false);
            }
            try {
                Alert alert = transaction.execute(status -> fanOut(article, editor));
                log.info("Alert {} for article {} sent by {}: queued for {} readers, {} over their daily cap",
                        alert.id(), articleId, editor, alert.recipients(), alert.overCap());
                alerts.increment();
                recipients.increment(alert.recipients());
                return new Outcome(alert, true);
            } catch (DuplicateKeyException | TransientDataAccessException raced) {
                // Another request sent it and has committed: the next round finds its alert. Or it is sending it and
                // has not committed yet (PostgreSQL waits for it; H2 gives up after two seconds at a time): ask
                // again, for its alert, or the way free if it rolled back.
                if (System.nanoTime() - giveUp > 0) {
                    throw raced;
                }
            }
        }
    }

    private Alert fanOut(Article article, String editor) {
        store.holdGate();
        Instant now = Timestamps.now(clock);
        long alertId = store.insertAlert(article.id(), editor, now);
        Reach reach = reach(article, now);
        int queued = store.queue(reach, article.id(), now);
        store.oweFollowUps(article.id());
        int overCap = reach.capped()
                ? Math.max(0, store.countMatched(reach) - queued - store.hadInDigest(reach, article.id()).size()) : 0;
        store.forget(reach.fanOut());
        store.recordReach(alertId, queued, overCap);
        Alert alert = new Alert(alertId, article.id(), article.title(), editor, now, queued, overCap);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", alert.id());
        data.put("articleId", alert.articleId());
        data.put("title", alert.title());
        data.put("sentBy", alert.sentBy());
        data.put("recipients", alert.recipients());
        data.put("overCap", alert.overCap());
        webhooks.announce(EventType.ALERT_SENT, null, data);
        return alert;
    }

    @Override
    public AlertPreview preview(long articleId) {
        Article article = articles.find(articleId).orElseThrow(() -> new ArticleNotFound(articleId));
        Alert sent = store.find(articleId).orElse(null);
        // The windows are written as for a real alert, and rolled back with everything else.
        return transaction.execute(status -> {
            status.setRollbackOnly();
            Instant now = Timestamps.now(clock);
            Reach reach = reach(article, now);
            AlertStore.Count count = store.count(reach, now);
            int overCap = reach.capped() ? Math.max(0, store.countMatched(reach) - count.recipients()) : 0;
            Set<Long> hadInDigest = store.hadInDigest(reach, articleId);
            int recipients = count.recipients() - hadInDigest.size();
            // Counted among the recipients, as the editor reads the two side by side.
            Map<TagKey, Integer> byTag = store.countByTag(reach, hadInDigest);
            List<TagReach> tags = article.tags().stream()
                    .map(tag -> new TagReach(tag, byTag.getOrDefault(tag.key(), 0))).toList();
            Subscriber sample = standIn(Optional.ofNullable(count.sample()).flatMap(subscribers::find), article);
            return new AlertPreview(recipients, tags, Math.min(count.afterQuiet(), recipients), overCap,
                    hadInDigest.size(), letters.alert(sample, article, corrections.of(articleId)), sent);
        });
    }

    @Override
    public Optional<Alert> find(long articleId) {
        return store.find(articleId);
    }

    @Override
    public Page<Alert> list(PageRequest request) {
        return store.list(request);
    }

    /**
     * What an alert of the article would reach now: its groups' windows, and the readers over the daily cap, written
     * under a fresh key.
     */
    private Reach reach(Article article, Instant now) {
        List<Group> groups = store.groups();
        List<Window> windows = new ArrayList<>(groups.size());
        Instant earliestDay = now;
        for (Group group : groups) {
            Window window = window(group, now);
            windows.add(window);
            earliestDay = window.dayFrom().isBefore(earliestDay) ? window.dayFrom() : earliestDay;
        }
        long fanOut = ThreadLocalRandom.current().nextLong();
        store.writeWindows(fanOut, windows);
        List<Long> recent = store.alertedSince(earliestDay.minus(CAP_HORIZON)).stream()
                .filter(id -> id != article.id()).toList();
        Reach reach = new Reach(fanOut, article.tags().stream().map(Tag::key).toList(), recent, settings.dailyCap());
        store.setApartCapped(reach);
        return reach;
    }

    /** When the group's alert is due, and the bounds of the local day it falls in. */
    static Window window(Group group, Instant now) {
        ZoneId zone = ZoneId.of(group.timezone());
        QuietHours quiet = QuietHours.of(group.quietFrom(), group.quietUntil());
        Instant due = quiet == null ? now : quiet.endAfter(now, zone);
        LocalDate day = due.atZone(zone).toLocalDate();
        return new Window(group, due, day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone)
                .toInstant());
    }

    /**
     * The preview's addressee, under a stand-in identity: a reader of those of the story's tags a sample recipient
     * follows, in their language, on the default zone; a reader of all its tags when nobody would get it. Nothing
     * else of the sample's shows: with a tag one reader follows, an editor read that reader's other tags, zone and
     * language in the preview (a privacy QA, 7 December 2026).
     */
    private static Subscriber standIn(Optional<Subscriber> sample, Article article) {
        List<Tag> theirs = sample.map(reader -> article.tags().stream()
                .filter(tag -> reader.preferences().tags().stream().anyMatch(own -> own.key().equals(tag.key())))
                .toList()).orElse(List.of());
        Preferences preferences = new Preferences(theirs.isEmpty() ? article.tags() : theirs, Frequency.DAILY,
                Preferences.DEFAULT_TIMEZONE, Preferences.DEFAULT_SEND_HOUR, true, null, Map.of(), null,
                sample.map(reader -> reader.preferences().language()).orElse(Preferences.DEFAULT_LANGUAGE));
        return new Subscriber(0, STAND_IN, SubscriberStatus.ACTIVE, preferences, article.publishedAt(),
                article.publishedAt(), 0);
    }
}
