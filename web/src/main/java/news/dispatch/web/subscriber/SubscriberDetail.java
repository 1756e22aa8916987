package news.dispatch.web.subscriber;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import news.dispatch.core.subscriber.Consent;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.suppression.Suppression;
import news.dispatch.core.tag.Tag;
import news.dispatch.mailer.bounce.ReturnedMessage;
import news.dispatch.mailer.outbox.Delivery;

/**
 * One reader's page: their choices, their status and what can be done about it, and the mail made for them. Public
 * because the precompiled templates, in another package, read it.
 *
 * @param reader     the reader
 * @param deliveries the newest of their deliveries, newest first
 * @param older       how many older ones are not shown
 * @param notice      what the last action did, or {@code null}
 * @param suppression the address's entry on the suppression list, or {@code null}
 * @param returned    the bounces and complaints that came back about them, newest first
 * @param consent     their consent on record, or {@code null}
 * @param paused      whether their pause holds mail now: one whose day has come (set through the API in the past,
 *                    say) is no pause
 */
public record SubscriberDetail(Subscriber reader, List<Delivery> deliveries, int older, String notice,
                               Suppression suppression, List<ReturnedMessage> returned, Consent consent,
                               boolean paused) {

    /** How many deliveries the page lists. */
    static final int SHOWN = 100;

    public SubscriberDetail {
        deliveries = List.copyOf(deliveries);
        returned = List.copyOf(returned);
    }

    /** The tags with a rhythm of their own, by label ("Aviation" → WEEKLY), in the order of the reader's tags. */
    public Map<String, Frequency> rhythms() {
        Preferences preferences = reader.preferences();
        Map<String, Frequency> rhythms = new LinkedHashMap<>();
        for (Tag tag : preferences.tags()) {
            Frequency own = preferences.tagFrequencies().get(tag.key());
            if (own != null) {
                rhythms.put(tag.label(), own);
            }
        }
        return rhythms;
    }

    public boolean canSuspend() {
        return reader.status() == SubscriberStatus.ACTIVE || reader.status() == SubscriberStatus.PENDING;
    }

    public boolean canReactivate() {
        return reader.status() == SubscriberStatus.SUSPENDED;
    }

    public boolean canUnsubscribe() {
        return reader.status() != SubscriberStatus.UNSUBSCRIBED;
    }

    /** What reactivating makes them: ACTIVE if they ever confirmed, else PENDING. */
    public SubscriberStatus reactivatesTo() {
        return reader.confirmedAt() == null ? SubscriberStatus.PENDING : SubscriberStatus.ACTIVE;
    }
}
