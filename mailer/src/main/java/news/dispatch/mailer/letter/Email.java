package news.dispatch.mailer.letter;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * An email ready to send: both parts, the extra headers it carries ({@code List-Unsubscribe} …), and the language of
 * its words ({@code de}; {@code null}: not said), which goes out as {@code Content-Language}. Subject and header values
 * are single lines; the transport encodes them. A part may be its template, written out as the email is sent.
 */
public record Email(String to, String subject, Body textBody, Body htmlBody, Map<String, String> headers,
                    String language) {

    /** Line breaks and the other control characters ({@code \p{Cntrl}} is ASCII's: 0–31 and 127). */
    private static final Pattern BREAKS = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]+");

    public Email {
        subject = Email.oneLine(subject);
        headers = Map.copyOf(headers);
        headers.values().forEach(value -> {
            if (!value.equals(oneLine(value))) {
                throw new IllegalArgumentException("header values must be one line");
            }
        });
    }

    /** An email of parts as given. */
    public Email(String to, String subject, String text, String html, Map<String, String> headers, String language) {
        this(to, subject, Body.of(text), Body.of(html), headers, language);
    }

    /** An email that does not say its language. */
    public Email(String to, String subject, String text, String html, Map<String, String> headers) {
        this(to, subject, text, html, headers, null);
    }

    /** The plain-text part, written out now if it is a template. */
    public String text() {
        return textBody.text();
    }

    /** The HTML part, written out now if it is a template. */
    public String html() {
        return htmlBody == null ? null : htmlBody.text();
    }

    /** Collapses line breaks and other control characters, so text from articles can never start a new header. */
    public static String oneLine(String text) {
        // Every email's subject and headers pass here: most have nothing to collapse, and are not run through a regex.
        for (int i = 0; i < text.length(); i++) {
            if (breaksLine(text.charAt(i))) {
                return BREAKS.matcher(text).replaceAll(" ").strip();
            }
        }
        return text.strip();
    }

    /** What {@link #BREAKS} matches. */
    private static boolean breaksLine(char c) {
        return c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029';
    }
}
