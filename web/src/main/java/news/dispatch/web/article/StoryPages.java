package news.dispatch.web.article;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import gg.jte.generated.precompiled.Templates;
import news.dispatch.core.InvalidInput;
import news.dispatch.core.SiteSettings;
import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.Corrections;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.Language;
import news.dispatch.core.subscriber.Words;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.Tags;
import news.dispatch.mailer.subscription.ReaderSettings;
import news.dispatch.web.page.PageView;
import news.dispatch.web.page.ReaderWords;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The public pages of published stories: what emails link to when an article has no url of its own, and the list
 * of recent stories a digest's "and N more" links to. No login; a story whose publication time is still ahead is not
 * shown. The body is the sanitised HTML stored with the article; everything else is escaped. Dispatch's own words
 * are in the browser's language ({@code Accept-Language}); the story stays as written.
 */
@Controller
class StoryPages {

    private static final int PAGE_SIZE = 20;

    private final Articles articles;
    private final Corrections corrections;
    private final Tags tags;
    private final Clock clock;
    private final Templates templates;
    private final Language defaultLanguage;
    private final SiteSettings site;

    StoryPages(Articles articles, Corrections corrections, Tags tags, Clock clock, Templates templates,
            ReaderSettings readers, SiteSettings site) {
        this.site = site;
        this.articles = articles;
        this.corrections = corrections;
        this.tags = tags;
        this.clock = clock;
        this.templates = templates;
        this.defaultLanguage = readers.defaultLanguage();
    }

    @GetMapping("/articles")
    ModelAndView list(@RequestParam(defaultValue = "") String tag, @RequestParam(defaultValue = "0") String page,
            HttpServletRequest request) {
        Words words = ReaderWords.forBrowser(request, defaultLanguage);
        Optional<TagKey> key = Optional.empty();
        if (!tag.isBlank()) {
            try {
                key = Optional.of(TagKey.of(tag));
            } catch (InvalidInput invalid) {
                return missing(words, words.get("stories.no-such-tag"));
            }
        }
        int number;
        try {
            number = Math.max(0, Integer.parseInt(page));
        } catch (NumberFormatException e) {
            number = 0;
        }
        Page<Article> stories = articles.published(key, clock.instant(), new PageRequest(number, PAGE_SIZE));
        return PageView.of(templates.storyList(words, new StoryViews.Listing(stories,
                key.map(asked -> label(asked, stories, tag)).orElse(""), words.lang()),
                site.storyLanguageOn(words.lang())));
    }

    /** A tag's page: its published stories, as {@code /articles?tag=} lists them, with its feed. */
    @GetMapping("/tags/{key}")
    ModelAndView tag(@PathVariable String key, @RequestParam(defaultValue = "0") String page,
            HttpServletRequest request) {
        return list(key, page, request);
    }

    /**
     * The tag as the newsroom first wrote it ("USMigration") rather than as it was asked, also when asked by an alias
     * merged into it ("us-migration"); as it was asked while no published story carries it, as for a tag nobody
     * used: the spelling of a tag only stories under embargo carry would tell anyone it is coming.
     */
    private String label(TagKey key, Page<Article> stories, String asked) {
        if (stories.total() == 0) {
            return Tag.of(asked).label();
        }
        Tag known = tags.resolve(List.of(key)).get(key);
        if (known != null) {
            return known.label();
        }
        return stories.items().stream()
                .flatMap(story -> story.tags().stream())
                .filter(tag -> tag.key().equals(key))
                .map(Tag::label)
                .findFirst()
                .orElseGet(() -> Tag.of(asked).label());
    }

    @GetMapping("/articles/{id}")
    ModelAndView show(@PathVariable String id, HttpServletRequest request) {
        Words words = ReaderWords.forBrowser(request, defaultLanguage);
        Optional<Article> article;
        try {
            article = articles.find(Long.parseLong(id));
        } catch (NumberFormatException e) {
            article = Optional.empty();
        }
        return article.filter(story -> !story.publishedAt().isAfter(clock.instant()))
                .map(story -> PageView.of(templates.storyArticle(words, story, corrections.of(story.id()),
                        site.storyLanguageOn(words.lang()))))
                .orElseGet(() -> missing(words, words.get("story.not-found")));
    }

    private ModelAndView missing(Words words, String message) {
        return PageView.of(templates.storyMissing(words, message), HttpStatus.NOT_FOUND);
    }
}
