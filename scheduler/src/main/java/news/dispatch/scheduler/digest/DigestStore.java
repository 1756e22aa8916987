package news.dispatch.scheduler.digest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import news.dispatch.core.jdbc.Timestamps;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.mailer.outbox.Deliveries;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every statement digests run, in one place. Readers are read in batches by id (keyset, never OFFSET), with their
 * tags in one more query per batch; a run's stories in one query. Writes are JDBC batches whose per-row counts say
 * which readers this run won.
 */
@Repository
class DigestStore {

    /**
     * A batch of active readers after an id, with their cursor when they have one: the readers of these frequencies,
     * and those of other frequencies with tags at a rhythm among them. Ordered by status and id, which is by id as the
     * status is fixed, so that H2 too reads the batch straight off {@code subscriber_by_status} and stops at the limit
     * (ordered by id alone, it reads every reader left and sorts them, batch after batch). A scheduled run takes every
     * frequency, so the first test holds for every reader and the second is never made.
     *
     * <p>The cursors and the tags are bounded to the range in so many words: PostgreSQL does not carry the range of
     * {@code s.id} over to them through the join. It merged the batch with {@code digest_cursor}'s key read from its
     * first row, every cursor below the batch read again batch after batch (200 ms a batch near the millionth
     * reader, against 0.5 ms), and hashed every tag of the rhythm asked for, of all readers, for each batch.
     */
    private static final String READERS = """
            select s.id, s.email, s.frequency, s.timezone, s.send_hour, s.confirmed_at, c.covered_until, c.period,
                   s.paused_until, s.frequency, c.covered_until
              from subscriber s
              left join digest_cursor c
                on c.subscriber_id = s.id and c.subscriber_id > :after and c.subscriber_id <= :last
             where s.status = 'ACTIVE' and s.id > :after and s.id <= :last
               and (s.frequency in (:frequencies)
                    or exists (select 1 from subscriber_tag t
                                where t.subscriber_id = s.id and t.frequency in (:frequencies)
                                  and t.subscriber_id > :after and t.subscriber_id <= :last))
             order by s.status, s.id
             limit :limit
            """;

    /**
     * The rhythms of their own that the tags of the readers in a range of ids have, among these frequencies, with that
     * rhythm's cursor ({@code digest_rhythm}) if it has one yet: a range of {@code subscriber_tag_by_rhythm} per
     * frequency, which holds only the tags with a rhythm of their own, and a lookup of {@code digest_rhythm}'s primary
     * key each, bounded to the range as {@link #READERS}'s cursors are. A reader with two tags at one rhythm comes
     * twice.
     */
    private static final String RHYTHMS = """
            select t.subscriber_id, t.frequency, d.covered_until, d.period
              from subscriber_tag t
              left join digest_rhythm d on d.subscriber_id = t.subscriber_id and d.frequency = t.frequency
                                       and d.subscriber_id between :first and :last
             where t.frequency = :frequency and t.subscriber_id between :first and :last
            """;

    /**
     * The tags of the readers in a range of ids, with their own rhythm if they have one: a range of the primary key,
     * read in one pass (H2 checks an IN list of a thousand ids against every row it reads, a thousand comparisons
     * each).
     */
    private static final String TAGS = """
            select subscriber_id, tag_key, frequency from subscriber_tag where subscriber_id between :first and :last
            """;

    /**
     * The tags of a few readers spread over many ids (those with tags at a rhythm of their own): a lookup of the
     * primary key each, rather than a range that holds many more readers.
     */
    private static final String TAGS_OF = """
            select subscriber_id, tag_key, frequency from subscriber_tag where subscriber_id in (:ids)
            """;

    /**
     * The stories released in a window, with their tags, latest first: the run's index is built from this. A story
     * is released when it has both arrived and reached its publication time, so one stamped earlier than it arrives
     * (a feed entry polled minutes later, a backdated article) still reaches every reader once, and an embargoed one
     * waits; one published longer ago than the oldest a digest may hold never goes out. With each row, what the story
     * and the tag weigh in a digest: the title's and summary's bytes, and the tag's pill, its key and some 200 bytes
     * of markup (150 stories of 20 long tags each made a digest of 125 KB of HTML, 95 KB of it pills: QA, 7 December).
     */
    private static final String STORIES = """
            select a.id, a.released_at, t.tag_key, a.published_at,
                   octet_length(a.title) + coalesce(octet_length(a.summary), 0), octet_length(t.tag_key) + 200
              from article a
              join article_tag t on t.article_id = a.id
             where a.released_at > :after and a.released_at <= :until and a.published_at > :oldest
             order by a.released_at desc, a.id desc
            """;

    /**
     * The follow-ups of a window, tagged or not, each with the story it follows: few, and often none. Scanned with the
     * window's stories by {@code released_at}.
     */
    private static final String FOLLOW_UPS_RELEASED = """
            select id, follows, released_at from article
             where follows is not null and released_at > :after and released_at <= :until and published_at > :oldest
            """;

    /** The follow-ups of some stories released after an instant: published meanwhile, or under embargo past it. */
    private static final String FOLLOW_UPS_LATER = """
            select id, follows from article where follows in (:stories) and released_at > :until
            """;

    /** Every alias and the tag it stands for: only the tags merged into others, off {@code tag_by_alias}. */
    private static final String ALIASES = """
            select tag_key, alias_of from tag where alias_of is not null
            """;

    /** The stories of a window that were sent as breaking-news alerts: few, and often none. */
    private static final String ALERTED_STORIES = """
            select al.article_id
              from alert al
              join article a on a.id = al.article_id
             where a.released_at > :after and a.released_at <= :until
            """;

    /** Moves a cursor on from the value the run read, and only from it: another run may have moved it since. */
    private static final String MOVE_SCHEDULED = """
            update digest_cursor set covered_until = ?, period = ?, updated_at = ?
             where subscriber_id = ? and covered_until = ?
            """;
    private static final String MOVE_MANUAL = """
            update digest_cursor set covered_until = ?, updated_at = ?
             where subscriber_id = ? and covered_until = ?
            """;

    /** A reader's first cursor; when another run created it meanwhile, nothing happens and that run has them. */
    private static final String START_SCHEDULED = """
            insert into digest_cursor (subscriber_id, covered_until, period, updated_at) values (?, ?, ?, ?)
            on conflict do nothing
            """;
    private static final String START_MANUAL = """
            insert into digest_cursor (subscriber_id, covered_until, updated_at) values (?, ?, ?)
            on conflict do nothing
            """;

    /** The same four for the cursor of a rhythm of the reader's tags other than their frequency. */
    private static final String MOVE_RHYTHM_SCHEDULED = """
            update digest_rhythm set covered_until = ?, period = ?, updated_at = ?
             where subscriber_id = ? and covered_until = ? and frequency = ?
            """;
    private static final String MOVE_RHYTHM_MANUAL = """
            update digest_rhythm set covered_until = ?, updated_at = ?
             where subscriber_id = ? and covered_until = ? and frequency = ?
            """;
    private static final String START_RHYTHM_SCHEDULED = """
            insert into digest_rhythm (subscriber_id, covered_until, period, updated_at, frequency)
            values (?, ?, ?, ?, ?)
            on conflict do nothing
            """;
    private static final String START_RHYTHM_MANUAL = """
            insert into digest_rhythm (subscriber_id, covered_until, updated_at, frequency) values (?, ?, ?, ?)
            on conflict do nothing
            """;

    /** The corrections owed to a range of readers: a range of {@code correction_owed}'s primary key. */
    private static final String CORRECTIONS_OWED = """
            select subscriber_id, correction_id from correction_owed where subscriber_id between :first and :last
            """;

    /**
     * The follow-ups owed to a range of readers that are released by the run's end (an embargoed one waits), with the
     * story each follows.
     */
    private static final String FOLLOW_UPS_OWED = """
            select o.subscriber_id, o.article_id, a.follows
              from follow_up_owed o
              join article a on a.id = o.article_id
             where o.subscriber_id between :first and :last and a.released_at <= :until
            """;

    /** The retired tags a range of readers is still to be told of: a range of {@code retirement_owed}'s key. */
    private static final String RETIREMENTS_OWED = """
            select subscriber_id, tag_key from retirement_owed where subscriber_id between :first and :last
            """;

    /** Open slices whose lease, if they had one, is over: see {@code digest_slice}. */
    private static final String OPEN_SLICES = """
            select run_id, first_id, last_id from digest_slice
             where done_at is null and (lease_until is null or lease_until < :now)
            """;
    private static final String OF_RUN = """
               and run_id = :run
            """;
    private static final String FIRST_LOCKED = """
             order by run_id, first_id
             limit 1
             for update skip locked
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Deliveries deliveries;
    /** Zone ids as parsed, few and reused by every reader in them. */
    private final Map<String, ZoneId> zones = new ConcurrentHashMap<>();

    DigestStore(JdbcClient jdbc, JdbcTemplate batch, Deliveries deliveries) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.deliveries = deliveries;
    }

    /**
     * A reader as digests see them, for one rhythm ({@code frequency}) of their tags: where they are, when they want
     * it, how far that rhythm has covered them, and their pause. {@code ownFrequency} is the reader's frequency, the
     * rhythm of their tags without one of their own; a rhythm other than it keeps its cursor in
     * {@code digest_rhythm}. {@code started}: the cursor is stored.
     */
    record Reader(long id, String email, Frequency frequency, ZoneId zone, int sendHour, Instant confirmedAt,
                  Instant coveredUntil, String period, LocalDate pausedUntil, Frequency ownFrequency,
                  boolean started) {

        boolean hasCursor() {
            return coveredUntil != null;
        }

        /** Whether this is a rhythm of their tags other than the reader's frequency. */
        boolean rhythm() {
            return frequency != ownFrequency;
        }

        /** The reader at a rhythm of their tags other than their frequency, with its cursor (null: none yet). */
        Reader at(Frequency rhythm, Instant rhythmCoveredUntil, String rhythmPeriod) {
            return new Reader(id, email, rhythm, zone, sendHour, confirmedAt, rhythmCoveredUntil, rhythmPeriod,
                    pausedUntil, ownFrequency, rhythmCoveredUntil != null);
        }

        /** When the reader's pause ends, in their zone; null without one. */
        Instant pauseEnd() {
            return pausedUntil == null ? null : pausedUntil.atStartOfDay(zone).toInstant();
        }
    }

    /** A tag a reader follows and its own rhythm ({@code null}: the reader's frequency). */
    record Followed(String tag, Frequency rhythm) {
    }

    /** Readers with ids from {@code first} to {@code last}, as a range of ids. */
    record IdRange(long first, long last) {

        /** The range that holds both. */
        IdRange span(IdRange other) {
            return new IdRange(Math.min(first, other.first), Math.max(last, other.last));
        }
    }

    /**
     * The lowest and highest id of the active readers of these frequencies; empty when there are none. Each end is
     * read off {@code subscriber_by_status} in order and stops at the first match: {@code min(id), max(id)} read
     * every active reader, some 7% of a 100,000-reader run.
     */
    Optional<IdRange> readerIds(Set<Frequency> frequencies) {
        Optional<Long> first = firstReader(frequencies, "order by status, id");
        Optional<IdRange> readers = first.map(id -> new IdRange(id,
                firstReader(frequencies, "order by status desc, id desc").orElse(id)));
        for (Frequency frequency : frequencies) {
            Optional<IdRange> rhythm = firstFollower(frequency, "order by frequency, subscriber_id")
                    .map(id -> new IdRange(id, firstFollower(frequency, "order by frequency desc, subscriber_id desc")
                            .orElse(id)));
            if (rhythm.isPresent()) {
                readers = Optional.of(readers.map(range -> range.span(rhythm.get())).orElse(rhythm.get()));
            }
        }
        return readers;
    }

    /** An end of the readers with tags at this rhythm of their own, off {@code subscriber_tag_by_rhythm}. */
    private Optional<Long> firstFollower(Frequency frequency, String order) {
        return jdbc.sql("select subscriber_id from subscriber_tag where frequency = ? " + order + " limit 1")
                .param(frequency.name())
                .query(Long.class)
                .optional();
    }

    private Optional<Long> firstReader(Set<Frequency> frequencies, String order) {
        return jdbc.sql("select id from subscriber where status = 'ACTIVE' and frequency in (:frequencies) " + order
                        + " limit 1")
                .param("frequencies", frequencies.stream().map(Frequency::name).toList())
                .query(Long.class)
                .optional();
    }

    /**
     * The active readers whose address is on the suppression list (an admin's, or one a bounce left behind a
     * reactivation): a run leaves them out. Read from the list's side, so it costs what the list holds, not what the
     * readers are; most suppressed addresses belong to readers suspended or gone, whom no run reads anyway.
     */
    Set<Long> suppressedReaders() {
        return new HashSet<>(jdbc.sql("""
                        select s.id
                          from suppression x
                          join subscriber s on s.email_key = x.email_key
                         where s.status = 'ACTIVE'
                        """)
                .query(Long.class)
                .list());
    }

    List<Reader> readers(Set<Frequency> frequencies, long after, long last, int limit) {
        return jdbc.sql(READERS)
                .param("frequencies", frequencies.stream().map(Frequency::name).toList())
                .param("after", after)
                .param("last", last)
                .param("limit", limit)
                .query(this::reader)
                .list();
    }

    /**
     * What a run presses of a batch of readers as {@link #readers} reads them: each reader at their frequency when the
     * run takes it, then at each rhythm of their tags other than it that the run takes, with that rhythm's cursor; by
     * id. A statement per frequency and batch, so that the readers with rhythms of their own need no pass of their own.
     */
    List<Reader> atRhythms(Set<Frequency> frequencies, List<Reader> batch) {
        Map<Long, Reader> byId = new HashMap<>(batch.size() * 2);
        batch.forEach(reader -> byId.put(reader.id(), reader));
        Map<Long, Map<Frequency, Reader>> rhythms = new HashMap<>();
        // One statement per frequency: given the list at once, H2 reads every tag of those rhythms, batch after batch.
        for (Frequency frequency : frequencies) {
            jdbc.sql(RHYTHMS)
                    .param("frequency", frequency.name())
                    .param("first", batch.get(0).id())
                    .param("last", batch.get(batch.size() - 1).id())
                    .query(rs -> {
                        Reader reader = byId.get(rs.getLong(1));
                        Frequency rhythm = Frequency.valueOf(rs.getString(2));
                        if (reader != null && rhythm != reader.frequency()) {
                            rhythms.computeIfAbsent(reader.id(), id -> new EnumMap<>(Frequency.class))
                                    .put(rhythm, reader.at(rhythm, instant(rs, 3), rs.getString(4)));
                        }
                    });
        }
        List<Reader> readers = new ArrayList<>(batch.size() + rhythms.size());
        for (Reader reader : batch) {
            if (frequencies.contains(reader.frequency())) {
                readers.add(reader);
            }
            Map<Frequency, Reader> own = rhythms.get(reader.id());
            if (own != null) {
                readers.addAll(own.values());
            }
        }
        return readers;
    }

    /** Which of the readers are still in the database: the others were erased since they were read. */
    Set<Long> existing(List<Long> readers) {
        return new HashSet<>(jdbc.sql("select id from subscriber where id in (:ids)")
                .param("ids", readers)
                .query(Long.class)
                .list());
    }

    /**
     * Which of the readers with ids from {@code first} to {@code last} have had digests of a rhythm other than their
     * frequency: a range of {@code digest_rhythm}'s primary key.
     */
    Set<Long> withRhythms(long first, long last) {
        return new HashSet<>(jdbc.sql("""
                        select distinct subscriber_id from digest_rhythm where subscriber_id between ? and ?
                        """)
                .params(first, last)
                .query(Long.class)
                .list());
    }

    /**
     * Whether any reader is owed a correction, a follow-up or a retired tag's notice: read once per run, so a run with
     * nothing owed (most) spends nothing more on them.
     */
    boolean anyOwed() {
        return jdbc.sql("""
                        select 1 from correction_owed
                        union all
                        select 1 from follow_up_owed
                        union all
                        select 1 from retirement_owed
                        limit 1
                        """)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    /**
     * What a reader is owed besides their tags' stories: corrections, follow-ups of stories they read, and the notice
     * of tags they followed that are retired (their keys).
     */
    record Owed(List<Long> corrections, List<Long> followUps, List<String> retired) {

        static Owed nothing() {
            return new Owed(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    /** What the readers with ids from {@code first} to {@code last} are owed, by reader: three range reads. */
    Map<Long, Owed> owed(long first, long last, Instant until) {
        Map<Long, Owed> owed = new HashMap<>();
        jdbc.sql(CORRECTIONS_OWED).param("first", first).param("last", last)
                .query(rs -> {
                    owed.computeIfAbsent(rs.getLong(1), id -> Owed.nothing()).corrections().add(rs.getLong(2));
                });
        List<long[]> followUps = new ArrayList<>();
        jdbc.sql(FOLLOW_UPS_OWED).param("first", first).param("last", last).param("until", Timestamps.utc(until))
                .query(rs -> {
                    followUps.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
                });
        if (!followUps.isEmpty()) {
            // A follow-up waits while its story's alert to the reader does (their quiet hours, a retry): told "a
            // follow-up to" a story they had not had yet, they read it before the story itself (QA, 7 December).
            Map<Long, List<Long>> waiting = deliveries.alertsWaiting(first, last,
                    followUps.stream().map(row -> row[2]).collect(Collectors.toSet()));
            for (long[] row : followUps) {
                if (!waiting.getOrDefault(row[0], List.of()).contains(row[2])) {
                    owed.computeIfAbsent(row[0], id -> Owed.nothing()).followUps().add(row[1]);
                }
            }
        }
        jdbc.sql(RETIREMENTS_OWED).param("first", first).param("last", last)
                .query(rs -> {
                    owed.computeIfAbsent(rs.getLong(1), id -> Owed.nothing()).retired().add(rs.getString(2));
                });
        return owed;
    }

    /** Takes off what the readers' digests, queued in the caller's transaction, carried (or had through their tags). */
    void settle(Map<Long, Owed> carried) {
        List<Object[]> corrections = new ArrayList<>();
        List<Object[]> followUps = new ArrayList<>();
        List<Object[]> retired = new ArrayList<>();
        carried.forEach((reader, owed) -> {
            owed.corrections().forEach(id -> corrections.add(new Object[] {reader, id}));
            owed.followUps().forEach(id -> followUps.add(new Object[] {reader, id}));
            owed.retired().forEach(key -> retired.add(new Object[] {reader, key}));
        });
        if (!retired.isEmpty()) {
            batch.batchUpdate("delete from retirement_owed where subscriber_id = ? and tag_key = ?", retired);
        }
        if (!corrections.isEmpty()) {
            batch.batchUpdate("delete from correction_owed where subscriber_id = ? and correction_id = ?",
                    corrections);
        }
        if (!followUps.isEmpty()) {
            batch.batchUpdate("delete from follow_up_owed where subscriber_id = ? and article_id = ?", followUps);
        }
    }

    /** The tags each of these readers follows; {@code readers} are in ascending order. */
    Map<Long, List<Followed>> tags(List<Long> readers) {
        Set<Long> wanted = new HashSet<>(readers);
        Map<Long, List<Followed>> tags = new HashMap<>();
        long first = readers.get(0);
        long last = readers.get(readers.size() - 1);
        boolean sparse = last - first + 1 > 2L * wanted.size();
        (sparse ? jdbc.sql(TAGS_OF).param("ids", wanted)
                : jdbc.sql(TAGS).param("first", first).param("last", last))
                .query(rs -> {
                    long reader = rs.getLong(1);
                    if (wanted.contains(reader)) {
                        String rhythm = rs.getString(3);
                        tags.computeIfAbsent(reader, id -> new ArrayList<>(8))
                                .add(new Followed(rs.getString(2), rhythm == null ? null : Frequency.valueOf(rhythm)));
                    }
                });
        return tags;
    }

    /**
     * The tags each of these readers follows as {@link #tags} reads them, with merged tags resolved: each tag is the
     * one its key stands for now, followed under that key and under every alias of it. A run's stories are read once,
     * before its readers; a merge committed in between has moved the readers from a tag to another that the stories
     * read do not carry yet, or not any more. Resolved here, after the readers' tags are read (aliases only ever grow),
     * a story reaches exactly the readers it reaches before the merge and after it, once: none is dropped, none twice.
     */
    Map<Long, List<Followed>> resolvedTags(List<Long> readers) {
        Map<Long, List<Followed>> tags = tags(readers);
        Map<String, String> aliasOf = new HashMap<>();
        jdbc.sql(ALIASES).query(rs -> {
            aliasOf.put(rs.getString(1), rs.getString(2));
        });
        if (aliasOf.isEmpty()) {
            return tags;
        }
        Map<String, List<String>> aliases = new HashMap<>();
        aliasOf.forEach((alias, target) -> aliases.computeIfAbsent(target, key -> new ArrayList<>()).add(alias));
        tags.replaceAll((reader, followed) -> resolved(followed, aliasOf, aliases));
        return tags;
    }

    /** A reader's tags resolved; a tag they had under two keys keeps the rhythm of the one that is the tag now. */
    private static List<Followed> resolved(List<Followed> followed, Map<String, String> aliasOf,
                                           Map<String, List<String>> aliases) {
        Map<String, Frequency> rhythms = new HashMap<>();
        for (Followed tag : followed) {
            String target = aliasOf.getOrDefault(tag.tag(), tag.tag());
            if (tag.rhythm() != null && (target.equals(tag.tag()) || rhythms.get(target) == null)) {
                rhythms.put(target, tag.rhythm());
            } else {
                rhythms.putIfAbsent(target, null);
            }
        }
        List<Followed> resolved = new ArrayList<>(rhythms.size());
        rhythms.forEach((tag, rhythm) -> {
            resolved.add(new Followed(tag, rhythm));
            aliases.getOrDefault(tag, List.of()).forEach(alias -> resolved.add(new Followed(alias, rhythm)));
        });
        return resolved;
    }

    List<StoryIndex.Row> stories(Instant after, Instant until, Instant oldest) {
        return jdbc.sql(STORIES)
                .param("after", Timestamps.utc(after))
                .param("until", Timestamps.utc(until))
                .param("oldest", Timestamps.utc(oldest))
                .query((rs, row) -> new StoryIndex.Row(rs.getLong(1), micros(rs.getObject(2, OffsetDateTime.class)),
                        micros(rs.getObject(4, OffsetDateTime.class)), rs.getString(3), rs.getInt(5), rs.getInt(6)))
                .list();
    }

    /** A story of a run's window that develops an earlier one; released in microseconds, as the index keeps it. */
    record FollowUp(long articleId, long follows, long releasedMicros) {
    }

    List<FollowUp> followUps(Instant after, Instant until, Instant oldest) {
        return jdbc.sql(FOLLOW_UPS_RELEASED)
                .param("after", Timestamps.utc(after))
                .param("until", Timestamps.utc(until))
                .param("oldest", Timestamps.utc(oldest))
                .query((rs, row) -> new FollowUp(rs.getLong(1), rs.getLong(2),
                        micros(rs.getObject(3, OffsetDateTime.class))))
                .list();
    }

    /**
     * Owes each reader the follow-ups of the stories their digest now brings them that are released after the run's
     * window, and theirs in turn. A follow-up is owed as it is published to whoever was sent its story by then, and
     * the press adds those released in the window only, so these readers would have neither: it was published
     * while the batch was being written, or is under embargo past the window's end. Call it holding
     * {@code alert_gate}, which a follow-up holds as it is published: whichever of the two comes second sees the
     * other. One read of {@code article_follows} a batch, and nothing more when, as most of the time, there are none.
     *
     * @param storiesByReader the stories each reader's digest brings them, by reader
     */
    void oweLaterFollowUps(Map<Long, List<Long>> storiesByReader, Instant until) {
        Map<Long, List<Long>> later = new HashMap<>();
        Set<Long> asked = new HashSet<>();
        storiesByReader.values().forEach(asked::addAll);
        while (!asked.isEmpty()) {
            Set<Long> found = new HashSet<>();
            jdbc.sql(FOLLOW_UPS_LATER)
                    .param("stories", asked)
                    .param("until", Timestamps.utc(until))
                    .query((ResultSet rs) -> {
                        long followUp = rs.getLong(1);
                        if (!later.containsKey(followUp)) {
                            found.add(followUp);
                        }
                        later.computeIfAbsent(rs.getLong(2), story -> new ArrayList<>()).add(followUp);
                    });
            found.forEach(followUp -> later.putIfAbsent(followUp, new ArrayList<>()));
            asked = found;
        }
        if (later.isEmpty()) {
            return;
        }
        List<Object[]> owed = new ArrayList<>();
        storiesByReader.forEach((reader, stories) -> {
            Set<Long> reached = new HashSet<>(stories);
            List<Long> next = new ArrayList<>(stories);
            while (!next.isEmpty()) {
                List<Long> followUps = later.getOrDefault(next.remove(next.size() - 1), List.of());
                for (Long followUp : followUps) {
                    if (reached.add(followUp)) {
                        owed.add(new Object[] {followUp, reader});
                        next.add(followUp);
                    }
                }
            }
        });
        batch.batchUpdate("insert into follow_up_owed (article_id, subscriber_id) values (?, ?) on conflict do nothing",
                owed);
    }

    /**
     * The stories of the alerts sent since the instant, once any alert being queued is: an alert holds
     * {@code alert_gate} until it commits, and a batch takes it last, so that whichever of the two comes second sees
     * the other's mail. Held from here to the batch's commit only: batches wait for each other's commits, not their
     * work. A range of {@code alert_newest}, a few rows.
     */
    List<Long> alertedOnceQueued(Instant since) {
        jdbc.sql("select id from alert_gate for update").query(Integer.class).list();
        return jdbc.sql("select article_id from alert where sent_at >= ?").param(Timestamps.utc(since))
                .query(Long.class).list();
    }

    List<Long> alertedStories(Instant after, Instant until) {
        return jdbc.sql(ALERTED_STORIES)
                .param("after", Timestamps.utc(after))
                .param("until", Timestamps.utc(until))
                .query(Long.class)
                .list();
    }

    /** What a run wants to do with one reader's cursor. {@code period} is null for a manual run. */
    record CursorMove(Reader reader, Instant to, String period) {
    }

    /**
     * Moves the cursors, each only from the value its run read.
     *
     * @return for each move, in order, whether this run made it (and so owns the reader's digest)
     */
    boolean[] moveCursors(List<CursorMove> moves, boolean scheduled, Instant now) {
        // Four statements: moving or starting, the reader's cursor or a rhythm's; each batch keeps its moves' order.
        List<List<Object[]>> rows = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
        int[] statementOf = new int[moves.size()];
        OffsetDateTime at = Timestamps.utc(now);
        for (int i = 0; i < moves.size(); i++) {
            CursorMove move = moves.get(i);
            Reader reader = move.reader();
            OffsetDateTime to = Timestamps.utc(move.to());
            Object[] row;
            if (reader.started()) {
                OffsetDateTime seen = Timestamps.utc(reader.coveredUntil());
                row = scheduled ? new Object[] {to, move.period(), at, reader.id(), seen}
                        : new Object[] {to, at, reader.id(), seen};
            } else {
                row = scheduled ? new Object[] {reader.id(), to, move.period(), at}
                        : new Object[] {reader.id(), to, at};
            }
            if (reader.rhythm()) {
                row = Arrays.copyOf(row, row.length + 1);
                row[row.length - 1] = reader.frequency().name();
            }
            statementOf[i] = (reader.started() ? 0 : 1) + (reader.rhythm() ? 2 : 0);
            rows.get(statementOf[i]).add(row);
        }
        List<String> statements = scheduled
                ? List.of(MOVE_SCHEDULED, START_SCHEDULED, MOVE_RHYTHM_SCHEDULED, START_RHYTHM_SCHEDULED)
                : List.of(MOVE_MANUAL, START_MANUAL, MOVE_RHYTHM_MANUAL, START_RHYTHM_MANUAL);
        int[][] counts = new int[4][];
        for (int statement = 0; statement < 4; statement++) {
            counts[statement] = rows.get(statement).isEmpty() ? new int[0]
                    : batch.batchUpdate(statements.get(statement), rows.get(statement));
        }
        boolean[] won = new boolean[moves.size()];
        int[] next = new int[4];
        for (int i = 0; i < moves.size(); i++) {
            won[i] = counts[statementOf[i]][next[statementOf[i]]++] == 1;
        }
        return won;
    }

    /**
     * What a run is, written down so that every node presses its slices alike and announces its end alike.
     *
     * @param manual every reader of the frequencies, whatever their hour, and stories up to its start
     * @param asked  a person asked for the run: it is announced as {@code manual} even if it queued nothing
     */
    record RunOrder(String id, Set<Frequency> frequencies, boolean manual, boolean asked, Instant startedAt,
                    Instant coveredUntil) {
    }

    /** A share of a run: its readers with ids in the range. */
    record Slice(String runId, IdRange readers) {
    }

    /** What pressing readers did: how many were looked at, how many digests were queued. */
    record Tally(int considered, int queued) {

        static final Tally NONE = new Tally(0, 0);

        Tally plus(Tally other) {
            return new Tally(considered + other.considered, queued + other.queued);
        }
    }

    /**
     * Moves the horizon to the run's end, unless another run took it further: stories arriving from now on are
     * released after it, whatever this node's clock says then.
     */
    void reachHorizon(Instant coveredUntil) {
        int moved = jdbc.sql("update digest_horizon set covered_until = ? where id = 1 and covered_until < ?")
                .params(Timestamps.utc(coveredUntil), Timestamps.utc(coveredUntil))
                .update();
        if (moved == 0 && jdbc.sql("select count(*) from digest_horizon").query(Long.class).single() == 0) {
            try {
                jdbc.sql("insert into digest_horizon (id, covered_until) values (1, ?)")
                        .param(Timestamps.utc(coveredUntil))
                        .update();
            } catch (DuplicateKeyException anotherNodeFirst) {
                reachHorizon(coveredUntil);
            }
        }
    }

    /**
     * Writes the run and its slices down, open to every node, as started by {@code node}; runs that ended before
     * {@code forgetBefore} go.
     */
    void open(RunOrder run, List<IdRange> slices, String node, Instant forgetBefore) {
        jdbc.sql("""
                        delete from digest_run r
                         where r.started_at < ?
                           and not exists (select 1 from digest_slice s where s.run_id = r.id and s.done_at is null)
                        """)
                .param(Timestamps.utc(forgetBefore))
                .update();
        jdbc.sql("""
                        insert into digest_run (id, started_by, frequencies, manual, asked, started_at, covered_until)
                        values (?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(run.id(), node, String.join(",", run.frequencies().stream().map(Frequency::name).toList()),
                        run.manual(), run.asked(), Timestamps.utc(run.startedAt()), Timestamps.utc(run.coveredUntil()))
                .update();
        batch.batchUpdate("insert into digest_slice (run_id, first_id, last_id) values (?, ?, ?)",
                slices.stream().map(slice -> new Object[] {run.id(), slice.first(), slice.last()}).toList());
    }

    Optional<RunOrder> run(String id) {
        return jdbc.sql("select frequencies, manual, asked, started_at, covered_until from digest_run where id = ?")
                .param(id)
                .query((rs, row) -> new RunOrder(id,
                        Arrays.stream(rs.getString(1).split(",")).map(Frequency::valueOf)
                                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Frequency.class))),
                        rs.getBoolean(2), rs.getBoolean(3), Timestamps.read(rs, "started_at"),
                        Timestamps.read(rs, "covered_until")))
                .optional();
    }

    /**
     * Takes the announcement of the run's end for the caller, if no node has taken it: whether the caller is to
     * announce. In the transaction that announces, so that a node dying in between leaves it untaken.
     */
    boolean announce(String runId, Instant now) {
        return jdbc.sql("update digest_run set announced_at = ? where id = ? and announced_at is null")
                .params(Timestamps.utc(now), runId)
                .update() == 1;
    }

    /**
     * Claims an open slice of the run whose lease, if it had one, is over; to be called in a transaction, which the
     * claim is part of. A node presses the runs it started with the thread that started them: on one node, a second
     * thread pressing the same run only contends for the database.
     */
    Optional<Slice> claim(String runId, String node, Instant now, Instant leaseUntil) {
        return claim(jdbc.sql(OPEN_SLICES + OF_RUN + FIRST_LOCKED).param("run", runId), node, now, leaseUntil);
    }

    /** Claims an open slice of any run but those named: the runs this node's own threads press. */
    Optional<Slice> claimLeft(Set<String> pressedHere, String node, Instant now, Instant leaseUntil) {
        return pressedHere.isEmpty() ? claim(jdbc.sql(OPEN_SLICES + FIRST_LOCKED), node, now, leaseUntil)
                : claim(jdbc.sql(OPEN_SLICES + " and run_id not in (:here)" + FIRST_LOCKED)
                        .param("here", List.copyOf(pressedHere)), node, now, leaseUntil);
    }

    private Optional<Slice> claim(JdbcClient.StatementSpec open, String node, Instant now, Instant leaseUntil) {
        Optional<Slice> slice = open
                .param("now", Timestamps.utc(now))
                .query((rs, row) -> new Slice(rs.getString(1), new IdRange(rs.getLong(2), rs.getLong(3))))
                .optional();
        slice.ifPresent(claimed -> jdbc.sql(
                        "update digest_slice set claimed_by = ?, lease_until = ? where run_id = ? and first_id = ?")
                .params(node, Timestamps.utc(leaseUntil), claimed.runId(), claimed.readers().first())
                .update());
        return slice;
    }

    /**
     * Adds what a batch of the slice did to the slice's counts, in the batch's transaction: a node that dies in the
     * middle of a slice leaves the counts of the batches it wrote, and the node that presses the slice again adds only
     * the readers left, so that the run's totals are what it did. A slice pressed twice (its lease ran out while a slow
     * node still had it) counts each reader once, as the cursors keep each to one press.
     */
    void count(Slice slice, Tally batch) {
        jdbc.sql("""
                        update digest_slice
                           set considered = coalesce(considered, 0) + :considered,
                               queued = coalesce(queued, 0) + :queued
                         where run_id = :run and first_id = :first
                        """)
                .param("considered", batch.considered())
                .param("queued", batch.queued())
                .param("run", slice.runId())
                .param("first", slice.readers().first())
                .update();
    }

    /** Marks the slice pressed; its counts are its batches'. */
    void finish(Slice slice, Instant now) {
        jdbc.sql("update digest_slice set done_at = coalesce(done_at, ?) where run_id = ? and first_id = ?")
                .params(Timestamps.utc(now), slice.runId(), slice.readers().first())
                .update();
    }

    /** How many of the run's slices are not pressed yet, and what the pressed ones did. */
    record Progress(int open, Tally done) {
    }

    Progress progress(String runId) {
        return jdbc.sql("""
                        select coalesce(sum(case when done_at is null then 1 else 0 end), 0),
                               coalesce(sum(considered), 0), coalesce(sum(queued), 0)
                          from digest_slice where run_id = ?
                        """)
                .param(runId)
                .query((rs, row) -> new Progress(rs.getInt(1), new Tally(rs.getInt(2), rs.getInt(3))))
                .single();
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    private static long micros(OffsetDateTime time) {
        return micros(time.toInstant());
    }

    private Reader reader(ResultSet rs, int row) throws SQLException {
        return new Reader(rs.getLong(1), rs.getString(2), Frequency.valueOf(rs.getString(3)),
                zones.computeIfAbsent(rs.getString(4), ZoneId::of), rs.getInt(5), instant(rs, 6), instant(rs, 7),
                rs.getString(8), rs.getObject(9, LocalDate.class), Frequency.valueOf(rs.getString(10)),
                rs.getObject(11) != null);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
