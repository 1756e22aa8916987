package news.dispatch.mailer.outbox;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;

/**
 * The outbox's read side: the mail queued and sent, as admins, the dashboard, readers and the mail's own producers
 * see it. Reads only; {@link Outbox} changes it.
 */
public interface Deliveries {

    Page<Delivery> list(Optional<DeliveryStatus> status, Optional<DeliveryKind> kind, PageRequest request);

    Optional<Delivery> find(long id);

    /**
     * The delivery a message went out as, found by the {@code Message-ID} it carried (angle brackets and all, as a
     * bounce or complaint quotes it); empty when the id is not one this outbox gave, or names no delivery.
     */
    Optional<Delivery> findByMessageId(String messageId);

    /**
     * The delivery whose return path carried this {@code +tag} (see {@code SenderIdentity#tagOf}), as a bounce
     * addressed to that return path names it; empty when the tag is not one this outbox gave.
     */
    Optional<Delivery> findByReturnPathTag(String tag);

    /** Every delivery made or queued to the reader, newest first: part of the data a reader may download. */
    List<Delivery> listFor(long subscriberId);

    /** How many notices of this kind were queued to the reader since the instant, sent or not. */
    int countNotices(long subscriberId, Notice notice, Instant since);

    /**
     * For each reader with an id from {@code firstReader} to {@code lastReader} who has some of the stories as an
     * alert (queued, whenever it is due), those stories: one range read per story.
     */
    Map<Long, List<Long>> alertedTo(long firstReader, long lastReader, Collection<Long> articleIds);

    /**
     * As {@link #alertedTo}, the alerts not sent yet: queued (waiting for the end of the reader's quiet hours, or for
     * a worker) or to be tried again.
     */
    Map<Long, List<Long>> alertsWaiting(long firstReader, long lastReader, Collection<Long> articleIds);

    /**
     * For each of the readers who was queued digests after the instant, the stories those digests list (not those
     * they only count as "and N more"): what a reader whose tags go at several rhythms already has. One read by reader.
     */
    Map<Long, List<Long>> digestedTo(Collection<Long> readers, Instant since);

    Map<DeliveryStatus, Long> countByStatus();

    /**
     * How many deliveries were sent in each hour from {@code since} on, by the start of the hour (UTC); hours in
     * which nothing was sent are left out. The hours that ended a while ago are read once and kept.
     */
    SortedMap<Instant, Long> sentPerHour(Instant since);

    /**
     * The digests and alerts going out now, one entry per period (a send) that has open deliveries, oldest first:
     * how many of its deliveries are finished. Nothing for a send that is done.
     */
    List<Progress> progress();

    /** The outbox's counts by status and the sends going out now, read at one instant, so they always agree. */
    Outgoing outgoing();

    /** What {@link #outgoing} read. */
    /**
     * @param byStatus  the outbox's deliveries by status, the kept history's finished ones among them
     * @param sentEver  mail sent since the database began, pruned history included
     * @param goingOut  the digests and alerts going out now
     */
    record Outgoing(Map<DeliveryStatus, Long> byStatus, long sentEver, List<Progress> goingOut) {

        public Outgoing {
            byStatus = Map.copyOf(byStatus);
            goingOut = List.copyOf(goingOut);
        }
    }

    /** Mail sent since the database began: the history's and what housekeeping pruned from it. */
    long countSentEver();

    /** How many deliveries were sent from the instant on: what bounce and complaint rates are measured against. */
    long countSent(Instant since);

    /**
     * The email last sent to the reader before the instant, other than the deliveries given (those that came back);
     * empty when none.
     */
    Optional<Delivery> lastSentBefore(long subscriberId, Instant before, Collection<Long> except);

    /**
     * The email first sent to the reader after the instant, other than the deliveries given (those that came back);
     * empty when none.
     */
    Optional<Delivery> firstSentAfter(long subscriberId, Instant after, Collection<Long> except);
}
