package news.dispatch.mailer.outbox;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
     * Queues digests in one batch.
     *
     * @return how many were queued
     */
    int queueDigests(Collection<DigestOrder> digests);

    /** Drops every open delivery to the reader except confirmations: they left, or were suspended. */
    int cancelFor(long subscriberId);

    Page<Delivery> list(Optional<DeliveryStatus> status, Optional<DeliveryKind> kind, PageRequest request);

    Optional<Delivery> find(long id);

    /** Every delivery made or queued to the reader, newest first: part of the data a reader may download. */
    List<Delivery> listFor(long subscriberId);

    /** Puts a FAILED delivery back in the queue. */
    boolean retry(long id);

    Map<DeliveryStatus, Long> countByStatus();

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

    /** One reader's digest: which stories, newest first, and how many more matched than it holds. */
    record DigestOrder(long subscriberId, String recipient, List<Long> articleIds, int more) {

        public DigestOrder {
            articleIds = List.copyOf(articleIds);
        }
    }
}
