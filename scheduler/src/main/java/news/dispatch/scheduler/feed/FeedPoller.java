package news.dispatch.scheduler.feed;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * its categories and the #hashtags in its title and summary. Every feed's outcome is recorded, and one feed's
 * failure never stops the others.
 */
@Service
class FeedPoller implements Feeds {

    private static final Logger log = LoggerFactory.getLogger(FeedPoller.class);
    private static final Pattern HASHTAG = Pattern.compile("(?<![\\p{L}\\p{N}&])#([\\p{L}\\p{N}][\\p{L}\\p{N}-]*)");

    private final FeedSettings settings;
    private final FeedFetcher fetcher;
    private final Articles articles;
    private final JdbcClient jdbc;
    private final Clock clock;

    FeedPoller(FeedSettings settings, Articles articles, JdbcClient jdbc, Clock clock) {
        this.settings = settings;
        this.fetcher = new FeedFetcher(settings.timeout(), settings.maxSize().toBytes());
        this.articles = articles;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public List<FeedStatus> pollAll() {
        for (FeedSettings.Source source : settings.sources()) {
            poll(source);
        }
        return statuses();
    }

    void poll(FeedSettings.Source source) {
        String url = source.url().toString();
        jdbc.sql("insert into feed (url) values (?) on conflict do nothing").param(url).update();
        Map<String, Object> state = jdbc.sql("select etag, last_modified from feed where url = ?").param(url)
                .query().singleRow();
        Instant now = Timestamps.now(clock);
        try {
            if (!"http".equalsIgnoreCase(source.url().getScheme())
                    && !"https".equalsIgnoreCase(source.url().getScheme())) {
                throw new FeedUnreadable("only http and https feeds are polled", null);
            }
            FeedFetcher.Fetched fetched = fetcher.fetch(source.url(), (String) state.get("etag"),
                    (String) state.get("last_modified"));
            int created = fetched.unchanged() ? 0 : take(source, FeedReader.read(fetched.body()));
            jdbc.sql("""
                            update feed set etag = ?, last_modified = ?, last_polled_at = ?, last_success_at = ?,
                                            last_error = null, articles = articles + ?
                             where url = ?
                            """)
                    .params(fetched.etag(), fetched.lastModified(), Timestamps.utc(now), Timestamps.utc(now), created,
                            url)
                    .update();
        } catch (FeedUnreadable | RuntimeException e) {
            log.warn("Feed {} failed: {}", url, e.getMessage());
            jdbc.sql("update feed set last_polled_at = ?, last_error = ? where url = ?")
                    .params(Timestamps.utc(now), shorten(e.getMessage()), url)
                    .update();
        }
    }

    private int take(FeedSettings.Source source, List<FeedEntry> entries) {
        String url = source.url().toString();
        int created = 0;
        for (FeedEntry entry : entries) {
            String key = LinkTokens.hash(entry.key());
            if (jdbc.sql("select count(*) from feed_entry where feed_url = ? and entry_key = ?").params(url, key)
                    .query(Long.class).single() > 0) {
                continue;
            }
            Long articleId = publish(source, entry).map(Article::id).orElse(null);
            jdbc.sql("insert into feed_entry (feed_url, entry_key, article_id, seen_at) values (?, ?, ?, ?)")
                    .params(url, key, articleId, Timestamps.utc(Timestamps.now(clock)))
                    .update();
            if (articleId != null) {
                created++;
            }
        }
        return created;
    }

    /** The entry as an article, unless it cannot be one (no usable tag, a url another feed already gave). */
    private Optional<Article> publish(FeedSettings.Source source, FeedEntry entry) {
        List<Tag> tags = tags(source, entry);
        if (tags.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI link = entry.link() == null ? null : NewArticle.parseUrl(entry.link());
            return Optional.of(articles.publish(new NewArticle(shorten(entry.title(), NewArticle.MAX_TITLE),
                    entry.summary() == null ? null : shorten(entry.summary(), NewArticle.MAX_SUMMARY), null,
                    entry.author() == null ? null : shorten(entry.author(), NewArticle.MAX_AUTHOR), link,
                    entry.publishedAt(), tags)));
        } catch (DuplicateArticleUrl | InvalidInput e) {
            return Optional.empty();
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
        jdbc.sql("select url, last_polled_at, last_success_at, last_error, articles from feed")
                .query((rs, row) -> known.put(rs.getString("url"), status(rs, List.of())))
                .list();
        return settings.sources().stream().map(source -> {
            FeedStatus status = known.get(source.url().toString());
            return status == null ? new FeedStatus(source.url(), source.tags(), null, null, null, 0)
                    : new FeedStatus(source.url(), source.tags(), status.lastPolledAt(), status.lastSuccessAt(),
                    status.lastError(), status.articles());
        }).toList();
    }

    private static FeedStatus status(ResultSet rs, List<String> tags) throws SQLException {
        return new FeedStatus(URI.create(rs.getString("url")), tags, Timestamps.read(rs, "last_polled_at"),
                Timestamps.read(rs, "last_success_at"), rs.getString("last_error"), rs.getInt("articles"));
    }

    private static String shorten(String text) {
        return shorten(text == null ? "failed" : text, 1000);
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
