package news.dispatch.web.reader;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.QuietHours;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.tag.Tag;
import news.dispatch.mailer.outbox.Delivery;
import news.dispatch.mailer.subscription.Subscriptions.PersonalData;

/**
 * What a reader downloads from their preferences page: everything Dispatch holds about them, in the API's words.
 * Tokens are left out: their links are in the reader's emails, and only their hashes are stored.
 */
record ReaderData(Instant exportedAt, String email, String status, List<String> tags, String frequency,
                  String timezone, int sendHour, boolean alerts, Integer quietFrom, Integer quietUntil,
                  Instant subscribedAt, Instant confirmedAt, List<Mail> deliveries, Map<String, String> tagFrequencies,
                  LocalDate pausedUntil, Agreed consent, String language) {

    static ReaderData of(PersonalData data, Instant now) {
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
                        data.consent().text()), preferences.language().code());
    }

    /** The reader's consent on record: when, through which source, and the words they agreed to. */
    record Agreed(Instant at, String source, String text) {
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
