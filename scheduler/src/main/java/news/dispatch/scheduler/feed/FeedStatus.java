package news.dispatch.scheduler.feed;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A feed as admins see it: when it was last polled, its last error (null after a good poll), articles made, and
 * what the last poll that read it left out ({@code dropped} entries, the last {@code dropReason}) or corrected
 * ({@code clampedDates}: dates before 1970 or more than a day ahead, taken as the time of the poll).
 */
public record FeedStatus(URI url, List<String> tags, Instant lastPolledAt, Instant lastSuccessAt, String lastError,
                         int articles, int dropped, String dropReason, int clampedDates) {
}
