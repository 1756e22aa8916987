package news.dispatch.scheduler.feed;

import java.io.IOException;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.DuplicateArticleUrl;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.jdbc.Timestamps;
import news.dispatch.core.link.LinkTokens;
import news.dispatch.core.tag.Tag;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Turns new feed entries into articles. Each entry is taken once (by guid, else link); its tags are the feed's,
 * its categories and the #hashtags in its title and summary. Feeds are polled side by side, each within its own
 * deadline; every feed's outcome is recorded on it, and one feed's failure, whatever it is, never stops the others.
 * One poll takes at most {@code max-new-per-poll} new entries from a feed, and puts absurd dates right.
 */
@Service
class FeedPoller implements Feeds, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FeedPoller.class);
    private static final Pattern HASHTAG = Pattern.compile("(?<![\\p{L}\\p{N}&])#([\\p{L}\\p{N}][\\p{L}\\p{N}-]*)");
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Duration FUTURE_LEEWAY = Duration.ofDays(1);
    private static final int KEYS_PER_QUERY = 500;

    private final FeedSettings settings;
    private final FeedFetcher fetcher;
    private final ExecutorService workers;
    /** Feeds being polled in this JVM: a second poll (a click during the scheduled one) leaves them alone. */
    private final Set<String> polling = ConcurrentHashMap.newKeySet();
    private final Articles articles;
    private final JdbcClient jdbc;
    private final Clock clock;

    FeedPoller(FeedSettings settings, Articles articles, JdbcClient jdbc, Clock clock) {
        this.settings = settings;
        this.fetcher = new FeedFetcher(new FeedHosts(settings.allowedHosts()), settings.timeout(),
                settings.maxSize().toBytes());
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(settings.concurrency(), task -> {
            Thread thread = new Thread(task, "feed-poll-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.articles = articles;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public List<FeedStatus> pollAll() {
        List<Future<?>> polls = settings.sources().stream()
                .<Future<?>>map(source -> workers.submit(() -> poll(source)))
                .toList();
        for (Future<?> poll : polls) {
            try {
                poll.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                // poll() lets through only errors the JVM cannot go on after, and a failure to record a failure.
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                log.error("A feed's outcome could not be recorded", e.getCause());
            }
        }
        return statuses();
    }

    void poll(FeedSettings.Source source) {
        String url = source.url().toString();
        if (!polling.add(url)) {
            return;
        }
        try {
            pollOnce(source);
        } finally {
            polling.remove(url);
        }
    }

    private void pollOnce(FeedSettings.Source source) {
        String url = source.url().toString();
        jdbc.sql("insert into feed (url) values (?) on conflict do nothing").param(url).update();
        Map<String, Object> state = jdbc.sql("select etag, last_modified from feed where url = ?").param(url)
                .query().singleRow();
        Instant now = Timestamps.now(clock);
        try {
            FeedFetcher.Fetched fetched = fetcher.fetch(source.url(), (String) state.get("etag"),
                    (String) state.get("last_modified"));
            if (fetched.unchanged()) {
                jdbc.sql("""
                                update feed set last_polled_at = ?, last_success_at = ?, last_error = null
                                 where url = ?
                                """)
                        .params(Timestamps.utc(now), Timestamps.utc(now), url)
                        .update();
                return;
            }
            Taken taken = take(source, FeedReader.read(fetched.body()), now);
            jdbc.sql("""
                            update feed set etag = ?, last_modified = ?, last_polled_at = ?, last_success_at = ?,
                                            last_error = null, articles = articles + ?, dropped = ?, drop_reason = ?,
                                            clamped_dates = ?
                             where url = ?
                            """)
                    .params(shorten(fetched.etag(), 500), shorten(fetched.lastModified(), 100), Timestamps.utc(now),
                            Timestamps.utc(now), taken.created(), taken.dropped(), shorten(taken.dropReason(), 1000),
                            taken.clampedDates(), url)
                    .update();
        } catch (Throwable e) {
            // Errors after which nothing can be trusted to work end the poll; anything else is one feed's problem.
            if (e instanceof VirtualMachineError fatal && !(e instanceof StackOverflowError)) {
                throw fatal;
            }
            String error = e instanceof FeedUnreadable ? e.getMessage()
                    : e instanceof StackOverflowError ? "could not be read: it overflowed the stack"
                    : "could not be read: " + e;
            log.warn("Feed {} failed: {}", url, error);
            jdbc.sql("update feed set last_polled_at = ?, last_error = ? where url = ?")
                    .params(Timestamps.utc(now), shorten(error), url)
                    .update();
        }
    }

    /** What one poll did with a feed's entries. */
    private record Taken(int created, int dropped, String dropReason, int clampedDates) {
    }

    private Taken take(FeedSettings.Source source, FeedReader.Read read, Instant now) {
        String url = source.url().toString();
        Map<String, FeedEntry> byKey = new LinkedHashMap<>();
        for (FeedEntry entry : read.entries()) {
            byKey.putIfAbsent(LinkTokens.hash(entry.key()), entry);
        }
        byKey.keySet().removeAll(known(url, List.copyOf(byKey.keySet())));
        int created = 0;
        int dropped = read.skipped();
        String dropReason = read.skipReason();
        int clampedDates = 0;
        int taken = 0;
        for (Map.Entry<String, FeedEntry> fresh : byKey.entrySet()) {
            if (taken == settings.maxNewPerPoll()) {
                int waiting = byKey.size() - taken;
                return new Taken(created, dropped + waiting, "more than " + settings.maxNewPerPoll()
                        + " new entries in one poll: the other " + waiting + " wait for the next poll", clampedDates);
            }
            taken++;
            FeedEntry entry = fresh.getValue();
            Instant publishedAt = sensible(entry.publishedAt(), now);
            if (!Objects.equals(publishedAt, entry.publishedAt())) {
                clampedDates++;
            }
            Published published = publish(source, entry, publishedAt);
            jdbc.sql("insert into feed_entry (feed_url, entry_key, article_id, seen_at) values (?, ?, ?, ?)")
                    .params(url, fresh.getKey(), published.articleId(), Timestamps.utc(Timestamps.now(clock)))
                    .update();
            if (published.articleId() != null) {
                created++;
            } else {
                dropped++;
                dropReason = published.whyNot();
            }
        }
        return new Taken(created, dropped, dropReason, clampedDates);
    }

    /** The entry keys of this feed already taken, among those given; asked in slices, not one query per entry. */
    private Set<String> known(String url, List<String> keys) {
        Set<String> known = new HashSet<>();
        for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
            known.addAll(jdbc.sql("select entry_key from feed_entry where feed_url = :url and entry_key in (:keys)")
                    .param("url", url)
                    .param("keys", keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY)))
                    .query(String.class).list());
        }
        return known;
    }

    /**
     * A feed's date as the article's, unless it is absurd: before 1970, or more than a day ahead (a year 99999 would
     * not even print as an ISO-8601 instant). Then it is the time of the poll. No date stays none: the article's is
     * then the time it is published.
     */
    private static Instant sensible(Instant publishedAt, Instant now) {
        if (publishedAt == null) {
            return null;
        }
        return publishedAt.isBefore(EARLIEST) || publishedAt.isAfter(now.plus(FUTURE_LEEWAY)) ? now : publishedAt;
    }

    /** The article an entry became, or why it became none. */
    private record Published(Long articleId, String whyNot) {
    }

    /** The entry as an article, unless it cannot be one (no usable tag, a url another feed already gave). */
    private Published publish(FeedSettings.Source source, FeedEntry entry, Instant publishedAt) {
        List<Tag> tags = tags(source, entry);
        if (tags.isEmpty()) {
            return new Published(null, "an entry without a usable tag");
        }
        try {
            URI link = entry.link() == null ? null : NewArticle.parseUrl(entry.link());
            Article article = articles.publish(new NewArticle(shorten(entry.title(), NewArticle.MAX_TITLE),
                    entry.summary() == null ? null : shorten(entry.summary(), NewArticle.MAX_SUMMARY), null,
                    entry.author() == null ? null : shorten(entry.author(), NewArticle.MAX_AUTHOR), link,
                    publishedAt, tags));
            return new Published(article.id(), null);
        } catch (DuplicateArticleUrl e) {
            return new Published(null, "an entry whose link is already a story");
        } catch (InvalidInput e) {
            return new Published(null, "an entry that is no valid story: " + e.getMessage());
        }
    }

    private static List<Tag> tags(FeedSettings.Source source, FeedEntry entry) {
        List<String> written = new ArrayList<>(source.tags());
        written.addAll(entry.categories());
        for (String text : new String[] {entry.title(), entry.summary()}) {
            if (text != null) {
                Matcher hashtag = HASHTAG.matcher(text);
                while (hashtag.find()) {
                    written.add(hashtag.group(1));
                }
            }
        }
        Map<Object, Tag> tags = new LinkedHashMap<>();
        for (String tag : written) {
            try {
                Tag parsed = Tag.of(tag);
                tags.putIfAbsent(parsed.key(), parsed);
            } catch (InvalidInput ignored) {
                // A category that is no tag ("Breaking News / World") does not stop the entry.
            }
        }
        return tags.values().stream().limit(NewArticle.MAX_TAGS).toList();
    }

    @Override
    public List<FeedStatus> statuses() {
        Map<String, FeedStatus> known = new LinkedHashMap<>();
        jdbc.sql("""
                        select url, last_polled_at, last_success_at, last_error, articles, dropped, drop_reason,
                               clamped_dates
                          from feed
                        """)
                .query((rs, row) -> known.put(rs.getString("url"), status(rs)))
                .list();
        return settings.sources().stream().map(source -> {
            FeedStatus status = known.get(source.url().toString());
            return status == null ? new FeedStatus(source.url(), source.tags(), null, null, null, 0, 0, null, 0)
                    : new FeedStatus(source.url(), source.tags(), status.lastPolledAt(), status.lastSuccessAt(),
                    status.lastError(), status.articles(), status.dropped(), status.dropReason(),
                    status.clampedDates());
        }).toList();
    }

    private static FeedStatus status(ResultSet rs) throws SQLException {
        return new FeedStatus(URI.create(rs.getString("url")), List.of(), Timestamps.read(rs, "last_polled_at"),
                Timestamps.read(rs, "last_success_at"), rs.getString("last_error"), rs.getInt("articles"),
                rs.getInt("dropped"), rs.getString("drop_reason"), rs.getInt("clamped_dates"));
    }

    private static String shorten(String text) {
        return shorten(text == null ? "failed" : text, 1000);
    }

    private static String shorten(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    @Override
    public void close() throws IOException {
        workers.shutdownNow();
        fetcher.close();
    }
}
