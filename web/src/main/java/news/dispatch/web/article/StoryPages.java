package news.dispatch.web.article;

import java.time.Clock;
import java.util.Optional;

import gg.jte.generated.precompiled.Templates;
import news.dispatch.core.InvalidInput;
import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.Corrections;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;
import news.dispatch.web.page.PageView;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The public pages of published stories: what emails link to when an article has no url of its own, and the list
 * of recent stories a digest's "and N more" links to. No login; a story whose publication time is still ahead is not
 * shown. The body is the sanitised HTML stored with the article; everything else is escaped.
 */
@Controller
class StoryPages {

    private static final int PAGE_SIZE = 20;

    private final Articles articles;
    private final Corrections corrections;
    private final Clock clock;
    private final Templates templates;

    StoryPages(Articles articles, Corrections corrections, Clock clock, Templates templates) {
        this.articles = articles;
        this.corrections = corrections;
        this.clock = clock;
        this.templates = templates;
    }

    @GetMapping("/articles")
    ModelAndView list(@RequestParam(defaultValue = "") String tag, @RequestParam(defaultValue = "0") String page) {
        Optional<TagKey> key = Optional.empty();
        if (!tag.isBlank()) {
            try {
                key = Optional.of(TagKey.of(tag));
            } catch (InvalidInput invalid) {
                return missing(HttpStatus.NOT_FOUND, "There is no tag like that.");
            }
        }
        int number;
        try {
            number = Math.max(0, Integer.parseInt(page));
        } catch (NumberFormatException e) {
            number = 0;
        }
        Page<Article> stories = articles.published(key, clock.instant(), new PageRequest(number, PAGE_SIZE));
        return PageView.of(templates.storyList(new StoryViews.Listing(stories,
                key.map(asked -> label(asked, stories, tag)).orElse(""))));
    }

    /** A tag's page: its published stories, as {@code /articles?tag=} lists them, with its feed. */
    @GetMapping("/tags/{key}")
    ModelAndView tag(@PathVariable String key, @RequestParam(defaultValue = "0") String page) {
        return list(key, page);
    }

    /** The tag as the newsroom first wrote it ("USMigration"), which its stories carry, rather than as it was asked. */
    private static String label(TagKey key, Page<Article> stories, String asked) {
        return stories.items().stream()
                .flatMap(story -> story.tags().stream())
                .filter(tag -> tag.key().equals(key))
                .map(Tag::label)
                .findFirst()
                .orElseGet(() -> Tag.of(asked).label());
    }

    @GetMapping("/articles/{id}")
    ModelAndView show(@PathVariable String id) {
        Optional<Article> article;
        try {
            article = articles.find(Long.parseLong(id));
        } catch (NumberFormatException e) {
            article = Optional.empty();
        }
        return article.filter(story -> !story.publishedAt().isAfter(clock.instant()))
                .map(story -> PageView.of(templates.storyArticle(story, corrections.of(story.id()))))
                .orElseGet(() -> missing(HttpStatus.NOT_FOUND, "This story does not exist, or is not published yet."));
    }

    private ModelAndView missing(HttpStatus status, String message) {
        return PageView.of(templates.storyMissing(message), status);
    }
}
