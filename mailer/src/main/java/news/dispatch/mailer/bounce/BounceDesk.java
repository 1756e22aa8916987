package news.dispatch.mailer.bounce;

import java.io.ByteArrayInputStream;
import java.io.UnsupportedEncodingException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeUtility;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.jdbc.Timestamps;
import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.suppression.SuppressionReason;
import news.dispatch.core.suppression.Suppressions;
import news.dispatch.mailer.MailSettings;
import news.dispatch.mailer.outbox.Deliveries;
import news.dispatch.mailer.outbox.Delivery;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.mailer.outbox.RefusedAddresses;
import news.dispatch.mailer.sender.BounceSettings;
import news.dispatch.mailer.sender.SenderIdentity;
import news.dispatch.mailer.subscription.Subscriptions;
import news.dispatch.mailer.webhook.EventType;
import news.dispatch.mailer.webhook.Webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Acts on what comes back. The record is written first, in the transaction of the action: of two nodes reading one
 * message, the one whose insert wins acts and the other finds the key taken and does nothing.
 */
@Service
class BounceDesk implements Bounces, RefusedAddresses {

    private static final Logger log = LoggerFactory.getLogger(BounceDesk.class);

    /** How recently a reader named by address alone must have been mailed for a report to count. */
    private static final Duration RECIPIENT_ONLY_WITHIN = Duration.ofDays(7);

    /** What stands for the subject of a bounce that was no message: the receiving server refused the address. */
    private static final String REFUSED_AS_SENT = "(refused by the receiving server as it was sent)";

    private static final String COLUMNS = "select id, message_key, verdict, outcome, subscriber_id, delivery_id, "
            + "status, detail, subject, received_at, processed_at from returned_mail";

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    /** How long sent mail stays in the outbox's history, which the rates count it in. */
    private final Duration keptHistory;
    private final Subscribers subscribers;
    private final Subscriptions subscriptions;
    private final Suppressions suppressions;
    private final Outbox outbox;
    private final Deliveries deliveries;
    private final SenderIdentity sender;
    private final BounceSettings settings;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Webhooks webhooks;

    BounceDesk(JdbcClient jdbc, TransactionTemplate transaction, Subscribers subscribers, Subscriptions subscriptions,
               Suppressions suppressions, Outbox outbox, Deliveries deliveries, SenderIdentity sender,
               BounceSettings settings, MailSettings mail, ObjectProvider<MeterRegistry> meters, Clock clock,
               Webhooks webhooks) {
        this.webhooks = webhooks;
        this.keptHistory = mail.keepHistory();
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.subscribers = subscribers;
        this.subscriptions = subscriptions;
        this.suppressions = suppressions;
        this.outbox = outbox;
        this.deliveries = deliveries;
        this.sender = sender;
        this.settings = settings;
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.clock = clock;
        // Every verdict from the start, at zero: a rate over a series that appears only with the first complaint
        // misses that complaint.
        for (Verdict verdict : Verdict.values()) {
            verdicts(verdict);
        }
    }

    private Counter verdicts(Verdict verdict) {
        return Counter.builder("dispatch.bounces.messages")
                .description("what came back (read from the bounces mailbox, posted by a provider, or refused by the "
                        + "receiving server as it was sent), by what it meant")
                .tag("verdict", verdict.name()).register(meters);
    }

    @Override
    public Optional<ReturnedMessage> process(byte[] raw, Instant receivedAt) {
        return process(key(raw), ReturnedMail.read(raw), subjectOf(raw), receivedAt);
    }

    /**
     * A hard bounce the receiving server said as the mail was sent, acted on as one mailed back: the delivery it names
     * is Dispatch's own, so its reader is known for sure.
     */
    @Override
    public void refused(String messageId, String status, String reply) {
        process("refused as sent: " + messageId, new Reading(Verdict.HARD_BOUNCE, status, reply, List.of(),
                List.of(messageId), List.of(), null, true), REFUSED_AS_SENT, Timestamps.now(clock));
    }

    @Override
    public Optional<ReturnedMessage> process(String key, Reading reading, String subject, Instant receivedAt) {
        try {
            Optional<ReturnedMessage> processed = transaction.execute(status -> processOnce(key, reading, subject,
                    receivedAt));
            processed.ifPresent(message -> verdicts(message.verdict()).increment());
            return processed;
        } catch (DuplicateKeyException raced) {
            // Another node recorded it first and has acted on it.
            return Optional.empty();
        }
    }

    private Optional<ReturnedMessage> processOnce(String key, Reading reading, String subject, Instant receivedAt) {
        Instant now = Timestamps.now(clock);
        Optional<Delivery> named = deliveryOf(reading);
        Optional<Subscriber> reader = reading.verdict() == Verdict.UNSUBSCRIBE
                ? subscriptions.readerOf(LinkPurpose.UNSUBSCRIBE, reading.token())
                : readerOf(named, reading, now);
        // Named by address alone, a bounce or complaint is about the last email the reader was sent.
        Optional<Delivery> delivery = named.isPresent() || reading.verdict() == Verdict.UNSUBSCRIBE ? named
                : reader.flatMap(found -> deliveries.lastSentBefore(found.id(), now, List.of()));
        Instant mailed = delivery.map(Delivery::sentAt).orElse(now);
        int inserted = jdbc.sql("""
                        insert into returned_mail (message_key, verdict, outcome, subscriber_id, delivery_id, status,
                                                   detail, subject, mailed_at, received_at, processed_at)
                        values (:key, :verdict, 'processing', :reader, :delivery, :status, :detail, :subject,
                                :mailed, :received, :now)
                        on conflict do nothing
                        """)
                .param("key", key)
                .param("verdict", reading.verdict().name())
                .param("reader", reader.map(Subscriber::id).orElse(null))
                .param("delivery", delivery.map(Delivery::id).orElse(null))
                .param("status", reading.status())
                .param("detail", masked(reading.detail(), 1000))
                .param("subject", masked(withoutToken(subject, reading.token()), 300))
                .param("mailed", Timestamps.utc(mailed))
                .param("received", Timestamps.utc(receivedAt))
                .param("now", Timestamps.utc(now))
                .update();
        if (inserted == 0) {
            return Optional.empty();
        }
        long id = jdbc.sql("select id from returned_mail where message_key = ?").param(key).query(Long.class)
                .single();
        String outcome = act(reading, reader, mailed);
        jdbc.sql("update returned_mail set outcome = ? where id = ?").params(outcome, id).update();
        return find(id);
    }

    /** The delivery the return path's tag names, else the one whose Message-ID came back. */
    private Optional<Delivery> deliveryOf(Reading reading) {
        return Stream.concat(
                        reading.addressedTo().stream().map(sender::tagOf).flatMap(Optional::stream)
                                .map(deliveries::findByReturnPathTag),
                        reading.messageIds().stream().map(deliveries::findByMessageId))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /**
     * The reader of the delivery, else, where the report's source vouches for it (an email service's signed event) or
     * an operator trusts reports that name only an address ({@code dispatch.bounces.trust-recipient}), the reader whose
     * address the report names, if Dispatch mailed them lately. Anyone can send the return path a report naming any
     * address, while only a bounce of Dispatch's own mail quotes a tag or Message-ID it gave, whose mark nobody else
     * can make; so an address alone counts only when vouched for or trusted, and only for a reader mailed within
     * {@link #RECIPIENT_ONLY_WITHIN}.
     */
    private Optional<Subscriber> readerOf(Optional<Delivery> delivery, Reading reading, Instant now) {
        if (delivery.isPresent()) {
            return Optional.ofNullable(delivery.get().to()).flatMap(this::readerAt);
        }
        if (reading.verdict() == Verdict.IGNORED || !addressAloneCounts(reading)) {
            return Optional.empty();
        }
        return reading.recipients().stream().map(this::readerAt).flatMap(Optional::stream)
                .filter(reader -> deliveries.lastSentBefore(reader.id(), now, List.of())
                        .filter(sent -> sent.sentAt().isAfter(now.minus(RECIPIENT_ONLY_WITHIN))).isPresent())
                .findFirst();
    }

    /** Whether a report that names a reader only by address may act: its source vouches for it, or the operator. */
    private boolean addressAloneCounts(Reading reading) {
        return reading.vouched() || settings.trustRecipient();
    }

    private Optional<Subscriber> readerAt(String address) {
        try {
            return subscribers.findByEmail(EmailAddress.of(address));
        } catch (InvalidInput notAnAddress) {
            return Optional.empty();
        }
    }

    private String act(Reading reading, Optional<Subscriber> found, Instant mailed) {
        if (reading.verdict() == Verdict.IGNORED) {
            return "nothing: " + reading.detail();
        }
        if (found.isEmpty()) {
            return reading.verdict() == Verdict.UNSUBSCRIBE ? "nothing: no reader has this unsubscribe link"
                    : !addressAloneCounts(reading) && !reading.recipients().isEmpty()
                    ? "nothing: it carries no tag nor Message-ID of ours, and an address alone is not trusted "
                    + "(anyone can write one); suppress it by hand if it is true"
                    : "nothing: no reader or delivery of ours is named";
        }
        Subscriber reader = found.get();
        String said = Stream.of(reading.status(), reading.detail()).filter(part -> part != null)
                .reduce((a, b) -> b.startsWith(a) ? b : a + " " + b).orElse("");
        return switch (reading.verdict()) {
            case HARD_BOUNCE -> suspend(reader, SuppressionReason.HARD_BOUNCE, "hard bounce: " + said);
            case SOFT_BOUNCE -> {
                int inARow = softBouncesInARow(reader, mailed);
                yield inARow >= settings.softLimit()
                        ? suspend(reader, SuppressionReason.SOFT_BOUNCES,
                        inARow + " soft bounces in a row, the last: " + said)
                        : "soft bounce " + inARow + " of " + settings.softLimit() + " in a row";
            }
            case COMPLAINT -> {
                leave(reader);
                // The address is suppressed for good: to a CRM that is a suspension, whose reason says why.
                webhooks.announce(EventType.SUBSCRIBER_SUSPENDED, reader.id(),
                        Webhooks.about(subscribers.find(reader.id()).orElse(reader), "complaint"));
                suppressions.add(reader.email(), SuppressionReason.COMPLAINT, "complaint: " + said);
                yield "unsubscribed and suppressed: the reader complained";
            }
            case BLOCKED -> "nothing: the mail was refused for what it is or who sent it, not for the address; see "
                    + "the Sending page's checklist";
            // A link of a subscription that ended (one a reader who came back had before) finds them gone already.
            case UNSUBSCRIBE -> reader.status() == SubscriberStatus.UNSUBSCRIBED
                    ? "nothing: the subscription of this link had ended already"
                    : subscriptions.unsubscribe(reading.token()).isPresent()
                    ? "unsubscribed by mail" : "nothing: no reader has this unsubscribe link";
            case IGNORED -> throw new IllegalStateException("handled above");
        };
    }

    private String suspend(Subscriber reader, SuppressionReason reason, String detail) {
        suppressions.add(reader.email(), reason, EmailAddress.masked(detail));
        if (reader.status() == SubscriberStatus.ACTIVE || reader.status() == SubscriberStatus.PENDING) {
            Subscriber suspended = subscribers.update(reader.suspend());
            outbox.cancelFor(reader.id());
            webhooks.announce(EventType.SUBSCRIBER_SUSPENDED, reader.id(), Webhooks.about(suspended, "bounce"));
            log.info("Suspended reader {} and suppressed the address: {}", reader.id(), reason);
            return "suspended and suppressed";
        }
        return "suppressed (the reader was " + reader.status() + " already)";
    }

    private void leave(Subscriber reader) {
        if (reader.status() != SubscriberStatus.UNSUBSCRIBED) {
            subscribers.update(reader.unsubscribe());
            outbox.cancelFor(reader.id());
        }
    }

    /**
     * The reader's soft bounces of the run of emails the one that bounced now belongs to: those sent between the
     * last email before it and the first after it that reached them (sent, and not come back). Bounces arrive late
     * and out of order, so an email sent after this one may yet bounce: then its own bounce counts the whole run.
     */
    private int softBouncesInARow(Subscriber reader, Instant bouncedMailedAt) {
        List<Long> cameBack = jdbc.sql("""
                        select delivery_id from returned_mail
                         where subscriber_id = ? and delivery_id is not null
                           and verdict in ('HARD_BOUNCE', 'SOFT_BOUNCE', 'COMPLAINT')
                        """)
                .param(reader.id())
                .query(Long.class)
                .list();
        Instant since = deliveries.lastSentBefore(reader.id(), bouncedMailedAt, cameBack).map(Delivery::sentAt)
                .orElse(Instant.EPOCH);
        Optional<Instant> until = deliveries.firstSentAfter(reader.id(), bouncedMailedAt, cameBack)
                .map(Delivery::sentAt);
        // By email: a relay and the final server may each report the same one.
        return jdbc.sql("""
                        select count(distinct coalesce(delivery_id, -id)) from returned_mail
                         where subscriber_id = :reader and verdict = 'SOFT_BOUNCE' and mailed_at > :since
                        """ + (until.isPresent() ? " and mailed_at < :until" : ""))
                .param("reader", reader.id())
                .param("since", Timestamps.utc(since))
                .params(until.map(at -> Map.<String, Object>of("until", Timestamps.utc(at))).orElse(Map.of()))
                .query(Integer.class)
                .single();
    }

    @Override
    public Optional<ReturnedMessage> recorded(byte[] raw) {
        return jdbc.sql(COLUMNS + " where message_key = ?").param(key(raw)).query(BounceDesk::returned).optional();
    }

    @Override
    public Page<ReturnedMessage> list(Optional<Verdict> verdict, PageRequest page) {
        String where = verdict.isPresent() ? " where verdict = :verdict" : "";
        JdbcClient.StatementSpec items = jdbc.sql(COLUMNS + where + " order by id desc limit :limit offset :offset");
        JdbcClient.StatementSpec total = jdbc.sql("select count(*) from returned_mail" + where);
        if (verdict.isPresent()) {
            items = items.param("verdict", verdict.get().name());
            total = total.param("verdict", verdict.get().name());
        }
        return Page.of(items.param("limit", page.size()).param("offset", page.offset())
                .query(BounceDesk::returned).list(), page, total.query(Long.class).single());
    }

    @Override
    public List<ReturnedMessage> historyOf(long subscriberId) {
        return about(subscriberId, " and verdict <> 'IGNORED' order by id desc limit 100");
    }

    @Override
    public List<ReturnedMessage> allAbout(long subscriberId) {
        return about(subscriberId, " order by id desc");
    }

    private List<ReturnedMessage> about(long subscriberId, String rest) {
        return jdbc.sql(COLUMNS + " where subscriber_id = ?" + rest)
                .param(subscriberId)
                .query(BounceDesk::returned)
                .list();
    }

    @Override
    public List<Rate> rates(Instant now) {
        // A history kept less than 30 days holds less sent mail than 30 days' returns are measured against.
        int longest = (int) Math.min(30, keptHistory.toDays());
        return Stream.of(7, longest).map(days -> {
            Instant since = now.minus(Duration.ofDays(days));
            return jdbc.sql("""
                            select count(case when verdict = 'HARD_BOUNCE' then 1 end) as bounces,
                                   count(case when verdict = 'COMPLAINT' then 1 end) as complaints
                              from returned_mail
                             where processed_at >= ?
                            """)
                    .param(Timestamps.utc(since))
                    .query((rs, row) -> new Rate(days, deliveries.countSent(since), rs.getLong("bounces"),
                            rs.getLong("complaints")))
                    .single();
        }).toList();
    }

    private Optional<ReturnedMessage> find(long id) {
        return jdbc.sql(COLUMNS + " where id = ?").param(id).query(BounceDesk::returned).optional();
    }

    /** The Message-ID the message carries, else the hash of its bytes: the same message gives the same key. */
    static String key(byte[] raw) {
        try {
            String id = new InternetHeaders(new ByteArrayInputStream(raw), true).getHeader("Message-ID", null);
            if (id != null && !id.isBlank() && id.strip().length() <= 400) {
                return id.strip();
            }
        } catch (MessagingException | RuntimeException unreadable) {
            // Hashed below.
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String subjectOf(byte[] raw) {
        try {
            // Raw UTF-8, as SMTPUTF8 mail and many auto-replies write it, rather than bytes read one a character.
            String subject = new InternetHeaders(new ByteArrayInputStream(raw), true).getHeader("Subject", " ");
            return subject == null ? null : MimeUtility.decodeText(subject);
        } catch (MessagingException | UnsupportedEncodingException | RuntimeException unreadable) {
            return null;
        }
    }

    /** A mailto unsubscribe's subject names the reader's link token, which is kept only as its hash. */
    private static String withoutToken(String subject, String token) {
        return subject == null || token == null ? subject : subject.replace(token, "…");
    }

    /** Shortened before masking too: masking reads the whole text, which can be as long as a hostile header. */
    private static String masked(String text, int max) {
        return shorten(EmailAddress.masked(shorten(text, max)), max);
    }

    private static String shorten(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private static ReturnedMessage returned(ResultSet rs, int row) throws SQLException {
        long reader = rs.getLong("subscriber_id");
        Long subscriberId = rs.wasNull() ? null : reader;
        long delivery = rs.getLong("delivery_id");
        Long deliveryId = rs.wasNull() ? null : delivery;
        return new ReturnedMessage(rs.getLong("id"), rs.getString("message_key"), Verdict.valueOf(rs.getString("verdict")),
                rs.getString("outcome"), subscriberId, deliveryId, rs.getString("status"), rs.getString("detail"),
                rs.getString("subject"), Timestamps.read(rs, "received_at"), Timestamps.read(rs, "processed_at"));
    }
}
