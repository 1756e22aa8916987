package news.dispatch.mailer.webhook;

import java.util.Arrays;
import java.util.stream.Collectors;

import news.dispatch.core.InvalidInput;

/** What an endpoint may hear of, by the names receivers see in {@code type}. */
public enum EventType {

    SUBSCRIBER_CONFIRMED("subscriber.confirmed"),
    SUBSCRIBER_UNSUBSCRIBED("subscriber.unsubscribed"),
    /** With the reason: {@code admin}, {@code bounce} or {@code complaint}. */
    SUBSCRIBER_SUSPENDED("subscriber.suspended"),
    SUBSCRIBER_ERASED("subscriber.erased"),
    /**
     * A suspended or unsubscribed reader an admin made active again, with the reason {@code admin}: without it, a CRM
     * that mirrors readers' status from the others kept them suspended.
     */
    SUBSCRIBER_REACTIVATED("subscriber.reactivated"),
    ALERT_SENT("alert.sent"),
    DIGEST_RUN_FINISHED("digest.run.finished"),
    DELIVERY_FAILED("delivery.failed"),
    ARTICLE_PUBLISHED("article.published");

    private final String type;

    EventType(String type) {
        this.type = type;
    }

    /** The name on the wire, such as {@code subscriber.confirmed}. */
    public String type() {
        return type;
    }

    /** @throws InvalidInput on field {@code events} when no event has this name */
    public static EventType of(String type) {
        for (EventType known : values()) {
            if (known.type.equals(type)) {
                return known;
            }
        }
        throw new InvalidInput("events", "unknown event " + (type == null ? "null" : "\"" + type + "\"")
                + "; known are " + Arrays.stream(values()).map(EventType::type).collect(Collectors.joining(", ")));
    }
}
