package news.dispatch.mailer.outbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Subscriber;

/**
 * Mail waiting to go out: the only way into the {@code delivery} table. Queueing joins the caller's transaction, so
 * the mail exists exactly when the change that causes it is committed; workers send it after commit, never inside
 * it, and each queueing call wakes this node's idle workers once it commits. {@link Deliveries} reads what it holds.
 */
public interface Outbox {

    /**
     * Whether mail that the SMTP server accepted may be missing from a stopped node's embedded H2 database, still in
     * the journal beside its file ({@code dispatch.sent}): its next start records it. False for any other database.
     *
     * @param datasourceUrl the node's {@code spring.datasource.url}
     */
    static boolean unrecordedMailBeside(String datasourceUrl) throws IOException {
        Optional<Path> journal = SentJournal.besideUrl(datasourceUrl);
        return journal.isPresent() && SentJournal.holdsUnrecorded(journal.get());
    }

    void queueConfirmation(Subscriber reader, String token);

    void queueNotice(Subscriber reader, Notice notice);

    /**
     * Queues a notice about a story (a {@link Notice#CORRECTION}, say) to every reader the {@code audience} selects,
     * in one {@code insert … select}; {@code values} are what the notice names ({@code correction=<id>}).
     *
     * @return how many were queued
     */
    int queueNotices(Notice notice, Map<String, String> values, Audience audience);

    /**
     * Copies into a table of the caller's, in one statement, each active reader of the story, by digest or alert, whom
     * {@code sent} takes, each once; a reader the table has already is left as they are ({@code on conflict do
     * nothing}). An erased reader is nobody's.
     *
     * @return how many readers were copied
     */
    int copyReadersOf(long articleId, Sent sent, Copy copy);

    /**
     * Owes the follow-up to each active reader of the story's alert who was not sent it, by digest or alert: who was
     * sent a story when its follow-up was published is owed that, and the alert's readers are sent the story only now.
     *
     * @return how many readers it was owed to
     */
    int oweToAlerted(long articleId, long followUp);

    /** How many readers {@link #copyReadersOf} would copy into an empty table now. */
    int countReadersOf(long articleId, Sent sent);

    /** Queues the story as an alert to the reader, unless they already have it as one. */
    void queueAlert(Subscriber reader, long articleId);

    /**
     * Queues the story as an alert to every reader the {@code audience} selects, in one {@code insert … select}, each
     * due when its row says; a reader who has the story as an alert already, or had it in a digest, is skipped: one
     * story, one email.
     *
     * @return how many were queued
     */
    int queueAlerts(long articleId, Instant now, Audience audience);

    /** The readers the {@code audience} selects who had the story in a digest: an alert skips them. */
    Set<Long> hadInDigest(long articleId, Audience audience);

    /**
     * Queues digests in one batch, each unless its reader already has a digest queued for its period.
     *
     * @return how many were queued
     */
    int queueDigests(Collection<DigestOrder> digests);

    /**
     * Copies into a table of the caller's, in one statement, each reader who has at least {@code atLeast} of the
     * stories' alerts queued within a span of time of their own.
     *
     * @return how many readers were copied
     */
    int copyAlerted(Collection<Long> articleIds, int atLeast, AlertSpans spans);

    /** Drops every open delivery to the reader except confirmations: they left, or were suspended. */
    int cancelFor(long subscriberId);

    /**
     * Drops the digests and alerts queued to a reader who has just paused their mail, as {@link #cancelFor} drops all
     * of a reader's who left: a pause means no digest and no alert until it ends. Notices and confirmations stay. Call
     * it in the transaction that starts the pause.
     *
     * @return how many deliveries were dropped
     */
    int holdFor(long subscriberId);

    /**
     * Forgets who the reader's deliveries went to, because their data is being erased: the address leaves every
     * delivery made or queued to them (and any error message that quoted it), open ones are dropped, and a
     * confirmation's token goes. The rows stay, without the address, so the counts of mail sent still add up. Call it
     * in the transaction that erases the reader, before the reader's row is deleted and again after it, for mail
     * queued to them meanwhile.
     *
     * @return how many deliveries named the reader
     */
    int forget(Subscriber reader);

    /**
     * Forgets, as {@link #forget} does, the address on every delivery whose reader is gone: deleted because they never
     * confirmed, say. A delivery without a reader never keeps an address.
     *
     * @return how many deliveries named a reader who is gone
     */
    int forgetDeparted();

    /**
     * Deletes the history of mail that is done with, {@code SENT} or {@code FAILED}, created before the instant; mail
     * still to go is never touched. A range of ids at a time, each its own short transaction, so the workers keep
     * sending meanwhile.
     *
     * @return how many deliveries were deleted
     */
    int pruneFinished(Instant createdBefore);

    /** Puts a FAILED delivery back in the queue. */
    boolean retry(long id);

    /**
     * One reader's digest: which stories, newest first, how many more matched than it holds, and the rhythm whose run
     * it is (a tag's own, or the reader's frequency; {@code null}: the reader's frequency when it is written). A
     * reader gets one digest per period, as the database holds it to.
     */
    record DigestOrder(long subscriberId, String recipient, DeliveryPeriod period, List<Long> articleIds, int more,
                       Frequency rhythm, List<Long> corrections, List<Long> followUps, List<String> retired) {

        /**
         * @param corrections the corrections the digest carries at its top
         * @param followUps those of {@code articleIds} it carries because the reader read the story they follow
         * @param retired the keys of the retired tags the reader followed, whose notice the digest carries
         */
        public DigestOrder {
            articleIds = List.copyOf(articleIds);
            corrections = List.copyOf(corrections);
            followUps = List.copyOf(followUps);
            retired = List.copyOf(retired);
        }

        /** A digest with corrections and follow-ups, and no notice of a retired tag. */
        public DigestOrder(long subscriberId, String recipient, DeliveryPeriod period, List<Long> articleIds,
                           int more, Frequency rhythm, List<Long> corrections, List<Long> followUps) {
            this(subscriberId, recipient, period, articleIds, more, rhythm, corrections, followUps, List.of());
        }

        /** A digest of stories only. */
        public DigestOrder(long subscriberId, String recipient, DeliveryPeriod period, List<Long> articleIds,
                           int more, Frequency rhythm) {
            this(subscriberId, recipient, period, articleIds, more, rhythm, List.of(), List.of());
        }

        /** A digest of stories only, of the reader's own frequency. */
        public DigestOrder(long subscriberId, String recipient, DeliveryPeriod period, List<Long> articleIds,
                           int more) {
            this(subscriberId, recipient, period, articleIds, more, null);
        }
    }

    /** Which of a story's deliveries {@link #copyReadersOf} counts as the story sent to their reader. */
    enum Sent {

        /**
         * Sent, or in a worker's hands: an email written from now on says the story as it stands (its corrections
         * under it), and one claimed may have been written already.
         */
        OR_BEING_SENT,

        /** Any that has not failed, queued ones too: what a queued digest carries was chosen when it was queued. */
        OR_QUEUED
    }

    /**
     * Where {@link #copyReadersOf} writes: {@code into} is the caller's table and its columns, the reader's id last
     * ({@code correction_owed (correction_id, subscriber_id)}); {@code values} the values of the others, typed
     * ({@code cast(:correction as bigint)}); {@code params} binds their named parameters.
     */
    record Copy(String into, String values, Map<String, Object> params) {

        public Copy {
            params = Map.copyOf(params);
        }
    }

    /**
     * Readers selected in SQL of the caller's, for a set-based statement of the outbox: {@code from} is a
     * {@code from … where …} clause in which {@code s} is the reader's {@code subscriber} row, each reader at most
     * once; {@code dueAt} is the expression of that clause for when the reader's mail is due; {@code params} binds
     * the clause's named parameters.
     */
    record Audience(String from, String dueAt, Map<String, Object> params) {

        public Audience {
            params = Map.copyOf(params);
        }
    }

    /**
     * Where {@link #copyAlerted} writes and how it finds each reader's span: {@code into} is the caller's table and
     * its columns, the reader's id last ({@code alert_capped (fan_out, subscriber_id)}); {@code values} the values of
     * the others ({@code :fanOut}); {@code join} joins the reader of each alert, {@code d.subscriber_id}, to the
     * tables that hold their span, whose bounds are the expressions {@code from} (inclusive) and {@code until}
     * (exclusive); {@code params} binds the named parameters of all these.
     */
    record AlertSpans(String into, String values, String join, String from, String until,
                      Map<String, Object> params) {

        public AlertSpans {
            params = Map.copyOf(params);
        }
    }
}
