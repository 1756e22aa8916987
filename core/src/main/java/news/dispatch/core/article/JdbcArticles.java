package news.dispatch.core.article;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.jdbc.IdList;
import news.dispatch.core.jdbc.Timestamps;
import news.dispatch.core.jdbc.WantedIds;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.Tags;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
class JdbcArticles implements Articles {

    private static final Logger log = LoggerFactory.getLogger(JdbcArticles.class);

    private static final String COLUMNS = "a.id, a.title, a.summary, a.body, a.author, a.url, a.published_at";
    /** What an email shows of an article: all of it but its body. */
    private static final String HEADLINE_COLUMNS =
            "a.id, a.title, a.summary, null as body, a.author, a.url, a.published_at";
    /** The most headlines kept: a busy newsroom's day of stories, some megabytes. */
    private static final int HEADLINES_KEPT = 10_000;
    /** What LIKE reads as wildcards, and its escape character: a search for "50%" finds "50%", not "50 years". */
    private static final Pattern LIKE_SPECIALS = Pattern.compile("[!%_]");

    private final JdbcClient jdbc;
    private final Tags tags;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    /** When a story was last said to be held back by the horizon ({@link System#nanoTime}), or 0. */
    private final AtomicLong lastHeldBackWarning = new AtomicLong();
    /** The headlines read so far, as of one revision of the articles: replaced whole, never changed. */
    private volatile Headlines kept = new Headlines(-1, Map.of());

    JdbcArticles(JdbcClient jdbc, Tags tags, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.tags = tags;
        this.clock = clock;
        this.events = events;
    }

    @Override
    @Transactional
    public Article publish(NewArticle article) {
        if (article.url() != null && jdbc.sql("select count(*) from article where url = ?")
                .param(article.url().toString()).query(Long.class).single() > 0) {
            throw new DuplicateArticleUrl(article.url());
        }
        return insert(article, true);
    }

    /**
     * As {@link #publish}, in the feed's transaction, which goes on when the entry is no valid story (it is recorded as
     * skipped): such a refusal comes before anything is written.
     */
    @Override
    @Transactional(noRollbackFor = InvalidInput.class)
    public Article publishFromFeed(NewArticle article) {
        boolean owned = article.url() != null && jdbc.sql("select count(*) from article where own_url = ?")
                .param(article.url().toString()).query(Long.class).single() > 0;
        return insert(article, !owned);
    }

    /**
     * When a story arriving now is released: never at or before the horizon digest runs have reached, where readers'
     * cursors stand, as a story released behind them would reach none of them. That happens when the clock goes back
     * (an NTP step, a restored virtual machine: a QA of 8 December lost a story that way for every reader whose digest
     * had gone out in the hour repeated), when another node's clock is ahead, or after a clock set days ahead was put
     * right; such a story waits until the clock is past the horizon, and then goes out once. Until the re-test of that
     * day, a horizon over a day ahead was taken for a clock set wrong and held nothing back, and those stories were
     * lost. The operator is told, once a minute at most: the wait is as long as the clock's error.
     */
    private Instant releasedAt(Instant wanted) {
        Optional<Instant> horizon = jdbc.sql("select covered_until from digest_horizon where id = 1")
                .query((rs, row) -> Timestamps.read(rs, "covered_until")).optional()
                .map(covered -> covered.plus(1, ChronoUnit.MICROS))
                .filter(after -> after.isAfter(wanted));
        horizon.ifPresent(after -> {
            long now = System.nanoTime();
            long last = lastHeldBackWarning.get();
            if ((last == 0 || now - last > Duration.ofMinutes(1).toNanos())
                    && lastHeldBackWarning.compareAndSet(last, now)) {
                log.warn("A story arrives at {}, before {}, where digest runs have already reached: it waits until "
                        + "then (the clock went back, or ran ahead and was put right)", wanted, after);
            }
        });
        return horizon.orElse(wanted);
    }

    private Article insert(NewArticle article, boolean ownsUrl) {
        List<Tag> registered = inUse(article.tags());
        Instant now = Timestamps.now(clock);
        Instant publishedAt = article.publishedAt() == null ? now : article.publishedAt();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                            insert into article (title, summary, body, author, url, own_url, published_at,
                                                 created_at, released_at, announced)
                            values (:title, :summary, :body, :author, :url, :ownUrl, :publishedAt, :createdAt,
                                    :releasedAt, :announced)
                            """)
                    .param("title", article.title())
                    .param("summary", article.summary())
                    .param("body", article.body())
                    .param("author", article.author())
                    .param("url", article.url() == null ? null : article.url().toString())
                    .param("ownUrl", article.url() == null || !ownsUrl ? null : article.url().toString())
                    .param("publishedAt", Timestamps.utc(publishedAt))
                    .param("createdAt", Timestamps.utc(now))
                    .param("releasedAt", Timestamps.utc(releasedAt(publishedAt.isAfter(now) ? publishedAt : now)))
                    .param("announced", !publishedAt.isAfter(now))
                    .update(key, "id");
        } catch (DuplicateKeyException e) {
            throw new DuplicateArticleUrl(article.url());
        }
        long id = key.getKey().longValue();
        tag(id, registered);
        Article published = new Article(id, article.title(), article.summary(), article.body(), article.author(),
                article.url(), publishedAt, registered);
        if (!publishedAt.isAfter(now)) {
            events.publishEvent(new ArticlePublished(published));
        }
        return published;
    }

    @Override
    @Transactional
    public int announceReleased() {
        List<Long> due = jdbc.sql("select id from article where announced = false and released_at <= ? "
                        + "order by released_at, id")
                .param(Timestamps.utc(Timestamps.now(clock)))
                .query(Long.class)
                .list();
        int announced = 0;
        for (long id : due) {
            // Another node's run may have taken it first: the one that sets the flag announces.
            if (jdbc.sql("update article set announced = true where id = ? and announced = false").param(id)
                    .update() == 1) {
                find(id).ifPresent(story -> events.publishEvent(new ArticlePublished(story)));
                announced++;
            }
        }
        return announced;
    }

    @Override
    @Transactional
    public Optional<Article> update(long id, NewArticle changed) {
        Optional<Article> current = find(id);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        // A story that shares a feed's page keeps sharing it; a new url must be no other story's.
        boolean newUrl = changed.url() != null && !changed.url().equals(current.get().url());
        if (newUrl && urlOfAnother(changed.url(), id)) {
            throw new DuplicateArticleUrl(changed.url());
        }
        List<Tag> registered = inUse(changed.tags());
        Instant publishedAt = changed.publishedAt() == null ? current.get().publishedAt() : changed.publishedAt();
        try {
            jdbc.sql("""
                            update article
                               set title = :title, summary = :summary, body = :body, author = :author, url = :url,
                                   own_url = case when :keepsOwnership then own_url else :ownUrl end,
                                   published_at = :publishedAt
                             where id = :id
                            """)
                    .param("title", changed.title())
                    .param("summary", changed.summary())
                    .param("body", changed.body())
                    .param("author", changed.author())
                    .param("url", changed.url() == null ? null : changed.url().toString())
                    .param("keepsOwnership", !newUrl && changed.url() != null)
                    .param("ownUrl", newUrl ? changed.url().toString() : null)
                    .param("publishedAt", Timestamps.utc(publishedAt))
                    .param("id", id)
                    .update();
        } catch (DuplicateKeyException e) {
            throw new DuplicateArticleUrl(changed.url());
        }
        jdbc.sql("delete from article_tag where article_id = ?").param(id).update();
        tag(id, registered);
        revised();
        return Optional.of(new Article(id, changed.title(), changed.summary(), changed.body(), changed.author(),
                changed.url(), publishedAt, registered));
    }

    @Override
    @Transactional
    public boolean retitle(long id, String title) {
        // Only a title that differs changes: two feeds that give the same new title change the story once.
        if (jdbc.sql("update article set title = ? where id = ? and title <> ?").params(title, id, title)
                .update() > 0) {
            revised();
            return true;
        }
        return false;
    }

    @Override
    @Transactional
    public boolean resummarise(long id, String summary) {
        if (jdbc.sql("update article set summary = ? where id = ? and summary is distinct from ?")
                .params(summary, id, summary).update() > 0) {
            revised();
            return true;
        }
        return false;
    }

    @Override
    @Transactional(noRollbackFor = DuplicateArticleUrl.class)
    public boolean relink(long id, URI url) {
        if (urlOfAnother(url, id)) {
            throw new DuplicateArticleUrl(url);
        }
        // A story that shared its page with others (it owned no url) still owns none.
        if (jdbc.sql("""
                        update article set url = :url, own_url = case when own_url is null then null else :url end
                         where id = :id and url is distinct from :url
                        """)
                .param("url", url.toString())
                .param("id", id)
                .update() == 0) {
            return false;
        }
        revised();
        return true;
    }

    private boolean urlOfAnother(URI url, long id) {
        return jdbc.sql("select count(*) from article where url = ? and id <> ?").params(url.toString(), id)
                .query(Long.class).single() > 0;
    }

    @Override
    @Transactional
    public List<Tag> addTags(long id, List<Tag> added) {
        List<String> had = jdbc.sql("select tag_key from article_tag where article_id = ? order by position")
                .param(id).query(String.class).list();
        List<Tag> registered = tags.register(added).stream().filter(tag -> !had.contains(tag.key().value()))
                .limit(Math.max(0, NewArticle.MAX_TAGS - had.size())).toList();
        for (int i = 0; i < registered.size(); i++) {
            jdbc.sql("insert into article_tag (article_id, tag_key, position) values (?, ?, ?) on conflict do nothing")
                    .params(id, registered.get(i).key().value(), had.size() + i)
                    .update();
        }
        if (!registered.isEmpty()) {
            revised();
        }
        return find(id).map(Article::tags).orElse(List.of());
    }

    /**
     * Registers the tags, answering those a story may carry (retired ones left out), before the story is written.
     *
     * @throws InvalidInput on {@code tags} when every tag is retired: a story on none would reach no reader, and its
     *                      editor would not know
     */
    private List<Tag> inUse(List<Tag> written) {
        List<Tag> registered = tags.register(written);
        if (registered.isEmpty() && !written.isEmpty()) {
            throw new InvalidInput("tags", written.stream().map(tag -> "#" + tag.label())
                    .collect(Collectors.joining(", ")) + (written.size() == 1 ? " is" : " are")
                    + " no longer published; tag the story with a tag in use");
        }
        return registered;
    }

    /** Puts the tags on the article, in the order given. */
    private void tag(long articleId, List<Tag> registered) {
        for (int position = 0; position < registered.size(); position++) {
            jdbc.sql("insert into article_tag (article_id, tag_key, position) values (?, ?, ?)")
                    .params(articleId, registered.get(position).key().value(), position)
                    .update();
        }
    }

    @Override
    public Optional<Article> find(long id) {
        List<Article> found = withTags(jdbc.sql("select " + COLUMNS + " from article a where a.id = ?")
                .param(id)
                .query(JdbcArticles::row)
                .list());
        return found.stream().findFirst();
    }

    /**
     * Kept between calls while {@code article_revision} stays the same, which every change to what an email shows of
     * a stored article makes it grow (in the change's own transaction): a node sending a run reads its stories once,
     * not again for every claim of a few hundred digests (a third of the CPU of claiming them, with 5,000 stories a
     * day). The revision is read before the articles, so that what is kept is never older than the revision it is
     * kept under. A new story changes nothing kept: it is read when first wanted.
     */
    @Override
    public Map<Long, Article> headlines(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        long revision = jdbc.sql("select revision from article_revision where id = 1").query(Long.class).single();
        Headlines before = kept;
        Map<Long, Article> known = before.revision() == revision ? before.articles() : Map.of();
        List<Long> missing = ids.stream().distinct().filter(id -> !known.containsKey(id)).toList();
        Map<Long, Article> all = known;
        if (!missing.isEmpty()) {
            Map<Long, Article> grown = new HashMap<>();
            if (known.size() + missing.size() <= HEADLINES_KEPT) {
                grown.putAll(known);
            } else {
                ids.stream().filter(known::containsKey).forEach(id -> grown.put(id, known.get(id)));
            }
            read(missing).forEach(article -> grown.put(article.id(), article));
            all = Collections.unmodifiableMap(grown);
            kept = new Headlines(revision, all);
        }
        Map<Long, Article> wanted = new HashMap<>();
        for (Long id : ids) {
            Article article = all.get(id);
            if (article != null) {
                wanted.put(id, article);
            }
        }
        return wanted;
    }

    /** Headlines as of one revision of the articles. */
    private record Headlines(long revision, Map<Long, Article> articles) {
    }

    /** Tells the nodes that keep headlines that a stored article changed: within the caller's transaction. */
    private void revised() {
        jdbc.sql("update article_revision set revision = revision + 1 where id = 1").update();
    }

    /** The headlines of these stories, read as a range of the key when their ids are close. */
    private List<Article> read(Collection<Long> ids) {
        WantedIds wanted = new WantedIds(ids);
        return withTags(wanted, (wanted.dense()
                ? jdbc.sql("select " + HEADLINE_COLUMNS + " from article a where a.id between :first and :last")
                        .param("first", wanted.first())
                        .param("last", wanted.last())
                : jdbc.sql("select " + HEADLINE_COLUMNS + " from article a where a.id in (" + IdList.of(ids) + ")"))
                .query(JdbcArticles::row)
                .list()
                .stream()
                .filter(article -> wanted.contains(article.id()))
                .toList());
    }

    @Override
    public Page<Article> list(Optional<TagKey> tag, PageRequest request) {
        return search(Optional.empty(), tag, request);
    }

    @Override
    public Page<Article> search(Optional<String> titleContains, Optional<TagKey> tag, PageRequest request) {
        return find(titleContains, tag, null, request);
    }

    @Override
    public Page<Article> published(Optional<TagKey> tag, Instant asOf, PageRequest request) {
        return find(Optional.empty(), tag, asOf, request);
    }

    private Page<Article> find(Optional<String> titleContains, Optional<TagKey> tag, Instant publishedBy,
                               PageRequest request) {
        List<String> filters = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (publishedBy != null) {
            filters.add("a.published_at <= :publishedBy");
            params.put("publishedBy", Timestamps.utc(publishedBy));
        }
        titleContains.map(String::strip).filter(text -> !text.isEmpty()).ifPresent(text -> {
            filters.add("lower(a.title) like :title escape '!'");
            params.put("title", "%" + LIKE_SPECIALS.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("!$0") + "%");
        });
        // A tag's stories are reached through its index (article_tag_by_tag): the page and its count read that tag's
        // rows only, not every story to test each for the tag, which a reader's ?tag= would otherwise cost.
        String from = " from article a";
        if (tag.isPresent()) {
            from = " from article_tag t join article a on a.id = t.article_id";
            // An alias lists the stories of the tag it was merged into.
            filters.add("t.tag_key = coalesce((select alias_of from tag where tag_key = :tag), :tag)");
            params.put("tag", tag.get().value());
        }
        String where = filters.isEmpty() ? "" : " where " + String.join(" and ", filters);
        List<Article> rows = jdbc.sql("select " + COLUMNS + from + where
                        + " order by a.published_at desc, a.id desc limit :limit offset :offset")
                .params(params)
                .param("limit", request.size())
                .param("offset", request.offset())
                .query(JdbcArticles::row)
                .list();
        long total = jdbc.sql("select count(*)" + from + where).params(params).query(Long.class).single();
        return Page.of(withTags(rows), request, total);
    }

    @Override
    public long count() {
        return jdbc.sql("select count(*) from article").query(Long.class).single();
    }

    @Override
    public long countPublishedSince(Instant since) {
        return jdbc.sql("select count(*) from article where published_at >= ?")
                .param(Timestamps.utc(since))
                .query(Long.class)
                .single();
    }

    private List<Article> withTags(List<Article> articles) {
        return articles.isEmpty() ? articles : withTags(new WantedIds(ids(articles)), articles);
    }

    private List<Article> withTags(WantedIds wanted, List<Article> articles) {
        if (articles.isEmpty()) {
            return articles;
        }
        Map<Long, List<Tag>> byArticle = new HashMap<>();
        (wanted.dense()
                ? jdbc.sql("""
                        select g.article_id, t.tag_key, t.label
                          from article_tag g join tag t on t.tag_key = g.tag_key
                         where g.article_id between :first and :last
                         order by g.article_id, g.position
                        """)
                        .param("first", wanted.first())
                        .param("last", wanted.last())
                : jdbc.sql("""
                        select g.article_id, t.tag_key, t.label
                          from article_tag g join tag t on t.tag_key = g.tag_key
                         where g.article_id in (%s)
                         order by g.article_id, g.position
                        """.formatted(IdList.of(wanted.ids()))))
                .query(rs -> {
                    long article = rs.getLong(1);
                    if (wanted.contains(article)) {
                        byArticle.computeIfAbsent(article, id -> new ArrayList<>())
                                .add(new Tag(new TagKey(rs.getString(2)), rs.getString(3)));
                    }
                });
        return articles.stream()
                .map(a -> new Article(a.id(), a.title(), a.summary(), a.body(), a.author(), a.url(), a.publishedAt(),
                        byArticle.getOrDefault(a.id(), List.of())))
                .toList();
    }

    private static Collection<Long> ids(List<Article> articles) {
        return articles.stream().map(Article::id).toList();
    }

    private static Article row(ResultSet rs, int row) throws SQLException {
        String url = rs.getString("url");
        return new Article(rs.getLong("id"), rs.getString("title"), rs.getString("summary"), rs.getString("body"),
                rs.getString("author"), url == null ? null : URI.create(url), Timestamps.read(rs, "published_at"),
                List.of());
    }
}
