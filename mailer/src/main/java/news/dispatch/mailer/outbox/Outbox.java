package news.dispatch.mailer.outbox;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.Subscriber;

/**
 * Mail waiting to go out. Queueing joins the caller's transaction, so the mail exists exactly when the change
 * that causes it is committed; workers send it after commit, never inside it.
 */
public interface Outbox {

    void queueConfirmation(Subscriber reader, String token);

    void queueNotice(Subscriber reader, Notice notice);

    /** Queues the story as an alert to the reader, unless they already have it as one. */
    void queueAlert(Subscriber reader, long articleId);

    /**
     * Queues digests in one batch, each unless its reader already has a digest queued for its period.
     *
     * @return how many were queued
     */
    int queueDigests(Collection<DigestOrder> digests);

    /** How many notices of this kind were queued to the reader since the instant, sent or not. */
    int countNotices(long subscriberId, Notice notice, Instant since);

    /** Drops every open delivery to the reader except confirmations: they left, or were suspended. */
    int cancelFor(long subscriberId);

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

    Page<Delivery> list(Optional<DeliveryStatus> status, Optional<DeliveryKind> kind, PageRequest request);

    Optional<Delivery> find(long id);

    /** Every delivery made or queued to the reader, newest first: part of the data a reader may download. */
    List<Delivery> listFor(long subscriberId);

    /** Puts a FAILED delivery back in the queue. */
    boolean retry(long id);

    Map<DeliveryStatus, Long> countByStatus();

    /**
     * How many deliveries were sent in each hour from {@code since} on, by the start of the hour (UTC); hours in
     * which nothing was sent are left out. One grouped query.
     */
    SortedMap<Instant, Long> sentPerHour(Instant since);

    /**
     * The digests and alerts going out now, one entry per kind that has open deliveries: how many of those queued
     * since {@code recently}, or since the oldest open one if that is earlier, are finished. A run queues its mail
     * within moments, so this follows the runs under way; no entry for a kind with nothing open.
     */
    List<Progress> progress(Instant recently);

    /**
     * Wakes this node's idle delivery workers once the current transaction commits (at once without one), for mail
     * that a set-based statement outside the outbox queued, such as an alert's fan-out. Without it the workers find
     * such mail at their next poll.
     */
    void ringAfterCommit();

    /**
     * The {@code content} of an {@link DeliveryKind#ALERT} delivery of the article, as the workers read it, for
     * statements that queue alerts set-based.
     */
    static String alertContent(long articleId) {
        return Content.of("article", String.valueOf(articleId)).stored();
    }

    /**
     * The {@code period} of an {@link DeliveryKind#ALERT} delivery of the article: a reader gets each story as an
     * alert once, held by the same key that holds them to one digest per period.
     */
    static String alertPeriod(long articleId) {
        return "ALERT " + articleId;
    }

    /**
     * One reader's digest: which stories, newest first, and how many more matched than it holds. A reader gets one
     * digest per period (e.g. {@code DAILY 2025-11-27}, or a manual run's {@code RUN <id>}), as the database holds
     * it to.
     */
    record DigestOrder(long subscriberId, String recipient, String period, List<Long> articleIds, int more) {

        public DigestOrder {
            articleIds = List.copyOf(articleIds);
        }
    }
}
