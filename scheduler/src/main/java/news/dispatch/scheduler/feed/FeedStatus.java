package news.dispatch.scheduler.feed;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/** A feed as admins see it: when it was last polled, its last error (null after a good poll), articles made. */
public record FeedStatus(URI url, List<String> tags, Instant lastPolledAt, Instant lastSuccessAt, String lastError,
                         int articles) {
}
