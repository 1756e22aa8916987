package news.dispatch.scheduler.feed;

import java.io.IOException;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.Correction;
import news.dispatch.core.article.DuplicateArticleUrl;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.jdbc.Timestamps;
import news.dispatch.core.link.LinkTokens;
import news.dispatch.core.tag.Tag;
import news.dispatch.mailer.story.StoryDesk;
import news.dispatch.mailer.story.StoryNotPublished;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns new feed entries into articles. Each entry is taken once (by its key in the feed, see {@link FeedReader});
 * one that another feed gave already (same title and link) is that story, which gains this feed's tags. Its tags are
 * the feed's, its categories and the #hashtags in its title and summary. One poll of a feed runs at a time across
 * the cluster, and records what it did with every entry. Feeds are polled side by side, each within its own
 * deadline; every feed's outcome is recorded on it, and one feed's failure, whatever it is, never stops the others.
 * One poll takes at most {@code max-new-per-poll} new entries from a feed, and puts absurd dates right.
 */
@Service
class FeedPoller implements Feeds, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FeedPoller.class);
    /** A #hashtag in an entry's text: its letters keep their marks (#भारत), as tag keys do. */
    private static final Pattern HASHTAG =
            Pattern.compile("(?<![\\p{L}\\p{M}\\p{N}&])#([\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}-]*)");
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Duration FUTURE_LEEWAY = Duration.ofDays(1);
    private static final int KEYS_PER_QUERY = 500;
    private static final String UNTAGGED = "an entry without a usable tag";
    private static final Duration LEASE_MARGIN = Duration.ofMinutes(1);
    private static final Duration LEASE_CHECK = Duration.ofMillis(100);

    private final FeedSettings settings;
    private final FeedFetcher fetcher;
    private final ExecutorService workers;
    /** Each feed's turn in this JVM: a second poll (a click during the scheduled one) waits for the first. */
    private final Map<String, ReentrantLock> polling = new ConcurrentHashMap<>();
    private final Articles articles;
    /** Where a retitled entry's correction goes; absent where the mailer is not (a test of feeds alone). */
    private final ObjectProvider<StoryDesk> corrections;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Counter articlesTaken;

    FeedPoller(FeedSettings settings, Articles articles, JdbcClient jdbc, PlatformTransactionManager transactions,
               Clock clock, ObjectProvider<MeterRegistry> meters, ObjectProvider<StoryDesk> corrections) {
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.articlesTaken = Counter.builder("dispatch.feeds.articles").description("articles taken from feeds")
                .register(this.meters);
        // Every outcome from the start, at zero, so a rate of failures exists before the first one.
        for (String outcome : List.of("read", "unchanged", "failed")) {
            polls(outcome);
        }
        this.corrections = corrections;
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
        this.transactions = new TransactionTemplate(transactions);
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

    /**
     * Polls the feed once it is this poll's turn: a poll asked for while another runs (a click during the scheduled
     * one, a second node) waits for it, then polls, so what it reports was read after it was asked for. It gives up
     * waiting after the feed's timeout and a second, and leaves the feed to the poll that holds it.
     */
    void poll(FeedSettings.Source source) {
        ReentrantLock turn = polling.computeIfAbsent(source.url().toString(), url -> new ReentrantLock());
        try {
            if (!turn.tryLock(patience().toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            pollOnce(source);
        } finally {
            turn.unlock();
        }
    }

    private Duration patience() {
        return settings.timeout().plusSeconds(1);
    }

    /** Leases the feed for this poll, waiting while another node's poll holds it; false when it still does. */
    private boolean lease(String url, String poll) {
        long giveUp = System.nanoTime() + patience().toNanos();
        while (true) {
            Instant now = Timestamps.now(clock);
            if (jdbc.sql("""
                            update feed set polled_by = :poll, polling_until = :until
                             where url = :url and (polling_until is null or polling_until < :now)
                            """)
                    .param("poll", poll).param("until", Timestamps.utc(now.plus(lease()))).param("url", url)
                    .param("now", Timestamps.utc(now))
                    .update() == 1) {
                return true;
            }
            if (System.nanoTime() - giveUp >= 0) {
                log.info("Feed {} is being polled by another node; this poll leaves it", url);
                return false;
            }
            try {
                Thread.sleep(LEASE_CHECK.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * Polls a feed unless another poll, on any node, holds it past this one's patience: the poll leases the feed
     * first, and writes its outcome only while it holds the lease, so polls that meet take turns, and one that gives
     * up leaves the feed as the holder leaves it, its error included.
     */
    private void pollOnce(FeedSettings.Source source) {
        String url = source.url().toString();
        String poll = UUID.randomUUID().toString();
        jdbc.sql("insert into feed (url) values (?) on conflict do nothing").param(url).update();
        if (!lease(url, poll)) {
            return;
        }
        Instant now = Timestamps.now(clock);
        Map<String, Object> state = jdbc.sql("select etag, last_modified, read_with_tags from feed where url = ?")
                .param(url).query().singleRow();
        String tags = String.join(",", source.tags());
        // Given other tags, the feed is read in full: entries skipped for want of a tag may be stories now.
        boolean sameTags = tags.equals(state.get("read_with_tags"));
        try {
            FeedFetcher.Fetched fetched = fetcher.fetch(source.url(), sameTags ? (String) state.get("etag") : null,
                    sameTags ? (String) state.get("last_modified") : null);
            if (fetched.unchanged()) {
                jdbc.sql("""
                                update feed set last_polled_at = ?, last_success_at = ?, last_error = null,
                                                moved_to = ?, polled_by = null, polling_until = null
                                 where url = ? and polled_by = ?
                                """)
                        .params(Timestamps.utc(now), Timestamps.utc(now), movedTo(fetched), url, poll)
                        .update();
                polls("unchanged").increment();
                return;
            }
            Taken taken = take(source, FeedReader.read(fetched.body(), fetched.charset(), source.url()), now);
            // Entries left waiting, or that failed, are read again only if the next poll reads the feed: asked
            // conditionally, a server whose feed did not change answers 304, and they waited until it did (a QA
            // session's 800 waiting entries, for good).
            boolean whole = taken.waiting() == 0 && taken.failed() == 0;
            jdbc.sql("""
                            update feed set etag = :etag, last_modified = :lastModified, last_polled_at = :now,
                                            last_success_at = :now, last_read_at = :now, last_error = null,
                                            read_with_tags = :tags, moved_to = :movedTo,
                                            articles = articles + :taken, dropped = :dropped,
                                            drop_reason = :dropReason, clamped_dates = :clampedDates,
                                            last_taken = :taken, last_tagged = :tagged, last_skipped = :skipped,
                                            last_failed = :failed, last_failure = :failure, last_undated = :undated,
                                            polled_by = null, polling_until = null
                             where url = :url and polled_by = :poll
                            """)
                    .param("etag", whole ? shorten(fetched.etag(), 500) : null)
                    .param("lastModified", whole ? shorten(fetched.lastModified(), 100) : null)
                    .param("now", Timestamps.utc(now))
                    .param("taken", taken.created())
                    .param("dropped", taken.dropped())
                    .param("dropReason", shorten(taken.dropReason(), 1000))
                    .param("clampedDates", taken.clampedDates())
                    .param("tagged", taken.tagged())
                    .param("skipped", shorten(lines(taken.skipped()), 2000))
                    .param("failed", taken.failed())
                    .param("failure", shorten(taken.failure(), 1000))
                    .param("undated", taken.undated())
                    .param("tags", tags)
                    .param("movedTo", movedTo(fetched))
                    .param("url", url)
                    .param("poll", poll)
                    .update();
            polls("read").increment();
            articlesTaken.increment(taken.created());
        } catch (Throwable e) {
            // Errors after which nothing can be trusted to work end the poll; anything else is one feed's problem.
            if (e instanceof VirtualMachineError fatal && !(e instanceof StackOverflowError)) {
                throw fatal;
            }
            String error = e instanceof FeedUnreadable ? e.getMessage()
                    : e instanceof StackOverflowError ? "could not be read: it overflowed the stack"
                    : "could not be read: " + inWords(e);
            log.warn("Feed {} failed: {}", url, error);
            jdbc.sql("""
                            update feed set last_polled_at = ?, last_error = ?, polled_by = null, polling_until = null
                             where url = ? and polled_by = ?
                            """)
                    .params(Timestamps.utc(now), shorten(error), url, poll)
                    .update();
            polls("failed").increment();
        }
    }

    /** Counted by outcome only: a feed's url may be long, many, or carry a key. */
    private Counter polls(String outcome) {
        return Counter.builder("dispatch.feeds.polls").description("feed polls by outcome: read, unchanged or failed")
                .tag("outcome", outcome).register(meters);
    }

    /** Long enough for a poll that fetches within its deadline; short enough that a dead node's lease soon ends. */
    private Duration lease() {
        return settings.timeout().multipliedBy(2).plus(LEASE_MARGIN);
    }

    /**
     * What one poll did with a feed's entries: stories made ({@code created}), stories found again and given this
     * feed's tags ({@code tagged}), entries left out by reason, entries that failed, and dates put right or missing.
     */
    private record Taken(int created, int tagged, Map<String, Integer> skipped, int waiting, String dropReason,
                         int failed, String failure, int clampedDates, int undated) {

        int dropped() {
            return skipped.values().stream().mapToInt(Integer::intValue).sum() + failed;
        }
    }

    private Taken take(FeedSettings.Source source, FeedReader.Read read, Instant now) {
        String url = source.url().toString();
        Map<String, FeedEntry> byKey = new LinkedHashMap<>();
        for (FeedEntry entry : read.entries()) {
            byKey.putIfAbsent(LinkTokens.hash(entry.key()), entry);
        }
        followChanges(url, byKey);
        byKey.keySet().removeAll(known(url, List.copyOf(byKey.keySet())));
        byKey.values().removeAll(takenBefore(url, byKey.values()));
        Map<String, Integer> skipped = new LinkedHashMap<>(read.skipped());
        String dropReason = read.skipped().isEmpty() ? null
                : List.copyOf(read.skipped().keySet()).get(read.skipped().size() - 1);
        // An entry without a tag is left out unclaimed, so that it is a story once the feed is given tags.
        Map<String, List<Tag>> tagsByKey = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, FeedEntry>> entries = byKey.entrySet().iterator(); entries.hasNext(); ) {
            Map.Entry<String, FeedEntry> entry = entries.next();
            List<Tag> tags = tags(source, entry.getValue());
            if (tags.isEmpty()) {
                entries.remove();
                skipped.merge(UNTAGGED, 1, Integer::sum);
                dropReason = UNTAGGED;
            } else {
                tagsByKey.put(entry.getKey(), tags);
            }
        }
        int created = 0;
        int tagged = 0;
        int failed = 0;
        String failure = null;
        int clampedDates = 0;
        int undated = 0;
        int taken = 0;
        for (Map.Entry<String, FeedEntry> fresh : byKey.entrySet()) {
            if (taken == settings.maxNewPerPoll()) {
                int waiting = byKey.size() - taken;
                skipped.merge("waiting for the next poll (more than " + settings.maxNewPerPoll()
                        + " new entries in one poll)", waiting, Integer::sum);
                return new Taken(created, tagged, skipped, waiting, "more than " + settings.maxNewPerPoll()
                        + " new entries in one poll: the other " + waiting + " wait for the next poll", failed,
                        failure, clampedDates, undated);
            }
            taken++;
            FeedEntry entry = fresh.getValue();
            Instant publishedAt = entry.undated() ? now : sensible(entry.publishedAt(), now);
            if (!entry.undated() && !publishedAt.equals(entry.publishedAt())) {
                clampedDates++;
            }
            Published published;
            try {
                published = stored(source, fresh.getKey(), entry, tagsByKey.get(fresh.getKey()), publishedAt, now);
            } catch (RuntimeException e) {
                log.warn("An entry of feed {} failed: {}", url, inWords(e));
                failed++;
                failure = "\"" + shorten(entry.title(), 100) + "\": " + inWords(e);
                continue;
            }
            if (published.undated()) {
                undated++;
            }
            switch (published.outcome()) {
                case CREATED -> created++;
                case TAGGED -> tagged++;
                case SKIPPED -> {
                    skipped.merge(published.whyNot(), 1, Integer::sum);
                    dropReason = published.whyNot();
                }
                case TAKEN_ELSEWHERE -> {
                    // Another poll took it at the same moment: it is a story once, and theirs to count.
                }
            }
        }
        return new Taken(created, tagged, skipped, 0, dropReason, failed, failure, clampedDates, undated);
    }

    /**
     * Entries taken before whose title or summary has changed under the same key (their guid), read in one pass: a new
     * title renames the story and, unless the feed's title corrections are off, every reader who was sent it gets a
     * correction saying so, once however many feeds carry it; a new summary replaces the story's quietly (a summary
     * that says more is no correction), unless an editor changed the story's summary since the feed last gave one:
     * theirs stands; a new link moves the story's link, quietly too (the page moved, not the story), unless an editor
     * changed it since or another story has that link. A link the feed drops or spoils leaves the story's be: readers
     * keep a way to it. An entry taken before the feed's summaries ({@code V46}) or links ({@code V47}) were followed
     * has what the feed says now noted, and its story left as it is. Asked in slices, as {@link #known} is.
     */
    private void followChanges(String url, Map<String, FeedEntry> byKey) {
        List<String> keys = List.copyOf(byKey.keySet());
        List<Retitled> retitled = new ArrayList<>();
        List<Resummarised> resummarised = new ArrayList<>();
        List<Relinked> relinked = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
            jdbc.sql("""
                            select e.entry_key, e.article_id, coalesce(e.title, a.title) as title,
                                   f.title_corrections, e.summary_hash, a.summary, e.link_hash, a.url
                              from feed_entry e
                              join article a on a.id = e.article_id
                              join feed f on f.url = e.feed_url
                             where e.feed_url = :url and e.entry_key in (:keys)
                            """)
                    .param("url", url)
                    .param("keys", keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY)))
                    .query(rs -> {
                        FeedEntry entry = byKey.get(rs.getString("entry_key"));
                        // As the story stores it: a control character in the feed's title is no change of title.
                        String title = entry.title() == null ? ""
                                : NewArticle.oneLine(NewArticle.shortened(entry.title(), NewArticle.MAX_TITLE)).strip();
                        if (!title.isEmpty() && !title.equals(rs.getString("title"))) {
                            retitled.add(new Retitled(rs.getString("entry_key"), rs.getLong("article_id"),
                                    rs.getString("title"), title, rs.getBoolean("title_corrections")));
                        }
                        String summary = NewArticle.feedSummary(entry.summary());
                        String last = rs.getString("summary_hash");
                        if (!summaryHash(summary).equals(last)) {
                            resummarised.add(new Resummarised(rs.getString("entry_key"), rs.getLong("article_id"),
                                    last, summary, last != null && !summaryHash(rs.getString("summary")).equals(last)));
                        }
                        URI link = linkOrNone(entry);
                        String lastLink = rs.getString("link_hash");
                        if (link != null && !linkHash(link).equals(lastLink)) {
                            relinked.add(new Relinked(rs.getString("entry_key"), rs.getLong("article_id"), lastLink,
                                    link, lastLink != null && !summaryHash(rs.getString("url")).equals(lastLink)));
                        }
                    });
        }
        retitle(url, retitled);
        resummarise(url, resummarised);
        relink(url, relinked);
    }

    private void retitle(String url, List<Retitled> retitled) {
        for (Retitled entry : retitled) {
            boolean changed = Boolean.TRUE.equals(transactions.execute(status -> {
                jdbc.sql("update feed_entry set title = ? where feed_url = ? and entry_key = ?")
                        .params(entry.now(), url, entry.key())
                        .update();
                return articles.retitle(entry.articleId(), entry.now());
            }));
            StoryDesk desk = corrections.getIfAvailable();
            // A story another feed retitled the same way already has had its correction.
            if (changed && entry.corrected() && desk != null) {
                try {
                    desk.correct(entry.articleId(), shorten("Title changed: " + entry.was() + " → " + entry.now(),
                            Correction.MAX_TEXT), new Correction.Retitle(entry.was(), entry.now()),
                            "feed " + shorten(url, 90));
                } catch (StoryNotPublished embargoed) {
                    // Nobody has been sent it yet: the new title is all there is to it.
                }
            }
        }
    }

    private void resummarise(String url, List<Resummarised> resummarised) {
        for (Resummarised entry : resummarised) {
            transactions.executeWithoutResult(status -> {
                jdbc.sql("update feed_entry set summary_hash = ? where feed_url = ? and entry_key = ?")
                        .params(summaryHash(entry.now()), url, entry.key())
                        .update();
                if (entry.lastHash() != null && !entry.editorsOwn()) {
                    articles.resummarise(entry.articleId(), entry.now());
                }
            });
        }
    }

    private void relink(String url, List<Relinked> relinked) {
        for (Relinked entry : relinked) {
            transactions.executeWithoutResult(status -> {
                if (entry.lastHash() != null && !entry.editorsOwn()) {
                    try {
                        articles.relink(entry.articleId(), entry.now());
                    } catch (DuplicateArticleUrl taken) {
                        // Not noted as given: noted, the story's own link would read as an editor's from then on,
                        // and the feed's next link would never move it (QA, 7 December).
                        return;
                    }
                }
                jdbc.sql("update feed_entry set link_hash = ? where feed_url = ? and entry_key = ?")
                        .params(linkHash(entry.now()), url, entry.key())
                        .update();
            });
        }
    }

    /** The entry's link as a story stores it; null when it has none, or none a story could have. */
    private static URI linkOrNone(FeedEntry entry) {
        try {
            return NewArticle.parseUrl(entry.link());
        } catch (InvalidInput spoiled) {
            return null;
        }
    }

    /** What {@code feed_entry} keeps of a link: the SHA-256 of the link as a story stores it, or of none. */
    private static String linkHash(URI link) {
        return summaryHash(link == null ? null : link.toString());
    }

    /** What {@code feed_entry} keeps of a summary as a story stores it: its SHA-256; none is the empty text's. */
    private static String summaryHash(String summary) {
        return LinkTokens.hash(summary == null ? "" : summary);
    }

    /** An entry taken before that now has another title; {@code corrected}: its feed makes corrections of it. */
    private record Retitled(String key, long articleId, String was, String now, boolean corrected) {
    }

    /**
     * An entry taken before whose summary is another now; {@code lastHash} null for one taken before {@code V46},
     * {@code editorsOwn} when the story's summary is no longer the one the feed last gave.
     */
    private record Resummarised(String key, long articleId, String lastHash, String now, boolean editorsOwn) {
    }

    /**
     * An entry taken before whose link is another now; {@code lastHash} null for one taken before {@code V47},
     * {@code editorsOwn} when the story's link is no longer the one the feed last gave.
     */
    private record Relinked(String key, long articleId, String lastHash, URI now, boolean editorsOwn) {
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
     * The entries this feed gave before keys took titles and dates in, when they were its guid, else its link: one is
     * known when its old key is, and the story taken under it has its title (or none was made). Another title under
     * a known link is a new story, as the station's next show is.
     */
    private List<FeedEntry> takenBefore(String url, Collection<FeedEntry> entries) {
        Map<String, List<FeedEntry>> byPriorKey = new LinkedHashMap<>();
        for (FeedEntry entry : entries) {
            if (entry.priorKey() != null && !entry.priorKey().equals(entry.key())) {
                byPriorKey.computeIfAbsent(LinkTokens.hash(entry.priorKey()), key -> new ArrayList<>()).add(entry);
            }
        }
        List<FeedEntry> taken = new ArrayList<>();
        List<String> keys = List.copyOf(byPriorKey.keySet());
        for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
            jdbc.sql("""
                            select e.entry_key, a.title
                              from feed_entry e left join article a on a.id = e.article_id
                             where e.feed_url = :url and e.entry_key in (:keys)
                            """)
                    .param("url", url)
                    .param("keys", keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY)))
                    .query((rs, row) -> {
                        String title = rs.getString("title");
                        byPriorKey.get(rs.getString("entry_key")).stream()
                                .filter(entry -> title == null || title.equals(NewArticle.shortened(entry.title(),
                                        NewArticle.MAX_TITLE).strip()))
                                .forEach(taken::add);
                        return title;
                    })
                    .list();
        }
        return taken;
    }

    /**
     * A feed's date as the article's, unless it is absurd: before 1970, or more than a day ahead (a year 99999 would
     * not even print as an ISO-8601 instant). Then it is the time of the poll.
     */
    private static Instant sensible(Instant publishedAt, Instant now) {
        return publishedAt.isBefore(EARLIEST) || publishedAt.isAfter(now.plus(FUTURE_LEEWAY)) ? now : publishedAt;
    }

    private enum Outcome { CREATED, TAGGED, SKIPPED, TAKEN_ELSEWHERE }

    /** What became of an entry, and why it became nothing when it did. */
    private record Published(Outcome outcome, String whyNot, boolean undated) {
    }

    /**
     * The entry {@linkplain #store stored} in a transaction of its own, and once more when another feed stored the same
     * story at that moment: the database held this one until the other's was written, then refused its url, and now
     * it finds that story.
     */
    private Published stored(FeedSettings.Source source, String key, FeedEntry entry, List<Tag> tags,
                             Instant publishedAt, Instant now) {
        try {
            return transactions.execute(status -> store(source, key, entry, tags, publishedAt, now));
        } catch (DuplicateArticleUrl meanwhile) {
            return transactions.execute(status -> store(source, key, entry, tags, publishedAt, now));
        }
    }

    /**
     * What went wrong, as its message says it: an editor reads it on the feeds page, where a Java class means nothing.
     */
    private static String inWords(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? "an unexpected error" : e.getMessage();
    }

    /**
     * The entry, claimed for this feed first (so it is taken once, whatever else polls it), as a story: a new one, or
     * the same story another feed gave already, which gains this feed's tags. Readers who follow those tags get it in
     * any digest that has not yet covered its release; nobody who was sent it is sent it again, as its release time
     * stays.
     */
    private Published store(FeedSettings.Source source, String key, FeedEntry entry, List<Tag> tags,
                            Instant publishedAt, Instant now) {
        if (jdbc.sql("""
                        insert into feed_entry (feed_url, entry_key, seen_at, published_at, undated, title,
                                                summary_hash, link_hash)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict do nothing
                        """)
                .params(source.url().toString(), key, Timestamps.utc(Timestamps.now(clock)),
                        entry.undated() ? null : Timestamps.utc(publishedAt), entry.undated(),
                        entry.title() == null ? null
                                : NewArticle.shortened(entry.title(), NewArticle.MAX_TITLE).strip(),
                        summaryHash(NewArticle.feedSummary(entry.summary())), linkHash(linkOrNone(entry)))
                .update() == 0) {
            return new Published(Outcome.TAKEN_ELSEWHERE, null, false);
        }
        Published published;
        Long articleId;
        try {
            URI link = entry.link() == null ? null : NewArticle.parseUrl(entry.link());
            NewArticle article = new NewArticle(NewArticle.shortened(entry.title(), NewArticle.MAX_TITLE),
                    entry.summary() == null ? null : NewArticle.shortened(entry.summary(), NewArticle.MAX_SUMMARY),
                    null,
                    entry.author() == null ? null : NewArticle.shortened(entry.author(), NewArticle.MAX_AUTHOR), link,
                    publishedAt, tags);
            Optional<Long> same = sameStory(source, article, entry.undated());
            if (same.isPresent()) {
                articleId = same.get();
                articles.addTags(articleId, tags);
                published = new Published(Outcome.TAGGED, null, entry.undated());
            } else {
                articleId = articles.publishFromFeed(article).id();
                if (storedMeanwhile(source, article, articleId)) {
                    throw new DuplicateArticleUrl(article.url());
                }
                published = new Published(Outcome.CREATED, null, entry.undated());
            }
        } catch (InvalidInput e) {
            return new Published(Outcome.SKIPPED, "an entry that is no valid story: " + e.getMessage(), false);
        }
        jdbc.sql("update feed_entry set article_id = ? where feed_url = ? and entry_key = ?")
                .params(articleId, source.url().toString(), key)
                .update();
        return published;
    }

    /**
     * The story another feed gave already: the same title and link, or without a link the same title and date. One
     * this feed gave is told apart by its key (a station's daily show may keep its title and page), unless it has the
     * same title, link and date too: its guid changed (a site moved to another system), not the story.
     */
    private Optional<Long> sameStory(FeedSettings.Source source, NewArticle article, boolean undated) {
        if (article.url() == null && undated) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select a.id from article a
                         where a.title = :title
                           and (a.url = :url or :url is null and a.url is null and a.published_at = :publishedAt)
                           and (not exists (select 1 from feed_entry e where e.feed_url = :feed and e.article_id = a.id)
                                or a.url = :url and a.published_at = :publishedAt and :dated)
                         order by a.id
                         limit 1
                        """)
                .param("title", article.title())
                .param("url", article.url() == null ? null : article.url().toString(), Types.VARCHAR)
                .param("publishedAt", Timestamps.utc(article.publishedAt()))
                .param("feed", source.url().toString())
                .param("dated", !undated)
                .query(Long.class).optional();
    }

    /**
     * Whether another feed's poll stored the same story after {@link #sameStory} looked, and before this one's url was
     * found owned, so that this one only shares its page: it is then that story, which {@link #stored} finds.
     */
    private boolean storedMeanwhile(FeedSettings.Source source, NewArticle article, long id) {
        return article.url() != null && jdbc.sql("""
                        select count(*) from article a
                         where a.own_url = :url and a.title = :title and a.id <> :id
                           and not exists (select 1 from feed_entry e where e.feed_url = :feed and e.article_id = a.id)
                        """)
                .param("url", article.url().toString())
                .param("title", article.title())
                .param("id", id)
                .param("feed", source.url().toString())
                .query(Long.class).single() > 0;
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
                               clamped_dates, last_taken, last_tagged, last_skipped, last_failed, last_failure,
                               last_undated, last_read_at, title_corrections, moved_to
                          from feed
                        """)
                .query((rs, row) -> known.put(rs.getString("url"), status(rs)))
                .list();
        return settings.sources().stream().map(source -> {
            FeedStatus status = known.get(source.url().toString());
            return status == null
                    ? new FeedStatus(source.url(), source.tags(), null, null, null, 0, 0, null, 0, null, true, null)
                    : new FeedStatus(source.url(), source.tags(), status.lastPolledAt(), status.lastSuccessAt(),
                    status.lastError(), status.articles(), status.dropped(), status.dropReason(),
                    status.clampedDates(), status.lastPoll(), status.titleCorrections(), status.movedTo());
        }).toList();
    }

    private static FeedStatus status(ResultSet rs) throws SQLException {
        Instant readAt = Timestamps.read(rs, "last_read_at");
        String movedTo = rs.getString("moved_to");
        return new FeedStatus(URI.create(rs.getString("url")), List.of(), Timestamps.read(rs, "last_polled_at"),
                Timestamps.read(rs, "last_success_at"), rs.getString("last_error"), rs.getInt("articles"),
                rs.getInt("dropped"), rs.getString("drop_reason"), rs.getInt("clamped_dates"),
                readAt == null ? null : new FeedStatus.LastRead(readAt, rs.getInt("last_taken"),
                        rs.getInt("last_tagged"), counts(rs.getString("last_skipped")), rs.getInt("last_failed"),
                        rs.getString("last_failure"), rs.getInt("last_undated")), rs.getBoolean("title_corrections"),
                movedTo == null ? null : URI.create(movedTo));
    }

    /** Where the feed moved for good, within its column (a longer address is not worth an admin's copying). */
    private static String movedTo(FeedFetcher.Fetched fetched) {
        String moved = fetched.movedTo() == null ? null : fetched.movedTo().toString();
        return moved == null || moved.length() > 2000 ? null : moved;
    }

    @Override
    public Optional<FeedStatus> titleCorrections(URI url, boolean on) {
        if (settings.sources().stream().noneMatch(source -> source.url().equals(url))) {
            return Optional.empty();
        }
        // A feed not polled yet has no row: the switch makes it, as its first poll would.
        if (jdbc.sql("update feed set title_corrections = ? where url = ?").params(on, url.toString()).update() == 0) {
            jdbc.sql("insert into feed (url, title_corrections) values (?, ?) on conflict do nothing")
                    .params(url.toString(), on)
                    .update();
            jdbc.sql("update feed set title_corrections = ? where url = ?").params(on, url.toString()).update();
        }
        return statuses().stream().filter(status -> status.url().equals(url)).findFirst();
    }

    /** Reasons and their counts as stored: one "count TAB reason" line each. */
    private static String lines(Map<String, Integer> counts) {
        return counts.entrySet().stream().map(count -> count.getValue() + "\t" + count.getKey().replace('\n', ' '))
                .collect(Collectors.joining("\n"));
    }

    private static Map<String, Integer> counts(String lines) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (lines != null && !lines.isEmpty()) {
            for (String line : lines.split("\n")) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    counts.put(line.substring(tab + 1), Integer.parseInt(line.substring(0, tab)));
                }
            }
        }
        return counts;
    }

    private static String shorten(String text) {
        return shorten(text == null ? "failed" : text, 1000);
    }

    /** Within a column's length as the database counts it, and never between the two halves of a character. */
    private static String shorten(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 2)) ? max - 2 : max - 1;
        return text.substring(0, end) + "…";
    }

    @Override
    public void close() throws IOException {
        workers.shutdownNow();
        fetcher.close();
    }
}
