package news.dispatch.web.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import news.dispatch.core.article.Articles;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a reader meets first: the front page at {@code /}, the way from it to a sign-up that a reload does not repeat,
 * and the help the form gives with tags and time zones.
 */
@ReaderTest
@ResetsDatabase({"delivery", "subscriber", "article"})
class FrontPageIT {

    @LocalServerPort
    int port;

    @Autowired
    Articles articles;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    Browser browser;

    @BeforeEach
    void setUp() {
        clock.advance(Duration.ofDays(1));
        browser = new Browser(port);
    }

    @Test
    void theFrontPageSaysWhatDispatchIsShowsTheLatestStoriesAndLeadsToTheSignUp() {
        publish("Airbus orders A320 software fix", clock.instant().minusSeconds(60).plusNanos(123_456_000),
                "#USMigration", "#Aviation");

        Browser.Page front = browser.get("/");

        assertThat(front.status()).as("no staff sign-in in the way").isEqualTo(200);
        String html = front.body();
        assertThat(html).contains("<h1>The stories you follow, by email</h1>", "newsletter",
                "<a class=\"button\" href=\"/subscribe?lang=en\">Subscribe</a>", "Airbus orders A320 software fix",
                "<a href=\"/articles?tag=usmigration&amp;lang=en\">#USMigration</a>",
                "<a href=\"/articles?lang=en\">All recent stories</a>",
                "<a class=\"staff-link\" href=\"/login\">Newsroom sign-in</a>");
        assertThat(html).as("a datetime the HTML checker takes: to the second")
                .containsPattern("<time datetime=\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\">");
    }

    @Test
    void signedInStaffStillStartOnTheirOwnPage() {
        Browser admin = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);

        Browser.Page home = admin.get("/");

        assertThat(home.status()).isEqualTo(302);
        assertThat(home.header("Location")).endsWith("/admin");
    }

    @Test
    void theTagPageShowsTheTagAsTheNewsroomWritesIt() {
        publish("Border rules change", clock.instant(), "#USMigration");

        assertThat(browser.get("/articles?tag=usmigration").body()).contains("<h1>Stories on #USMigration</h1>");
    }

    @Test
    void aSignUpIsRedirectedSoThatAReloadSendsNothingAndTagsWithoutStoriesAreNamed() {
        publish("Airbus orders A320 software fix", clock.instant(), "#Aviation");
        Browser.Page form = browser.get("/subscribe");

        Browser.Page posted = browser.post("/subscribe", "_csrf", form.csrf(), "email", "prg@example.com",
                "tags", "Aviation", "moreTags", "#Quantum Gardening", "frequency", "DAILY", "sendHour", "7",
                "timezone", "UTC");

        assertThat(posted.status()).isEqualTo(302);
        assertThat(posted.header("Location")).endsWith("/subscribe/sent?lang=en").doesNotContain("prg");
        Browser.Page sent = browser.follow(posted);
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.body()).contains("Check your inbox", "prg@example.com",
                "No stories carry #Quantum-Gardening yet").doesNotContain("#Aviation yet");
        long mailed = deliveries();
        Browser.Page reloaded = browser.follow(posted);
        assertThat(reloaded.body()).contains("Check your inbox").doesNotContain("prg@example.com");
        assertThat(deliveries()).as("a reload sends no second confirmation").isEqualTo(mailed);
    }

    @Test
    void theFormSuggestsKnownTagsAndGroupsTimeZonesByRegionWithTheirOffsets() {
        publish("Airbus orders A320 software fix", clock.instant(), "#Aviation");

        String html = browser.get("/subscribe").body();

        assertThat(html).contains("list=\"known-tags\"", "<datalist id=\"known-tags\">",
                "<option value=\"Aviation\"></option>", "id=\"moreTags-note\" aria-live=\"polite\"");
        assertThat(html).contains("<option value=\"UTC\" selected>UTC</option>", "<optgroup label=\"Europe\">",
                "<optgroup label=\"Asia\">", "<option value=\"Asia/Kolkata\">Kolkata (UTC+05:30)</option>",
                "<option value=\"America/Argentina/Buenos_Aires\">Argentina / Buenos Aires (UTC−03:00)</option>")
                .containsPattern("<option value=\"Europe/Berlin\">Berlin \\(UTC\\+0[12]:00\\)</option>");
        assertThat(html).as("outdated names of the same places are not offered, only mapped for the browser's")
                .doesNotContain("value=\"Asia/Calcutta\"", "value=\"Europe/Kiev\"", "value=\"America/Buenos_Aires\"")
                .contains("data-old-names=\"{&#34;Africa/Asmera&#34;:&#34;Africa/Asmara&#34;,");
    }

    private long deliveries() {
        return jdbc.sql("select count(*) from delivery").query(Long.class).single();
    }

    private void publish(String title, Instant publishedAt, String... tags) {
        articles.publish(new NewArticle(title, null, null, null, null, publishedAt,
                List.of(tags).stream().map(Tag::of).toList()));
    }
}
