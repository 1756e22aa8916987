package news.dispatch.core.subscriber;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;

/** The readers Dispatch knows, whatever their status. */
public interface Subscribers {

    /**
     * Stores a new reader.
     *
     * @throws DuplicateSubscriber when the address (in any case) is already known
     */
    Subscriber add(EmailAddress email, Preferences preferences, SubscriberStatus status);

    /**
     * Stores a reader restored from elsewhere (an export imported back), with when they signed up and confirmed there.
     *
     * @param createdAt   when they signed up
     * @param confirmedAt when they confirmed, or {@code null} for a reader who never did
     * @throws DuplicateSubscriber when the address (in any case) is already known
     */
    Subscriber restore(EmailAddress email, Preferences preferences, SubscriberStatus status, Instant createdAt,
                       Instant confirmedAt);

    Optional<Subscriber> find(long id);

    /** The readers with these ids that still exist, in no particular order. */
    List<Subscriber> findAll(Collection<Long> ids);

    Optional<Subscriber> findByEmail(EmailAddress email);

    /** The reader a preference or unsubscribe link stands for, while that link is not revoked. */
    Optional<Subscriber> findByLink(LinkPurpose purpose, String token);

    /** The token for a reader's link of the given purpose, as it goes into an email. */
    String linkToken(Subscriber subscriber, LinkPurpose purpose);

    /** Stores the reader's status, preferences and link generation as they are now. */
    Subscriber update(Subscriber subscriber);

    Map<SubscriberStatus, Long> countByStatus();

    /**
     * Deletes the readers still PENDING whose last sign-up was before the instant: they never confirmed, so
     * Dispatch has no reason to keep their address. Their confirmation links go with them. Announces
     * {@link ReadersForgotten} when any were.
     *
     * @return how many were deleted
     */
    int deleteUnconfirmed(Instant signedUpBefore);

    /**
     * Up to {@code limit} readers who unsubscribed before the instant (by their last change), oldest first: those
     * housekeeping erases once their consent need not be kept.
     */
    List<Long> departedBefore(Instant leftBefore, int limit);

    /**
     * A page of the readers the query picks, with their tags. Three statements whatever the page's size: the page,
     * the tags of its readers, the total.
     */
    Page<Subscriber> search(SubscriberQuery query, PageRequest page);

    /**
     * Up to {@code limit} of the readers the query picks whose id is above {@code afterId}, by id (the query's order
     * is ignored): walks every reader in batches, however many there are, without counting or skipping.
     */
    List<Subscriber> listAfter(SubscriberQuery query, long afterId, int limit);

    /**
     * Erases a reader: the row with their address, and by cascade the tags they follow and their confirmation
     * links; a tag they followed that nothing else uses any more goes too. Only an anonymous count of erasures is
     * kept. Mail records that name them are the outbox's to clear,
     * before this is called. The address leaves the suppression list too. Announces {@link ReadersForgotten}.
     *
     * @return whether there was such a reader
     */
    boolean erase(long id);

    /** How many readers were erased, ever. */
    long countErased();
}
