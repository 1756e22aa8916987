package news.dispatch.web.tag;

import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.tag.Tags;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tags readers may follow, for anyone: what the forms suggest as a reader types. How many readers follow each is
 * for staff only.
 */
@RestController
class TagsController {

    private final Tags tags;

    TagsController(Tags tags) {
        this.tags = tags;
    }

    @GetMapping("/api/tags")
    Page<TagView> list(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "0") int page,
                       @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size,
                       Authentication caller) {
        boolean staff = caller != null && caller.isAuthenticated() && !(caller instanceof AnonymousAuthenticationToken);
        return tags.search(q, new PageRequest(page, size)).map(count -> TagView.of(count, staff));
    }
}
