package news.dispatch.web.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The public story pages: no login, escaped text, the sanitised body, no embargoed stories. */
@DispatchTest
@ResetsDatabase("article")
class StoryPagesIT {

    @LocalServerPort
    int port;

    @Autowired
    Articles articles;

    @Autowired
    Clock clock;

    @Autowired
    JdbcClient jdbc;

    ApiClient anybody;

    @BeforeEach
    void setUp() {
        anybody = ApiClient.anonymous(port);
    }

    private Article story(String title, String body, Duration ago, String... tags) {
        return articles.publish(new NewArticle(title, "Summary of " + title, body, "Saif <Desk>", null,
                clock.instant().minus(ago), Arrays.stream(tags).map(Tag::of).toList()));
    }

    @Test
    void anArticlePageShowsTheStoryWithItsTitleEscapedAndItsBodySanitised() {
        Article story = story("<script>alert('title')</script> & \"quotes\"",
                "<p onclick=\"steal()\">Body <b>bold</b><script>alert('body')</script>"
                        + "<a href=\"javascript:alert(1)\">bad link</a> <a href=\"https://news.example/\">good link</a>"
                        + "<iframe src=\"https://evil.example\"></iframe><img src=\"x\" onerror=\"alert(1)\"></p>",
                Duration.ofHours(1), "#Aviation", "#Airbus");

        Answer page = anybody.get("/articles/" + story.id());

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
        assertThat(page.body())
                .contains("<h1>&lt;script&gt;alert('title')&lt;/script&gt; &amp; \"quotes\"</h1>",
                        "By Saif &lt;Desk&gt;", "<b>bold</b>", "good link", "https://news.example/",
                        "href=\"/articles?tag=aviation&amp;lang=en\"", "#Airbus", "Summary of")
                .doesNotContain("<script>alert", "onclick", "javascript:", "<iframe", "onerror", "steal()");
    }

    @Test
    void theListShowsRecentStoriesNewestFirstPagedAndByTag() {
        story("Older aviation story", null, Duration.ofHours(3), "#Aviation");
        story("Ukraine story", null, Duration.ofHours(2), "#Ukraine");
        story("Newer aviation story", null, Duration.ofHours(1), "#Aviation");
        story("Embargoed story", null, Duration.ofHours(-2), "#Aviation");

        Answer all = anybody.get("/articles");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).containsSubsequence("Newer aviation story", "Ukraine story", "Older aviation story")
                .doesNotContain("Embargoed story");

        Answer aviation = anybody.get("/articles?tag=%23Aviation");
        assertThat(aviation.body()).contains("Stories on #Aviation", "Newer aviation story", "Older aviation story")
                .doesNotContain("Ukraine story");

        for (int i = 0; i < 21; i++) {
            story("Filler " + i, null, Duration.ofMinutes(30 - i), "#Filler");
        }
        Answer first = anybody.get("/articles?tag=filler");
        assertThat(first.body()).contains("Filler 20", "href=\"/articles?tag=filler&amp;page=1&amp;lang=en\"")
                .doesNotContain("Filler 0<");
        assertThat(anybody.get("/articles?tag=filler&page=1").body()).contains("Filler 0<");
        assertThat(anybody.get("/articles?tag=filler&lang=fr").body())
                .as("a reader who came in French stays in French from page to page")
                .contains("href=\"/articles?tag=filler&amp;page=1&amp;lang=fr\"", "href=\"/articles/",
                        "?lang=fr\">Filler 20</a>", "href=\"/articles?lang=fr\"", "class=\"brand\" href=\"/?lang=fr\"");
    }

    @Test
    void unknownEmbargoedAndMalformedStoriesAreNotFound() {
        Article embargoed = story("Embargoed", null, Duration.ofHours(-1), "#Aviation");

        assertThat(anybody.get("/articles/" + embargoed.id()).status()).isEqualTo(404);
        assertThat(anybody.get("/articles/999999").status()).isEqualTo(404);
        Answer malformed = anybody.get("/articles/not-a-number");
        assertThat(malformed.status()).isEqualTo(404);
        assertThat(malformed.header("Content-Type")).startsWith("text/html");
        assertThat(anybody.get("/articles?tag=%3Cbad%3E").status()).isEqualTo(404);
    }

    @Test
    void anArticleWithItsOwnUrlLinksToItsSource() {
        Article story = articles.publish(new NewArticle("Sourced", null, null, null,
                URI.create("https://news.example/sourced"), clock.instant().minusSeconds(5),
                java.util.List.of(Tag.of("#Aviation"))));

        assertThat(anybody.get("/articles/" + story.id()).body())
                .contains("href=\"https://news.example/sourced\"", "Read the full story at its source");
    }
}
