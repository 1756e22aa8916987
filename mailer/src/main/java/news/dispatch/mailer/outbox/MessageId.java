package news.dispatch.mailer.outbox;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Message-ID} a delivery goes out with: its id and the millisecond it was created, so it stays the same
 * across retries (a receiving server can recognise a message sent twice) and cannot be guessed from the id alone.
 */
record MessageId(long deliveryId, long createdAtMillis) {

    private static final Pattern FORM = Pattern.compile("<?dispatch\\.(\\d{1,18})\\.(\\d{1,18})@[^>]*>?");

    String on(String host) {
        return "<dispatch." + deliveryId + "." + createdAtMillis + "@" + host + ">";
    }

    /** Reads one written by {@link #on}; empty for any other id. */
    static Optional<MessageId> parse(String messageId) {
        Matcher matcher = FORM.matcher(messageId == null ? "" : messageId.strip());
        return matcher.matches()
                ? Optional.of(new MessageId(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))))
                : Optional.empty();
    }
}
