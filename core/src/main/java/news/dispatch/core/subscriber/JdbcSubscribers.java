package news.dispatch.core.subscriber;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import news.dispatch.core.jdbc.IdList;
import news.dispatch.core.jdbc.Timestamps;
import news.dispatch.core.jdbc.WantedIds;
import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.link.LinkTokens;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.Tags;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
class JdbcSubscribers implements Subscribers {

    private static final String COLUMNS =
            "s.id, s.email, s.status, s.frequency, s.timezone, s.send_hour, s.alerts, s.created_at, s.confirmed_at, "
                    + "s.link_generation, s.quiet_from, s.quiet_until, s.paused_until, s.language";

    private final JdbcClient jdbc;
    private final Tags tags;
    private final LinkTokens links;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    JdbcSubscribers(JdbcClient jdbc, Tags tags, LinkTokens links, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.tags = tags;
        this.links = links;
        this.clock = clock;
        this.events = events;
    }

    @Override
    @Transactional
    public Subscriber add(EmailAddress email, Preferences preferences, SubscriberStatus status) {
        Instant now = Timestamps.now(clock);
        return restore(email, preferences, status, now, status == SubscriberStatus.ACTIVE ? now : null);
    }

    @Override
    @Transactional
    public Subscriber restore(EmailAddress email, Preferences preferences, SubscriberStatus status, Instant createdAt,
                              Instant confirmedAt) {
        if (findByEmail(email).isPresent()) {
            throw new DuplicateSubscriber(email);
        }
        Instant now = Timestamps.now(clock);
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                            insert into subscriber (email, email_key, status, frequency, timezone, send_hour, alerts,
                                                    link_generation, created_at, confirmed_at, updated_at)
                            values (:email, :emailKey, :status, :frequency, :timezone, :sendHour, :alerts,
                                    0, :createdAt, :confirmedAt, :now)
                            """)
                    .param("email", email.value())
                    .param("emailKey", email.key())
                    .param("status", status.name())
                    .param("frequency", preferences.frequency().name())
                    .param("timezone", preferences.timezone().getId())
                    .param("sendHour", preferences.sendHour())
                    .param("alerts", preferences.alerts())
                    .param("now", Timestamps.utc(now))
                    .param("createdAt", Timestamps.utc(createdAt))
                    .param("confirmedAt", Timestamps.utc(confirmedAt))
                    .update(key, "id");
        } catch (DuplicateKeyException e) {
            throw new DuplicateSubscriber(email);
        }
        Subscriber added = new Subscriber(key.getKey().longValue(), email, status, preferences, createdAt, confirmedAt,
                0);
        return update(added);
    }

    @Override
    public Optional<Subscriber> find(long id) {
        return one(jdbc.sql("select " + COLUMNS + " from subscriber s where s.id = ?").param(id));
    }

    @Override
    public List<Subscriber> findAll(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        WantedIds wanted = new WantedIds(ids);
        return withTags((wanted.dense()
                ? jdbc.sql("select " + COLUMNS + " from subscriber s where s.id between :first and :last")
                        .param("first", wanted.first())
                        .param("last", wanted.last())
                : jdbc.sql("select " + COLUMNS + " from subscriber s where s.id in (" + IdList.of(ids) + ")"))
                .query(JdbcSubscribers::row)
                .list()
                .stream()
                .filter(row -> wanted.contains(row.id()))
                .toList());
    }

    @Override
    public Optional<Subscriber> findByEmail(EmailAddress email) {
        return one(jdbc.sql("select " + COLUMNS + " from subscriber s where s.email_key = ?").param(email.key()));
    }

    @Override
    public Optional<Subscriber> findByLink(LinkPurpose purpose, String token) {
        if (!LinkTokens.wellFormed(token)) {
            return Optional.empty();
        }
        String column = switch (purpose) {
            case PREFERENCES -> "preferences_token_hash";
            case UNSUBSCRIBE -> "unsubscribe_token_hash";
        };
        String hash = LinkTokens.hash(token);
        Optional<Subscriber> present = one(jdbc.sql("select " + COLUMNS + " from subscriber s where s." + column
                + " = ?").param(hash));
        if (present.isPresent() || purpose != LinkPurpose.UNSUBSCRIBE) {
            return present;
        }
        return one(jdbc.sql("select " + COLUMNS + """
                         from earlier_unsubscribe_link e join subscriber s on s.id = e.subscriber_id
                        where e.token_hash = ?""").param(hash)).map(Subscriber::seenThroughAnEarlierLink);
    }

    @Override
    public String linkToken(Subscriber subscriber, LinkPurpose purpose) {
        return links.token(purpose, subscriber.id(), subscriber.linkGeneration());
    }

    @Override
    @Transactional
    public Subscriber update(Subscriber subscriber) {
        Preferences preferences = subscriber.preferences();
        Instant now = clock.instant();
        endPauseNow(subscriber.id(), preferences, now);
        List<TagKey> had = jdbc.sql("select tag_key from subscriber_tag where subscriber_id = ?")
                .param(subscriber.id()).query((rs, row) -> new TagKey(rs.getString(1))).list();
        List<Tag> followed = tags.follow(preferences.tags(), had);
        // A rhythm given for an alias is the rhythm of the tag it stands for, as the alias itself is.
        Map<TagKey, Tag> resolved = tags.resolve(preferences.tagFrequencies().keySet());
        Map<TagKey, Frequency> tagFrequencies = new HashMap<>();
        preferences.tagFrequencies().forEach((key, rhythm) -> tagFrequencies.merge(
                resolved.containsKey(key) ? resolved.get(key).key() : key, rhythm, (own, alias) -> own));
        // A new subscription's links replace the old ones, and the old unsubscribe link keeps working (V45). Only a
        // reader who came back can have moved on, so the many who never did (an import of known readers) pay nothing.
        if (subscriber.linkGeneration() > 0) {
            jdbc.sql("""
                            insert into earlier_unsubscribe_link (subscriber_id, generation, token_hash)
                            select id, link_generation, unsubscribe_token_hash
                              from subscriber
                             where id = :id and link_generation < :generation and unsubscribe_token_hash is not null
                            """)
                    .param("id", subscriber.id())
                    .param("generation", subscriber.linkGeneration())
                    .update();
        }
        jdbc.sql("""
                        update subscriber
                           set status = :status, frequency = :frequency, timezone = :timezone, send_hour = :sendHour,
                               alerts = :alerts, quiet_from = :quietFrom, quiet_until = :quietUntil,
                               paused_until = :pausedUntil, language = :language,
                               confirmed_at = :confirmedAt, link_generation = :generation,
                               preferences_token_hash = :preferencesHash, unsubscribe_token_hash = :unsubscribeHash,
                               updated_at = :now
                         where id = :id
                        """)
                .param("status", subscriber.status().name())
                .param("frequency", preferences.frequency().name())
                .param("timezone", preferences.timezone().getId())
                .param("sendHour", preferences.sendHour())
                .param("alerts", preferences.alerts())
                .param("quietFrom", preferences.quietHours() == null ? null : preferences.quietHours().from())
                .param("quietUntil", preferences.quietHours() == null ? null : preferences.quietHours().until())
                .param("pausedUntil", preferences.pausedUntil())
                .param("language", preferences.language().code())
                .param("confirmedAt", Timestamps.utc(subscriber.confirmedAt()))
                .param("generation", subscriber.linkGeneration())
                .param("preferencesHash", LinkTokens.hash(linkToken(subscriber, LinkPurpose.PREFERENCES)))
                .param("unsubscribeHash", LinkTokens.hash(linkToken(subscriber, LinkPurpose.UNSUBSCRIBE)))
                .param("now", Timestamps.utc(now))
                .param("id", subscriber.id())
                .update();
        jdbc.sql("delete from subscriber_tag where subscriber_id = ?").param(subscriber.id()).update();
        for (Tag tag : followed) {
            Frequency rhythm = tagFrequencies.get(tag.key());
            jdbc.sql("insert into subscriber_tag (subscriber_id, tag_key, frequency) values (?, ?, ?)")
                    .params(subscriber.id(), tag.key().value(), rhythm == null ? null : rhythm.name())
                    .update();
        }
        // A tag the reader typed and let go, that nothing else uses, is not kept for staff to read.
        tags.forgetUnused(had.stream().filter(key -> followed.stream().noneMatch(tag -> tag.key().equals(key)))
                .toList());
        return subscriber.withPreferences(new Preferences(followed, preferences.frequency(), preferences.timezone(),
                preferences.sendHour(), preferences.alerts(), preferences.quietHours(), tagFrequencies,
                preferences.pausedUntil(), preferences.language()));
    }

    /**
     * A pause in force that this change ends (resumed early, or moved to a date already begun) ends now: the stories
     * released meanwhile stay out of the digests that follow, as they do after a pause that ran its course, so the
     * digests' cursors move to this instant. Their dates alone would let in the day's stories up to now, or all.
     */
    private void endPauseNow(long id, Preferences preferences, Instant now) {
        boolean wasPaused = jdbc.sql("select paused_until, timezone from subscriber where id = ?").param(id)
                .query((rs, row) -> {
                    LocalDate until = rs.getObject("paused_until", LocalDate.class);
                    return until != null && now.isBefore(until.atStartOfDay(ZoneId.of(rs.getString("timezone")))
                            .toInstant());
                })
                .optional().orElse(false);
        if (!wasPaused || preferences.pausedAt(now)) {
            return;
        }
        OffsetDateTime at = Timestamps.utc(now);
        for (String cursor : List.of("digest_cursor", "digest_rhythm")) {
            jdbc.sql("update " + cursor + " set covered_until = ?, updated_at = ? where subscriber_id = ? "
                    + "and covered_until < ?").params(at, at, id, at).update();
        }
        jdbc.sql("""
                        insert into digest_cursor (subscriber_id, covered_until, updated_at) values (?, ?, ?)
                        on conflict do nothing
                        """)
                .params(id, at, at).update();
        // A tag's rhythm that has had no digest yet would reach back a first window, into the pause (QA, 7 December).
        for (Frequency rhythm : Set.copyOf(preferences.tagFrequencies().values())) {
            jdbc.sql("""
                            insert into digest_rhythm (subscriber_id, frequency, covered_until, updated_at)
                            values (?, ?, ?, ?) on conflict do nothing
                            """)
                    .params(id, rhythm.name(), at, at).update();
        }
    }

    @Override
    public Map<SubscriberStatus, Long> countByStatus() {
        Map<SubscriberStatus, Long> counts = new EnumMap<>(SubscriberStatus.class);
        for (SubscriberStatus status : SubscriberStatus.values()) {
            counts.put(status, 0L);
        }
        jdbc.sql("select status, count(*) from subscriber group by status")
                .query((rs, row) -> counts.put(SubscriberStatus.valueOf(rs.getString(1)), rs.getLong(2)))
                .list();
        return counts;
    }

    @Override
    @Transactional
    public int deleteUnconfirmed(Instant signedUpBefore) {
        // updated_at is when a PENDING reader last signed up: adding, rejoining and signing up again all update the
        // row, and nothing else touches a reader who has not confirmed yet but an admin's edit. The rows are locked
        // first, so the addresses announced are exactly those deleted.
        List<String> addresses = jdbc.sql("""
                        select email from subscriber where status = 'PENDING' and updated_at < ? for update""")
                .param(Timestamps.utc(signedUpBefore))
                .query(String.class)
                .list();
        if (addresses.isEmpty()) {
            return 0;
        }
        List<TagKey> followed = jdbc.sql("""
                        select distinct g.tag_key from subscriber_tag g join subscriber s on s.id = g.subscriber_id
                         where s.status = 'PENDING' and s.updated_at < ?""")
                .param(Timestamps.utc(signedUpBefore))
                .query((rs, row) -> new TagKey(rs.getString(1)))
                .list();
        int deleted = jdbc.sql("delete from subscriber where status = 'PENDING' and updated_at < ?")
                .param(Timestamps.utc(signedUpBefore))
                .update();
        tags.forgetUnused(followed);
        events.publishEvent(new ReadersForgotten(addresses));
        return deleted;
    }

    @Override
    public List<Long> departedBefore(Instant leftBefore, int limit) {
        return jdbc.sql("""
                        select id from subscriber where status = 'UNSUBSCRIBED' and updated_at < ?
                         order by updated_at, id limit ?""")
                .params(Timestamps.utc(leftBefore), limit)
                .query(Long.class)
                .list();
    }

    @Override
    public Page<Subscriber> search(SubscriberQuery query, PageRequest page) {
        Filter filter = Filter.of(query);
        List<Subscriber> items = withTags(filter.bind(jdbc.sql("select " + COLUMNS + " from subscriber s"
                        + filter.where() + " order by " + orderBy(query.order()) + " limit :limit offset :offset"))
                .param("limit", page.size())
                .param("offset", page.offset())
                .query(JdbcSubscribers::row)
                .list());
        long total = page.page() == 0 && items.size() < page.size() ? items.size()
                : filter.bind(jdbc.sql("select count(*) from subscriber s" + filter.where())).query(Long.class)
                        .single();
        return Page.of(items, page, total);
    }

    @Override
    public List<Subscriber> listAfter(SubscriberQuery query, long afterId, int limit) {
        Filter filter = Filter.of(query).and("s.id > :afterId", "afterId", afterId);
        return withTags(filter.bind(jdbc.sql("select " + COLUMNS + " from subscriber s" + filter.where()
                        + " order by s.id limit :limit"))
                .param("limit", limit)
                .query(JdbcSubscribers::row)
                .list());
    }

    @Override
    @Transactional
    public boolean erase(long id) {
        Optional<String> address = jdbc.sql("select email from subscriber where id = ? for update").param(id)
                .query(String.class)
                .optional();
        List<TagKey> followed = jdbc.sql("select tag_key from subscriber_tag where subscriber_id = ?").param(id)
                .query((rs, row) -> new TagKey(rs.getString(1)))
                .list();
        if (address.isEmpty() || jdbc.sql("delete from subscriber where id = ?").param(id).update() == 0) {
            return false;
        }
        // A tag the reader typed may hold their name or their health: it goes with them when nothing else uses it.
        tags.forgetUnused(followed);
        jdbc.sql("insert into erasure (erased_at) values (?)").param(Timestamps.utc(Timestamps.now(clock))).update();
        // The address is personal data too; should it sign up again, its owner confirms it anew.
        jdbc.sql("delete from suppression where email_key = lower(?)").param(address.get()).update();
        events.publishEvent(new ReadersForgotten(List.of(address.get())));
        return true;
    }

    @Override
    public long countErased() {
        return jdbc.sql("select count(*) from erasure").query(Long.class).single();
    }

    /**
     * By sign-up, as the reader's own date says ({@code subscriber_by_created_at}): a reader restored from an export
     * keeps theirs, so ids, which grow with the rows, no longer follow it (QA, 7 December).
     */
    private static String orderBy(SubscriberQuery.Order order) {
        return switch (order) {
            case NEWEST_FIRST -> "s.created_at desc, s.id desc";
            case OLDEST_FIRST -> "s.created_at, s.id";
            case EMAIL -> "s.email_key, s.id";
            case EMAIL_DESCENDING -> "s.email_key desc, s.id desc";
        };
    }

    /** A query's filters as one {@code where} clause and its parameters, shared by a page and its count. */
    private static final class Filter {

        private final List<String> conditions = new ArrayList<>();
        private final Map<String, Object> params = new HashMap<>();

        static Filter of(SubscriberQuery query) {
            Filter filter = new Filter();
            if (query.status() != null) {
                filter.and("s.status = :status", "status", query.status().name());
            }
            if (query.tag() != null) {
                filter.and("exists (select 1 from subscriber_tag g where g.subscriber_id = s.id"
                                + " and g.tag_key = coalesce((select alias_of from tag where tag_key = :tag), :tag))",
                        "tag", query.tag().value());
            }
            if (query.emailContains() != null) {
                filter.and("s.email_key like :pattern escape '\\'", "pattern",
                        "%" + escapeLike(query.emailContains()) + "%");
            }
            return filter;
        }

        Filter and(String condition, String name, Object value) {
            conditions.add(condition);
            params.put(name, value);
            return this;
        }

        String where() {
            return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        }

        JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
            return statement.params(params);
        }

        private static String escapeLike(String text) {
            return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        }
    }

    private Optional<Subscriber> one(JdbcClient.StatementSpec query) {
        List<Row> rows = query.query(JdbcSubscribers::row).list();
        return withTags(rows).stream().findFirst();
    }

    private List<Subscriber> withTags(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<Tag>> byReader = new HashMap<>();
        Map<Long, Map<TagKey, Frequency>> rhythms = new HashMap<>();
        WantedIds wanted = new WantedIds(rows.stream().map(Row::id).toList());
        (wanted.dense()
                ? jdbc.sql("""
                        select g.subscriber_id, t.tag_key, t.label, g.frequency
                          from subscriber_tag g join tag t on t.tag_key = g.tag_key
                         where g.subscriber_id between :first and :last
                         order by g.subscriber_id, t.tag_key
                        """)
                        .param("first", wanted.first())
                        .param("last", wanted.last())
                : jdbc.sql("""
                        select g.subscriber_id, t.tag_key, t.label, g.frequency
                          from subscriber_tag g join tag t on t.tag_key = g.tag_key
                         where g.subscriber_id in (%s)
                         order by g.subscriber_id, t.tag_key
                        """.formatted(IdList.of(wanted.ids()))))
                .query(rs -> {
                    long reader = rs.getLong(1);
                    if (!wanted.contains(reader)) {
                        return;
                    }
                    TagKey key = new TagKey(rs.getString(2));
                    if (rs.getString(4) != null) {
                        rhythms.computeIfAbsent(reader, id -> new HashMap<>())
                                .put(key, Frequency.valueOf(rs.getString(4)));
                    }
                    byReader.computeIfAbsent(reader, id -> new ArrayList<>()).add(new Tag(key, rs.getString(3)));
                });
        return rows.stream().map(row -> row.subscriber(byReader.getOrDefault(row.id(), List.of()),
                rhythms.getOrDefault(row.id(), Map.of()))).toList();
    }

    private static Row row(ResultSet rs, int row) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("email"), rs.getString("status"), rs.getString("frequency"),
                rs.getString("timezone"), rs.getInt("send_hour"), rs.getBoolean("alerts"),
                Timestamps.read(rs, "created_at"), Timestamps.read(rs, "confirmed_at"), rs.getInt("link_generation"),
                rs.getObject("quiet_from", Integer.class), rs.getObject("quiet_until", Integer.class),
                rs.getObject("paused_until", LocalDate.class), rs.getString("language"));
    }

    /** A subscriber row before its tags are attached. */
    private record Row(long id, String email, String status, String frequency, String timezone, int sendHour,
                       boolean alerts, Instant createdAt, Instant confirmedAt, int linkGeneration, Integer quietFrom,
                       Integer quietUntil, LocalDate pausedUntil, String language) {

        Subscriber subscriber(List<Tag> followed, Map<TagKey, Frequency> rhythms) {
            return new Subscriber(id, new EmailAddress(email), SubscriberStatus.valueOf(status),
                    new Preferences(followed, Frequency.valueOf(frequency), ZoneId.of(timezone), sendHour, alerts,
                            quietFrom == null ? null : new QuietHours(quietFrom, quietUntil), rhythms, pausedUntil,
                            Language.of(language)),
                    createdAt, confirmedAt, linkGeneration);
        }
    }
}
