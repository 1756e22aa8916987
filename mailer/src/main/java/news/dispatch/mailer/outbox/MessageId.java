package news.dispatch.mailer.outbox;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Message-ID} a delivery goes out with: its id and the millisecond it was created, so it stays the same
 * across retries (a receiving server can recognise a message sent twice) and cannot be guessed from the id alone.
 * The same pair, as a {@link #tag()}, tags the delivery's return path, so a bounce names its delivery even when it
 * quotes none of the original message.
 */
record MessageId(long deliveryId, long createdAtMillis) {

    private static final Pattern FORM = Pattern.compile("<?dispatch\\.(\\d{1,18})\\.(\\d{1,18})@[^>]*>?");
    private static final Pattern TAG = Pattern.compile("d(\\d{1,18})\\.(\\d{1,18})");

    String on(String host) {
        return "<dispatch." + deliveryId + "." + createdAtMillis + "@" + host + ">";
    }

    /** The {@code +tag} of the delivery's return path: {@code d<id>.<millis>}. */
    String tag() {
        return "d" + deliveryId + "." + createdAtMillis;
    }

    /** Reads a tag written by {@link #tag}; empty for any other text. */
    static Optional<MessageId> parseTag(String tag) {
        Matcher matcher = TAG.matcher(tag == null ? "" : tag.strip());
        return matcher.matches()
                ? Optional.of(new MessageId(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))))
                : Optional.empty();
    }

    /** Reads one written by {@link #on}; empty for any other id. */
    static Optional<MessageId> parse(String messageId) {
        Matcher matcher = FORM.matcher(messageId == null ? "" : messageId.strip());
        return matcher.matches()
                ? Optional.of(new MessageId(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))))
                : Optional.empty();
    }
}
