package news.dispatch.web.feed;

import java.util.Map;

import news.dispatch.scheduler.feed.Feeds;
import news.dispatch.web.page.AdminPage;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;

/** The feeds of {@code dispatch.feeds}: how each last went, and a poll on demand. */
@Controller
@AdminPage
class FeedPages {

    private final Feeds feeds;

    FeedPages(Feeds feeds) {
        this.feeds = feeds;
    }

    @GetMapping("/admin/feeds")
    ModelAndView list() {
        return new ModelAndView("staff/admin/feeds", Map.of("feeds", feeds.statuses(), "polled", false));
    }

    /** Polls every feed now and shows how each went (it takes as long as the slowest feed, within its timeout). */
    @PostMapping("/admin/feeds/poll")
    ModelAndView poll() {
        return new ModelAndView("staff/admin/feeds", Map.of("feeds", feeds.pollAll(), "polled", true));
    }
}
