package news.dispatch.scheduler.feed;

import java.util.List;

/** The configured feeds: their state, and polling them now. */
public interface Feeds {

    List<FeedStatus> statuses();

    /** Polls every feed once, now; a feed that fails is recorded and does not stop the others. */
    List<FeedStatus> pollAll();
}
