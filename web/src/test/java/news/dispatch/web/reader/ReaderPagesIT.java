package news.dispatch.web.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import news.dispatch.core.article.Articles;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.web.Browser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The sign-up page as a browser without JavaScript gets it: labelled fields, errors in place, guarded forms. */
@ReaderTest
@ResetsDatabase({"delivery", "subscriber", "article"})
class ReaderPagesIT {

    @LocalServerPort
    int port;

    @Autowired
    Articles articles;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    Browser browser;

    @BeforeEach
    void setUp() {
        clock.advance(Duration.ofDays(1));
        browser = new Browser(port);
    }

    @Test
    void theSignUpFormLabelsEveryFieldAndOffersTheTagsInTheNews() {
        publish("Airbus orders A320 software fix", clock.instant(), "#Aviation", "#Airbus");
        publish("Regional airline grounds fleet", clock.instant(), "#Aviation");
        publish("An old story", clock.instant().minus(Duration.ofDays(60)), "#Archive");

        Browser.Page page = browser.get("/subscribe");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        String html = page.body();
        assertThat(html).contains("<form method=\"post\" action=\"/subscribe?lang=en\">",
                "<input type=\"hidden\" name=\"_csrf\" value=\"",
                "<label for=\"email\">Email address</label>", "<input type=\"email\" id=\"email\" name=\"email\"",
                "<legend>Tags to follow</legend>", "<label for=\"moreTags\" class=\"sub\">Other tags</label>",
                "<legend>How often</legend>", "name=\"frequency\" value=\"DAILY\" checked",
                "<label for=\"sendHour\">Hour</label>", "<option value=\"7\" selected>07:00</option>",
                "<label for=\"timezone\">Time zone</label>", "data-detect-zone",
                "<option value=\"UTC\" selected>UTC</option>", "<option value=\"Europe/Berlin\">",
                "name=\"alerts\" checked", "<button type=\"submit\" class=\"primary\">Subscribe</button>",
                "name=\"viewport\"", "href=\"/assets/reader.css\"",
                "<script src=\"/assets/reader.js\" defer></script>");
        assertThat(html).containsPattern("value=\"Aviation\"><label for=\"tag-0\">#Aviation <span class=\"count\">"
                + "2 stories</span>");
        assertThat(html).contains("#Airbus <span class=\"count\">1 story</span>").doesNotContain("Archive");
        assertThat(html).as("the honeypot, hidden from people").contains("class=\"trap\" aria-hidden=\"true\"",
                "name=\"website\"");
        assertThat(html).as("scripts only from files (CSP-friendly)").doesNotContainPattern("<script(?![^>]*src=)");
        assertThat(html).doesNotContain("style=");
    }

    @Test
    void theTagsOnOfferAreCountedAtMostOnceAMinute() {
        publish("Airbus orders A320 software fix", clock.instant(), "#Aviation");
        assertThat(browser.get("/subscribe").body()).contains("#Aviation <span class=\"count\">1 story</span>");

        publish("Regional airline grounds fleet", clock.instant(), "#Aviation", "#Rail");
        assertThat(browser.get("/subscribe").body()).as("the count of a moment ago")
                .contains("#Aviation <span class=\"count\">1 story</span>").doesNotContain("#Rail");

        clock.advance(Duration.ofMinutes(1));
        assertThat(browser.get("/subscribe").body())
                .contains("#Aviation <span class=\"count\">2 stories</span>", "#Rail <span class=\"count\">1 story");
    }

    @Test
    void theAssetsAreServedToEveryone() {
        Browser.Page css = browser.get("/assets/reader.css");
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Content-Type")).startsWith("text/css");
        Browser.Page script = browser.get("/assets/reader.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.body()).contains("Intl.DateTimeFormat().resolvedOptions().timeZone");
    }

    @Test
    void mistakesAreShownNextToTheirFieldsWithWhatWasTypedAndNothingIsStored() {
        Browser.Page form = browser.get("/subscribe");

        Browser.Page refused = browser.post("/subscribe", "_csrf", form.csrf(), "email", "not an address",
                "moreTags", "#ok, not/a/tag", "frequency", "HOURLY", "sendHour", "25", "timezone", "Mars/Olympus");

        assertThat(refused.status()).isEqualTo(400);
        String html = refused.body();
        assertThat(html).contains("Please correct the marked fields.",
                "aria-describedby=\"email-hint email-error\" aria-invalid=\"true\"",
                "<p class=\"error\" id=\"email-error\">This is not an email address we can send to. Please check it "
                        + "for typos: it looks like name@example.com.</p>",
                "<p class=\"error\" id=\"tags-error\">A tag is made of letters, digits and dashes, up to 50 of them; "
                        + "'not/a/tag' is not one.</p>",
                "<p class=\"error\" id=\"frequency-error\">Please choose how often: as it happens, daily or "
                        + "weekly.</p>",
                "<p class=\"error\" id=\"timezone-error\">",
                "value=\"not an address\"", "value=\"#ok, not/a/tag\"");
        assertThat(browser.post("/subscribe", "_csrf", form.csrf(), "email", "reader@example.com").body())
                .contains("<p class=\"error\" id=\"tags-error\">Please pick at least one tag, or type one.</p>");
        assertThat(browser.post("/subscribe", "_csrf", form.csrf(), "email", "ren\u00e9e@example.com", "tags",
                "Aviation").body()).as("said why, not to look for a typo")
                .contains("<p class=\"error\" id=\"email-error\">We cannot send to an address with letters beyond a–z");
        assertThat(jdbc.sql("select count(*) from subscriber").query(Long.class).single()).isZero();
    }

    @Test
    void aSignUpTheDatabaseCannotTakeInTimeGetsAPageThatSaysToTryAgain() throws SQLException {
        Browser.Page form = browser.get("/subscribe");
        assertThat(browser.post("/subscribe", "_csrf", form.csrf(), "email", "held@example.com", "moreTags",
                "Aviation", "frequency", "DAILY", "sendHour", "7", "timezone", "UTC").status()).isEqualTo(302);
        try (Connection holding = dataSource.getConnection()) {
            holding.setAutoCommit(false);
            try (Statement sql = holding.createStatement()) {
                sql.executeUpdate("update subscriber set send_hour = 8 where email = 'held@example.com'");

                Browser.Page busy = browser.post("/subscribe", "_csrf", form.csrf(), "email", "held@example.com",
                        "moreTags", "Aviation", "frequency", "DAILY", "sendHour", "7", "timezone", "UTC");

                assertThat(busy.status()).as(busy.body()).isEqualTo(503);
                assertThat(busy.header("Retry-After")).isEqualTo("1");
                assertThat(busy.header("Content-Type")).startsWith("text/html");
                assertThat(busy.body()).contains("please try again in a moment");
            } finally {
                holding.rollback();
            }
        }
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefused() {
        Browser.Page refused = browser.post("/subscribe", "email", "forged@example.com", "tags", "Aviation");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from subscriber").query(Long.class).single()).isZero();
    }

    @Test
    void aRobotThatFillsTheHoneypotIsAnsweredLikeAPersonAndNothingHappens() {
        Browser.Page form = browser.get("/subscribe");

        Browser.Page answer = browser.post("/subscribe", "_csrf", form.csrf(), "email", "robot@example.com",
                "tags", "Aviation", "frequency", "DAILY", "sendHour", "7", "timezone", "UTC",
                "website", "https://spam.example");

        assertThat(answer.status()).isEqualTo(302);
        assertThat(browser.follow(answer).body()).contains("Check your inbox", "robot@example.com");
        assertThat(jdbc.sql("select count(*) from subscriber").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from delivery").query(Long.class).single()).isZero();
    }

    @Test
    void theFormSaysWhichLimitASignUpMet() {
        Browser.Page form = browser.get("/subscribe");
        for (int i = 0; i < 5; i++) {
            browser.post("/subscribe", "_csrf", form.csrf(), "email", "inbox+" + i + "@example.com", "tags", "Aviation");
        }

        Browser.Page refused = browser.post("/subscribe", "_csrf", form.csrf(), "email", "inbox+5@example.com",
                "tags", "Aviation");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).as("the inbox's limit, not the client's")
                .contains("<p class=\"problem\" role=\"alert\">Too many sign-ups for this email address.");
    }

    @Test
    void theFormTellsAClientOverItsLimitWhenToComeBack() {
        Browser.Page form = browser.get("/subscribe");
        for (int i = 0; i < ReaderTest.SIGN_UPS_PER_CLIENT; i++) {
            assertThat(browser.post("/subscribe", "_csrf", form.csrf(), "email", "page" + i + "@example.com",
                    "tags", "Aviation").status()).isEqualTo(302);
        }

        Browser.Page refused = browser.post("/subscribe", "_csrf", form.csrf(), "email", "page.more@example.com",
                "tags", "Aviation");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
        assertThat(refused.body()).contains("<p class=\"problem\" role=\"alert\">Too many sign-ups from your address.",
                "value=\"page.more@example.com\"");
    }

    private void publish(String title, Instant publishedAt, String... tags) {
        articles.publish(new NewArticle(title, null, null, null, null, publishedAt,
                List.of(tags).stream().map(Tag::of).toList()));
    }
}
