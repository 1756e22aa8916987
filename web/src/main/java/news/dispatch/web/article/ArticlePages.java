package news.dispatch.web.article;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import gg.jte.generated.precompiled.Templates;
import news.dispatch.core.InvalidInput;
import news.dispatch.core.SiteSettings;
import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.Correction;
import news.dispatch.core.article.Corrections;
import news.dispatch.core.article.DuplicateArticleUrl;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.Tags;
import news.dispatch.mailer.alert.Alerts;
import news.dispatch.mailer.story.StoryDesk;
import news.dispatch.mailer.story.StoryNotPublished;
import news.dispatch.web.article.EditorViews.ArticleDetail;
import news.dispatch.web.article.EditorViews.ArticleList;
import news.dispatch.web.article.EditorViews.Form;
import news.dispatch.web.page.PageView;
import news.dispatch.web.page.StaffPage;
import news.dispatch.web.page.TagChoice;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The editors' article pages: the list with search and tag filter, the create and edit form, and an article's page
 * with its alert. Server-rendered forms with CSRF tokens; the domain checks every field and names the one at fault.
 */
@Controller
@StaffPage
@RequestMapping("/editor/articles")
class ArticlePages {

    private static final int PAGE_SIZE = 20;
    /** Which tags the form suggests: those on stories of the last month, most used first. */
    private static final Duration LATELY = Duration.ofDays(30);
    private static final int SUGGESTED = 40;

    private final Articles articles;
    private final Tags tags;
    private final Alerts alerts;
    private final Corrections corrections;
    private final StoryDesk stories;
    private final URI baseUrl;
    private final Clock clock;
    private final Templates templates;

    ArticlePages(Articles articles, Tags tags, Alerts alerts, Corrections corrections, StoryDesk stories,
                 SiteSettings site, Clock clock, Templates templates) {
        this.articles = articles;
        this.tags = tags;
        this.alerts = alerts;
        this.corrections = corrections;
        this.stories = stories;
        this.baseUrl = site.baseUrl();
        this.clock = clock;
        this.templates = templates;
    }

    @GetMapping
    ModelAndView list(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "") String tag,
                      @RequestParam(defaultValue = "0") String page) {
        int number = pageNumber(page);
        Optional<TagKey> key = Optional.empty();
        String problem = null;
        if (!tag.isBlank()) {
            try {
                key = Optional.of(TagKey.of(tag));
            } catch (InvalidInput invalid) {
                problem = "There is no tag like '" + tag.strip() + "': " + invalid.getMessage() + ".";
            }
        }
        Page<ArticleList.Row> found = problem != null ? Page.of(List.of(), new PageRequest(number, PAGE_SIZE), 0)
                : articles.search(Optional.of(q), key, new PageRequest(number, PAGE_SIZE))
                        .map(article -> new ArticleList.Row(article, alerts.find(article.id()).orElse(null)));
        ArticleList list = new ArticleList(found, q.strip(), tag.strip(), suggestions(List.of()));
        String refused = problem;
        return PageView.of(shared -> templates.editorArticles(shared.staff(), list, refused),
                refused == null ? HttpStatus.OK : HttpStatus.BAD_REQUEST);
    }

    /** The form; {@code tooLarge} when the one posted before was refused unread ({@code http.BodySizeLimit}). */
    @GetMapping("/new")
    ModelAndView create(@RequestParam(required = false) String tooLarge) {
        return form(ArticleForm.blank(), Map.of(), null, tooLargeProblem("Nothing was published", tooLarge),
                HttpStatus.OK);
    }

    @PostMapping
    ModelAndView publish(ArticleForm form) {
        ArticleForm.Checked checked = form.check();
        if (!checked.valid()) {
            return form(form, checked.errors(), null, "Nothing was published: please correct the marked fields.",
                    HttpStatus.BAD_REQUEST);
        }
        try {
            Article article = stories.publish(checked.article());
            return new ModelAndView("redirect:/editor/articles/" + article.id() + "?published");
        } catch (DuplicateArticleUrl duplicate) {
            return form(form, Map.of("url", "Another article already has this url."), null,
                    "Nothing was published: please correct the marked fields.", HttpStatus.CONFLICT);
        } catch (InvalidInput refused) {
            // What the form cannot know: its tags are all retired.
            return form(form, Map.of(refused.field(), refused.getMessage() + "."), null,
                    "Nothing was published: please correct the marked fields.", HttpStatus.BAD_REQUEST);
        }
    }

    @GetMapping("/{id}")
    ModelAndView show(@PathVariable String id, @RequestParam(required = false) String published,
                      @RequestParam(required = false) String saved, @RequestParam(required = false) String alert,
                      @RequestParam(required = false) String corrected) {
        Optional<Article> article = find(id);
        if (article.isEmpty()) {
            return missing(id);
        }
        String notice = published != null ? "published" : saved != null ? "saved"
                : "sent".equals(alert) || "already".equals(alert) || "embargoed".equals(alert)
                        || "nobody".equals(alert) ? alert
                : corrected != null ? "corrected" : null;
        return detail(article.get(), notice, null, null, sentTo(corrected), HttpStatus.OK);
    }

    /**
     * Sends a correction to every reader who was sent the story, then shows the story's page again (redirect after
     * POST), saying how many it went to; a refused one shows the page with the text kept and the reason.
     */
    @PostMapping("/{id}/corrections")
    ModelAndView correct(@PathVariable String id, @RequestParam(defaultValue = "") String text,
                         Authentication editor) {
        Optional<Article> article = find(id);
        if (article.isEmpty()) {
            return missing(id);
        }
        try {
            Correction correction = stories.correct(article.get().id(), text, editor.getName());
            return new ModelAndView("redirect:/editor/articles/" + article.get().id() + "?corrected="
                    + correction.recipients());
        } catch (InvalidInput invalid) {
            return detail(article.get(), null, text, invalid.getMessage(), null, HttpStatus.BAD_REQUEST);
        } catch (StoryNotPublished unpublished) {
            return detail(article.get(), null, text, unpublished.getMessage(), null, HttpStatus.CONFLICT);
        }
    }

    private ModelAndView detail(Article article, String notice, String text, String error, Integer sentTo,
                                HttpStatus status) {
        boolean embargoed = article.publishedAt().isAfter(clock.instant());
        EditorViews.Corrected corrected = new EditorViews.Corrected(corrections.of(article.id()),
                embargoed ? 0 : stories.previewCorrection(article.id()), text, error, sentTo);
        ArticleDetail page = new ArticleDetail(article, article.link(baseUrl).toString(),
                alerts.find(article.id()).orElse(null), notice, embargoed, corrected);
        return PageView.of(shared -> templates.editorArticle(shared.staff(), page), status);
    }

    private static Integer sentTo(String corrected) {
        try {
            return corrected == null ? null : Integer.valueOf(corrected);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @GetMapping("/{id}/edit")
    ModelAndView edit(@PathVariable String id, @RequestParam(required = false) String tooLarge) {
        String problem = tooLargeProblem("Nothing was saved, the article is as it was", tooLarge);
        return find(id).map(article -> form(ArticleForm.of(article), Map.of(), article.id(), problem, HttpStatus.OK))
                .orElseGet(() -> missing(id));
    }

    /**
     * What the form says after a post over the size limit: the browser's text never reached the app, so it cannot be
     * shown back.
     */
    private static String tooLargeProblem(String outcome, String tooLarge) {
        if (tooLarge == null || !tooLarge.matches("[0-9]{1,9}KB")) {
            return null;
        }
        return outcome + ": the text sent is larger than " + tooLarge.replace("KB", " KB")
                + ", more than one story may hold. Go back to your text, shorten it and send it again.";
    }

    @PostMapping("/{id}")
    ModelAndView update(@PathVariable String id, ArticleForm form) {
        Optional<Article> current = find(id);
        if (current.isEmpty()) {
            return missing(id);
        }
        long articleId = current.get().id();
        ArticleForm.Checked checked = form.keepingTimeOf(current.get()).check();
        if (!checked.valid()) {
            return form(form, checked.errors(), articleId, "Nothing was saved: please correct the marked fields.",
                    HttpStatus.BAD_REQUEST);
        }
        try {
            return stories.update(articleId, checked.article())
                    .map(article -> new ModelAndView("redirect:/editor/articles/" + article.id() + "?saved"))
                    .orElseGet(() -> missing(id));
        } catch (DuplicateArticleUrl duplicate) {
            return form(form, Map.of("url", "Another article already has this url."), articleId,
                    "Nothing was saved: please correct the marked fields.", HttpStatus.CONFLICT);
        } catch (InvalidInput refused) {
            return form(form, Map.of(refused.field(), refused.getMessage() + "."), articleId,
                    "Nothing was saved: please correct the marked fields.", HttpStatus.BAD_REQUEST);
        }
    }

    private ModelAndView form(ArticleForm form, Map<String, String> errors, Long articleId, String problem,
                              HttpStatus status) {
        Form page = new Form(form, errors, suggestions(form.tags()), articleId, problem);
        return PageView.of(shared -> templates.editorForm(shared.staff(), page), status);
    }

    /** The tags in use lately, most used first, and the ones the form has ticked that are not among them. */
    private List<TagChoice> suggestions(List<String> ticked) {
        List<TagChoice> choices = new ArrayList<>();
        tags.inUseSince(clock.instant().minus(LATELY), SUGGESTED)
                .forEach(use -> choices.add(new TagChoice(use.tag().label(), use.articles())));
        Set<String> offered = choices.stream().map(choice -> TagKey.fold(choice.label()))
                .collect(Collectors.toSet());
        Map<String, TagChoice> others = new LinkedHashMap<>();
        for (String label : ticked) {
            if (!offered.contains(TagKey.fold(label))) {
                others.putIfAbsent(TagKey.fold(label), new TagChoice(label, 0));
            }
        }
        choices.addAll(others.values());
        return choices;
    }

    private Optional<Article> find(String id) {
        try {
            return articles.find(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private ModelAndView missing(String id) {
        return PageView.of(shared -> templates.editorMissing(shared.staff(), id), HttpStatus.NOT_FOUND);
    }

    private static int pageNumber(String page) {
        try {
            return Math.max(0, Integer.parseInt(page));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
