package news.dispatch.scheduler.feed;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The RSS and Atom feeds Dispatch turns into articles.
 *
 * @param sources       the feeds, each with the tags its articles get besides their own categories and #hashtags
 * @param interval      how often every feed is polled
 * @param timeout       longest one feed's fetch may take, all of it: connecting, every redirect, the last byte
 * @param maxSize       largest feed read; a larger one is recorded as an error
 * @param allowedHosts  hosts (names or addresses, as written in the feed's or a redirect's URL) an admin trusts
 *                      although they are on this machine or an inside network; every other host must resolve to
 *                      public addresses only: loopback, private, link-local (cloud metadata), carrier-grade NAT,
 *                      multicast and reserved addresses are refused
 * @param maxNewPerPoll most new entries one poll takes from one feed; the rest wait for the next poll
 * @param concurrency   how many feeds are polled at once, so a slow feed holds up only its own poll
 */
@ConfigurationProperties("dispatch.feeds")
public record FeedSettings(@DefaultValue List<Source> sources, @DefaultValue("10m") Duration interval,
                           @DefaultValue("10s") Duration timeout, @DefaultValue("5MB") DataSize maxSize,
                           @DefaultValue List<String> allowedHosts, @DefaultValue("200") int maxNewPerPoll,
                           @DefaultValue("4") int concurrency) {

    public FeedSettings {
        if (maxNewPerPoll < 1 || concurrency < 1) {
            throw new IllegalArgumentException("dispatch.feeds.max-new-per-poll and .concurrency must be at least 1");
        }
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("dispatch.feeds.interval and .timeout must be longer than zero: "
                    + interval + ", " + timeout);
        }
        if (maxSize.toBytes() < 1) {
            throw new IllegalArgumentException("dispatch.feeds.max-size must be at least 1B: " + maxSize);
        }
    }

    /**
     * One feed.
     *
     * @param url  its address (http or https)
     * @param tags tags every article from it gets, e.g. {@code Aviation}
     */
    public record Source(URI url, @DefaultValue List<String> tags) {
    }
}
