package news.dispatch.mailer.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.jdbc.Timestamps;
import news.dispatch.core.net.PublicHosts;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.mailer.outbox.Claims;
import news.dispatch.mailer.outbox.Doorbell;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The endpoints and their calls in SQL. Calls are claimed as the outbox claims mail: due rows locked with
 * {@code SKIP LOCKED} and marked in one transaction under a lease ({@code available_at} is its end while
 * {@code SENDING}), so two workers, on one node or several, never take the same call, and a worker that dies leaves
 * its calls to the next after the lease.
 */
class JdbcWebhooks implements Webhooks {

    /** The length of {@code webhook.url}. */
    private static final int URL_LENGTH = 2000;

    /** What an event's {@code data} may keep once its reader is erased: ids, and the kind of mail that failed. */
    private static final Set<String> NAMES_NOBODY = Set.of("id", "subscriberId", "deliveryId", "kind");

    /** Calls still to make; a reader's later call waits while one of these is before it. */
    private static final String OPEN = "('QUEUED', 'SENDING', 'RETRYING')";

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final WebhookSettings settings;
    private final PublicHosts hosts;
    private final Doorbell doorbell = new Doorbell();
    private final JsonMapper json = JsonMapper.builder().build();

    JdbcWebhooks(JdbcClient jdbc, TransactionTemplate transaction, Clock clock, WebhookSettings settings) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.settings = settings;
        this.hosts = new PublicHosts(settings.allowedHosts());
    }

    @Override
    @Transactional
    public int announce(EventType type, Long subscriberId, Map<String, Object> data) {
        Instant now = Timestamps.now(clock);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.type());
        body.put("timestamp", now.toString());
        body.put("data", data);
        int queued = jdbc.sql("""
                        insert into webhook_call (webhook_id, message_id, type, body, order_key, status, attempts,
                                                  created_at, queued_at, available_at)
                        select w.id, concat(:event, cast(w.id as varchar(20))), :type, :body, cast(:orderKey as bigint),
                               'QUEUED', 0, :now, :now, :now
                          from webhook w
                          join webhook_event e on e.webhook_id = w.id
                         where e.type = :type
                        """)
                .param("event", "msg_" + UUID.randomUUID().toString().replace("-", "") + "_")
                .param("type", type.type())
                .param("body", json.writeValueAsString(body))
                .param("orderKey", subscriberId)
                .param("now", Timestamps.utc(now))
                .update();
        if (queued > 0) {
            doorbell.ringAfterCommit();
        }
        return queued;
    }

    @Override
    @Transactional
    public int forget(long subscriberId) {
        int deleted = jdbc.sql("delete from webhook_call where order_key = ? and status in ('SENT', 'FAILED')")
                .param(subscriberId)
                .update();
        // One being made right now is scrubbed too: its worker signed its own copy, and what it records next (a
        // retry's body, the answer) must not bring the address back.
        List<Map.Entry<Long, String>> owed = jdbc
                .sql("select id, body from webhook_call where order_key = ? for update")
                .param(subscriberId)
                .query((rs, row) -> Map.entry(rs.getLong("id"), rs.getString("body")))
                .list();
        for (Map.Entry<Long, String> call : owed) {
            jdbc.sql("update webhook_call set body = ? where id = ?").params(nobody(call.getValue()), call.getKey())
                    .update();
        }
        // A receiver's answer may quote the body it was sent.
        jdbc.sql("""
                        update webhook_attempt set answer = null
                         where call_id in (select id from webhook_call where order_key = ?)
                        """)
                .param(subscriberId)
                .update();
        return deleted + owed.size();
    }

    /**
     * The body with its {@code data} cut down to the ids it holds. A list of what may stay, not of what must go, so a
     * field added to an event later is dropped too until someone decides it names nobody.
     */
    private String nobody(String body) {
        Map<String, Object> event = json.readValue(body, new TypeReference<LinkedHashMap<String, Object>>() {
        });
        if (event.get("data") instanceof Map<?, ?> data) {
            Map<Object, Object> kept = new LinkedHashMap<>(data);
            kept.keySet().retainAll(NAMES_NOBODY);
            event.put("data", kept);
        }
        return json.writeValueAsString(event);
    }

    @Override
    @Transactional
    public Registered register(String url, List<String> events) {
        URI checked = checkUrl(url);
        Set<EventType> types = types(events);
        Instant now = Timestamps.now(clock);
        String secret = Signature.newSecret();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("insert into webhook (url, secret, created_at) values (?, ?, ?)")
                .params(checked.toString(), secret, Timestamps.utc(now))
                .update(key, "id");
        long id = key.getKey().longValue();
        for (EventType type : types) {
            jdbc.sql("insert into webhook_event (webhook_id, type) values (?, ?)").params(id, type.type()).update();
        }
        return new Registered(new Endpoint(id, checked.toString(), types, now, null), secret);
    }

    @Override
    public List<Endpoint> list() {
        return endpoints("");
    }

    @Override
    public Optional<Endpoint> find(long id) {
        return endpoints(" where w.id = " + id).stream().findFirst();
    }

    @Override
    @Transactional
    public boolean remove(long id) {
        return jdbc.sql("delete from webhook where id = ?").param(id).update() > 0;
    }

    @Override
    @Transactional
    public Optional<Registered> rotateSecret(long id) {
        Instant now = Timestamps.now(clock);
        String secret = Signature.newSecret();
        int rotated = jdbc.sql("""
                        update webhook set previous_secret = secret, previous_until = :until, secret = :secret
                         where id = :id
                        """)
                .param("until", Timestamps.utc(now.plus(settings.secretOverlap())))
                .param("secret", secret)
                .param("id", id)
                .update();
        return rotated == 0 ? Optional.empty() : find(id).map(endpoint -> new Registered(endpoint, secret));
    }

    @Override
    public Page<Call> calls(long webhookId, PageRequest page) {
        Map<Long, List<Attempt>> tries = new LinkedHashMap<>();
        long total = jdbc.sql("select count(*) from webhook_call where webhook_id = :webhook")
                .param("webhook", webhookId).query(Long.class).single();
        List<Call> calls = jdbc.sql("""
                        select id, message_id, type, status, attempts, last_error, created_at, sent_at, body
                          from webhook_call
                         where webhook_id = :webhook
                         order by id desc
                         limit :size offset :offset
                        """)
                .param("webhook", webhookId)
                .param("size", page.size())
                .param("offset", page.offset())
                .query((rs, row) -> new Call(rs.getLong("id"), rs.getString("message_id"), rs.getString("type"),
                        rs.getString("status"), rs.getInt("attempts"), rs.getString("last_error"),
                        Timestamps.read(rs, "created_at"), Timestamps.read(rs, "sent_at"), rs.getString("body"),
                        List.of()))
                .list();
        if (calls.isEmpty()) {
            return Page.of(calls, page, total);
        }
        jdbc.sql("""
                        select call_id, attempted_at, http_status, answer, latency_ms, error
                          from webhook_attempt
                         where call_id in (:calls)
                         order by id desc
                        """)
                .param("calls", calls.stream().map(Call::id).toList())
                .query((ResultSet rs) -> {
                    tries.computeIfAbsent(rs.getLong("call_id"), call -> new ArrayList<>())
                            .add(new Attempt(Timestamps.read(rs, "attempted_at"),
                                    rs.getObject("http_status", Integer.class), rs.getString("answer"),
                                    rs.getLong("latency_ms"), rs.getString("error")));
                });
        return Page.of(calls, page, total).map(call -> new Call(call.id(), call.messageId(), call.type(),
                call.status(), call.attempts(), call.lastError(), call.createdAt(), call.sentAt(), call.body(),
                tries.getOrDefault(call.id(), List.of())));
    }

    @Override
    @Transactional
    public boolean resend(long webhookId, long callId) {
        Instant now = Timestamps.now(clock);
        int queued = jdbc.sql("""
                        update webhook_call
                           set status = 'QUEUED', attempts = 0, claimed_by = null, queued_at = :now,
                               available_at = :now, sent_at = null
                         where id = :id and webhook_id = :webhook and status in ('SENT', 'FAILED')
                        """)
                .param("now", Timestamps.utc(now))
                .param("id", callId)
                .param("webhook", webhookId)
                .update();
        if (queued > 0) {
            doorbell.ringAfterCommit();
        }
        return queued > 0;
    }

    /**
     * Takes up to {@code max} due calls under a lease: each the first open call of its reader to its endpoint, so a
     * reader's calls go one after another, in order. The due rows are found without a lock, then locked with
     * {@code SKIP LOCKED} and marked in one transaction.
     */
    List<ClaimedCall> claim(int max, Duration lease) {
        String claim = UUID.randomUUID().toString();
        Instant now = Timestamps.now(clock);
        List<Long> ids = transaction.execute(status -> {
            List<Long> locked = lockDue(now, max);
            if (!locked.isEmpty()) {
                Claims.mark(jdbc, "webhook_call", locked, claim, now.plus(lease));
            }
            return locked;
        });
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select c.id, c.webhook_id, c.message_id, c.body, c.claimed_by, c.attempts, c.queued_at,
                               w.url, w.secret, w.previous_secret, w.previous_until
                          from webhook_call c
                          join webhook w on w.id = c.webhook_id
                         where c.id in (:ids) and c.claimed_by = :claim
                         order by c.id
                        """)
                .param("ids", ids)
                .param("claim", claim)
                .query(JdbcWebhooks::claimed)
                .list();
    }

    /**
     * Up to {@code max} due calls, locked for the current transaction. As the outbox does, the due rows are read a
     * window at a time without a lock and only that window is locked (H2 locks every row a {@code FOR UPDATE} query
     * matches before it applies the {@code LIMIT}); a window that a concurrent claim holds is skipped, and the next
     * one tried.
     */
    private List<Long> lockDue(Instant now, int max) {
        List<Long> locked = new ArrayList<>(max);
        for (int offset = 0; locked.size() < max; ) {
            int window = max - locked.size();
            List<Long> due = jdbc.sql("""
                            select c.id from webhook_call c
                             where c.status in %s and c.available_at <= :now
                               and not exists (select 1 from webhook_call p
                                                where p.webhook_id = c.webhook_id and p.order_key = c.order_key
                                                  and p.id < c.id and p.status in %s)
                             order by c.id
                             limit :limit offset :offset
                            """.formatted(OPEN, OPEN))
                    .param("now", Timestamps.utc(now))
                    .param("limit", window)
                    .param("offset", offset)
                    .query(Long.class)
                    .list();
            if (due.isEmpty()) {
                break;
            }
            locked.addAll(jdbc.sql("""
                            select id from webhook_call
                             where id in (:ids) and status in %s and available_at <= :now
                             for update skip locked
                            """.formatted(OPEN))
                    .param("ids", due)
                    .param("now", Timestamps.utc(now))
                    .query(Long.class)
                    .list());
            if (due.size() < window) {
                break;
            }
            offset += due.size();
        }
        return locked;
    }

    void sent(ClaimedCall call, Answer answer) {
        transaction.executeWithoutResult(status -> {
            record(call, answer);
            jdbc.sql("""
                            update webhook_call set status = 'SENT', claimed_by = null, last_error = null,
                                                    sent_at = :now, available_at = :now
                             where id = :id and claimed_by = :claim
                            """)
                    .param("now", Timestamps.utc(answer.at()))
                    .param("id", call.id())
                    .param("claim", call.claim())
                    .update();
        });
    }

    void retryAt(ClaimedCall call, Answer answer, Instant at) {
        leave(call, answer, "RETRYING", answer.problem(), at);
    }

    void failed(ClaimedCall call, Answer answer, String why) {
        leave(call, answer, "FAILED", shorten(why), answer.at());
    }

    /** Records the attempt and lets the call go unsent: to be tried again at {@code at}, or never. */
    private void leave(ClaimedCall call, Answer answer, String status, String error, Instant at) {
        transaction.executeWithoutResult(done -> {
            record(call, answer);
            jdbc.sql("""
                            update webhook_call set status = :status, claimed_by = null, last_error = :error,
                                                    available_at = :at
                             where id = :id and claimed_by = :claim
                            """)
                    .param("status", status)
                    .param("error", error)
                    .param("at", Timestamps.utc(at))
                    .param("id", call.id())
                    .param("claim", call.claim())
                    .update();
        });
    }

    /** Hands back what a stopping worker claimed but did not get to, for another worker to take at once. */
    void release(Collection<ClaimedCall> calls) {
        if (calls.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        update webhook_call
                           set status = case when attempts > 1 then 'RETRYING' else 'QUEUED' end,
                               attempts = attempts - 1, claimed_by = null, available_at = :now
                         where id in (:ids) and claimed_by = :claim
                        """)
                .param("now", Timestamps.utc(Timestamps.now(clock)))
                .param("ids", calls.stream().map(ClaimedCall::id).toList())
                .param("claim", calls.iterator().next().claim())
                .update();
    }

    /** The rule every call's host must pass, at registration and again when the call is made. */
    PublicHosts hosts() {
        return hosts;
    }

    Doorbell doorbell() {
        return doorbell;
    }

    /**
     * Keeps the attempt, and the start of the answer unless the call's body changed while it was made: its reader was
     * erased meanwhile, and the answer may quote what was sent about them.
     */
    private void record(ClaimedCall call, Answer answer) {
        jdbc.sql("""
                        insert into webhook_attempt (call_id, webhook_id, attempted_at, http_status, answer,
                                                     latency_ms, error)
                        values (:call, :webhook, :at, :status,
                                case when (select body from webhook_call where id = :call) = :sent then :answer end,
                                :latency, :error)
                        """)
                .param("call", call.id())
                .param("sent", call.body())
                .param("webhook", call.webhookId())
                .param("at", Timestamps.utc(answer.at()))
                .param("status", answer.httpStatus())
                .param("answer", answer.excerpt())
                .param("latency", answer.latencyMillis())
                .param("error", shorten(answer.error()))
                .update();
    }

    @Override
    public List<InvalidInput> refusals(String url, List<String> events) {
        return InvalidInput.refusals(() -> checkUrl(url), () -> types(events));
    }

    private URI checkUrl(String url) {
        String written = url == null ? "" : url.strip();
        if (written.length() > URL_LENGTH) {
            throw new InvalidInput("url", "url must be at most " + URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(written);
        } catch (URISyntaxException e) {
            throw new InvalidInput("url", "url is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new InvalidInput("url", "url must be an http or https URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidInput("url", "url must not carry a user name or password");
        }
        // URI parses any digits as a port; HttpClient throws on one out of range at every call.
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
            throw new InvalidInput("url", "url's port must be between 1 and 65535");
        }
        try {
            hosts.resolve(uri.getHost());
        } catch (PublicHosts.HostRefused e) {
            throw new InvalidInput("url", "refused: " + e.getMessage()
                    + "; only an admin can allow a host (dispatch.webhooks.allowed-hosts)");
        } catch (UnknownHostException e) {
            throw new InvalidInput("url", "no address is known for " + uri.getHost());
        }
        return uri;
    }

    private static Set<EventType> types(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw new InvalidInput("events", "events must name at least one event");
        }
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (String event : events) {
            types.add(EventType.of(event));
        }
        return types;
    }

    private List<Endpoint> endpoints(String where) {
        Map<Long, Set<EventType>> events = new LinkedHashMap<>();
        jdbc.sql("select webhook_id, type from webhook_event").query((ResultSet rs) -> {
            events.computeIfAbsent(rs.getLong(1), id -> EnumSet.noneOf(EventType.class))
                    .add(EventType.of(rs.getString(2)));
        });
        Instant now = clock.instant();
        return jdbc.sql("select w.id, w.url, w.created_at, w.previous_until from webhook w" + where + " order by w.id")
                .query((rs, row) -> {
                    Instant until = Timestamps.read(rs, "previous_until");
                    return new Endpoint(rs.getLong("id"), rs.getString("url"),
                            events.getOrDefault(rs.getLong("id"), Set.of()), Timestamps.read(rs, "created_at"),
                            until != null && until.isAfter(now) ? until : null);
                })
                .list();
    }

    static String shorten(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 997) + "...";
    }

    private static ClaimedCall claimed(ResultSet rs, int row) throws SQLException {
        return new ClaimedCall(rs.getLong("id"), rs.getLong("webhook_id"), rs.getString("message_id"),
                rs.getString("body"), rs.getString("claimed_by"), rs.getInt("attempts"),
                Timestamps.read(rs, "queued_at"), URI.create(rs.getString("url")), rs.getString("secret"),
                rs.getString("previous_secret"), Timestamps.read(rs, "previous_until"));
    }
}
