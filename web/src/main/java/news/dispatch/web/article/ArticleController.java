package news.dispatch.web.article;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.SiteSettings;
import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.Correction;
import news.dispatch.core.article.Corrections;
import news.dispatch.core.article.FollowUps;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;
import news.dispatch.mailer.story.StoryDesk;
import news.dispatch.web.problem.NotFound;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The articles API: editors publish and read stories (their alerts: {@code alert.AlertController}). */
@io.swagger.v3.oas.annotations.tags.Tag(name = "Articles")
@RestController
@RequestMapping("/api/articles")
class ArticleController {

    private final Articles articles;
    private final Corrections corrections;
    private final FollowUps followUps;
    private final StoryDesk stories;
    private final URI baseUrl;

    ArticleController(Articles articles, Corrections corrections, FollowUps followUps, StoryDesk stories,
                      SiteSettings site) {
        this.articles = articles;
        this.corrections = corrections;
        this.followUps = followUps;
        this.stories = stories;
        this.baseUrl = site.baseUrl();
    }

    /** Publishes a story; one that {@code follows} an earlier story reaches that story's readers too. */
    @ApiResponse(responseCode = "201", description = "Published; `Location` is its address.")
    @ApiResponse(responseCode = "409", description = "Another article has this url.")
    @PostMapping
    ResponseEntity<ArticleView> publish(@RequestBody ArticleRequest request) {
        NewArticle article = request.toNewArticle();
        Article published = request.follows() == null ? stories.publish(article)
                : stories.publishFollowUp(article, request.follows());
        return ResponseEntity.created(URI.create("/api/articles/" + published.id())).body(fullView(published));
    }

    /** Corrects a published story for every reader who was sent it. */
    @ApiResponse(responseCode = "201", description = "Owed to every reader who was sent the story.")
    @ApiResponse(responseCode = "409", description = "The story is not published yet.")
    @PostMapping("/{id}/corrections")
    ResponseEntity<CorrectionView> correct(@PathVariable long id, @RequestBody CorrectionRequest request,
                                           Authentication editor) {
        Correction correction = stories.correct(id, request == null ? null : request.text(), editor.getName());
        return ResponseEntity.status(HttpStatus.CREATED).body(CorrectionView.of(correction));
    }

    /** How many readers a correction to the story would reach now: sends nothing. */
    @GetMapping("/{id}/corrections/preview")
    CorrectionPreview previewCorrection(@PathVariable long id) {
        return new CorrectionPreview(stories.previewCorrection(id));
    }

    @GetMapping
    Page<ArticleView> list(@RequestParam Optional<String> tag,
                           @RequestParam(defaultValue = "0") int page,
                           @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
        Optional<TagKey> key = tag.filter(t -> !t.isBlank()).map(ArticleController::tagParameter);
        return articles.list(key, new PageRequest(page, size)).map(this::view);
    }

    @GetMapping("/{id}")
    ArticleView get(@PathVariable long id) {
        return articles.find(id).map(this::fullView)
                .orElseThrow(() -> new NotFound("There is no article " + id + "."));
    }

    /** An article in a list: without its corrections and what it follows, which its own address shows. */
    private ArticleView view(Article article) {
        return view(article, null, null);
    }

    private ArticleView fullView(Article article) {
        return view(article, followUps.earlier(article.id()).orElse(null),
                corrections.of(article.id()).stream().map(CorrectionView::of).toList());
    }

    private ArticleView view(Article article, Long follows, List<CorrectionView> corrected) {
        return new ArticleView(article.id(), article.title(), article.summary(), article.body(), article.author(),
                article.url(), article.tags().stream().map(tag -> tag.key().value()).toList(),
                article.tags().stream().map(Tag::label).toList(), article.publishedAt(), article.link(baseUrl),
                follows, corrected);
    }

    private static TagKey tagParameter(String tag) {
        try {
            return TagKey.of(tag);
        } catch (InvalidInput invalid) {
            throw new InvalidInput("tag", invalid.getMessage());
        }
    }

    /** An article as a client sends it. Checked by {@link NewArticle}, which names the field at fault. */
    record ArticleRequest(String title, String summary, String body, String author, String url, List<String> tags,
                          Instant publishedAt, Long follows) {

        NewArticle toNewArticle() {
            List<Tag> parsed = tags == null ? List.of() : tags.stream().map(Tag::of).toList();
            return new NewArticle(title, summary, body, author, NewArticle.parseUrl(url), publishedAt, parsed);
        }
    }

    /**
     * An article as the API answers it: {@code tags} are keys, {@code tagLabels} the same tags as first written,
     * {@code link} where emails point; {@code follows} the earlier story it develops and {@code corrections} its
     * corrections, oldest first (both shown by the article's own address, left out of lists).
     */
    record ArticleView(long id, String title, @Nullable String summary, @Nullable String body, @Nullable String author,
                       @Nullable URI url, List<String> tags,
                       List<String> tagLabels, Instant publishedAt, URI link,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Long follows,
                       @JsonInclude(JsonInclude.Include.NON_NULL) List<CorrectionView> corrections) {
    }

    /** A correction as an editor sends it. */
    record CorrectionRequest(String text) {
    }

    /** A correction as the contract shapes it: {@code recipients}, the readers it was owed to when made. */
    record CorrectionView(long id, long articleId, String text, Instant createdAt, int recipients) {

        static CorrectionView of(Correction correction) {
            return new CorrectionView(correction.id(), correction.articleId(), correction.text(),
                    correction.createdAt(), correction.recipients());
        }
    }

    /** How many readers a correction would reach now. */
    record CorrectionPreview(int recipients) {
    }
}
