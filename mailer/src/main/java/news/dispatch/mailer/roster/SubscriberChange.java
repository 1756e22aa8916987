package news.dispatch.mailer.roster;

import java.time.ZoneId;
import java.util.List;

import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.tag.Tag;

/**
 * What an admin changes about a reader; every part is optional ({@code null}: keep it). The rules (1–50 tags, hours
 * 0–23) are checked when the change is applied.
 */
public record SubscriberChange(SubscriberStatus status, List<Tag> tags, Frequency frequency, ZoneId timezone,
                               Integer sendHour, Boolean alerts) {

    public SubscriberChange {
        tags = tags == null ? null : List.copyOf(tags);
    }

    public static SubscriberChange status(SubscriberStatus status) {
        return new SubscriberChange(status, null, null, null, null, null);
    }
}
