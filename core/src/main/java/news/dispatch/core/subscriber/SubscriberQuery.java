package news.dispatch.core.subscriber;

import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;

import news.dispatch.core.tag.TagKey;

/**
 * Which readers an admin is looking for, and in what order. Every filter is optional ({@code null}: any).
 *
 * @param status        only readers in this status
 * @param tag           only readers who follow this tag
 * @param emailContains only readers whose address contains this text, in any case and in the addresses' normal form
 *                      ({@code bücher} finds {@code xn--bcher-kva})
 * @param order         how the readers are sorted
 */
public record SubscriberQuery(SubscriberStatus status, TagKey tag, String emailContains, Order order) {

    public SubscriberQuery {
        emailContains = emailContains == null || emailContains.isBlank() ? null : normal(emailContains.strip());
        order = order == null ? Order.NEWEST_FIRST : order;
    }

    /** Text to look for as addresses are stored: NFKC, lower case, and what follows an {@code @} in IDNA's ASCII. */
    private static String normal(String typed) {
        String text = Normalizer.normalize(typed, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        if (text.chars().allMatch(c -> c < 128)) {
            return text;
        }
        int at = text.lastIndexOf('@');
        try {
            return text.substring(0, at + 1) + IDN.toASCII(text.substring(at + 1)).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** Every reader, newest first. */
    public static SubscriberQuery all() {
        return new SubscriberQuery(null, null, null, Order.NEWEST_FIRST);
    }

    public SubscriberQuery withStatus(SubscriberStatus onlyThis) {
        return new SubscriberQuery(onlyThis, tag, emailContains, order);
    }

    /** The orders a list of readers comes in; ties never happen, so pages never overlap. */
    public enum Order {
        /** Most recently signed up first. */
        NEWEST_FIRST,
        /** Earliest sign-ups first. */
        OLDEST_FIRST,
        /** By address, A to Z, ignoring case. */
        EMAIL,
        /** By address, Z to A, ignoring case. */
        EMAIL_DESCENDING
    }
}
