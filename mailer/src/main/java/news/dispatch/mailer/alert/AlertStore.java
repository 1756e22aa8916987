package news.dispatch.mailer.alert;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import news.dispatch.core.jdbc.Timestamps;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.tag.TagKey;
import news.dispatch.mailer.outbox.DeliveryKind;
import news.dispatch.mailer.outbox.Outbox;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Every statement alerts run, in one place. Who an alert reaches is one SQL condition ({@link #RECIPIENTS}), used
 * alike to count them for a dry run and to queue their deliveries with one {@code insert … select}.
 */
@Repository
class AlertStore {

    /**
     * The readers an alert of stories with {@code :tags} reaches, each once, joined to the window of their group
     * (time zone and quiet hours) under {@code :fanOut}: ACTIVE, alerts on, following at least one of the tags.
     * {@code s} is the reader, {@code w} their window. The subquery on the tags is read once, straight off
     * {@code subscriber_tag_by_tag}; each reader is then found by primary key, and their window by its own.
     */
    private static final String RECIPIENTS = """
              from subscriber s
              join alert_window w on w.fan_out = :fanOut and w.timezone = s.timezone
                                 and w.quiet_from = coalesce(s.quiet_from, -1)
                                 and w.quiet_until = coalesce(s.quiet_until, -1)
             where s.id in (select t.subscriber_id from subscriber_tag t where t.tag_key in (:tags))
               and s.status = 'ACTIVE' and s.alerts = true
            """;

    /**
     * Leaves out the readers who already have {@code :cap} alerts due in the local day this one would reach them:
     * alerts of the {@code :recent} stories (those sent lately enough to fall in that day), counted off
     * {@code delivery_alert_once}, a few index lookups per reader.
     */
    private static final String UNDER_CAP = """
               and (select count(*) from delivery d
                     where d.article_id in (:recent) and d.subscriber_id = s.id
                       and d.queued_at >= w.day_from and d.queued_at < w.day_until) < :cap
            """;

    /** The groups of readers an alert reaches (before the cap), and how many readers are in each. */
    private static final String GROUPS = """
            select s.timezone, s.quiet_from, s.quiet_until, count(*)
              from subscriber s
             where s.id in (select t.subscriber_id from subscriber_tag t where t.tag_key in (:tags))
               and s.status = 'ACTIVE' and s.alerts = true
             group by s.timezone, s.quiet_from, s.quiet_until
            """;

    private static final String WINDOW = """
            insert into alert_window (fan_out, timezone, quiet_from, quiet_until, due_at, day_from, day_until)
            values (?, ?, ?, ?, ?, ?, ?)
            """;

    /**
     * One alert delivery per recipient, due when their window says; {@code queued_at} is that moment too, which the
     * daily cap counts by. A reader who has the story as an alert already (queued one by one) is skipped.
     */
    private static final String QUEUE = """
            insert into delivery (kind, lane, subscriber_id, recipient, content, status, created_at, queued_at,
                                  available_at, article_id)
            select :kind, :lane, s.id, s.email, :content, 'QUEUED', :now, w.due_at, w.due_at, :article
            """;

    private static final String ALERT_COLUMNS = """
            select al.id, al.article_id, a.title, al.sent_by, al.sent_at, al.recipients, al.over_cap
              from alert al join article a on a.id = al.article_id
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    AlertStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** Readers who share a time zone and quiet hours ({@code null}: none), and how many of them an alert matches. */
    record Group(String timezone, Integer quietFrom, Integer quietUntil, int readers) {
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
            if (!recent.isEmpty()) {
                params.put("recent", recent);
                params.put("cap", cap);
            }
            return params;
        }

        /** The recipients' condition; without recent alerts nobody can be over the cap, and it is left out. */
        String condition() {
            return recent.isEmpty() ? RECIPIENTS : RECIPIENTS + UNDER_CAP;
        }
    }

    List<Group> groups(Collection<TagKey> tags) {
        return jdbc.sql(GROUPS)
                .param("tags", tags.stream().map(TagKey::value).toList())
                .query((rs, row) -> new Group(rs.getString(1), rs.getObject(2, Integer.class),
                        rs.getObject(3, Integer.class), rs.getInt(4)))
                .list();
    }

    void writeWindows(long fanOut, List<Window> windows) {
        List<Object[]> rows = new ArrayList<>(windows.size());
        for (Window window : windows) {
            Group group = window.group();
            rows.add(new Object[] {fanOut, group.timezone(), group.quietFrom() == null ? -1 : group.quietFrom(),
                    group.quietUntil() == null ? -1 : group.quietUntil(), Timestamps.utc(window.dueAt()),
                    Timestamps.utc(window.dayFrom()), Timestamps.utc(window.dayUntil())});
        }
        if (!rows.isEmpty()) {
            batch.batchUpdate(WINDOW, rows);
        }
    }

    void forgetWindows(long fanOut) {
        jdbc.sql("delete from alert_window where fan_out = ?").param(fanOut).update();
    }

    /** The stories of the alerts sent since the instant. */
    List<Long> alertedSince(Instant since) {
        return jdbc.sql("select article_id from alert where sent_at >= ?")
                .param(Timestamps.utc(since))
                .query(Long.class)
                .list();
    }

    /** How many readers the alert reaches, and how many of them only once their quiet hours end. */
    int[] count(Reach reach, Instant now) {
        return jdbc.sql("select count(*), coalesce(sum(case when w.due_at > :now then 1 else 0 end), 0)"
                        + reach.condition())
                .params(reach.params())
                .param("now", Timestamps.utc(now))
                .query((rs, row) -> new int[] {rs.getInt(1), rs.getInt(2)})
                .single();
    }

    /** For each tag, how many of the readers the alert reaches follow it. */
    Map<TagKey, Integer> countByTag(Reach reach) {
        Map<TagKey, Integer> counts = new HashMap<>();
        jdbc.sql("select g.tag_key, count(*) from subscriber_tag g where g.tag_key in (:tags)"
                        + " and g.subscriber_id in (select s.id" + reach.condition() + ") group by g.tag_key")
                .params(reach.params())
                .query((rs, row) -> counts.put(new TagKey(rs.getString(1)), rs.getInt(2)))
                .list();
        return counts;
    }

    /** The lowest id among the readers the alert reaches, to write a sample email for. */
    Optional<Long> sampleReader(Reach reach) {
        List<Long> lowest = jdbc.sql("select min(s.id)" + reach.condition())
                .params(reach.params())
                .query((rs, row) -> rs.getObject(1, Long.class))
                .list();
        return lowest.isEmpty() ? Optional.empty() : Optional.ofNullable(lowest.get(0));
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

    /** Queues the alert for every reader it reaches, in one statement. @return how many */
    int queue(Reach reach, long articleId, Instant now) {
        return jdbc.sql(QUEUE + reach.condition() + " on conflict do nothing")
                .params(reach.params())
                .param("kind", DeliveryKind.ALERT.name())
                .param("lane", DeliveryKind.ALERT.lane())
                .param("content", Outbox.alertContent(articleId))
                .param("now", Timestamps.utc(now))
                .param("article", articleId)
                .update();
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
