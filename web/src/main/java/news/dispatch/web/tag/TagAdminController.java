package news.dispatch.web.tag;

import java.util.List;

import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admins look after tags: relabel one, merge one into another, retire one. An alias's key answers for the tag it was
 * merged into (its {@code key} then says which); a merge into an alias merges into that tag.
 */
@Tag(name = "Tags")
@RestController
@RequestMapping("/api/admin/tags/{key}")
class TagAdminController {

    private final TagDesk desk;

    TagAdminController(TagDesk desk) {
        this.desk = desk;
    }

    @GetMapping
    TagDetailView get(@PathVariable String key) {
        return TagDetailView.of(desk.find(key));
    }

    @PatchMapping
    TagDetailView relabel(@PathVariable String key, @RequestBody Relabel body) {
        return TagDetailView.of(desk.relabel(key, body.label()));
    }

    @PostMapping("/merge")
    TagDetailView merge(@PathVariable String key, @RequestBody Merge body) {
        return TagDetailView.of(desk.merge(key, body.into()));
    }

    /** The body is optional: without it, or without {@code offer}, the followers are offered what Dispatch suggests. */
    @PostMapping("/retire")
    TagDetailView retire(@PathVariable String key, @RequestBody(required = false) Retire body) {
        return TagDetailView.of(desk.retire(key, body == null ? null : body.offer()));
    }

    record Retire(List<String> offer) {
    }

    record Relabel(String label) {
    }

    record Merge(String into) {
    }
}
