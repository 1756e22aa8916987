package news.dispatch.core.tag;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.jdbc.Timestamps;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
class JdbcTags implements Tags {

    /** What a prefix may hold to match any key: the characters of keys, and nothing LIKE reads as a wildcard. */
    private static final Pattern KEY_CHARACTERS = Pattern.compile("[\\p{L}\\p{M}\\p{N}-]*");

    /** The stories published by :now that carry each tag the prefix matches, off {@code article_tag_by_tag}. */
    private static final String STORIES = """
              left join (select g.tag_key, count(*) as stories
                           from article_tag g join article a on a.id = g.article_id
                          where g.tag_key like :prefix and a.published_at <= :now
                          group by g.tag_key) s on s.tag_key = t.tag_key
            """;

    private static final String MATCHING = """
             where t.alias_of is null and t.tag_key like :prefix
            """;

    /**
     * Tags (not aliases) with the stories published by :now that carry them and the active readers who follow them,
     * counted per tag off the tag indexes ({@code article_tag_by_tag}, {@code subscriber_tag_by_tag}) for the keys
     * that match only, so a search costs what its prefix matches, not every story.
     */
    private static final String COUNTED = """
            select t.tag_key, t.label, coalesce(s.stories, 0) as stories, coalesce(f.followers, 0) as followers
              from tag t
            """ + STORIES + """
              left join (select g.tag_key, count(*) as followers
                           from subscriber_tag g join subscriber r on r.id = g.subscriber_id
                          where g.tag_key like :prefix and r.status = 'ACTIVE'
                          group by g.tag_key) f on f.tag_key = t.tag_key
            """ + MATCHING;

    /**
     * {@link #COUNTED} without the followers, which readers are not shown: counting them for every tag of a public
     * search, which anyone may ask as fast as they type, took H2 a second at 100,000 readers.
     */
    private static final String COUNTED_STORIES = """
            select t.tag_key, t.label, coalesce(s.stories, 0) as stories, 0 as followers
              from tag t
            """ + STORIES + MATCHING;

    /**
     * A tag of the newsroom's, on top of {@link #COUNTED}'s conditions: a story published by :now carries it. A tag
     * only readers typed is not shown to others, confirmed or not: it would tell anyone that somebody follows
     * {@code #Divorce-Support} or their own name, and let anyone with a mailbox plant a label in what every reader is
     * offered (a privacy QA, 7 December; before, a confirmed reader's tags were shown).
     */
    private static final String PUBLISHED = """
             and exists (select 1 from article_tag g join article a on a.id = g.article_id
                          where g.tag_key = t.tag_key and a.published_at <= :now)
            """;

    /** A key as duplicates are found by: without {@code -} and a final {@code s}. */
    private static final String STEM = "regexp_replace(replace(tag_key, '-', ''), 's$', '')";

    /** Addresses looked up at once: an import's file may name 35,000. */
    private static final int IN_LIST = 1000;

    /** How many tags a retired tag's followers are offered when the admin names none. */
    static final int SUGGESTED_OFFER = 3;

    /** How many tags an admin may offer instead of a retired one. */
    static final int MAX_OFFER = 10;

    /**
     * The tags offered instead of retired ones, in order, each as the tag it stands for now (an offered tag merged
     * since offers its target) and only while that is in use.
     */
    private static final String OFFERS = """
            select o.tag_key, r.tag_key, r.label
              from tag_offer o
              join tag t on t.tag_key = o.offered
              join tag r on r.tag_key = coalesce(t.alias_of, t.tag_key)
             where o.tag_key in (:retired) and r.retired_at is null
             order by o.tag_key, o.position
            """;

    private final JdbcClient jdbc;
    private final Clock clock;

    JdbcTags(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    @Transactional
    public List<Tag> register(Collection<Tag> tags) {
        List<Tag> registered = registered(tags);
        Set<TagKey> retired = retired(registered);
        return retired.isEmpty() ? registered
                : registered.stream().filter(tag -> !retired.contains(tag.key())).toList();
    }

    @Override
    @Transactional
    public List<Tag> follow(Collection<Tag> tags, Collection<TagKey> followed) {
        List<Tag> registered = registered(tags);
        Set<TagKey> retired = new HashSet<>(retired(registered));
        retired.removeAll(followed);
        if (!retired.isEmpty()) {
            throw new TagRetired(retirements(retired).values().iterator().next());
        }
        return registered;
    }

    /** Those of these tags (not aliases) that are retired. */
    private Set<TagKey> retired(List<Tag> tags) {
        if (tags.isEmpty()) {
            return Set.of();
        }
        return jdbc.sql("select tag_key from tag where tag_key in (:keys) and retired_at is not null")
                .param("keys", tags.stream().map(tag -> tag.key().value()).toList())
                .query((rs, row) -> new TagKey(rs.getString(1)))
                .set();
    }

    private List<Tag> registered(Collection<Tag> tags) {
        Map<TagKey, Tag> distinct = new LinkedHashMap<>();
        tags.forEach(tag -> distinct.putIfAbsent(tag.key(), tag));
        if (distinct.isEmpty()) {
            return List.of();
        }
        // Only the tags not there yet: an import registers its readers' tags reader by reader, and an insert that
        // meets its row had H2 add and take back an index entry each time (a fifth of an import's time, profiled).
        Set<String> known = jdbc.sql("select tag_key from tag where tag_key in (:keys)")
                .param("keys", distinct.keySet().stream().map(TagKey::value).toList())
                .query(String.class)
                .set();
        insert(distinct.values().stream().filter(tag -> !known.contains(tag.key().value())).toList());
        // Locked until the caller's work commits: a merge of one of these tags waits for it and then moves what it
        // tagged, or has moved everything already and this reads the alias it left.
        Map<TagKey, Tag> resolved = new HashMap<>(resolve(distinct.keySet(), true));
        if (resolved.size() < distinct.size()) {
            // Forgotten (forgetUnused) between the look and the lock, as the last reader who followed it was erased.
            insert(distinct.values().stream().filter(tag -> !resolved.containsKey(tag.key())).toList());
            resolved.putAll(resolve(distinct.keySet(), true));
        }
        return distinct.keySet().stream().map(resolved::get).distinct().toList();
    }

    /**
     * In the order of their keys, as {@link #resolve}'s lock takes them: two transactions that register the same new
     * tags then wait for each other in one order, not in a deadlock.
     */
    private void insert(List<Tag> missing) {
        OffsetDateTime now = Timestamps.utc(clock.instant());
        for (Tag tag : missing.stream().sorted(Comparator.comparing(tag -> tag.key().value())).toList()) {
            jdbc.sql("insert into tag (tag_key, label, created_at) values (?, ?, ?) on conflict do nothing")
                    .params(tag.key().value(), tag.label(), now)
                    .update();
        }
    }

    @Override
    public Map<TagKey, Tag> resolve(Collection<TagKey> keys) {
        return resolve(keys, false);
    }

    private Map<TagKey, Tag> resolve(Collection<TagKey> keys, boolean lock) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        Map<String, String> targets = new HashMap<>();
        jdbc.sql("select tag_key, coalesce(alias_of, tag_key) from tag where tag_key in (:keys) order by tag_key"
                        + (lock ? " for update" : ""))
                .param("keys", keys.stream().map(TagKey::value).toList())
                .query((rs, row) -> targets.put(rs.getString(1), rs.getString(2)))
                .list();
        if (targets.isEmpty()) {
            return Map.of();
        }
        Map<String, String> labels = new HashMap<>();
        jdbc.sql("select tag_key, label from tag where tag_key in (:keys)")
                .param("keys", List.copyOf(targets.values()))
                .query((rs, row) -> labels.put(rs.getString(1), rs.getString(2)))
                .list();
        Map<TagKey, Tag> resolved = new HashMap<>();
        targets.forEach((key, target) -> resolved.put(new TagKey(key), new Tag(new TagKey(target), labels.get(target))));
        return resolved;
    }

    @Override
    public List<TagUse> inUseSince(Instant since, int limit) {
        return jdbc.sql("""
                        select t.tag_key, t.label, count(*) as articles
                          from article_tag g
                          join article a on a.id = g.article_id
                          join tag t on t.tag_key = g.tag_key
                         where a.published_at >= :since and a.published_at <= :now and t.retired_at is null
                         group by t.tag_key, t.label
                         order by articles desc, t.tag_key
                         limit :limit
                        """)
                .param("since", Timestamps.utc(since))
                .param("now", Timestamps.utc(Timestamps.now(clock)))
                .param("limit", limit)
                .query((rs, row) -> new TagUse(new Tag(new TagKey(rs.getString(1)), rs.getString(2)), rs.getLong(3)))
                .list();
    }

    @Override
    public Page<TagCount> search(String prefix, PageRequest page) {
        return search(prefix, page, COUNTED, "");
    }

    @Override
    public Page<TagCount> searchPublished(String prefix, PageRequest page) {
        return search(prefix, page, COUNTED_STORIES, PUBLISHED);
    }

    private Page<TagCount> search(String prefix, PageRequest page, String counted, String published) {
        String written = prefix == null ? "" : TagKey.fold(prefix);
        if (!KEY_CHARACTERS.matcher(written).matches()) {
            return Page.of(List.of(), page, 0);
        }
        OffsetDateTime now = Timestamps.utc(clock.instant());
        List<TagCount> items = jdbc.sql(counted + " and t.retired_at is null" + published
                        + " order by stories desc, t.tag_key limit :limit offset :offset")
                .param("prefix", written + "%")
                .param("now", now)
                .param("limit", page.size())
                .param("offset", page.offset())
                .query((rs, row) -> new TagCount(new Tag(new TagKey(rs.getString(1)), rs.getString(2)),
                        rs.getLong(3), rs.getLong(4)))
                .list();
        long total = jdbc.sql("""
                        select count(*) from tag t
                         where t.alias_of is null and t.retired_at is null and t.tag_key like :prefix
                        """ + published)
                .param("prefix", written + "%")
                .param("now", now)
                .query(Long.class).single();
        return Page.of(items, page, total);
    }

    @Override
    public int forgetUnused(Collection<TagKey> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        List<String> wanted = keys.stream().map(TagKey::value).distinct().toList();
        // Locked first, in register's order: a sign-up on the tag meanwhile waits, then finds it gone and adds it anew.
        jdbc.sql("select tag_key from tag where tag_key in (:keys) order by tag_key for update")
                .param("keys", wanted)
                .query(String.class)
                .list();
        return jdbc.sql("""
                        delete from tag t
                         where t.tag_key in (:keys) and t.alias_of is null and t.retired_at is null
                           and not exists (select 1 from article_tag g where g.tag_key = t.tag_key)
                           and not exists (select 1 from subscriber_tag g where g.tag_key = t.tag_key)
                           and not exists (select 1 from tag a where a.alias_of = t.tag_key)
                           and not exists (select 1 from tag_offer o where o.offered = t.tag_key)
                           and not exists (select 1 from retirement_owed o where o.tag_key = t.tag_key)
                        """)
                .param("keys", wanted)
                .update();
    }

    @Override
    public Optional<TagDetail> find(TagKey key) {
        Optional<String> target = jdbc.sql("select coalesce(alias_of, tag_key) from tag where tag_key = ?")
                .param(key.value()).query(String.class).optional();
        return target.flatMap(tag -> jdbc.sql(COUNTED + " and t.tag_key = :key")
                        .param("prefix", tag)
                        .param("key", tag)
                        .param("now", Timestamps.utc(clock.instant()))
                        .query((rs, row) -> new TagCount(new Tag(new TagKey(rs.getString(1)), rs.getString(2)),
                                rs.getLong(3), rs.getLong(4)))
                        .optional())
                .map(count -> new TagDetail(count.tag(), aliases(count.tag().key()), count.stories(),
                        count.followers(), retirements(List.of(count.tag().key())).get(count.tag().key())));
    }

    @Override
    public Map<TagKey, List<TagKey>> aliases(Collection<TagKey> tags) {
        if (tags.isEmpty()) {
            return Map.of();
        }
        Map<TagKey, List<TagKey>> aliases = new HashMap<>();
        jdbc.sql("select alias_of, tag_key from tag where alias_of in (:tags) order by tag_key")
                .param("tags", tags.stream().map(TagKey::value).toList())
                .query((rs, row) -> aliases.computeIfAbsent(new TagKey(rs.getString(1)), key -> new ArrayList<>())
                        .add(new TagKey(rs.getString(2))))
                .list();
        return aliases;
    }

    /**
     * Stories' tags changed, or how one is written: nodes that keep the headlines of stories read them again
     * ({@code Articles.headlines}), in this same transaction.
     */
    private void storiesRevised() {
        jdbc.sql("update article_revision set revision = revision + 1 where id = 1").update();
    }

    private List<TagKey> aliases(TagKey key) {
        return jdbc.sql("select tag_key from tag where alias_of = ? order by tag_key").param(key.value())
                .query((rs, row) -> new TagKey(rs.getString(1))).list();
    }

    @Override
    @Transactional
    public TagDetail relabel(TagKey key, String label) {
        TagDetail tag = find(key).orElseThrow(() -> new TagNotFound(key));
        String written = Tag.displayForm(label);
        if (written.isEmpty() || !TagKey.fold(written).equals(tag.tag().key().value())) {
            throw new InvalidInput("label", "A label changes how #" + tag.tag().key().value()
                    + " is written (its letters' case), not which tag it is; to make it another tag, merge it.");
        }
        jdbc.sql("update tag set label = ? where tag_key = ?").params(written, tag.tag().key().value()).update();
        storiesRevised();
        return new TagDetail(new Tag(tag.tag().key(), written), tag.aliases(), tag.stories(), tag.followers(),
                tag.retirement());
    }

    @Override
    @Transactional
    public TagDetail merge(TagKey key, TagKey into) {
        if (key.equals(into)) {
            throw new MergeRefused("#" + key.value() + " cannot be merged into itself.");
        }
        // Both rows locked, in key order as every locker here takes them: articles and readers being tagged with
        // either wait for the merge, and the merge waits for them.
        Map<String, String> aliasOf = locked(List.of(key.value(), into.value()));
        if (!aliasOf.containsKey(key.value())) {
            throw new TagNotFound(key);
        }
        if (!aliasOf.containsKey(into.value())) {
            throw new TagNotFound(into);
        }
        if (aliasOf.get(key.value()) != null) {
            throw new MergeRefused("#" + key.value() + " is already merged into #" + aliasOf.get(key.value())
                    + ": it is an alias, with no stories or readers of its own.");
        }
        String target = aliasOf.get(into.value()) == null ? into.value() : aliasOf.get(into.value());
        if (target.equals(key.value())) {
            throw new MergeRefused("#" + into.value() + " is an alias of #" + key.value()
                    + ": merging #" + key.value() + " into it would merge it into itself.");
        }
        if (!target.equals(into.value())) {
            locked(List.of(target));
        }
        // A retired tag's stories and readers stay where they are: merged, it would be published again as an alias.
        for (String tag : List.of(key.value(), target)) {
            if (!retired(List.of(new Tag(new TagKey(tag), tag))).isEmpty()) {
                throw new MergeRefused("#" + tag + " is retired: it is merged neither into another tag nor "
                        + "another into it.");
            }
        }
        jdbc.sql("""
                        insert into article_tag (article_id, tag_key, position)
                        select g.article_id, :into, g.position from article_tag g
                         where g.tag_key = :key
                           and not exists (select 1 from article_tag h where h.article_id = g.article_id and h.tag_key = :into)
                        """)
                .param("key", key.value()).param("into", target).update();
        jdbc.sql("delete from article_tag where tag_key = ?").param(key.value()).update();
        storiesRevised();
        jdbc.sql("""
                        update subscriber_tag
                           set frequency = (select k.frequency from subscriber_tag k
                                             where k.subscriber_id = subscriber_tag.subscriber_id and k.tag_key = :key)
                         where tag_key = :into and frequency is null
                           and exists (select 1 from subscriber_tag k where k.subscriber_id = subscriber_tag.subscriber_id
                                          and k.tag_key = :key and k.frequency is not null)
                        """)
                .param("key", key.value()).param("into", target).update();
        jdbc.sql("""
                        insert into subscriber_tag (subscriber_id, tag_key, frequency)
                        select g.subscriber_id, :into, g.frequency from subscriber_tag g
                         where g.tag_key = :key
                           and not exists (select 1 from subscriber_tag h
                                            where h.subscriber_id = g.subscriber_id and h.tag_key = :into)
                        """)
                .param("key", key.value()).param("into", target).update();
        jdbc.sql("delete from subscriber_tag where tag_key = ?").param(key.value()).update();
        jdbc.sql("update tag set alias_of = :into where tag_key = :key or alias_of = :key")
                .param("key", key.value()).param("into", target).update();
        return find(new TagKey(target)).orElseThrow();
    }

    private Map<String, String> locked(List<String> keys) {
        Map<String, String> aliasOf = new HashMap<>();
        jdbc.sql("select tag_key, alias_of from tag where tag_key in (:keys) order by tag_key for update")
                .param("keys", keys)
                .query((rs, row) -> aliasOf.put(rs.getString(1), rs.getString(2)))
                .list();
        return aliasOf;
    }

    @Override
    public List<List<TagCount>> likelyDuplicates() {
        Map<String, List<TagCount>> groups = new LinkedHashMap<>();
        jdbc.sql(COUNTED + " and t.retired_at is null and " + STEM.replace("tag_key", "t.tag_key") + " in (select "
                        + STEM + " from tag where alias_of is null and retired_at is null group by " + STEM
                        + " having count(*) > 1)"
                        + " order by " + STEM.replace("tag_key", "t.tag_key") + ", stories desc, t.tag_key")
                .param("prefix", "%")
                .param("now", Timestamps.utc(clock.instant()))
                .query((rs, row) -> groups.computeIfAbsent(
                                rs.getString(1).replace("-", "").replaceFirst("s$", ""), stem -> new ArrayList<>())
                        .add(new TagCount(new Tag(new TagKey(rs.getString(1)), rs.getString(2)), rs.getLong(3),
                                rs.getLong(4))))
                .list();
        return List.copyOf(groups.values());
    }

    @Override
    @Transactional
    public TagDetail retire(TagKey key, List<TagKey> offer) {
        // Locked as a merge and tagging lock it: a reader being given the tag meanwhile waits, then finds it retired,
        // or was given it first and is among the followers told.
        Map<String, String> aliasOf = locked(List.of(key.value()));
        if (!aliasOf.containsKey(key.value())) {
            throw new TagNotFound(key);
        }
        if (aliasOf.get(key.value()) != null) {
            throw new RetireRefused("#" + key.value() + " is an alias of #" + aliasOf.get(key.value())
                    + ", with no stories or readers of its own: retire #" + aliasOf.get(key.value())
                    + " if that tag is no longer published.");
        }
        Optional<OffsetDateTime> retired = jdbc.sql(
                        "select retired_at from tag where tag_key = ? and retired_at is not null")
                .param(key.value()).query(OffsetDateTime.class).optional();
        if (retired.isPresent()) {
            throw new RetireRefused("#" + key.value() + " was retired already, at " + retired.get().toInstant()
                    + ".");
        }
        List<String> offered = offer == null ? suggested(key) : offered(key, offer);
        jdbc.sql("update tag set retired_at = ? where tag_key = ?")
                .params(Timestamps.utc(clock.instant()), key.value()).update();
        for (int position = 0; position < offered.size(); position++) {
            jdbc.sql("insert into tag_offer (tag_key, position, offered) values (?, ?, ?)")
                    .params(key.value(), position, offered.get(position)).update();
        }
        // Told in their next digest, and no longer following it: both in this transaction, so a reader is either
        // still following the tag or owed the notice, whatever fails afterwards. Unsubscribed readers hear nothing. A
        // reader follows one tag at least: one who followed only this keeps it, and gets no new story until they
        // choose another.
        jdbc.sql("""
                        insert into retirement_owed (subscriber_id, tag_key)
                        select g.subscriber_id, g.tag_key
                          from subscriber_tag g join subscriber s on s.id = g.subscriber_id
                         where g.tag_key = :key and s.status <> 'UNSUBSCRIBED'
                        on conflict do nothing
                        """)
                .param("key", key.value()).update();
        jdbc.sql("""
                        delete from subscriber_tag
                         where tag_key = :key
                           and exists (select 1 from subscriber_tag o
                                        where o.subscriber_id = subscriber_tag.subscriber_id and o.tag_key <> :key)
                        """)
                .param("key", key.value()).update();
        return find(key).orElseThrow();
    }

    /**
     * What a retired tag's followers are offered when the admin names nothing: its likely duplicates, then the tags
     * its stories carried most often beside it; tags in use only.
     */
    private List<String> suggested(TagKey key) {
        Set<String> offer = new LinkedHashSet<>(jdbc.sql("select tag_key from tag where alias_of is null and "
                        + "retired_at is null and tag_key <> :key and " + STEM + " = :stem order by tag_key")
                .param("key", key.value())
                .param("stem", key.value().replace("-", "").replaceFirst("s$", ""))
                .query(String.class)
                .list());
        offer.addAll(jdbc.sql("""
                        select h.tag_key
                          from article_tag g
                          join article_tag h on h.article_id = g.article_id and h.tag_key <> g.tag_key
                          join tag t on t.tag_key = h.tag_key
                         where g.tag_key = :key and t.alias_of is null and t.retired_at is null
                         group by h.tag_key
                         order by count(*) desc, h.tag_key
                         limit :limit
                        """)
                .param("key", key.value())
                .param("limit", SUGGESTED_OFFER)
                .query(String.class)
                .list());
        return offer.stream().limit(SUGGESTED_OFFER).toList();
    }

    /** The tags an admin offers, each as the tag it stands for, checked: known, in use, and not the one retired. */
    private List<String> offered(TagKey key, List<TagKey> offer) {
        if (offer.size() > MAX_OFFER) {
            throw new InvalidInput("offer", "Offer at most " + MAX_OFFER + " tags instead of #" + key.value() + ".");
        }
        Map<TagKey, Tag> resolved = resolve(offer);
        Set<String> offered = new LinkedHashSet<>();
        for (TagKey asked : offer) {
            Tag tag = resolved.get(asked);
            if (tag == null) {
                throw new InvalidInput("offer", "There is no tag #" + asked.value() + " to offer.");
            }
            if (tag.key().equals(key)) {
                throw new InvalidInput("offer", "#" + asked.value() + " is the tag being retired: offer others.");
            }
            if (!retired(List.of(tag)).isEmpty()) {
                throw new InvalidInput("offer", "#" + tag.key().value() + " is retired too: offer tags in use.");
            }
            offered.add(tag.key().value());
        }
        return List.copyOf(offered);
    }

    @Override
    public Map<TagKey, Retirement> retirements(Collection<TagKey> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        Map<TagKey, Tag> retiredTags = new HashMap<>();
        Map<TagKey, Instant> at = new HashMap<>();
        jdbc.sql("""
                        select k.tag_key, t.tag_key, t.label, t.retired_at
                          from tag k join tag t on t.tag_key = coalesce(k.alias_of, k.tag_key)
                         where k.tag_key in (:keys) and t.retired_at is not null
                        """)
                .param("keys", keys.stream().map(TagKey::value).distinct().toList())
                .query(rs -> {
                    Tag tag = new Tag(new TagKey(rs.getString(2)), rs.getString(3));
                    retiredTags.put(new TagKey(rs.getString(1)), tag);
                    at.put(tag.key(), rs.getObject(4, OffsetDateTime.class).toInstant());
                });
        Map<TagKey, List<Tag>> offers = offers(at.keySet());
        Map<TagKey, Retirement> retirements = new HashMap<>();
        retiredTags.forEach((asked, tag) -> retirements.put(asked,
                new Retirement(tag, offers.getOrDefault(tag.key(), List.of()), at.get(tag.key()))));
        return retirements;
    }

    @Override
    public Map<String, Set<TagKey>> retiredFollowed(Collection<String> emailKeys) {
        Map<String, Set<TagKey>> followed = new HashMap<>();
        List<String> keys = emailKeys.stream().distinct().toList();
        for (int from = 0; from < keys.size(); from += IN_LIST) {
            jdbc.sql("""
                            select s.email_key, g.tag_key
                              from subscriber s
                              join subscriber_tag g on g.subscriber_id = s.id
                              join tag t on t.tag_key = g.tag_key
                             where s.email_key in (:keys) and t.retired_at is not null
                            """)
                    .param("keys", keys.subList(from, Math.min(from + IN_LIST, keys.size())))
                    .query(rs -> {
                        followed.computeIfAbsent(rs.getString(1), key -> new HashSet<>())
                                .add(new TagKey(rs.getString(2)));
                    });
        }
        return followed;
    }

    @Override
    public List<Retirement> retirements() {
        List<Tag> retiredTags = new ArrayList<>();
        Map<TagKey, Instant> at = new HashMap<>();
        jdbc.sql("select tag_key, label, retired_at from tag where retired_at is not null "
                        + "order by retired_at desc, tag_key")
                .query(rs -> {
                    Tag tag = new Tag(new TagKey(rs.getString(1)), rs.getString(2));
                    retiredTags.add(tag);
                    at.put(tag.key(), rs.getObject(3, OffsetDateTime.class).toInstant());
                });
        Map<TagKey, List<Tag>> offers = offers(at.keySet());
        return retiredTags.stream()
                .map(tag -> new Retirement(tag, offers.getOrDefault(tag.key(), List.of()), at.get(tag.key())))
                .toList();
    }

    private Map<TagKey, List<Tag>> offers(Collection<TagKey> retired) {
        if (retired.isEmpty()) {
            return Map.of();
        }
        Map<TagKey, List<Tag>> offers = new HashMap<>();
        jdbc.sql(OFFERS)
                .param("retired", retired.stream().map(TagKey::value).toList())
                .query(rs -> {
                    List<Tag> offer = offers.computeIfAbsent(new TagKey(rs.getString(1)), key -> new ArrayList<>());
                    Tag tag = new Tag(new TagKey(rs.getString(2)), rs.getString(3));
                    if (!offer.contains(tag)) {
                        offer.add(tag);
                    }
                });
        return offers;
    }
}
