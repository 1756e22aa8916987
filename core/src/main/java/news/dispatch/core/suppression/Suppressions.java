package news.dispatch.core.suppression;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.EmailAddress;

/**
 * The addresses that get no email of any kind, whatever queues it. An address is one entry in any spelling (as
 * {@link EmailAddress#key()} holds it); the first reason it was suppressed for stays until it is lifted.
 */
public interface Suppressions {

    /**
     * Puts the address on the list, unless it is there already. Joins the caller's transaction.
     *
     * @return whether it was added now
     */
    boolean add(EmailAddress email, SuppressionReason reason, String detail);

    /** Takes the address off the list; answers whether it was on it. */
    boolean lift(EmailAddress email);

    Optional<Suppression> find(EmailAddress email);

    default boolean suppressed(EmailAddress email) {
        return find(email).isPresent();
    }

    /** Which of the addresses (any spelling) are suppressed, as their lower-cased keys: one query for a batch. */
    Set<String> suppressedAmong(Collection<String> addresses);

    /** Newest first; {@code search}, when not blank, is a part of the address. */
    Page<Suppression> list(String search, PageRequest page);

    /** How many addresses are on the list for each reason (reasons with none are left out). */
    Map<SuppressionReason, Long> countByReason();
}
