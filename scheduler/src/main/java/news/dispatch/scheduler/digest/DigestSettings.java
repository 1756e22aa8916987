package news.dispatch.scheduler.digest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How digests are built and when they go out.
 *
 * @param maxArticles       most stories one digest lists, newest first; the rest are counted as "and N more"
 * @param maxStoryBytes     most bytes (UTF-8) of stories' titles, summaries and tags (each with its pill's markup)
 *                          one digest lists, newest first, the rest counted as more (the newest story always goes): a digest
 *                          stays under the 102 KB of HTML past which Gmail hides its end, and the reader's links
 * @param immediateInterval how often readers with frequency {@code IMMEDIATE} get their new matches, batched
 * @param tick              how often the schedule looks for readers whose send time has passed; a {@code DAILY}
 *                          or {@code WEEKLY} digest leaves at most this long after the reader's hour
 * @param batchSize         readers handled per query and transaction; memory grows with it, not with readers
 * @param maxStoryAge       oldest story a digest may hold, whatever the reader's previous digest (a reader back
 *                          from a long suspension gets the last days, not months)
 * @param sliceSize         readers (a range of this many ids) in one slice of a run, the share of the work one node
 *                          claims at a time; a run whose readers fit in one slice is pressed where it started
 * @param slicePoll         how often a node looks for slices of runs other nodes started
 * @param sliceLease        how long a node may take over a slice before another node may take it back (a node that
 *                          died with a slice claimed)
 */
@ConfigurationProperties("dispatch.digest")
public record DigestSettings(
        @DefaultValue("20") int maxArticles,
        @DefaultValue("40000") int maxStoryBytes,
        @DefaultValue("5m") Duration immediateInterval,
        @DefaultValue("1m") Duration tick,
        @DefaultValue("1000") int batchSize,
        @DefaultValue("7d") Duration maxStoryAge,
        @DefaultValue("10000") int sliceSize,
        @DefaultValue("2s") Duration slicePoll,
        @DefaultValue("2m") Duration sliceLease) {

    public DigestSettings {
        if (maxArticles < 1 || maxStoryBytes < 1 || batchSize < 1 || sliceSize < 1) {
            throw new IllegalArgumentException(
                    "dispatch.digest.max-articles, max-story-bytes, batch-size and slice-size must be at least 1");
        }
        if (slicePoll.compareTo(Duration.ofMillis(100)) < 0 || sliceLease.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException(
                    "dispatch.digest.slice-poll must be at least 100ms and dispatch.digest.slice-lease at least 10s");
        }
        if (immediateInterval.compareTo(Duration.ofMinutes(1)) < 0 || tick.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(
                    "dispatch.digest.immediate-interval must be at least 1m and dispatch.digest.tick at least 1s");
        }
        if (maxStoryAge.compareTo(Duration.ofDays(7)) < 0) {
            throw new IllegalArgumentException(
                    "dispatch.digest.max-story-age must be at least 7d, the window of a first weekly digest");
        }
    }
}
