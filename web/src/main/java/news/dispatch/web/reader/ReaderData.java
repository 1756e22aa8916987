package news.dispatch.web.reader;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import news.dispatch.core.article.FollowUps.FollowedStory;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.QuietHours;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.suppression.Suppression;
import news.dispatch.core.tag.Tag;
import news.dispatch.mailer.bounce.ReturnedMessage;
import news.dispatch.mailer.outbox.Delivery;
import news.dispatch.mailer.subscription.Subscriptions.PersonalData;

/**
 * What a reader downloads from their preferences page: everything Dispatch holds about them, in the API's words.
 * Tokens are left out: their links are in the reader's emails, and only their hashes are stored. The stories they
 * follow, what came back about their mail and their address's suppression were left out until a privacy QA of 7
 * December 2026.
 */
record ReaderData(Instant exportedAt, String email, String status, List<String> tags, String frequency,
                  String timezone, int sendHour, boolean alerts, Integer quietFrom, Integer quietUntil,
                  Instant subscribedAt, Instant confirmedAt, List<Mail> deliveries, Map<String, String> tagFrequencies,
                  LocalDate pausedUntil, Agreed consent, String language, List<FollowedStory> storiesFollowed,
                  List<CameBack> returnedMail, Suppressed suppression) {

    static ReaderData of(PersonalData data, List<FollowedStory> followed, List<ReturnedMessage> returned,
                         Suppression suppression, Instant now) {
        Subscriber reader = data.reader();
        Preferences preferences = reader.preferences();
        QuietHours quiet = preferences.quietHours();
        return new ReaderData(now, reader.email().value(), reader.status().name(),
                preferences.tags().stream().map(Tag::label).toList(), preferences.frequency().name(),
                preferences.timezone().getId(), preferences.sendHour(), preferences.alerts(),
                quiet == null ? null : quiet.from(), quiet == null ? null : quiet.until(), reader.createdAt(),
                reader.confirmedAt(), data.deliveries().stream().map(Mail::of).toList(),
                SubscriptionApi.PreferencesView.rhythms(preferences), preferences.pausedUntil(),
                data.consent() == null ? null : new Agreed(data.consent().at(), data.consent().source().name(),
                        data.consent().text(), data.consent().clientHash()), preferences.language().code(), followed,
                returned.stream().map(CameBack::of).toList(),
                suppression == null ? null : new Suppressed(suppression.reason().name(), suppression.createdAt()));
    }

    /**
     * The reader's consent on record: when, through which source, the words they agreed to, and the keyed hash of
     * the address they confirmed from (when it was a click).
     */
    record Agreed(Instant at, String source, String text, String clientHash) {
    }

    /** A message that came back about the reader's mail (a bounce, a complaint, a mailto unsubscribe, a reply). */
    record CameBack(String verdict, String outcome, String status, String detail, String subject, Instant receivedAt,
                    Instant processedAt) {

        static CameBack of(ReturnedMessage message) {
            return new CameBack(message.verdict().name(), message.outcome(), message.status(), message.detail(),
                    message.subject(), message.receivedAt(), message.processedAt());
        }
    }

    /** The address on the suppression list: no email of any kind goes to it. */
    record Suppressed(String reason, Instant since) {
    }

    /** One email made or queued for the reader, with what the outbox noted while sending it. */
    record Mail(String to, String kind, String status, int attempts, String lastError, Instant createdAt,
                Instant sentAt) {

        static Mail of(Delivery delivery) {
            return new Mail(delivery.to(), delivery.kind().name(), delivery.status().name(), delivery.attempts(),
                    delivery.lastError(), delivery.createdAt(), delivery.sentAt());
        }
    }
}
