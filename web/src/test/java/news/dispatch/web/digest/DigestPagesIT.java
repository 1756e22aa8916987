package news.dispatch.web.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import news.dispatch.core.article.Articles;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.outbox.DeliveryPause;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Send digests now" from the pages: the dry run's numbers, the send, its live counts, pausing and resuming all
 * sending, and cancelling what a run still has waiting.
 */
@DispatchTest
@ResetsDatabase({"delivery", "subscriber", "article"})
class DigestPagesIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    Subscribers subscribers;

    @Autowired
    Articles articles;

    @Autowired
    DeliveryPause pause;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    Browser admin;

    @BeforeEach
    void setUp() {
        admin = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
    }

    @AfterEach
    void resume() {
        pause.resume();
    }

    @Test
    void aDryRunThenASendWatchedLivePausedAndResumed() {
        reader("paused.reader@example.com", "#Aviation");
        publish("Airbus orders A320 software fix", "#Aviation");

        Browser.Page desk = admin.get("/admin/digests");
        assertThat(desk.status()).isEqualTo(200);
        assertThat(desk.body()).contains("<h1>Send digests now</h1>",
                "1 active reader; 1 story published in the last day.", "Send daily digests now",
                "<a href=\"/admin/digests\" class=\"on\" aria-current=\"page\">Send digests</a>");

        Browser.Page paused = admin.post("/admin/digests/pause", "_csrf", desk.csrf());
        assertThat(paused.status()).isEqualTo(302);
        assertThat(admin.follow(paused).body()).contains("<div class=\"notice warn\" id=\"paused-notice\">",
                "Sending is paused", "Resume sending", "id=\"pause-form\" hidden");

        Browser.Page sent = admin.post("/admin/digests/run", "_csrf", desk.csrf(), "frequency", "DAILY");
        assertThat(sent.status()).as("redirected to the run's page").isEqualTo(302);
        String run = sent.header("Location").replaceAll(".*[?&]run=", "");
        Browser.Page watching = admin.follow(sent);
        assertThat(watching.body()).contains("This run", "data-source=\"/admin/digests/runs/" + run + "/progress\"",
                "<dd id=\"run-waiting\">1</dd>", "Cancel the waiting digests");
        assertThat(admin.get("/admin").body()).as("the dashboard's mail going out says why it waits")
                .contains("<p class=\"notice warn\" id=\"paused-notice\">Sending is paused", "Resume it on Send digests");

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> progress(run).path("sent").asLong() == 0);
        JsonNode live = progress(run);
        assertThat(live.path("waiting").asLong()).as("held while paused").isEqualTo(1);
        assertThat(live.path("paused").path("by").asText()).isEqualTo(DispatchTest.ADMIN);
        assertThat(adminProgress().path("paused").path("by").asText()).as("the dashboard's reading")
                .isEqualTo(DispatchTest.ADMIN);
        assertThat(live.path("nextReadingMillis").asLong()).as("a cheap reading is repeated every 2 s").isEqualTo(2000);

        assertThat(admin.post("/admin/digests/resume", "_csrf", desk.csrf(), "run", run).header("Location"))
                .endsWith("/admin/digests?run=" + run);
        await().atMost(Duration.ofSeconds(10)).until(() -> progress(run).path("sent").asLong() == 1);
        assertThat(progress(run).path("waiting").asLong()).isZero();
        assertThat(progress(run).path("paused").isNull()).isTrue();
        assertThat(adminProgress().path("paused").isNull()).isTrue();
        assertThat(admin.get("/admin").body()).contains("id=\"paused-notice\" hidden");
    }

    @Test
    void cancellingARunDropsWhatItHasWaiting() {
        reader("cancelled.reader@example.com", "#Rail");
        publish("Night trains return", "#Rail");
        Browser.Page desk = admin.get("/admin/digests");
        admin.post("/admin/digests/pause", "_csrf", desk.csrf());
        String run = admin.post("/admin/digests/run", "_csrf", desk.csrf(), "frequency", "DAILY")
                .header("Location").replaceAll(".*[?&]run=", "");

        Browser.Page cancelled = admin.post("/admin/digests/runs/" + run + "/cancel", "_csrf", desk.csrf());

        assertThat(cancelled.status()).isEqualTo(302);
        JsonNode live = progress(run);
        assertThat(live.path("waiting").asLong()).isZero();
        assertThat(live.path("failed").asLong()).isEqualTo(1);
        assertThat(jdbc.sql("select last_error from delivery where kind = 'DIGEST'").query(String.class).single())
                .isEqualTo("not sent: the run was cancelled by " + DispatchTest.ADMIN);
        assertThat(admin.follow(cancelled).body()).contains("<dd id=\"run-failed\">1</dd>")
                .doesNotContain("Cancel the waiting digests");
    }

    private JsonNode progress(String run) {
        Browser.Page answer = admin.get("/admin/digests/runs/" + run + "/progress");
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        return JSON.readTree(answer.body());
    }

    private JsonNode adminProgress() {
        return JSON.readTree(admin.get("/admin/progress").body());
    }

    /** A daily reader whose hour is half a day away, so the running schedule leaves them to the test. */
    private void reader(String email, String... tags) {
        int farHour = (clock.instant().atZone(ZoneOffset.UTC).getHour() + 12) % 24;
        subscribers.add(EmailAddress.of(email), new Preferences(Arrays.stream(tags).map(Tag::of).toList(),
                Frequency.DAILY, ZoneOffset.UTC, farHour, true), SubscriberStatus.ACTIVE);
    }

    private void publish(String title, String... tags) {
        articles.publish(new NewArticle(title, null, null, null, null, clock.instant().minusSeconds(60),
                List.of(tags).stream().map(Tag::of).toList()));
    }
}
