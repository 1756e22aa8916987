package news.dispatch.web.feed;

import java.net.URI;
import java.util.List;

import news.dispatch.core.InvalidInput;

import news.dispatch.scheduler.feed.FeedStatus;
import news.dispatch.scheduler.feed.Feeds;
import news.dispatch.web.problem.NotFound;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The feeds of {@code dispatch.feeds}: how each last went, a poll on demand, and each one's title corrections. */
@Tag(name = "Feeds")
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

    /**
     * Turns a feed's title corrections on or off: {@code {"url", "titleCorrections"}}. An unknown url is a
     * {@code 404}; a missing field a {@code 400} naming it.
     */
    @ApiResponse(responseCode = "404", description = "No configured feed has this url.")
    // Named, as springdoc drops the answer that succeeds when a method declares another and not this one.
    @ResponseStatus(HttpStatus.OK)
    @PatchMapping
    FeedStatus titleCorrections(@RequestBody FeedSwitch request) {
        if (request == null || request.url() == null || request.url().isBlank()) {
            throw new InvalidInput("url", "url must name one of the configured feeds");
        }
        if (request.titleCorrections() == null) {
            throw new InvalidInput("titleCorrections", "titleCorrections must be true or false");
        }
        URI url;
        try {
            url = URI.create(request.url().strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("url", "url is not a valid address");
        }
        return feeds.titleCorrections(url, request.titleCorrections())
                .orElseThrow(() -> new NotFound("No configured feed has the url " + request.url() + "."));
    }

    /** A feed's switch as an editor sends it. */
    record FeedSwitch(String url, Boolean titleCorrections) {
    }

    /** Polls every feed now, and answers how each went. */
    @PostMapping("/poll")
    List<FeedStatus> poll() {
        return feeds.pollAll();
    }
}
