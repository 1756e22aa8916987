package news.dispatch.web.article;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.QuietHours;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.outbox.DeliveryPause;
import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.mailer.sandbox.SandboxSmtp;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;
import news.dispatch.web.EditorTest;
import news.dispatch.web.account.Accounts;
import news.dispatch.web.account.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Stories over time: corrections that reach exactly the readers in the delivery history, follow-ups that reach the
 * readers of the story they develop once, and "follow this story" from a reader's email. Down to the emails the
 * sandbox catches; digests are sent by an admin's run, the clock moved rather than slept.
 */
@EditorTest
@ResetsDatabase({"delivery", "subscriber", "article"})
class StoriesOverTimeIT {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final String RUN = "/api/admin/digests/run";
    private static final Pattern FOLLOW_LINK = Pattern.compile("https://dispatch\\.example/follow/([A-Za-z0-9_-]+)/");

    @LocalServerPort
    int port;

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
    DeliveryPause sendingPause;

    ApiClient editor;
    ApiClient admin;

    @BeforeEach
    void setUp() {
        accounts.save(EditorTest.EDITOR, EditorTest.EDITOR_PASSWORD, Role.EDITOR);
        editor = ApiClient.anonymous(port).as(EditorTest.EDITOR, EditorTest.EDITOR_PASSWORD);
        admin = ApiClient.anonymous(port).as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
    }

    /** A reader whose hour is half a day away, so the running schedule leaves them to the test's runs. */
    private Subscriber reader(String email, Frequency frequency, boolean alertsOn, String... tags) {
        int farHour = (clock.instant().atZone(ZoneOffset.UTC).getHour() + 12) % 24;
        return subscribers.add(EmailAddress.of(email), new Preferences(Arrays.stream(tags).map(Tag::of).toList(),
                frequency, ZoneOffset.UTC, farHour, alertsOn), SubscriberStatus.ACTIVE);
    }

    private Subscriber daily(String email, String... tags) {
        return reader(email, Frequency.DAILY, false, tags);
    }

    private long publish(String title, Long follows, String... tags) {
        Answer created = editor.post("/api/articles", body(title, follows, tags));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private static String body(String title, Long follows, String... tags) {
        String tagList = Arrays.stream(tags).map(tag -> "\"" + tag + "\"").collect(Collectors.joining(", "));
        return """
                {"title": "%s", "summary": "Summary of the story", "tags": [%s]%s}
                """.formatted(title, tagList, follows == null ? "" : ", \"follows\": " + follows);
    }

    /** An admin's digest run for daily readers, a minute on, and its mail sent. */
    private int runDaily() {
        clock.advance(Duration.ofMinutes(1));
        Answer run = admin.post(RUN, "{\"frequency\": \"DAILY\"}");
        assertThat(run.status()).as(run.toString()).isEqualTo(202);
        awaitOutboxIdle();
        // What is published next comes after the cursors this run moved.
        clock.advance(Duration.ofSeconds(1));
        return run.json().get("queued").asInt();
    }

    /** Until everything due is sent or dropped, including what a worker holds (whose lease ends later). */
    private void awaitOutboxIdle() {
        await().atMost(PATIENCE).until(() -> jdbc.sql("""
                        select count(*) from delivery
                         where status = 'SENDING' or status in ('QUEUED', 'RETRYING') and available_at <= ?""")
                .param(clock.instant().atOffset(ZoneOffset.UTC)).query(Long.class).single() == 0);
    }

    private List<CapturedEmail> mailTo(String address) {
        return sandbox.messages().stream().filter(mail -> mail.to().contains(address)).toList();
    }

    /** The newest email to the address (the sandbox lists newest first). */
    private CapturedEmail last(String address) {
        List<CapturedEmail> mail = mailTo(address);
        assertThat(mail).as("mail to " + address).isNotEmpty();
        return mail.get(0);
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    @Test
    void aCorrectionReachesExactlyTheReadersWhoWereSentTheStoryOnce() {
        daily("ana.digest@example.com", "#Aviation");
        reader("bo.alert@example.com", Frequency.DAILY, true, "#Airbus");
        reader("cy.immediate@example.com", Frequency.IMMEDIATE, true, "#Airbus");
        daily("dee.other@example.com", "#Ukraine");
        Subscriber eve = daily("eve.erased@example.com", "#Aviation");
        long story = publish("Airbus orders A320 fix", null, "#Aviation", "#Airbus");
        publish("Drone attack damages power station", null, "#Ukraine");
        assertThat(editor.post("/api/articles/" + story + "/alert", "").status()).isEqualTo(202);
        assertThat(runDaily()).as("ana, dee and eve; bo had the story as an alert").isEqualTo(3);
        assertThat(admin.delete("/api/admin/subscribers/" + eve.id()).status()).isEqualTo(204);
        int before = sandbox.messages().size();

        Answer preview = editor.get("/api/articles/" + story + "/corrections/preview");
        assertThat(preview.json().get("recipients").asInt()).isEqualTo(3);
        Answer corrected = editor.post("/api/articles/" + story + "/corrections",
                "{\"text\": \"The fix is for 6,000 jets, not 60,000.\"}");

        assertThat(corrected.status()).as(corrected.toString()).isEqualTo(201);
        JsonNode body = corrected.json();
        assertThat(body.propertyNames())
                .containsExactlyInAnyOrder("id", "articleId", "text", "createdAt", "recipients");
        assertThat(body.get("articleId").asLong()).isEqualTo(story);
        assertThat(body.get("text").asString()).isEqualTo("The fix is for 6,000 jets, not 60,000.");
        assertThat(body.get("recipients").asInt()).as("ana, bo and cy; not dee, nor erased eve").isEqualTo(3);

        // The reader who reads as it happens has it at once.
        await().atMost(PATIENCE).until(() -> mailTo("cy.immediate@example.com").size() == 2);
        CapturedEmail atOnce = last("cy.immediate@example.com");
        assertThat(atOnce.subject()).isEqualTo("Correction: Airbus orders A320 fix");
        assertThat(atOnce.text()).contains("The fix is for 6,000 jets, not 60,000.", "Airbus orders A320 fix",
                "https://dispatch.example/articles/" + story);

        // The others at the top of their next digest, even with no new story; nobody else.
        assertThat(runDaily()).as("ana and bo").isEqualTo(2);
        for (String address : List.of("ana.digest@example.com", "bo.alert@example.com")) {
            CapturedEmail digest = last(address);
            assertThat(digest.subject()).isEqualTo("Correction: Airbus orders A320 fix");
            assertThat(digest.text()).contains("CORRECTION: Airbus orders A320 fix",
                    "The fix is for 6,000 jets, not 60,000.", "https://dispatch.example/articles/" + story);
            assertThat(digest.html()).contains("The fix is for 6,000 jets, not 60,000.");
        }
        List<CapturedEmail> all = sandbox.messages();
        assertThat(all.subList(0, all.size() - before))
                .extracting(mail -> mail.to().get(0))
                .containsExactlyInAnyOrder("cy.immediate@example.com", "ana.digest@example.com",
                        "bo.alert@example.com");

        // Once: the next run owes nobody anything.
        assertThat(runDaily()).isZero();

        JsonNode article = editor.get("/api/articles/" + story).json();
        assertThat(article.get("corrections")).hasSize(1);
        assertThat(article.get("corrections").get(0).get("text").asString())
                .isEqualTo("The fix is for 6,000 jets, not 60,000.");
        Browser.Page page = new Browser(port).get("/articles/" + story);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Correction", "The fix is for 6,000 jets, not 60,000.");
    }

    @Test
    void aStoryCorrectedBeforeAReaderIsSentItCarriesItsCorrection() {
        daily("fin.later@example.com", "#Aviation");
        long story = publish("Airbus grounds 60,000 jets", null, "#Aviation");
        Answer corrected = editor.post("/api/articles/" + story + "/corrections",
                "{\"text\": \"It is 6,000 jets, not 60,000.\"}");
        assertThat(corrected.json().get("recipients").asInt()).as("nobody was sent it yet").isZero();

        assertThat(runDaily()).isEqualTo(1);
        CapturedEmail digest = last("fin.later@example.com");
        assertThat(digest.text()).as("under the story, not owed at the top of a later digest")
                .containsSubsequence("Airbus grounds 60,000 jets", "Correction: It is 6,000 jets, not 60,000.");
        assertThat(digest.html()).contains("Correction: It is 6,000 jets, not 60,000.");
        assertThat(runDaily()).isZero();
    }

    @Test
    void aReaderWhoseDigestOfTheStoryIsStillQueuedReadsTheCorrectionUnderItOnce() {
        reader("gus.weekly@example.com", Frequency.WEEKLY, false, "#Aviation");
        daily("hal.queued@example.com", "#Aviation");
        long story = publish("Airbus grounds 60,000 jets", null, "#Aviation");
        clock.advance(Duration.ofMinutes(1));
        assertThat(admin.post(RUN, "{\"frequency\": \"WEEKLY\"}").status()).isEqualTo(202);
        awaitOutboxIdle();
        sendingPause.pause("a test");
        try {
            clock.advance(Duration.ofMinutes(1));
            assertThat(admin.post(RUN, "{\"frequency\": \"DAILY\"}").json().get("queued").asInt()).isEqualTo(1);

            Answer corrected = editor.post("/api/articles/" + story + "/corrections",
                    "{\"text\": \"It is 6,000 jets, not 60,000.\"}");
            assertThat(corrected.json().get("recipients").asInt()).as("gus, and hal under the story in his digest")
                    .isEqualTo(2);
            assertThat(jdbc.sql("select count(*) from correction_owed").query(Integer.class).single())
                    .as("owed to gus alone").isEqualTo(1);
        } finally {
            sendingPause.resume();
        }
        awaitOutboxIdle();
        assertThat(last("hal.queued@example.com").text())
                .containsSubsequence("Airbus grounds 60,000 jets", "Correction: It is 6,000 jets, not 60,000.");

        clock.advance(Duration.ofSeconds(1));
        assertThat(runDaily()).as("hal read it under the story: nothing owed at the top of another digest").isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(admin.post(RUN, "{\"frequency\": \"WEEKLY\"}").json().get("queued").asInt()).isEqualTo(1);
        awaitOutboxIdle();
        assertThat(last("gus.weekly@example.com").text()).contains("CORRECTION: Airbus grounds 60,000 jets");
    }

    @Test
    void aCorrectionSaysWhatIsWrongWithIt() {
        long story = publish("Airbus orders A320 fix", null, "#Aviation");

        for (String text : List.of("{\"text\": \"\"}", "{\"text\": \"   \"}", "{}",
                "{\"text\": \"" + "x".repeat(1001) + "\"}")) {
            Answer refused = editor.post("/api/articles/" + story + "/corrections", text);
            assertThat(refused.status()).as(text).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("text");
        }
        Answer unknown = editor.post("/api/articles/999999/corrections", "{\"text\": \"Wrong date.\"}");
        assertThat(unknown.status()).isEqualTo(404);

        Answer embargoed = editor.post("/api/articles", """
                {"title": "Embargoed", "tags": ["#Aviation"], "publishedAt": "%s"}
                """.formatted(clock.instant().plus(Duration.ofDays(1))));
        Answer early = editor.post("/api/articles/" + embargoed.json().get("id").asLong() + "/corrections",
                "{\"text\": \"Wrong date.\"}");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().get("detail").asString()).contains("is not published until");
        assertThat(ApiClient.anonymous(port).post("/api/articles/" + story + "/corrections",
                "{\"text\": \"Wrong date.\"}").status()).isEqualTo(401);
    }

    @Test
    void aFollowUpReachesTheReadersOfTheEarlierStoryOnceSayingWhy() {
        daily("fay.reader@example.com", "#Aviation");
        daily("gus.both@example.com", "#Aviation", "#Energy");
        daily("hal.other@example.com", "#Ukraine");
        long earlier = publish("Airbus orders A320 fix", null, "#Aviation");
        assertThat(runDaily()).isEqualTo(2);

        Answer unknown = editor.post("/api/articles", body("Follow-up of nothing", 999999L, "#Energy"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("follows");
        long followUp = publish("Airlines finish the A320 fix overnight", earlier, "#Energy");
        assertThat(editor.get("/api/articles/" + followUp).json().get("follows").asLong()).isEqualTo(earlier);

        assertThat(runDaily()).as("fay and gus; hal did not read the earlier story").isEqualTo(2);
        CapturedEmail fay = last("fay.reader@example.com");
        assertThat(fay.text()).contains("Airlines finish the A320 fix overnight",
                "A follow-up to “Airbus orders A320 fix”");
        assertThat(fay.html()).contains("A follow-up to “Airbus orders A320 fix”");
        assertThat(fay.subject()).as("the story is on none of her tags: naming them would promise one")
                .isEqualTo("Airlines finish the A320 fix overnight");
        assertThat(fay.text().lines().toList().get(1)).as("no line of her tags under the heading")
                .isEqualTo("A follow-up to “Airbus orders A320 fix”");
        assertThat(last("gus.both@example.com").text().lines().toList().get(1)).isEqualTo("#Energy ");
        CapturedEmail gus = last("gus.both@example.com");
        assertThat(occurrences(gus.text(), "Airlines finish the A320 fix overnight"))
                .as("through his tags, once").isEqualTo(1);
        assertThat(gus.text()).doesNotContain("A follow-up to");
        assertThat(gus.subject()).isEqualTo("Energy: Airlines finish the A320 fix overnight");
        assertThat(mailTo("hal.other@example.com")).isEmpty();

        assertThat(runDaily()).as("never twice").isZero();
    }

    @Test
    void aFollowUpPublishedBeforeTheReaderWasSentItsStoryComesWithIt() {
        daily("jo.aviation@example.com", "#Aviation");
        daily("kim.energy@example.com", "#Energy");
        long story = publish("Airbus grounds A320s for a fix", null, "#Aviation");
        long followUp = publish("Airlines fly the fixed A320s again", story, "#Energy");
        long closed = publish("Regulators close the A320 file", followUp, "#Markets");

        assertThat(runDaily()).isEqualTo(2);
        CapturedEmail jo = last("jo.aviation@example.com");
        assertThat(jo.text()).as("both were published before her digest sent her the story")
                .contains("Airbus grounds A320s for a fix", "Airlines fly the fixed A320s again",
                        "A follow-up to “Airbus grounds A320s for a fix”", "Regulators close the A320 file",
                        "A follow-up to “Airlines fly the fixed A320s again”");
        assertThat(jo.subject()).isEqualTo("Aviation: Airbus grounds A320s for a fix + 2 more");
        CapturedEmail kim = last("kim.energy@example.com");
        assertThat(kim.text()).as("his tag brought the follow-up, and with it what develops it, not what it follows")
                .contains("Airlines fly the fixed A320s again", "Regulators close the A320 file",
                        "A follow-up to “Airlines fly the fixed A320s again”")
                .doesNotContain("Airbus grounds");

        assertThat(runDaily()).as("never twice").isZero();

        long reopened = publish("Regulators reopen the A320 file", closed, "#Travel");
        publish("Airlines ask for compensation", reopened, "#Travel");
        assertThat(runDaily()).as("owed the first, as both were sent its story; the second came out meanwhile")
                .isEqualTo(2);
        for (String reader : List.of("jo.aviation@example.com", "kim.energy@example.com")) {
            assertThat(last(reader).text()).as(reader).contains("Regulators reopen the A320 file",
                    "Airlines ask for compensation", "A follow-up to “Regulators reopen the A320 file”");
        }
        assertThat(runDaily()).as("never twice").isZero();
    }

    @Test
    void aFollowUpUnderEmbargoReachesWhoWasSentItsStoryMeanwhileOnItsRelease() {
        daily("lea.aviation@example.com", "#Aviation");
        long story = publish("Airbus grounds A320s for a fix", null, "#Aviation");
        String embargoed = clock.instant().plus(Duration.ofHours(2)).toString();
        Answer held = editor.post("/api/articles", """
                {"title": "Regulators clear the A320 fix", "summary": "Summary of the story", "tags": ["#Energy"],
                 "publishedAt": "%s", "follows": %d}
                """.formatted(embargoed, story));
        assertThat(held.status()).as(held.toString()).isEqualTo(201);

        assertThat(runDaily()).isEqualTo(1);
        assertThat(last("lea.aviation@example.com").text()).contains("Airbus grounds A320s for a fix")
                .doesNotContain("Regulators clear the A320 fix");

        clock.advance(Duration.ofHours(3));
        assertThat(runDaily()).as("she was sent its story before its release").isEqualTo(1);
        assertThat(last("lea.aviation@example.com").text()).contains("Regulators clear the A320 fix",
                "A follow-up to “Airbus grounds A320s for a fix”");
        assertThat(runDaily()).as("never twice").isZero();
    }

    @Test
    void aFollowUpPublishedBeforeItsStorysAlertReachesTheAlertsReaders() {
        reader("lea.election@example.com", Frequency.DAILY, true, "#Election");
        long story = publish("Minister resigns", null, "#Election");
        publish("Caretaker minister named", story, "#Cabinet");
        Answer alert = editor.post("/api/articles/" + story + "/alert", "");
        assertThat(alert.status()).as(alert.toString()).isEqualTo(202);
        awaitOutboxIdle();
        assertThat(last("lea.election@example.com").subject()).contains("Minister resigns");

        assertThat(runDaily()).as("she was sent the story by its alert").isEqualTo(1);
        CapturedEmail digest = last("lea.election@example.com");
        assertThat(digest.text()).contains("Caretaker minister named", "A follow-up to “Minister resigns”");
        assertThat(occurrences(digest.text(), "Minister resigns")).as("the alert had the story").isEqualTo(1);
        assertThat(runDaily()).as("never twice").isZero();
    }

    /** An alert waiting for the end of its reader's quiet hours: its follow-up waits for it (editor QA, 7 December). */
    @Test
    void aFollowUpWaitsForItsStorysAlertHeldByTheReadersQuietHours() {
        int hour = clock.instant().atZone(ZoneOffset.UTC).getHour();
        subscribers.add(EmailAddress.of("max.night@example.com"), new Preferences(List.of(Tag.of("#Election")),
                Frequency.DAILY, ZoneOffset.UTC, (hour + 12) % 24, true, new QuietHours(hour, (hour + 2) % 24)),
                SubscriberStatus.ACTIVE);
        long story = publish("Minister resigns at night", null, "#Election");
        assertThat(editor.post("/api/articles/" + story + "/alert", "").status()).isEqualTo(202);
        publish("Caretaker minister named at night", story, "#Cabinet");

        assertThat(runDaily()).as("the alert waits for the morning, and the follow-up with it").isZero();
        assertThat(mailTo("max.night@example.com")).isEmpty();

        clock.advance(Duration.ofHours(2));
        awaitOutboxIdle();
        assertThat(last("max.night@example.com").subject()).contains("Minister resigns at night");
        assertThat(runDaily()).isEqualTo(1);
        assertThat(last("max.night@example.com").text()).contains("Caretaker minister named at night",
                "A follow-up to “Minister resigns at night”");
    }

    @Test
    void aReaderFollowsAStoryFromTheirEmailAndGetsItsWholeLine() {
        daily("ivy.follows@example.com", "#Ukraine");
        long story = publish("Grain corridor talks resume", null, "#Ukraine");
        assertThat(runDaily()).isEqualTo(1);
        Matcher link = FOLLOW_LINK.matcher(last("ivy.follows@example.com").text());
        assertThat(link.find()).isTrue();
        String path = "/follow/" + link.group(1) + "/" + story;

        Browser browser = new Browser(port);
        Browser.Page page = browser.get(path);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Follow this story", "Grain corridor talks resume");
        assertThat(new Browser(port).post(path).status()).as("without the page's CSRF token").isEqualTo(403);
        Browser.Page followed = browser.post(path, "_csrf", page.csrf());
        assertThat(followed.status()).isEqualTo(302);
        assertThat(browser.get(path).body()).contains("You follow this story");
        assertThat(new Browser(port).get("/follow/" + link.group(1) + "x/" + story).status()).isEqualTo(404);

        // A follow-up of the follow-up carries none of her tags, and she had not been sent the story it follows.
        long next = publish("Ships leave port under the corridor deal", story, "#Shipping");
        publish("First grain ship reaches Istanbul", next, "#Shipping");

        assertThat(runDaily()).isEqualTo(1);
        CapturedEmail digest = last("ivy.follows@example.com");
        assertThat(digest.text()).contains("Ships leave port under the corridor deal",
                "First grain ship reaches Istanbul", "A follow-up to “Ships leave port under the corridor deal”")
                .as("she followed the line, and read none of it but the first story").doesNotContain("you read");
        assertThat(digest.subject()).endsWith(" + 1 more").doesNotContain("Ukraine");
    }

    @Test
    void anEditorCorrectsAStoryFromItsPageSeeingHowManyReadersGetIt() {
        daily("kim.page@example.com", "#Aviation");
        daily("lou.page@example.com", "#Ukraine");
        long story = publish("Airbus orders A320 fix", null, "#Aviation");
        assertThat(runDaily()).isEqualTo(1);
        Browser browser = new Browser(port).signedInAs(EditorTest.EDITOR, EditorTest.EDITOR_PASSWORD);

        Browser.Page page = browser.get("/editor/articles/" + story);
        assertThat(page.body()).contains("Corrections", "Send correction to 1 reader");
        Browser.Page refused = browser.post("/editor/articles/" + story + "/corrections", "_csrf", page.csrf(),
                "text", " ");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("text must not be blank");
        assertThat(browser.post("/editor/articles/" + story + "/corrections", "text", "Wrong fleet size.").status())
                .as("without the page's CSRF token").isEqualTo(403);

        Browser.Page sent = browser.post("/editor/articles/" + story + "/corrections", "_csrf", page.csrf(),
                "text", "Wrong fleet size.");
        assertThat(sent.status()).isEqualTo(302);
        Browser.Page after = browser.follow(sent);
        assertThat(after.body()).contains("The correction is on its way to 1 reader.", "Wrong fleet size.");
        assertThat(runDaily()).isEqualTo(1);
        assertThat(last("kim.page@example.com").text()).contains("CORRECTION: Airbus orders A320 fix",
                "Wrong fleet size.");
        assertThat(mailTo("lou.page@example.com")).isEmpty();
    }
}
