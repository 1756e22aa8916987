package news.dispatch.web.article;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.SiteSettings;
import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;
import news.dispatch.web.problem.NotFound;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The articles API: editors publish and read stories (their alerts: {@code alert.AlertController}). */
@RestController
@RequestMapping("/api/articles")
class ArticleController {

    private final Articles articles;
    private final URI baseUrl;

    ArticleController(Articles articles, SiteSettings site) {
        this.articles = articles;
        this.baseUrl = site.baseUrl();
    }

    @ApiResponse(responseCode = "201", description = "Published; `Location` is its address.")
    @ApiResponse(responseCode = "409", description = "Another article has this url.")
    @PostMapping
    ResponseEntity<ArticleView> publish(@RequestBody ArticleRequest request) {
        Article article = articles.publish(request.toNewArticle());
        return ResponseEntity.created(URI.create("/api/articles/" + article.id())).body(view(article));
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
        return articles.find(id).map(this::view)
                .orElseThrow(() -> new NotFound("There is no article " + id + "."));
    }

    private ArticleView view(Article article) {
        return new ArticleView(article.id(), article.title(), article.summary(), article.body(), article.author(),
                article.url(), article.tags().stream().map(tag -> tag.key().value()).toList(),
                article.tags().stream().map(Tag::label).toList(), article.publishedAt(), article.link(baseUrl));
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
                          Instant publishedAt) {

        NewArticle toNewArticle() {
            List<Tag> parsed = tags == null ? List.of() : tags.stream().map(Tag::of).toList();
            return new NewArticle(title, summary, body, author, NewArticle.parseUrl(url), publishedAt, parsed);
        }
    }

    /**
     * An article as the API answers it: {@code tags} are keys, {@code tagLabels} the same tags as first written,
     * {@code link} where emails point.
     */
    record ArticleView(long id, String title, String summary, String body, String author, URI url, List<String> tags,
                       List<String> tagLabels, Instant publishedAt, URI link) {
    }
}
