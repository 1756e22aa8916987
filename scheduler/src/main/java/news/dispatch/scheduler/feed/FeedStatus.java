package news.dispatch.scheduler.feed;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A feed as admins see it: when it was last polled, its last error (null after a good poll), articles made, and
 * what the last poll that read it left out ({@code dropped} entries, the last {@code dropReason}) or corrected
 * ({@code clampedDates}: dates before 1970 or more than a day ahead, taken as the time of the poll), and what that
 * poll did with every entry ({@code lastPoll}; null until the feed is first read). {@code titleCorrections}: an entry
 * that changes its title under the same guid makes a correction of its story (on unless an editor turned it off).
 * {@code movedTo}: where the last good poll found the feed when every redirect said it moved for good (301, 308): the
 * address to configure instead, before the old one stops answering; null when it answers where it is configured.
 */
public record FeedStatus(URI url, List<String> tags, @Nullable Instant lastPolledAt, @Nullable Instant lastSuccessAt,
                         @Nullable String lastError, int articles, int dropped, @Nullable String dropReason,
                         int clampedDates, @Nullable LastRead lastPoll, boolean titleCorrections,
                         @Nullable URI movedTo) {

    /**
     * What the last poll that read the feed did with its new entries. Polls after it that the server answered "not
     * modified" (304) read nothing and leave it as it is.
     *
     * @param readAt  when that poll read the feed
     * @param taken   stories it made
     * @param tagged  stories another feed had given already, which gained this feed's tags
     * @param skipped entries left out, how many for each reason (no title, link or summary; no usable tag; a second
     *                copy in the feed; waiting for the next poll …)
     * @param failed  entries that could not be stored (they are tried again at the next poll), the last
     *                {@code failure} saying why
     * @param undated stories the feed gave no readable date: each is placed at the time it was first seen
     */
    public record LastRead(Instant readAt, int taken, int tagged, Map<String, Integer> skipped, int failed,
                           @Nullable String failure, int undated) {
    }
}
