package news.dispatch.core.subscriber;

import java.time.Instant;
import java.util.Optional;

/**
 * The links that confirm a sign-up. A token is 256 random bits that goes into one email; only its SHA-256 is
 * stored. A link works until it expires or a newer one is issued, and confirms at most once: using it spends every
 * open link of its reader.
 */
public interface Confirmations {

    /**
     * Makes a new link for the reader, and spends the links they were given before: a link confirms the choices the
     * reader had when it was made, and only the newest one does.
     *
     * @return the token to mail; it cannot be read back later
     */
    String issue(Subscriber reader, Instant now, Instant expiresAt);

    /** How many links the reader was given since the instant, spent or not (resends are capped). */
    int issuedSince(Subscriber reader, Instant since);

    /** Whom an unexpired link stands for, and whether it was used already. Unknown or expired: empty. */
    Optional<Confirmation> find(String token, Instant now);

    /**
     * Uses an unexpired link: it and every other open link of its reader are spent. The answer says whether it was
     * spent already before this call; of two calls racing with one token, exactly one sees it unspent.
     */
    Optional<Confirmation> redeem(String token, Instant now);

    /** Deletes the links that expired before the instant, spent or not. */
    int deleteExpired(Instant now);

    /**
     * A confirmation link as found.
     *
     * @param subscriberId the reader who signed up
     * @param spent        whether the link was used before (it can no longer confirm anyone)
     * @param present      whether it was given for the reader's present sign-up, not for one they confirmed before
     *                     leaving and signing up again
     */
    record Confirmation(long subscriberId, boolean spent, boolean present) {
    }
}
