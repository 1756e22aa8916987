package news.dispatch.mailer.letter;

import java.util.Map;

/**
 * An email ready to send: both parts complete, the extra headers it carries ({@code List-Unsubscribe} …), and the
 * language of its words ({@code de}; {@code null}: not said), which goes out as {@code Content-Language}. Subject and
 * header values are single lines; the transport encodes them.
 */
public record Email(String to, String subject, String text, String html, Map<String, String> headers,
                    String language) {

    public Email {
        subject = Email.oneLine(subject);
        headers = Map.copyOf(headers);
        headers.values().forEach(value -> {
            if (!value.equals(oneLine(value))) {
                throw new IllegalArgumentException("header values must be one line");
            }
        });
    }

    /** An email that does not say its language. */
    public Email(String to, String subject, String text, String html, Map<String, String> headers) {
        this(to, subject, text, html, headers, null);
    }

    /** Collapses line breaks and other control characters, so text from articles can never start a new header. */
    public static String oneLine(String text) {
        return text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    }
}
