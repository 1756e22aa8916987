package news.dispatch.mailer.subscription;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

import news.dispatch.core.jdbc.Timestamps;
import news.dispatch.core.jdbc.TriedAgainWhenBusy;
import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.link.LinkSettings;
import news.dispatch.core.link.LinkTokens;
import news.dispatch.core.subscriber.Confirmations.Confirmation;
import news.dispatch.core.subscriber.Confirmations;
import news.dispatch.core.subscriber.Consent;
import news.dispatch.core.subscriber.Consents;
import news.dispatch.core.subscriber.DuplicateSubscriber;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.subscriber.TransitionNotAllowed;
import news.dispatch.core.suppression.Suppressions;
import news.dispatch.mailer.letter.Letters;
import news.dispatch.mailer.outbox.Deliveries;
import news.dispatch.mailer.outbox.Notice;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.mailer.webhook.EventType;
import news.dispatch.mailer.webhook.Webhooks;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Subscriptions by double opt-in: nobody gets digests until they clicked the link mailed to their address. */
@Service
@EnableConfigurationProperties(ReaderSettings.class)
class DoubleOptIn implements Subscriptions {

    private static final Duration RESEND_PERIOD = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);
    private static final String UNSUBSCRIBED_PREFERENCES = "You have unsubscribed, so nothing was changed. Subscribe "
            + "again (and confirm by email) to choose what you get.";

    private final Subscribers subscribers;
    private final Confirmations confirmations;
    private final Consents consents;
    private final Outbox outbox;
    private final Deliveries deliveries;
    private final ReaderSettings settings;
    private final Suppressions suppressions;
    private final Duration confirmationTtl;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Webhooks webhooks;
    private final LinkTokens tokens;

    DoubleOptIn(Subscribers subscribers, Confirmations confirmations, Consents consents, Outbox outbox,
                Deliveries deliveries, ReaderSettings settings, Suppressions suppressions, LinkSettings links,
                TransactionTemplate transaction, Clock clock, Webhooks webhooks, LinkTokens tokens) {
        this.webhooks = webhooks;
        this.tokens = tokens;
        this.subscribers = subscribers;
        this.confirmations = confirmations;
        this.consents = consents;
        this.outbox = outbox;
        this.deliveries = deliveries;
        this.settings = settings;
        this.suppressions = suppressions;
        this.confirmationTtl = links.confirmationTtl();
        this.transaction = transaction;
        this.clock = clock;
    }

    @Override
    @TriedAgainWhenBusy
    public void signUp(EmailAddress email, Preferences preferences) {
        try {
            transaction.executeWithoutResult(status -> signUpOnce(email, preferences, status));
        } catch (DuplicateSubscriber raced) {
            // Two sign-ups of one new address met; the other one stored it first. This transaction is gone (on
            // PostgreSQL a failed insert spoils it), so answer afresh as a sign-up of a known address.
            transaction.executeWithoutResult(status -> signUpOnce(email, preferences, status));
        }
    }

    private void signUpOnce(EmailAddress email, Preferences preferences, TransactionStatus transactionStatus) {
        // The address bounced, complained or was barred: nothing is stored or sent, and the answer is the same.
        if (suppressions.suppressed(email)) {
            return;
        }
        Optional<Subscriber> known = subscribers.findByEmail(email);
        if (known.isEmpty()) {
            sendConfirmation(subscribers.add(email, preferences, SubscriberStatus.PENDING));
            return;
        }
        Subscriber reader = known.get();
        Instant now = Timestamps.now(clock);
        switch (reader.status()) {
            case PENDING -> {
                // Storing the new preferences first locks the reader's row, so sign-ups racing for one address
                // count each other's links. Past either cap, nothing changes and nothing is sent.
                Subscriber renewed = subscribers.update(reader.withPreferences(preferences));
                if (confirmations.issuedSince(reader, now.minus(RESEND_PERIOD)) < settings.confirmationsPerHour()
                        && mailedToday(reader, now) < settings.confirmationsPerDay()) {
                    sendConfirmation(renewed);
                } else {
                    transactionStatus.setRollbackOnly();
                }
            }
            case ACTIVE -> {
                if (mailedToday(reader, now) < settings.confirmationsPerDay()) {
                    outbox.queueNotice(reader, Notice.PREFERENCES_LINK);
                }
            }
            case UNSUBSCRIBED -> {
                if (mailedToday(reader, now) < settings.confirmationsPerDay()) {
                    sendConfirmation(subscribers.update(reader.rejoin(preferences)));
                }
            }
            // An admin stopped mail to this address; signing up again must not get around that.
            case SUSPENDED -> {
            }
        }
    }

    /** The emails sign-ups caused the reader in the last 24 hours: confirmation links and preferences reminders. */
    private int mailedToday(Subscriber reader, Instant now) {
        Instant since = now.minus(DAY);
        return confirmations.issuedSince(reader, since) + deliveries.countNotices(reader.id(), Notice.PREFERENCES_LINK,
                since);
    }

    @Override
    @Transactional
    public Subscriber invite(EmailAddress email, Preferences preferences) {
        Subscriber invited = subscribers.add(email, preferences, SubscriberStatus.PENDING);
        sendConfirmation(invited);
        return invited;
    }

    private void sendConfirmation(Subscriber reader) {
        Instant now = Timestamps.now(clock);
        outbox.queueConfirmation(reader, confirmations.issue(reader, now, now.plus(confirmationTtl)));
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Subscriber> confirmationFor(String token) {
        return confirmations.find(token, Timestamps.now(clock)).flatMap(this::showable);
    }

    @Override
    @TriedAgainWhenBusy
    @Transactional
    public Optional<Subscriber> confirm(String token) {
        return confirm(token, Consent.Source.API, null);
    }

    @Override
    @TriedAgainWhenBusy
    @Transactional
    public Optional<Subscriber> confirm(String token, Consent.Source source, String clientAddress) {
        Instant now = Timestamps.now(clock);
        Optional<Confirmation> redeemed = confirmations.redeem(token, now);
        return redeemed.flatMap(this::showable).map(reader -> {
            if (reader.status() != SubscriberStatus.PENDING) {
                return reader;
            }
            Subscriber active = subscribers.update(reader.confirm(now));
            consents.record(active.id(), new Consent(now, source, Letters.consentText(active.preferences()),
                    clientAddress == null ? null : tokens.pseudonym(clientAddress), null));
            outbox.queueNotice(active, Notice.WELCOME);
            webhooks.announce(EventType.SUBSCRIBER_CONFIRMED, active.id(), Webhooks.about(active));
            return active;
        });
    }

    /**
     * A spent link never confirms: after a reader left and signed up again, only the new link may. An ACTIVE reader
     * is shown as confirmed by any link of their present sign-up (a double click, a mail scanner's visit, the first
     * of two emails); a link of a sign-up they confirmed before they left finds nothing, as it did while the new one
     * waited: it showed the reader's present choices again (QA, 7 December). Anyone else finds nothing.
     */
    private Optional<Subscriber> showable(Confirmation confirmation) {
        return subscribers.find(confirmation.subscriberId()).filter(reader ->
                reader.status() == SubscriberStatus.ACTIVE && confirmation.present()
                        || reader.status() == SubscriberStatus.PENDING && !confirmation.spent());
    }

    @Override
    public Optional<Subscriber> readerOf(LinkPurpose purpose, String token) {
        return subscribers.findByLink(purpose, token);
    }

    @Override
    @TriedAgainWhenBusy
    @Transactional
    public Optional<Subscriber> changePreferences(String token, UnaryOperator<Preferences> change) {
        return readerOf(LinkPurpose.PREFERENCES, token).map(reader -> {
            // Storing choices for a reader who left would read as a subscription that is not there; coming back
            // goes through a sign-up and its confirmation.
            if (reader.status() == SubscriberStatus.UNSUBSCRIBED) {
                throw new TransitionNotAllowed(UNSUBSCRIBED_PREFERENCES);
            }
            Subscriber changed = subscribers.update(reader.withPreferences(change.apply(reader.preferences())));
            if (changed.preferences().pauseBeginsAt(Timestamps.now(clock), reader.preferences())) {
                outbox.holdFor(changed.id());
            }
            return changed;
        });
    }

    @Override
    @TriedAgainWhenBusy
    @Transactional
    public Optional<Subscriber> unsubscribe(String token) {
        return readerOf(LinkPurpose.UNSUBSCRIBE, token).map(reader -> {
            if (reader.status() == SubscriberStatus.UNSUBSCRIBED) {
                return reader;
            }
            Subscriber left = subscribers.update(reader.unsubscribe());
            // The cause first: a reader's calls go out in the order they were written.
            webhooks.announce(EventType.SUBSCRIBER_UNSUBSCRIBED, left.id(), Webhooks.about(left, "reader"));
            outbox.cancelFor(left.id());
            return left;
        });
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<PersonalData> personalData(String token) {
        return readerOf(LinkPurpose.PREFERENCES, token)
                .map(reader -> new PersonalData(reader, deliveries.listFor(reader.id()),
                        consents.latest(reader.id()).orElse(null)));
    }
}
