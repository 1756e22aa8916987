package news.dispatch.web.feed;

import java.util.List;

import news.dispatch.scheduler.feed.FeedStatus;
import news.dispatch.scheduler.feed.Feeds;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The feeds of {@code dispatch.feeds}: how each last went, and a poll on demand. */
@RestController
@RequestMapping("/api/admin/feeds")
class FeedsController {

    private final Feeds feeds;

    FeedsController(Feeds feeds) {
        this.feeds = feeds;
    }

    @GetMapping
    List<FeedStatus> list() {
        return feeds.statuses();
    }

    /** Polls every feed now, and answers how each went. */
    @PostMapping("/poll")
    List<FeedStatus> poll() {
        return feeds.pollAll();
    }
}
