package news.dispatch.mailer.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

import news.dispatch.core.jdbc.IdList;
import news.dispatch.core.jdbc.Timestamps;
import news.dispatch.core.link.LinkTokens;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Subscriber;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

@Repository
class JdbcOutbox implements Outbox, Deliveries {

    /** Ids deleted per statement and transaction when the history is pruned: a few tens of milliseconds each. */
    static final int PRUNE_CHUNK = 5_000;

    /** What recording a delivery as accepted changes; a confirmation forgets its token, which only the email needs. */
    private static final String ERASED = "not sent: the reader's data was erased";
    private static final String MARK_SENT = """
            update delivery
               set status = 'SENT', lane = null, sent_at = :now, available_at = :now, claimed_by = null,
                   last_error = null, content = case when kind = 'CONFIRMATION' then '' else content end
            """;

    /** Deliveries a starting node marks sent from its journal in one statement. */
    private static final int RECOVERY_BATCH = 1_000;

    private static final String INSERT = """
            insert into delivery (kind, lane, subscriber_id, recipient, content, status, created_at, queued_at,
                                  available_at)
            values (?, ?, ?, ?, ?, 'QUEUED', ?, ?, ?)
            """;

    /** A digest, unless the reader has one for the period already (the key delivery_once_per_period). */
    private static final String INSERT_DIGEST = """
            insert into delivery (kind, lane, subscriber_id, recipient, period, content, status, created_at, queued_at,
                                  available_at)
            values ('DIGEST', ?, ?, ?, ?, ?, 'QUEUED', ?, ?, ?)
            on conflict do nothing
            """;

    /**
     * Takes the address off deliveries: open ones are dropped and a confirmation's token goes. An error that quoted
     * the address is {@link #unquote}d first.
     */
    private static final String FORGET = """
            update delivery
               set status = case when lane is not null and status <> 'SENDING' then 'FAILED' else status end,
                   last_error = case when lane is not null and status <> 'SENDING'
                                     then 'not sent: the reader''s data was erased'
                                     else last_error end,
                   available_at = case when lane is not null and status <> 'SENDING' then :now
                                       else available_at end,
                   lane = case when status <> 'SENDING' then null else lane end,
                   content = case when kind = 'CONFIRMATION' then '' else content end,
                   recipient = null
            """;

    /**
     * Whether reader {@code s} had the story in a digest: one of their digests from {@code :digestsFrom} on lists it
     * in its content ({@code articles=1%2C2%2C3&more=0}, see {@link Content#storedDigest}). Found through the
     * reader's own deliveries, a few a week each.
     */
    private static final String HAD_IN_DIGEST = """
            exists (select 1 from delivery dd
                     where dd.subscriber_id = s.id and dd.id >= :digestsFrom and dd.kind = 'DIGEST'
                       and (dd.content like :only escape '!' or dd.content like :first escape '!'
                            or dd.content like :inside escape '!' or dd.content like :last escape '!'))
            """;

    /**
     * What came back that the condition picks, without what it quoted: a returned message's subject ("Re: your
     * digest, Dave Privacy") and the server's words, which may name the reader or hold their address with a letter or
     * two masked. Its verdict and dates stay, for the rates (a privacy QA, 7 December 2026).
     */
    private static final String FORGET_RETURNED = """
            update returned_mail
               set subject = null, detail = 'erased with its reader'
             where %s and (subject is not null or detail is not null)
            """;

    /** Deliveries as admins and readers see them. */
    private static final String SELECT_DELIVERIES =
            "select id, recipient, kind, status, attempts, last_error, created_at, sent_at from delivery";

    private static final Logger log = LoggerFactory.getLogger(JdbcOutbox.class);

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate transaction;
    private final TransactionTemplate snapshot;
    private final Doorbell doorbell;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final LinkTokens tokens;
    private final SentHours sentHours;

    private final StoppedReaders stopped = new StoppedReaders();

    JdbcOutbox(JdbcClient jdbc, JdbcTemplate batch, TransactionTemplate transaction, Doorbell doorbell,
               Clock clock, ApplicationEventPublisher events, LinkTokens tokens) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.transaction = transaction;
        this.snapshot = new TransactionTemplate(transaction.getTransactionManager());
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
        this.doorbell = doorbell;
        this.clock = clock;
        this.events = events;
        this.tokens = tokens;
        this.sentHours = new SentHours(jdbc, clock);
    }

    @Override
    public void queueConfirmation(Subscriber reader, String token) {
        queue(DeliveryKind.CONFIRMATION, reader, Content.of("token", token));
    }

    @Override
    public void queueNotice(Subscriber reader, Notice notice) {
        queue(DeliveryKind.NOTICE, reader, Content.of("notice", notice.name()));
    }

    @Override
    public int queueNotices(Notice notice, Map<String, String> values, Audience audience) {
        Map<String, String> content = new HashMap<>(values);
        content.put("notice", notice.name());
        int queued = jdbc.sql("""
                        insert into delivery (kind, lane, subscriber_id, recipient, content, status, created_at,
                                              queued_at, available_at)
                        select :kind, :lane, s.id, s.email, :content, 'QUEUED', :now, %1$s, %1$s
                        %2$s
                        """.formatted(audience.dueAt(), audience.from()))
                .params(audience.params())
                .param("kind", DeliveryKind.NOTICE.name())
                .param("lane", DeliveryKind.NOTICE.lane())
                .param("content", new Content(content).stored())
                .param("now", Timestamps.utc(Timestamps.now(clock)))
                .update();
        if (queued > 0) {
            doorbell.ringAfterCommit();
        }
        return queued;
    }

    /**
     * Alerts are a range of {@code delivery_once_per_period}; digests, only those made since the story was released,
     * are found by their content as {@link #HAD_IN_DIGEST} finds them, a range of the primary key; each reader found is
     * then looked up. A rare statement (an editor's correction, a follow-up), so reading the digests since the story's
     * release is affordable. Joined to the readers instead, H2 read every active reader's whole history (the 30 days
     * kept), whatever the story's age: 1.4-2.0 s at 100,000 readers and 380,000 deliveries for a story of that morning.
     */
    @Override
    public int copyReadersOf(long articleId, Sent sent, Copy copy) {
        return readersOf(articleId, sent, "insert into " + copy.into() + " select " + copy.values() + ", r.subscriber_id",
                " on conflict do nothing")
                .params(copy.params())
                .update();
    }

    @Override
    public int oweToAlerted(long articleId, long followUp) {
        Optional<Long> digestsFrom = firstDigestSinceRelease(followUp);
        return jdbc.sql("""
                        insert into follow_up_owed (article_id, subscriber_id)
                        select cast(:followUp as bigint), s.id
                          from delivery a
                          join subscriber s on s.id = a.subscriber_id
                         where a.period = :alertPeriod and a.status <> 'FAILED' and s.status = 'ACTIVE'
                           and not exists (select 1 from delivery f
                                            where f.period = :itsAlert and f.subscriber_id = s.id
                                              and f.status <> 'FAILED')
                        %s
                        on conflict do nothing
                        """.formatted(digestsFrom.isPresent() ? " and not " + HAD_IN_DIGEST : ""))
                .param("followUp", followUp)
                .param("alertPeriod", new AlertPeriod(articleId).key())
                .param("itsAlert", new AlertPeriod(followUp).key())
                .params(digestsFrom.map(first -> hadInDigest(followUp, first)).orElse(Map.of()))
                .update();
    }

    /** As {@link #copyReadersOf} finds them, counted: a story's page shows it at each view, and writes nothing. */
    @Override
    public int countReadersOf(long articleId, Sent sent) {
        return readersOf(articleId, sent, "select count(*)", "").query(Integer.class).single();
    }

    private JdbcClient.StatementSpec readersOf(long articleId, Sent sent, String select, String then) {
        Optional<Long> digestsFrom = firstDigestSinceRelease(articleId);
        String counted = switch (sent) {
            case OR_BEING_SENT -> "d.status in ('SENDING', 'SENT')";
            case OR_QUEUED -> "d.status <> 'FAILED'";
        };
        String digested = digestsFrom.isEmpty() ? "" : """
                 union
                select d.subscriber_id from delivery d
                 where d.id >= :digestsFrom and d.kind = 'DIGEST' and %s
                   and (d.content like :only escape '!' or d.content like :first escape '!'
                        or d.content like :inside escape '!' or d.content like :last escape '!')
                """;
        return jdbc.sql(select + """
                          from (select d.subscriber_id from delivery d
                                 where d.period = :alertPeriod and %s
                                %s) r
                         where exists (select 1 from subscriber s where s.id = r.subscriber_id and s.status = 'ACTIVE')
                        """.formatted(counted, digested.formatted(counted)) + then)
                .params(digestsFrom.map(first -> hadInDigest(articleId, first)).orElse(Map.of()))
                .param("alertPeriod", new AlertPeriod(articleId).key());
    }

    /** A reader gets each story as an alert once: the database refuses a second one, and it is not queued. */
    @Override
    public void queueAlert(Subscriber reader, long articleId) {
        OffsetDateTime now = Timestamps.utc(Timestamps.now(clock));
        jdbc.sql("""
                        insert into delivery (kind, lane, subscriber_id, recipient, content, status, created_at,
                                              queued_at, available_at, article_id, period)
                        values (?, ?, ?, ?, ?, 'QUEUED', ?, ?, ?, ?, ?)
                        on conflict do nothing
                        """)
                .params(DeliveryKind.ALERT.name(), DeliveryKind.ALERT.lane(), reader.id(), reader.email().value(),
                        alertContent(articleId), now, now, now, articleId, new AlertPeriod(articleId).key())
                .update();
        doorbell.ringAfterCommit();
    }

    /**
     * A reader who has the story as an alert already (queued one by one through {@link #queueAlert}) is skipped; as
     * that is rare, and skipping conflicts makes H2's commit twice as slow, the statement skips them only when the
     * story has some alert delivery already. A reader who had it in a digest is skipped too ({@link #hadInDigest}).
     * {@code queued_at} is when the reader's alert is due, which the daily cap counts by.
     */
    @Override
    public int queueAlerts(long articleId, Instant now, Audience audience) {
        boolean queuedBefore = hasAlerts(articleId);
        Optional<Long> digestsFrom = firstDigestSinceRelease(articleId);
        int queued = jdbc.sql("""
                        insert into delivery (kind, lane, subscriber_id, recipient, content, status, created_at,
                                              queued_at, available_at, article_id, period)
                        select :kind, :lane, s.id, s.email, :content, 'QUEUED', :now, %1$s, %1$s, :article, :period
                        %2$s%3$s%4$s
                        """.formatted(audience.dueAt(), audience.from(),
                        digestsFrom.isPresent() ? " and not " + HAD_IN_DIGEST : "",
                        queuedBefore ? " on conflict do nothing" : ""))
                .params(audience.params())
                .params(digestsFrom.map(first -> hadInDigest(articleId, first)).orElse(Map.of()))
                .param("kind", DeliveryKind.ALERT.name())
                .param("lane", DeliveryKind.ALERT.lane())
                .param("content", alertContent(articleId))
                .param("now", Timestamps.utc(now))
                .param("article", articleId)
                .param("period", new AlertPeriod(articleId).key())
                .update();
        doorbell.ringAfterCommit();
        return queued;
    }

    @Override
    public Set<Long> hadInDigest(long articleId, Audience audience) {
        return firstDigestSinceRelease(articleId)
                .map(first -> Set.copyOf(jdbc.sql("select s.id " + audience.from() + " and " + HAD_IN_DIGEST)
                        .params(audience.params())
                        .params(hadInDigest(articleId, first))
                        .query(Long.class)
                        .list()))
                .orElse(Set.of());
    }

    private static Map<String, Object> hadInDigest(long articleId, long digestsFrom) {
        return Map.of("digestsFrom", digestsFrom,
                "only", "articles=" + articleId + "&%",
                "first", "articles=" + articleId + "!%2C%",
                "inside", "%!%2C" + articleId + "!%2C%",
                "last", "%!%2C" + articleId + "&%");
    }

    /**
     * The first delivery made since the story was released, when a digest is among those made since: only a digest
     * made after its release can hold it. Empty (the usual case of an alert sent minutes after the story) costs the
     * statements no condition at all.
     */
    private Optional<Long> firstDigestSinceRelease(long articleId) {
        Optional<Instant> released = jdbc.sql("select released_at from article where id = ?")
                .param(articleId)
                .query((rs, row) -> Timestamps.read(rs, "released_at"))
                .optional();
        if (released.isEmpty()) {
            return Optional.empty();
        }
        long first = firstCreatedAtOrAfter(released.get());
        return jdbc.sql("select id from delivery where id >= ? and kind = 'DIGEST' order by id limit 1")
                .param(first)
                .query(Long.class)
                .optional()
                .map(digest -> first);
    }

    /** Counted per reader in one pass, off {@code delivery_once_per_period}: a range of it per story. */
    @Override
    public int copyAlerted(Collection<Long> articleIds, int atLeast, AlertSpans spans) {
        if (articleIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        insert into %s
                        select %s, d.subscriber_id
                          from delivery d
                        %s
                         where d.period in (:alertPeriods) and d.queued_at >= %s and d.queued_at < %s
                         group by d.subscriber_id
                        having count(*) >= :atLeast
                        """.formatted(spans.into(), spans.values(), spans.join(), spans.from(), spans.until()))
                .params(spans.params())
                .param("alertPeriods", alertPeriods(articleIds))
                .param("atLeast", atLeast)
                .update();
    }

    private boolean hasAlerts(long articleId) {
        return jdbc.sql("select 1 from delivery where period = ? limit 1")
                .param(new AlertPeriod(articleId).key())
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    /**
     * Read by a range of {@code delivery_once_per_period} per story's alert period, and of reader ids within it.
     */
    @Override
    public Map<Long, List<Long>> alertedTo(long firstReader, long lastReader, Collection<Long> articleIds) {
        return alerts(firstReader, lastReader, articleIds, "");
    }

    @Override
    public Map<Long, List<Long>> alertsWaiting(long firstReader, long lastReader, Collection<Long> articleIds) {
        return alerts(firstReader, lastReader, articleIds, " and status in ('QUEUED', 'RETRYING')");
    }

    private Map<Long, List<Long>> alerts(long firstReader, long lastReader, Collection<Long> articleIds,
                                         String which) {
        Map<Long, List<Long>> alerted = new HashMap<>();
        if (articleIds.isEmpty()) {
            return alerted;
        }
        // A range of delivery_once_per_period per story: given the list of periods at once, H2 reads every alert's
        // deliveries to every reader, batch after batch.
        for (String period : alertPeriods(articleIds)) {
            jdbc.sql("""
                            select subscriber_id, article_id from delivery
                             where period = :period and subscriber_id between :first and :last
                            """ + which)
                    .param("period", period)
                    .param("first", firstReader)
                    .param("last", lastReader)
                    .query(rs -> {
                        alerted.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>(2)).add(rs.getLong(2));
                    });
        }
        return alerted;
    }

    @Override
    public Map<Long, List<Long>> digestedTo(Collection<Long> readers, Instant since) {
        Map<Long, List<Long>> digested = new HashMap<>();
        if (readers.isEmpty()) {
            return digested;
        }
        jdbc.sql("""
                        select subscriber_id, content from delivery
                         where subscriber_id in (:readers) and kind = 'DIGEST' and created_at > :since
                        """)
                .param("readers", readers)
                .param("since", Timestamps.utc(since))
                .query(rs -> {
                    digested.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>())
                            .addAll(Content.parse(rs.getString(2)).numbers("articles"));
                });
        return digested;
    }

    private static List<String> alertPeriods(Collection<Long> articleIds) {
        return articleIds.stream().map(id -> new AlertPeriod(id).key()).toList();
    }

    private static String alertContent(long articleId) {
        return Content.of("article", String.valueOf(articleId)).stored();
    }

    private void queue(DeliveryKind kind, Subscriber reader, Content content) {
        OffsetDateTime now = Timestamps.utc(Timestamps.now(clock));
        jdbc.sql(INSERT)
                .params(kind.name(), kind.lane(), reader.id(), reader.email().value(), content.stored(), now, now, now)
                .update();
        doorbell.ringAfterCommit();
    }

    @Override
    @Transactional
    public int queueDigests(Collection<DigestOrder> digests) {
        if (digests.isEmpty()) {
            return 0;
        }
        OffsetDateTime now = Timestamps.utc(Timestamps.now(clock));
        List<Object[]> rows = new ArrayList<>(digests.size());
        // A run's digests share a few periods, one after another: each key is written once per stretch.
        DeliveryPeriod period = null;
        String key = null;
        for (DigestOrder digest : digests) {
            if (digest.period() != period) {
                period = digest.period();
                key = period.key();
            }
            rows.add(new Object[] {DeliveryKind.DIGEST.lane(), digest.subscriberId(), digest.recipient(),
                    key, digest.corrections().isEmpty() && digest.followUps().isEmpty() && digest.retired().isEmpty()
                            ? Content.storedDigest(digest.articleIds(), digest.more(), digest.rhythm())
                            : Content.storedDigest(digest.articleIds(), digest.more(), digest.rhythm(),
                                    digest.corrections(), digest.followUps(), digest.retired()), now, now, now});
        }
        int queued = 0;
        for (int count : batch.batchUpdate(INSERT_DIGEST, rows)) {
            queued += count;
        }
        if (queued > 0) {
            doorbell.ringAfterCommit();
        }
        return queued;
    }

    @Override
    public int countNotices(long subscriberId, Notice notice, Instant since) {
        return jdbc.sql("""
                        select count(*) from delivery
                         where subscriber_id = ? and kind = 'NOTICE' and content = ? and created_at >= ?
                        """)
                .params(subscriberId, Content.of("notice", notice.name()).stored(), Timestamps.utc(since))
                .query(Integer.class)
                .single();
    }

    @Override
    public int cancelFor(long subscriberId) {
        String reason = "not sent: the reader unsubscribed or was suspended";
        stopped.stopped(subscriberId, reason, false);
        return drop(subscriberId, "kind <> 'CONFIRMATION'", reason);
    }

    /** Fails the reader's open deliveries of these kinds but those a worker is sending, and announces each. */
    private int drop(long subscriberId, String kinds, String reason) {
        String theirs = " where subscriber_id = ? and lane is not null and " + kinds + " and status <> 'SENDING'";
        List<Dropped> dropped = jdbc.sql("select id, kind from delivery" + theirs + " for update")
                .param(subscriberId)
                .query(Dropped::row)
                .list();
        if (dropped.isEmpty()) {
            return 0;
        }
        int failed = jdbc.sql("update delivery set status = 'FAILED', lane = null, claimed_by = null, available_at = ?, "
                        + "last_error = ?" + theirs)
                .params(Timestamps.utc(Timestamps.now(clock)), reason, subscriberId)
                .update();
        dropped.forEach(delivery -> delivery.announce(events, subscriberId, reason));
        return failed;
    }

    @Override
    public int forget(Subscriber reader) {
        // A delivery being sent right now stays SENDING: its worker hears of the erasure and drops it. Once the
        // reader's row is deleted their deliveries have no subscriber id; one queued while the erasure ran is found
        // by its address among the open ones (the queue's index), so calling this again after the delete gets it.
        // Two statements, not one with an "or": H2 reads no index for an "or" and scanned the whole history, 2-5 s an
        // erasure at 100,000 readers.
        List<Dropped> dropped = new ArrayList<>();
        int forgotten = 0;
        jdbc.sql(FORGET_RETURNED.formatted("subscriber_id = ?")).param(reader.id()).update();
        jdbc.sql(FORGET_RETURNED.formatted("delivery_id in (select id from delivery where subscriber_id = ?)"))
                .param(reader.id()).update();
        // What came back tied to none of their mail may still quote their address, whole or masked as it is
        // recorded: a report without our Message-ID, a refusal's words (the re-test of a privacy QA, 7 December).
        String address = reader.email().value().toLowerCase(Locale.ROOT);
        jdbc.sql(FORGET_RETURNED.formatted("""
                        (lower(subject) like :plain escape '!' or lower(detail) like :plain escape '!'
                         or lower(subject) like :masked escape '!' or lower(detail) like :masked escape '!')"""))
                .param("plain", "%" + likeEscaped(address) + "%")
                .param("masked", "%" + likeEscaped(EmailAddress.masked(address)) + "%")
                .update();
        for (String theirs : List.of(" where subscriber_id = :id",
                " where subscriber_id is null and lane is not null and recipient = :address")) {
            unquote(theirs, Map.of("id", reader.id(), "address", reader.email().value()));
            dropped.addAll(jdbc.sql("select id, kind from delivery" + theirs
                            + " and lane is not null and status <> 'SENDING' for update")
                    .param("id", reader.id())
                    .param("address", reader.email().value())
                    .query(Dropped::row)
                    .list());
            forgotten += jdbc.sql(FORGET + theirs)
                    .param("now", Timestamps.utc(Timestamps.now(clock)))
                    .param("id", reader.id())
                    .param("address", reader.email().value())
                    .update();
        }
        // Named by no reader: the webhook's receiver learns that mail was dropped, not whose it was.
        dropped.forEach(delivery -> delivery.announce(events, null, ERASED));
        stopped.stopped(reader.id(), ERASED, false);
        return forgotten;
    }

    @Override
    public int holdFor(long subscriberId) {
        stopped.stopped(subscriberId, Composition.PAUSED, true);
        return drop(subscriberId, "kind in ('DIGEST', 'ALERT')", Composition.PAUSED);
    }

    /** The readers whose mail stopped on this node lately, for the workers to drop what their claims still hold. */
    StoppedReaders stoppedReaders() {
        return stopped;
    }

    /** A delivery queued for a reader and failed, not sent, as the reader left or was erased. */
    private record Dropped(long id, String kind) {

        static Dropped row(ResultSet rs, int row) throws SQLException {
            return new Dropped(rs.getLong("id"), rs.getString("kind"));
        }

        void announce(ApplicationEventPublisher events, Long subscriberId, String reason) {
            events.publishEvent(new DeliveryFailed(id, kind, subscriberId, reason));
        }
    }

    private static String likeEscaped(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /**
     * An error that quoted the reader's address, as the server wrote it (some write it in capitals), gets
     * {@code (erased)} in its place and keeps the rest as it was. Read and written row by row: the few of a reader's
     * deliveries whose error names them, and SQL's {@code replace} knows no case.
     */
    private void unquote(String theirs, Map<String, ?> params) {
        List<Map.Entry<Long, String>> quoting = jdbc.sql("select id, recipient, last_error from delivery" + theirs
                        + " and recipient is not null and lower(last_error) like '%' || lower(recipient) || '%'")
                .params(params)
                .query((rs, row) -> Map.entry(rs.getLong(1), Pattern.compile(Pattern.quote(rs.getString(2)),
                        Pattern.CASE_INSENSITIVE).matcher(rs.getString(3)).replaceAll("(erased)")))
                .list();
        for (Map.Entry<Long, String> error : quoting) {
            jdbc.sql("update delivery set last_error = ? where id = ?").params(error.getValue(), error.getKey())
                    .update();
        }
    }

    @Override
    public int forgetDeparted() {
        String departed = " where subscriber_id is null and recipient is not null";
        // Their returned mail lost its reader with the row (on delete set null); its delivery still names them.
        jdbc.sql(FORGET_RETURNED.formatted("delivery_id in (select id from delivery" + departed + ")")).update();
        unquote(departed, Map.of());
        return jdbc.sql(FORGET + departed)
                .param("now", Timestamps.utc(Timestamps.now(clock)))
                .update();
    }

    /**
     * Ids grow with time, so what was created before the instant is a range of ids from the first: its end is found
     * by a binary search over the primary key (a few dozen lookups, with no index on {@code created_at}, which every
     * insert would pay for), and the range is deleted {@link #PRUNE_CHUNK} ids at a time.
     */
    @Override
    public int pruneFinished(Instant createdBefore) {
        OffsetDateTime cutoff = Timestamps.utc(createdBefore);
        Long first = jdbc.sql("select min(id) from delivery").query(Long.class).optional().orElse(null);
        if (first == null) {
            return 0;
        }
        long low = firstCreatedAtOrAfter(createdBefore);
        int deleted = 0;
        for (long from = first; from < low; from += PRUNE_CHUNK) {
            long start = from;
            long end = Math.min(from + PRUNE_CHUNK, low);
            deleted += transaction.execute(status -> prune(start, end, "SENT", cutoff) + prune(start, end, "FAILED",
                    cutoff));
        }
        if (deleted > 0) {
            // The history's first delivery changed, so the kept hours are read again: here, not in an admin's view.
            sentHours.readAhead();
        }
        return deleted;
    }

    /** Deletes a range's deliveries that ended in the status before the cutoff, and counts them as pruned. */
    private int prune(long from, long to, String status, OffsetDateTime cutoff) {
        int deleted = jdbc.sql("delete from delivery where id >= ? and id < ? and status = ? and created_at < ?")
                .params(from, to, status, cutoff)
                .update();
        if (deleted > 0) {
            jdbc.sql("update delivery_pruned set deliveries = deliveries + ? where status = ?")
                    .params(deleted, status)
                    .update();
        }
        return deleted;
    }

    /**
     * Reads the hours of mail sent that the dashboard shows, on a thread of its own once the app is ready: on H2 at
     * 100,000 readers and 380,000 deliveries that first reading took 7 s, which the first admin to open the dashboard
     * after a start waited for.
     */
    @EventListener(ApplicationReadyEvent.class)
    void readSentHoursAhead() {
        Thread reading = new Thread(() -> {
            try {
                sentHours.readAhead();
            } catch (RuntimeException e) {
                log.debug("The hours of mail sent were not read ahead; the dashboard reads them", e);
            }
        }, "dispatch-sent-hours");
        reading.setDaemon(true);
        reading.start();
    }

    /**
     * The first delivery id created at or after the instant (one past the last id when none is): ids grow with time,
     * so a binary search over the primary key finds it in a few dozen lookups, with no index on {@code created_at}.
     */
    private long firstCreatedAtOrAfter(Instant instant) {
        Long first = jdbc.sql("select min(id) from delivery").query(Long.class).optional().orElse(null);
        if (first == null) {
            return 0;
        }
        long low = first;
        long high = jdbc.sql("select max(id) from delivery").query(Long.class).single() + 1;
        while (low < high) {
            long middle = low + (high - low) / 2;
            Optional<Delivery> next = jdbc.sql(SELECT_DELIVERIES + " where id >= ? order by id limit 1")
                    .param(middle)
                    .query(JdbcOutbox::delivery)
                    .optional();
            if (next.isPresent() && next.get().createdAt().isBefore(instant)) {
                low = next.get().id() + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /**
     * Takes up to {@code max} due deliveries, alerts first, under a lease. The due rows are locked in index order
     * and skipped by other claimers ({@code SKIP LOCKED}), read as they are locked, then marked in the same
     * transaction: two workers, on one node or several, never take the same delivery, and neither waits for the other.
     */
    List<ClaimedDelivery> claim(int max, Duration lease) {
        String claim = UUID.randomUUID().toString();
        Instant now = Timestamps.now(clock);
        List<ClaimedDelivery> claimed = transaction.execute(status -> {
            List<ClaimedDelivery> due = new ArrayList<>(max);
            for (int lane = 0; lane <= 1 && due.size() < max; lane++) {
                due.addAll(lockDue(lane, now, max - due.size(), claim));
            }
            if (!due.isEmpty()) {
                Claims.mark(jdbc, "delivery", due.stream().map(ClaimedDelivery::id).toList(), claim, now.plus(lease));
            }
            return due;
        });
        return claimed == null ? List.of() : claimed;
    }

    /**
     * Up to {@code max} due deliveries of the lane, locked for the current transaction and read as the claim will
     * hold them, in the order of their ids. The due rows are read a window at a time without a lock, and only that
     * window is then locked: H2 locks every row a {@code FOR UPDATE} query matches before it applies the
     * {@code LIMIT}, so locking straight from the queue took the whole queue each time (0.7 s a claim with 100,000
     * digests waiting). A window that a concurrent claim holds is skipped, and the next one tried. The locking query
     * reads the rows whole, a statement fewer than reading them again once marked (a round trip with PostgreSQL).
     */
    private List<ClaimedDelivery> lockDue(int lane, Instant now, int max, String claim) {
        List<ClaimedDelivery> locked = new ArrayList<>(max);
        for (int offset = 0; locked.size() < max; ) {
            int window = max - locked.size();
            List<Long> due = jdbc.sql("""
                            select id from delivery
                             where lane = :lane and available_at <= :now
                             order by lane, available_at, id
                             limit :limit offset :offset
                            """)
                    .param("lane", lane)
                    .param("now", Timestamps.utc(now))
                    .param("limit", window)
                    .param("offset", offset)
                    .query(Long.class)
                    .list();
            if (due.isEmpty()) {
                break;
            }
            locked.addAll(jdbc.sql("""
                            select id, kind, subscriber_id, content, attempts, created_at, queued_at
                              from delivery
                             where id in (%s) and lane = :lane and available_at <= :now
                             for update skip locked
                            """.formatted(IdList.of(due)))
                    .param("lane", lane)
                    .param("now", Timestamps.utc(now))
                    .query((rs, row) -> claimed(rs, claim))
                    .list());
            if (due.size() < window) {
                break;
            }
            offset += due.size();
        }
        locked.sort(Comparator.comparingLong(ClaimedDelivery::id));
        return locked;
    }

    /**
     * Marks the deliveries sent, under whichever of their claims; a confirmation forgets its token, which only the
     * email itself needs to hold. A delivery whose lease ended and that another claim of the same call holds now is
     * marked too: it was accepted, which is what {@code SENT} says, and the other worker's own marking finds it done.
     */
    void sent(Collection<AcceptedMail> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        jdbc.sql((MARK_SENT + " where id in (%s) and claimed_by in (:claims)")
                        .formatted(IdList.of(deliveries.stream().map(AcceptedMail::id).toList())))
                .param("now", Timestamps.utc(Timestamps.now(clock)))
                .param("claims", deliveries.stream().map(AcceptedMail::claim).distinct().toList())
                .update();
    }

    /**
     * Marks {@code SENT} what a node's journal held when it started again, whatever the claim the database holds for
     * it: one that lost its last commits may hold such a delivery {@code QUEUED} (its claim lost) or {@code SENDING}
     * (its record lost). A delivery recorded sent, or failed since (erased), stays as it is. How many were marked.
     */
    int sentBeforeTheStop(Collection<AcceptedMail> journaled) {
        List<Long> ids = journaled.stream().map(AcceptedMail::id).distinct().sorted().toList();
        int marked = 0;
        for (int from = 0; from < ids.size(); from += RECOVERY_BATCH) {
            List<Long> batch = ids.subList(from, Math.min(ids.size(), from + RECOVERY_BATCH));
            marked += jdbc.sql((MARK_SENT + " where id in (%s) and status in ('QUEUED', 'SENDING', 'RETRYING')")
                            .formatted(IdList.of(batch)))
                    .param("now", Timestamps.utc(Timestamps.now(clock)))
                    .update();
        }
        return marked;
    }

    void failed(ClaimedDelivery delivery, String error) {
        transaction.executeWithoutResult(status -> {
            int marked = jdbc.sql("""
                            update delivery set status = 'FAILED', lane = null, claimed_by = null, last_error = ?,
                                                available_at = ?
                             where id = ? and claimed_by = ?
                            """)
                    .params(shorten(error), Timestamps.utc(Timestamps.now(clock)), delivery.id(), delivery.claim())
                    .update();
            if (marked > 0) {
                events.publishEvent(new DeliveryFailed(delivery.id(), delivery.kind().name(), delivery.subscriberId(),
                        shorten(error)));
            }
        });
    }

    void retryAt(ClaimedDelivery delivery, String error, Instant at) {
        jdbc.sql("""
                        update delivery set status = 'RETRYING', claimed_by = null, last_error = ?, available_at = ?
                         where id = ? and claimed_by = ?
                        """)
                .params(shorten(error), Timestamps.utc(at), delivery.id(), delivery.claim())
                .update();
    }

    /** Hands back what a stopping worker claimed but did not get to, for another worker to take at once. */
    void release(Collection<ClaimedDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        update delivery set status = case when attempts > 1 then 'RETRYING' else 'QUEUED' end,
                               attempts = attempts - 1, claimed_by = null, available_at = :now
                         where id in (%s) and claimed_by = :claim
                        """.formatted(IdList.of(deliveries.stream().map(ClaimedDelivery::id).toList())))
                .param("now", Timestamps.utc(Timestamps.now(clock)))
                .param("claim", deliveries.iterator().next().claim())
                .update();
    }

    @Override
    public Page<Delivery> list(Optional<DeliveryStatus> status, Optional<DeliveryKind> kind, PageRequest request) {
        List<String> filters = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        status.ifPresent(value -> {
            filters.add("status = :status");
            params.put("status", value.name());
        });
        kind.ifPresent(value -> {
            filters.add("kind = :kind");
            params.put("kind", value.name());
        });
        String where = filters.isEmpty() ? "" : " where " + String.join(" and ", filters);
        List<Delivery> items = jdbc.sql(SELECT_DELIVERIES + where + " order by id desc limit :limit offset :offset")
                .params(params)
                .param("limit", request.size())
                .param("offset", request.offset())
                .query(JdbcOutbox::delivery)
                .list();
        long total = jdbc.sql("select count(*) from delivery" + where).params(params).query(Long.class).single();
        return Page.of(items, request, total);
    }

    @Override
    public Optional<Delivery> find(long id) {
        return jdbc.sql(SELECT_DELIVERIES + " where id = ?")
                .param(id)
                .query(JdbcOutbox::delivery)
                .optional();
    }

    @Override
    public Optional<Delivery> findByMessageId(String messageId) {
        return MessageId.parse(messageId, tokens).flatMap(this::find);
    }

    @Override
    public Optional<Delivery> findByReturnPathTag(String tag) {
        return MessageId.parseTag(tag, tokens).flatMap(this::find);
    }

    /** The delivery the id names, when it was also created at the id's millisecond. */
    private Optional<Delivery> find(MessageId id) {
        return find(id.deliveryId()).filter(delivery -> delivery.createdAt().toEpochMilli() == id.createdAtMillis());
    }

    @Override
    public List<Delivery> listFor(long subscriberId) {
        return jdbc.sql(SELECT_DELIVERIES + " where subscriber_id = ? order by id desc")
                .param(subscriberId)
                .query(JdbcOutbox::delivery)
                .list();
    }

    @Override
    public boolean retry(long id) {
        Instant now = Timestamps.now(clock);
        boolean requeued = jdbc.sql("""
                        update delivery
                           set status = 'QUEUED', attempts = 0, claimed_by = null, queued_at = :now,
                               available_at = :now,
                               lane = case when kind = 'DIGEST' then 1 else 0 end
                         where id = :id and status = 'FAILED' and recipient is not null
                        """)
                .param("now", Timestamps.utc(now))
                .param("id", id)
                .update() == 1;
        if (requeued) {
            doorbell.ringAfterCommit();
        }
        return requeued;
    }

    /** Open deliveries: read through the queue's index, which holds open rows only. */
    long queueDepth() {
        return jdbc.sql("select count(*) from delivery where lane is not null").query(Long.class).single();
    }

    @Override
    public Map<DeliveryStatus, Long> countByStatus() {
        Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
        for (DeliveryStatus status : DeliveryStatus.values()) {
            counts.put(status, 0L);
        }
        jdbc.sql("select status, count(*) from delivery group by status")
                .query((rs, row) -> counts.put(DeliveryStatus.valueOf(rs.getString(1)), rs.getLong(2)))
                .list();
        return counts;
    }

    @Override
    public long countSentEver() {
        return snapshot.execute(status -> countByStatus().get(DeliveryStatus.SENT) + sentAndPruned());
    }

    private long sentAndPruned() {
        return jdbc.sql("select deliveries from delivery_pruned where status = 'SENT'").query(Long.class).single();
    }

    @Override
    public SortedMap<Instant, Long> sentPerHour(Instant since) {
        return sentHours.since(since);
    }

    /**
     * Counted from indexes alone, never from the send's rows, for the dashboard polls this every few seconds while a
     * run goes out: the open deliveries per period through {@code delivery_open_by_period} (only open deliveries
     * have a lane; only digests and alerts have a period), then each of those periods whole through
     * {@code delivery_once_per_period}, and one row of each for its kind and start. A statement per period: there
     * are a few at once, and counting them together made H2 read their rows.
     */
    @Override
    public List<Progress> progress() {
        // One snapshot for all: a delivery finished in between would otherwise count as open and done.
        return snapshot.execute(status -> progressSeen());
    }

    @Override
    public Outgoing outgoing() {
        return snapshot.execute(status -> {
            Map<DeliveryStatus, Long> byStatus = countByStatus();
            return new Outgoing(byStatus, byStatus.get(DeliveryStatus.SENT) + sentAndPruned(), progressSeen());
        });
    }

    private List<Progress> progressSeen() {
        Map<String, Long> open = new HashMap<>();
        jdbc.sql("""
                        select period, count(*) as open
                          from delivery
                         where lane >= 0 and period is not null
                         group by period
                        """)
                .query((rs, row) -> open.put(rs.getString("period"), rs.getLong("open")))
                .list();
        List<Progress> sends = new ArrayList<>(open.size());
        open.forEach((period, unfinished) -> {
            long total = jdbc.sql("select count(*) from delivery where period = ?")
                    .param(period)
                    .query(Long.class)
                    .single();
            // The first reader's delivery tells the send's kind and when it began to be queued.
            jdbc.sql("""
                            select kind, queued_at
                              from delivery
                             where period = ?
                             order by period, subscriber_id
                             limit 1
                            """)
                    .param(period)
                    .query((rs, row) -> new Progress(DeliveryKind.valueOf(rs.getString("kind")), period,
                            total - unfinished, total, Timestamps.read(rs, "queued_at")))
                    .optional()
                    .ifPresent(sends::add);
        });
        sends.sort(Comparator.comparing(Progress::since).thenComparing(Progress::period));
        return sends;
    }

    @Override
    public long countSent(Instant since) {
        return sentHours.since(since).values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public Optional<Delivery> lastSentBefore(long subscriberId, Instant before, Collection<Long> except) {
        return sentNextTo(subscriberId, "sent_at < :at", "sent_at desc, id desc", before, except);
    }

    @Override
    public Optional<Delivery> firstSentAfter(long subscriberId, Instant after, Collection<Long> except) {
        return sentNextTo(subscriberId, "sent_at > :at", "sent_at, id", after, except);
    }

    private Optional<Delivery> sentNextTo(long subscriberId, String side, String order, Instant at,
                                          Collection<Long> except) {
        return jdbc.sql(SELECT_DELIVERIES + " where subscriber_id = :reader and status = 'SENT' and " + side
                        + (except.isEmpty() ? "" : " and id not in (:except)") + " order by " + order + " limit 1")
                .param("reader", subscriberId)
                .param("at", Timestamps.utc(at))
                .params(except.isEmpty() ? Map.of() : Map.of("except", except))
                .query(JdbcOutbox::delivery)
                .optional();
    }

    private static String shorten(String error) {
        return error == null || error.length() <= 1000 ? error : error.substring(0, 997) + "...";
    }

    /** A row as the claim marks it: under {@code claim}, with this attempt counted. */
    private ClaimedDelivery claimed(ResultSet rs, String claim) throws SQLException {
        long id = rs.getLong("id");
        Instant createdAt = Timestamps.read(rs, "created_at");
        return new ClaimedDelivery(id, DeliveryKind.valueOf(rs.getString("kind")),
                rs.getObject("subscriber_id", Long.class), claim, Content.parse(rs.getString("content")),
                rs.getInt("attempts") + 1, createdAt, Timestamps.read(rs, "queued_at"),
                MessageId.of(id, createdAt.toEpochMilli(), tokens));
    }

    private static Delivery delivery(ResultSet rs, int row) throws SQLException {
        return new Delivery(rs.getLong("id"), rs.getString("recipient"), DeliveryKind.valueOf(rs.getString("kind")),
                DeliveryStatus.valueOf(rs.getString("status")), rs.getInt("attempts"), rs.getString("last_error"),
                Timestamps.read(rs, "created_at"), Timestamps.read(rs, "sent_at"));
    }
}
