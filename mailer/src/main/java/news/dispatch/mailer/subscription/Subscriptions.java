package news.dispatch.mailer.subscription;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Consent;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.mailer.outbox.Delivery;

/**
 * What readers do without an account: sign up, confirm by email, change their preferences, leave. Each call is one
 * transaction, and the mail it causes is queued in that transaction (sent after commit).
 */
public interface Subscriptions {

    /**
     * Signs an address up for the tags. Answers nothing, on purpose: whether the address was known must not show.
     * A new address, or one that left, is PENDING and mailed a confirmation link (one that left gets new preference
     * and unsubscribe links: the old ones stop working); a PENDING one is mailed a fresh link with the new
     * preferences, and its earlier links stop working (at most {@link ReaderSettings#confirmationsPerHour()} an
     * hour); an ACTIVE one is mailed its preferences link and keeps its preferences; a suspended one, or an address on
     * the suppression list, is sent nothing.
     * However often an address is signed up, it gets at most {@link ReaderSettings#confirmationsPerDay()} of these
     * emails a day.
     */
    void signUp(EmailAddress email, Preferences preferences);

    /**
     * An admin adds a new address that has yet to agree: the reader is PENDING and mailed a confirmation link, as
     * after a sign-up. Joins the caller's transaction.
     *
     * @throws news.dispatch.core.subscriber.DuplicateSubscriber when the address is known already
     */
    Subscriber invite(EmailAddress email, Preferences preferences);

    /**
     * The reader a confirmation link stands for while it can be shown: PENDING with the link unused (the page asks
     * for the click), or ACTIVE already. Never confirms.
     */
    Optional<Subscriber> confirmationFor(String token);

    /**
     * Confirms the sign-up the link stands for, makes the reader ACTIVE and mails the welcome. Using a link again,
     * while the reader stays ACTIVE, answers the same and sends nothing.
     *
     * @return the ACTIVE reader; empty when the link is unknown, expired, or can no longer confirm
     */
    Optional<Subscriber> confirm(String token);

    /**
     * Confirms as {@link #confirm(String)} does, and records the reader's consent: their preferences in words, now,
     * through {@code source}, with a hash of the client's address.
     */
    Optional<Subscriber> confirm(String token, Consent.Source source, String clientAddress);

    /** The reader a preferences or unsubscribe link stands for, whatever their status. */
    Optional<Subscriber> readerOf(LinkPurpose purpose, String token);

    /**
     * Changes the preferences of the reader a preferences link stands for; their status stays. A change that
     * throws stores nothing.
     *
     * @throws news.dispatch.core.subscriber.TransitionNotAllowed when the reader unsubscribed: they come back by
     *                                                            signing up again, which asks for a confirmation
     */
    Optional<Subscriber> changePreferences(String token, UnaryOperator<Preferences> change);

    /**
     * Unsubscribes the reader an unsubscribe link stands for at once and drops their queued digests, alerts and
     * notices. Repeating it is harmless.
     */
    Optional<Subscriber> unsubscribe(String token);

    /** Everything Dispatch holds about the reader a preferences link stands for. */
    Optional<PersonalData> personalData(String token);

    /** A reader and every delivery made or queued to them, newest first. */
    record PersonalData(Subscriber reader, List<Delivery> deliveries, Consent consent) {

        public PersonalData {
            deliveries = List.copyOf(deliveries);
        }
    }
}
