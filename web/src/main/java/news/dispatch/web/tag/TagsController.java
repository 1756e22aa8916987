package news.dispatch.web.tag;

import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.tag.Tags;
import news.dispatch.core.tag.Tags.TagCount;

import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tags readers may follow, for anyone: what the forms suggest as a reader types, those a published story or a
 * confirmed reader stands behind. Staff see every tag, and how many readers follow each.
 */
@Tag(name = "Tags")
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
        PageRequest wanted = new PageRequest(page, size);
        // Staff see every tag, to tidy them; readers only those a published story carries.
        Page<TagCount> found = staff ? tags.search(q, wanted) : tags.searchPublished(q, wanted);
        return found.map(count -> TagView.of(count, staff));
    }
}
