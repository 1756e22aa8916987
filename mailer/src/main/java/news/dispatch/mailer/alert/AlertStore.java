package news.dispatch.mailer.alert;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import news.dispatch.core.article.FollowUps;
import news.dispatch.core.jdbc.Timestamps;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.tag.TagKey;
import news.dispatch.mailer.outbox.Outbox;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Every statement alerts run, in one place. Who an alert reaches is one SQL condition ({@link #RECIPIENTS_FROM},
 * {@link #RECIPIENTS_WHERE}), used alike to count them for a dry run and, handed to the outbox, to queue their
 * deliveries with one {@code insert … select}. Deliveries themselves are the outbox's: it runs the statements that
 * read or write them.
 */
@Repository
class AlertStore {

    /**
     * The readers an alert of stories with {@code :tags} reaches, each once, joined to the window of their group
     * (time zone and quiet hours) under {@code :fanOut}: ACTIVE, alerts on, following at least one of the tags, not
     * paused on the local day the alert is due, and not on the suppression list (an admin may suppress an active
     * reader's address; their alert would be queued only to be dropped, and counted as reached). {@code s} is the
     * reader, {@code w} their window. The subquery on the tags is read once, straight off {@code subscriber_tag_by_tag};
     * each reader is then found by primary key, and their window and suppression by theirs.
     */
    private static final String RECIPIENTS_FROM = """
              from subscriber s
              join alert_window w on w.fan_out = :fanOut and w.timezone = s.timezone
                                 and w.quiet_from = coalesce(s.quiet_from, -1)
                                 and w.quiet_until = coalesce(s.quiet_until, -1)
                                 and (s.paused_until is null or s.paused_until <= w.local_day)
            """;

    /** Leaves out the readers over the daily cap, set apart under the fan-out's key: one lookup per reader. */
    private static final String UNDER_CAP_JOIN = """
              left join alert_capped c on c.fan_out = :fanOut and c.subscriber_id = s.id
            """;
    private static final String UNDER_CAP_WHERE = """
               and c.subscriber_id is null
            """;
    private static final String RECIPIENTS_WHERE = """
             where s.id in (select t.subscriber_id from subscriber_tag t where t.tag_key in (:tags))
               and s.status = 'ACTIVE' and s.alerts = true
               and not exists (select 1 from suppression x where x.email_key = s.email_key)
            """;

    /**
     * Each alert's reader joined to their window under {@code :fanOut}, whose local day the daily cap counts alerts
     * in: one lookup per alert, for the outbox to count them per reader.
     */
    private static final String CAP_JOIN = """
              join subscriber o on o.id = d.subscriber_id
              join alert_window v on v.fan_out = :fanOut and v.timezone = o.timezone
                                 and v.quiet_from = coalesce(o.quiet_from, -1)
                                 and v.quiet_until = coalesce(o.quiet_until, -1)
            """;

    /**
     * The groups of readers an alert may reach: every time zone and quiet hours of ACTIVE readers with alerts on, read
     * in one pass of the table. Those whose readers the story does not reach only cost a row of {@code alert_window}.
     */
    private static final String GROUPS = """
            select distinct timezone, quiet_from, quiet_until from subscriber where status = 'ACTIVE' and alerts = true
            """;

    private static final String WINDOW = """
            insert into alert_window (fan_out, timezone, quiet_from, quiet_until, due_at, day_from, day_until,
                                      local_day)
            values (?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private static final String ALERT_COLUMNS = """
            select al.id, al.article_id, a.title, al.sent_by, al.sent_at, al.recipients, al.over_cap
              from alert al join article a on a.id = al.article_id
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Outbox outbox;
    private final FollowUps followUps;

    AlertStore(JdbcClient jdbc, JdbcTemplate batch, Outbox outbox, FollowUps followUps) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.outbox = outbox;
        this.followUps = followUps;
    }

    /** Readers who share a time zone and quiet hours ({@code null}: none). */
    record Group(String timezone, Integer quietFrom, Integer quietUntil) {
    }

    /** When a group's alert is due, and the local day it counts toward for the cap. */
    record Window(Group group, Instant dueAt, Instant dayFrom, Instant dayUntil) {
    }

    /** Who an alert reaches: the story's tags, the windows written under {@code fanOut}, and the stories the cap counts. */
    record Reach(long fanOut, Collection<TagKey> tags, Collection<Long> recent, int cap) {

        Map<String, Object> params() {
            Map<String, Object> params = new HashMap<>();
            params.put("fanOut", fanOut);
            params.put("tags", tags.stream().map(TagKey::value).toList());
            return params;
        }

        /** Whether some readers may be over the cap: only with at least {@code cap} recent alerts. */
        boolean capped() {
            return recent.size() >= cap;
        }

        /** The recipients' condition, the daily cap included. */
        String condition() {
            return capped() ? RECIPIENTS_FROM + UNDER_CAP_JOIN + RECIPIENTS_WHERE + UNDER_CAP_WHERE
                    : RECIPIENTS_FROM + RECIPIENTS_WHERE;
        }

        /** The readers the story's tags match, whatever their cap. */
        String matched() {
            return RECIPIENTS_FROM + RECIPIENTS_WHERE;
        }
    }

    List<Group> groups() {
        return jdbc.sql(GROUPS)
                .query((rs, row) -> new Group(rs.getString(1), rs.getObject(2, Integer.class),
                        rs.getObject(3, Integer.class)))
                .list();
    }

    void writeWindows(long fanOut, List<Window> windows) {
        List<Object[]> rows = new ArrayList<>(windows.size());
        for (Window window : windows) {
            Group group = window.group();
            rows.add(new Object[] {fanOut, group.timezone(), group.quietFrom() == null ? -1 : group.quietFrom(),
                    group.quietUntil() == null ? -1 : group.quietUntil(), Timestamps.utc(window.dueAt()),
                    Timestamps.utc(window.dayFrom()), Timestamps.utc(window.dayUntil()),
                    window.dayFrom().atZone(ZoneId.of(group.timezone())).toLocalDate()});
        }
        if (!rows.isEmpty()) {
            batch.batchUpdate(WINDOW, rows);
        }
    }

    /**
     * Sets apart the readers over the daily cap, when some may be: those who already have {@code cap} alerts of the
     * recent stories (those sent lately enough to fall in that day) due in the local day a new one would reach them,
     * under the fan-out's key.
     */
    void setApartCapped(Reach reach) {
        if (reach.capped()) {
            outbox.copyAlerted(reach.recent(), reach.cap(), new Outbox.AlertSpans(
                    "alert_capped (fan_out, subscriber_id)", ":fanOut", CAP_JOIN, "v.day_from", "v.day_until",
                    Map.of("fanOut", reach.fanOut())));
        }
    }

    /** Deletes a fan-out's scratch rows. */
    void forget(long fanOut) {
        jdbc.sql("delete from alert_window where fan_out = ?").param(fanOut).update();
        jdbc.sql("delete from alert_capped where fan_out = ?").param(fanOut).update();
    }

    /** The stories of the alerts sent since the instant. */
    List<Long> alertedSince(Instant since) {
        return jdbc.sql("select article_id from alert where sent_at >= ?")
                .param(Timestamps.utc(since))
                .query(Long.class)
                .list();
    }

    /** What a dry run counts in one pass: the readers reached, those of them reached after quiet hours, a sample. */
    record Count(int recipients, int afterQuiet, Long sample) {
    }

    Count count(Reach reach, Instant now) {
        return jdbc.sql("select count(*), coalesce(sum(case when w.due_at > :now then 1 else 0 end), 0), min(s.id)"
                        + reach.condition())
                .params(reach.params())
                .param("now", Timestamps.utc(now))
                .query((rs, row) -> new Count(rs.getInt(1), rs.getInt(2), rs.getObject(3, Long.class)))
                .single();
    }

    /** How many readers the story's tags match, before the cap. */
    int countMatched(Reach reach) {
        return jdbc.sql("select count(*)" + reach.matched()).params(reach.params()).query(Integer.class).single();
    }

    /**
     * For each tag, how many of the readers the alert reaches follow it: the readers found once, then the tags'
     * followers read off their index and counted among them. Joined to the tags in one statement, H2 took 4-5 s at
     * 100,000 readers for a story 38,000 follow, most of an alert's preview; asked for the followers among the readers
     * by a subquery, it ran the subquery again for every follower.
     */
    Map<TagKey, Integer> countByTag(Reach reach, Set<Long> skipped) {
        long[] readers = jdbc.sql("select s.id " + reach.condition()).params(reach.params()).query(Long.class).list()
                .stream().filter(reader -> !skipped.contains(reader)).mapToLong(Long::longValue).sorted().toArray();
        Map<TagKey, Integer> counts = new HashMap<>();
        jdbc.sql("select tag_key, subscriber_id from subscriber_tag where tag_key in (:tags)")
                .params(reach.params())
                .query(rs -> {
                    if (Arrays.binarySearch(readers, rs.getLong(2)) >= 0) {
                        counts.merge(new TagKey(rs.getString(1)), 1, Integer::sum);
                    }
                });
        return counts;
    }

    /**
     * Holds {@code alert_gate} until the alert is queued: a digest run's batch takes it before it commits, so either the
     * batch waits and leaves the story out for the alert's readers, or the alert comes second and sees the batch's
     * digests ({@link #hadInDigest}'s condition). Without it, neither sees the other's uncommitted mail and the
     * readers of both get the story twice.
     */
    void holdGate() {
        jdbc.sql("select id from alert_gate for update").query(Integer.class).list();
    }

    /**
     * Records the article's alert, before its deliveries: a second alert for the article fails here, at once or once
     * the transaction that inserted the first commits, before any work is done.
     *
     * @throws org.springframework.dao.DuplicateKeyException when the article has its alert
     */
    long insertAlert(long articleId, String editor, Instant now) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into alert (article_id, sent_by, sent_at, recipients, over_cap)
                        values (?, ?, ?, 0, 0)
                        """)
                .params(articleId, editor, Timestamps.utc(now))
                .update(key, "id");
        return key.getKey().longValue();
    }

    /**
     * Queues the alert for every reader it reaches, in one statement, each due when their window says.
     *
     * @return how many were queued
     */
    int queue(Reach reach, long articleId, Instant now) {
        return outbox.queueAlerts(articleId, now, new Outbox.Audience(reach.condition(), "w.due_at", reach.params()));
    }

    /**
     * Owes the stories published already that develop the alerted one to its readers who were not sent them: they were
     * owed to nobody, as those readers had not been sent the story when they came out.
     */
    void oweFollowUps(long articleId) {
        for (long followUp : followUps.later(articleId)) {
            outbox.oweToAlerted(articleId, followUp);
        }
    }

    /** Of the readers the alert reaches, those who had the story in a digest already: the alert skips them. */
    Set<Long> hadInDigest(Reach reach, long articleId) {
        return outbox.hadInDigest(articleId, new Outbox.Audience(reach.condition(), "w.due_at", reach.params()));
    }

    void recordReach(long alertId, int recipients, int overCap) {
        jdbc.sql("update alert set recipients = ?, over_cap = ? where id = ?")
                .params(recipients, overCap, alertId)
                .update();
    }

    Optional<Alert> find(long articleId) {
        return jdbc.sql(ALERT_COLUMNS + " where al.article_id = ?")
                .param(articleId)
                .query(AlertStore::alert)
                .optional();
    }

    Page<Alert> list(PageRequest request) {
        List<Alert> items = jdbc.sql(ALERT_COLUMNS + " order by al.sent_at desc, al.id desc limit ? offset ?")
                .params(request.size(), request.offset())
                .query(AlertStore::alert)
                .list();
        long total = jdbc.sql("select count(*) from alert").query(Long.class).single();
        return Page.of(items, request, total);
    }

    private static Alert alert(ResultSet rs, int row) throws SQLException {
        return new Alert(rs.getLong("id"), rs.getLong("article_id"), rs.getString("title"), rs.getString("sent_by"),
                Timestamps.read(rs, "sent_at"), rs.getInt("recipients"), rs.getInt("over_cap"));
    }
}
