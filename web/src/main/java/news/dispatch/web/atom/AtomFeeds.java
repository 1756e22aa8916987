package news.dispatch.web.atom;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.SiteSettings;
import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.Correction;
import news.dispatch.core.article.Corrections;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.Tags;
import news.dispatch.core.tag.Tags.TagDetail;
import news.dispatch.web.problem.NotFound;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The public Atom feeds: every story, and one tag's, the newest {@value #NEWEST} published. A merged tag's key serves
 * the feed of the tag it was merged into, so a reader's subscription to it keeps working.
 */
@Controller
class AtomFeeds {

    static final int NEWEST = 50;
    static final MediaType ATOM = MediaType.parseMediaType("application/atom+xml;charset=UTF-8");

    private final Articles articles;
    private final Corrections corrections;
    private final Tags tags;
    private final SiteSettings site;
    private final Clock clock;

    AtomFeeds(Articles articles, Corrections corrections, Tags tags, SiteSettings site, Clock clock) {
        this.articles = articles;
        this.corrections = corrections;
        this.tags = tags;
        this.site = site;
        this.clock = clock;
    }

    @GetMapping("/feed.atom")
    ResponseEntity<String> all() {
        return feed(Optional.empty(), "Dispatch: latest stories", "feed.atom", "");
    }

    /**
     * A tag no story carries yet has a feed too, empty until one does, as its page says "no stories here yet": a
     * reader may subscribe before the first. Its title spells the tag as it was asked until a published story carries
     * it, as its page does. What is no tag at all is a 404.
     */
    @GetMapping("/tags/{key}/feed.atom")
    ResponseEntity<String> tag(@PathVariable String key) {
        Tag tag;
        try {
            tag = tags.find(TagKey.of(key)).filter(found -> found.stories() > 0).map(TagDetail::tag)
                    .orElseGet(() -> Tag.of(key));
        } catch (InvalidInput notAKey) {
            // Not the path back: a tag of thousands of characters would fill the answer.
            throw new NotFound("There is no such tag: a tag is 1 to 50 letters, digits or '-'.");
        }
        String found = tag.key().inUrl();
        return feed(Optional.of(tag.key()), "Dispatch: stories on #" + tag.label(), "tags/" + found + "/feed.atom",
                "tags/" + found);
    }

    private ResponseEntity<String> feed(Optional<TagKey> tag, String title, String self, String page) {
        var now = clock.instant();
        List<Article> stories = articles.published(tag, now, new PageRequest(0, NEWEST)).items();
        AtomFeed feed = new AtomFeed(under(self), title, under(page), site.baseUrl(), stories,
                corrections.ofStories(stories.stream().map(Article::id).toList()).stream()
                        .collect(Collectors.groupingBy(Correction::articleId)), now);
        return ResponseEntity.ok().contentType(ATOM).body(feed.write());
    }

    private URI under(String path) {
        String base = site.baseUrl().toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + path);
    }
}
