package news.dispatch.web.dashboard;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.mailer.bounce.Bounces.Rate;
import news.dispatch.mailer.outbox.DeliveryKind;
import news.dispatch.mailer.outbox.DeliveryPause;
import news.dispatch.mailer.outbox.DeliveryStatus;
import news.dispatch.mailer.outbox.Progress;

/**
 * What the dashboard shows. Public because the precompiled templates, in another package, read it.
 *
 * @param subscribers      readers by status
 * @param erased           readers erased on request, ever
 * @param articlesThisWeek articles published in the last 7 days
 * @param deliveries       deliveries by status, in the outbox and its kept history
 * @param sentEver         mail sent since the database began, pruned history included
 * @param lastDay          mail sent per hour, the last 24 hours
 * @param lastWeek         mail sent per day, the last 7 days
 * @param goingOut         the digests and alerts going out now
 * @param returned         bounce and complaint rates of the last 7 and 30 days
 * @param paused           who paused all sending, or {@code null} while mail goes out
 */
public record Dashboard(Map<SubscriberStatus, Long> subscribers, long erased, long articlesThisWeek,
                        Map<DeliveryStatus, Long> deliveries, long sentEver, BarChart lastDay, BarChart lastWeek,
                        List<Progress> goingOut, List<Rate> returned, DeliveryPause.Paused paused) {

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

    /**
     * What one send is called on the page, from its period's key: {@code DAILY 2025-11-27} is "Daily digests,
     * 2025-11-27", {@code RUN <id>} "Digests sent now", {@code ALERT 42} "Alert of story 42".
     */
    public static String name(Progress send) {
        String period = send.period() == null ? "" : send.period();
        int blank = period.indexOf(' ');
        String kind = blank < 0 ? period : period.substring(0, blank);
        String value = blank < 0 ? "" : period.substring(blank + 1);
        return switch (kind) {
            case "DAILY" -> "Daily digests, " + value;
            case "WEEKLY" -> "Weekly digests, week of " + value;
            case "IMMEDIATE" -> "Digests as it happens, from " + value;
            case "RUN" -> "Digests sent now";
            case "ALERT" -> "Alert of story " + value;
            default -> send.kind() == DeliveryKind.ALERT ? "Alerts" : "Digests";
        };
    }

    /** A send's element id on the page, from its period: letters, digits and dashes only. */
    public static String id(Progress send) {
        return "progress-" + (send.kind().name() + "-" + send.period()).replaceAll("[^A-Za-z0-9]+", "-");
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
