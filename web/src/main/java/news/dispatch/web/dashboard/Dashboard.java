package news.dispatch.web.dashboard;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.mailer.bounce.Bounces.Rate;
import news.dispatch.mailer.outbox.DeliveryKind;
import news.dispatch.mailer.outbox.DeliveryStatus;
import news.dispatch.mailer.outbox.Progress;

/**
 * What the dashboard shows. Public because the precompiled templates, in another package, read it.
 *
 * @param subscribers      readers by status
 * @param erased           readers erased on request, ever
 * @param articlesThisWeek articles published in the last 7 days
 * @param deliveries       deliveries by status
 * @param lastDay          mail sent per hour, the last 24 hours
 * @param lastWeek         mail sent per day, the last 7 days
 * @param goingOut         the digests and alerts going out now
 * @param returned         bounce and complaint rates of the last 7 and 30 days
 */
public record Dashboard(Map<SubscriberStatus, Long> subscribers, long erased, long articlesThisWeek,
                        Map<DeliveryStatus, Long> deliveries, BarChart lastDay, BarChart lastWeek,
                        List<Progress> goingOut, List<Rate> returned) {

    public Dashboard {
        subscribers = Map.copyOf(subscribers);
        deliveries = Map.copyOf(deliveries);
        goingOut = List.copyOf(goingOut);
        returned = List.copyOf(returned);
    }

    /** A rate as the page writes it: a percentage with two decimals. */
    public static String percent(double rate) {
        return String.format(Locale.ROOT, "%.2f%%", rate * 100);
    }

    public static String bounceThreshold() {
        return percent(Rate.BOUNCE_THRESHOLD);
    }

    public static String complaintThreshold() {
        return percent(Rate.COMPLAINT_THRESHOLD);
    }

    /** What a kind of mail is called on the page. */
    public static String name(DeliveryKind kind) {
        return kind == DeliveryKind.ALERT ? "Alerts" : "Digests";
    }

    public long subscribers(SubscriberStatus status) {
        return subscribers.getOrDefault(status, 0L);
    }

    public long deliveries(DeliveryStatus status) {
        return deliveries.getOrDefault(status, 0L);
    }

    /** Mail waiting to go out: queued, being sent, or waiting to be retried. */
    public long queueDepth() {
        return deliveries(DeliveryStatus.QUEUED) + deliveries(DeliveryStatus.SENDING)
                + deliveries(DeliveryStatus.RETRYING);
    }

    public SubscriberStatus[] statuses() {
        return SubscriberStatus.values();
    }
}
