package news.dispatch.scheduler.feed;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** The configured feeds: their state, and polling them now. */
public interface Feeds {

    List<FeedStatus> statuses();

    /** Polls every feed once, now; a feed that fails is recorded and does not stop the others. */
    List<FeedStatus> pollAll();

    /**
     * Turns on or off the corrections a configured feed makes when an entry changes its title under the same guid
     * (on by default); empty when no feed has this url.
     */
    Optional<FeedStatus> titleCorrections(URI url, boolean on);
}
