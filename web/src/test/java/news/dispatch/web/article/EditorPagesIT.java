package news.dispatch.web.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.web.ApiClient;
import news.dispatch.web.Browser;
import news.dispatch.web.Browser.Page;
import news.dispatch.web.EditorTest;
import news.dispatch.web.account.Accounts;
import news.dispatch.web.account.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The editors' article pages over HTTP, as a browser without scripts uses them. */
@EditorTest
@ResetsDatabase({"delivery", "subscriber", "article"})
class EditorPagesIT {

    @LocalServerPort
    int port;

    @Autowired
    Articles articles;

    @Autowired
    Accounts accounts;

    @Autowired
    Subscribers subscribers;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    Browser editor;

    @BeforeEach
    void setUp() {
        accounts.save(EditorTest.EDITOR, EditorTest.EDITOR_PASSWORD, Role.EDITOR);
        editor = new Browser(port).signedInAs(EditorTest.EDITOR, EditorTest.EDITOR_PASSWORD);
    }

    private Article story(String title, Duration ago, String... tags) {
        return articles.publish(new NewArticle(title, "Summary of " + title, null, "Desk", null,
                clock.instant().minus(ago), List.of(tags).stream().map(Tag::of).toList()));
    }

    @Test
    void listsArticlesNewestFirstSearchesTitlesAndFiltersByTag() {
        story("Airbus orders A320 software fix", Duration.ofHours(3), "#Aviation", "#Airbus");
        story("Ferry strike ends", Duration.ofHours(2), "#Ferries");
        story("Airbus shares <b>fall</b>", Duration.ofHours(1), "#Markets");

        Page all = editor.get("/editor/articles");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).containsSubsequence("Airbus shares &lt;b&gt;fall&lt;/b&gt;", "Ferry strike ends",
                "Airbus orders A320 software fix").contains("3 articles", "<datalist id=\"tags-in-use\">",
                "<option value=\"Aviation\">");

        Page airbus = editor.get("/editor/articles?q=AIRBUS");
        assertThat(airbus.body()).contains("Airbus orders A320 software fix", "Airbus shares")
                .doesNotContain("Ferry strike ends");

        Page aviation = editor.get("/editor/articles?q=airbus&tag=%23Aviation");
        assertThat(aviation.body()).contains("Airbus orders A320 software fix").doesNotContain("Airbus shares")
                .contains("1 article");

        Page badTag = editor.get("/editor/articles?tag=%3Cnot+a+tag%3E");
        assertThat(badTag.status()).isEqualTo(400);
        assertThat(badTag.body()).contains("There is no tag like").doesNotContain("<not a tag>");
    }

    @Test
    void pagesThroughLongLists() {
        for (int i = 0; i < 25; i++) {
            story("Story " + i, Duration.ofMinutes(100 - i), "#Aviation");
        }

        Page first = editor.get("/editor/articles?tag=aviation");
        assertThat(first.body()).contains("Story 24", "Page 1 of 2", "href=\"/editor/articles?page=1&amp;tag=aviation\"")
                .doesNotContain("Story 4<");

        Page second = editor.get("/editor/articles?page=1&tag=aviation");
        assertThat(second.body()).contains("Story 4<", "Story 0<", "Page 2 of 2").doesNotContain("Story 5<");
        assertThat(editor.get("/editor/articles?page=999").body()).as("a page past the last is not an empty newsroom")
                .contains("No articles on this page").doesNotContain("No articles yet");
    }

    @Test
    void aNewArticleWithMistakesIsShownBackWithEachErrorNextToItsFieldThenPublished() {
        story("Earlier story", Duration.ofDays(1), "#Aviation", "#Airbus");
        Page form = editor.get("/editor/articles/new");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"_csrf\"", "value=\"Aviation\"", "value=\"Airbus\"",
                "<label for=\"title\">");

        Page rejected = editor.post("/editor/articles", "_csrf", form.csrf(), "title", " ", "summary", "A summary",
                "url", "ftp://news.example/x", "moreTags", "", "publishedAt", "yesterday");

        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.body()).contains("Nothing was published",
                "id=\"title-error\">title must not be blank",
                "id=\"url-error\">url must be an absolute http or https address",
                "id=\"tags-error\">an article needs at least one tag",
                "id=\"publishedAt-error\">publishedAt must be a date and time in UTC",
                "value=\"ftp://news.example/x\"", ">A summary</textarea>",
                "aria-invalid=\"true\" aria-describedby=\"tags-error\">");
        assertThat(form.body()).as("a tag's count says what it counts to a screen reader")
                .containsPattern("#Aviation <span class=\"count\"><span class=\"visually-hidden\">, </span>\\d+"
                        + "<span class=\"visually-hidden\"> stor(y|ies)</span></span>");
        assertThat(articles.count()).isEqualTo(1);

        Page published = editor.post("/editor/articles", "_csrf", rejected.csrf(),
                "title", "Airbus orders A320 software fix", "summary", "A summary",
                "body", "<p>Fixed <script>alert(1)</script><em>overnight</em></p>", "author", "Saif",
                "url", "https://news.example/a320", "tags", "Aviation", "moreTags", "#Toulouse, Airbus",
                "publishedAt", "2025-11-29T14:23");

        assertThat(published.status()).as(published.toString()).isEqualTo(302);
        Article article = articles.search(Optional.of("A320"), Optional.empty(), new PageRequest(0, 1)).items()
                .get(0);
        assertThat(published.header("Location")).endsWith("/editor/articles/" + article.id() + "?published");
        assertThat(article.tags()).extracting(Tag::label).containsExactly("Aviation", "Toulouse", "Airbus");
        assertThat(article.body()).isEqualTo("<p>Fixed <em>overnight</em></p>");
        assertThat(article.publishedAt()).isEqualTo(Instant.parse("2025-11-29T14:23:00Z"));
        assertThat(article.url()).isEqualTo(URI.create("https://news.example/a320"));

        Page shown = editor.get("/editor/articles/" + article.id() + "?published");
        assertThat(shown.body()).contains("Published.", "Airbus orders A320 software fix",
                "<p>Fixed <em>overnight</em></p>", "https://news.example/a320", "Send alert");
    }

    @Test
    void aTitleIsCountedAsPeopleCountItNotCutByTheBrowser() {
        Page form = editor.get("/editor/articles/new");
        assertThat(form.body()).as("a browser's maxlength counts an emoji twice and cuts a pasted title silently")
                .doesNotContain("maxlength");

        String parrots = "🦜".repeat(NewArticle.MAX_TITLE);
        Page published = editor.post("/editor/articles", "_csrf", form.csrf(), "title", parrots,
                "author", "✍".repeat(NewArticle.MAX_AUTHOR), "moreTags", "Birds");
        assertThat(published.status()).as(published.toString()).isEqualTo(302);

        Page tooLong = editor.post("/editor/articles", "_csrf", form.csrf(), "title", parrots + "!",
                "moreTags", "Birds");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("id=\"title-error\">title must be at most 300 characters");
    }

    @Test
    void aTitlePastedWithLineBreaksAndControlsIsSavedAsOneLine() {
        Page form = editor.get("/editor/articles/new");

        Page published = editor.post("/editor/articles", "_csrf", form.csrf(), "title", "Two\r\nlines \u0007bell",
                "summary", "First\r\nsecond\u0000", "author", "Desk\tNight", "moreTags", "Birds");

        assertThat(published.status()).as(published.toString()).isEqualTo(302);
        Article article = articles.search(Optional.of("Two"), Optional.empty(), new PageRequest(0, 1)).items().get(0);
        assertThat(article.title()).isEqualTo("Two lines bell");
        assertThat(article.summary()).isEqualTo("First\nsecond");
        assertThat(article.author()).isEqualTo("Desk Night");
    }

    /** A story pasted whole is over the body limit: the form says so, not the problem's JSON; the API keeps it. */
    @Test
    void aStoryTooLargeForTheFormIsSaidOnTheFormAndNothingIsSaved() {
        Article existing = story("Kept as it was", Duration.ofHours(1), "#Aviation");
        Page form = editor.get("/editor/articles/new");
        String huge = "<p>" + "x".repeat(2_500_000) + "</p>";

        Page refused = editor.post("/editor/articles", "_csrf", form.csrf(), "title", "Huge", "body", huge,
                "moreTags", "Aviation");

        assertThat(refused.status()).isEqualTo(303);
        Page page = editor.follow(refused);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("New article", "Nothing was published: the text sent is larger than 2048 KB,"
                + " more than one story may hold.");

        Page edited = editor.post("/editor/articles/" + existing.id(), "_csrf", form.csrf(), "title", "Huge",
                "body", huge, "moreTags", "Aviation");
        assertThat(edited.header("Location")).endsWith("/editor/articles/" + existing.id() + "/edit?tooLarge=2048KB");
        assertThat(editor.follow(edited).body()).contains("Nothing was saved, the article is as it was: the text sent",
                "value=\"Kept as it was\"");
        assertThat(articles.count()).isEqualTo(1);
        assertThat(articles.find(existing.id()).orElseThrow().title()).isEqualTo("Kept as it was");

        ApiClient.Answer api = ApiClient.anonymous(port).as(EditorTest.EDITOR, EditorTest.EDITOR_PASSWORD)
                .post("/api/articles", "{\"title\": \"Huge\", \"body\": \"" + huge + "\", \"tags\": [\"a\"]}");
        assertThat(api.status()).isEqualTo(413);
        assertThat(api.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void aUrlTakenByAnotherArticleIsRefusedNextToTheUrlField() {
        articles.publish(new NewArticle("Taken", null, null, null, URI.create("https://news.example/taken"), null,
                List.of(Tag.of("#Aviation"))));
        Page form = editor.get("/editor/articles/new");

        Page refused = editor.post("/editor/articles", "_csrf", form.csrf(), "title", "Copy",
                "url", "https://news.example/taken", "moreTags", "Aviation");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("id=\"url-error\">Another article already has this url.");
    }

    @Test
    void editingChangesTheArticleAndKeepsItsTimeWhenLeftAsShown() {
        Article original = story("Draft title", Duration.ofHours(5).plusSeconds(17).plusMillis(341), "#Aviation",
                "#Rare");
        Page form = editor.get("/editor/articles/" + original.id() + "/edit");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("value=\"Draft title\"", "action=\"/editor/articles/" + original.id() + "\"")
                .containsPattern("value=\"Rare\" checked");

        Matcher shown = Pattern.compile("name=\"publishedAt\" type=\"datetime-local\""
                + " value=\"([^\"]*)\"").matcher(form.body());
        assertThat(shown.find()).isTrue();

        // Sent back as the browser shows it, to the minute: the story keeps its time to the microsecond.
        Page saved = editor.post("/editor/articles/" + original.id(), "_csrf", form.csrf(), "title", "Final title",
                "summary", "New summary", "tags", "Aviation", "moreTags", "Ferries", "publishedAt", shown.group(1));

        assertThat(saved.status()).as(saved.toString()).isEqualTo(302);
        assertThat(saved.header("Location")).endsWith("/editor/articles/" + original.id() + "?saved");
        Article edited = articles.find(original.id()).orElseThrow();
        assertThat(edited.title()).isEqualTo("Final title");
        assertThat(edited.summary()).isEqualTo("New summary");
        assertThat(edited.author()).isNull();
        assertThat(edited.publishedAt()).isEqualTo(original.publishedAt());
        assertThat(edited.tags()).extracting(Tag::label).containsExactly("Aviation", "Ferries");

        Page bad = editor.post("/editor/articles/" + original.id(), "_csrf", form.csrf(), "title", "x".repeat(301),
                "tags", "Aviation");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("Nothing was saved", "title must be at most 300 characters");
        assertThat(articles.find(original.id()).orElseThrow().title()).isEqualTo("Final title");

        assertThat(editor.get("/editor/articles/999999/edit").status()).isEqualTo(404);
        assertThat(editor.get("/editor/articles/not-a-number").status()).isEqualTo(404);
    }

    @Test
    void aStoryReadersWereSentCannotBeMovedBackUnderEmbargoButMayBeReDatedIntoThePast() {
        for (String email : List.of("embargo.one@example.com", "embargo.two@example.com")) {
            subscribers.add(EmailAddress.of(email), new Preferences(List.of(Tag.of("#Aviation")), Frequency.DAILY,
                    ZoneOffset.UTC, (clock.instant().atZone(ZoneOffset.UTC).getHour() + 12) % 24, true),
                    SubscriberStatus.ACTIVE);
        }
        Article sent = story("Sent story", Duration.ofHours(1), "#Aviation");
        ApiClient.Answer alert = ApiClient.anonymous(port).as(EditorTest.EDITOR, EditorTest.EDITOR_PASSWORD)
                .post("/api/articles/" + sent.id() + "/alert", "");
        assertThat(alert.status()).as(alert.toString()).isEqualTo(202);
        DateTimeFormatter minutes = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);
        Page form = editor.get("/editor/articles/" + sent.id() + "/edit");

        Page refused = editor.post("/editor/articles/" + sent.id(), "_csrf", form.csrf(), "title", "Sent story",
                "tags", "Aviation", "publishedAt", minutes.format(clock.instant().plus(Duration.ofDays(1))));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Nothing was saved", "id=\"publishedAt-error\">2 readers have this story"
                + " already, so it cannot be held back until a later time");
        assertThat(articles.find(sent.id()).orElseThrow().publishedAt()).isEqualTo(sent.publishedAt());
        assertThat(new Browser(port).get("/articles/" + sent.id()).status()).as("the readers' link").isEqualTo(200);

        Instant earlier = clock.instant().minus(Duration.ofDays(1));
        Page redated = editor.post("/editor/articles/" + sent.id(), "_csrf", form.csrf(), "title", "Sent story",
                "tags", "Aviation", "publishedAt", minutes.format(earlier));
        assertThat(redated.status()).as(redated.toString()).isEqualTo(302);
        assertThat(articles.find(sent.id()).orElseThrow().publishedAt())
                .isEqualTo(earlier.truncatedTo(ChronoUnit.MINUTES));

        Article unsent = story("Nobody has it", Duration.ofHours(1), "#Ferries");
        Page embargoed = editor.post("/editor/articles/" + unsent.id(), "_csrf", form.csrf(), "title",
                "Nobody has it", "tags", "Ferries",
                "publishedAt", minutes.format(clock.instant().plus(Duration.ofDays(1))));
        assertThat(embargoed.status()).as("a story nobody was sent may still be held back").isEqualTo(302);
    }

    @Test
    void everyFormCarriesACsrfTokenAndAPostWithoutOneIsRefused() {
        // A reader for the alert to reach: an alert that would reach nobody has no form to send it.
        subscribers.add(EmailAddress.of("csrf.reader@example.com"), new Preferences(List.of(Tag.of("#Aviation")),
                Frequency.DAILY, ZoneOffset.UTC, (clock.instant().atZone(ZoneOffset.UTC).getHour() + 12) % 24, true),
                SubscriberStatus.ACTIVE);
        Article article = story("Story", Duration.ofHours(1), "#Aviation");
        for (String path : List.of("/editor/articles/new", "/editor/articles/" + article.id() + "/edit",
                "/editor/articles/" + article.id() + "/alert")) {
            Page page = editor.get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            int forms = occurrences(page.body(), "method=\"post\"");
            assertThat(forms).as("the page's form and the sign-out form, in %s", path).isEqualTo(2)
                    .isEqualTo(occurrences(page.body(), "name=\"_csrf\""));
        }

        Page forged = editor.post("/editor/articles", "title", "Forged", "moreTags", "Aviation");
        assertThat(forged.status()).isEqualTo(403);
        Page forgedAlert = editor.post("/editor/articles/" + article.id() + "/alert");
        assertThat(forgedAlert.status()).isEqualTo(403);
        assertThat(articles.count()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from alert").query(Long.class).single()).isZero();
    }

    @Test
    void strangersAreSentToSignInAndTheApiAsksForCredentials() {
        Browser stranger = new Browser(port);
        for (String path : List.of("/editor/articles", "/editor/articles/new", "/editor/alerts")) {
            Page page = stranger.get(path);
            assertThat(page.status()).as(path).isEqualTo(302);
            assertThat(page.header("Location")).as(path).endsWith("/login");
        }
        Page post = stranger.post("/editor/articles", "title", "Anonymous", "moreTags", "Aviation");
        assertThat(post.status()).as("sent to sign in, nothing stored").isIn(302, 403);

        ApiClient.Answer api = ApiClient.anonymous(port).post("/api/articles/1/alert", "");
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.header("Content-Type")).startsWith("application/problem+json");
        assertThat(ApiClient.anonymous(port).as(EditorTest.EDITOR, "wrong").get("/api/articles/1/alert/preview")
                .status()).isEqualTo(401);
    }

    @Test
    void editorPagesCarryTheStrictContentSecurityPolicy() {
        Page list = editor.get("/editor/articles");

        assertThat(list.header("Content-Security-Policy")).contains("script-src 'self'", "style-src 'self'")
                .doesNotContain("unsafe-inline");
        assertThat(list.body()).as("scripts are files of the app's, none written into the page")
                .doesNotContain("style=\"").doesNotContainPattern("<script(?![^>]* src=\"/assets/)");
    }

    private static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
