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
 * @param sources  the feeds, each with the tags its articles get besides their own categories and #hashtags
 * @param interval how often every feed is polled
 * @param timeout  longest wait for a feed's server, to connect and to answer
 * @param maxSize  largest feed read; a larger one is recorded as an error
 */
@ConfigurationProperties("dispatch.feeds")
public record FeedSettings(@DefaultValue List<Source> sources, @DefaultValue("10m") Duration interval,
                           @DefaultValue("10s") Duration timeout, @DefaultValue("5MB") DataSize maxSize) {

    /**
     * One feed.
     *
     * @param url  its address (http or https)
     * @param tags tags every article from it gets, e.g. {@code Aviation}
     */
    public record Source(URI url, @DefaultValue List<String> tags) {
    }
}
