package news.dispatch.web.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.QuietHours;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.outbox.DeliveryPeriod;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.mailer.sandbox.SandboxSmtp;
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

/** Sending an alert from the pages: the confirmation step with its dry run, the click that sends, the audit. */
@EditorTest
@ResetsDatabase({"delivery", "subscriber", "article"})
class AlertPagesIT {

    @LocalServerPort
    int port;

    @Autowired
    Articles articles;

    @Autowired
    Subscribers subscribers;

    @Autowired
    Accounts accounts;

    @Autowired
    SandboxSmtp sandbox;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Outbox outbox;

    Browser editor;

    @BeforeEach
    void setUp() {
        accounts.save(EditorTest.EDITOR, EditorTest.EDITOR_PASSWORD, Role.EDITOR);
        editor = new Browser(port).signedInAs(EditorTest.EDITOR, EditorTest.EDITOR_PASSWORD);
    }

    private void reader(String email, String... tags) {
        int farHour = (clock.instant().atZone(ZoneOffset.UTC).getHour() + 12) % 24;
        subscribers.add(EmailAddress.of(email), new Preferences(Arrays.stream(tags).map(Tag::of).toList(),
                Frequency.DAILY, ZoneOffset.UTC, farHour, true), SubscriberStatus.ACTIVE);
    }

    private Article story(String title, String... tags) {
        return articles.publish(new NewArticle(title, "What happened", "<p>The body</p>", "Desk", null,
                clock.instant().minusSeconds(60), Arrays.stream(tags).map(Tag::of).toList()));
    }

    @Test
    void theConfirmationStepShowsTheReachByTagAndTheEmailThenOneClickSendsItOnce() {
        reader("pages.one@example.com", "#Aviation");
        reader("pages.two@example.com", "#Aviation", "#Airbus");
        Article story = story("Airbus <orders> fix", "#Aviation", "#Airbus");
        String base = "/editor/articles/" + story.id();

        Page article = editor.get(base);
        assertThat(article.body()).contains("Not sent.", "href=\"" + base + "/alert\"");

        Page confirm = editor.get(base + "/alert");
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("It will reach <strong>2</strong> readers.",
                        "#Aviation</span></td><td>2</td>", "#Airbus</span></td><td>1</td>",
                        "Subject:</span> Breaking: Airbus &lt;orders&gt; fix",
                        "<iframe class=\"email-preview\" sandbox src=\"" + base + "/alert/email\"",
                        "action=\"" + base + "/alert\"", "Send alert to 2 readers")
                .doesNotContain("pages.one@example.com");
        assertThat(jdbc.sql("select count(*) from delivery").query(Long.class).single()).as("a dry run").isZero();

        Page email = editor.get(base + "/alert/email");
        assertThat(email.status()).isEqualTo(200);
        assertThat(email.header("Content-Type")).startsWith("text/html");
        assertThat(email.header("Content-Security-Policy")).startsWith("sandbox;")
                .contains("default-src 'none'", "frame-ancestors 'self'").doesNotContain("script-src");
        assertThat(email.header("X-Frame-Options")).isEqualTo("SAMEORIGIN");
        assertThat(email.body()).contains("Airbus &lt;orders&gt; fix", "reader@example.com")
                .doesNotContain("pages.one@example.com", "pages.two@example.com");

        Page sent = editor.post(base + "/alert", "_csrf", confirm.csrf());
        assertThat(sent.status()).isEqualTo(302);
        assertThat(sent.header("Location")).endsWith(base + "?alert=sent");
        Page after = editor.get(base + "?alert=sent");
        assertThat(after.body()).contains("The alert is on its way to 2 readers.", "<dt>Sent by</dt><dd>editor</dd>",
                "<dt>Readers</dt><dd>2").doesNotContain("Send alert…");

        Page again = editor.post(base + "/alert", "_csrf", confirm.csrf());
        assertThat(again.header("Location")).endsWith(base + "?alert=already");
        assertThat(editor.get(base + "?alert=already").body())
                .contains("This alert had already been sent. Nothing was sent again.");
        Page confirmAgain = editor.get(base + "/alert");
        assertThat(confirmAgain.body()).contains("This alert was already sent by editor")
                .doesNotContain("action=\"" + base + "/alert\"");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String address : List.of("pages.one@example.com", "pages.two@example.com")) {
                assertThat(sandbox.messages()).filteredOn(mail -> mail.to().contains(address)).hasSize(1);
            }
        });
        assertThat(jdbc.sql("select count(*) from alert").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void theConfirmationStepCountsThoseWhoHadTheStoryInADigestInGoodEnglish() {
        reader("pages.had@example.com", "#Aviation");
        reader("pages.new@example.com", "#Aviation");
        Article story = story("Airbus orders fix", "#Aviation");
        clock.advance(Duration.ofMinutes(10));
        long had = subscribers.findByEmail(EmailAddress.of("pages.had@example.com")).orElseThrow().id();
        outbox.queueDigests(List.of(new Outbox.DigestOrder(had, "pages.had@example.com",
                new DeliveryPeriod.Day(LocalDate.of(2025, 11, 27)), List.of(story.id()), 0)));

        assertThat(editor.get("/editor/articles/" + story.id() + "/alert").body())
                .contains("It will reach <strong>1</strong> reader", "1 more had the story in a digest already and is "
                        + "skipped.");
    }

    @Test
    void anAlertNobodyCanGetNowOffersNoButtonKeepsNothingAndCanBeSentOnceTheyCan() {
        reader("pages.capped@example.com", "#Aviation");
        for (int i = 1; i <= 3; i++) {
            Article alerted = story("Alerted story " + i, "#Aviation");
            editor.post("/editor/articles/" + alerted.id() + "/alert", "_csrf",
                    editor.get("/editor/articles/" + alerted.id() + "/alert").csrf());
        }
        Article fourth = story("Fourth story of the day", "#Aviation");
        String base = "/editor/articles/" + fourth.id();

        Page confirm = editor.get(base + "/alert");

        assertThat(confirm.body()).contains("This alert would reach nobody now, so it cannot be sent.",
                        "1 reader who follows its tags has had their alerts for today")
                .doesNotContain("action=\"" + base + "/alert\"", "Send alert to");
        Page refused = editor.post(base + "/alert", "_csrf", confirm.csrf());
        assertThat(refused.header("Location")).as("a page opened before").endsWith(base + "?alert=nobody");
        assertThat(editor.get(base + "?alert=nobody").body()).contains("Not sent: the alert would reach nobody now.");
        assertThat(jdbc.sql("select count(*) from alert where article_id = ?").param(fourth.id()).query(Long.class)
                .single()).isZero();

        clock.advance(Duration.ofDays(1));
        Page nextDay = editor.get(base + "/alert");
        assertThat(nextDay.body()).contains("It will reach <strong>1</strong> reader.", "Send alert to 1 reader");
        assertThat(editor.post(base + "/alert", "_csrf", nextDay.csrf()).header("Location"))
                .endsWith(base + "?alert=sent");
    }

    @Test
    void theConfirmationStepSaysOneReaderInTheSingular() {
        reader("pages.capped.one@example.com", "#Ferries");
        for (int i = 1; i <= 3; i++) {
            Article alerted = story("Ferry story " + i, "#Ferries");
            editor.post("/editor/articles/" + alerted.id() + "/alert", "_csrf",
                    editor.get("/editor/articles/" + alerted.id() + "/alert").csrf());
        }
        reader("pages.awake@example.com", "#Aviation");
        int hour = clock.instant().atZone(ZoneOffset.UTC).getHour();
        subscribers.add(EmailAddress.of("pages.asleep@example.com"), new Preferences(List.of(Tag.of("#Aviation")),
                Frequency.DAILY, ZoneOffset.UTC, (hour + 12) % 24, true, QuietHours.of(hour, (hour + 2) % 24)),
                SubscriberStatus.ACTIVE);
        Article story = story("Ferries and planes", "#Aviation", "#Ferries");

        assertThat(editor.get("/editor/articles/" + story.id() + "/alert").body())
                .contains("It will reach <strong>2</strong> readers.",
                        "1 of them is in their quiet hours and gets it when those end.",
                        "1 more has had their alerts for today;")
                .doesNotContain("are in their quiet hours", "more have had");
    }

    @Test
    void theAuditListsWhoSentWhichAlertWhenAndToHowMany() {
        reader("audit@example.com", "#Ferries");
        Article first = story("Ferry strike", "#Ferries");
        Article second = story("Ferries <resume>", "#Ferries", "#Ports");
        editor.post("/editor/articles/" + first.id() + "/alert", "_csrf",
                editor.get("/editor/articles/" + first.id() + "/alert").csrf());
        clock.advance(Duration.ofMinutes(5));
        editor.post("/editor/articles/" + second.id() + "/alert", "_csrf",
                editor.get("/editor/articles/" + second.id() + "/alert").csrf());

        Page audit = editor.get("/editor/alerts");

        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.body()).containsSubsequence("Ferries &lt;resume&gt;", "<td>editor</td>", "<td>1</td>",
                "Ferry strike", "<td>editor</td>", "<td>1</td>").contains("2 alerts");
        assertThat(editor.get("/editor/articles").body()).contains("SENT");
    }

    @Test
    void anEmbargoedStoryCannotBeSentFromThePagesEither() {
        reader("embargo.pages@example.com", "#Aviation");
        Article embargoed = articles.publish(new NewArticle("Tomorrow's story", null, null, null, null,
                clock.instant().plus(Duration.ofDays(1)), List.of(Tag.of("#Aviation"))));
        String base = "/editor/articles/" + embargoed.id();

        assertThat(editor.get(base).body()).contains("is not published until").doesNotContain("Send alert…");
        Page confirm = editor.get(base + "/alert");
        assertThat(confirm.body()).contains("it can be alerted from then on")
                .doesNotContain("action=\"" + base + "/alert\"");

        Page refused = editor.post(base + "/alert", "_csrf", confirm.csrf());
        assertThat(refused.header("Location")).endsWith(base + "?alert=embargoed");
        assertThat(jdbc.sql("select count(*) from alert").query(Long.class).single()).isZero();
    }

    @Test
    void unknownArticlesAnswerNotFound() {
        assertThat(editor.get("/editor/articles/424242/alert").status()).isEqualTo(404);
        assertThat(editor.get("/editor/articles/424242/alert/email").status()).isEqualTo(404);
        assertThat(editor.get("/editor/articles/x/alert").status()).isEqualTo(404);
        assertThat(new Browser(port).get("/editor/articles/1/alert/email").status()).isEqualTo(403);
    }
}
