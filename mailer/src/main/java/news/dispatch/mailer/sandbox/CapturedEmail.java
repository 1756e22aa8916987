package news.dispatch.mailer.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An email the sandbox caught, as the admin pages show it. */
public record CapturedEmail(int id, String from, List<String> to, String subject, Instant date, String text,
                            String html, List<Map.Entry<String, String>> headers) {
}
