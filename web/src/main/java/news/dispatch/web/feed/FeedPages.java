package news.dispatch.web.feed;

import java.net.URI;
import java.util.List;

import gg.jte.generated.precompiled.Templates;
import news.dispatch.scheduler.feed.FeedStatus;
import news.dispatch.scheduler.feed.Feeds;
import news.dispatch.web.page.AdminPage;
import news.dispatch.web.page.PageView;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/** The feeds of {@code dispatch.feeds}: how each last went, and for admins a poll on demand. */
@Controller
@AdminPage
class FeedPages {

    private final Feeds feeds;
    private final Templates templates;

    FeedPages(Feeds feeds, Templates templates) {
        this.feeds = feeds;
        this.templates = templates;
    }

    /**
     * Editors see the feeds too, without the admins' switches: a feed that fails, or an entry it left out, is a story
     * missing from their list, and they are the first to look for it.
     */
    @GetMapping({"/admin/feeds", "/editor/feeds"})
    ModelAndView list() {
        List<FeedStatus> statuses = feeds.statuses();
        return PageView.of(shared -> templates.staffAdminFeeds(shared.staff(), statuses, false));
    }

    /** Turns a feed's title corrections on or off, then shows the feeds again (redirect after POST). */
    @PostMapping("/admin/feeds/title-corrections")
    ModelAndView titleCorrections(@RequestParam String url, @RequestParam boolean on) {
        try {
            feeds.titleCorrections(URI.create(url), on);
        } catch (IllegalArgumentException e) {
            // Not a url any feed has: nothing to switch, and the page shows the feeds as they are.
        }
        return new ModelAndView("redirect:/admin/feeds");
    }

    /** Polls every feed now and shows how each went (it takes as long as the slowest feed, within its timeout). */
    @PostMapping("/admin/feeds/poll")
    ModelAndView poll() {
        List<FeedStatus> polled = feeds.pollAll();
        return PageView.of(shared -> templates.staffAdminFeeds(shared.staff(), polled, true));
    }
}
