package news.dispatch.web.tag;

import java.util.Arrays;
import java.util.List;

import gg.jte.generated.precompiled.Templates;
import news.dispatch.core.InvalidInput;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.Tags;
import news.dispatch.core.tag.Tags.TagCount;
import news.dispatch.core.tag.Tags.TagDetail;
import news.dispatch.web.page.AdminPage;
import news.dispatch.web.page.Format;
import news.dispatch.web.page.Links;
import news.dispatch.web.page.PageView;
import news.dispatch.web.problem.Conflict;
import news.dispatch.web.problem.NotFound;
import news.dispatch.web.problem.Problems;
import news.dispatch.web.tag.TagList.Forms;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The tags page: every tag with its stories, followers and aliases, the tags that probably mean the same, a merge
 * after a confirmation step (a POST that redirects), and retiring a tag with what its followers are offered instead.
 */
@Controller
@AdminPage
class TagPages {

    private static final int PAGE_SIZE = 50;

    private final Tags tags;
    private final TagDesk desk;
    private final Templates templates;

    TagPages(Tags tags, TagDesk desk, Templates templates) {
        this.tags = tags;
        this.desk = desk;
        this.templates = templates;
    }

    @GetMapping("/admin/tags")
    ModelAndView list(@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page,
                      @RequestParam(required = false) String merged, @RequestParam(required = false) String into,
                      @RequestParam(required = false) String retired) {
        String notice = merged != null && into != null ? "#" + merged + " is merged into #" + into
                + ": its stories and readers are there now, and it stays as an alias of it."
                : retired != null ? "#" + retired + " is retired: it takes no new story nor follower, and its "
                + "followers are told in their next digest, with the tags offered instead." : null;
        return PageView.of(shared -> templates.staffAdminTags(shared.staff(), list(q, page, notice, Forms.EMPTY)));
    }

    private TagList list(String q, int page, String notice, Forms forms) {
        Page<TagCount> found = tags.search(q, new PageRequest(Math.max(0, page), PAGE_SIZE));
        return new TagList(q == null || q.isBlank() ? null : q.strip(), found,
                tags.aliases(found.items().stream().map(count -> count.tag().key()).toList()),
                tags.likelyDuplicates(), notice, tags.retirements(), forms);
    }

    /** The tags page again, a form refused beside its fields, with the status its refusal has elsewhere. */
    private ModelAndView refused(RuntimeException refusal, Forms forms) {
        return PageView.of(shared -> templates.staffAdminTags(shared.staff(), list(null, 0, null, forms)),
                Problems.statusOf(refusal));
    }

    /** The confirmation step: what merging does, and both tags' counts. */
    @GetMapping("/admin/tags/merge")
    ModelAndView confirmMerge(@RequestParam(defaultValue = "") String key,
                              @RequestParam(defaultValue = "") String into) {
        try {
            TagDetail merged = desk.find(key);
            TagDetail target = desk.find(into);
            if (!merged.tag().key().equals(TagKey.of(key))) {
                throw new Conflict("#" + TagKey.of(key).value() + " is already merged into #"
                        + merged.tag().key().value() + ".");
            }
            if (merged.tag().key().equals(target.tag().key())) {
                throw new Conflict("#" + merged.tag().key().value() + " cannot be merged into itself.");
            }
            return PageView.of(shared -> templates.staffAdminMergeTag(shared.staff(), merged, target));
        } catch (NotFound | Conflict refusal) {
            return refused(refusal, Forms.mergeRefused(key, into, Format.sentence(refusal.getMessage())));
        }
    }

    /**
     * Retires a tag at once, offering the tags typed ({@code #Aviation, airbus} or separated by blanks), or what
     * Dispatch suggests when none are.
     */
    @PostMapping("/admin/tags/retire")
    ModelAndView retire(@RequestParam(defaultValue = "") String key, @RequestParam(defaultValue = "") String offer) {
        List<String> offered = Arrays.stream(offer.split("[,;\\s]+")).filter(tag -> !tag.isBlank()).toList();
        TagDetail retired;
        try {
            retired = desk.retire(key, offered.isEmpty() ? null : offered);
        } catch (NotFound | Conflict | InvalidInput refusal) {
            return refused(refusal, Forms.retireRefused(key, offer, Format.sentence(refusal.getMessage())));
        }
        return new ModelAndView("redirect:" + Links.to("/admin/tags", "retired", retired.tag().label()));
    }

    @PostMapping("/admin/tags/merge")
    ModelAndView merge(@RequestParam(defaultValue = "") String key, @RequestParam(defaultValue = "") String into) {
        String merged = desk.find(key).tag().label();
        TagDetail target = desk.merge(key, into);
        return new ModelAndView("redirect:" + Links.to("/admin/tags", "merged", merged, "into", target.tag().label()));
    }
}
