package news.dispatch.web.subscriber;

import java.util.Locale;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.subscriber.SubscriberQuery;
import news.dispatch.core.subscriber.SubscriberQuery.Order;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.tag.TagKey;

/**
 * A search for subscribers as the API's query string and the Subscribers page's form give it, every part as
 * typed. Public because the Subscribers page's template, in another package, reads it.
 *
 * @param status {@code PENDING}, {@code ACTIVE}, {@code SUSPENDED} or {@code UNSUBSCRIBED}; blank: any
 * @param tag    a tag in any written form ({@code #USMigration}); blank: any
 * @param q      part of the address, in any case; blank: any
 * @param sort   {@code -createdAt} (newest first, the default), {@code createdAt}, {@code email} or {@code -email}
 */
public record SubscriberFilter(String status, String tag, String q, String sort) {

    public SubscriberFilter {
        status = blankToNull(status);
        tag = blankToNull(tag);
        q = blankToNull(q);
        sort = blankToNull(sort);
    }

    /**
     * The search in the domain's terms.
     *
     * @throws InvalidInput naming the parameter that cannot be read
     */
    public SubscriberQuery query() {
        return new SubscriberQuery(status == null ? null : status(status), tag == null ? null : tag(tag), q,
                order(sort));
    }

    /** Reads a status in any case. */
    public static SubscriberStatus status(String written) {
        try {
            return SubscriberStatus.valueOf(written.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("status", "status must be PENDING, ACTIVE, SUSPENDED or UNSUBSCRIBED");
        }
    }

    private static TagKey tag(String written) {
        try {
            return TagKey.of(written);
        } catch (InvalidInput invalid) {
            throw new InvalidInput("tag", invalid.getMessage());
        }
    }

    private static Order order(String sort) {
        if (sort == null) {
            return Order.NEWEST_FIRST;
        }
        return switch (sort) {
            case "-createdAt" -> Order.NEWEST_FIRST;
            case "createdAt" -> Order.OLDEST_FIRST;
            case "email" -> Order.EMAIL;
            case "-email" -> Order.EMAIL_DESCENDING;
            default -> throw new InvalidInput("sort", "sort must be -createdAt, createdAt, email or -email");
        };
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
