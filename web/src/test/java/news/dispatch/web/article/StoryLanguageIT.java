package news.dispatch.web.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.web.Browser;
import news.dispatch.web.WholeApp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * A newsroom that writes in German, read by someone who chose English: the story's title and texts are marked German,
 * so a screen reader reads them in a German voice (WCAG 3.1.2; an accessibility audit of 7 December found them read
 * in the page's language). On a German page they need no mark.
 */
@WholeApp
@TestPropertySource(properties = {"test.context-name=story-language", "dispatch.story-language=de"})
@ResetsDatabase("article")
class StoryLanguageIT {

    @LocalServerPort
    int port;

    @Autowired
    Articles articles;

    @Autowired
    Clock clock;

    @Test
    void theStoriesOwnLanguageMarksThemOnPagesInAnother() {
        Article story = articles.publish(new NewArticle("Landebahn wieder offen", "Der Flughafen meldet Betrieb.",
                "<p>Seit sechs Uhr landen wieder Flugzeuge.</p>", null, null,
                clock.instant().minus(Duration.ofHours(1)), List.of(Tag.of("#Luftfahrt"))));
        Browser browser = new Browser(port);

        assertThat(browser.get("/articles/" + story.id() + "?lang=en").body()).contains("<html lang=\"en\">",
                "<h1 lang=\"de\">Landebahn wieder offen</h1>", "<p class=\"lead\" lang=\"de\">Der Flughafen",
                "<div class=\"story-body\" lang=\"de\">");
        assertThat(browser.get("/articles?lang=en").body()).contains("<h2 lang=\"de\"><a href=\"/articles/",
                "<p lang=\"de\">Der Flughafen meldet Betrieb.</p>");
        assertThat(browser.get("/?lang=en").body()).contains("<h3 lang=\"de\"><a href=\"/articles/");
        assertThat(browser.get("/articles/" + story.id() + "?lang=de").body()).contains("<html lang=\"de\">",
                "<h1>Landebahn wieder offen</h1>").doesNotContain(" lang=\"de\">Der Flughafen");
    }
}
