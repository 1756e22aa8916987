package news.dispatch.mailer.outbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import news.dispatch.core.link.LinkTokens;

/**
 * The {@code Message-ID} a delivery goes out with: its id, the millisecond it was created and a keyed mark of both,
 * so it stays the same across retries (a receiving server can recognise a message sent twice) and cannot be made up.
 * Ids are counted and a run's deliveries share their millisecond, so a reader who saw one of theirs could write their
 * neighbours' without the mark, and report them bounced. The same three, as a {@link #tag()}, tag the delivery's
 * return path, so a bounce names its delivery even when it quotes none of the original message.
 */
record MessageId(long deliveryId, long createdAtMillis, String mark) {

    private static final Pattern FORM = Pattern.compile(
            "<?dispatch\\.(\\d{1,18})\\.(\\d{1,18})\\.([0-9a-f]{16})@[^>]*>?");
    private static final Pattern TAG = Pattern.compile("d(\\d{1,18})\\.(\\d{1,18})\\.([0-9a-f]{16})");

    static MessageId of(long deliveryId, long createdAtMillis, LinkTokens tokens) {
        return new MessageId(deliveryId, createdAtMillis, tokens.mark(deliveryId + "." + createdAtMillis));
    }

    String on(String host) {
        return "<dispatch." + deliveryId + "." + createdAtMillis + "." + mark + "@" + host + ">";
    }

    /** The {@code +tag} of the delivery's return path: {@code d<id>.<millis>.<mark>}. */
    String tag() {
        return "d" + deliveryId + "." + createdAtMillis + "." + mark;
    }

    /** Reads a tag written by {@link #tag}; empty for any other text, or one whose mark is not Dispatch's. */
    static Optional<MessageId> parseTag(String tag, LinkTokens tokens) {
        return read(TAG.matcher(tag == null ? "" : tag.strip()), tokens);
    }

    /** Reads one written by {@link #on}; empty for any other id, or one whose mark is not Dispatch's. */
    static Optional<MessageId> parse(String messageId, LinkTokens tokens) {
        return read(FORM.matcher(messageId == null ? "" : messageId.strip()), tokens);
    }

    private static Optional<MessageId> read(Matcher matcher, LinkTokens tokens) {
        if (!matcher.matches()) {
            return Optional.empty();
        }
        MessageId read = new MessageId(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
                matcher.group(3));
        MessageId made = of(read.deliveryId, read.createdAtMillis, tokens);
        return MessageDigest.isEqual(read.mark.getBytes(StandardCharsets.US_ASCII),
                made.mark.getBytes(StandardCharsets.US_ASCII)) ? Optional.of(read) : Optional.empty();
    }
}
